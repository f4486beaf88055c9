"""email: a person's own choice to be told by email that something is new, without content (issues 18.7, 21.7)

Revision ID: 0028_email
Revises: 0027_transition_plan
Create Date: 2026-12-07 16:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = "0028_email"
down_revision: str | None = "0027_transition_plan"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "email_setting",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=True),
        sa.Column("created_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_sent_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=True),
        sa.Column("waiting_since", youthvoice.core.model.UTCDateTime(timezone=True), nullable=True),
        sa.Column("failure_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_email_setting_user_id_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_setting")),
        sa.UniqueConstraint("user_id", name=op.f("uq_email_setting_user_id")),
    )


def downgrade() -> None:
    op.drop_table("email_setting")
