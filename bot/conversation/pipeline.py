"""One customer message in, the replies out: the path every channel shares.

The message is stored first (committed). While a person has the conversation (an open
ticket) it goes to them, not to Rasa. Otherwise it is checked for crisis, then sent to Rasa;
the route Rasa reports decides whether to open a ticket. If Rasa or the action server is
down the message stays `pending` and is answered later by `retry_pending`.
"""

import logging
import re
from datetime import datetime, timedelta, timezone
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from bot.conversation.rasa_client import RasaClient, RasaReply, RasaUnavailable
from bot.conversation.store import add_message, get_or_create_conversation, mark_urgent
from bot.db.models import Conversation, Message
from bot.db.session import session_scope
from bot.safety.crisis import CRISIS_REPLY, is_crisis
from bot.settings import get_settings
from bot.tickets import escalation
from bot.tickets.queries import open_ticket_of, ticket_awaiting_csat
from bot.tickets.views import ticket_for_customer
from knowledge.text import detect_lang

log = logging.getLogger(__name__)

RECEIVED = {
    "zh": "您的消息已收到。系统暂时繁忙，我们会尽快回复您，无需重复发送。",
    "en": "We have received your message. The assistant is briefly unavailable; we will "
          "answer here shortly, no need to send it again.",
}
STALE_AFTER = timedelta(minutes=2)  # far beyond Rasa's timeout: nobody is answering it
CSAT_PAYLOAD = re.compile(r'^/csat\{"score":\s*([1-5])\}$')
CRISIS_ROUTE = {"hotline": "psych", "intent": "crisis", "confidence": 1.0, "kind": "crisis"}
HANDOFF_REASON = {"request_human": "asked", "feedback_unhelpful": "unhelpful"}


@dataclass
class ChatResult:
    replies: list[dict[str, Any]]
    route: dict[str, Any] | None
    delivered: bool = True  # False: stored, to be answered when Rasa is back
    ticket: dict[str, Any] | None = None
    lang: str = "zh"


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


def handle_message(channel: str, external_id: str, text: str, lang: str | None = None,
                   message_key: str | None = None) -> ChatResult | None:
    """Store and answer one customer message. `message_key` is the channel's id for it (a
    Telegram update): a message already stored under that key returns None, unanswered."""
    text = text.strip()
    try:
        with session_scope() as session:
            if message_key and session.scalar(select(Message.id).where(
                    Message.external_id == message_key)):
                return None
            conversation = get_or_create_conversation(session, channel, external_id)
            contact = conversation.contact
            turn_lang = _turn_lang(text, lang or contact.preferred_lang, contact.lang)
            contact.lang = turn_lang
            message = add_message(session, conversation, "customer", text, status="received")
            message.external_id = message_key
            session.flush()
            answered = _answer_without_rasa(session, conversation, message, text, turn_lang)
            ids = (conversation.id, message.id)
            rasa_state = (conversation.rasa_sender_id, conversation.rasa_paused)
    except IntegrityError:  # the same update arrived twice at once: the other copy answers
        if message_key:
            return None
        raise
    # Committed: the message is stored before Rasa sees it.
    return answered or _process(*ids, text, turn_lang, rasa_state)


def _answer_without_rasa(session, conversation: Conversation, message: Message, text: str,
                         lang: str) -> ChatResult | None:
    """A person has the conversation, or this is a satisfaction score: no Rasa needed."""
    ticket = open_ticket_of(session, conversation)
    if ticket is not None:
        message.status = "processed"
        escalation.customer_wrote(session, ticket, message)
        if is_crisis(text):  # still answered at once, and the ticket becomes urgent
            return _crisis_in_session(session, conversation, lang, CRISIS_ROUTE)
        route = {"hotline": ticket.hotline, "intent": None, "confidence": 1.0, "kind": "handoff"}
        return ChatResult([], route, ticket=ticket_for_customer(ticket), lang=lang)
    csat = CSAT_PAYLOAD.match(text)
    if csat and (rated := ticket_awaiting_csat(session, conversation)):
        escalation.record_csat(session, rated, int(csat.group(1)))
        message.status = "processed"
        reply = escalation.CSAT_THANKS[lang]
        route = {"hotline": rated.hotline, "intent": "csat", "confidence": 1.0,
                 "kind": "smalltalk"}
        add_message(session, conversation, "bot", reply, route=route)
        return ChatResult([{"text": reply, "buttons": []}], route, lang=lang)
    return None


