"""The user wants a person, or said the answer did not help.

The web app opens the ticket when this reports a hotline; without one we first ask which
hotline's staff should take it.
"""

from rasa_sdk import Action

from actions.context import report_route, turn_lang
from knowledge.hotlines import HOTLINE_IDS, load_routing

WHICH = {"zh": "好的，马上为您转人工。请问需要哪条热线的工作人员？",
         "en": "Sure, we will pass you to a person. Which hotline's staff should take it?"}


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    def run(self, dispatcher, tracker, domain):
        lang = turn_lang(tracker)
        hotline = tracker.get_slot("hotline")
        if hotline not in HOTLINE_IDS:
            routing = load_routing()
            dispatcher.utter_message(text=WHICH[lang], buttons=[
                {"title": routing.hotlines[h].name(lang),
                 "payload": f'/request_human{{"hotline":"{h}"}}'} for h in HOTLINE_IDS])
            report_route(dispatcher, tracker, kind="handoff", hotline=None)
            return []
        # The app replaces this with the ticket number and what happens next.
        dispatcher.utter_message(text="…")
        report_route(dispatcher, tracker, kind="handoff", hotline=hotline)
        return []
