"""audit log: append-only on PostgreSQL

Revision ID: 0006_audit_append_only
Revises: 0005_support
Create Date: 2026-11-24
"""
from collections.abc import Sequence

from alembic import op

revision: str = "0006_audit_append_only"
down_revision: str | None = "0005_support"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSE = """
CREATE OR REPLACE FUNCTION auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % is not allowed', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite has no such guard; the hash chain still shows any change
    op.execute(REFUSE)
    op.execute("CREATE TRIGGER auditevent_no_update_delete BEFORE UPDATE OR DELETE ON auditevent "
               "FOR EACH ROW EXECUTE FUNCTION auditevent_append_only()")
    op.execute("CREATE TRIGGER auditevent_no_truncate BEFORE TRUNCATE ON auditevent "
               "FOR EACH STATEMENT EXECUTE FUNCTION auditevent_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS auditevent_no_truncate ON auditevent")
    op.execute("DROP TRIGGER IF EXISTS auditevent_no_update_delete ON auditevent")
    op.execute("DROP FUNCTION IF EXISTS auditevent_append_only()")
