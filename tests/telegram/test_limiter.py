"""Telegram's limits as the sender applies them: 1/s per chat, 30/s overall, 20/min per group."""

from bot.telegram.limiter import RateLimiter, retry_seconds


def limiter():
    return RateLimiter(per_second=30, chat_interval=1.0, group_per_minute=20)


def test_one_message_per_second_per_chat():
    lim = limiter()
    assert lim.wait_for(42, 0.0) == 0
    lim.record(42, 0.0)
    assert 0.99 <= lim.wait_for(42, 0.01) <= 1.0
    assert lim.wait_for(43, 0.01) == 0  # another chat is free
    assert lim.wait_for(42, 1.0) == 0


def test_thirty_per_second_overall():
    lim = limiter()
    for chat in range(30):
        assert lim.wait_for(chat, 0.5) == 0
        lim.record(chat, 0.5)
    assert lim.wait_for(999, 0.6) > 0
    assert lim.wait_for(999, 1.5) == 0


def test_twenty_per_minute_in_a_group():
    lim = limiter()
    now = 0.0
    for _ in range(20):
        now += lim.wait_for(-100, now)
        lim.record(-100, now)
    assert now == 19  # one a second within the chat
    assert lim.wait_for(-100, 20.0) == 40.0  # the 21st waits until the first is a minute old


def test_429_blocks_the_chat_until_retry_after():
    lim = limiter()
    lim.block(7, until=5.0)
    assert lim.wait_for(7, 1.0) == 4.0
    assert retry_seconds(3) == 3.0


async def test_pacer_spaces_the_moments_requests_leave():
    import asyncio
    import time

    from bot.telegram.limiter import Pacer
    pacer = Pacer(per_second=50)
    moments = []

    async def send():
        await pacer.wait_turn()
        moments.append(time.monotonic())

    await asyncio.gather(*(send() for _ in range(12)))  # all at once, as a round fires them
    gaps = [b - a for a, b in zip(moments, moments[1:])]
    assert len(moments) == 12 and min(gaps) >= 0.02 - 0.001
