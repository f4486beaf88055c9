"""db.get_by_id answers as Session.get does: from the identity map without SQL, None when missing or gone."""

from __future__ import annotations

import uuid

from sqlalchemy import event
from support.people import make_municipality, make_person

from youthvoice.core.db import get_by_id, new_session
from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings.models import Meeting


def _count_selects(app, call):  # type: ignore[no-untyped-def]
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    engine = app.extensions["yv_engine"]
    event.listen(engine, "before_cursor_execute", count)
    try:
        result = call()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return result, len(seen)


def test_get_by_id_equals_session_get(app, db):
    town = make_municipality(db)
    sara = make_person(db, town, name="Sara")
    meeting = Meeting(municipality_id=town.id, owner_id=sara.id, kind="plan", starts_at=utcnow())
    db.add(meeting)
    db.commit()
    with new_session(app, write=False) as fresh:
        found, selects = _count_selects(app, lambda: get_by_id(fresh, Meeting, meeting.id))
        assert selects == 1 and found is not None
        assert (found.id, found.owner_id, found.kind) == (meeting.id, sara.id, "plan")
        again, selects = _count_selects(app, lambda: get_by_id(fresh, Meeting, meeting.id))
        assert again is found and selects == 0  # from the identity map, as Session.get
        assert get_by_id(fresh, Meeting, uuid.uuid4()) is None
        assert get_by_id(fresh, User, sara.id).display_name == "Sara"  # type: ignore[union-attr]


def test_get_by_id_after_a_rollback_sees_a_deleted_row_as_gone(app, db):
    town = make_municipality(db)
    sara = make_person(db, town)
    meeting = Meeting(municipality_id=town.id, owner_id=sara.id, kind="plan", starts_at=utcnow())
    db.add(meeting)
    db.commit()
    with new_session(app, write=False) as reader:
        assert get_by_id(reader, Meeting, meeting.id) is not None
        reader.rollback()  # ends the snapshot and expires what the session holds
        with new_session(app) as writer:
            writer.delete(writer.get(Meeting, meeting.id))
            writer.commit()
        assert get_by_id(reader, Meeting, meeting.id) is None


def test_sqlite_writers_take_the_write_lock_at_begin_and_readers_do_not(app, db, backend):
    """A request that changes state starts with BEGIN IMMEDIATE (concurrent writers wait for each other instead
    of failing on a stale snapshot); a read starts a deferred transaction that blocks no writer."""
    import sqlite3

    import pytest
    from sqlmodel import select

    if backend != "sqlite":
        pytest.skip("SQLite's transaction modes")
    path = app.config["DATABASE_URL"].removeprefix("sqlite:///")

    def other_writer_can_write() -> bool:
        other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return True
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
            return False
        finally:
            other.close()

    with new_session(app, write=False) as reader:
        reader.exec(select(User)).all()  # the transaction has begun
        assert other_writer_can_write()
    with new_session(app, write=True) as writer:
        writer.exec(select(User)).all()  # only a read, but the write lock is held from BEGIN
        assert not other_writer_can_write()
        writer.rollback()
        assert other_writer_can_write()
