"""council fixes: a hidden comment shown again keeps who did it and why, and a moved answer date is kept on the
cause's timeline (issue 21.1)

Revision ID: 0019_council_fixes
Revises: 0018_staff_recovery
Create Date: 2026-12-07 10:45:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401 - generated columns may use sqlmodel's types
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = '0019_council_fixes'
down_revision: str | None = '0018_staff_recovery'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('restored_at', youthvoice.core.model.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('restored_by_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('restored_reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_comment_restored_by_id_user'), 'user', ['restored_by_id'], ['id'])

    with op.batch_alter_table('causeupdate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_due_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('causeupdate', schema=None) as batch_op:
        batch_op.drop_column('answer_due_on')

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_comment_restored_by_id_user'), type_='foreignkey')
        batch_op.drop_column('restored_reason')
        batch_op.drop_column('restored_by_id')
        batch_op.drop_column('restored_at')
