"""The youthvoice load benchmark (issues 7 and 25): a large municipality, gunicorn as in production, 32 connections.

    .venv/bin/python bench/load.py [--db sqlite|postgresql] [--quick]

What it does, in one run (see bench/README.md):

1. creates two fresh databases (SQLite files in a temporary folder, or two uniquely named PostgreSQL databases on
   127.0.0.1:5432, dropped afterwards), migrates them with `youthvoice db upgrade`, and seeds a LARGE
   municipality (2,000 young people, 100 professionals, 20,000 meetings, a council with 300 causes and 10,000
   supports) and a SMALL one a tenth of its size (bench/seed.py);
2. measures, in-process (Flask test client, one request at a time), the SQL statements per request of each key
   page at both sizes, for the lightest and the heaviest user, and the time per request;
3. serves the large database with gunicorn as in production, and bench/bare_app.py the same way: the bare Flask
   ceiling and the references of issue 25 (a lean log-in floor and a lean page on the raw driver, a typical
   Flask-Login + ORM page), measured in the same run on the same data;
4. drives 32 concurrent keep-alive connections at each page (wrk with bench/rotate.lua, rotating through many
   logged-in people; a Python load generator if wrk is missing), bounded in time, on loopback only;
5. measures bytes transferred per page with `Accept-Encoding: br, gzip`: the HTML, and a first load with the
   CSS, JavaScript, icons and manifest the page links to;
6. also drives each page at 4 connections (issue 25's p95 goal where latency is the page's own);
7. prints a Markdown table with each page's server CPU time per request as a multiple of the lean page's and
   the goals of issue 25, and cleans up (servers killed by process group, PostgreSQL databases dropped) even
   on Ctrl-C or an error.

The machine has 2 cores shared by the servers and the load generator: compare the ratios within one run, not
absolute numbers between machines.
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = ROOT / ".venv" / "bin"
sys.path[:0] = [str(ROOT), str(BENCH)]

PG_ADMIN_URL = os.environ.get("YV_BENCH_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
# Issue 25: the log-in floor at most 1.2 × the lean floor's CPU per request; the young person's pages and the
# council list at most 3 × the lean page's, the dashboard 5 ×; p95 under 100 ms (dashboard 150) at 32
# connections and under 50 ms at 4.
GOAL_FLOOR = 1.2
GOAL_TIMES_LEAN = {"home": 3.0, "prepare": 3.0, "council": 3.0, "dashboard": 5.0}
GOAL_P95_MS = {"home": 100.0, "prepare": 100.0, "council": 100.0, "dashboard": 150.0}
GOAL_P95_FEW_MS = 50.0
FEW_CONNECTIONS = 4
BUDGET_FIRST = 50 * 1024  # issue 7: at most 50 KB transferred on first load (compressed, everything included)
BUDGET_LATER = 15 * 1024  # and at most 15 KB on later loads (static files are cached for a year)
MAX_USERS_PER_PAGE = 500  # distinct logged-in people each page's load rotates through
# Each load connection is replaced about this often, as people come and go. With 32 connections opened at once
# and kept for the whole run, one gunicorn worker can end up with all of them (seen here: one worker at 100 %
# of a core, the other idle, half the throughput), which measures the kernel's luck, not the app.
CONNECTION_SECONDS = 2.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- cleanup that happens even on Ctrl-C or an error ------------------------------------------------------


class Cleanup:
    """Callbacks run in reverse order at the end, whatever happened."""

    def __init__(self) -> None:
        self._callbacks: list[tuple[str, Callable[[], None]]] = []

    def add(self, what: str, callback: Callable[[], None]) -> None:
        self._callbacks.append((what, callback))

    def run(self) -> None:
        # A second Ctrl-C (or a SIGTERM from `timeout`) must not cut the cleanup short; every step is bounded.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        while self._callbacks:
            what, callback = self._callbacks.pop()
            try:
                callback()
            except Exception as error:  # keep cleaning up
                log(f"cleanup of {what} failed: {error}")


def _on_sigterm(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


# --- processes ------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


GUNICORN = {"workers": 2, "threads": 8}  # as `youthvoice serve` runs it; --workers/--threads to try others


class Server:
    """A gunicorn in its own process group, so it and its workers are ended together."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], cwd: Path, log_path: Path) -> None:
        self.name, self.log_path = name, log_path
        self.port = free_port()
        command = [str(VENV_BIN / "gunicorn"), "-k", "gthread", "--threads", str(GUNICORN["threads"]),
                   "-w", str(GUNICORN["workers"]), "-b", f"127.0.0.1:{self.port}", *args]
        # the app's pool keeps as many connections as gunicorn has threads (issue 25.4), also with --threads
        self.env = {**env, "WEBAUTHN_ORIGIN": f"http://localhost:{self.port}", "WEB_THREADS": str(GUNICORN["threads"])}
        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, env=self.env, cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}:\n{self.tail()}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", path)
                if connection.getresponse().status == 200:
                    connection.close()
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not answer on {path} within {timeout} s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
            except ProcessLookupError:
                pass
        self._log.close()


# --- databases ------------------------------------------------------------------------------------------


@dataclass
class Database:
    label: str  # "large" or "small"
    url: str
    app: Any = None  # an in-process youthvoice app on this database
    seeded: Any = None  # seed.Seeded
    seed_seconds: float = 0.0
    migrate_seconds: float = 0.0


def create_databases(kind: str, workdir: Path, cleanup: Cleanup) -> list[Database]:
    if kind == "sqlite":
        return [Database(label, f"sqlite:///{workdir / f'{label}.db'}") for label in ("large", "small")]
    from sqlalchemy import create_engine, text

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 10})
    base = f"yv_bench_{os.getpid()}_{secrets.token_hex(3)}"
    databases = []
    for label in ("large", "small"):
        name = f"{base}_{label}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))

        def drop(name: str = name) -> None:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            log(f"dropped PostgreSQL database {name}")

        cleanup.add(f"database {name}", drop)
        databases.append(Database(label, PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name))
    cleanup.add("PostgreSQL admin engine", admin.dispose)
    return databases


