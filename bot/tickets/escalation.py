"""Opening a ticket when the bot hands a conversation to a person, and the customer's side
of an open ticket (messages while paused, satisfaction score after close)."""

import logging
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Agent, AgentSession, Conversation, Message, Ticket, TicketEvent
from bot.telegram.outbox import queue_for_topic
from bot.tickets.hours import sla_due, what_happens_next
from bot.tickets.queries import open_ticket_of
from knowledge.hotlines import load_routing

log = logging.getLogger(__name__)
PRIORITY_RANK = {"low": 0, "normal": 1, "high": 2, "urgent": 3}
REASONS = {
    "asked": ("用户要求转人工", "the customer asked for a person"),
    "low_confidence": ("连续两次未能理解", "the bot did not understand twice in a row"),
    "unhelpful": ("用户表示回答没有帮助", "the customer said the answer did not help"),
    "crisis": ("危机信号，需立即跟进", "crisis signal: follow up at once"),
}


def _summary(conversation: Conversation, reason: str, route: dict | None) -> tuple[str, str]:
    """A subject and a short account of what the bot understood, for the agent."""
    recent = session_messages(conversation)[-12:]
    questions = [m.text for m in recent if m.role == "customer" and not m.text.startswith("/")]
    subject = (questions[-1] if questions else REASONS[reason][1])[:120]
    understood = []
    for m in recent:
        if m.role == "bot" and m.route and m.route.get("intent"):
            r = m.route
            understood.append(f"{r.get('intent')} → {r.get('hotline') or '-'} "
                              f"({r.get('kind')}, {float(r.get('confidence') or 0):.2f})")
    lines = [f"Reason: {REASONS[reason][1]}."]
    if understood:
        lines.append("Bot understood: " + "; ".join(understood[-3:]) + ".")
    if route and route.get("article"):
        lines.append(f"Last article shown: {route['article']}.")
    if questions:
        lines.append("Customer's last questions: " + " | ".join(q[:200] for q in questions[-3:]))
    return subject, "\n".join(lines)


def session_messages(conversation: Conversation) -> list[Message]:
    return list(conversation.messages)


def online_agents(session: Session, hotline: str) -> list[Agent]:
    now = datetime.now(timezone.utc)
    agents = session.scalars(select(Agent).join(AgentSession)
                             .where(AgentSession.expires_at > now, Agent.active.is_(True))).unique()
    return [a for a in agents if hotline in a.hotlines]


def open_ticket(session: Session, conversation: Conversation, *, hotline: str, reason: str,
                priority: str = "normal", route: dict | None = None) -> tuple[Ticket, bool]:
    """Open a ticket, or return the conversation's open one (raising its priority if needed).
    Returns (ticket, created)."""
    existing = open_ticket_of(session, conversation)
    if existing is not None:
        if PRIORITY_RANK[priority] > PRIORITY_RANK[existing.priority]:
            session.add(TicketEvent(ticket=existing, kind="priority",
                                    data={"from": existing.priority, "to": priority}))
            existing.priority = priority
            existing.sla_due_at = sla_due(priority, datetime.now(timezone.utc))
        return existing, False
    now = datetime.now(timezone.utc)
    subject, summary = _summary(conversation, reason, route)
    ticket = Ticket(conversation=conversation, hotline=hotline, priority=priority, status="new",
                    reason=reason, subject=subject, summary=summary, created_at=now,
                    sla_due_at=sla_due(priority, now))
    session.add(ticket)
    session.flush()
    session.add(TicketEvent(ticket=ticket, kind="created",
                            data={"reason": reason, "priority": priority, "hotline": hotline}))
    if priority == "urgent":
        notified = [a.username for a in online_agents(session, hotline)]
        session.add(TicketEvent(ticket=ticket, kind="notified", data={"agents": notified}))
        log.warning("URGENT ticket %s (%s): notified %d online agents", ticket.number, hotline,
                    len(notified))
    return ticket, True


def handoff_reply(ticket: Ticket, lang: str) -> str:
    name = load_routing().hotlines[ticket.hotline].name(lang)
    nxt = what_happens_next(ticket.priority, ticket.created_at, lang)
    if lang == "zh":
        return (f"已为您转接人工，工单号 {ticket.number}（{name}）。{nxt}"
                "在此期间您发送的消息都会直接转给工作人员。")
    return (f"We have passed you to a person: ticket {ticket.number} ({name}). {nxt} "
            "Anything you write here meanwhile goes straight to them.")


def customer_wrote(session: Session, ticket: Ticket, message: Message) -> None:
    """A message while a person has the conversation: it joins the transcript, not Rasa."""
    session.add(TicketEvent(ticket=ticket, kind="customer", data={"message_id": message.id}))
    queue_for_topic(session, ticket, f"客户 / customer: {message.text}")
    if ticket.status == "waiting_customer":
        ticket.status = "assigned"


CSAT_QUESTION = {
    "zh": "您的问题已处理完毕（工单 {number}）。请为本次服务打分：1 分最不满意，5 分最满意。",
    "en": "Your ticket {number} is closed. How satisfied are you with the help? "
          "1 = not at all, 5 = very.",
}
CSAT_THANKS = {"zh": "谢谢您的评价！如有新的问题，直接输入即可。",
               "en": "Thank you for your rating! Type a new question at any time."}


def csat_buttons() -> list[dict[str, str]]:
    return [{"title": str(n), "payload": f'/csat{{"score":{n}}}'} for n in range(1, 6)]


def record_csat(session: Session, ticket: Ticket, score: int, comment: str | None = None) -> None:
    ticket.csat_score = score
    ticket.csat_comment = comment
    session.add(TicketEvent(ticket=ticket, kind="csat", data={"score": score}))
