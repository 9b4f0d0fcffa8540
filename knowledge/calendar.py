"""The monthly filing deadlines (征期): published calendars, projections, postponements.

Published years live in tax_calendar/<year>.yml. Other years are projected from the rule
(实施细则 art. 109): the 15th; if 3 or more consecutive statutory holiday days fall inside
1st–15th, the deadline moves on by that many working days (this reproduces every month of
the published 2026 calendar); a deadline on a rest day moves to the next working day.
Staff record official dates and postponements with `hotline calendar set`, stored as overrides.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
import yaml

from knowledge import KNOWLEDGE_DIR

CALENDAR_DIR = KNOWLEDGE_DIR / "tax_calendar"
RULE_SOURCE = "税收征收管理法实施细则 第一百零九条 (projected from the rule)"


@dataclass(frozen=True)
class Deadline:
    year: int
    month: int
    due: date
    status: str  # official, projected, postponed
    source: str

    @property
    def key(self) -> str:
        return f"monthly:{self.year}-{self.month:02d}"


def _known(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
        return True
    except NotImplementedError:
        return False


def is_workday(day: date) -> bool:
    if _known(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5  # holidays not yet published: weekends only


def _statutory_holiday(day: date) -> bool:
    return chinese_calendar.is_holiday(day) and bool(chinese_calendar.get_holiday_detail(day)[1])


def _holiday_days_in_period(year: int, month: int) -> int:
    """Days of statutory-holiday runs of 3 or more days inside the 1st–15th."""
    if not _known(year):
        return 0
    total = run = 0
    for on in [_statutory_holiday(date(year, month, d)) for d in range(1, 16)] + [False]:
        if on:
            run += 1
        else:
            total += run if run >= 3 else 0
            run = 0
    return total


def project(year: int, month: int) -> date:
    due = date(year, month, 15)
    extra = _holiday_days_in_period(year, month)
    while extra:
        due += timedelta(days=1)
        extra -= is_workday(due)
    while not is_workday(due):
        due += timedelta(days=1)
    return due


@lru_cache
def published(year: int) -> dict | None:
    path = CALENDAR_DIR / f"{year}.yml"
    return yaml.safe_load(path.read_text("utf-8")) if path.exists() else None


def deadline(year: int, month: int, overrides: dict[tuple[int, int], tuple[date, str]] | None = None
             ) -> Deadline:
    """The deadline of a month; an override recorded by staff wins over the files."""
    if overrides and (year, month) in overrides:
        due, source = overrides[(year, month)]
        return Deadline(year, month, due, "postponed" if _was_set(year, month, due) else "official",
                        source)
    data = published(year)
    if data:
        moved = (data.get("postponed") or {}).get(month)
        if moved:
            return Deadline(year, month, moved["due"], "postponed", moved["source"])
        return Deadline(year, month, data["monthly"][month], "official", data["source"])
    return Deadline(year, month, project(year, month), "projected", RULE_SOURCE)


def _was_set(year: int, month: int, due: date) -> bool:
    """An override later than the published or projected date is a postponement."""
    data = published(year)
    base = data["monthly"][month] if data else project(year, month)
    return due > base


def upcoming(today: date, months: int = 3, overrides=None) -> list[Deadline]:
    """This month's deadline (if not yet passed) and the next ones."""
    out, year, month = [], today.year, today.month
    while len(out) < months:
        d = deadline(year, month, overrides)
        if d.due >= today:
            out.append(d)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
