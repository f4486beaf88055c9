"""voice recordings: a young person's voice answer to one of her items, sealed with her data key (issue 17.1)

Revision ID: 0034_voice_recordings
Revises: 0033_youth_panel
Create Date: 2026-12-07 16:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = "0034_voice_recordings"
down_revision: str | None = "0033_youth_panel"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "voicerecording",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("meeting_id", sa.Uuid(), nullable=True),
        sa.Column("answers", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("container", sa.String(length=10), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("audio_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipality.id"], name=op.f("fk_voicerecording_municipality_id_municipality")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], name=op.f("fk_voicerecording_owner_id_user"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_voicerecording_meeting_id_meeting"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_voicerecording")),
        sa.UniqueConstraint("answers", "item_id", name=op.f("uq_voicerecording_answers")),
    )
    with op.batch_alter_table("voicerecording", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_voicerecording_municipality_id"), ["municipality_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_voicerecording_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_voicerecording_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_voicerecording_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("voicerecording", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_voicerecording_item_id"))
        batch_op.drop_index(batch_op.f("ix_voicerecording_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_voicerecording_owner_id"))
        batch_op.drop_index(batch_op.f("ix_voicerecording_municipality_id"))
    op.drop_table("voicerecording")
