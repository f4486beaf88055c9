"""transition plan: the ticks of the practical checklist, and the case dates of the decision about continued
support after 18 and of its end (issue 19.1)

Revision ID: 0027_transition_plan
Revises: 0026_housing_wishes
Create Date: 2026-12-07 16:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = "0027_transition_plan"
down_revision: str | None = "0026_housing_wishes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checklisttick",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("item", sa.String(length=30), nullable=False),
        sa.Column("done_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipality.id"], name=op.f("fk_checklisttick_municipality_id_municipality")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], name=op.f("fk_checklisttick_owner_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checklisttick")),
        sa.UniqueConstraint("owner_id", "item", name=op.f("uq_checklisttick_owner_id")),
    )
    with op.batch_alter_table("checklisttick", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checklisttick_municipality_id"), ["municipality_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_checklisttick_owner_id"), ["owner_id"], unique=False)
    with op.batch_alter_table("casedates", schema=None) as batch_op:
        batch_op.add_column(sa.Column("support_decision", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("support_ends", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("casedates", schema=None) as batch_op:
        batch_op.drop_column("support_ends")
        batch_op.drop_column("support_decision")
    with op.batch_alter_table("checklisttick", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checklisttick_owner_id"))
        batch_op.drop_index(batch_op.f("ix_checklisttick_municipality_id"))
    op.drop_table("checklisttick")
