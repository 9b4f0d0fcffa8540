"""Questions outside the five hotlines."""

from rasa_sdk import Action

from actions.context import hotline_buttons, report_route, turn_lang
from knowledge.hotlines import HOTLINE_IDS

OUT_OF_SCOPE = {
    "zh": "抱歉，这个问题超出了本热线的服务范围。我们可以解答心理、法律、财税工商、人力资源、"
          "高企认定及知识产权方面的问题：",
    "en": "Sorry, that is outside what this hotline covers. We can help with psychological "
          "support, legal, tax and business registration, HR, and high-tech certification and IP:",
}


class ActionOutOfScope(Action):
    def name(self) -> str:
        return "action_out_of_scope"

    def run(self, dispatcher, tracker, domain):
        lang = turn_lang(tracker)
        dispatcher.utter_message(text=OUT_OF_SCOPE[lang],
                                 buttons=hotline_buttons(lang, list(HOTLINE_IDS)))
        report_route(dispatcher, tracker, kind="out_of_scope", hotline=None)
        return []
