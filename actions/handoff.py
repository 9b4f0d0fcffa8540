"""The user wants a person, or said the answer did not help."""

from rasa_sdk import Action

from actions.context import report_route, turn_lang

HANDOFF = {
    "zh": "好的，已为您转接人工。中心{line}的工作人员会在这里回复您，请留意本对话。",
    "en": "Understood, we are passing you to a person. A member of the centre's {line} team "
          "will reply here; please keep this chat open.",
}
LINE = {"zh": "相关热线", "en": "relevant hotline"}


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    def run(self, dispatcher, tracker, domain):
        lang = turn_lang(tracker)
        dispatcher.utter_message(text=HANDOFF[lang].format(line=LINE[lang]))
        report_route(dispatcher, tracker, kind="handoff", hotline=tracker.get_slot("hotline"))
        return []
