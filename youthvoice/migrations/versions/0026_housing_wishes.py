"""housing wishes: the kind of home a young person wants (a code) and her words about it, sealed (issue 19.2)

Revision ID: 0026_housing_wishes
Revises: 0025_point_cards
Create Date: 2026-12-07 14:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = "0026_housing_wishes"
down_revision: str | None = "0025_point_cards"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "housingwish",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=True),
        sa.Column("kind_other_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("town_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("near_whom_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("with_whom_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("afford_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("help_needed_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipality.id"], name=op.f("fk_housingwish_municipality_id_municipality")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], name=op.f("fk_housingwish_owner_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_housingwish")),
        sa.UniqueConstraint("owner_id", name=op.f("uq_housingwish_owner_id")),
    )
    with op.batch_alter_table("housingwish", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_housingwish_municipality_id"), ["municipality_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("housingwish", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_housingwish_municipality_id"))
    op.drop_table("housingwish")
