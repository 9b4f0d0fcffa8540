"""Sending what is due, exactly once.

For each active subscription and each deadline it follows, the reminder for the latest
lead time whose 09:00 (Beijing) has passed is due, until the end of the deadline day; after
it, nothing. Each is written as a ReminderDelivery row with a unique key in the same
transaction as the message itself (a web turn, or a Telegram outbox item), so a retry, a
restart or a second dispatcher racing this one cannot send it twice. Batches of 500 are
written in a few statements each, not row by row (10,000 subscribers: see docs/benchmarks.md).
"""

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, joinedload

from bot.conversation.store import add_bot_messages, latest_conversations
from bot.db.models import ReminderDelivery, Subscription, utcnow
from bot.db.session import session_scope
from bot.reminders import texts
from bot.reminders.deadlines import Due, upcoming
from bot.tickets.hours import TZ

log = logging.getLogger(__name__)
SEND_AT = time(9, 0)
BATCH = 500
ROUTE = {"hotline": "tax_business", "intent": "reminder", "confidence": 1.0, "kind": "smalltalk"}


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


@dataclass
class Reminder:
    """One message due to one subscription."""
    sub: Subscription
    key: str
    lead: int
    due: date
    text: str


def _claim(session: Session, batch: list[Reminder]) -> set[tuple[int, str, int]]:
    """Write the batch's delivery rows in one statement; the unique key skips any already
    written (by an earlier run, or by a dispatcher racing this one, which waits for the other's
    commit). Returns the keys this transaction now owns."""
    insert = (pg_insert if session.bind.dialect.name == "postgresql" else sqlite_insert)
    rows = [{"subscription_id": r.sub.id, "deadline_key": r.key, "lead_days": r.lead,
             "due_date": r.due, "created_at": utcnow(),
             "status": "blocked" if r.sub.contact.unreachable_at else "sent"} for r in batch]
    stmt = insert(ReminderDelivery).values(rows).on_conflict_do_nothing(
        index_elements=["subscription_id", "deadline_key", "lead_days"]).returning(
        ReminderDelivery.id, ReminderDelivery.subscription_id, ReminderDelivery.deadline_key,
        ReminderDelivery.lead_days)
    return {(sub_id, key, lead): row_id for row_id, sub_id, key, lead in session.execute(stmt)}


def deliver(session: Session, batch: list[Reminder], report: "Report") -> None:
    """Deliver a batch exactly once: delivery rows and messages in the caller's transaction."""
    if not batch:
        return
    owned = _claim(session, batch)
    report.already += len(batch) - len(owned)
    mine = [r for r in batch if (r.sub.id, r.key, r.lead) in owned]
    for r in mine:
        if r.sub.contact.unreachable_at is not None:
            r.sub.paused_at = r.sub.paused_at or r.sub.contact.unreachable_at
            report.blocked += 1
    reachable = [r for r in mine if r.sub.contact.unreachable_at is None]
    conversations = latest_conversations(session, list({r.sub.contact for r in reachable}))
    messages = add_bot_messages(session, [(conversations[r.sub.contact.id], r.text)
                                          for r in reachable], ROUTE, bulk=True)
    links = []
    for r, message in zip(reachable, messages):
        links.append({"id": owned[(r.sub.id, r.key, r.lead)], "message_id": message.id})
        report.sent += 1
        report.by_deadline[r.key] = report.by_deadline.get(r.key, 0) + 1
    if links:
        session.execute(update(ReminderDelivery), links)


def dispatch(now: datetime, progress=None) -> Report:
    """Send everything due at `now`. Safe to run again, or in two processes at once."""
    report = Report()
    today = now.astimezone(TZ).date()
    last_id = 0
    while True:
        with session_scope() as session:
            dues = upcoming(session, today)
            subs = list(session.scalars(select(Subscription).options(
                joinedload(Subscription.contact)).where(
                Subscription.active.is_(True), Subscription.paused_at.is_(None),
                Subscription.id > last_id).order_by(Subscription.id).limit(BATCH)))
            if not subs:
                break
            batch = []
            for sub in subs:
                lang = sub.contact.preferred_lang or sub.contact.lang or "zh"
                for due in dues:
                    if due.kind not in sub.kinds:
                        continue
                    lead = due_lead(due, sub.leads, now)
                    if lead is None:
                        continue
                    days_left = (due.due - now.astimezone(TZ).date()).days
                    batch.append(Reminder(sub, due.key, lead, due.due,
                                          texts.reminder(due, days_left, lang)))
            deliver(session, batch, report)
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
    report = Report()
    key = f"change:{due.key.split(':', 1)[1]}:{due.due.isoformat()}"
    subs = session.scalars(select(Subscription).options(joinedload(Subscription.contact))
                           .where(Subscription.active.is_(True)).order_by(Subscription.id))
    batch = [Reminder(sub, key, 0, due.due, texts.change_notice(
        due, sub.contact.preferred_lang or sub.contact.lang or "zh"))
        for sub in subs if due.kind in sub.kinds]
    for start in range(0, len(batch), BATCH):
        deliver(session, batch[start:start + BATCH], report)
    return report.sent
