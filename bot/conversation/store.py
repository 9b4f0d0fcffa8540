"""Reading and writing conversations and their messages."""

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Contact, Conversation, Message
from bot.telegram.outbox import queue_for_contact


def get_or_create_conversation(session: Session, channel: str, external_id: str) -> Conversation:
    contact = session.scalar(select(Contact).where(
        Contact.channel == channel, Contact.external_id == external_id))
    if contact is None:
        contact = Contact(channel=channel, external_id=external_id)
        session.add(contact)
        session.flush()
    conversation = session.scalar(select(Conversation).where(
        Conversation.contact_id == contact.id).order_by(Conversation.id.desc()).limit(1))
    if conversation is None:
        conversation = Conversation(contact=contact, rasa_sender_id=f"{channel}:{external_id}")
        session.add(conversation)
        session.flush()
    return conversation


def find_conversation(session: Session, channel: str, external_id: str) -> Conversation | None:
    return session.scalar(
        select(Conversation).join(Contact)
        .where(Contact.channel == channel, Contact.external_id == external_id)
        .order_by(Conversation.id.desc()).limit(1))


def add_message(session: Session, conversation: Conversation, role: str, text: str, *,
                buttons: list[dict[str, Any]] | None = None,
                route: dict[str, Any] | None = None, status: str = "processed") -> Message:
    message = Message(conversation=conversation, role=role, text=text, buttons=buttons or None,
                      route=route, status=status)
    session.add(message)
    session.flush()
    if role != "customer" and conversation.contact.channel == "telegram":
        queue_for_contact(session, conversation.contact, message)
    return message


def mark_urgent(conversation: Conversation) -> None:
    if conversation.urgent_since is None:
        conversation.urgent_since = datetime.now(timezone.utc)


def message_view(message: Message) -> dict[str, Any]:
    return {"id": message.id, "role": message.role, "text": message.text,
            "buttons": message.buttons or [], "route": message.route,
            "created_at": message.created_at.isoformat()}
