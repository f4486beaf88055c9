"""absence cover (issue 18.3): a professional's absence and the colleague who covers, the cover on an urgent message,
the municipality's out-of-hours service; and a meeting cancelled by the professional who made it (issue 18.6)

Revision ID: 0031_absence
Revises: 0030_supporters
Create Date: 2026-12-07 16:27:09.153921
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import youthvoice.core.model

revision: str = "0031_absence"
down_revision: str | None = "0030_supporters"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "absence",
        sa.Column("professional_id", sa.Uuid(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("cover_id", sa.Uuid(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("created_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["cover_id"], ["user.id"], name=op.f("fk_absence_cover_id_user"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipality.id"], name=op.f("fk_absence_municipality_id_municipality")
        ),
        sa.ForeignKeyConstraint(
            ["professional_id"], ["user.id"], name=op.f("fk_absence_professional_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("professional_id", name=op.f("pk_absence")),
    )
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_absence_cover_id"), ["cover_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_absence_municipality_id"), ["municipality_id"], unique=False)

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cancelled_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table("municipality", schema=None) as batch_op:
        batch_op.add_column(sa.Column("out_of_hours_name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column("out_of_hours_phone", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True))

    with op.batch_alter_table("urgentmessage", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cover_id", sa.Uuid(), nullable=True))
        batch_op.create_index(batch_op.f("ix_urgentmessage_cover_id"), ["cover_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_urgentmessage_cover_id_user"), "user", ["cover_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("urgentmessage", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_urgentmessage_cover_id_user"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_urgentmessage_cover_id"))
        batch_op.drop_column("cover_id")

    with op.batch_alter_table("municipality", schema=None) as batch_op:
        batch_op.drop_column("out_of_hours_phone")
        batch_op.drop_column("out_of_hours_name")

    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_column("cancelled_at")

    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_absence_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_absence_cover_id"))

    op.drop_table("absence")
