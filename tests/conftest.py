"""Fixtures: an app per test on a fresh database, on SQLite and (where it answers) PostgreSQL."""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.json.tag import TaggedJSONSerializer
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlmodel import Session

from youthvoice import create_app
from youthvoice.core.cli import upgrade_database
from youthvoice.core.db import new_session
from youthvoice.core.model import utcnow
from youthvoice.identity.models import AccountStatus, LoginSession, Municipality, Role, User
from youthvoice.identity.sessions import hash_session_id

PG_ADMIN_URL = os.environ.get("YV_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BACKENDS = ("sqlite", "postgresql")
_pg_state: dict[str, Any] = {}


def _postgres_reachable() -> bool:
    if "reachable" not in _pg_state:
        try:
            engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 2})
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            engine.dispose()
            _pg_state["reachable"] = True
        except Exception:
            _pg_state["reachable"] = False
    return _pg_state["reachable"]


# --- every log line of the whole run, searched for canary markers at the end (issue 8, point 12) ------------

CANARY = re.compile(r"CANARY[0-9a-f]{12}")


class _LogKeeper(logging.Handler):
    """Keeps every record the app logs (and every warning of a library) during the run, formatted with its
    traceback, so the end of the session can search them all, not only those of the canary test."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record))
        except Exception:  # a record that cannot be formatted is kept as its raw message
            self.lines.append(repr(record.msg))


def pytest_configure(config: pytest.Config) -> None:
    keeper = _LogKeeper()
    app_logger = logging.getLogger("youthvoice")
    app_logger.setLevel(logging.DEBUG)
    app_logger.addHandler(keeper)
    logging.getLogger().addHandler(keeper)  # the root: what libraries log at their (default: warning) levels
    config.yv_log_keeper = keeper  # type: ignore[attr-defined]
    config.yv_server_logs = []  # type: ignore[attr-defined]  # the e2e live servers' output (e2e/conftest.py)


def canary_leaks(texts: list[str]) -> list[str]:
    return [line for text in texts for line in text.splitlines() if CANARY.search(line)]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    keeper: _LogKeeper | None = getattr(session.config, "yv_log_keeper", None)
    if keeper is None:
        return
    leaks = canary_leaks([*keeper.lines, *getattr(session.config, "yv_server_logs", [])])
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"log sweep: {len(keeper.lines)} app log records and "
                            f"{len(getattr(session.config, 'yv_server_logs', []))} server logs searched for canaries")
    if leaks:
        if reporter is not None:
            reporter.write_line("A CANARY MARKER REACHED A LOG:", red=True)
            for line in leaks[:20]:
                reporter.write_line("  " + line[:300], red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_report_header() -> str:
    if _postgres_reachable():
        return "PostgreSQL: reachable at 127.0.0.1:5432, tests run on SQLite and PostgreSQL"
    return "PostgreSQL: NOT reachable at 127.0.0.1:5432, PostgreSQL tests will be SKIPPED"


def base_config(database_url: str, instance: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-" + secrets.token_hex(8),
        "DATABASE_URL": database_url,
        "WEBAUTHN_RP_ID": "localhost",
        "WEBAUTHN_ORIGIN": "http://localhost",
        "RATELIMIT_ENABLED": False,
        "DEMO_MODE": False,
        "SERVER_NAME": "localhost",
        # each test's own: checkpoints of another test's log would not match this one
        "AUDIT_CHECKPOINT_FILE": str(instance / "audit_checkpoints.jsonl"),
    }


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database, copied for every test (migrating once keeps the suite fast)."""
    folder = tmp_path_factory.mktemp("sqlite-template")
    path = folder / "template.db"
    app = create_app(base_config(f"sqlite:///{path}", folder))
    upgrade_database(app)
    app.extensions["yv_engine"].dispose()
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """One migrated PostgreSQL database for this test session; tables are emptied after each test."""
    if not _postgres_reachable():
        pytest.skip("PostgreSQL not reachable at 127.0.0.1:5432: PostgreSQL variant skipped")
    name = f"yv_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    app = create_app(base_config(url, Path(tempfile.gettempdir())))
    upgrade_database(app)
    app.extensions["yv_engine"].dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_postgres(app: Flask) -> None:
    engine = app.extensions["yv_engine"]
    with engine.begin() as connection:
        tables = [row[0] for row in connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"))]
        if tables:
            connection.execute(text("SET session_replication_role = replica"))
            connection.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))


