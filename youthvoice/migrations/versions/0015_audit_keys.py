"""audit log: entries signed with an audit key (HMAC) and numbered

Every existing entry is checked against the old, unkeyed chain (SHA-256) and then signed anew, in the same order,
under the first key in AUDIT_KEYS; from then on no unkeyed entry is valid. If the old chain is already broken the
upgrade stops: signing it would hide what happened (find out with `youthvoice audit verify` on the old version).

The way an entry is signed is written out here, not imported, so this step keeps doing what it did when
`youthvoice/audit.py` changes later; tests/test_audit.py checks the two agree.

Revision ID: 0015_audit_keys
Revises: 0014_ballots
Create Date: 2026-12-06
"""
import hashlib
import hmac
import json
from collections.abc import Callable, Iterator, Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import context, op

import youthvoice.core.model

revision: str = "0015_audit_keys"
down_revision: str | None = '0014_ballots'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

GENESIS = "0" * 64
BATCH = 1000

audit = sa.table(
    "auditevent",
    sa.column("id", sa.Integer()),
    sa.column("at", youthvoice.core.model.UTCDateTime(timezone=True)),
    sa.column("municipality_id", sa.Integer()),
    sa.column("actor_id", sa.Uuid()),
    sa.column("subject_id", sa.Uuid()),
    sa.column("action", sa.String()),
    sa.column("object_type", sa.String()),
    sa.column("object_id", sa.String()),
    sa.column("seq", sa.Integer()),
    sa.column("key_id", sa.String()),
    sa.column("prev_hash", sa.String()),
    sa.column("hash", sa.String()),
)


def _fields(row: sa.Row, prev_hash: str) -> dict[str, object]:
    return {
        "at": row.at.isoformat(),
        "municipality_id": row.municipality_id,
        "actor_id": str(row.actor_id) if row.actor_id else None,
        "subject_id": str(row.subject_id) if row.subject_id else None,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "prev_hash": prev_hash,
    }


def _unkeyed(row: sa.Row, prev_hash: str) -> str:
    """The hash of revisions 0001-0012: SHA-256, no key, no place in the log."""
    payload = json.dumps(_fields(row, prev_hash), sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(payload).hexdigest()


def _keyed(row: sa.Row, prev_hash: str, seq: int, key_id: str, key: bytes) -> str:
    fields = _fields(row, prev_hash) | {"seq": seq, "key_id": key_id}
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def _rows(bind: sa.Connection) -> Iterator[Sequence[sa.Row]]:
    """Every entry in order, a batch at a time (the log can be long)."""
    after = 0
    while True:
        batch = bind.execute(sa.select(audit).where(audit.c.id > after).order_by(audit.c.id).limit(BATCH)).all()
        if not batch:
            return
        yield batch
        after = batch[-1].id


def _rewrite(bind: sa.Connection, sign: Callable[[sa.Row, str, str, int], tuple[str, str]]) -> None:
    """Walk the log, check each entry's old hash, and store the new one `sign` gives."""
    postgresql = bind.dialect.name == "postgresql"
    if postgresql:  # the append-only trigger (0006) refuses UPDATE: this step is the one exception
        op.execute("ALTER TABLE auditevent DISABLE TRIGGER auditevent_no_update_delete")
    old_previous, new_previous, seq = GENESIS, GENESIS, 0
    update = sa.update(audit).where(audit.c.id == sa.bindparam("row_id")).values(
        prev_hash=sa.bindparam("new_prev"), hash=sa.bindparam("new_hash"), seq=sa.bindparam("new_seq"),
        key_id=sa.bindparam("new_key_id"))
    for batch in _rows(bind):
        changes = []
        for row in batch:
            seq += 1
            new_hash, key_id = sign(row, old_previous, new_previous, seq)
            changes.append({"row_id": row.id, "new_prev": new_previous, "new_hash": new_hash, "new_seq": seq,
                            "new_key_id": key_id})
            old_previous, new_previous = row.hash, new_hash
        bind.execute(update, changes)
    if postgresql:
        op.execute("ALTER TABLE auditevent ENABLE TRIGGER auditevent_no_update_delete")


def upgrade() -> None:
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("key_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))

    keys = context.config.attributes.get("audit_keys")

    def sign(row: sa.Row, old_previous: str, new_previous: str, seq: int) -> tuple[str, str]:
        if row.prev_hash != old_previous or _unkeyed(row, old_previous) != row.hash:
            raise RuntimeError(
                f"the audit log's chain is broken at entry {row.id}: it is not signed anew, which would hide that. "
                "Find out what happened (`youthvoice audit verify` with the previous version) before upgrading.")
        if keys is None:
            raise RuntimeError("the audit log needs AUDIT_KEYS to be signed: upgrade with `youthvoice db upgrade`")
        return _keyed(row, new_previous, seq, keys.current_id, keys.current), keys.current_id

    _rewrite(op.get_bind(), sign)
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("key_id", existing_type=sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False)


def downgrade() -> None:
    # Back to the unkeyed chain the older code checks: recomputed without checking (the old code cannot hold the key).
    def unsign(row: sa.Row, _old_previous: str, new_previous: str, _seq: int) -> tuple[str, str]:
        return _unkeyed(row, new_previous), ""

    _rewrite(op.get_bind(), unsign)
    with op.batch_alter_table("auditevent", schema=None) as batch_op:
        batch_op.drop_column("key_id")
        batch_op.drop_column("seq")
