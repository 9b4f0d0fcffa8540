"""outbox: bulk items (reminder broadcasts) go after conversation replies

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 22:05:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('outbox') as batch:
        batch.add_column(sa.Column('bulk', sa.Boolean(), server_default=sa.false(),
                                   nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('outbox') as batch:
        batch.drop_column('bulk')