def migrate(database: Database, env: dict[str, str]) -> None:
    started = time.perf_counter()
    result = subprocess.run([str(VENV_BIN / "youthvoice"), "db", "upgrade"], env={**env, "DATABASE_URL": database.url},
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    if result.returncode:
        raise RuntimeError(f"youthvoice db upgrade failed:\n{result.stdout}\n{result.stderr}")
    database.migrate_seconds = time.perf_counter() - started


def in_process_app(database: Database, env: dict[str, str], instance: Path) -> Any:
    from youthvoice import create_app

    return create_app({"DATABASE_URL": database.url, "SECRET_KEY": env["SECRET_KEY"],
                       "MASTER_KEYS": env["MASTER_KEYS"], "RATELIMIT_ENABLED": False, "DEMO_MODE": False,
                       "WEBAUTHN_ORIGIN": "http://localhost"}, instance_path=str(instance))


# --- the pages ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    staff: bool
    young_persons_page: bool  # the byte budgets are for the pages a young person uses

    def users(self, seeded: Any) -> list[Any]:
        """Who this page is loaded for, heaviest data first."""
        if self.key == "dashboard":
            return sorted(seeded.professional_ids, key=lambda p: -seeded.young_of.get(p, 0))
        if self.key == "council":
            return list(seeded.member_ids)
        people = [y for y in seeded.young_ids if self.key != "prepare" or y in seeded.next_meeting]
        return sorted(people, key=lambda y: -seeded.meetings_of.get(y, 0))

    def path(self, seeded: Any, user_id: Any) -> str:
        return {
            "home": "/",
            "prepare": f"/meetings/{seeded.next_meeting.get(user_id)}/prepare/hard",
            "dashboard": "/people/",
            "council": "/council/causes",
        }[self.key]

    def volume(self, seeded: Any, user_id: Any) -> int:
        """How much data this person has on this page (meetings, or young people for a professional)."""
        if self.key == "dashboard":
            return seeded.young_of.get(user_id, 0)
        if self.key == "council":
            return 0
        return seeded.meetings_of.get(user_id, 0)


REFERENCE_TITLES = {  # bench/bare_app.py, but "me": youthvoice's own log-in floor
    "floor": "lean log-in floor `/lean/me` (reference: revocable session by primary key, raw driver, JSON)",
    "lean": "lean page `/lean/page` (reference: that check, 3 statements, a Jinja template)",
    "typical": "typical page `/typical` (reference: Flask-Login + ORM session check, 3 ORM statements, template)",
    "me": "youthvoice's log-in floor `/api/v1/me` (the session check and a small JSON answer)",
}
REFERENCE_STATEMENTS = {"floor": 1, "lean": 4, "typical": 5, "me": 1}
HOME = PageSpec("home", "young person's home `/`", staff=False, young_persons_page=True)
PAGES = (
    HOME,
    PageSpec("prepare", "meeting preparation `/meetings/<id>/prepare/hard`", staff=False, young_persons_page=True),
    PageSpec("dashboard", "professional dashboard `/people/`", staff=True, young_persons_page=False),
    PageSpec("council", "council list `/council/causes`", staff=False, young_persons_page=True),
)


@dataclass
class PageResult:
    spec: PageSpec
    queries: dict[str, list[int]] = field(default_factory=dict)  # size -> counts (lightest .. heaviest user)
    inproc_ms: dict[str, float] = field(default_factory=dict)  # size -> median ms per request in-process
    query_detail: dict[str, list[tuple[int, int, list[str]]]] = field(default_factory=dict)  # (volume, n, SQL)
    heavy_sql: dict[str, list[tuple[float, str]]] = field(default_factory=dict)  # heaviest user: (ms, SQL)
    profile: str = ""
    load: dict[str, Any] | None = None
    few: dict[str, Any] | None = None  # the same load at FEW_CONNECTIONS
    html_bytes: int = 0
    html_raw_bytes: int = 0
    first_load_bytes: int = 0
    resources: list[tuple[str, int]] = field(default_factory=list)


# --- SQL statements per request, in-process -------------------------------------------------------------


class StatementCounter:
    """Counts the SQL statements an app's engine runs (transaction control and PRAGMAs left out)."""

    SKIP = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|PRAGMA|SAVEPOINT|RELEASE)\b", re.IGNORECASE)

    def __init__(self, engine: Any) -> None:
        from sqlalchemy import event

        self.active = False
        self.statements: list[tuple[float, str]] = []
        self._started: dict[int, float] = {}
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, _conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        if self.active and not self.SKIP.match(statement):
            self._started[id(cursor)] = time.perf_counter()

    def _after(self, _conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
        started = self._started.pop(id(cursor), None)
        if started is not None:
            self.statements.append(((time.perf_counter() - started) * 1000, statement))

    def measure(self, call: Callable[[], Any]) -> tuple[Any, list[tuple[float, str]]]:
        self.statements, self.active = [], True
        try:
            result = call()
        finally:
            self.active = False
        return result, self.statements


def measure_in_process(database: Database, results: dict[str, PageResult], timing_requests: int,
                       profile: str | None = None) -> None:
    """Statements per request for the lightest, a middling and the heaviest user; time per request (median)."""
    from seed import login_sessions

    app = database.app
    seeded = database.seeded
    counter = StatementCounter(app.extensions["yv_engine"])
    for spec in PAGES:
        users = spec.users(seeded)
        if not users:
            raise RuntimeError(f"no users for {spec.key} in the {database.label} data set")
        heaviest, lightest = users[0], users[-1]
        sample = list(dict.fromkeys([lightest, users[len(users) // 2], heaviest, *users[:timing_requests]]))
        raw = login_sessions(app, sample, staff=spec.staff)
        client = app.test_client()

        def get(user_id: Any, spec: PageSpec = spec, client: Any = client, raw: dict = raw) -> Any:
            client.set_cookie("yv_session", raw[user_id], domain="localhost")
            return client.get(spec.path(seeded, user_id),
                              headers={"Accept-Language": "da", "Accept-Encoding": "br, gzip"})

        warm = get(heaviest)  # templates compiled, connections opened
        if warm.status_code != 200:
            raise RuntimeError(f"{spec.key} answered {warm.status_code} in-process for {database.label}:"
                               f" {warm.headers.get('Location')}")
        result = results[spec.key]
        counts = []
        for user_id in sorted(sample[:3], key=lambda u: spec.volume(seeded, u)):
            response, statements = counter.measure(lambda u=user_id: get(u))
            if response.status_code != 200:
                raise RuntimeError(f"{spec.key} answered {response.status_code} for a {database.label} user")
            counts.append((spec.volume(seeded, user_id), len(statements), [sql for _ms, sql in statements]))
        result.queries[database.label] = [count for _volume, count, _sql in counts]
        result.query_detail[database.label] = counts
        times = []
        for i in range(timing_requests):
            user_id = sample[i % len(sample)]
            started = time.perf_counter()
            get(user_id)
            times.append((time.perf_counter() - started) * 1000)
        result.inproc_ms[database.label] = statistics.median(times)
        # each statement of the heaviest user's page, at its best of five (the machine may be shared)
        runs = [counter.measure(lambda u=heaviest: get(u))[1] for _ in range(5)]
        if len({len(run) for run in runs}) == 1:
            result.heavy_sql[database.label] = [(min(run[i][0] for run in runs), runs[0][i][1])
                                                for i in range(len(runs[0]))]
        else:
            result.heavy_sql[database.label] = runs[-1]
        if profile == spec.key and database.label == "large":
            result.profile = profile_page(lambda i, people=sample: get(people[i % len(people)]),
                                          max(200, timing_requests * 5))


def profile_page(get: Callable[[int], Any], requests: int) -> str:
    """cProfile of `requests` page views, the top functions by cumulative and by own time."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(requests):
        get(i)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    out.write(f"cProfile of {requests} requests, by cumulative time:\n")
    stats.sort_stats("cumulative").print_stats(40)
    out.write("by own time:\n")
    stats.sort_stats("tottime").print_stats(25)
    return out.getvalue()


# --- bytes transferred --------------------------------------------------------------------------------


class _Links(HTMLParser):
    """The same-origin files a browser fetches to show a page: stylesheets, icons, manifest, scripts, images."""

    FETCHED_RELS = {"stylesheet", "icon", "manifest", "apple-touch-icon", "preload", "modulepreload"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        url = None
        if tag == "link" and set((values.get("rel") or "").split()) & self.FETCHED_RELS:
            url = values.get("href")
        elif tag in ("script", "img") and values.get("src"):
            url = values.get("src")
        if url and url.startswith("/") and not url.startswith("//") and url not in self.urls:
            self.urls.append(url)


def fetch(port: int, path: str, cookie: str | None) -> tuple[int, int, int, bytes]:
    """(status, bytes on the wire for headers + body, compressed body bytes, decoded body)."""
    import brotli

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": f"localhost:{port}", "Accept-Encoding": "br, gzip", "Accept-Language": "da"}
    if cookie:
        headers["Cookie"] = f"yv_session={cookie}"
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    head = len(f"HTTP/1.1 {response.status} {response.reason}\r\n") + 2 + sum(
        len(k) + len(v) + 4 for k, v in response.getheaders())
    encoding = response.getheader("Content-Encoding", "")
    decoded = brotli.decompress(body) if encoding == "br" else gzip.decompress(body) if encoding == "gzip" else body
    return response.status, head + len(body), len(body), decoded


def measure_bytes(port: int, result: PageResult, path: str, cookie: str) -> None:
    status, wire, _compressed, html = fetch(port, path, cookie)
    if status != 200:
        raise RuntimeError(f"{result.spec.key}: {path} answered {status}")
    result.html_bytes, result.html_raw_bytes = wire, len(html)
    parser = _Links()
    parser.feed(html.decode("utf-8", errors="replace"))
    total, resources = wire, []
    for url in parser.urls:
        status, size, _c, _d = fetch(port, url, cookie)
        if status == 200:
            resources.append((url, size))
            total += size
    result.first_load_bytes, result.resources = total, resources


# --- load -----------------------------------------------------------------------------------------------


class CpuMeter:
    """CPU used during a run: the whole machine, and the server's process group (master and workers).

    The machine is shared (other people's tests may run meanwhile); the difference between the two, minus the
    load generator, is what others took. Linux /proc only; elsewhere it reports nothing.
    """

    def __init__(self, server_pgid: int | None) -> None:
        self.pgid = server_pgid
        self.ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
        self._start = self._sample()

    def _sample(self) -> tuple[float, float, dict[int, int]] | None:
        try:
            fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        except (OSError, ValueError):
            return None
        idle = fields[3] + fields[4]
        processes: dict[int, int] = {}
        if self.pgid is not None:
            for stat in Path("/proc").glob("[0-9]*/stat"):
                try:
                    parts = stat.read_text().rsplit(")", 1)[1].split()
                except (OSError, IndexError):
                    continue
                if int(parts[2]) == self.pgid:  # pgrp
                    processes[int(stat.parent.name)] = int(parts[11]) + int(parts[12])  # utime + stime
        return time.monotonic(), float(sum(fields) - idle), processes

    def stop(self) -> dict[str, Any]:
        end = self._sample()
        if self._start is None or end is None:
            return {}
        seconds = end[0] - self._start[0]
        cores = os.cpu_count() or 1
        busy = (end[1] - self._start[1]) / self.ticks / seconds / cores * 100
        used = {pid: (ticks - self._start[2].get(pid, 0)) / self.ticks / seconds * 100
                for pid, ticks in end[2].items()}  # % of one core, per process
        return {"machine_busy": busy, "server": sum(used.values()) / cores,
                "processes": sorted(used.values(), reverse=True)}


def write_targets(path: Path, targets: list[tuple[str, str]]) -> None:
    path.write_text("".join(f"{url}\t{cookie}\n" for url, cookie in targets))


def run_wrk(port: int, targets_file: Path, seconds: float, connections: int, threads: int,
            close_every: int) -> dict[str, Any]:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "-T", "10s",
               "-s", str(BENCH / "rotate.lua"), f"http://127.0.0.1:{port}", "--", str(targets_file),
               f"localhost:{port}", str(close_every)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        out, err = process.communicate(timeout=seconds + 60)
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    match = re.search(r"^BENCH_JSON (.*)$", out, re.MULTILINE)
    if process.returncode or not match:
        raise RuntimeError(f"wrk failed ({process.returncode}):\n{out}\n{err}")
    data = json.loads(match.group(1))
    duration = data["duration_us"] / 1e6
    errors = data["connect_errors"] + data["read_errors"] + data["write_errors"] + data["timeouts"]
    return {"rps": data["requests"] / duration, "p50": data["p50_us"] / 1000, "p95": data["p95_us"] / 1000,
            "p99": data["p99_us"] / 1000, "requests": data["requests"], "non_200": data["non_200"], "errors": errors}


def run_python_load(port: int, targets: list[tuple[str, str]], seconds: float, connections: int) -> dict[str, Any]:
    """Fallback without wrk: one thread per connection, http.client keep-alive, bounded by time.

    Each connection is replaced every CONNECTION_SECONDS, as with wrk. The generator needs a lot of CPU itself
    (and the GIL), so its numbers are lower than wrk's; compare ratios.
    """
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    failures = [0, 0]  # non-200, errors
    lock = threading.Lock()

    def worker(offset: int) -> None:
        mine, bad, broken = [], 0, 0
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        i = offset
        replace_at = time.monotonic() + CONNECTION_SECONDS
        while time.monotonic() < deadline:
            if time.monotonic() >= replace_at:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                replace_at = time.monotonic() + CONNECTION_SECONDS
            url, cookie = targets[i % len(targets)]
            i += 1
            headers = {"Host": f"localhost:{port}", "Accept-Encoding": "br, gzip", "Accept-Language": "da"}
            if cookie:
                headers["Cookie"] = f"yv_session={cookie}"
            started = time.perf_counter()
            try:
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                broken += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            bad += response.status != 200
        connection.close()
        with lock:
            latencies.extend(mine)
            failures[0] += bad
            failures[1] += broken

    started = time.monotonic()
    workers = [threading.Thread(target=worker, args=(n * 7919,), daemon=True) for n in range(connections)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(seconds + 30)
    elapsed = time.monotonic() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else float("nan")

    return {"rps": len(latencies) / elapsed, "p50": pct(50), "p95": pct(95), "p99": pct(99),
            "requests": len(latencies), "non_200": failures[0], "errors": failures[1]}


def spread_session_ages(app: Any, targets: list[tuple[str, str]]) -> None:
    """Give the sessions of a run the ages of people who keep using the app: last seen at a uniformly random
    moment of the past minute. A session writes its "last seen" at most once a minute (sessions.TOUCH_EVERY), so
    a run then pays those writes at the steady rate (about one per person per minute), not in a burst of one
    per person at its start, which is what a page measured more than a minute after its sessions were made got.
    """
    from sqlalchemy import bindparam, update

    from youthvoice.core.db import new_session
    from youthvoice.identity.models import LoginSession
    from youthvoice.identity.sessions import TOUCH_EVERY, hash_session_id

    now = datetime.now(UTC)
    window = TOUCH_EVERY.total_seconds()
    rows = [{"key": hash_session_id(cookie), "seen": now - timedelta(seconds=random.uniform(0, window))}
            for _path, cookie in targets if cookie]
    if not rows:
        return
    table = LoginSession.__table__  # type: ignore[attr-defined]
    statement = update(table).where(table.c.id == bindparam("key")).values(last_seen_at=bindparam("seen"))
    with app.app_context(), new_session(app) as db:
        db.connection().execute(statement, rows)
        db.commit()


def drive(server: Server, targets: list[tuple[str, str]], workdir: Path, name: str,
          args: argparse.Namespace) -> dict[str, Any]:
    """Warm up, then one bounded run; with the CPU the machine and the server used meanwhile."""
    port = server.port
    if args.generator == "wrk":
        targets_file = workdir / f"targets-{name}.txt"
        write_targets(targets_file, targets)
        warm = run_wrk(port, targets_file, args.warmup, args.connections, args.wrk_threads, close_every=4)
        # Replace each connection about every CONNECTION_SECONDS, whatever the page's speed (see rotate.lua):
        # wrk counts requests, not time, so the interval comes from the warm-up's rate.
        close_every = max(2, round(warm["rps"] * CONNECTION_SECONDS / args.connections))
        meter = CpuMeter(server.process.pid)
        result = run_wrk(port, targets_file, args.duration, args.connections, args.wrk_threads, close_every)
        result["close_every"] = close_every
    else:
        run_python_load(port, targets, args.warmup, args.connections)
        meter = CpuMeter(server.process.pid)
        result = run_python_load(port, targets, args.duration, args.connections)
    result.update(meter.stop())
    if result.get("server") and result["rps"]:  # CPU the server spent per request: robust to a busy machine
        result["cpu_ms"] = result["server"] / 100 * (os.cpu_count() or 1) * 1000 / result["rps"]
    return result


# --- the report -----------------------------------------------------------------------------------------


def fmt_bytes(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def fmt_queries(counts: list[int]) -> str:
    if not counts:
        return "–"
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low}–{high}"


def report(kind: str, args: argparse.Namespace, databases: list[Database], results: dict[str, PageResult],
           bare: dict[str, Any], machine: str) -> str:
    large, small = databases
    s_large, s_small = large.seeded.sizes, small.seeded.sizes
    lines = [f"### {'PostgreSQL' if kind == 'postgresql' else 'SQLite'}{' (--quick)' if args.quick else ''}, "
             f"{time.strftime('%Y-%m-%d %H:%M')}", ""]
    lines.append(f"{machine}; gunicorn `-k gthread --threads {GUNICORN['threads']} -w {GUNICORN['workers']}`; "
                 f"{args.connections} connections, "
                 f"{args.duration:g} s per page after {args.warmup:g} s of warm-up; load generator: "
                 f"{'wrk, ' + str(args.wrk_threads) + ' threads' if args.generator == 'wrk' else 'Python threads'}; "
                 f"each page rotates through up to {MAX_USERS_PER_PAGE} logged-in people.")
    lines.append("")
    references = bare.get("references", {})
    lean_cpu = (references.get("lean") or {}).get("cpu_ms")
    lines.append("| page | req/s | p50 ms | p95 ms | CPU ms per request | × lean page | SQL queries (large) "
                 "| SQL queries (small) | bytes (HTML) | bytes (first load) |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    lines.append(f"| bare Flask `/` (ceiling) | {bare['rps']:.0f} | {bare['p50']:.1f} | {bare['p95']:.1f} "
                 f"| {_cpu(bare)} | {_times(bare, lean_cpu)} | – | – | – | – |")
    for name, title in REFERENCE_TITLES.items():
        reference = references.get(name)
        if reference:
            lines.append(f"| {title} | {reference['rps']:.0f} | {reference['p50']:.1f} | {reference['p95']:.1f} "
                         f"| {_cpu(reference)} | {_times(reference, lean_cpu)} "
                         f"| {REFERENCE_STATEMENTS[name]} | {REFERENCE_STATEMENTS[name]} | – | – |")
    for spec in PAGES:
        r = results[spec.key]
        load = r.load or {}
        lines.append(f"| {spec.title} | {load.get('rps', 0):.0f} | {load.get('p50', 0):.1f} | {load.get('p95', 0):.1f} "
                     f"| {_cpu(load)} | {_times(load, lean_cpu)} "
                     f"| {fmt_queries(r.queries.get('large', []))} | {fmt_queries(r.queries.get('small', []))} "
                     f"| {fmt_bytes(r.html_bytes)} | {fmt_bytes(r.first_load_bytes)} |")
    lines.append("")
    bare_rps = [run["rps"] for run in bare.get("runs", [])]
    lines.append(
        f"Large: {s_large.young:,} young people, {s_large.professionals} professionals, {s_large.meetings:,} meetings, "
        f"{s_large.causes} causes, {s_large.supports:,} supports: {sum(large.seeded.rows.values()):,} rows seeded in "
        f"**{large.seed_seconds:.0f} s** (migrations {large.migrate_seconds:.0f} s). Small, a tenth: "
        f"{s_small.young:,} young people, {s_small.professionals} professionals, {s_small.meetings:,} meetings, "
        f"{s_small.causes} causes, {s_small.supports:,} supports: {sum(small.seeded.rows.values()):,} rows in "
        f"{small.seed_seconds:.0f} s.")
    lines.append("")
    lines.append(
        "req/s, p50, p95: the large data set under load. CPU ms per request: the CPU time all the server's "
        "processes used during the run over the requests served (read from /proc: other work on the machine "
        "does not count in it); × lean page: that over the lean page's (bench/bare_app.py). The bare app ran "
        f"between every two runs (bare runs: {', '.join(f'{x:.0f}' for x in bare_rps)} req/s). "
        "SQL queries: statements per request in-process (session, user, page; BEGIN/COMMIT not counted) for the "
        "lightest, a middling and the heaviest user of each data set (\"a–b\" when they differ). Bytes: on the "
        "wire with `Accept-Encoding: br, gzip`, response headers included, for the heaviest user; first load "
        "adds every stylesheet, script, icon and the manifest the page links to (later loads: the HTML only, "
        "static files are cached for a year).")
    lines.append("")
    lines.append("In-process time per request (Flask test client, one request at a time, compressed, median), and "
                 "the slowest statement of the heaviest user (best of five):")
    lines.append("")
    lines.append("| page | ms (large) | ms (small) | SQL ms (large) | SQL ms (small) | slowest statement (large) |")
    lines.append("|---|---:|---:|---:|---:|---|")
    for spec in PAGES:
        r = results[spec.key]
        top = max(r.heavy_sql.get("large", []), default=None)
        slowest = f"{top[0]:.2f} ms `{_short_sql(top[1])}`" if top else "–"
        lines.append(f"| {spec.key} | {r.inproc_ms.get('large', 0):.1f} | {r.inproc_ms.get('small', 0):.1f} "
                     f"| {sum(ms for ms, _ in r.heavy_sql.get('large', [])):.1f} "
                     f"| {sum(ms for ms, _ in r.heavy_sql.get('small', [])):.1f} | {slowest} |")
    lines.append("")
    floor, me = references.get("floor") or {}, references.get("me") or {}
    lines.append("Goals (issue 25; SQL and bytes: issue 7):")
    lines.append("")
    if floor.get("cpu_ms") and me.get("cpu_ms"):
        times = me["cpu_ms"] / floor["cpu_ms"]
        lines.append(f"- log-in floor ≤ {GOAL_FLOOR} × the lean floor: {_ok(times <= GOAL_FLOOR)}: "
                     f"{me['cpu_ms']:.2f} ms against {floor['cpu_ms']:.2f} ms, {times:.2f} ×")
        lines.append("")
    lines.append(f"| page | CPU ≤ goal × lean page | p95 at {args.connections} connections "
                 f"| p95 < {GOAL_P95_FEW_MS:.0f} ms at {FEW_CONNECTIONS} connections "
                 "| SQL queries do not grow (large / small) | first load ≤ 50 KB | later load ≤ 15 KB |")
    lines.append("|---|---|---|---|---|---|---|")
    for spec in PAGES:
        r = results[spec.key]
        load, few = r.load or {}, r.few or {}
        large_counts, small_counts = r.queries.get("large", []), r.queries.get("small", [])
        flat = bool(large_counts and small_counts) and max(large_counts) <= max(small_counts)
        staff = "" if spec.young_persons_page else " (staff page)"
        goal, p95_goal = GOAL_TIMES_LEAN.get(spec.key, 3.0), GOAL_P95_MS.get(spec.key, 100.0)
        times = load["cpu_ms"] / lean_cpu if lean_cpu and load.get("cpu_ms") else None
        lines.append(
            f"| {spec.key} | {_ok(times is not None and times <= goal)}: "
            f"{f'{times:.1f}' if times is not None else '–'} × (goal {goal:g} ×) "
            f"| {_ok(load.get('p95', 1e9) < p95_goal)}: {load.get('p95', 0):.0f} ms (goal < {p95_goal:.0f}) "
            f"| {_ok(few.get('p95', 1e9) < GOAL_P95_FEW_MS)}: {few.get('p95', 0):.0f} ms "
            f"| {_ok(flat)}: {fmt_queries(r.queries.get('large', []))} / {fmt_queries(r.queries.get('small', []))} "
            f"| {_ok(r.first_load_bytes <= BUDGET_FIRST)}: {fmt_bytes(r.first_load_bytes)}{staff} "
            f"| {_ok(r.html_bytes <= BUDGET_LATER)}: {fmt_bytes(r.html_bytes)}{staff} |")
    problems = [f"{spec.key}: {r.load['non_200']} responses were not 200, {r.load['errors']} errors"
                for spec in PAGES if (r := results[spec.key]).load and (r.load["non_200"] or r.load["errors"])]
    if bare["non_200"] or bare["errors"]:
        problems.append(f"bare: {bare['non_200']} not 200, {bare['errors']} errors")
    if problems:
        lines += ["", "**Warning:** " + "; ".join(problems) + " (the numbers above include them)."]
    return "\n".join(lines)


def _cpu(load: dict[str, Any]) -> str:
    return f"{load['cpu_ms']:.2f}" if load.get("cpu_ms") else "–"


def _times(load: dict[str, Any], lean_cpu: float | None) -> str:
    """The run's CPU time per request as a multiple of the lean page's (issue 25's yardstick)."""
    if not lean_cpu or not load.get("cpu_ms"):
        return "–"
    return f"{load['cpu_ms'] / lean_cpu:.2f}"


def _ok(flag: bool) -> str:
    return "yes" if flag else "**no**"


_BIND_LIST = re.compile(r"\((?:\s*(?:\?|%\(\w+\)s(?:::\w+)?)\s*,?)+\)")


def _shape(statement: str) -> str:
    """A statement with its lists of bind parameters folded, to compare statements across users."""
    return _BIND_LIST.sub("(…)", " ".join(statement.split()))


def _short_sql(statement: str, limit: int = 120) -> str:
    flat = " ".join(statement.split())
    flat = re.sub(r"^SELECT .*? FROM", "SELECT … FROM", flat, count=1)
    return (flat[:limit] + "…" if len(flat) > limit else flat).replace("|", "\\|")


def details(results: dict[str, PageResult], bare: dict[str, Any], sql_detail: bool) -> str:
    lines = ["", "#### Details", "", "CPU during each run (% of all cores: whole machine / the server's processes; "
             "the rest is the load generator and anything else running on the machine):", ""]
    bare_runs = bare.get("runs", [])
    # In the order they ran: bare, floor, bare, lean, bare, typical, bare, me, bare, page, bare, …
    order = [*bare.get("references", {}).items()] + [(spec.key, results[spec.key].load or {}) for spec in PAGES]
    runs = [("bare", bare_runs[0])] if bare_runs else []
    for i, (name, run) in enumerate(order):
        runs.append((name, run))
        if i + 1 < len(bare_runs):
            runs.append(("bare", bare_runs[i + 1]))
    for name, run in runs:
        if "machine_busy" in run:
            lines.append(f"- {name}: {run['rps']:.0f} req/s, p99 {run['p99']:.0f} ms; "
                         f"machine {run['machine_busy']:.0f} %, server {run['server']:.0f} %"
                         + (f"; server CPU per request {run['cpu_ms']:.2f} ms" if "cpu_ms" in run else "")
                         + (f"; busiest processes {', '.join(f'{p:.0f} %' for p in run['processes'][:3])} of a core"
                            if run.get("processes") else "")
                         + (f"; a connection closed every {run['close_every']} requests" if "close_every" in run
                            else ""))
    for spec in PAGES:
        few = results[spec.key].few
        if few and "machine_busy" in few:
            lines.append(f"- {spec.key} at {FEW_CONNECTIONS} connections: {few['rps']:.0f} req/s, p50 "
                         f"{few['p50']:.1f} ms, p95 {few['p95']:.1f} ms, p99 {few['p99']:.0f} ms; machine "
                         f"{few['machine_busy']:.0f} %, server {few['server']:.0f} %"
                         + (f"; server CPU per request {few['cpu_ms']:.2f} ms" if "cpu_ms" in few else ""))
    lines += ["", "What a first load fetches (heaviest user):", ""]
    for spec in PAGES:
        r = results[spec.key]
        parts = ", ".join(f"{url.rsplit('/', 1)[-1]} {size:,} B" for url, size in r.resources)
        lines.append(f"- {spec.key}: HTML {r.html_bytes:,} B on the wire ({r.html_raw_bytes:,} B uncompressed); "
                     f"{parts}")
    lines += ["", "Statements per request by user, lightest to heaviest (data volume: meetings of the young person, "
              "young people of the professional), and the statements whose number differs:", ""]
    for spec in PAGES:
        for label in ("large", "small"):
            detail = results[spec.key].query_detail.get(label, [])
            lines.append(f"- {spec.key} ({label}): " + ", ".join(f"{n} at volume {v}" for v, n, _sql in detail))
            counts = {n for _v, n, _sql in detail}
            if len(counts) > 1:  # name the statements whose number differs between the users
                tallies = [Counter(_shape(sql) for sql in statements) for _v, _n, statements in detail]
                for shape in sorted(set().union(*tallies)):
                    numbers = [tally.get(shape, 0) for tally in tallies]
                    if len(set(numbers)) > 1:
                        lines.append(f"  - {' / '.join(map(str, numbers))} × `{_short_sql(shape, 150)}`")
    if sql_detail:
        for spec in PAGES:
            for label in ("large", "small"):
                lines += ["", f"SQL of {spec.key} ({label}, heaviest user), in order, best of five:"]
                for ms, statement in results[spec.key].heavy_sql.get(label, []):
                    lines.append(f"    {ms:7.2f} ms  {' '.join(statement.split())[:600]}")
    for spec in PAGES:
        if results[spec.key].profile:
            lines += ["", f"Profile of {spec.key} (large, in-process):", "", "```", results[spec.key].profile, "```"]
    return "\n".join(lines)


def wait_until_quiet(seconds: float, threshold: float = 15.0) -> float:
    """CPU % the rest of the machine uses while our servers idle; with --wait-quiet, wait for it to drop."""
    deadline = time.monotonic() + seconds
    while True:
        meter = CpuMeter(None)
        time.sleep(3)
        busy = meter.stop().get("machine_busy", 0.0)
        if busy < threshold or time.monotonic() >= deadline:
            break
        log(f"the machine is {busy:.0f} % busy with other work; waiting for it to calm down …")
    if busy >= threshold:
        log(f"warning: other processes use {busy:.0f} % of the CPU: the numbers will be noisy")
    return busy


def machine_summary(other_busy: float | None = None) -> str:
    cores = os.cpu_count() or 0
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    summary = f"{cores} cores ({model or 'unknown CPU'}), shared by the servers and the load generator"
    if other_busy is not None:
        summary += f" (other processes used {other_busy:.0f} % of the CPU just before the load)"
    return summary


# --- main -----------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    global PAGES
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--quick", action="store_true", help="small sizes and short runs: a smoke test")
    parser.add_argument("--duration", type=float, help="seconds of load per page (default 15, quick 4)")
    parser.add_argument("--warmup", type=float, help="seconds of warm-up per page (default 3, quick 1)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=GUNICORN["workers"], help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=GUNICORN["threads"], help="gunicorn threads per worker")
    parser.add_argument("--generator", choices=("auto", "wrk", "python"), default="auto",
                        help="wrk if installed (auto), or the Python fallback")
    parser.add_argument("--sql-detail", action="store_true", help="print every statement of each page, slowest first")
    parser.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                        help="before the load, wait up to this long for other processes to leave the CPU idle")
    parser.add_argument("--profile", choices=[spec.key for spec in PAGES],
                        help="also print a cProfile of this page (large data set, in-process)")
    parser.add_argument("--out", type=Path, help="also write the Markdown report to this file")
    parser.add_argument("--pages", help="only these pages, comma-separated (e.g. home,dashboard): for trying a change")
    args = parser.parse_args(argv)
    if args.pages:
        wanted = set(args.pages.split(","))
        if unknown := wanted - {spec.key for spec in PAGES}:
            parser.error(f"no such page: {', '.join(sorted(unknown))}")
        PAGES = tuple(spec for spec in PAGES if spec.key in wanted)
    GUNICORN.update(workers=args.workers, threads=args.threads)
    args.duration = args.duration or (4.0 if args.quick else 15.0)
    args.warmup = args.warmup if args.warmup is not None else (1.0 if args.quick else 3.0)
    if args.generator == "auto":
        if shutil.which("wrk"):
            args.generator = "wrk"
        else:
            log("wrk is not installed (Debian: `apt-get install -y wrk`); using the slower Python load generator")
            args.generator = "python"
    elif args.generator == "wrk" and not shutil.which("wrk"):
        parser.error("wrk is not installed: `apt-get install -y wrk` (or use --generator python)")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from seed import LARGE, QUICK, login_sessions, seed_municipality

    from youthvoice.privacy.sealing import MasterKeys

    signal.signal(signal.SIGTERM, _on_sigterm)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in the background
    cleanup = Cleanup()
    workdir = Path(tempfile.mkdtemp(prefix="yv-bench-"))
    cleanup.add("temporary folder", lambda: shutil.rmtree(workdir, ignore_errors=True))
    try:
        env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(32), "MASTER_KEYS": MasterKeys.new_key_text("bench1"),
               "RATELIMIT_ENABLED": "false", "DEMO_MODE": "false", "YOUTHVOICE_INSTANCE": str(workdir / "instance")}
        env.pop("REDIS_URL", None)
        sizes = {"large": QUICK if args.quick else LARGE}
        sizes["small"] = sizes["large"].scaled(0.1)

        databases = create_databases(args.db, workdir, cleanup)
        for database in databases:
            migrate(database, env)
            database.app = in_process_app(database, env, workdir / "instance")
            cleanup.add(f"engine of {database.label}", database.app.extensions["yv_engine"].dispose)
            log(f"seeding the {database.label} municipality ({sizes[database.label]}) …")
            database.seeded = seed_municipality(database.app, sizes[database.label],
                                                name=f"Bench {database.label} Kommune")
            database.seed_seconds = database.seeded.seconds
            if args.db == "postgresql":  # production has autovacuum's statistics; a fresh bulk load has none yet
                engine = database.app.extensions["yv_engine"]
                with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    connection.exec_driver_sql("ANALYZE")
            log(f"seeded {database.label}: {sum(database.seeded.rows.values()):,} rows in "
                f"{database.seed_seconds:.1f} s (migrations {database.migrate_seconds:.1f} s)")

        results = {spec.key: PageResult(spec) for spec in PAGES}
        wait_until_quiet(args.wait_quiet)
        for database in databases:
            log(f"measuring SQL statements per request in-process ({database.label}) …")
            measure_in_process(database, results, timing_requests=10 if args.quick else 30, profile=args.profile)
        large = databases[0]

        log("starting gunicorn (youthvoice on the large database) and the bare Flask app …")
        app_server = Server("youthvoice", ["youthvoice.wsgi:app"], {**env, "DATABASE_URL": large.url}, ROOT,
                            workdir / "gunicorn-app.log")
        cleanup.add("youthvoice gunicorn", app_server.stop)
        # The bare app also serves the references of issue 25 (bench/bare_app.py) on the same large database.
        bare_server = Server("bare", ["bare_app:app"], {**env, "DATABASE_URL": large.url}, BENCH,
                             workdir / "gunicorn-bare.log")
        cleanup.add("bare gunicorn", bare_server.stop)
        app_server.wait_ready("/healthz")
        bare_server.wait_ready("/")

        quiet = wait_until_quiet(args.wait_quiet)
        targets: dict[str, list[tuple[str, str]]] = {}
        for spec in PAGES:
            users = spec.users(large.seeded)[:MAX_USERS_PER_PAGE]
            raw = login_sessions(large.app, users, staff=spec.staff)
            targets[spec.key] = [(spec.path(large.seeded, u), raw[u]) for u in users]
            url, cookie = targets[spec.key][0]  # the heaviest user: the largest page
            measure_bytes(app_server.port, results[spec.key], url, cookie)

        # The ceiling is measured before and after every page (the machine is shared: a page's ratio is taken
        # against the bare runs on either side of it).
        bare_runs = []

        def run_bare() -> dict[str, Any]:
            log(f"load: bare Flask, {args.duration:g} s …")
            run = drive(bare_server, [("/", "")], workdir, "bare", args)
            bare_runs.append(run)
            return run

        before = run_bare()
        # The references in the same run (issue 25), logged in as the same young people as the home page: the
        # lean log-in floor and the lean page on the raw driver, a typical Flask-Login + ORM page, and
        # youthvoice's own log-in floor (its smallest logged-in answer: the session check and a small JSON).
        references: dict[str, dict[str, Any]] = {}
        people = HOME.users(large.seeded)[:MAX_USERS_PER_PAGE]
        raw_home = login_sessions(large.app, people, staff=False)
        for name, server, reference_targets in (
                ("floor", bare_server, [("/lean/me", raw_home[person]) for person in people]),
                ("lean", bare_server, [("/lean/page", raw_home[person]) for person in people]),
                ("typical", bare_server, [("/typical", raw_home[person]) for person in people]),
                ("me", app_server, [("/api/v1/me", raw_home[person]) for person in people])):
            log(f"load: reference {name} ({len(reference_targets)} people), {args.duration:g} s …")
            spread_session_ages(large.app, reference_targets)
            reference = drive(server, reference_targets, workdir, name, args)
            after = run_bare()
            reference["bare_rps"] = (before["rps"] + after["rps"]) / 2
            if "cpu_ms" in before and "cpu_ms" in after and reference.get("cpu_ms"):
                reference["bare_cpu_ms"] = (before["cpu_ms"] + after["cpu_ms"]) / 2
            references[name] = reference
            before = after
        for spec in PAGES:
            log(f"load: {spec.key} ({len(targets[spec.key])} people), {args.duration:g} s …")
            spread_session_ages(large.app, targets[spec.key])
            load = drive(app_server, targets[spec.key], workdir, spec.key, args)
            after = run_bare()
            load["bare_rps"] = (before["rps"] + after["rps"]) / 2
            if "cpu_ms" in before and "cpu_ms" in after and load.get("cpu_ms"):
                load["bare_cpu_ms"] = (before["cpu_ms"] + after["cpu_ms"]) / 2
            results[spec.key].load = load
            before = after
        few = argparse.Namespace(**{**vars(args), "connections": FEW_CONNECTIONS, "wrk_threads": 1})
        for spec in PAGES:  # issue 25: p95 with a few connections, where latency is the page's own
            log(f"load: {spec.key} at {FEW_CONNECTIONS} connections, {args.duration:g} s …")
            spread_session_ages(large.app, targets[spec.key])
            results[spec.key].few = drive(app_server, targets[spec.key], workdir, f"{spec.key}-few", few)
        bare = {key: statistics.median(run[key] for run in bare_runs)
                for key in ("rps", "p50", "p95", "p99", "non_200", "errors")}
        if all("cpu_ms" in run for run in bare_runs):
            bare["cpu_ms"] = statistics.median(run["cpu_ms"] for run in bare_runs)
        bare["runs"] = bare_runs
        bare["references"] = references

        text = report(args.db, args, databases, results, bare, machine_summary(quiet))
        print(text)
        more = details(results, bare, args.sql_detail)
        print(more)
        if args.out:
            args.out.write_text(text + "\n" + more + "\n")
        return 0
    except KeyboardInterrupt:
        log("interrupted: cleaning up")
        return 130
    except Exception as error:
        if "server closed the connection" in str(error) or "terminating connection" in str(error):
            log("PostgreSQL went away during the run (restarted? bench/crash.py restarts it): run again later")
        raise
    finally:
        cleanup.run()


if __name__ == "__main__":
    sys.exit(main())
