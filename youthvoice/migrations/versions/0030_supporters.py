"""supporters from my network (issue 20, "Be my Back"): their encouragement and offers of help, sealed with her key

The supporter's account is a `user` with the role "supporter" (a plain string column: no schema change), linked to
her by a `link`; what they see is a `share` with the scope "goals" (the life areas in `parts`).

Revision ID: 0030_supporters
Revises: 0029_oidc
Create Date: 2026-12-07 16:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = "0030_supporters"
down_revision: str | None = "0029_oidc"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "supportermessage",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"], ["user.id"], name=op.f("fk_supportermessage_author_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipality.id"], name=op.f("fk_supportermessage_municipality_id_municipality")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["user.id"], name=op.f("fk_supportermessage_owner_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_supportermessage")),
    )
    with op.batch_alter_table("supportermessage", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supportermessage_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supportermessage_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_supportermessage_municipality_id"), ["municipality_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_supportermessage_owner_id"), ["owner_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("supportermessage", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supportermessage_owner_id"))
        batch_op.drop_index(batch_op.f("ix_supportermessage_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_supportermessage_created_at"))
        batch_op.drop_index(batch_op.f("ix_supportermessage_author_id"))
    op.drop_table("supportermessage")
