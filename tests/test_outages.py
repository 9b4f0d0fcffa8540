"""A dead action server or a dead Rasa: a clear 503, the message kept and answered later."""

import time

import httpx
import pytest

from bot.stack import Ports, Stack
from tests.conftest import ROOT, TEST_PORTS


def _wait(predicate, timeout=60.0, every=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("condition not met in time")


def test_dead_action_server_gives_503_and_the_message_is_answered_when_it_returns(
        stack, web, sender):
    stack.stop("actions")
    try:
        response = web.post("/api/chat", json={"sender": sender, "message": "增值税什么时候申报？"})
        assert response.status_code == 503
        body = response.json()
        assert "收到" in body["replies"][0]["text"]
        assert body["route"] is None
        health = web.get("/healthz")
        assert health.status_code == 503 and not health.json()["action_server"]["ok"]
        stored = web.get(f"/api/chat/{sender}/messages").json()["messages"]
        assert stored[0]["text"] == "增值税什么时候申报？"
    finally:
        stack.start_actions()
        stack.wait_ready()

    def answered():
        messages = web.get(f"/api/chat/{sender}/messages").json()["messages"]
        return [m for m in messages if m["role"] == "bot"]

    bot_replies = _wait(answered, timeout=60)
    assert bot_replies[0]["route"]["hotline"] == "tax_business"


@pytest.fixture
def web_with_dead_rasa(stack, database_url):
    """A second web app on the same database whose Rasa address answers nothing."""
    dead = Stack(ports=Ports(rasa=15999, actions=TEST_PORTS.actions, web=18081),
                 env={"DATABASE_URL": database_url}, log_dir=ROOT / "var" / "log" / "test")
    dead.start_web()
    _wait(lambda: _up("http://127.0.0.1:18081/api/chat/x/messages"), timeout=60)
    yield httpx.Client(base_url="http://127.0.0.1:18081", timeout=30)
    dead.stop()


def _up(url):
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_dead_rasa_gives_503_and_a_live_app_answers_the_stored_message(
        web_with_dead_rasa, web, sender):
    response = web_with_dead_rasa.post(
        "/api/chat", json={"sender": sender, "message": "What is the late payment surcharge for tax?"})
    assert response.status_code == 503
    assert "received" in response.json()["replies"][0]["text"]
    assert web_with_dead_rasa.get("/healthz").status_code == 503

    # The app whose Rasa is alive picks the pending message up by itself.
    def answered():
        messages = web.get(f"/api/chat/{sender}/messages").json()["messages"]
        return [m for m in messages if m["role"] == "bot"]

    bot_replies = _wait(answered, timeout=60)
    assert bot_replies[0]["route"]["hotline"] == "tax_business"
    assert bot_replies[0]["text"].startswith("[")


@pytest.mark.parametrize("status", ["received", "retrying"])
def test_a_message_stored_by_a_process_that_died_is_answered(web, sender, database_url, status):
    """Stored and never answered because the app crashed after storing it (`received`) or in
    the middle of a retry (`retrying`): picked up later."""
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import create_engine, text
    web.get(f"/api/chat/{sender}/messages")
    engine = create_engine(database_url)
    with engine.begin() as conn:
        contact = conn.execute(text("INSERT INTO contacts (channel, external_id, created_at) "
                                    "VALUES ('web', :s, now()) RETURNING id"), {"s": sender}).scalar()
        conversation = conn.execute(text(
            "INSERT INTO conversations (contact_id, rasa_sender_id, rasa_paused, created_at, updated_at) "
            "VALUES (:c, :r, false, now(), now()) RETURNING id"),
            {"c": contact, "r": f"web:{sender}"}).scalar()
        five_minutes_ago = datetime.now(timezone.utc) - timedelta(minutes=5)
        conn.execute(text("INSERT INTO messages (conversation_id, role, text, status, created_at, "
                          "claimed_at) VALUES (:c, 'customer', '发明专利保护多少年？', :s, :t, :k)"),
                     {"c": conversation, "s": status, "t": five_minutes_ago,
                      "k": five_minutes_ago if status == "retrying" else None})
    engine.dispose()

    def answered():
        messages = web.get(f"/api/chat/{sender}/messages").json()["messages"]
        return [m for m in messages if m["role"] == "bot"]

    assert _wait(answered, timeout=60)[0]["route"]["hotline"] == "hightech_ip"
