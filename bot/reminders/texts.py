"""What reminders say, in the subscriber's language."""

from datetime import date

from bot.reminders.deadlines import Due

WEEKDAY = {"zh": "一二三四五六日", "en": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]}


def _day(d: date, lang: str) -> str:
    if lang == "zh":
        return f"{d.month}月{d.day}日（星期{WEEKDAY['zh'][d.weekday()]}）"
    return f"{WEEKDAY['en'][d.weekday()]} {d.day} {d:%B %Y}"


def _status(due: Due, lang: str) -> str:
    if due.status == "projected":
        return "（按规则推算，官方日历尚未公布）" if lang == "zh" else \
            " (projected from the rule; the official calendar is not out yet)"
    if due.status == "postponed":
        return "（已延期）" if lang == "zh" else " (postponed)"
    return ""


def reminder(due: Due, days_left: int, lang: str) -> str:
    if lang == "zh":
        left = "今天截止" if days_left <= 0 else f"还有 {days_left} 天"
        return (f"【报税提醒】{due.name['zh']}截止日期：{_day(due.due, 'zh')}{_status(due, 'zh')}，"
                f"{left}。\n来源：{due.source}\n回复“取消报税提醒”可退订。")
    left = "due today" if days_left <= 0 else f"{days_left} days left"
    return (f"[Tax reminder] {due.name['en']} is due {_day(due.due, 'en')}{_status(due, 'en')}: "
            f"{left}.\nSource: {due.source}\nReply \"stop tax reminders\" to unsubscribe.")


def change_notice(due: Due, lang: str) -> str:
    if lang == "zh":
        return (f"【报税提醒】{due.due.year}年{due.due.month}月{due.name['zh']}截止日期调整为"
                f"{_day(due.due, 'zh')}。来源：{due.source}。提醒会按新日期发送。")
    return (f"[Tax reminder] The {due.name['en']} deadline of {due.due:%B %Y} is now "
            f"{_day(due.due, 'en')}. Source: {due.source}. Reminders follow the new date.")


def next_deadline(due: Due, lang: str) -> str:
    if lang == "zh":
        return (f"下一个{due.name['zh']}截止日期是 {_day(due.due, 'zh')}{_status(due, 'zh')}。"
                f"\n来源：{due.source}")
    return (f"The next {due.name['en']} deadline is {_day(due.due, 'en')}{_status(due, 'en')}."
            f"\nSource: {due.source}")
