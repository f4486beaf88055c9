"""caseload: the dates the law sets for a young person's case (the child's plan, its next review, the transition
meeting) and the journal notes professionals make of a meeting for the case file (issue 18.4 and 18.5)

Revision ID: 0022_caseload
Revises: 0021_evidence
Create Date: 2026-12-07 13:09:38.649246
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

import youthvoice.core.model

revision: str = "0022_caseload"
down_revision: str | None = "0021_evidence"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "casedates",
        sa.Column("young_person_id", sa.Uuid(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("plan_date", sa.Date(), nullable=True),
        sa.Column("plan_review", sa.Date(), nullable=True),
        sa.Column("transition_meeting", sa.Date(), nullable=True),
        sa.Column("updated_by_id", sa.Uuid(), nullable=True),
        sa.Column("updated_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipality.id"], name=op.f("fk_casedates_municipality_id_municipality")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["user.id"], name=op.f("fk_casedates_updated_by_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"], ["user.id"], name=op.f("fk_casedates_young_person_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("young_person_id", name=op.f("pk_casedates")),
    )
    with op.batch_alter_table("casedates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_casedates_municipality_id"), ["municipality_id"], unique=False)

    op.create_table(
        "journalnote",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=False),
        sa.Column("made_by_id", sa.Uuid(), nullable=True),
        sa.Column("made_by_name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("parts", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("made_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["made_by_id"], ["user.id"], name=op.f("fk_journalnote_made_by_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_journalnote_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipality.id"], name=op.f("fk_journalnote_municipality_id_municipality")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], name=op.f("fk_journalnote_owner_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_journalnote")),
    )
    with op.batch_alter_table("journalnote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_journalnote_made_at"), ["made_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_journalnote_made_by_id"), ["made_by_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_journalnote_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_journalnote_municipality_id"), ["municipality_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_journalnote_owner_id"), ["owner_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("journalnote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_journalnote_owner_id"))
        batch_op.drop_index(batch_op.f("ix_journalnote_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_journalnote_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_journalnote_made_by_id"))
        batch_op.drop_index(batch_op.f("ix_journalnote_made_at"))

    op.drop_table("journalnote")
    with op.batch_alter_table("casedates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_casedates_municipality_id"))

    op.drop_table("casedates")
