"""The Telegram gateway process (`hotline telegram`): long polling by default, a webhook
with Telegram's secret-token check when TELEGRAM_WEBHOOK_URL is set."""

import asyncio
import logging
from contextlib import suppress

from telegram import BotCommand, Update
from telegram.ext import (Application, CallbackQueryHandler, CommandHandler, ContextTypes,
                          MessageHandler, filters)

from bot.conversation.pipeline import retry_pending
from bot.settings import Settings, get_settings
from bot.telegram.handlers import agents, customers
from bot.telegram.limiter import RateLimiter
from bot.telegram.sender import Sender
from bot.telegram.topics import sync_topics

log = logging.getLogger(__name__)
COMMANDS = [("start", "开始 / start"), ("help", "帮助 / help"), ("hotlines", "五条热线 / hotlines"),
            ("human", "转人工 / talk to a person"), ("ticket", "我的工单 / my tickets"),
            ("lang", "语言 / language"), ("subscribe", "报税提醒 / tax reminders"),
            ("unsubscribe", "取消报税提醒 / stop reminders"),
            ("forget", "删除我的数据 / delete my data")]


async def _retry_pending_forever(sender: Sender) -> None:
    while True:
        await asyncio.sleep(10)
        with suppress(Exception):
            if await asyncio.to_thread(retry_pending):
                sender.wake.set()


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error("update %s failed: %s", getattr(update, "update_id", "?"), context.error,
              exc_info=context.error)


def build_application(settings: Settings) -> Application:
    async def post_init(app: Application) -> None:
        limiter = RateLimiter(settings.telegram_rate_global, settings.telegram_rate_chat_seconds,
                              settings.telegram_rate_group_per_minute)
        sender = Sender(app.bot, limiter)
        app.bot_data["sender"] = sender
        tasks = [asyncio.create_task(sender.run()),
                 asyncio.create_task(_retry_pending_forever(sender))]
        if settings.telegram_agents_chat_id:
            tasks.append(asyncio.create_task(sync_topics(
                app.bot, settings.telegram_agents_chat_id, sender.wake.set)))
        app.bot_data["tasks"] = tasks
        with suppress(Exception):  # a nicety: the command menu
            await app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])

    async def post_shutdown(app: Application) -> None:
        for task in app.bot_data.get("tasks", []):
            task.cancel()

    base = settings.telegram_base_url
    # One connection (PTB's default) would queue a round of sends behind each other, and late
    # rounds then reach Telegram bunched with the next: send them side by side.
    app = (Application.builder().token(settings.telegram_bot_token).base_url(base)
           .base_file_url(base.replace("/bot", "/file/bot", 1)).connection_pool_size(32)
           .post_init(post_init).post_shutdown(post_shutdown).build())
    private = filters.ChatType.PRIVATE
    for name, handler in [("start", customers.start), ("help", customers.help_command),
                          ("hotlines", customers.hotlines), ("human", customers.human),
                          ("ticket", customers.ticket), ("lang", customers.lang),
                          ("subscribe", customers.subscribe),
                          ("unsubscribe", customers.unsubscribe), ("forget", customers.forget)]:
        app.add_handler(CommandHandler(name, handler, filters=private))
    new = filters.UpdateType.MESSAGE
    app.add_handler(MessageHandler(private & new & filters.COMMAND, customers.help_command))
    app.add_handler(MessageHandler(private & new & filters.TEXT, customers.text))
    app.add_handler(MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, customers.edited))
    app.add_handler(MessageHandler(private & new, customers.media))
    app.add_handler(CallbackQueryHandler(customers.button))
    if settings.telegram_agents_chat_id:
        app.add_handler(MessageHandler(filters.Chat(settings.telegram_agents_chat_id) & new,
                                       agents.topic_message))
    # Other groups, channel posts and anything else have no handler: they are ignored.
    app.add_error_handler(_on_error)
    return app


def run() -> None:
    settings = get_settings()
    if not settings.telegram_bot_token:
        raise SystemExit("TELEGRAM_BOT_TOKEN is not set")
    app = build_application(settings)
    if settings.telegram_webhook_url:
        if not settings.telegram_webhook_secret:
            raise SystemExit("TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL")
        app.run_webhook(listen=settings.telegram_webhook_listen, port=settings.telegram_webhook_port,
                        url_path="telegram", webhook_url=settings.telegram_webhook_url,
                        secret_token=settings.telegram_webhook_secret,
                        allowed_updates=Update.ALL_TYPES)
    else:
        app.run_polling(allowed_updates=Update.ALL_TYPES, poll_interval=0.0, timeout=10)
