"""Answering from the knowledge base, restricted to the routed hotline first."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_text import format_answer
from actions.context import human_button, report_route, turn_intent, turn_lang
from actions.knowledge_base import knowledge
from actions.reminders import next_deadline_message
from knowledge.hotlines import load_routing
from knowledge.text import detect_lang

NO_ANSWER = {
    "zh": "【{hotline}】这个问题我没有找到确切的答案。下面几篇可能相关，也可以转人工，由中心{hotline}的专业人员解答。",
    "en": "[{hotline}] I could not find a precise answer to that. These articles may be related, "
          "or a specialist of the centre's {hotline} line can take it.",
}
ASK_DETAILS = {
    "zh": "【{hotline}】请直接描述您的问题，例如发生了什么、涉及的时间和金额。",
    "en": "[{hotline}] Please describe your question: what happened, when, and any amounts involved.",
}


def answer_query(dispatcher: CollectingDispatcher, tracker: Tracker, query: str,
                 hotline: str, lang: str) -> list[dict[str, Any]]:
    """Answer with the best article of the hotline, or offer related ones and a person."""
    kb = knowledge()
    # Search in the language the question is written in; answer in the conversation's.
    query_lang = detect_lang(query)
    hits = kb.search(query, query_lang, hotline=hotline)
    if hits and hits[0].confident(query_lang):
        best = hits[0]
        dispatcher.utter_message(text=format_answer(best.article, lang),
                                 buttons=[human_button(lang)])
        report_route(dispatcher, tracker, kind="answer", hotline=hotline,
                     article=best.article.id, score=round(best.score, 3))
        return [SlotSet("hotline", hotline), SlotSet("pending_question", None)]
    related = hits or kb.search(query, query_lang)
    name = load_routing().hotlines[hotline].name(lang)
    buttons = [{"title": h.article.title[lang], "payload": f'/choose_article{{"article":"{h.article.id}"}}'}
               for h in related]
    dispatcher.utter_message(text=NO_ANSWER[lang].format(hotline=name),
                             buttons=[*buttons, human_button(lang)])
    report_route(dispatcher, tracker, kind="clarify", hotline=hotline,
                 related=[h.article.id for h in related])
    return [SlotSet("hotline", hotline)]


class ActionAnswer(Action):
    """A question routed to a hotline by its intent."""

    def name(self) -> str:
        return "action_answer"

    def run(self, dispatcher, tracker, domain):
        intent, _ = turn_intent(tracker)
        hotline = load_routing().hotline_of(intent)
        lang = turn_lang(tracker)
        if hotline is None:  # a rule sent an intent here that has no hotline
            report_route(dispatcher, tracker, kind="out_of_scope", hotline=None)
            return []
        if intent == "ask_tax_deadline":  # the date itself comes from the calendar
            text, buttons = next_deadline_message(lang)
            dispatcher.utter_message(text=text, buttons=buttons)
        return answer_query(dispatcher, tracker, tracker.latest_message.get("text") or "",
                            hotline, lang)


class ActionChooseHotline(Action):
    """The user picked a hotline button: answer the question we asked them to place."""

    def name(self) -> str:
        return "action_choose_hotline"

    def run(self, dispatcher, tracker, domain):
        hotline = tracker.get_slot("hotline")
        lang = turn_lang(tracker)
        if hotline not in load_routing().hotlines:
            report_route(dispatcher, tracker, kind="out_of_scope", hotline=None)
            return []
        pending = tracker.get_slot("pending_question")
        if not pending:
            name = load_routing().hotlines[hotline].name(lang)
            dispatcher.utter_message(text=ASK_DETAILS[lang].format(hotline=name))
            report_route(dispatcher, tracker, kind="smalltalk", hotline=hotline)
            return []
        return answer_query(dispatcher, tracker, pending, hotline, lang)


class ActionChooseArticle(Action):
    """The user picked one of the related articles we offered."""

    def name(self) -> str:
        return "action_choose_article"

    def run(self, dispatcher, tracker, domain):
        lang = turn_lang(tracker)
        article = knowledge().by_id.get(tracker.get_slot("article") or "")
        if article is None:
            report_route(dispatcher, tracker, kind="out_of_scope", hotline=None)
            return []
        dispatcher.utter_message(text=format_answer(article, lang), buttons=[human_button(lang)])
        report_route(dispatcher, tracker, kind="answer", hotline=article.hotline,
                     article=article.id)
        return [SlotSet("hotline", article.hotline), SlotSet("pending_question", None)]
