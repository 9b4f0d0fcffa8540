"""Twenty Telegram users writing at once, through the real gateway and a fake Bot API."""

import os
import subprocess
import sys
import time

from bench.datasets import ROOT
from bench.questions import knowledge_questions
from bench.servers import rss_mb
from tests.telegram.fake_bot_api import FakeBotApi


LEVELS = (1, 10, 20, 50)


def users_at_once(stack) -> dict:
    """For each level, that many users send one knowledge-base question at the same moment;
    when did the first and the last get an answer?"""
    fake = FakeBotApi(port=19655)
    fake.start()
    env = {**os.environ, "DATABASE_URL": stack.env["DATABASE_URL"], "RASA_URL": stack.urls["rasa"],
           "ACTION_SERVER_URL": stack.urls["actions"], "TELEGRAM_BOT_TOKEN": fake.token,
           "TELEGRAM_BASE_URL": fake.base_url}
    log = open(ROOT / "var" / "bench" / "telegram.log", "ab")
    gateway = subprocess.Popen([sys.executable, "-m", "bot.cli", "telegram"], cwd=ROOT, env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    questions = knowledge_questions(seed=11)
    try:
        fake.wait_for(lambda: fake.sent(method="setMyCommands"), 60)
        levels, asked = [], 0
        for users in LEVELS:
            chats = list(range(5_000_001 + asked, 5_000_001 + asked + users))
            wall_start = time.time()
            for chat, question in zip(chats, questions[asked:]):
                fake.text(chat, question)
            asked += users
            fake.wait_for(lambda: all(fake.sent(c) for c in chats), 300)
            answered = [min(c.at for c in fake.sent(chat)) - wall_start for chat in chats]
            levels.append({"users": users, "first_s": min(answered), "last_s": max(answered),
                           "per_s": users / max(answered)})
        return {"levels": levels, "gateway_rss_mb": rss_mb(gateway.pid)}
    finally:
        gateway.terminate()
        gateway.wait(timeout=20)
        fake.stop()
