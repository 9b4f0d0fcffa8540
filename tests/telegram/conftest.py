"""The fake Bot API server and the real gateway process (`hotline telegram`) against it."""

import os
import random
import subprocess
import sys
import time

import httpx

import pytest

from tests.conftest import ROOT
from tests.telegram.fake_bot_api import FakeBotApi

AGENTS_CHAT = -1001234567890


@pytest.fixture(scope="session")
def fake_tg():
    server = FakeBotApi(port=19555)
    server.start()
    yield server
    server.stop()


def start_gateway(stack, database_url, base_url, token, extra=None,
                  agents_chat: int | None = AGENTS_CHAT, log_name: str = "telegram") -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "RASA_URL": stack.urls["rasa"],
           "ACTION_SERVER_URL": stack.urls["actions"], "TELEGRAM_BOT_TOKEN": token,
           "TELEGRAM_BASE_URL": base_url, **(extra or {})}
    if agents_chat is not None:
        env["TELEGRAM_AGENTS_CHAT_ID"] = str(agents_chat)
    log = open(ROOT / "var" / "log" / "test" / f"{log_name}.log", "wb")
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "telegram"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)


def wait_http(url: str, timeout: float = 30) -> None:
    """Until something answers HTTP at this address (any status)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise TimeoutError(url)


@pytest.fixture(scope="session")
def gateway(stack, database_url, fake_tg):
    proc = start_gateway(stack, database_url, fake_tg.base_url, fake_tg.token)
    fake_tg.wait_for(lambda: [c for c in fake_tg.calls if c.method == "setMyCommands"], 60)
    yield proc
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture
def chat_id() -> int:
    return random.randint(10_000_000, 2_000_000_000)
