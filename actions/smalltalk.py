"""Greetings, thanks and goodbyes."""

from rasa_sdk import Action

from actions.context import hotline_buttons, report_route, turn_intent, turn_lang
from knowledge.hotlines import HOTLINE_IDS

REPLIES = {
    "greet": {
        "zh": "您好！这里是园区企业服务热线。我们提供心理咨询、法律咨询、财税工商、人力资源、"
              "高企认定及知识产权五条热线。请直接描述您的问题，或先选择一条热线：",
        "en": "Hello! This is the zone's enterprise service hotline. We cover psychological "
              "support, legal advice, tax and business registration, human resources, and "
              "high-tech certification and IP. Ask your question, or pick a hotline first:",
    },
    "thank": {"zh": "不客气！还有其他问题随时问我。",
              "en": "You're welcome! Ask me anything else at any time."},
    "goodbye": {"zh": "再见，祝您的企业经营顺利！",
                "en": "Goodbye, and all the best for your business!"},
}


class ActionSmalltalk(Action):
    def name(self) -> str:
        return "action_smalltalk"

    def run(self, dispatcher, tracker, domain):
        lang = turn_lang(tracker)
        intent, _ = turn_intent(tracker)
        replies = REPLIES.get(intent or "", REPLIES["greet"])
        buttons = hotline_buttons(lang, list(HOTLINE_IDS)) if intent == "greet" else []
        dispatcher.utter_message(text=replies[lang], buttons=buttons)
        report_route(dispatcher, tracker, kind="smalltalk", hotline=None)
        return []
