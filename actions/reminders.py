"""Tax-deadline reminders in conversation: subscribe, unsubscribe, and the next deadline."""

from datetime import datetime

from rasa_sdk import Action

from actions.context import report_route, turn_lang
from bot.db.session import session_scope
from bot.reminders import texts
from bot.reminders.deadlines import annual_deadlines, upcoming
from bot.reminders.subscriptions import contact_of_sender, subscribe, unsubscribe
from bot.tickets.hours import TZ

def next_deadline_message(lang: str) -> tuple[str, list[dict]]:
    """The coming monthly filing deadline with its source, and a button to be reminded."""
    today = datetime.now(TZ).date()
    with session_scope() as session:
        monthly = next(d for d in upcoming(session, today, horizon_days=62) if d.kind == "monthly")
    button = {"title": "订阅报税提醒" if lang == "zh" else "Remind me",
              "payload": "/subscribe_reminders"}
    return texts.next_deadline(monthly, lang), [button]


SUBSCRIBED = {
    "zh": "已为您订阅报税提醒：{kinds}，在截止日前 {leads} 天上午9点提醒您。可以再添加：",
    "en": "You are subscribed to tax reminders: {kinds}, at 9:00 {leads} days before each "
          "deadline. You can also add:",
}
UNSUBSCRIBED = {"zh": "已取消报税提醒。需要时发送“订阅报税提醒”即可重新开启。",
                "en": "Tax reminders are off. Say \"subscribe to tax reminders\" to turn them on again."}
NOT_SUBSCRIBED = {"zh": "您目前没有订阅报税提醒。", "en": "You have no tax reminders to stop."}
NO_CONTACT = {"zh": "请先发送一条消息再订阅。", "en": "Please send a message first, then subscribe."}
MONTHLY_NAME = {"zh": "每月纳税申报", "en": "monthly tax filing"}


def _kind_names(kinds: list[str], lang: str) -> str:
    names = {a["id"]: a["name"][lang] for a in annual_deadlines()}
    return ("、" if lang == "zh" else ", ").join(
        MONTHLY_NAME[lang] if k == "monthly" else names.get(k, k) for k in kinds)


class ActionSubscribeReminders(Action):
    def name(self) -> str:
        return "action_subscribe_reminders"

    def run(self, dispatcher, tracker, domain):
        lang = turn_lang(tracker)
        kind = next(tracker.get_latest_entity_values("reminder_kind"), None)
        lead = next(tracker.get_latest_entity_values("lead"), None)
        with session_scope() as session:
            contact = contact_of_sender(session, tracker.sender_id)
            if contact is None:
                dispatcher.utter_message(text=NO_CONTACT[lang])
                report_route(dispatcher, tracker, kind="smalltalk", hotline="tax_business")
                return []
            sub = subscribe(session, contact, kind, int(lead) if str(lead).isdigit() else None)
            kinds, leads = list(sub.kinds), list(sub.leads)
        buttons = [{"title": ("+ " + a["name"][lang]),
                    "payload": f'/subscribe_reminders{{"reminder_kind":"{a["id"]}"}}'}
                   for a in annual_deadlines() if a["id"] not in kinds]
        if 7 not in leads:
            buttons.append({"title": "+ 提前7天" if lang == "zh" else "+ 7 days before",
                            "payload": '/subscribe_reminders{"lead":"7"}'})
        joiner = "、" if lang == "zh" else ", "
        dispatcher.utter_message(text=SUBSCRIBED[lang].format(
            kinds=_kind_names(kinds, lang), leads=joiner.join(str(x) for x in leads)),
            buttons=buttons)
        report_route(dispatcher, tracker, kind="smalltalk", hotline="tax_business")
        return []


class ActionUnsubscribeReminders(Action):
    def name(self) -> str:
        return "action_unsubscribe_reminders"

    def run(self, dispatcher, tracker, domain):
        lang = turn_lang(tracker)
        with session_scope() as session:
            contact = contact_of_sender(session, tracker.sender_id)
            stopped = contact is not None and unsubscribe(session, contact)
        dispatcher.utter_message(text=(UNSUBSCRIBED if stopped else NOT_SUBSCRIBED)[lang])
        report_route(dispatcher, tracker, kind="smalltalk", hotline="tax_business")
        return []