class EnglishClient(FlaskClient):
    """Tests read English text unless they ask for Danish (`headers={"Accept-Language": "da"}`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def app(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    marker = request.node.get_closest_marker("app_config")
    settings = marker.kwargs if marker else {}
    if backend == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "yv.db"
        shutil.copy(template, path)
        application = create_app(base_config(f"sqlite:///{path}", tmp_path) | settings)
    else:
        url = request.getfixturevalue("postgres_database")
        application = create_app(base_config(url, tmp_path) | settings)
    application.test_client_class = EnglishClient
    yield application
    if backend == "postgresql":
        _empty_postgres(application)
    application.extensions["yv_engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def db(app: Flask) -> Iterator[Session]:
    """A session for arranging and checking data; commit what the app must see, roll back to re-read.

    It writes, so it is a write session, except on SQLite: there a write session holds the write lock from its
    first statement until it commits, and the app's own requests in the test would wait for it."""
    session = new_session(app, write=not app.config["DATABASE_URL"].startswith("sqlite"))
    yield session
    session.close()


# --- factories -----------------------------------------------------------------------------------------


def make_municipality(db: Session, name: str = "Roskilde") -> Municipality:
    db.commit()  # end any open snapshot (keeping pending work): on SQLite a stale read transaction cannot write
    municipality = Municipality(slug=f"{name.lower()}-{uuid.uuid4().hex[:6]}", name=name)
    db.add(municipality)
    db.commit()
    return municipality


def make_person(db: Session, municipality: Municipality, role: Role = Role.YOUNG_PERSON, *,
                name: str | None = None, status: AccountStatus = AccountStatus.ACTIVE, **fields: Any) -> User:
    from youthvoice.identity import accounts

    db.commit()  # see make_municipality
    person = accounts.create_person(db, municipality_id=municipality.id or 0, role=role,
                                    display_name=name or f"{role.value}-{uuid.uuid4().hex[:4]}", status=status,
                                    **fields)
    db.commit()
    return person


def link(db: Session, young: User, other: User) -> None:
    from youthvoice.identity import accounts

    accounts.link(db, young_person=young, other=other)
    db.commit()


def login_as(app: Flask, client: FlaskClient, person: User) -> str:
    """Log a test client in through a real server-side session row; returns the raw session id."""
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    data = TaggedJSONSerializer().dumps({"_user_id": str(person.id), "_fresh": True})
    with new_session(app) as session:
        session.add(LoginSession(id=hash_session_id(raw), user_id=person.id, data=data, created_at=now,
                                 last_seen_at=now, idle_minutes=30, expires_at=now + timedelta(hours=12)))
        session.commit()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], raw, domain="localhost")
    return raw


_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_token(client: FlaskClient, page: str = "/login") -> str:
    """A CSRF token for this client's session, read from a page like a browser would."""
    response = client.get(page, follow_redirects=True)
    match = _CSRF.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {page} ({response.status_code})"
    return match.group(1)


def post_form(client: FlaskClient, url: str, data: dict[str, Any] | None = None, **kwargs: Any):  # type: ignore[no-untyped-def]
    payload = dict(data or {})
    payload.setdefault("csrf_token", csrf_token(client, kwargs.pop("token_page", "/login")))
    return client.post(url, data=payload, **kwargs)


def post_json(client: FlaskClient, url: str, body: dict[str, Any] | None = None, **kwargs: Any):  # type: ignore[no-untyped-def]
    token = csrf_token(client, kwargs.pop("token_page", "/login"))
    return client.post(url, json=body or {}, headers={"X-CSRFToken": token}, **kwargs)


ORIGIN = "http://localhost"


def issue_invite(app: Flask, person: User, created_by: User, *, kind: str = "account",
                 lifetime: timedelta = timedelta(days=7)) -> str:
    """Issue an invite as `created_by` and return the raw token from the link."""
    from youthvoice.identity import accounts, recovery
    from youthvoice.identity.models import InviteKind

    with new_session(app) as session:
        invited = session.get(User, person.id)
        issued = accounts.issue_invite(session, person=invited, created_by=session.get(User, created_by.id),
                                       kind=InviteKind(kind), lifetime=lifetime)
        recovery.after_issue(session, invite=issued.invite, person=invited)  # as recovery.issue_link does
        session.commit()
    return issued.token


def register_with_invite(client: FlaskClient, token: str, authenticator: Any, **create_kwargs: Any):  # type: ignore[no-untyped-def]
    """Redeem an invite with a software passkey, as the browser script does."""
    options = post_json(client, f"/i/{token}/options")
    assert options.status_code == 200, options.get_data(as_text=True)
    credential = authenticator.create(options.get_json(), origin=create_kwargs.pop("origin", ORIGIN), **create_kwargs)
    return post_json(client, f"/i/{token}/verify", {"credential": credential, "name": "Test phone"})


def passkey_login(client: FlaskClient, authenticator: Any, **get_kwargs: Any):  # type: ignore[no-untyped-def]
    """Log in with a software passkey (usernameless)."""
    options = post_json(client, "/login/options")
    assert options.status_code == 200
    credential = authenticator.get(options.get_json(), origin=get_kwargs.pop("origin", ORIGIN), **get_kwargs)
    return post_json(client, "/login/verify", {"credential": credential})


def reread(db: Session) -> None:
    """Forget what this test session has loaded and end its snapshot, to see what the app wrote."""
    db.rollback()
    db.expire_all()
