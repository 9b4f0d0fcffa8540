"""One customer message in, the replies out: the path every channel shares.

The message is stored first (committed), then checked for crisis, then sent to Rasa. If
Rasa or the action server is down the message stays `pending` and is answered later.
"""

import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from bot.conversation.rasa_client import RasaClient, RasaUnavailable
from bot.conversation.store import add_message, get_or_create_conversation, mark_urgent
from bot.db.models import Conversation, Message
from bot.db.session import session_scope
from bot.safety.crisis import CRISIS_REPLY, is_crisis
from bot.settings import get_settings
from knowledge.text import detect_lang

log = logging.getLogger(__name__)

RECEIVED = {
    "zh": "您的消息已收到。系统暂时繁忙，我们会尽快回复您，无需重复发送。",
    "en": "We have received your message. The assistant is briefly unavailable; we will "
          "answer here shortly, no need to send it again.",
}


@dataclass
class ChatResult:
    replies: list[dict[str, Any]]
    route: dict[str, Any] | None
    delivered: bool = True  # False: stored, to be answered when Rasa is back
    ticket: Any = None
    lang: str = "zh"
    extra: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=1)
def rasa() -> RasaClient:
    settings = get_settings()
    return RasaClient(settings.rasa_url, settings.rasa_timeout)


def _turn_lang(text: str, explicit: str | None, remembered: str | None) -> str:
    if explicit:
        return explicit
    if text.startswith("/"):  # a button payload: keep the conversation's language
        return remembered or "zh"
    return detect_lang(text)


def handle_message(channel: str, external_id: str, text: str,
                   lang: str | None = None) -> ChatResult:
    text = text.strip()
    with session_scope() as session:
        conversation = get_or_create_conversation(session, channel, external_id)
        turn_lang = _turn_lang(text, lang, conversation.contact.lang)
        conversation.contact.lang = turn_lang
        message = add_message(session, conversation, "customer", text, status="received")
        ids = (conversation.id, message.id)
    return _process(*ids, text, turn_lang)


def _process(conversation_id: int, message_id: int, text: str, lang: str) -> ChatResult:
    if is_crisis(text):
        return _answer_crisis(conversation_id, message_id, lang)
    with session_scope() as session:
        sender = session.get(Conversation, conversation_id).rasa_sender_id
    try:
        reply = rasa().send(sender, text, {"lang": lang})
    except RasaUnavailable as exc:
        log.warning("conversation %s: message %s left pending (%s)", conversation_id,
                    message_id, exc)
        with session_scope() as session:
            message = session.get(Message, message_id)
            if message.status != "pending":
                message.status = "pending"
                add_message(session, message.conversation, "system", RECEIVED[lang])
        return ChatResult([{"text": RECEIVED[lang], "buttons": []}], None, delivered=False,
                          lang=lang)
    with session_scope() as session:
        message = session.get(Message, message_id)
        message.status = "processed"
        conversation = message.conversation
        if reply.route.get("hotline"):
            conversation.hotline = reply.route["hotline"]
        if reply.route.get("kind") == "crisis":
            mark_urgent(conversation)
            log.warning("URGENT: crisis recognised by the model in conversation %s",
                        conversation_id)
        for item in reply.replies:
            add_message(session, conversation, "bot", item["text"], buttons=item["buttons"],
                        route=reply.route)
    return ChatResult(reply.replies, reply.route, lang=lang)


def _answer_crisis(conversation_id: int, message_id: int, lang: str) -> ChatResult:
    route = {"hotline": "psych", "intent": "crisis", "confidence": 1.0, "kind": "crisis"}
    with session_scope() as session:
        conversation = session.get(Conversation, conversation_id)
        session.get(Message, message_id).status = "processed"
        conversation.hotline = "psych"
        mark_urgent(conversation)
        add_message(session, conversation, "bot", CRISIS_REPLY[lang], route=route)
    log.warning("URGENT: crisis message in conversation %s", conversation_id)
    return ChatResult([{"text": CRISIS_REPLY[lang], "buttons": []}], route, lang=lang)


def retry_pending(limit: int = 50) -> int:
    """Answer messages left pending while Rasa was down, oldest first. Returns how many."""
    with session_scope() as session:
        pending = session.execute(
            select(Message.id, Message.conversation_id, Message.text)
            .where(Message.role == "customer", Message.status == "pending")
            .order_by(Message.id).limit(limit)).all()
        langs = {c.id: c.contact.lang for c in session.scalars(
            select(Conversation).where(Conversation.id.in_({p.conversation_id for p in pending})))}
    done = 0
    for message_id, conversation_id, text in pending:
        result = _process(conversation_id, message_id, text, langs.get(conversation_id) or "zh")
        if not result.delivered:
            break  # still down: try again later
        done += 1
    return done
