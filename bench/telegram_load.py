"""Twenty Telegram users writing at once, through the real gateway and a fake Bot API."""

import os
import subprocess
import sys
import time

from bench.datasets import ROOT
from bench.latency import knowledge_questions
from tests.telegram.fake_bot_api import FakeBotApi


def twenty_users(stack, users: int = 20) -> dict:
    fake = FakeBotApi(port=19655)
    fake.start()
    env = {**os.environ, "DATABASE_URL": stack.env["DATABASE_URL"], "RASA_URL": stack.urls["rasa"],
           "ACTION_SERVER_URL": stack.urls["actions"], "TELEGRAM_BOT_TOKEN": fake.token,
           "TELEGRAM_BASE_URL": fake.base_url}
    log = open(ROOT / "var" / "bench" / "telegram.log", "ab")
    gateway = subprocess.Popen([sys.executable, "-m", "bot.cli", "telegram"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        fake.wait_for(lambda: fake.sent(method="setMyCommands"), 60)
        chats = list(range(5_000_001, 5_000_001 + users))
        start = time.monotonic()
        for chat, question in zip(chats, knowledge_questions(seed=11)):
            fake.text(chat, question)
        fake.wait_for(lambda: all(fake.sent(c) for c in chats), 300)
        last = max(min(c.at for c in fake.sent(chat)) for chat in chats)
        first = min(min(c.at for c in fake.sent(chat)) for chat in chats)
        wall_start = time.time() - (time.monotonic() - start)
        return {"users": users, "first_s": first - wall_start, "last_s": last - wall_start}
    finally:
        gateway.terminate()
        gateway.wait(timeout=20)
        fake.stop()
