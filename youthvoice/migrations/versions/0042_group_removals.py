"""peer groups (issue 20.3): the facilitator takes a member out of a group, with a reason she is shown, and closes
a group (read-only from then on; nothing is deleted).

Revision ID: 0042_group_removals
Revises: 0041_peer_groups
Create Date: 2026-12-07 23:40:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401 - generated columns may use sqlmodel's types
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = "0042_group_removals"
down_revision: str | None = "0041_peer_groups"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('peergroup', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', youthvoice.core.model.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('groupmember', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed_at', youthvoice.core.model.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('removed_why', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('removed_reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('groupmember', schema=None) as batch_op:
        batch_op.drop_column('removed_reason')
        batch_op.drop_column('removed_why')
        batch_op.drop_column('removed_at')

    with op.batch_alter_table('peergroup', schema=None) as batch_op:
        batch_op.drop_column('closed_at')
