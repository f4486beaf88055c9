"""notify/background.py: what push and email share. The batch goes to the pool only once the transaction has
committed, the request never waits for the sending, and a failure anywhere is logged, never raised into the request.

(test_push.py and test_email.py check the same through the two services; these check the pool and the hand-off on
their own, with a pool that only records what it was given.)
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from flask import Flask, current_app
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import select
from support.database import reread
from support.people import make_municipality, make_person

from youthvoice.core.db import new_session
from youthvoice.notify import background
from youthvoice.notify.background import BackgroundPool
from youthvoice.notify.models import Notification

PENDING = "yv_test_background_pending"


class Recorder(BackgroundPool[str]):
    """Keeps what it was asked to send and in which app; fails on "boom", waits while `hold` is not set."""

    def __init__(self, app: Flask) -> None:
        super().__init__(app, "tests")
        self.sent: list[list[str]] = []
        self.apps: list[Flask] = []
        self.hold = threading.Event()
        self.hold.set()

    def work(self, batch: list[str]) -> None:
        self.hold.wait(10)
        if "boom" in batch:
            raise RuntimeError("the server said no")
        self.apps.append(current_app._get_current_object())  # type: ignore[attr-defined]
        self.sent.append(batch)


def _pool() -> BackgroundPool[Any] | None:
    pool: BackgroundPool[Any] | None = current_app.extensions.get("yv_test_background")
    return pool


def _prepare(session: OrmSession, marked: list[str]) -> list[str]:
    if "unreadable" in marked:
        raise RuntimeError("could not read")
    return sorted(marked)


@pytest.fixture
def recorder(app: Flask) -> Recorder:
    pool = Recorder(app)
    app.extensions["yv_test_background"] = pool
    background.listen(PENDING, _pool, _prepare)  # once per process: a second call changes nothing
    return pool


def _told(session: OrmSession, *names: str) -> None:
    """What notify() does: mark, on the session, who is to be told after the commit."""
    session.info.setdefault(PENDING, []).extend(names)


def test_a_failing_send_is_logged_not_raised_and_the_pool_goes_on(app, recorder, caplog):
    recorder.submit(["boom"])
    recorder.drain()
    assert "sending tests failed" in caplog.text and "RuntimeError: the server said no" in caplog.text
    recorder.submit(["next"])
    recorder.drain()
    assert recorder.sent == [["next"]] and recorder.apps == [app]  # in the app's context, on a thread of the pool


def test_submitting_never_waits_for_the_sending(app, recorder):
    recorder.hold.clear()  # a server that does not answer
    recorder.submit(["slow"])
    assert recorder.sent == []  # submit came back while the sending still waits
    recorder.hold.set()
    recorder.drain()
    assert recorder.sent == [["slow"]]


def test_the_batch_is_handed_over_only_after_the_commit(app, db, recorder):
    town = make_municipality(db)
    sara = make_person(db, town)
    with app.app_context(), new_session(app) as session:
        _told(session, "b", "a")
        session.add(Notification(user_id=sara.id, kind="x", link="/"))
        session.flush()
        recorder.drain()
        assert recorder.sent == []  # not while the transaction is open
        session.commit()
    recorder.drain()
    assert recorder.sent == [["a", "b"]]


def test_nothing_is_sent_when_the_transaction_rolls_back(app, db, recorder):
    sara = make_person(db, make_municipality(db))
    with app.app_context(), new_session(app) as session:
        session.add(Notification(user_id=sara.id, kind="x", link="/"))  # as notify() does: in a transaction
        _told(session, "a")
        session.rollback()
        session.commit()  # what was marked went with the rollback
    recorder.drain()
    assert recorder.sent == []


def test_a_failure_while_preparing_is_logged_and_the_request_still_commits(app, db, recorder, caplog):
    sara = make_person(db, make_municipality(db))
    with app.app_context(), new_session(app) as session:
        _told(session, "unreadable")
        session.add(Notification(user_id=sara.id, kind="kept", link="/"))
        session.commit()
    recorder.drain()
    assert "could not prepare tests" in caplog.text and recorder.sent == []
    reread(db)
    assert db.exec(select(Notification).where(Notification.user_id == sara.id)).one().kind == "kept"


def test_with_the_service_off_nothing_is_prepared(app, db, recorder):
    del app.extensions["yv_test_background"]  # the service is off in this app
    with app.app_context(), new_session(app) as session:
        _told(session, "a")
        session.commit()
    recorder.drain()
    assert recorder.sent == []
