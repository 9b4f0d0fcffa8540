"""Telegram's send limits: about 30 messages/s overall, 1/s per chat, 20/min per group."""

import asyncio
import time
from collections import deque


class RateLimiter:
    def __init__(self, per_second: float, chat_interval: float, group_per_minute: int):
        self.per_second, self.chat_interval = per_second, chat_interval
        self.group_per_minute = group_per_minute
        self._recent: deque[float] = deque()
        self._last_chat: dict[int, float] = {}
        self._group: dict[int, deque[float]] = {}
        self._blocked_until: dict[int, float] = {}

    def wait_for(self, chat_id: int, now: float) -> float:
        """Seconds until a message to this chat is allowed (0 when it is now)."""
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        waits = [self._blocked_until.get(chat_id, 0.0) - now,
                 self._last_chat.get(chat_id, -1e9) + self.chat_interval - now]
        if len(self._recent) >= self.per_second:
            waits.append(self._recent[0] + 1.0 - now)
        if chat_id < 0:  # groups and supergroups
            window = self._group.setdefault(chat_id, deque())
            while window and now - window[0] >= 60.0:
                window.popleft()
            if len(window) >= self.group_per_minute:
                waits.append(window[0] + 60.0 - now)
        return max(0.0, *waits)

    def record(self, chat_id: int, now: float) -> None:
        self._recent.append(now)
        self._last_chat[chat_id] = now
        if chat_id < 0:
            self._group.setdefault(chat_id, deque()).append(now)

    def block(self, chat_id: int, until: float) -> None:
        """Telegram said 429 for this chat: hold it until retry_after has passed."""
        self._blocked_until[chat_id] = max(until, self._blocked_until.get(chat_id, 0.0))


class Pacer:
    """At least 1/limit s between the moments requests actually leave, whatever the plan:
    if the event loop stalls, late sends go one by one, never in a burst."""

    def __init__(self, per_second: float):
        self.spacing = 1.0 / per_second
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def wait_turn(self) -> None:
        async with self._lock:
            wait = self._next - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            self._next = time.monotonic() + self.spacing


def retry_seconds(retry_after) -> float:
    """RetryAfter.retry_after is a timedelta or a number of seconds, by PTB setting."""
    return retry_after.total_seconds() if hasattr(retry_after, "total_seconds") else float(retry_after)