def _process(conversation_id: int, message_id: int, text: str, lang: str,
             rasa_state: tuple[str, bool] | None = None) -> ChatResult:
    """Answer a stored message. `rasa_state` (sender id, paused) if the caller just read it."""
    if is_crisis(text):
        return _answer_crisis(conversation_id, message_id, lang)
    if rasa_state is None:
        with session_scope() as session:
            conversation = session.get(Conversation, conversation_id)
            rasa_state = (conversation.rasa_sender_id, conversation.rasa_paused)
    sender, paused = rasa_state
    try:
        if paused:  # the last ticket closed but Rasa did not hear it: resume first
            rasa().resume(sender)
            _set_paused(conversation_id, False)
        reply = rasa().send(sender, text, {"lang": lang})
    except RasaUnavailable as exc:
        return _leave_pending(conversation_id, message_id, lang, exc)
    return _store_reply(conversation_id, message_id, reply, lang)


def _leave_pending(conversation_id: int, message_id: int, lang: str,
                   exc: Exception) -> ChatResult:
    log.warning("conversation %s: message %s left pending (%s)", conversation_id, message_id, exc)
    with session_scope() as session:
        message = session.get(Message, message_id)
        if message.status == "received":  # first failure: tell the customer once
            add_message(session, message.conversation, "system", RECEIVED[lang])
        message.status = "pending"
    return ChatResult([{"text": RECEIVED[lang], "buttons": []}], None, delivered=False, lang=lang)


def _previous_route(session, conversation_id: int, before_id: int) -> dict | None:
    """The route of the bot's last answer before this message (the newest few are enough:
    nearly every bot turn has one), without loading the whole conversation."""
    for route in session.scalars(
            select(Message.route).where(Message.conversation_id == conversation_id,
                                        Message.role == "bot", Message.id < before_id)
            .order_by(Message.id.desc()).limit(10)):
        if route:
            return route
    return None


def _escalation_reason(route: dict, previous: dict | None) -> str | None:
    """Why this turn goes to a person, if it does."""
    if route.get("kind") == "handoff" and route.get("hotline"):
        return HANDOFF_REASON.get(route.get("intent"), "asked")
    if route.get("kind") == "clarify" and previous and previous.get("kind") == "clarify":
        return "low_confidence"  # the second turn in a row the bot could not place
    return None


def _store_reply(conversation_id: int, message_id: int, reply: RasaReply,
                 lang: str) -> ChatResult:
    route = reply.route
    with session_scope() as session:
        message = session.get(Message, message_id)
        message.status = "processed"
        conversation = message.conversation
        if route.get("hotline"):
            conversation.hotline = route["hotline"]
        if route.get("kind") == "crisis":
            return _crisis_in_session(session, conversation, lang, route)
        reason = _escalation_reason(route, _previous_route(session, conversation_id, message_id))
        if reason is None:
            for item in reply.replies:
                add_message(session, conversation, "bot", item["text"], buttons=item["buttons"],
                            route=route)
            return ChatResult(reply.replies, route, lang=lang)
        hotline = (route.get("hotline") or (route.get("candidates") or [None])[0]
                   or conversation.hotline or "legal")
        ticket, _ = escalation.open_ticket(session, conversation, hotline=hotline,
                                           reason=reason, route=route)
        route = route | {"kind": "handoff", "hotline": hotline}
        text = escalation.handoff_reply(ticket, lang)
        add_message(session, conversation, "bot", text, route=route)
        view, sender = ticket_for_customer(ticket), conversation.rasa_sender_id
    _pause(conversation_id, sender)
    return ChatResult([{"text": text, "buttons": []}], route, ticket=view, lang=lang)


