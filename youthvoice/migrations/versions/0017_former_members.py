"""former members: a youth-council proposal, its versions and its timeline entries can outlive their author's
erasure, under "a former member" (issue 15)

Revision ID: 0017_former_members
Revises: 0016_request_body_hash
Create Date: 2026-12-07 07:02:12.167084
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401 - generated columns may use sqlmodel's types
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = '0017_former_members'
down_revision: str | None = '0016_request_body_hash'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (("cause", "author_id"), ("causerevision", "editor_id"), ("causeupdate", "author_id"))


def upgrade() -> None:
    for table, column in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.Uuid(), nullable=True)


def downgrade() -> None:
    # A proposal kept after its author's erasure has no author to go back to: it goes, as it would have then.
    bind = op.get_bind()
    for table, column in COLUMNS:
        if table != "cause":
            bind.execute(sa.text(f"DELETE FROM {table} WHERE {column} IS NULL"))  # noqa: S608 - fixed names
    for child in ("causerevision", "support", "causeupdate", "roundentry", "comment"):
        bind.execute(sa.text(f"DELETE FROM {child} WHERE cause_id IN (SELECT id FROM cause WHERE author_id IS NULL)"))  # noqa: S608,E501
    bind.execute(sa.text("DELETE FROM cause WHERE author_id IS NULL"))
    for table, column in COLUMNS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(column, existing_type=sa.Uuid(), nullable=False)
