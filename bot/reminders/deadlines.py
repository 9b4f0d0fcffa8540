"""The deadlines a subscription can follow: monthly filing and the yearly ones."""

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import CalendarOverride
from knowledge import calendar
from knowledge.calendar import CALENDAR_DIR

MONTHLY = "monthly"


@dataclass(frozen=True)
class Due:
    kind: str
    key: str
    due: date
    status: str  # official, projected, postponed
    source: str
    name: dict[str, str]


@lru_cache
def annual_deadlines() -> list[dict]:
    return yaml.safe_load((CALENDAR_DIR / "annual.yml").read_text("utf-8"))


def kinds() -> list[str]:
    return [MONTHLY] + [a["id"] for a in annual_deadlines()]


def overrides(session: Session) -> dict[tuple[int, int], tuple[date, str]]:
    return {(o.year, o.month): (o.due, o.source) for o in session.scalars(select(CalendarOverride))}


def upcoming(session: Session, today: date, horizon_days: int = 40) -> list[Due]:
    """Deadlines from today to the horizon, of every kind."""
    monthly_name = {"zh": "纳税申报", "en": "monthly tax filing"}
    out = [Due(MONTHLY, d.key, d.due, d.status, d.source, monthly_name)
           for d in calendar.upcoming(today, months=2, overrides=overrides(session))
           if (d.due - today).days <= horizon_days]
    for item in annual_deadlines():
        for year in (today.year, today.year + 1):
            month, day = map(int, item["due"].split("-"))
            due = date(year, month, day)
            if 0 <= (due - today).days <= horizon_days:
                out.append(Due(item["id"], f"{item['id']}:{year}", due, "official", item["source"],
                               item["name"]))
    return sorted(out, key=lambda d: d.due)
