"""Fresh PostgreSQL databases for the benchmarks, and how much room they take."""

import os

import psycopg

ADMIN = os.environ.get("TEST_PG_ADMIN", "postgresql://postgres@127.0.0.1:5432/test")


def fresh(name: str) -> str:
    """Create (or recreate) a migrated database; returns its SQLAlchemy URL."""
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
    from bot.db import migrate
    migrate.upgrade(url)
    return url


def drop(name: str) -> None:
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def footprint(url: str) -> tuple[int, int]:
    """(bytes in the app's tables with their indexes and TOAST, messages stored)."""
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        size = conn.execute("SELECT sum(pg_total_relation_size(relid)) "
                            "FROM pg_catalog.pg_statio_user_tables").fetchone()[0]
        messages = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    return int(size), int(messages)
