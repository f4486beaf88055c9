"""panel submissions: a young person's point, sent by herself as an anonymous copy to her youth panel (issue 21.6)

No owner and no link to the point: only the municipality, the text, the day it came and who hid it.

Revision ID: 0040_panel_submissions
Revises: 0039_proposal_images
Create Date: 2026-12-07 20:10:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes  # noqa: F401 - generated columns may use sqlmodel's types
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = "0040_panel_submissions"
down_revision: str | None = "0039_proposal_images"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("panelsubmission",
    sa.Column("id", sa.Uuid(), nullable=False),
    sa.Column("municipality_id", sa.Integer(), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("received_on", sa.Date(), nullable=False),
    sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column("hidden_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=True),
    sa.Column("hidden_by_id", sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(["hidden_by_id"], ["user.id"], name=op.f("fk_panelsubmission_hidden_by_id_user"), ondelete="SET NULL"),
    sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"], name=op.f("fk_panelsubmission_municipality_id_municipality")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_panelsubmission")),
    sa.UniqueConstraint("fingerprint", name=op.f("uq_panelsubmission_fingerprint"))
    )
    with op.batch_alter_table("panelsubmission", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_panelsubmission_municipality_id"), ["municipality_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_panelsubmission_received_on"), ["received_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("panelsubmission", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_panelsubmission_received_on"))
        batch_op.drop_index(batch_op.f("ix_panelsubmission_municipality_id"))
    op.drop_table("panelsubmission")
