"""SQLite writers wait for each other in a queue (core/db.py `QueuedWriterConnection`), not in SQLite's busy
handler: a writer that finds another writing waits until that one commits, rolls back or closes, and then goes
on at once. The busy handler slept 1, 2, 5, 10, … up to 100 ms between tries; four dashboards writing their
audit entries at once had a p95 of 373 ms (bench, issue 25)."""

from __future__ import annotations

import fcntl
import os
import threading
import time

import pytest
from sqlalchemy import text

from youthvoice.core.db import engine_for_writes, make_engine

pytestmark = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


def _lock_is_free(path: str) -> bool:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # (closing also lets go of a lock it got)
    return True


def _writers(app):  # type: ignore[no-untyped-def]
    engine = make_engine(str(app.extensions["yv_engine"].url), pool_size=2)
    return engine, engine_for_writes(engine), f"{engine.url.database}-writers"


def test_a_write_transaction_holds_the_queue_until_it_ends_however_it_ends(app):
    engine, writes, lock = _writers(app)
    try:
        with writes.connect() as connection:  # ends with a commit
            connection.execute(text("CREATE TABLE IF NOT EXISTS queue_probe (n INTEGER)"))
            assert connection.connection.driver_connection.is_queued_writer
            assert not _lock_is_free(lock)
            connection.commit()
            assert _lock_is_free(lock)
        held_while_failing: list[bool] = []

        def failing_request() -> None:
            with writes.connect() as connection:  # ends in an error: rolled back
                connection.execute(text("INSERT INTO queue_probe VALUES (1)"))
                held_while_failing.append(not _lock_is_free(lock))
                raise RuntimeError("the request failed")

        with pytest.raises(RuntimeError):
            failing_request()
        assert held_while_failing == [True]
        assert _lock_is_free(lock)
        with writes.connect() as connection:  # never ended: given back to the pool, which rolls it back
            connection.execute(text("INSERT INTO queue_probe VALUES (2)"))
        assert _lock_is_free(lock)
        with engine.connect() as reader:  # a reader never queues (WAL: readers do not wait for writers)
            assert reader.execute(text("SELECT count(*) FROM queue_probe")).scalar_one() == 0
            assert not reader.connection.driver_connection.is_queued_writer
            assert _lock_is_free(lock)
    finally:
        engine.dispose()


def test_a_second_writer_waits_in_the_queue_not_in_sqlites_busy_handler(app):
    """The second writer's busy timeout is 0: had it met the first one's write lock in SQLite, it would fail at
    once with "database is locked". It waits for the first to commit and then writes."""
    engine, writes, _lock = _writers(app)
    first_inside, first_may_commit = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        with writes.connect() as connection:
            connection.execute(text("INSERT INTO queue_probe VALUES (1)"))
            first_inside.set()
            first_may_commit.wait(10)
            connection.commit()

    def second() -> None:
        with writes.connect() as connection:
            connection.connection.driver_connection.execute("PRAGMA busy_timeout=0")
            try:
                connection.execute(text("INSERT INTO queue_probe VALUES (2)"))
                connection.commit()
                outcome["second"] = "written"
            except Exception as error:  # what SQLite's own lock gives a writer that does not wait
                outcome["second"] = repr(error)

    try:
        with engine_for_writes(engine).connect() as connection:
            connection.execute(text("CREATE TABLE queue_probe (n INTEGER)"))
            connection.commit()
        one = threading.Thread(target=first)
        one.start()
        assert first_inside.wait(10)
        two = threading.Thread(target=second)
        two.start()
        time.sleep(0.2)  # the second is waiting now (not a timing assertion: it only gives it the chance to fail)
        assert "second" not in outcome
        first_may_commit.set()
        one.join(10)
        two.join(10)
        assert outcome["second"] == "written"
        with engine.connect() as reader:
            assert reader.execute(text("SELECT n FROM queue_probe ORDER BY n")).scalars().all() == [1, 2]
    finally:
        first_may_commit.set()
        engine.dispose()
