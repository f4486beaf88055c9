"""ties to my home municipality: a young person's home municipality, the coordinator's news for its young people,
and "I would like to help" (her words, sealed) (issue 19.3)

Revision ID: 0035_home_ties
Revises: 0034_voice_recordings
Create Date: 2026-12-07 17:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = "0035_home_ties"
down_revision: str | None = "0034_voice_recordings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("home_municipality_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_user_home_municipality_id_municipality"), "municipality",
                                    ["home_municipality_id"], ["id"])
    op.create_table(
        "homenews",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("text", sa.String(length=600), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=True),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("created_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["author_id"], ["user.id"], name=op.f("fk_homenews_author_id_user"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"],
                                name=op.f("fk_homenews_municipality_id_municipality")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_homenews")),
    )
    with op.batch_alter_table("homenews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_homenews_municipality_id"), ["municipality_id"], unique=False)
    op.create_table(
        "helpoffer",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("text_sealed", sa.LargeBinary(), nullable=True),
        sa.Column("created_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["municipality_id"], ["municipality.id"],
                                name=op.f("fk_helpoffer_municipality_id_municipality")),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], name=op.f("fk_helpoffer_owner_id_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_helpoffer")),
        sa.UniqueConstraint("owner_id", name=op.f("uq_helpoffer_owner_id")),
    )
    with op.batch_alter_table("helpoffer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_helpoffer_municipality_id"), ["municipality_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("helpoffer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_helpoffer_municipality_id"))
    op.drop_table("helpoffer")
    with op.batch_alter_table("homenews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_homenews_municipality_id"))
    op.drop_table("homenews")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_user_home_municipality_id_municipality"), type_="foreignkey")
        batch_op.drop_column("home_municipality_id")
