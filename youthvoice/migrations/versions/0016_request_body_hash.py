"""request keys remember a hash of what was asked (issue 15)

Revision ID: 0016_request_body_hash
Revises: 0015_audit_keys
Create Date: 2026-12-06 10:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = '0016_request_body_hash'
down_revision: str | None = '0015_audit_keys'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('requestkey', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('requestkey', schema=None) as batch_op:
        batch_op.drop_column('body_hash')
