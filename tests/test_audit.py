"""The hash-chained audit log: every change or deletion is detectable."""

from __future__ import annotations

from conftest import make_municipality, make_person, reread
from sqlalchemy import text
from sqlmodel import select

from youthvoice import audit
from youthvoice.models import AuditEvent


def _events(db):  # type: ignore[no-untyped-def]
    return db.exec(select(AuditEvent).order_by(AuditEvent.id)).all()


def _log_some(db, count=5):  # type: ignore[no-untyped-def]
    town = make_municipality(db)
    person = make_person(db, town)
    for n in range(count):
        audit.record(session=db, action=audit.Action.LOGIN, actor=person, subject=person, object_type="t",
                     object_id=n)
    db.commit()


def test_chain_verifies(db):
    _log_some(db)
    check = audit.verify_chain(_events(db))
    assert check.first_broken_id is None
    assert check.checked == 5


def test_a_changed_entry_is_found(db, backend):
    if backend == "postgresql":
        return  # PostgreSQL refuses the change outright (see below); SQLite relies on the chain

    _log_some(db)
    third = _events(db)[2]
    db.execute(text("UPDATE auditevent SET object_id = 'changed' WHERE id = :id"), {"id": third.id})
    db.commit()
    reread(db)
    assert audit.verify_chain(_events(db)).first_broken_id == third.id


def test_a_deleted_entry_is_found(db, backend):
    if backend == "postgresql":
        return

    _log_some(db)
    events = _events(db)
    db.execute(text("DELETE FROM auditevent WHERE id = :id"), {"id": events[1].id})
    db.commit()
    reread(db)
    assert audit.verify_chain(_events(db)).first_broken_id == events[2].id


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
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "ok: 5 entries" in result.output
    if db.get_bind().dialect.name == "postgresql":
        return  # the trigger below refuses the change that this part of the test makes
    third = _events(db)[2]
    db.execute(text("UPDATE auditevent SET actor_id = NULL WHERE id = :id"), {"id": third.id})
    db.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"breaks at entry {third.id}" in result.output


def test_postgresql_refuses_changing_the_log(app, db, backend):
    import pytest
    from sqlalchemy.exc import DBAPIError

    if backend != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    _log_some(db)
    for statement in ("UPDATE auditevent SET action = 'x'", "DELETE FROM auditevent", "TRUNCATE auditevent"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.execute(text(statement))
        db.rollback()
    assert len(_events(db)) == 5
