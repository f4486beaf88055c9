"""point cards: a point of a meeting can come from a picture card (its topic) with a face 1-5 (issue 17.2)

Revision ID: 0025_point_cards
Revises: 0024_accountability
Create Date: 2026-12-07 14:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0025_point_cards'
down_revision: str | None = '0024_accountability'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('meetingpoint', schema=None) as batch_op:
        batch_op.add_column(sa.Column('topic', sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column('face', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('meetingpoint', schema=None) as batch_op:
        batch_op.drop_column('face')
        batch_op.drop_column('topic')
