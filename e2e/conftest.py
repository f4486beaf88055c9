"""Fixtures for the real-browser journeys.

A live server per database backend (SQLite always, PostgreSQL when 127.0.0.1:5432 answers), each started with
`youthvoice serve --demo` on a free port, and Debian's Chromium driven by playwright.sync_api directly (not
pytest-playwright, which would try to download its own browsers). Run with:

    .venv/bin/pytest e2e -q -p no:cacheprovider
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from .support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP_VIEWPORT,
    IGNORE_PASSKEY_AUTOFILL,
    PHONE,
    PHONE_LOCALE,
    RESULTS_DIR,
    ROOT,
    TIMEOUT_MS,
    ContextFactory,
    LiveServer,
)

PG_HOST, PG_PORT = "127.0.0.1", 5432
PG_ADMIN_DSN = f"host={PG_HOST} port={PG_PORT} user=postgres dbname=postgres connect_timeout=3"
START_TIMEOUT_S = 90
YOUTHVOICE = ROOT / ".venv" / "bin" / "youthvoice"


# --- pytest hooks --------------------------------------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    # pyproject turns every warning into an error; nothing needs an exception at the moment. If Playwright or
    # a library ever emits an unavoidable warning, add a narrow entry here, for example:
    # config.addinivalue_line("filterwarnings", "ignore:exact message:DeprecationWarning:module.name")
    expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(here) and item.get_closest_marker("e2e") is None:
            raise pytest.UsageError(f"{item.nodeid}: every test under e2e/ must be marked @pytest.mark.e2e")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    report = yield
    setattr(item, f"yv_report_{report.when}", report)
    return report


def _failed(request: pytest.FixtureRequest) -> bool:
    report = getattr(request.node, "yv_report_call", None)
    return report is None or report.failed  # no call report: setup failed


def _artifact_stem(request: pytest.FixtureRequest) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid).strip("_")


# --- the live server -----------------------------------------------------------------------------------


def _free_port() -> int:
    """A port free on both loopback addresses, since `localhost` may resolve to either."""
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        try:
            with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe6:
                probe6.bind(("::1", port))
        except OSError as error:
            if error.errno == 99:  # EADDRNOTAVAIL: no IPv6 loopback here, so nothing else to check
                return port
            continue
        return port
    raise RuntimeError("no free port found")


def _postgres_problem() -> str | None:
    """None when PostgreSQL answers at 127.0.0.1:5432, otherwise why not."""
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=2):
            pass
    except OSError as error:
        return f"PostgreSQL does not answer at {PG_HOST}:{PG_PORT} ({error})"
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as connection:
            connection.execute("SELECT 1")
    except Exception as error:
        return f"PostgreSQL at {PG_HOST}:{PG_PORT} refused a connection ({type(error).__name__}: {error})"
    return None


def _create_pg_database() -> str:
    import psycopg

    name = f"yv_e2e_{os.getpid()}_{secrets.token_hex(4)}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return name


def _drop_pg_database(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_until_healthy(server: LiveServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    last = "no answer yet"
    while time.monotonic() < deadline:
        assert server.process is not None
        if server.process.poll() is not None:
            raise RuntimeError(f"the {server.backend} server exited with {server.process.returncode} before "
                               f"/healthz answered:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=2) as response:  # noqa: S310 - our URL
                if response.status == 200:
                    return
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}"
            error.close()
        except (urllib.error.URLError, OSError) as error:
            last = str(error)
        time.sleep(0.25)
    raise RuntimeError(f"the {server.backend} server did not answer /healthz with 200 within "
                       f"{START_TIMEOUT_S} s (last: {last}):\n{server.log_tail()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server's whole process group (gunicorn master and workers)."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
    # Workers that outlived the master would still be in the group.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _catalogues_stale() -> bool:
    """Whether a .po file is newer than its compiled .mo (or has none)."""
    for po in (ROOT / "youthvoice" / "translations").glob("*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            return True
    return False


@pytest.fixture(scope="session")
def compiled_translations() -> None:
    """The app reads .mo files; without them a Danish page silently shows English.

    Compiled when a .po is newer than its .mo, one process at a time: pytest-xdist workers share the files, and
    pybabel rewrites a .mo in place, which another worker's server may be reading."""
    checkout = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
    with (Path(tempfile.gettempdir()) / f"yv-translations-{checkout}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _catalogues_stale():
            return
        result = subprocess.run(["bash", "scripts/translations.sh", "compile"], cwd=ROOT, capture_output=True,
                                text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"compiling the translations failed:\n{result.stdout}\n{result.stderr}", pytrace=False)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def live_server(request: pytest.FixtureRequest, compiled_translations: None) -> Iterator[LiveServer]:
    """`youthvoice serve --demo` on a free port and its own fresh database, until the session ends."""
    backend: str = request.param
    if backend == "postgresql":
        problem = _postgres_problem()
        if problem:
            pytest.skip(f"e2e on PostgreSQL skipped: {problem}")
    workdir = Path(tempfile.mkdtemp(prefix=f"yv-e2e-{backend}-"))
    pg_database = None
    process = None
    try:
        if backend == "postgresql":
            pg_database = _create_pg_database()
            database_url = f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{pg_database}"
        else:
            database_url = f"sqlite:///{workdir / 'yv.db'}"
        port = _free_port()
        origin = f"http://localhost:{port}"
        env = {key: value for key, value in os.environ.items()
               if key not in ("REDIS_URL", "RATELIMIT_ENABLED", "BEHIND_PROXY", "FLASK_APP")}
        env.update({
            "DATABASE_URL": database_url,
            "WEBAUTHN_RP_ID": "localhost",
            "WEBAUTHN_ORIGIN": origin,
            "DEMO_MODE": "true",
            "PUSH_ALLOW_LOCAL_ENDPOINTS": "true",  # push endpoints in the journeys point at 127.0.0.1, never out
            "OIDC_ALLOW_HTTP": "true",  # the staff log-in journey's provider is on http://127.0.0.1 (tests/support)
            "SECRET_KEY": secrets.token_urlsafe(48),
            "PYTHONUNBUFFERED": "1",
        })
        server = LiveServer(backend=backend, url=origin, port=port, log_path=workdir / "server.log")
        with server.log_path.open("wb") as log:
            process = subprocess.Popen(
                [str(YOUTHVOICE), "serve", "--host", "localhost", "--port", str(port), "--demo"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        server.process = process
        _wait_until_healthy(server)
        yield server
    finally:
        if process is not None:
            _stop(process)
        log_path = workdir / "server.log"
        keep = getattr(request.config, "yv_server_logs", None)
        if keep is not None and log_path.exists():
            keep.append(log_path.read_text(errors="replace"))  # searched for canary markers at the end of the run
        if pg_database is not None:
            _drop_pg_database(pg_database)
        shutil.rmtree(workdir, ignore_errors=True)


# --- the browser ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """Debian's Chromium; Playwright cannot download browsers here."""
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def _contexts(request: pytest.FixtureRequest,
              live_server: LiveServer) -> Iterator[list[tuple[str, BrowserContext]]]:
    """Every context a test opens; closed afterwards, with a screenshot of each page when the test failed."""
    opened: list[tuple[str, BrowserContext]] = []
    yield opened
    if _failed(request):
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        stem = _artifact_stem(request)
        for label, context in opened:
            for number, page in enumerate(context.pages, start=1):
                try:
                    page.screenshot(path=str(RESULTS_DIR / f"{stem}--{label}-{number}.png"), full_page=True)
                except Exception as error:
                    print(f"screenshot of {label} page {number} failed: {error}")
        (RESULTS_DIR / f"{stem}--server.log").write_text(live_server.log_tail(400))
        print(f"e2e artefacts saved under {RESULTS_DIR} as {stem}--*")
    for _label, context in opened:
        context.close()


def _configured(context: BrowserContext, *, passkey_autofill: bool) -> BrowserContext:
    context.set_default_timeout(TIMEOUT_MS)
    if not passkey_autofill:
        context.add_init_script(IGNORE_PASSKEY_AUTOFILL)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    return context


@pytest.fixture
def new_phone_context(playwright_instance: Playwright, browser: Browser, live_server: LiveServer,
                      _contexts: list[tuple[str, BrowserContext]]) -> ContextFactory:
    """Make a phone context: a Pixel 7 with a Danish browser (locale da-DK).

    `passkey_autofill=True` lets the virtual authenticator answer autofill requests on its own (see
    IGNORE_PASSKEY_AUTOFILL); by default they wait, as for a person who has not touched the autofill list.
    """
    device = {key: value for key, value in playwright_instance.devices[PHONE].items()
              if key != "default_browser_type"}

    def make(label: str = "phone", *, passkey_autofill: bool = False, **overrides: Any) -> BrowserContext:
        options = {**device, "locale": PHONE_LOCALE, "base_url": live_server.url, **overrides}
        context = _configured(browser.new_context(**options), passkey_autofill=passkey_autofill)
        _contexts.append((label, context))
        return context

    return make


@pytest.fixture
def new_desktop_context(browser: Browser, live_server: LiveServer,
                        _contexts: list[tuple[str, BrowserContext]]) -> ContextFactory:
    """Make a desktop context, 1280x800 (Danish browser unless a locale is given)."""

    def make(label: str = "desktop", *, passkey_autofill: bool = False, **overrides: Any) -> BrowserContext:
        options = {"viewport": DESKTOP_VIEWPORT, "locale": PHONE_LOCALE, "base_url": live_server.url,
                   **overrides}
        context = _configured(browser.new_context(**options), passkey_autofill=passkey_autofill)
        _contexts.append((label, context))
        return context

    return make


@pytest.fixture
def new_page() -> Callable[[BrowserContext], Page]:
    """A new page in a context, with the default timeout set on it too."""

    def make(context: BrowserContext) -> Page:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.set_default_navigation_timeout(TIMEOUT_MS)
        return page

    return make
