"""The audit log: signed, chained and anchored outside the database, so no change or removal passes unnoticed.

Tampering here is done the way someone with the database owner's rights would: on PostgreSQL past the append-only
trigger (ALTER TABLE ... DISABLE TRIGGER), on SQLite directly.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import select
from support.database import reread
from support.people import make_municipality, make_person

from youthvoice.core.db import new_session
from youthvoice.privacy import audit
from youthvoice.privacy.audit_anchor import Checkpoint, FileSink, RedisSink
from youthvoice.privacy.models import AuditEvent

REDIS_URL = "redis://127.0.0.1:6379/0"


def _events(db):  # type: ignore[no-untyped-def]
    return db.exec(select(AuditEvent).order_by(AuditEvent.id)).all()


def _heads(db) -> list[audit.Head]:  # type: ignore[no-untyped-def]
    """Each entry's place, id and hash, as plain values that outlive a deleted row."""
    return [audit.Head(event.seq, event.id, event.hash) for event in _events(db)]


def _keys(app) -> audit.AuditKeys:  # type: ignore[no-untyped-def]
    return app.extensions["yv_audit"].keys


def _log_some(db, count=5):  # type: ignore[no-untyped-def]
    town = make_municipality(db)
    person = make_person(db, town)
    for n in range(count):
        audit.record(session=db, action=audit.Action.LOGIN, actor=person, subject=person, object_type="t",
                     object_id=n)
        db.commit()


def _tamper(db, *statements: tuple[str, dict]) -> None:  # type: ignore[type-arg]
    """Change the log with the owner's rights: on PostgreSQL the append-only trigger is switched off meanwhile."""
    db.rollback()
    postgresql = db.get_bind().dialect.name == "postgresql"
    if postgresql:
        db.execute(text("ALTER TABLE auditevent DISABLE TRIGGER USER"))
    for statement, params in statements:
        db.execute(text(statement), params)
    if postgresql:
        db.execute(text("ALTER TABLE auditevent ENABLE TRIGGER USER"))
    db.commit()
    reread(db)


def _delete(db, *ids: int) -> None:  # type: ignore[no-untyped-def]
    _tamper(db, *[("DELETE FROM auditevent WHERE id = :id", {"id": entry_id}) for entry_id in ids])


def _rechain(db, sign) -> None:  # type: ignore[no-untyped-def]
    """Recompute the whole chain as it now stands with `sign(event, prev_hash, prev_seq)` and store it."""
    events = _events(db)
    db.expunge_all()
    previous, seq, updates = audit.GENESIS, 0, []
    for event in events:
        sign(event, previous, seq)
        updates.append(("UPDATE auditevent SET prev_hash = :prev, seq = :seq, key_id = :key_id, hash = :hash "
                        "WHERE id = :id", {"prev": event.prev_hash, "seq": event.seq, "key_id": event.key_id,
                                           "hash": event.hash, "id": event.id}))
        previous, seq = event.hash, event.seq
    _tamper(db, *updates)


def _verify(app):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=["audit", "verify"])


@pytest.fixture
def anchored(app):  # type: ignore[no-untyped-def]
    """Checkpoints after every 5th entry (50 by default), to a file of this test's own."""
    anchor = app.extensions["yv_audit"]
    anchor.every = 5
    return anchor


def _file_checkpoints(anchor) -> list[Checkpoint]:  # type: ignore[no-untyped-def]
    return [Checkpoint.from_line(line) for _, line in anchor.sinks[0].read()]


# --- the chain -------------------------------------------------------------------------------------------


def test_chain_verifies(app, db):
    _log_some(db)
    check = audit.verify_chain(_events(db), keys=_keys(app))
    assert check.first_broken_id is None
    assert check.checked == 5


def test_entries_are_numbered_and_signed_with_the_audit_key(app, db):
    _log_some(db, 3)
    keys = _keys(app)
    events = _events(db)
    assert [event.seq for event in events] == [1, 2, 3]
    assert {event.key_id for event in events} == {keys.current_id}
    first = events[0]
    assert first.hash == hmac.new(keys.current, audit.canonical(first), hashlib.sha256).hexdigest()
    assert first.hash != hashlib.sha256(audit.canonical(first)).hexdigest()  # not the old unkeyed hash


