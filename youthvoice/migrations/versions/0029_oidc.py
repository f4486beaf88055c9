"""staff log in with the municipality's OpenID Connect provider: the provider per municipality (its client secret
sealed) and each member of staff's (issuer, subject) (issue 23.1)

Revision ID: 0029_oidc
Revises: 0028_email
Create Date: 2026-12-07 16:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import youthvoice.core.model  # noqa: F401 - custom column types

revision: str = "0029_oidc"
down_revision: str | None = "0028_email"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "loginprovider",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("client_id", sa.String(length=200), nullable=False),
        sa.Column("client_secret_sealed", sa.LargeBinary(length=1024), nullable=False),
        sa.Column("secret_key_id", sa.String(length=40), nullable=False),
        sa.Column("subject_claim", sa.String(length=20), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipality.id"], name=op.f("fk_loginprovider_municipality_id_municipality")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_loginprovider")),
        sa.UniqueConstraint("municipality_id", name=op.f("uq_loginprovider_municipality_id")),
    )
    op.create_table(
        "providerlink",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("issuer", sa.String(length=300), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("linked_by_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", youthvoice.core.model.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["linked_by_id"], ["user.id"], name=op.f("fk_providerlink_linked_by_id_user"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"], ["municipality.id"], name=op.f("fk_providerlink_municipality_id_municipality")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_providerlink_user_id_user"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_providerlink")),
        sa.UniqueConstraint("issuer", "subject", name=op.f("uq_providerlink_issuer")),
        sa.UniqueConstraint("user_id", name=op.f("uq_providerlink_user_id")),
    )
    with op.batch_alter_table("providerlink", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_providerlink_municipality_id"), ["municipality_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("providerlink", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_providerlink_municipality_id"))
    op.drop_table("providerlink")
    op.drop_table("loginprovider")
