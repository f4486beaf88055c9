"""One engine per app, one database session per request, and one unit of work per request: what a request
changes is committed when its response is below 400 and rolled back otherwise (`_end_unit_of_work`).

SQLite runs in WAL mode with `synchronous=FULL` (an acknowledged write survives a power cut). Requests that
change state start their transaction with `BEGIN IMMEDIATE`, so concurrent writers wait for each other
instead of failing on a stale snapshot; reads start a plain deferred transaction. Writers wait for each other in
a queue (`QueuedWriterConnection`), not in SQLite's busy handler.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from flask import Flask, Response, current_app, g, message_flashed, request
from flask import session as web_session
from sqlalchemy import Connection, Engine, bindparam, create_engine, event, inspect
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection
from sqlmodel import Session, SQLModel, select
from sqlmodel.sql.expression import SelectOfScalar

from youthvoice.core.errors import NotFound, failure_response

Model = TypeVar("Model", bound=SQLModel)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_BEGIN = {"DEFERRED": "BEGIN DEFERRED", "IMMEDIATE": "BEGIN IMMEDIATE"}


def default_database_url(instance_path: str) -> str:
    """The embedded default: a SQLite file in the instance folder."""
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(instance_path) / 'youthvoice.db'}"


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def unicode_lower(value: object) -> object:
    """SQL lower() for SQLite with Python's Unicode case mapping (as PostgreSQL does in a UTF-8 database)."""
    return value.lower() if isinstance(value, str) else value


class QueuedWriterConnection(sqlite3.Connection):
    """A SQLite connection whose write transactions queue for a lock file beside the database (one per database,
    shared by every thread and process) before `BEGIN IMMEDIATE`, and free it when they commit, roll back or close.

    Without it a writer that finds the write lock taken waits in SQLite's busy handler, which sleeps 1, 2, 5, 10,
    … up to 100 ms between tries and never learns that the lock came free in between: four dashboards writing
    their audit entries at once had a p95 of 373 ms where each held the lock for a few. A blocked `flock` wakes
    as soon as the holder lets go. Readers never queue (WAL: they do not wait for writers).
    """

    def __init__(self, database: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(database, *args, **kwargs)
        path = os.fspath(database)
        self._lock_path = None if path in ("", ":memory:") or path.startswith("file:") else f"{path}-writers"
        self._lock_fd: int | None = None
        self._holding = False

    def queue_for_write(self) -> None:
        """Wait for this database's other writers (any thread, any process) to finish; then write."""
        if self._lock_path is None or self._holding:
            return
        if self._lock_fd is None:
            self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
        self._holding = True

    def let_next_writer_in(self) -> None:
        if self._holding and self._lock_fd is not None:
            self._holding = False
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)

    @property
    def is_queued_writer(self) -> bool:
        """Whether this connection holds the writers' lock (for tests)."""
        return self._holding

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.let_next_writer_in()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.let_next_writer_in()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.let_next_writer_in()
            if self._lock_fd is not None:
                os.close(self._lock_fd)
                self._lock_fd = None


