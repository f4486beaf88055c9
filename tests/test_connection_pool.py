"""PostgreSQL without connection churn (issue 25.4): the pool keeps as many connections as the process has threads,
a burst of requests after warm-up opens none, and a connection the database dropped while it sat idle is replaced
before a request meets it (no "SELECT 1" before every use)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import event, text
from support.people import login_as, make_municipality, make_person

from youthvoice.core.db import make_engine

pytestmark = pytest.mark.parametrize("backend", ["postgresql"], indirect=True)


def _burst(app, cookie_of, requests: int) -> list[int]:
    def one(index: int) -> int:
        client = app.test_client()
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie_of, domain="localhost")
        return client.get("/" if index % 2 else "/account/").status_code

    with ThreadPoolExecutor(max_workers=app.config["WEB_THREADS"]) as pool:
        return list(pool.map(one, range(requests)))


def test_a_burst_after_warm_up_opens_no_connection(app, db):
    sara = make_person(db, make_municipality(db))
    raw = login_as(app, app.test_client(), sara)
    engine = app.extensions["yv_engine"]
    opened: list[object] = []
    event.listen(engine, "connect", lambda *_args: opened.append(1))
    assert set(_burst(app, raw, 40)) == {200}  # warm-up: up to one connection per thread
    warmed = len(opened)
    assert warmed <= app.config["WEB_THREADS"]
    assert set(_burst(app, raw, 200)) == {200}
    assert len(opened) == warmed, f"{len(opened) - warmed} new connections under a burst after warm-up"


def test_a_connection_dropped_while_idle_is_replaced_unseen(app, db):
    """The database restarted (here: every connection of the app ended by the server) while the pool sat idle:
    the next request is answered as usual, on a new connection."""
    engine = make_engine(str(app.extensions["yv_engine"].url), pool_size=2, idle_ping_seconds=0)
    with engine.connect() as connection:
        backend_pid = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    with app.extensions["yv_engine"].connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend_pid})
    with engine.connect() as connection:  # checked before use: the dead one is replaced, no error
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar_one() != backend_pid
    engine.dispose()


def test_the_pool_is_as_large_as_the_threads(app):
    engine = app.extensions["yv_engine"]
    assert engine.pool.size() == app.config["WEB_THREADS"]