def test_a_changed_entry_is_found(app, db):
    _log_some(db)
    third = _heads(db)[2]
    _tamper(db, ("UPDATE auditevent SET object_id = 'changed' WHERE id = :id", {"id": third.id}))
    check = audit.verify_chain(_events(db), keys=_keys(app))
    assert check.first_broken_id == third.id
    assert "does not match its content" in check.reason


def test_a_deleted_entry_is_found(app, db):
    _log_some(db)
    events = _heads(db)
    _delete(db, events[1].id)
    check = audit.verify_chain(_events(db), keys=_keys(app))
    assert check.first_broken_id == events[2].id
    assert "does not link to the entry before it" in check.reason


def test_a_deleted_entry_rechained_without_the_key_is_found(app, db, anchored):
    """The attacker deletes an entry and recomputes the chain with the code's own function, but not the key."""
    _log_some(db, 7)
    events = _heads(db)
    _delete(db, events[2].id)
    guessed = audit.AuditKeys.parse(audit.AuditKeys.new_key_text(_keys(app).current_id))  # right id, wrong key
    _rechain(db, lambda event, prev, seq: audit.link(event, prev_hash=prev, prev_seq=seq, keys=guessed))
    assert audit.verify_chain(_events(db), keys=guessed).first_broken_id is None  # a whole chain, to their key
    result = _verify(app)
    assert result.exit_code == 1
    assert f"breaks at entry {events[0].id} (after 0 good entries)" in result.output
    assert "signed without the audit key" in result.output


def test_a_deleted_entry_rechained_with_plain_sha256_is_found(app, db):
    """...or with the old unkeyed hash: an entry without a key that AUDIT_KEYS holds is never valid."""
    _log_some(db, 4)
    events = _heads(db)
    _delete(db, events[1].id)

    def unkeyed(event, prev, seq):  # type: ignore[no-untyped-def]
        event.prev_hash, event.seq, event.key_id = prev, seq + 1, ""
        event.hash = hashlib.sha256(audit.canonical(event)).hexdigest()

    _rechain(db, unkeyed)
    result = _verify(app)
    assert result.exit_code == 1
    assert f"breaks at entry {events[0].id}" in result.output
    assert "signed with audit key '', which is not in AUDIT_KEYS" in result.output
    # and claiming the real key's id does not help either
    _rechain(db, lambda event, prev, seq: (unkeyed(event, prev, seq), setattr(event, "key_id", _keys(app).current_id)))
    assert "does not match its content" in _verify(app).output


def test_security_events_are_listed_for_the_person_only(db):
    town = make_municipality(db)
    sara, mads = make_person(db, town), make_person(db, town)
    audit.record(session=db, action=audit.Action.PASSKEY_ADDED, actor=sara, subject=sara)
    audit.record(session=db, action=audit.Action.VIEW, actor=mads, subject=sara)
    audit.record(session=db, action=audit.Action.LOGIN, actor=mads, subject=mads)
    db.commit()
    assert [e.action for e in audit.security_events_for(db, sara.id)] == ["passkey_added"]


def test_verify_command_names_the_first_broken_entry(app, db):
    _log_some(db)
    result = _verify(app)
    assert result.exit_code == 0, result.output
    assert "ok: 5 entries" in result.output
    third = _heads(db)[2]
    _tamper(db, ("UPDATE auditevent SET actor_id = NULL WHERE id = :id", {"id": third.id}))
    result = _verify(app)
    assert result.exit_code == 1
    assert f"breaks at entry {third.id}" in result.output


