"""Database: typed models, the engine and sessions, Alembic migrations."""