def _crisis_in_session(session, conversation: Conversation, lang: str,
                       route: dict) -> ChatResult:
    conversation.hotline = "psych"
    mark_urgent(conversation)
    ticket, _ = escalation.open_ticket(session, conversation, hotline="psych", reason="crisis",
                                       priority="urgent", route=route)
    text = CRISIS_REPLY[lang] + ("\n工单号：" if lang == "zh" else "\nTicket: ") + ticket.number
    add_message(session, conversation, "bot", text, route=route)
    view = ticket_for_customer(ticket)
    sender, conversation_id = conversation.rasa_sender_id, conversation.id
    session.commit()
    _pause(conversation_id, sender)
    log.warning("URGENT: crisis in conversation %s, ticket %s", conversation_id, view["id"])
    return ChatResult([{"text": text, "buttons": []}], route, ticket=view, lang=lang)


def _answer_crisis(conversation_id: int, message_id: int, lang: str) -> ChatResult:
    with session_scope() as session:
        session.get(Message, message_id).status = "processed"
        return _crisis_in_session(session, session.get(Conversation, conversation_id), lang,
                                  CRISIS_ROUTE)


def _set_paused(conversation_id: int, paused: bool) -> None:
    with session_scope() as session:
        session.get(Conversation, conversation_id).rasa_paused = paused


def _pause(conversation_id: int, sender: str) -> None:
    """Tell Rasa a person has the conversation. If Rasa is down the app still routes the
    customer to the ticket (the open ticket is what counts); Rasa hears it next time."""
    try:
        rasa().pause(sender)
        _set_paused(conversation_id, True)
    except RasaUnavailable as exc:
        log.warning("conversation %s: could not pause Rasa (%s)", conversation_id, exc)


def pause(conversation_id: int) -> None:
    """A ticket was reopened: a person has the conversation again."""
    with session_scope() as session:
        sender = session.get(Conversation, conversation_id).rasa_sender_id
    _pause(conversation_id, sender)


def resume(conversation_id: int) -> None:
    """After a ticket closes: Rasa answers this conversation again."""
    with session_scope() as session:
        conversation = session.get(Conversation, conversation_id)
        sender, paused = conversation.rasa_sender_id, conversation.rasa_paused
    if not paused:
        return
    try:
        rasa().resume(sender)
        _set_paused(conversation_id, False)
    except RasaUnavailable as exc:  # _process resumes before the next message instead
        log.warning("conversation %s: could not resume Rasa (%s)", conversation_id, exc)


def _unanswered():
    """Left pending while Rasa was down, stored by a process that died before answering, or
    taken by a retry that died before answering."""
    stale = datetime.now(timezone.utc) - STALE_AFTER
    return or_(Message.status == "pending",
               and_(Message.status == "received", Message.created_at < stale),
               and_(Message.status == "retrying", Message.claimed_at < stale))


def retry_pending(limit: int = 50) -> int:
    """Answer messages that were stored but not answered, oldest first. Returns how many."""
    with session_scope() as session:
        pending = session.execute(
            select(Message.id, Message.conversation_id, Message.text)
            .where(Message.role == "customer", _unanswered())
            .order_by(Message.id).limit(limit)).all()
        langs = {c.id: c.contact.lang for c in session.scalars(
            select(Conversation).where(Conversation.id.in_({p.conversation_id for p in pending})))}
    done = 0
    for message_id, conversation_id, text in pending:
        if not _claim_pending(message_id):
            continue  # another process (web app or gateway) took it
        result = _process(conversation_id, message_id, text, langs.get(conversation_id) or "zh")
        if not result.delivered:
            break  # still down: try again later
        done += 1
    return done


def _claim_pending(message_id: int) -> bool:
    with session_scope() as session:
        return session.execute(update(Message).where(Message.id == message_id, _unanswered())
                               .values(status="retrying",
                                       claimed_at=datetime.now(timezone.utc))).rowcount == 1


