"""Subscribing and unsubscribing a contact, found by the sender id Rasa knows them by."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Contact, Conversation, Subscription
from bot.reminders.deadlines import MONTHLY, kinds


def contact_of_sender(session: Session, rasa_sender_id: str) -> Contact | None:
    conversation = session.scalar(select(Conversation).where(
        Conversation.rasa_sender_id == rasa_sender_id))
    return conversation.contact if conversation else None


def subscribe(session: Session, contact: Contact, kind: str | None = None,
              lead: int | None = None) -> Subscription:
    sub = session.scalar(select(Subscription).where(Subscription.contact_id == contact.id))
    if sub is None:
        sub = Subscription(contact=contact, kinds=[MONTHLY], leads=[3, 1])
        session.add(sub)
    sub.active, sub.paused_at = True, None
    if kind in kinds() and kind not in sub.kinds:
        sub.kinds = [*sub.kinds, kind]
    if lead is not None and 0 <= lead <= 30 and lead not in sub.leads:
        sub.leads = sorted([*sub.leads, lead], reverse=True)
    session.flush()
    return sub


def unsubscribe(session: Session, contact: Contact) -> bool:
    sub = session.scalar(select(Subscription).where(Subscription.contact_id == contact.id))
    if sub is None or not sub.active:
        return False
    sub.active = False
    return True
