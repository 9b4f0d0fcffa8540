"""Delivering the outbox: rate-limited, retried, and honest about what was sent.

429: wait retry_after, then resend. 5xx and network errors: back off and retry. 403 (the user
blocked the bot): mark the contact unreachable, stop. 400: failed for good. An item becomes
`sent` only after Telegram returned the message.
"""

import asyncio
import logging
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.db.models import Contact, OutboxItem
from bot.db.session import session_scope
from bot.telegram.format import escape, split_message
from bot.telegram.limiter import Pacer, RateLimiter, retry_seconds

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 10
BATCH = 200


def keyboard(item: OutboxItem) -> InlineKeyboardMarkup | None:
    if not item.buttons or item.message_id is None:
        return None
    # callback_data is capped at 64 bytes: point at the stored button, not its payload.
    return InlineKeyboardMarkup([[InlineKeyboardButton(b["title"][:64],
                                                       callback_data=f"b:{item.message_id}:{i}")]
                                 for i, b in enumerate(item.buttons)])


def _due_items() -> list[OutboxItem]:
    now = datetime.now(timezone.utc)
    with session_scope() as session:
        return list(session.scalars(select(OutboxItem).where(
            OutboxItem.status == "queued", OutboxItem.next_attempt_at <= now)
            .order_by(OutboxItem.bulk, OutboxItem.id).limit(BATCH)))


def _finish(item_id: int, **changes) -> None:
    with session_scope() as session:
        item = session.get(OutboxItem, item_id)
        for key, value in changes.items():
            setattr(item, key, value)
        if changes.get("status") == "blocked" and item.contact_id:
            session.get(Contact, item.contact_id).unreachable_at = datetime.now(timezone.utc)


def plan_round(limiter: RateLimiter, items: list, now: float) -> tuple[list, float]:
    """Which items go in the next second, each with its delay: evenly spaced (1/limit s
    apart), so Telegram never sees a burst, one per chat (keeps each chat in order). Also
    returns how soon a held-back item could go."""
    batch, seen, soonest = [], set(), 1.0
    slot, spacing = now, 1.0 / limiter.per_second
    for item in items:
        if slot - now >= 1.0:
            break
        if item.chat_id in seen:
            continue
        seen.add(item.chat_id)
        wait = limiter.wait_for(item.chat_id, slot)
        if wait > 0:
            soonest = min(soonest, wait)
            continue
        limiter.record(item.chat_id, slot)
        batch.append((item, slot - now))
        slot += spacing
    return batch, soonest


class Sender:
    def __init__(self, bot: Bot, limiter: RateLimiter):
        self.bot, self.limiter = bot, limiter
        self.pacer = Pacer(limiter.per_second)
        self.wake = asyncio.Event()
        self.sent = 0

    async def send_one(self, item: OutboxItem, delay: float = 0.0) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        now = datetime.now(timezone.utc)
        try:
            parts = split_message(item.text)
            last = None
            for index, part in enumerate(parts):
                await self.pacer.wait_turn()
                last = await self.bot.send_message(
                    chat_id=item.chat_id, text=escape(part), parse_mode=ParseMode.HTML,
                    message_thread_id=item.thread_id,
                    reply_markup=keyboard(item) if index == len(parts) - 1 else None)
            await asyncio.to_thread(_finish, item.id, status="sent", sent_at=now,
                                    attempts=item.attempts + 1,
                                    telegram_message_id=last.message_id if last else None)
            self.sent += 1
        except RetryAfter as exc:
            seconds = retry_seconds(exc.retry_after)
            self.limiter.block(item.chat_id, time.monotonic() + seconds)
            await asyncio.to_thread(_finish, item.id, last_error=f"429 retry after {seconds}s",
                                    next_attempt_at=now + timedelta(seconds=seconds))
        except Forbidden as exc:
            log.warning("chat %s refuses messages (%s): marked unreachable", item.chat_id, exc)
            await asyncio.to_thread(_finish, item.id, status="blocked", last_error=str(exc)[:200])
        except BadRequest as exc:
            log.error("outbox %s rejected: %s", item.id, exc)
            await asyncio.to_thread(_finish, item.id, status="failed", last_error=str(exc)[:200],
                                    attempts=item.attempts + 1)
        except (NetworkError, TelegramError) as exc:  # 5xx, timeouts, connection errors
            attempts = item.attempts + 1
            backoff = min(300, 2 ** attempts)
            await asyncio.to_thread(
                _finish, item.id, attempts=attempts, last_error=str(exc)[:200],
                status="failed" if attempts >= MAX_ATTEMPTS else "queued",
                next_attempt_at=now + timedelta(seconds=backoff))

    async def run(self) -> None:
        while True:
            try:
                await self._round()
            except Exception:  # the database may be restarting: keep going
                log.exception("outbox round failed")
                await asyncio.sleep(2)

    async def _round(self) -> None:
        items = await asyncio.to_thread(_due_items)
        batch, soonest = plan_round(self.limiter, items, time.monotonic())
        if batch:
            await asyncio.gather(*(self.send_one(item, delay) for item, delay in batch))
            return
        self.wake.clear()
        try:
            await asyncio.wait_for(self.wake.wait(), timeout=soonest if items else 0.5)
        except TimeoutError:
            pass
