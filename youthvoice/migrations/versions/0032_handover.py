"""handover: a professional's short profile, the team lead flag, colleagues adding colleagues, handovers with the
leaving caseworker's note (sealed), and a young person's request for a different contact (issue 18.2 and 18.8)

Revision ID: 0032_handover
Revises: 0031_absence
Create Date: 2026-12-07 16:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = "0032_handover"
down_revision: str | None = "0031_absence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("municipality", schema=None) as batch_op:
        batch_op.add_column(sa.Column("colleagues_may_add", sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone_hours", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("about", sa.String(length=400), nullable=True))
        batch_op.add_column(sa.Column("is_team_lead", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "handover",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Uuid(), nullable=False),
        sa.Column("from_id", sa.Uuid(), nullable=True),
        sa.Column("to_id", sa.Uuid(), nullable=True),
        sa.Column("moved_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.Column("note_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("note_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"],
                                name=op.f("fk_handover_municipality_id_municipality")),
        sa.ForeignKeyConstraint(["young_person_id"], ["user.id"], name=op.f("fk_handover_young_person_id_user"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["from_id"], ["user.id"], name=op.f("fk_handover_from_id_user"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["to_id"], ["user.id"], name=op.f("fk_handover_to_id_user"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["moved_by_id"], ["user.id"], name=op.f("fk_handover_moved_by_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover")),
    )
    with op.batch_alter_table("handover", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_handover_municipality_id"), ["municipality_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_handover_young_person_id"), ["young_person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_handover_from_id"), ["from_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_handover_to_id"), ["to_id"], unique=False)
    op.create_table(
        "contactrequest",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("young_person_id", sa.Uuid(), nullable=False),
        sa.Column("professional_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_by_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"],
                                name=op.f("fk_contactrequest_municipality_id_municipality")),
        sa.ForeignKeyConstraint(["young_person_id"], ["user.id"],
                                name=op.f("fk_contactrequest_young_person_id_user"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["professional_id"], ["user.id"],
                                name=op.f("fk_contactrequest_professional_id_user"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["done_by_id"], ["user.id"], name=op.f("fk_contactrequest_done_by_id_user"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contactrequest")),
    )
    with op.batch_alter_table("contactrequest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contactrequest_municipality_id"), ["municipality_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contactrequest_young_person_id"), ["young_person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("contactrequest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contactrequest_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_contactrequest_municipality_id"))
    op.drop_table("contactrequest")
    with op.batch_alter_table("handover", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handover_to_id"))
        batch_op.drop_index(batch_op.f("ix_handover_from_id"))
        batch_op.drop_index(batch_op.f("ix_handover_young_person_id"))
        batch_op.drop_index(batch_op.f("ix_handover_municipality_id"))
    op.drop_table("handover")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("is_team_lead")
        batch_op.drop_column("about")
        batch_op.drop_column("phone_hours")
    with op.batch_alter_table("municipality", schema=None) as batch_op:
        batch_op.drop_column("colleagues_may_add")
