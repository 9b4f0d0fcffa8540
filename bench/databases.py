"""How much room a benchmark's PostgreSQL database takes (the tests' helpers make and drop
them: tests.conftest.isolated_database, drop_database)."""

import psycopg


def footprint(url: str) -> tuple[int, int]:
    """(bytes in the app's tables with their indexes and TOAST, messages stored)."""
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        size = conn.execute("SELECT sum(pg_total_relation_size(relid)) "
                            "FROM pg_catalog.pg_statio_user_tables").fetchone()[0]
        messages = conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    return int(size), int(messages)
