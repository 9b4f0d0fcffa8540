"""Low-confidence input: ask which hotline, with buttons, instead of guessing."""

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.context import hotline_buttons, human_button, report_route, turn_lang
from knowledge.hotlines import load_routing

CLARIFY = {
    "zh": "我不太确定您的问题属于哪条热线。请选择最接近的一项，我会据此回答：",
    "en": "I am not sure which hotline your question belongs to. Pick the closest one and I "
          "will answer from there:",
}


def likely_hotlines(ranking: list[dict], limit: int = 3) -> list[str]:
    routing = load_routing()
    found: list[str] = []
    for entry in ranking:
        hotline = routing.hotline_of(entry.get("name"))
        if hotline and hotline not in found:
            found.append(hotline)
    return found[:limit] or list(routing.hotlines)[:limit]


class ActionClarify(Action):
    def name(self) -> str:
        return "action_clarify"

    def run(self, dispatcher, tracker, domain):
        lang = turn_lang(tracker)
        candidates = likely_hotlines(tracker.latest_message.get("intent_ranking") or [])
        dispatcher.utter_message(text=CLARIFY[lang],
                                 buttons=[*hotline_buttons(lang, candidates), human_button(lang)])
        report_route(dispatcher, tracker, kind="clarify", hotline=None, candidates=candidates)
        return [SlotSet("pending_question", tracker.latest_message.get("text"))]
