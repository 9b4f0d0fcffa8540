"""What the Telegram handlers need from the rest of the app, run off the event loop."""

from sqlalchemy import delete, select

from bot.conversation.pipeline import ChatResult, handle_message
from bot.conversation.store import add_message, get_or_create_conversation
from bot.db.models import Contact, Message, OutboxItem
from bot.db.session import session_scope
from bot.tickets.queries import open_ticket_of, tickets_of_contact
from bot.tickets.views import ticket_for_customer
from bot.telegram.outbox import queue_for_topic

CHANNEL = "telegram"


def ask(chat_id: int, text: str, key: str) -> ChatResult | None:
    return handle_message(CHANNEL, str(chat_id), text, message_key=key)


def contact_lang(chat_id: int, fallback: str | None) -> str:
    with session_scope() as session:
        contact = session.scalar(select(Contact).where(
            Contact.channel == CHANNEL, Contact.external_id == str(chat_id)))
        lang = contact and (contact.preferred_lang or contact.lang)
    return lang or ("en" if fallback and not fallback.startswith("zh") else "zh")


def say(chat_id: int, customer_text: str, key: str | None, reply: str,
        buttons: list[dict] | None = None) -> bool:
    """Store a command and the gateway's answer to it (queued for delivery). False if the
    update was seen before."""
    with session_scope() as session:
        if key and session.scalar(select(Message.id).where(Message.external_id == key)):
            return False
        conversation = get_or_create_conversation(session, CHANNEL, str(chat_id))
        incoming = add_message(session, conversation, "customer", customer_text)
        incoming.external_id = key
        add_message(session, conversation, "bot", reply, buttons=buttons)
    return True


def set_language(chat_id: int, lang: str) -> None:
    with session_scope() as session:
        conversation = get_or_create_conversation(session, CHANNEL, str(chat_id))
        conversation.contact.preferred_lang = conversation.contact.lang = lang


def button_payload(chat_id: int, message_id: int, index: int) -> tuple[str, str] | None:
    """The (payload, title) of a button we sent to this chat, or None if it is not ours."""
    with session_scope() as session:
        message = session.get(Message, message_id)
        if (message is None or not message.buttons or index >= len(message.buttons)
                or message.conversation.contact.channel != CHANNEL
                or message.conversation.contact.external_id != str(chat_id)):
            return None
        button = message.buttons[index]
        return button["payload"], button["title"]


def my_tickets(chat_id: int) -> list[dict]:
    with session_scope() as session:
        contact = session.scalar(select(Contact).where(
            Contact.channel == CHANNEL, Contact.external_id == str(chat_id)))
        return [ticket_for_customer(t) for t in tickets_of_contact(session, contact.id)] \
            if contact else []


def attach_to_open_ticket(chat_id: int, description: str, key: str) -> bool:
    """A photo, file, voice or location: kept on the open ticket, if there is one."""
    with session_scope() as session:
        if session.scalar(select(Message.id).where(Message.external_id == key)):
            return True
        conversation = get_or_create_conversation(session, CHANNEL, str(chat_id))
        ticket = open_ticket_of(session, conversation)
        if ticket is None:
            return False
        message = add_message(session, conversation, "customer", description)
        message.external_id = key
        queue_for_topic(session, ticket, f"客户 / customer: {description}")
        return True


def forget(chat_id: int, farewell: str) -> None:
    """Delete the contact and everything stored about them (conversations, tickets, queue);
    the farewell is queued on its own, tied to nothing that was deleted."""
    with session_scope() as session:
        session.execute(delete(Contact).where(Contact.channel == CHANNEL,
                                              Contact.external_id == str(chat_id)))
        session.add(OutboxItem(chat_id=chat_id, text=farewell))
