"""Where each reminder ended up: delivered, still queued for Telegram, failed, or blocked."""

from collections import Counter, defaultdict

from sqlalchemy import select

from bot.db.models import OutboxItem, ReminderDelivery
from bot.db.session import session_scope


def delivery_report(deadline_key: str | None = None) -> dict[str, Counter]:
    query = (select(ReminderDelivery.deadline_key, ReminderDelivery.status, OutboxItem.status)
             .outerjoin(OutboxItem, OutboxItem.message_id == ReminderDelivery.message_id))
    if deadline_key:
        query = query.where(ReminderDelivery.deadline_key == deadline_key)
    report: dict[str, Counter] = defaultdict(Counter)
    with session_scope() as session:
        for key, delivery, outbox in session.execute(query):
            # A web reminder is delivered once written; a Telegram one once Telegram took it.
            report[key][delivery if delivery == "blocked" else (outbox or "sent")] += 1
    return dict(report)