def test_postgresql_refuses_changing_the_log(app, db, backend):
    from sqlalchemy.exc import DBAPIError

    if backend != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    _log_some(db)
    for statement in ("UPDATE auditevent SET action = 'x'", "DELETE FROM auditevent", "TRUNCATE auditevent"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.execute(text(statement))
        db.rollback()
    assert len(_events(db)) == 5


# --- checkpoints -----------------------------------------------------------------------------------------


def test_a_checkpoint_is_written_after_every_nth_entry_once_it_is_committed(app, db, anchored):
    _log_some(db, 12)
    events = _events(db)
    checkpoints = _file_checkpoints(anchored)
    assert [(c.count, c.head_id, c.head_hash) for c in checkpoints] == [
        (5, events[4].id, events[4].hash), (10, events[9].id, events[9].hash)]
    assert all(c.signature_ok(_keys(app)) for c in checkpoints)
    assert Path(anchored.sinks[0].path).stat().st_mode & 0o777 == 0o600


def test_no_checkpoint_of_an_entry_that_was_rolled_back(app, db, anchored):
    _log_some(db, 4)
    db.rollback()
    with new_session(app) as writer:
        audit.record(session=writer, action=audit.Action.LOGIN, object_type="t", object_id="5")
        assert _file_checkpoints(anchored) == []  # entry 5 is appended but not committed: nothing is written yet
        writer.rollback()
    _log_some(db, 1)  # entry 5 again, for real
    assert [c.count for c in _file_checkpoints(anchored)] == [5]
    assert _verify(app).exit_code == 0


def test_a_removed_tail_is_found_by_the_checkpoint(app, db, anchored):
    _log_some(db, 12)
    events = _heads(db)
    _delete(db, *[event.id for event in events[8:]])  # entries 9-12: what is left is a whole chain
    assert audit.verify_chain(_events(db), keys=_keys(app)).first_broken_id is None
    result = _verify(app)
    assert result.exit_code == 1
    assert (f"the log ends after 8 entries, but the checkpoint of {_file_checkpoints(anchored)[1].at} in file "
            f"{anchored.sinks[0].path} counted 10 (entry {events[9].id} was the newest): the newest entries were "
            "removed") in result.output


def test_the_checkpoint_command_anchors_the_newest_entry(app, db, anchored):
    _log_some(db, 7)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    newest = _heads(db)[-1]
    assert f"checkpoint: 7 entries, newest entry {newest.id}" in result.output
    _delete(db, newest.id)
    result = _verify(app)
    assert result.exit_code == 1
    assert "the log ends after 6 entries" in result.output and "counted 7" in result.output


def test_a_rechain_even_with_the_key_is_found_by_the_checkpoint(app, db, anchored):
    """Someone who has the audit key too can make a whole chain, but not match the checkpoints already out."""
    _log_some(db, 11)
    events = _heads(db)
    _delete(db, events[2].id)
    keys = _keys(app)
    _rechain(db, lambda event, prev, seq: audit.link(event, prev_hash=prev, prev_seq=seq, keys=keys))
    assert audit.verify_chain(_events(db), keys=keys).first_broken_id is None
    result = _verify(app)
    assert result.exit_code == 1
    assert f"entry number 5 is not the one the checkpoint of {_file_checkpoints(anchored)[0].at}" in result.output
    assert f"(entry {events[4].id}, hash {events[4].hash[:12]}…; now entry {events[5].id}" in result.output
    assert "the log up to there was rewritten (1 more checkpoint disagrees)" in result.output


def test_an_altered_field_is_found_with_checkpoints_in_place(app, db, anchored):
    _log_some(db, 10)
    sixth = _heads(db)[5]
    _tamper(db, ("UPDATE auditevent SET action = 'logout' WHERE id = :id", {"id": sixth.id}))
    result = _verify(app)
    assert result.exit_code == 1
    assert f"breaks at entry {sixth.id} (after 5 good entries)" in result.output


def test_an_altered_or_foreign_checkpoint_is_reported(app, db, anchored):
    _log_some(db, 5)
    path = anchored.sinks[0].path
    line = json.loads(path.read_text().splitlines()[0])
    with path.open("a") as handle:
        handle.write(json.dumps(line | {"count": 4}) + "\n")
        handle.write("not json\n")
    result = _verify(app)
    assert result.exit_code == 1
    assert f"file {path}: line 2 has a signature that does not match" in result.output
    assert "(and 1 more)" in result.output


def test_a_place_without_recent_checkpoints_is_reported(app, db, anchored):
    _log_some(db, 10)
    anchored.sinks[0].path.unlink()  # the file removed, with the tail or not
    result = _verify(app)
    assert result.exit_code == 1
    assert f"file {anchored.sinks[0].path} has no checkpoint of the newest 10 entries" in result.output


def test_a_checkpoint_that_cannot_be_written_does_not_break_the_request(app, db, anchored, tmp_path, caplog):
    anchored.sinks[0] = FileSink(tmp_path)  # a folder: every write fails
    _log_some(db, 5)
    assert len(_events(db)) == 5
    assert "could not write an audit checkpoint" in caplog.text


# --- keys --------------------------------------------------------------------------------------------------


def test_rotating_the_audit_key_keeps_older_entries_verifiable(app, db, anchored):
    old = _keys(app)
    _log_some(db, 3)
    anchored.keys = audit.AuditKeys.parse(audit.AuditKeys.new_key_text("next") + "," + old.serialise())
    _log_some(db, 3)
    assert [event.key_id for event in _events(db)] == [old.current_id] * 3 + ["next"] * 3
    assert _file_checkpoints(anchored)[0].key_id == "next"
    result = _verify(app)
    assert result.exit_code == 0, result.output
    assert "ok: 6 entries" in result.output
    anchored.keys = audit.AuditKeys.parse(anchored.keys.serialise().split(",")[0])  # the old key dropped
    result = _verify(app)
    assert result.exit_code == 1
    assert f"signed with audit key {old.current_id!r}, which is not in AUDIT_KEYS" in result.output


def test_new_audit_key_prints_a_key_line(app):
    result = app.test_cli_runner().invoke(args=["new-audit-key", "--id", "audit-2026"])
    assert result.exit_code == 0
    keys = audit.AuditKeys.parse(result.output.strip())
    assert keys.current_id == "audit-2026" and len(keys.current) == 32
    with pytest.raises(ValueError, match="audit key"):
        audit.AuditKeys.parse("short:AAAA")


def test_audit_keys_come_from_the_environment_or_the_instance_folder(tmp_path, sqlite_template):
    from support.database import base_config

    from youthvoice import create_app

    given = audit.AuditKeys.new_key_text("prod1")
    config = base_config(f"sqlite:///{sqlite_template}", tmp_path)
    configured = create_app(config | {"AUDIT_KEYS": given}, instance_path=str(tmp_path / "a"))
    assert configured.extensions["yv_audit"].keys.current_id == "prod1"
    made = create_app(config, instance_path=str(tmp_path / "b"))
    key_file = tmp_path / "b" / "audit_keys"
    assert made.extensions["yv_audit"].keys.serialise() == key_file.read_text()
    assert key_file.stat().st_mode & 0o777 == 0o600
    for application in (configured, made):
        application.extensions["yv_engine"].dispose()


# --- Redis -------------------------------------------------------------------------------------------------


@pytest.fixture
def redis_sink(anchored):  # type: ignore[no-untyped-def]
    """Checkpoints also to a Redis list of this test's own, removed afterwards."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip("Redis not reachable at 127.0.0.1:6379")
    sink = RedisSink(REDIS_URL, f"yv-test-{uuid.uuid4().hex[:8]}:audit-checkpoints")
    anchored.sinks.append(sink)
    yield sink
    client.delete(sink.key)


def test_checkpoints_in_redis_find_a_tail_removed_from_the_log_and_the_file(app, db, anchored, redis_sink):
    _log_some(db, 12)
    assert [Checkpoint.from_line(line).count for _, line in redis_sink.read()] == [5, 10]
    events = _heads(db)
    _delete(db, *[event.id for event in events[3:]])
    anchored.sinks[0].path.write_text("")  # whoever cut the log also emptied the file on this machine
    result = _verify(app)
    assert result.exit_code == 1
    assert f"counted 10 (entry {events[9].id} was the newest)" in result.output
    assert f"in Redis list {redis_sink.key!r}" in result.output


def test_redis_checkpoints_are_configured_by_redis_url(tmp_path, sqlite_template):
    from support.database import base_config

    from youthvoice import create_app

    config = base_config(f"sqlite:///{sqlite_template}", tmp_path)
    plain = create_app(config)
    assert [type(sink) for sink in plain.extensions["yv_audit"].sinks] == [FileSink]
    shared = create_app(config | {"REDIS_URL": REDIS_URL, "RATELIMIT_KEY_PREFIX": "roskilde:"})
    file_sink, redis_sink = shared.extensions["yv_audit"].sinks
    assert file_sink.path == tmp_path / "audit_checkpoints.jsonl"
    assert redis_sink.key == "roskilde:youthvoice:audit-checkpoints"
    for application in (plain, shared):
        application.extensions["yv_engine"].dispose()


def test_an_unreachable_redis_is_reported_by_verify(app, db, anchored):
    anchored.sinks.append(RedisSink("redis://127.0.0.1:1/0", "yv-test:nowhere"))
    _log_some(db, 5)  # writing there fails quietly (logged); the file still gets its checkpoint
    assert [c.count for c in _file_checkpoints(anchored)] == [5]
    result = _verify(app)
    assert result.exit_code == 1
    assert "the checkpoints in Redis list 'yv-test:nowhere' could not be read" in result.output


# --- upgrading a log from before the keys ------------------------------------------------------------------


def _legacy_chain(rows: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    """Entries as revisions 0001-0012 wrote them: SHA-256 over the fields and the previous hash, no key."""
    previous = audit.GENESIS
    for row in rows:
        fields = {"at": row["at"].isoformat(), "municipality_id": None, "actor_id": None, "subject_id": None,
                  "action": row["action"], "object_type": "", "object_id": row["object_id"], "prev_hash": previous}
        row["prev_hash"] = previous
        row["hash"] = previous = hashlib.sha256(
            json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    return rows


def _as_owner(app, *statements) -> None:  # type: ignore[no-untyped-def]
    """Run statements on the log with the owner's rights, past PostgreSQL's append-only trigger."""
    with app.extensions["yv_engine"].begin() as connection:
        postgresql = connection.dialect.name == "postgresql"
        if postgresql:
            connection.execute(text("ALTER TABLE auditevent DISABLE TRIGGER USER"))
        for statement in statements:
            connection.execute(text(statement))
        if postgresql:
            connection.execute(text("ALTER TABLE auditevent ENABLE TRIGGER USER"))


def test_the_upgrade_signs_an_intact_unkeyed_log_and_refuses_a_broken_one(app, db):
    import sqlalchemy as sa
    from alembic import command

    from youthvoice.core.cli import alembic_config, upgrade_database
    from youthvoice.core.model import UTCDateTime, utcnow

    db.close()  # no transaction of ours may hold the table while its columns change
    old_table = sa.table("auditevent", *[sa.column(name) for name in ("id", "action", "object_type", "object_id",
                                                                        "prev_hash", "hash")],
                         sa.column("at", UTCDateTime(timezone=True)))
    rows = _legacy_chain([{"id": n, "at": utcnow(), "action": "login", "object_id": str(n), "object_type": ""}
                          for n in range(1, 5)])
    command.downgrade(alembic_config(app), "0012_perf")
    try:
        with app.extensions["yv_engine"].begin() as connection:
            connection.execute(sa.insert(old_table), rows)
        upgraded = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert "audit checkpoint: 4 entries" in upgraded.output, upgraded.output
        with new_session(app) as check:
            events = _events(check)
            assert [(e.seq, e.key_id) for e in events] == [(n, _keys(app).current_id) for n in range(1, 5)]
            assert audit.verify_chain(events, keys=_keys(app)).first_broken_id is None
        assert _verify(app).exit_code == 0

        command.downgrade(alembic_config(app), "0012_perf")  # back to the unkeyed chain the old code checks
        _as_owner(app, "UPDATE auditevent SET object_id = 'changed' WHERE id = 2")
        with pytest.raises(RuntimeError, match="chain is broken at entry 2"):
            upgrade_database(app)
    finally:
        _as_owner(app, "DELETE FROM auditevent")
        upgrade_database(app)
