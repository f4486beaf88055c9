"""ballots: a vote's minimum of voters, below which it has no result (issue 15, point 8)

Revision ID: 0014_ballots
Revises: 0013_receipt_thread
Create Date: 2026-11-25 09:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401 - generated columns may use sqlmodel's types
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = '0014_ballots'
down_revision: str | None = '0013_receipt_thread'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Votes that exist already get the default minimum: one counted with fewer voters shows no result from now on.
    with op.batch_alter_table('votinground', schema=None) as batch_op:
        batch_op.add_column(sa.Column('min_voters', sa.Integer(), nullable=False, server_default='5'))


def downgrade() -> None:
    with op.batch_alter_table('votinground', schema=None) as batch_op:
        batch_op.drop_column('min_voters')