def make_engine(url: str, *, pool_size: int = 8, idle_ping_seconds: float = 60) -> Engine:
    """Create the engine with the per-connection settings each database needs.

    PostgreSQL: as many kept connections as the process has threads (a pool smaller than the threads opened new
    connections under load, 127-168 in ten seconds), and no "SELECT 1" before every use; only a connection that
    sat idle is checked, and a dead one is replaced before anyone's statement meets it."""
    if not is_sqlite(url):
        engine = create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=False,
                               pool_recycle=3600, pool_use_lifo=True)

        @event.listens_for(engine, "checkin")
        def _checked_in(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
            record.info["yv_idle_since"] = time.monotonic()

        @event.listens_for(engine, "checkout")
        def _ping_if_idle(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection) -> None:
            idle_since = record.info.get("yv_idle_since")
            if idle_since is None or time.monotonic() - idle_since < idle_ping_seconds:
                return
            try:
                cursor = dbapi_connection.cursor()
                cursor.execute("SELECT 1")
                cursor.close()
            except Exception as error:  # the pool replaces it with a new connection and tries again
                raise DisconnectionError(str(error)) from error

        return engine
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30,
                                              "factory": QueuedWriterConnection})

    @event.listens_for(engine, "connect")
    def _configure_sqlite(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, see below
        cursor = dbapi_connection.cursor()
        # secure_delete: a deleted row's bytes are overwritten, so an erased person's words and names do not
        # linger in free pages of the file (data_rights.erase; its checkpoint empties the write-ahead log too).
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=30000",
                       "secure_delete=ON"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()
        # SQLite's own lower() folds only A-Z, so a search for "æble" missed "Æble"; PostgreSQL's folds every
        # letter. No index is built on lower(), so replacing it changes no stored order.
        dbapi_connection.create_function("lower", 1, unicode_lower, deterministic=True)

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        # On the driver's connection: every request begins a transaction, and going through SQLAlchemy's
        # statement execution cost more than SQLite took to run it.
        driver: Any = connection.connection.driver_connection
        if mode == "IMMEDIATE" and isinstance(driver, QueuedWriterConnection):
            driver.queue_for_write()
            try:
                driver.execute(_BEGIN[mode])
            except BaseException:
                driver.let_next_writer_in()
                raise
            return
        driver.execute(_BEGIN[mode])

    return engine


def engine_for_writes(engine: Engine) -> Engine:
    """Where state-changing work runs: on SQLite its transaction takes the write lock at BEGIN (IMMEDIATE), so
    concurrent writers wait for each other instead of failing on a stale snapshot."""
    if is_sqlite(str(engine.url)):
        return engine.execution_options(sqlite_begin="IMMEDIATE")
    return engine


def engine_for_reads(engine: Engine) -> Engine:
    """Where a read-only request runs.

    On SQLite a deferred transaction: one snapshot for the whole page. On PostgreSQL autocommit: at the default
    READ COMMITTED level every statement takes its own snapshot even inside a transaction, so a read-only
    transaction bought nothing but its BEGIN and ROLLBACK round trips, and psycopg forgets its prepared
    statements at every ROLLBACK, so a page's statements were planned anew on every request.
    """
    if is_sqlite(str(engine.url)):
        return engine
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def init_app(app: Flask) -> None:
    """Bind an engine to the app and end each request's unit of work when the request ends.

    Call it before anything else registers an `after_request` hook: Flask runs them in reverse order, so the
    commit runs after every hook that may still write (the audit entries of what a page showed)."""
    engine = make_engine(app.config["DATABASE_URL"], pool_size=app.config["WEB_THREADS"],
                         idle_ping_seconds=app.config["DB_IDLE_PING_SECONDS"])
    app.extensions["yv_engine"] = engine
    app.extensions["yv_engines"] = {True: engine_for_writes(engine), False: engine_for_reads(engine)}
    app.after_request(_end_unit_of_work)
    app.teardown_appcontext(_close_session)
    message_flashed.connect(_count_flash, app)


def engine_for(app: Flask | None = None) -> Engine:
    return (app or current_app).extensions["yv_engine"]


def new_session(app: Flask | None = None, *, write: bool = True) -> Session:
    """A session outside the request cycle (CLI, background work, the audit writer)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]  # Flask types the proxy as the app
    session = Session(app.extensions["yv_engines"][write], expire_on_commit=False)
    for hook in app.extensions.get("yv_new_session_hooks", ()):
        hook(app, session)  # privacy: the keyring of data keys, the audit keys (the layers above add what they need)
    return session


def read_connection(app: Flask) -> Connection:
    """A Core connection for a read that needs no ORM session (the web session's check on every request)."""
    return app.extensions["yv_engines"][False].connect()


def get_session(*, write: bool = False) -> Session:
    """The request's session: a write transaction for state-changing methods, a read one otherwise. A GET that
    must write (the browser sent back by a log-in provider) asks for `write=True` before anything else reads."""
    if "db_session" in g and write and not g.db_session.info.get("write"):
        raise RuntimeError("the request's session was opened for reading: ask for write=True first")
    if "db_session" not in g:
        write = write or (request.method not in SAFE_METHODS if request else True)
        g.db_session = new_session(write=write)
        g.db_session.info["write"] = write
        for hook in current_app.extensions.get("yv_session_hooks", ()):
            hook(g.db_session)  # words.py: who acts in this request, and what it shows of others
    return g.db_session


def get_by_id(session: Session, model: type[Model], ident: Any) -> Model | None:
    """`session.get(model, ident)` for a model with a single-column primary key, with its statement built once:
    the ORM built a new one on every call, which cost more than running it (a page asks one or two)."""
    found = session.identity_map.get(session.identity_key(model, ident))
    if found is not None:
        if inspect(found).expired:  # after a rollback: the ORM's own way (reload, or None if it is gone)
            return session.get(model, ident)
        return found
    statement: SelectOfScalar[Model] = _by_id_query(model)
    return session.exec(statement, params={"ident": ident}).first()


def parse_id(raw: object) -> UUID | None:
    """An id as it came from a URL or a form; None for anything that is not one (so nobody learns more)."""
    if isinstance(raw, UUID):
        return raw
    try:
        return UUID(str(raw))
    except ValueError:
        return None


def owned(session: Session, model: type[Model], raw_id: object, **match: object) -> Model:
    """The row with this id whose columns in `match` hold the given values (its owner, its meeting...), else
    NotFound: a foreign row is a 404, the same as one that does not exist. Rules beyond "this column equals that"
    belong to the caller (who may see what: `sharing.access`)."""
    ident = parse_id(raw_id)
    row = get_by_id(session, model, ident) if ident is not None else None
    if row is None or any(getattr(row, name) != value for name, value in match.items()):
        raise NotFound
    return row


@cache
def _by_id_query(model: type[Any]) -> Any:
    (key,) = inspect(model).primary_key
    return select(model).where(key == bindparam("ident"))


@contextmanager
def writer_for(session: Session) -> Iterator[Session]:
    """Where a side effect of a page view (an audit entry, a "last seen" mark) is written.

    In a request that changes state this is the request's own session (it commits with everything else). In a
    read-only request it is a short write transaction of its own, committed at once: on SQLite a read
    transaction must never turn into a write one.
    """
    if session.info.get("write", True):
        yield session
        return
    with new_session() as side:
        yield side
        side.commit()


def upsert(session: Session, model: type, values: dict[str, object], keys: list[str]) -> None:
    """Insert a row, or update it if its key exists, in one statement (no race between two requests)."""
    dialect = session.get_bind().dialect.name
    from sqlalchemy.dialects import postgresql, sqlite

    statement = (postgresql.insert(model) if dialect == "postgresql" else sqlite.insert(model)).values(**values)
    updates = {name: value for name, value in values.items() if name not in keys}
    session.execute(statement.on_conflict_do_update(index_elements=keys, set_=updates))


@contextmanager
def session_scope(app: Flask | None = None) -> Iterator[Session]:
    """Commit on success, roll back on error: for CLI commands and scripts."""
    session = new_session(app)
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


def _end_unit_of_work(response: Response) -> Response:
    """Commit what the request changed when its response is below 400, roll it back otherwise; then close the
    session, before the web session is saved in a transaction of its own (on SQLite this frees the write lock,
    which the session save would otherwise wait for).

    A read-only request's session is only closed: its side effects are written at once (`writer_for`), and on
    SQLite a read transaction must never turn into a write one. If the commit fails (a constraint, the database
    went away), the person gets the app's error page instead of the page that said it worked, and the request's
    flash messages ("Saved.") are dropped."""
    session = g.get("db_session")
    if session is None:
        return response
    if response.status_code < 400 and session.info.get("write"):
        try:
            session.commit()
        except Exception as error:
            _drop_flashes()
            response = failure_response(error)
    close_request_session()
    return response


def _count_flash(_app: Flask, **_extra: object) -> None:
    """Count the flash messages of this request (the ones a failed commit takes back)."""
    g.yv_flashes = g.get("yv_flashes", 0) + 1


def _drop_flashes() -> None:
    """Take back the flash messages this request added: what they announced was not saved."""
    count = g.pop("yv_flashes", 0)
    flashes = web_session.get("_flashes")
    if count and flashes:
        kept = flashes[:-count]
        if kept:
            web_session["_flashes"] = kept
        else:
            web_session.pop("_flashes", None)


def close_request_session() -> None:
    """Close the request's database session (the next `get_session()` opens a new one)."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def _close_session(_exc: BaseException | None) -> None:
    close_request_session()
