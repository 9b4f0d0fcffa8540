"""Throughput and latency at 1, 10 and 50 concurrent users, ours beside the stock assistant.

Closed loop: each simulated user sends a question, waits for the answer, sends the next.
Every request comes from a new sender, so no conversation state builds up on either side.
The two systems take turns, round by round (the order flips each round), so both see the
same machine state; the figures pool each system's rounds at a level.
"""

import asyncio
import time
import uuid
from dataclasses import dataclass, field

import httpx

from bench.questions import percentile

LEVELS = {1: 40, 10: 150, 50: 300}  # concurrent users: requests per round
ROUNDS = 2  # two keep make bench within 15 minutes; the order still flips


@dataclass
class Target:
    name: str
    url: str
    payload: callable  # question -> JSON body
    replies: callable  # JSON answer -> the replies in it
    latencies: dict = field(default_factory=dict)  # level -> [seconds]
    errors: dict = field(default_factory=dict)
    empty: dict = field(default_factory=dict)  # answered 200 with nothing to say
    busy: dict = field(default_factory=dict)  # level -> wall seconds of its rounds


def ours(web_url: str) -> Target:
    return Target("hotline (full path)", f"{web_url}/api/chat",
                  lambda q: {"sender": uuid.uuid4().hex, "message": q}, lambda a: a["replies"])


def stock(webhook_url: str) -> Target:
    return Target("stock `rasa init`", webhook_url,
                  lambda q: {"sender": uuid.uuid4().hex, "message": q}, lambda a: a)


async def _round(target: Target, questions: list[str], users: int) -> tuple[list, int, int, float]:
    queue = list(reversed(questions))
    latencies, errors, empty = [], 0, 0

    async def user(client: httpx.AsyncClient):
        nonlocal errors, empty
        while queue:
            question = queue.pop()
            start = time.perf_counter()
            try:
                response = await client.post(target.url, json=target.payload(question))
                ok = response.status_code == 200
                empty += ok and not target.replies(response.json())
            except (httpx.HTTPError, ValueError, KeyError, TypeError):
                ok = False
            latencies.append(time.perf_counter() - start)
            errors += not ok

    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        start = time.perf_counter()
        await asyncio.gather(*(user(client) for _ in range(users)))
        return latencies, errors, empty, time.perf_counter() - start


def run(targets: list[Target], questions: list[str]) -> list[dict]:
    for target in targets:  # warm both up (first requests load lazy parts)
        asyncio.run(_round(target, questions[:10], 2))
    offset = 0
    for users, per_round in LEVELS.items():
        for number in range(ROUNDS):
            order = targets if number % 2 == 0 else list(reversed(targets))
            batch = [questions[(offset + i) % len(questions)] for i in range(per_round)]
            offset += per_round
            for target in order:
                latencies, errors, empty, seconds = asyncio.run(_round(target, batch, users))
                target.latencies.setdefault(users, []).extend(latencies)
                target.errors[users] = target.errors.get(users, 0) + errors
                target.empty[users] = target.empty.get(users, 0) + empty
                target.busy[users] = target.busy.get(users, 0.0) + seconds
    return [summary(t, users) for users in LEVELS for t in targets]


def summary(target: Target, users: int) -> dict:
    lat = target.latencies[users]
    return {"system": target.name, "users": users, "requests": len(lat),
            "errors": target.errors[users], "empty": target.empty[users], "per_s": len(lat) / target.busy[users],
            "p50_ms": percentile(lat, 50) * 1000, "p95_ms": percentile(lat, 95) * 1000,
            "p99_ms": percentile(lat, 99) * 1000}


def run_once(target: Target, questions: list[str], users: int) -> int:
    """One round, unrecorded (load while CPU is counted or sampled); how many requests."""
    return len(asyncio.run(_round(target, questions, users))[0])
