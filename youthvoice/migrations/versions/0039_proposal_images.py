"""proposal images: pictures on youth-council proposals, made again as small JPEGs (issue 21.4)

Revision ID: 0039_proposal_images
Revises: 0038_panel_close_early
Create Date: 2026-12-07 20:10:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = "0039_proposal_images"
down_revision: str | None = "0038_panel_close_early"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("causeimage",
    sa.Column("id", sa.Uuid(), nullable=False),
    sa.Column("municipality_id", sa.Integer(), nullable=False),
    sa.Column("cause_id", sa.Uuid(), nullable=False),
    sa.Column("added_by_id", sa.Uuid(), nullable=True),
    sa.Column("data", sa.LargeBinary(), nullable=False),
    sa.Column("width", sa.Integer(), nullable=False),
    sa.Column("height", sa.Integer(), nullable=False),
    sa.Column("alt", sa.String(length=200), nullable=False),
    sa.Column("created_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(["added_by_id"], ["user.id"], name=op.f("fk_causeimage_added_by_id_user")),
    sa.ForeignKeyConstraint(["cause_id"], ["cause.id"], name=op.f("fk_causeimage_cause_id_cause"), ondelete="CASCADE"),
    sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"],
                            name=op.f("fk_causeimage_municipality_id_municipality")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_causeimage"))
    )
    with op.batch_alter_table("causeimage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_causeimage_added_by_id"), ["added_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_causeimage_cause_id"), ["cause_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_causeimage_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_causeimage_municipality_id"), ["municipality_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("causeimage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_causeimage_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_causeimage_created_at"))
        batch_op.drop_index(batch_op.f("ix_causeimage_cause_id"))
        batch_op.drop_index(batch_op.f("ix_causeimage_added_by_id"))
    op.drop_table("causeimage")
