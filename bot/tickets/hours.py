"""Office hours and SLA: when a person can answer, and by when they must."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar

TZ = ZoneInfo("Asia/Shanghai")
OPEN, CLOSE = time(9, 0), time(17, 30)
SLA = {"urgent": timedelta(minutes=15), "high": timedelta(hours=1),
       "normal": timedelta(hours=4), "low": timedelta(hours=24)}
WAIT_TEXT = {
    "zh": {"urgent": "15分钟内", "high": "1小时内", "normal": "4小时内", "low": "1个工作日内"},
    "en": {"urgent": "within 15 minutes", "high": "within an hour",
           "normal": "within 4 hours", "low": "within one working day"},
}


def is_workday(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package does not know yet
        return day.weekday() < 5


def in_office_hours(moment: datetime) -> bool:
    local = moment.astimezone(TZ)
    return is_workday(local.date()) and OPEN <= local.time() < CLOSE


def next_opening(moment: datetime) -> datetime:
    local = moment.astimezone(TZ)
    day = local.date()
    if local.time() >= OPEN:
        day += timedelta(days=1)
    while not is_workday(day):
        day += timedelta(days=1)
    return datetime.combine(day, OPEN, TZ)


def sla_due(priority: str, created: datetime) -> datetime:
    """Urgent tickets run on the clock; the others start counting at the next opening."""
    if priority == "urgent" or in_office_hours(created):
        return created + SLA[priority]
    return next_opening(created) + SLA[priority]


def what_happens_next(priority: str, created: datetime, lang: str) -> str:
    if priority == "urgent" or in_office_hours(created):
        wait = WAIT_TEXT[lang][priority]
        return (f"工作人员预计{wait}在这里回复您。" if lang == "zh"
                else f"A member of staff will reply here {wait}.")
    opening = next_opening(created)
    if lang == "zh":
        return (f"现在是非工作时间（工作日 9:00–17:30），我们会在 {opening.month}月{opening.day}日 "
                f"9:00 上班后尽快回复您。")
    return (f"We are outside office hours (working days 9:00–17:30, Beijing time); we will reply "
            f"after we open at 9:00 on {opening:%d %b}.")
