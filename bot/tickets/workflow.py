"""What agents do with a ticket. Every action checks the state and the agent's rights, and
writes an audit event; illegal moves raise TicketError."""

from datetime import datetime, timezone

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.conversation.store import add_message
from bot.db.models import Agent, Ticket, TicketEvent
from bot.telegram.outbox import queue_for_topic
from bot.tickets.errors import TicketError
from bot.tickets.escalation import CSAT_QUESTION, csat_buttons
from bot.tickets.hours import sla_due
from bot.tickets.queries import OPEN_STATUSES, REOPEN_WINDOW
from knowledge.hotlines import HOTLINE_IDS


def _now() -> datetime:
    return datetime.now(timezone.utc)


def require_access(agent: Agent, ticket: Ticket) -> None:
    if not agent.serves(ticket.hotline):
        raise TicketError(403, f"You do not serve the {ticket.hotline} hotline.")


def _require_handler(agent: Agent, ticket: Ticket) -> None:
    """Acting on a claimed ticket is for its assignee (or a supervisor)."""
    require_access(agent, ticket)
    if ticket.status not in OPEN_STATUSES:
        raise TicketError(409, f"Ticket {ticket.number} is {ticket.status}.")
    if ticket.assignee_id not in (None, agent.id) and agent.role == "agent":
        raise TicketError(403, f"Ticket {ticket.number} is assigned to someone else.")


def claim(session: Session, agent: Agent, ticket: Ticket) -> None:
    require_access(agent, ticket)
    # One conditional UPDATE: of two agents claiming at once, exactly one matches the row.
    won = session.execute(
        update(Ticket).where(Ticket.id == ticket.id, Ticket.status == "new",
                             Ticket.assignee_id.is_(None))
        .values(status="assigned", assignee_id=agent.id)
        .execution_options(synchronize_session=False)).rowcount
    if not won:
        session.rollback()
        raise TicketError(409, f"Ticket {ticket.number} was already claimed or is not new.")
    session.add(TicketEvent(ticket_id=ticket.id, kind="assigned", agent_id=agent.id))
    session.flush()
    session.refresh(ticket)


def reply(session: Session, agent: Agent, ticket: Ticket, text: str,
          echo_to_topic: bool = True) -> None:
    _require_handler(agent, ticket)
    if ticket.status == "new":
        claim(session, agent, ticket)
    add_message(session, ticket.conversation, "agent", text,
                route={"hotline": ticket.hotline, "kind": "agent", "ticket": ticket.number,
                       "agent": agent.display_name})
    if echo_to_topic:  # replies from the console show in the agents' Telegram topic too
        queue_for_topic(session, ticket, f"{agent.display_name}: {text}")
    if ticket.first_response_at is None:
        ticket.first_response_at = _now()
    ticket.status = "waiting_customer"
    session.add(TicketEvent(ticket=ticket, kind="replied", agent_id=agent.id,
                            data={"chars": len(text)}))


def note(session: Session, agent: Agent, ticket: Ticket, text: str) -> None:
    require_access(agent, ticket)
    session.add(TicketEvent(ticket=ticket, kind="note", agent_id=agent.id, data={"text": text}))


def transfer(session: Session, agent: Agent, ticket: Ticket, hotline: str) -> None:
    _require_handler(agent, ticket)
    if hotline not in HOTLINE_IDS:
        raise TicketError(422, f"Unknown hotline {hotline!r}.")
    if hotline == ticket.hotline:
        raise TicketError(409, f"Ticket {ticket.number} is already on {hotline}.")
    session.add(TicketEvent(ticket=ticket, kind="transferred", agent_id=agent.id,
                            data={"from": ticket.hotline, "to": hotline}))
    ticket.hotline, ticket.assignee_id, ticket.status = hotline, None, "new"


def close(session: Session, agent: Agent, ticket: Ticket, resolution: str) -> str:
    """Resolve and close; returns the customer's satisfaction question (also stored)."""
    _require_handler(agent, ticket)
    if ticket.status == "new":
        raise TicketError(409, f"Ticket {ticket.number} must be claimed before it is closed.")
    now = _now()
    ticket.status, ticket.resolution = "closed", resolution
    ticket.resolved_at = ticket.resolved_at or now
    ticket.closed_at = now
    session.add(TicketEvent(ticket=ticket, kind="resolved", agent_id=agent.id,
                            data={"resolution": resolution}))
    session.add(TicketEvent(ticket=ticket, kind="closed", agent_id=agent.id))
    lang = ticket.conversation.contact.lang or "zh"
    question = CSAT_QUESTION[lang].format(number=ticket.number)
    add_message(session, ticket.conversation, "bot", question, buttons=csat_buttons(),
                route={"hotline": ticket.hotline, "kind": "smalltalk", "ticket": ticket.number})
    return question


def reopen(session: Session, agent: Agent, ticket: Ticket) -> None:
    require_access(agent, ticket)
    if ticket.status not in ("resolved", "closed"):
        raise TicketError(409, f"Ticket {ticket.number} is {ticket.status}, not closed.")
    if ticket.closed_at and _now() - ticket.closed_at > REOPEN_WINDOW:
        raise TicketError(409, f"Ticket {ticket.number} was closed more than 7 days ago.")
    ticket.status, ticket.assignee_id = "assigned", agent.id
    ticket.closed_at = ticket.resolved_at = None
    ticket.sla_due_at = sla_due(ticket.priority, _now())
    session.add(TicketEvent(ticket=ticket, kind="reopened", agent_id=agent.id))
