"""Customers in private chats: commands, text, buttons, files, edits."""

import asyncio
import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram import conversation as conv
from bot.telegram.handlers import texts

log = logging.getLogger(__name__)


def _key(update: Update) -> str:
    return f"tg:{update.update_id}"


def _wake(context: ContextTypes.DEFAULT_TYPE) -> None:
    context.bot_data["sender"].wake.set()


async def _lang(update: Update) -> str:
    user = update.effective_user
    return await asyncio.to_thread(conv.contact_lang, update.effective_chat.id,
                                   user.language_code if user else None)


async def _say(update, context, command: str, replies: dict, buttons=None) -> None:
    lang = await _lang(update)
    await asyncio.to_thread(conv.say, update.effective_chat.id, command, _key(update),
                            replies[lang], buttons(lang) if callable(buttons) else buttons)
    _wake(context)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _say(update, context, "/start", texts.WELCOME,
               lambda lang: texts.hotline_buttons(lang) + texts.lang_buttons())


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _say(update, context, "/help", texts.HELP)


async def hotlines(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _say(update, context, "/hotlines", texts.HOTLINES, texts.hotline_buttons)


async def lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _say(update, context, "/lang", texts.LANG, texts.lang_buttons())


async def forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _say(update, context, "/forget", texts.FORGET_ASK, texts.forget_buttons)


async def ticket(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    lang_ = await _lang(update)
    tickets = await asyncio.to_thread(conv.my_tickets, update.effective_chat.id)
    if not tickets:
        reply = texts.NO_TICKETS[lang_]
    else:
        lines = [f"{t['id']} · {t['hotline']} · {texts.STATUS[lang_][t['status']]}" for t in tickets]
        reply = "\n".join([texts.TICKETS[lang_], *lines])
    await asyncio.to_thread(conv.say, update.effective_chat.id, "/ticket", _key(update), reply)
    _wake(context)


async def _ask(update: Update, context, text: str, key: str) -> None:
    await asyncio.to_thread(conv.ask, update.effective_chat.id, text, key)
    _wake(context)


async def human(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _ask(update, context, "/request_human", _key(update))


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _ask(update, context, "/subscribe_reminders", _key(update))


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _ask(update, context, "/unsubscribe_reminders", _key(update))


async def text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _ask(update, context, update.message.text, _key(update))


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    chat_id = update.effective_chat.id
    kind, _, rest = (query.data or "").partition(":")
    found = None
    if kind == "b" and ":" in rest:
        message_id, index = rest.split(":", 1)
        if message_id.isdigit() and index.isdigit():
            found = await asyncio.to_thread(conv.button_payload, chat_id, int(message_id), int(index))
    if found is None:
        await _say(update, context, f"[button] {query.data}", texts.BUTTON_GONE)
        return
    payload, title = found
    if payload.startswith("/lang "):
        chosen = payload.split()[1]
        await asyncio.to_thread(conv.set_language, chat_id, chosen)
        await asyncio.to_thread(conv.say, chat_id, title, _key(update), texts.LANG_SET[chosen])
    elif payload == "/forget yes":
        lang_ = await _lang(update)
        await asyncio.to_thread(conv.forget, chat_id, texts.FORGET_DONE[lang_])
    elif payload == "/forget no":
        await _say(update, context, title, texts.FORGET_KEPT)
        return
    else:
        await asyncio.to_thread(conv.ask, chat_id, payload, _key(update))
    _wake(context)


def _describe(update: Update) -> str:
    m = update.effective_message
    if m.photo:
        return f"[照片 photo] file_id={m.photo[-1].file_id} {m.caption or ''}".strip()
    if m.document:
        return f"[文件 file] {m.document.file_name or ''} file_id={m.document.file_id} {m.caption or ''}".strip()
    if m.voice:
        return f"[语音 voice] {m.voice.duration}s file_id={m.voice.file_id}"
    if m.location:
        return f"[位置 location] {m.location.latitude},{m.location.longitude}"
    if m.sticker:
        return f"[表情 sticker] {m.sticker.emoji or ''}".strip()
    return "[其他 other message]"


async def _to_agent_or_explain(update, context, description: str, explanation: dict) -> None:
    """Kept on the open ticket for the agent; without one, stored with a reply that says why
    the bot cannot act on it."""
    kept = await asyncio.to_thread(conv.attach_to_open_ticket, update.effective_chat.id,
                                   description, _key(update))
    if kept:
        _wake(context)
    else:
        await _say(update, context, description, explanation)


async def media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _to_agent_or_explain(update, context, _describe(update), texts.MEDIA)


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edit is kept (the agent sees it if a person has the chat), never re-answered."""
    text_ = f"[edited] {update.edited_message.text or _describe(update)}"
    await _to_agent_or_explain(update, context, text_, texts.EDITED)
