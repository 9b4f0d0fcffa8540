"""Finding tickets."""

from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Conversation, Ticket

OPEN_STATUSES = ("new", "assigned", "waiting_customer")
REOPEN_WINDOW = timedelta(days=7)


def open_ticket_of(session: Session, conversation: Conversation) -> Ticket | None:
    return session.scalar(select(Ticket).where(
        Ticket.conversation_id == conversation.id, Ticket.status.in_(OPEN_STATUSES))
        .order_by(Ticket.id.desc()).limit(1))


def ticket_awaiting_csat(session: Session, conversation: Conversation) -> Ticket | None:
    since = datetime.now(timezone.utc) - REOPEN_WINDOW
    return session.scalar(select(Ticket).where(
        Ticket.conversation_id == conversation.id, Ticket.status == "closed",
        Ticket.csat_score.is_(None), Ticket.closed_at >= since)
        .order_by(Ticket.id.desc()).limit(1))


def tickets_of_contact(session: Session, contact_id: int) -> list[Ticket]:
    return list(session.scalars(select(Ticket).join(Conversation)
                                .where(Conversation.contact_id == contact_id)
                                .order_by(Ticket.id.desc())))
