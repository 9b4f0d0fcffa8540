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
        conversation = _new_conversation(session, contact)
        session.flush()
    return conversation


def latest_conversations(session: Session, contacts: list[Contact]) -> dict[int, Conversation]:
    """get_or_create_conversation for many known contacts at once (a broadcast): one query,
    new conversations flushed with the caller's next flush. Keyed by contact id."""
    found = {}
    for conversation in session.scalars(select(Conversation).where(
            Conversation.contact_id.in_([c.id for c in contacts])).order_by(Conversation.id)):
        found[conversation.contact_id] = conversation  # the newest wins
    for contact in contacts:
        if contact.id not in found:
            found[contact.id] = _new_conversation(session, contact)
    return found


def _new_conversation(session: Session, contact: Contact) -> Conversation:
    conversation = Conversation(contact=contact,
                                rasa_sender_id=f"{contact.channel}:{contact.external_id}")
    session.add(conversation)
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
    _deliver_on_telegram(session, message)
    return message


def add_bot_messages(session: Session, turns: list[tuple[Conversation, str]],
                     route: dict[str, Any], *, bulk: bool) -> list[Message]:
    """Many bot turns in one flush (a broadcast), delivered as add_message delivers them;
    `bulk` items go out after conversation replies."""
    messages = [Message(conversation=conversation, role="bot", text=text, route=route,
                        status="processed") for conversation, text in turns]
    session.add_all(messages)
    session.flush()  # one INSERT ... RETURNING for the lot: the ids the outbox points to
    for message in messages:
        _deliver_on_telegram(session, message, bulk)
    return messages


def _deliver_on_telegram(session: Session, message: Message, bulk: bool = False) -> None:
    """What the bot or a person says in a Telegram conversation goes to the customer's chat."""
    if message.role != "customer" and message.conversation.contact.channel == "telegram":
        queue_for_contact(session, message.conversation.contact, message, bulk)


def mark_urgent(conversation: Conversation) -> None:
    if conversation.urgent_since is None:
        conversation.urgent_since = datetime.now(timezone.utc)


def message_view(message: Message) -> dict[str, Any]:
    return {"id": message.id, "role": message.role, "text": message.text,
            "buttons": message.buttons or [], "route": message.route,
            "created_at": message.created_at.isoformat()}
