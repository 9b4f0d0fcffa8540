"""Sending what is due, exactly once.

For each active subscription and each deadline it follows, the reminder for the latest
lead time whose 09:00 (Beijing) has passed is due, until the end of the deadline day; after
it, nothing. Each is written as a ReminderDelivery row with a unique key in the same
transaction as the message itself (a web turn, or a Telegram outbox item), so a retry, a
restart or a second dispatcher racing this one cannot send it twice.
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.conversation.store import add_message, get_or_create_conversation
from bot.db.models import ReminderDelivery, Subscription
from bot.db.session import session_scope
from bot.reminders import texts
from bot.reminders.deadlines import Due, upcoming
from bot.tickets.hours import TZ

log = logging.getLogger(__name__)
SEND_AT = time(9, 0)
BATCH = 500


@dataclass
class Report:
    sent: int = 0
    already: int = 0
    blocked: int = 0
    failed: int = 0
    by_deadline: dict[str, int] = field(default_factory=dict)


def send_time(due: date, lead: int) -> datetime:
    return datetime.combine(due - timedelta(days=lead), SEND_AT, TZ)


def due_lead(due: Due, leads: list[int], now: datetime) -> int | None:
    """The lead whose reminder is due now (late ones included), or None."""
    if now >= datetime.combine(due.due + timedelta(days=1), time(0, 0), TZ):
        return None  # the deadline has passed: a reminder now would only mislead
    passed = [lead for lead in leads if send_time(due.due, lead) <= now]
    return min(passed) if passed else None


def _deliver(session: Session, sub: Subscription, key: str, lead: int, due: date,
             text: str) -> str:
    """Write the delivery row and the message together; 'sent', 'already' or 'blocked'."""
    contact = sub.contact
    try:
        with session.begin_nested():
            row = ReminderDelivery(subscription_id=sub.id, deadline_key=key, lead_days=lead,
                                   due_date=due, status="sent")
            session.add(row)
            session.flush()  # the unique key decides, before anything is sent
            if contact.unreachable_at is not None:
                row.status = "blocked"
                sub.paused_at = sub.paused_at or contact.unreachable_at
                return "blocked"
            conversation = get_or_create_conversation(session, contact.channel, contact.external_id)
            message = add_message(session, conversation, "bot", text,
                                  route={"hotline": "tax_business", "intent": "reminder",
                                         "confidence": 1.0, "kind": "smalltalk"})
            row.message_id = message.id
            return "sent"
    except IntegrityError:
        return "already"


def dispatch(now: datetime, progress=None) -> Report:
    """Send everything due at `now`. Safe to run again, or in two processes at once."""
    report = Report()
    today = now.astimezone(TZ).date()
    last_id = 0
    while True:
        with session_scope() as session:
            dues = upcoming(session, today)
            subs = list(session.scalars(select(Subscription).where(
                Subscription.active.is_(True), Subscription.paused_at.is_(None),
                Subscription.id > last_id).order_by(Subscription.id).limit(BATCH)))
            if not subs:
                break
            for sub in subs:
                lang = sub.contact.preferred_lang or sub.contact.lang or "zh"
                for due in dues:
                    if due.kind not in sub.kinds:
                        continue
                    lead = due_lead(due, sub.leads, now)
                    if lead is None:
                        continue
                    days_left = (due.due - now.astimezone(TZ).date()).days
                    outcome = _deliver(session, sub, due.key, lead, due.due,
                                       texts.reminder(due, days_left, lang))
                    setattr(report, outcome, getattr(report, outcome) + 1)
                    if outcome == "sent":
                        report.by_deadline[due.key] = report.by_deadline.get(due.key, 0) + 1
            last_id = subs[-1].id
        if progress:
            progress(report)
    log.info("reminders at %s: %d sent, %d already sent, %d blocked", now.isoformat(),
             report.sent, report.already, report.blocked)
    return report


def preview(now: datetime, limit: int = 20) -> list[tuple[datetime, str, int]]:
    """What would be sent next: (when, deadline, how many subscribers)."""
    today = now.astimezone(TZ).date()
    plan: dict[tuple[datetime, str], int] = {}
    with session_scope() as session:
        dues = upcoming(session, today)
        for sub in session.scalars(select(Subscription).where(
                Subscription.active.is_(True), Subscription.paused_at.is_(None))):
            for due in dues:
                if due.kind not in sub.kinds:
                    continue
                for lead in sub.leads:
                    at = send_time(due.due, lead)
                    if at > now:
                        plan[(at, due.key)] = plan.get((at, due.key), 0) + 1
    return [(at, key, n) for (at, key), n in sorted(plan.items())][:limit]


def notify_change(session: Session, due: Due) -> int:
    """One notice per subscriber of a deadline that staff moved."""
    sent = 0
    for sub in session.scalars(select(Subscription).where(Subscription.active.is_(True))):
        if due.kind not in sub.kinds:
            continue
        lang = sub.contact.preferred_lang or sub.contact.lang or "zh"
        key = f"change:{due.key.split(':', 1)[1]}:{due.due.isoformat()}"
        sent += _deliver(session, sub, key, 0, due.due, texts.change_notice(due, lang)) == "sent"
    return sent
