"""Staff record an official deadline or a postponement; subscribers hear of the change once."""

from datetime import date

from sqlalchemy import select

from bot.db.models import CalendarOverride
from bot.db.session import session_scope
from bot.reminders.deadlines import MONTHLY, Due
from bot.reminders.dispatch import notify_change
from knowledge import calendar


def set_deadline(year: int, month: int, due: date, source: str) -> tuple[Due, int]:
    """Returns the new deadline and how many subscribers were told."""
    if not 0 <= (due - date(year, month, 1)).days <= 45:
        raise ValueError(f"{due} is not a plausible deadline for {year}-{month:02d}")
    with session_scope() as session:
        row = session.scalar(select(CalendarOverride).where(
            CalendarOverride.year == year, CalendarOverride.month == month))
        before = calendar.deadline(year, month, {(row.year, row.month): (row.due, row.source)}
                                   if row else None).due
        if row is None:
            row = CalendarOverride(year=year, month=month, due=due, source=source)
            session.add(row)
        row.due, row.source = due, source
        session.flush()
        moved = calendar.deadline(year, month, {(year, month): (due, source)})
        info = Due(MONTHLY, moved.key, moved.due, moved.status, moved.source,
                   {"zh": "纳税申报", "en": "monthly tax filing"})
        told = notify_change(session, info) if due != before else 0
    return info, told
