"""voice questions: after a meeting the young person is also asked "Did I get to say what mattered to me?" and "Do I
know what happens with what I said?", answered with faces 1-5 (issue 22.1)

Revision ID: 0020_voice_questions
Revises: 0019_council_fixes
Create Date: 2026-12-07 10:50:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0020_voice_questions'
down_revision: str | None = '0019_council_fixes'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('followup', schema=None) as batch_op:
        batch_op.add_column(sa.Column('said_what_mattered', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('knows_what_happens', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('followup', schema=None) as batch_op:
        batch_op.drop_column('knows_what_happens')
        batch_op.drop_column('said_what_mattered')
