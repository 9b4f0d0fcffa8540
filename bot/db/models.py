"""Typed SQLAlchemy 2 models. Every change here comes with an Alembic migration."""

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import (JSON, BigInteger, DateTime, ForeignKey, Index, String, Text, UniqueConstraint,
                        false)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: DateTime(timezone=True), dict[str, Any]: JSON}


class Contact(Base):
    """A customer on one channel (web session or Telegram user)."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("channel", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str | None] = mapped_column(String(128))
    lang: Mapped[str | None] = mapped_column(String(2))  # of the last message
    preferred_lang: Mapped[str | None] = mapped_column(String(2))  # chosen with /lang
    enterprise_name: Mapped[str | None] = mapped_column(String(200))
    credit_code: Mapped[str | None] = mapped_column(String(18))
    # Set when the channel refused delivery for good (a Telegram user blocked the bot).
    unreachable_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversations: Mapped[list["Conversation"]] = relationship(back_populates="contact")


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    # The sender id Rasa knows this conversation by (channel-prefixed).
    rasa_sender_id: Mapped[str] = mapped_column(String(160), unique=True)
    hotline: Mapped[str | None] = mapped_column(String(16))
    # Set when a crisis was detected: the conversation needs a person at once.
    urgent_since: Mapped[datetime | None]
    # Rasa was told ConversationPaused (a person has it) and not yet ConversationResumed.
    rasa_paused: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    contact: Mapped[Contact] = relationship(back_populates="conversations")
    messages: Mapped[list["Message"]] = relationship(
        back_populates="conversation", order_by="Message.id"
    )


class Message(Base):
    """One turn: customer, bot, agent or system. Customer turns carry a processing status."""

    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation_id_id", "conversation_id", "id"),
                      UniqueConstraint("external_id", name="uq_messages_external_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE")
    )
    role: Mapped[str] = mapped_column(String(8))  # customer, bot, agent, system
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    route: Mapped[dict[str, Any] | None]
    # customer turns: received -> processed; pending (retrying) while Rasa is unreachable
    status: Mapped[str] = mapped_column(String(10), default="processed")
    # The channel's own id for an incoming message (e.g. a Telegram update): each is stored once.
    external_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When a retry took an unanswered message; a retry that died leaves it to be taken again.
    claimed_at: Mapped[datetime | None]

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class Agent(Base):
    """A person of the centre who answers escalated conversations."""

    __tablename__ = "agents"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    hotlines: Mapped[list[str]] = mapped_column(JSON, default=list)
    role: Mapped[str] = mapped_column(String(16), default="agent")  # agent, supervisor, admin
    password_hash: Mapped[str | None] = mapped_column(String(200))
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def serves(self, hotline: str) -> bool:
        return self.role in ("supervisor", "admin") or hotline in self.hotlines


class ApiToken(Base):
    """An agent's API token; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    agent: Mapped[Agent] = relationship()


class AgentSession(Base):
    """A console login; the cookie holds the id, the table its hash, expiry and CSRF token."""

    __tablename__ = "agent_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agents.id", ondelete="CASCADE"))
    session_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    agent: Mapped[Agent] = relationship()


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_status_hotline", "status", "hotline"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    hotline: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str] = mapped_column(String(8), default="normal")  # low normal high urgent
    status: Mapped[str] = mapped_column(String(20), default="new")
    reason: Mapped[str] = mapped_column(String(20))  # asked, low_confidence, unhelpful, crisis
    subject: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_response_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    sla_due_at: Mapped[datetime]
    resolution: Mapped[str | None] = mapped_column(Text)
    csat_score: Mapped[int | None]
    csat_comment: Mapped[str | None] = mapped_column(Text)
    # The agents' forum topic in Telegram, and the title it was last given.
    telegram_topic_id: Mapped[int | None] = mapped_column(BigInteger)
    telegram_topic_title: Mapped[str | None] = mapped_column(String(128))

    conversation: Mapped[Conversation] = relationship()
    assignee: Mapped[Agent | None] = relationship()
    events: Mapped[list["TicketEvent"]] = relationship(back_populates="ticket",
                                                       order_by="TicketEvent.id")

    @property
    def number(self) -> str:
        return f"HL-{self.created_at.year}-{self.id:06d}"


class TicketEvent(Base):
    """Append-only audit log of everything that happens to a ticket."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agents.id"))
    data: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    ticket: Mapped[Ticket] = relationship(back_populates="events")
    agent: Mapped[Agent | None] = relationship()


class OutboxItem(Base):
    """A message waiting to be sent to a Telegram chat (a customer, or an agents' topic).

    Written in the same transaction as what caused it, sent by the gateway with rate limits
    and retries; `sent` only once Telegram confirmed it.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    thread_id: Mapped[int | None] = mapped_column(BigInteger)  # forum topic
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    buttons: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="queued")  # queued sent failed blocked
    # A broadcast (reminders): sent after every waiting conversation reply, so a customer
    # chatting during a 10,000-subscriber fan-out is not queued behind it.
    bulk: Mapped[bool] = mapped_column(default=False, server_default=false())
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(String(200))
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class Subscription(Base):
    """A contact's tax-deadline reminders: which deadlines, how many days before."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"),
                                            unique=True)
    kinds: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["monthly"])
    leads: Mapped[list[int]] = mapped_column(JSON, default=lambda: [3, 1])
    active: Mapped[bool] = mapped_column(default=True)
    paused_at: Mapped[datetime | None]  # the channel refused delivery (user blocked the bot)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    contact: Mapped[Contact] = relationship()


class ReminderDelivery(Base):
    """One reminder (or change notice) for one subscription. The unique key is written in the
    same transaction as the message it delivers, so nothing is ever sent twice."""

    __tablename__ = "reminder_deliveries"
    __table_args__ = (UniqueConstraint("subscription_id", "deadline_key", "lead_days",
                                       name="uq_reminder_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"))
    deadline_key: Mapped[str] = mapped_column(String(48))  # monthly:2026-12, change:2027-02:...
    lead_days: Mapped[int]
    due_date: Mapped[date]
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(10), default="sent")  # sent, blocked
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class CalendarOverride(Base):
    """A filing deadline recorded by staff: an official calendar or a postponement."""

    __tablename__ = "calendar_overrides"
    __table_args__ = (UniqueConstraint("year", "month", name="uq_calendar_month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int]
    month: Mapped[int]
    due: Mapped[date]
    source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
