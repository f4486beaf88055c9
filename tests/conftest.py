"""Fixtures: an app per test on a fresh database, on SQLite and (where it answers) PostgreSQL.

Which backends run is chosen in the repository's top conftest.py (`--backends`, `YV_TEST_BACKENDS`). Helpers
the tests import live in `support/`; this file holds only fixtures and hooks."""

from __future__ import annotations

import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlmodel import Session
from support.canaries import canary_leaks
from support.client import EnglishClient
from support.database import BACKENDS, PG_ADMIN_URL, base_config, empty_postgres, postgres_reachable

from youthvoice import create_app
from youthvoice.core.cli import upgrade_database
from youthvoice.core.db import new_session

# --- every log line of the whole run, searched for canary markers at the end (issue 8, point 12) ------------


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
    config.yv_worker_sweeps = []  # type: ignore[attr-defined]  # what each pytest-xdist worker's sweep found


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """pytest-xdist: keep what a worker's log sweep found, so the controller reports (and fails) for all workers;
    a worker's own exit status does not reach the run's."""
    sweep = getattr(node, "workeroutput", {}).get("yv_log_sweep")
    if sweep is not None:
        node.config.yv_worker_sweeps.append(sweep)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    keeper: _LogKeeper | None = getattr(config, "yv_log_keeper", None)
    if keeper is None:
        return
    server_logs: list[str] = getattr(config, "yv_server_logs", [])
    records, servers = len(keeper.lines), len(server_logs)
    leaks = canary_leaks([*keeper.lines, *server_logs])
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: the controller reports for every worker
        workeroutput["yv_log_sweep"] = {"records": records, "servers": servers, "leaks": leaks[:20]}
        return
    for sweep in getattr(config, "yv_worker_sweeps", []):
        records, servers, leaks = records + sweep["records"], servers + sweep["servers"], leaks + sweep["leaks"]
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"log sweep: {records} app log records and {servers} server logs searched for canaries")
    if leaks:
        if reporter is not None:
            reporter.write_line("A CANARY MARKER REACHED A LOG:", red=True)
            for line in leaks[:20]:
                reporter.write_line("  " + line[:300], red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_report_header(config: pytest.Config) -> str:
    if "postgresql" not in config.getoption("backends"):
        return "PostgreSQL: not selected (--backends / YV_TEST_BACKENDS), tests run on SQLite only"
    if postgres_reachable():
        return "PostgreSQL: reachable at 127.0.0.1:5432, tests run on SQLite and PostgreSQL"
    return "PostgreSQL: NOT reachable at 127.0.0.1:5432, PostgreSQL tests will be SKIPPED"


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
def postgres_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One migrated PostgreSQL database for this test process (each pytest-xdist worker has its own, by the
    process id in its name); tables are emptied after each test."""
    if not postgres_reachable():
        pytest.skip("PostgreSQL not reachable at 127.0.0.1:5432: PostgreSQL variant skipped")
    name = f"yv_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    app = create_app(base_config(url, tmp_path_factory.mktemp("postgres-migration")))
    upgrade_database(app)
    app.extensions["yv_engine"].dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


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
        empty_postgres(application)
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
