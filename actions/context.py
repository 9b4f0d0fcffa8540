"""What every action needs to know about the turn: language, intent, and the route report."""

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from knowledge.hotlines import load_routing
from knowledge.text import detect_lang


def turn_lang(tracker: Tracker) -> str:
    """An explicit language from the channel wins; otherwise detect it from the text."""
    metadata = tracker.latest_message.get("metadata") or {}
    if metadata.get("lang") in ("zh", "en"):
        return metadata["lang"]
    return detect_lang(tracker.latest_message.get("text") or "")


def turn_intent(tracker: Tracker) -> tuple[str | None, float]:
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def report_route(dispatcher: CollectingDispatcher, tracker: Tracker, *, kind: str,
                 hotline: str | None, **extra: Any) -> None:
    """Tell the channel how this turn was routed (a custom payload, never shown to users)."""
    intent, confidence = turn_intent(tracker)
    dispatcher.utter_message(json_message={"route": {
        "hotline": hotline, "intent": intent, "confidence": round(confidence, 4),
        "kind": kind, **extra}})


def hotline_buttons(lang: str, hotlines: list[str]) -> list[dict[str, str]]:
    routing = load_routing()
    return [{"title": routing.hotlines[h].name(lang),
             "payload": f'/choose_hotline{{"hotline":"{h}"}}'} for h in hotlines]


def human_button(lang: str) -> dict[str, str]:
    return {"title": "转人工" if lang == "zh" else "Talk to a person",
            "payload": "/request_human"}
