"""Rasa as it runs scaled out (deploy/rasa/endpoints.yml, the file docker-compose mounts):
trackers in the real PostgreSQL, conversation locks in the real Redis."""

import os
import subprocess
import time

import httpx
import pytest
import redis

from tests.conftest import ROOT, drop_database, isolated_database

PORT = 15305
NAME = "hotline_test_rasa_tracker"


def start_rasa(stack, db: str) -> subprocess.Popen:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false",
           "ACTION_ENDPOINT_URL": f"{stack.urls['actions']}/webhook", "POSTGRES_HOST": "127.0.0.1",
           "POSTGRES_DB": db, "POSTGRES_USER": "postgres", "POSTGRES_PASSWORD": "",
           "REDIS_HOST": "127.0.0.1"}
    log = open(ROOT / "var" / "log" / "test" / "rasa-scaled.log", "ab")
    proc = subprocess.Popen([*stack.rasa_command(), "run", "--enable-api", "--model", str(stack.model),
                             "--port", str(PORT), "--interface", "127.0.0.1", "--endpoints",
                             "deploy/rasa/endpoints.yml", "--credentials", "credentials.yml"],
                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert proc.poll() is None, "rasa exited; see var/log/test/rasa-scaled.log"
        try:
            if httpx.get(f"http://127.0.0.1:{PORT}/status", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise TimeoutError("rasa with the scaled-out endpoints did not start")


@pytest.fixture
def tracker_db():
    url = isolated_database(NAME)  # Rasa creates its own tables in it
    yield url
    drop_database(NAME)


def test_trackers_survive_a_restart_and_locks_go_through_redis(stack, tracker_db, sender):
    lock_redis = redis.Redis(host="127.0.0.1", port=6379, db=1)
    before = lock_redis.info("stats")["total_commands_processed"]
    proc = start_rasa(stack, NAME)
    url = f"http://127.0.0.1:{PORT}"
    try:
        messages = httpx.post(f"{url}/webhooks/rest/webhook", timeout=30, json={
            "sender": f"scaled-{sender}", "message": "试用期工资最低是多少",
            "metadata": {"lang": "zh"}}).json()
        assert any(m.get("custom", {}).get("route", {}).get("hotline") == "hr" for m in messages)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    # Rasa took and released the conversation's lock in Redis while it handled the message.
    assert lock_redis.info("stats")["total_commands_processed"] > before + 2

    proc = start_rasa(stack, NAME)  # a new process: the conversation comes from PostgreSQL
    try:
        tracker = httpx.get(f"{url}/conversations/scaled-{sender}/tracker", timeout=10).json()
        texts = [e.get("text") for e in tracker["events"] if e["event"] == "user"]
        assert texts == ["试用期工资最低是多少"]
        assert tracker["slots"]["hotline"] == "hr"
    finally:
        proc.terminate()
        proc.wait(timeout=30)
