"""Queueing messages for Telegram in the same transaction as what caused them."""

from sqlalchemy.orm import Session

from bot.db.models import Contact, Message, OutboxItem, Ticket
from bot.settings import get_settings


def queue_for_contact(session: Session, contact: Contact, message: Message,
                      bulk: bool = False) -> None:
    """A bot, agent or system turn in a Telegram conversation: deliver it to the customer.
    `bulk`: part of a broadcast, sent after conversation replies."""
    if contact.unreachable_at is not None:
        return
    session.add(OutboxItem(chat_id=int(contact.external_id), contact_id=contact.id,
                           message_id=message.id, text=message.text, buttons=message.buttons,
                           bulk=bulk))


def queue_for_topic(session: Session, ticket: Ticket, text: str) -> None:
    """Post into the ticket's forum topic in the agents' group, if it has one."""
    chat = get_settings().telegram_agents_chat_id
    if chat is None or ticket.telegram_topic_id is None:
        return
    session.add(OutboxItem(chat_id=chat, thread_id=ticket.telegram_topic_id, ticket_id=ticket.id,
                           text=text))
