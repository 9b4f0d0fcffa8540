"""Reminder fan-out: 10,000 Telegram subscribers, dispatched and sent through the real gateway
against the fake Bot API server, compared with the configured send limit."""

import os
import subprocess
import sys
import time
from datetime import datetime

import psycopg

from bench.datasets import ROOT
from tests.telegram.fake_bot_api import FakeBotApi

ADMIN = os.environ.get("TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")
NAME = "hotline_bench_fanout"


def _database() -> str:
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{NAME}"')
    url = ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{NAME}"
    from bot.db import migrate
    migrate.upgrade(url)
    return url


def _subscribers(url: str, n: int) -> None:
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=False) as conn:
        with conn.cursor() as cur:
            cur.execute("INSERT INTO contacts (channel, external_id, lang, created_at) "
                        "SELECT 'telegram', (6000000000 + g)::text, 'zh', now() "
                        "FROM generate_series(1, %s) g", (n,))
            cur.execute("INSERT INTO subscriptions (contact_id, kinds, leads, active, created_at, "
                        "updated_at) SELECT id, '[\"monthly\"]', '[3, 1]', true, now(), now() "
                        "FROM contacts")
        conn.commit()


def fanout(n: int = 10_000, limit: float = 30.0) -> dict:
    url = _database()
    _subscribers(url, n)
    env = {**os.environ, "DATABASE_URL": url}
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "bot.cli", "reminders", "dispatch", "--at",
                    "2026-12-12T09:05:00+08:00"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    dispatch_s = time.monotonic() - start
    fake = FakeBotApi(port=19656)
    fake.start()
    log = open(ROOT / "var" / "bench" / "fanout-gateway.log", "ab")
    gateway = subprocess.Popen([sys.executable, "-m", "bot.cli", "telegram"], cwd=ROOT, stdout=log,
                               stderr=subprocess.STDOUT,
                               env={**env, "TELEGRAM_BOT_TOKEN": fake.token,
                                    "TELEGRAM_BASE_URL": fake.base_url,
                                    "TELEGRAM_RATE_GLOBAL": str(limit)})
    try:
        deadline = time.monotonic() + n / limit * 2 + 120
        while len(fake.sent()) < n and time.monotonic() < deadline:
            time.sleep(1)
        sent = fake.sent()
        times = sorted(c.at for c in sent)
        seconds = times[-1] - times[0] if len(times) > 1 else float("nan")
        rate = (len(times) - 1) / seconds if len(times) > 1 else 0.0
        peak = first = 0  # most messages the server saw inside any one second
        for last, at in enumerate(times):
            while at - times[first] >= 1.0:
                first += 1
            peak = max(peak, last - first + 1)
        return {"subscribers": n, "dispatch_s": dispatch_s, "sent": len(sent), "send_s": seconds,
                "rate": rate, "limit": limit, "fraction": rate / limit, "peak_per_s": peak,
                "at": datetime.now().isoformat(timespec="seconds")}
    finally:
        gateway.terminate()
        gateway.wait(timeout=30)
        fake.stop()
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')


if __name__ == "__main__":
    print(fanout(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
