"""Webhook mode: Telegram's secret-token header is checked; requests without it are refused.
Runs on its own database and fake server so that two gateways never share an outbox."""

import time

import httpx
import pytest

from tests.conftest import drop_database, isolated_database
from tests.telegram.conftest import start_gateway, wait_http
from tests.telegram.fake_bot_api import FakeBotApi

SECRET = "s3cret-token_value"
PORT = 18443


@pytest.fixture(scope="module")
def webhook_gateway(stack):
    name = "hotline_test_webhook"
    url = isolated_database(name)
    fake = FakeBotApi(port=19556)
    fake.start()
    proc = start_gateway(stack, url, fake.base_url, fake.token, {
        "TELEGRAM_WEBHOOK_URL": "https://hotline.example/telegram",
        "TELEGRAM_WEBHOOK_SECRET": SECRET, "TELEGRAM_WEBHOOK_PORT": str(PORT),
        "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1"}, log_name="telegram-webhook")
    fake.wait_for(lambda: fake.sent(method="setWebhook"), 60)
    wait_http(f"http://127.0.0.1:{PORT}/")
    yield fake
    proc.terminate()
    proc.wait(timeout=20)
    fake.stop()
    drop_database(name)


def update(chat_id: int, text: str, update_id: int) -> dict:
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "text": text,
        "chat": {"id": chat_id, "type": "private"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "T"}}}


def test_set_webhook_carries_the_secret(webhook_gateway):
    call = webhook_gateway.sent(method="setWebhook")[-1]
    assert call.params["url"] == "https://hotline.example/telegram"
    assert call.params["secret_token"] == SECRET


def test_request_without_or_with_wrong_secret_is_refused(webhook_gateway):
    url = f"http://127.0.0.1:{PORT}/telegram"
    assert httpx.post(url, json=update(5551, "你好", 1)).status_code == 403
    wrong = {"X-Telegram-Bot-Api-Secret-Token": "nope"}
    assert httpx.post(url, json=update(5551, "你好", 2), headers=wrong).status_code == 403
    time.sleep(2)
    assert not webhook_gateway.sent(5551)


def test_request_with_the_secret_is_answered(webhook_gateway):
    url = f"http://127.0.0.1:{PORT}/telegram"
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    assert httpx.post(url, json=update(5552, "你好", 3), headers=headers).status_code == 200
    webhook_gateway.wait_for(lambda: [c for c in webhook_gateway.sent(5552)
                                      if "您好" in c.params["text"]])
