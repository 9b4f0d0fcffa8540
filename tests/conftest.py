"""Shared fixtures: a fresh PostgreSQL database and the real stack (Rasa, actions, web)."""

import os
import uuid
from pathlib import Path

import httpx
import psycopg
import pytest

from bot.stack import Ports, Stack
from tests.browser import browser  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ADMIN_URL = os.environ.get("TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")
TEST_DB = f"hotline_test_{os.getpid()}"
TEST_PORTS = Ports(rasa=15005, actions=15055, web=18080)


def _admin(sql: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture(scope="session")
def database_url():
    """A new, migrated PostgreSQL database for this test run, dropped afterwards."""
    url = isolated_database(TEST_DB)
    os.environ["DATABASE_URL"] = url
    from bot.settings import get_settings
    get_settings.cache_clear()
    yield url
    from bot.db.session import engine_for
    engine_for(url).dispose()
    drop_database(TEST_DB)


def isolated_database(name: str):
    """A separate migrated database, for a second gateway that must not share the outbox."""
    _admin(f'DROP DATABASE IF EXISTS "{name}"')
    _admin(f'CREATE DATABASE "{name}"')
    url = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
    from bot.db import migrate
    migrate.upgrade(url)
    return url


def drop_database(name: str) -> None:
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def stack(database_url):
    """Rasa, the action server and the web app as real processes on test ports."""
    s = Stack(ports=TEST_PORTS, env={"DATABASE_URL": database_url,
                                     "RASA_TELEMETRY_ENABLED": "false"},
              log_dir=ROOT / "var" / "log" / "test")
    os.environ["RASA_URL"] = s.urls["rasa"]
    os.environ["ACTION_SERVER_URL"] = s.urls["actions"]
    from bot.settings import get_settings
    get_settings.cache_clear()
    try:
        s.start(timeout=300)
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="session")
def web(stack):
    with httpx.Client(base_url=stack.urls["web"], timeout=60) as client:
        yield client


@pytest.fixture
def sender() -> str:
    return uuid.uuid4().hex


def chat(web: httpx.Client, sender: str, message: str, **extra) -> dict:
    response = web.post("/api/chat", json={"sender": sender, "message": message, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def stored_messages(database_url: str, sender: str) -> list[tuple[str, str, str]]:
    """(role, status, text) of every stored turn of a sender's conversations, in order."""
    from sqlalchemy import create_engine, text
    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT m.role, m.status, m.text FROM messages m "
            "JOIN conversations c ON c.id = m.conversation_id "
            "JOIN contacts p ON p.id = c.contact_id WHERE p.external_id = :s ORDER BY m.id"),
            {"s": sender}).all()
    engine.dispose()
    return [tuple(r) for r in rows]
