"""The customer side against a peer nobody here wrote: the `telegram-test-api` emulator from
the npm registry (with the corrections in emulator/serve.js), driven through its client API."""

import json
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT, drop_database, isolated_database
from tests.telegram.conftest import start_gateway, wait_http

EMULATOR = Path(__file__).parent / "emulator"
PORT = 19557
TOKEN = "424242:EMULATOR"
CHAT = 31337


@pytest.fixture(scope="module")
def emulator(stack):
    name = "hotline_test_emulator"
    url = isolated_database(name)
    log = open(ROOT / "var" / "log" / "test" / "emulator.log", "ab")
    node = subprocess.Popen(["node", "serve.js"], cwd=EMULATOR, env={"PORT": str(PORT),
                            "PATH": "/usr/bin:/bin:/usr/local/bin"}, stdout=log,
                            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{PORT}"
    wait_http(f"{base}/bot{TOKEN}/getMe")
    gateway = start_gateway(stack, url, f"{base}/bot", TOKEN, agents_chat=None,
                            log_name="telegram-emulator")  # no forums there
    yield base
    gateway.terminate()
    gateway.wait(timeout=20)
    node.terminate()
    node.wait(timeout=10)
    drop_database(name)


def user_message(text: str) -> dict:
    message = {"botToken": TOKEN, "date": int(time.time()), "text": text,
               "from": {"id": CHAT, "is_bot": False, "first_name": "Li", "language_code": "zh"},
               "chat": {"id": CHAT, "type": "private", "first_name": "Li"}}
    if text.startswith("/"):
        message["entities"] = [{"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}]
    return message


def buttons(message: dict) -> list[dict]:
    markup = message["reply_markup"]  # the emulator keeps it as it was sent: maybe JSON text
    markup = markup if isinstance(markup, dict) else json.loads(markup)
    return [b for row in markup["inline_keyboard"] for b in row]


def bot_replies(base: str, needle: str, timeout: float = 40) -> list[dict]:
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = httpx.post(f"{base}/getUpdates", json={"token": TOKEN, "chatId": CHAT}).json()["result"]
        seen += [u["message"] for u in result]
        if any(needle in m.get("text", "") for m in seen):
            return seen
        time.sleep(0.3)
    raise AssertionError(f"no reply containing {needle!r}; got {[m.get('text') for m in seen]}")


def test_start_command_gets_the_welcome_with_buttons(emulator):
    httpx.post(f"{emulator}/sendCommand", json=user_message("/start")).raise_for_status()
    replies = bot_replies(emulator, "企业服务热线")
    welcome = next(m for m in replies if "企业服务热线" in m["text"])
    titles = [b["text"] for b in buttons(welcome)]
    assert "人力资源" in titles


def test_chinese_question_is_answered_with_its_source(emulator):
    httpx.post(f"{emulator}/sendMessage",
               json=user_message("签三年的劳动合同，试用期最多能约定几个月？")).raise_for_status()
    replies = bot_replies(emulator, "【人力资源】")
    answer = next(m for m in replies if "【人力资源】" in m["text"])
    assert "来源：" in answer["text"] and answer["parse_mode"] == "HTML"


def test_inline_button_press_is_answered(emulator):
    httpx.post(f"{emulator}/sendCommand", json=user_message("/hotlines")).raise_for_status()
    replies = bot_replies(emulator, "请选择热线")
    menu = next(m for m in replies if "请选择热线" in m["text"])
    data = next(b["callback_data"] for b in buttons(menu) if b["text"] == "法律咨询")
    press = {"botToken": TOKEN, "data": data,
             "from": {"id": CHAT, "is_bot": False, "first_name": "Li"},
             "message": {"message_id": 1, "date": int(time.time()), "text": menu["text"],
                         "chat": {"id": CHAT, "type": "private", "first_name": "Li"}}}
    httpx.post(f"{emulator}/sendCallback", json=press).raise_for_status()
    bot_replies(emulator, "【法律咨询】")


def test_crisis_message_gets_the_hotline_numbers(emulator):
    httpx.post(f"{emulator}/sendMessage", json=user_message("I don't want to live anymore")).raise_for_status()
    replies = bot_replies(emulator, "12356")
    crisis = next(m for m in replies if "12356" in m["text"])
    assert "110" in crisis["text"] and "120" in crisis["text"]
