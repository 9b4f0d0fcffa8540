"""Reminder fan-out: 10,000 Telegram subscribers, dispatched and sent through the real gateway
against the fake Bot API server, compared with the configured send limit."""

import os
import subprocess
import sys
import time
from datetime import datetime

import psycopg

from bench.datasets import ROOT
from bench.servers import rss_mb
from tests.conftest import drop_database, isolated_database

TOKEN = "123456:TEST-TOKEN"  # the fake server's own
NAME = "hotline_bench_fanout"


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


def _count(journal) -> int:
    try:
        with open(journal, "rb") as f:
            return sum(1 for _ in f)
    except FileNotFoundError:
        return 0


def _wait_listening(port: int) -> None:
    import httpx
    for _ in range(100):
        try:
            httpx.get(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise TimeoutError("the fake Bot API did not start")


def fanout(n: int = 10_000, limit: float = 30.0) -> dict:
    url = isolated_database(NAME)
    _subscribers(url, n)
    env = {**os.environ, "DATABASE_URL": url}
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "bot.cli", "reminders", "dispatch", "--at",
                    "2026-12-12T09:05:00+08:00"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    dispatch_s = time.monotonic() - start
    journal = ROOT / "var" / "bench" / "fanout-sent.txt"
    journal.unlink(missing_ok=True)
    port = 19656
    # The fake Bot API runs as its own process, so the times it records are not bunched by
    # this process's work.
    fake = subprocess.Popen([sys.executable, "-m", "tests.telegram.fake_bot_api", "--port",
                             str(port), "--journal", str(journal)], cwd=ROOT)
    log = open(ROOT / "var" / "bench" / "fanout-gateway.log", "ab")
    gateway = None
    try:
        _wait_listening(port)
        gateway = subprocess.Popen([sys.executable, "-m", "bot.cli", "telegram"], cwd=ROOT,
                                   stdout=log, stderr=subprocess.STDOUT,
                                   env={**env, "TELEGRAM_BOT_TOKEN": TOKEN,
                                        "TELEGRAM_BASE_URL": f"http://127.0.0.1:{port}/bot",
                                        "TELEGRAM_RATE_GLOBAL": str(limit)})
        deadline = time.monotonic() + n / limit * 2 + 120
        while _count(journal) < n and time.monotonic() < deadline:
            time.sleep(1)
        rss = rss_mb(gateway.pid)
        times = sorted(float(line.split()[0]) for line in journal.read_text().splitlines())
        seconds = times[-1] - times[0] if len(times) > 1 else float("nan")
        rate = (len(times) - 1) / seconds if len(times) > 1 else 0.0
        peak = first = 0  # most messages the server saw inside any one second
        for last, at in enumerate(times):
            while at - times[first] >= 1.0:
                first += 1
            peak = max(peak, last - first + 1)
        return {"subscribers": n, "dispatch_s": dispatch_s, "sent": len(times),
                "send_s": seconds, "rate": rate, "limit": limit, "fraction": rate / limit,
                "peak_per_s": peak, "gateway_rss_mb": rss,
                "at": datetime.now().isoformat(timespec="seconds")}
    finally:
        for proc in (gateway, fake):
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
        drop_database(NAME)


if __name__ == "__main__":
    print(fanout(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
