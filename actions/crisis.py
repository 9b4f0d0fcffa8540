"""Crisis recognised by the model (the web app's own check runs before Rasa)."""

from rasa_sdk import Action

from actions.context import report_route, turn_lang
from bot.safety.crisis import CRISIS_REPLY


class ActionCrisis(Action):
    def name(self) -> str:
        return "action_crisis"

    def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=CRISIS_REPLY[turn_lang(tracker)])
        report_route(dispatcher, tracker, kind="crisis", hotline="psych")
        return []
