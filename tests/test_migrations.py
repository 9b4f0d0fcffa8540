"""Alembic migrations go up and down on SQLite and PostgreSQL alike."""

import psycopg
from sqlalchemy import create_engine, inspect

from bot.db import migrate
from tests.conftest import ADMIN_URL, drop_database, isolated_database


def _tables(url):
    engine = create_engine(url)
    names = set(inspect(engine).get_table_names())
    engine.dispose()
    return names


def test_sqlite_up_down_up(tmp_path):
    url = f"sqlite:///{tmp_path / 'h.db'}"
    migrate.upgrade(url)
    assert {"contacts", "conversations", "messages"} <= _tables(url)
    migrate.downgrade(url)
    assert _tables(url) == {"alembic_version"}
    migrate.upgrade(url)


def test_postgres_up_down_up():
    name = "hotline_migrations_test"
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://") + f"/{name}"
    try:
        migrate.upgrade(url)
        assert {"contacts", "conversations", "messages"} <= _tables(url)
        migrate.downgrade(url)
        assert _tables(url) == {"alembic_version"}
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_models_and_migrations_agree():
    """Alembic finds nothing to add: every model change came with its migration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.db.models import Base
    name = "hotline_migrations_compare"
    url = isolated_database(name)  # created and migrated
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        engine.dispose()
        assert diff == []
    finally:
        drop_database(name)
