#!/usr/bin/env python
"""Nothing lost when processes die: concurrent writes while gunicorn, the database and Redis are killed.

    .venv/bin/python bench/crash.py --db sqlite|postgresql [--kills 20] [--db-restarts 3] [--seconds 90]

1. Makes a fresh database (a SQLite file in a temporary folder, or a uniquely named PostgreSQL database on
   127.0.0.1:5432 that is dropped at the end), migrates it with `youthvoice db upgrade`, seeds a municipality
   with young people (who are also youth-council members), their meetings, a council term with shared
   causes, and one server-side log-in session per load client and person (as tests/support/people.login_as does).
2. Runs the app under gunicorn (`-k gthread --threads 4 -w 3`) on 127.0.0.1, with rate limits on and their
   counters in Redis (REDIS_URL), generous limits so that the load never hits them.
3. Drives concurrent writes from several client threads: preparation answers (autosave JSON), council
   supports (one per member and cause) and small steps (a form post). Every write carries a unique value; a
   write counts as acknowledged only on the expected answer (200 + {"saved": n}; a 302 to the cause page; a
   302 to /steps/). A write that was not acknowledged (connection error, 5xx, ...) is retried with the same
   value until it is, as a browser or the page script would.
4. Meanwhile SIGKILLs gunicorn workers and the master at random moments (a killed master's orphaned workers
   get ORPHAN_GRACE seconds, then SIGKILL; a new master is started and /healthz awaited), restarts PostgreSQL
   with `pg_ctlcluster ... restart -m immediate` (every database of the cluster sees it), and shuts Redis
   down once for a few seconds (a probe posts to the rate-limited /login/options meanwhile).
5. Then stops gunicorn and checks in the database that every acknowledged write is there exactly once:
   a preparation answer holds the last acknowledged value of its client or a later one it sent; a support
   row exists once; a small step's sentence exists exactly once. Prints Markdown tables.
6. Loopback only and bounded in time (a watchdog ends the run); kills its own process groups, drops its
   database and removes its temporary folder (unless --keep) even on error; leaves PostgreSQL and Redis running.

Exit status 0 when nothing was lost or duplicated and the kill/restart goals were met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PG_HOST, PG_PORT = "127.0.0.1", 5432
PG_ADMIN_URL = f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"
REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
               "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"]
GENEROUS_LIMIT = "100000 per minute"
CLIENT_TIMEOUT = 60.0  # longer than anything the server may take (SQLite busy timeout 30 s, gunicorn timeout 30 s)
REDIS_DOWN_SECONDS = 8.0
MIN_GAP = 1.5  # seconds of load at least before a master kill or a restart
ORPHAN_GRACE = 3.0  # seconds the workers of a killed master get to finish before they are SIGKILLed too
PREP_QUESTIONS = (  # (step key, question key): the text questions of the preparation
    ("going_well", "going_well"), ("hard", "hard"), ("people", "want_present"), ("people", "not_present"),
    ("bisidder", "bisidder_who"), ("setup", "setup_place"), ("setup", "setup_time"), ("setup", "setup_first"),
    ("setup", "setup_breaks"), ("questions", "questions"))
AREAS = ("housing", "school_work", "health", "relationships", "money", "everyday", "leisure")
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')

T0 = time.monotonic()


def now() -> float:
    return time.monotonic() - T0


def say(message: str) -> None:
    print(f"[{now():7.1f}s] {message}", flush=True)


# --- processes -----------------------------------------------------------------------------------------


def proc_stat(pid: int) -> tuple[str, int, int] | None:
    """(state, ppid, pgid) of a process, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rfind(")") + 2:].split()
    return fields[0], int(fields[1]), int(fields[2])


def live_pids_in_group(pgid: int) -> list[int]:
    """Processes of a process group that are still running (zombies excluded)."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = proc_stat(int(entry))
            if stat and stat[2] == pgid and stat[0] not in ("Z", "X"):
                pids.append(int(entry))
    return pids


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = proc_stat(int(entry))
            if stat and stat[1] == pid and stat[0] not in ("Z", "X"):
                found.append(int(entry))
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """The app under gunicorn; each master in a process group of its own, all of them killed at the end."""

    def __init__(self, env: dict[str, str], port: int, folder: Path) -> None:
        self.env, self.port, self.folder = env, port, folder
        self.log = open(folder / "gunicorn.log", "ab")  # noqa: SIM115 - closed in stop_all
        self.process: subprocess.Popen[bytes] | None = None
        self.groups: list[int] = []
        self.orphans_killed = 0
        self.starts = 0
        self.killed: set[int] = set()

    def start(self) -> None:
        command = [str(BIN / "gunicorn"), "-k", "gthread", "--threads", "4", "-w", "3",
                   "-b", f"127.0.0.1:{self.port}", "--timeout", "30", "--graceful-timeout", "10",
                   "--no-control-socket",  # gunicorn 27's default ~/.gunicorn/gunicorn.ctl is shared machine-wide
                   "--access-logfile", str(self.folder / "access.log"),
                   "--access-logformat", '%(t)s pid=%(p)s "%(r)s" %(s)s %(L)ss', "youthvoice.wsgi:app"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, start_new_session=True)
        self.groups.append(self.process.pid)
        self.starts += 1

    def master(self) -> int | None:
        if self.process is None or self.process.poll() is not None:
            return None
        return self.process.pid

    def workers(self) -> list[int]:
        master = self.master()
        return children_of(master) if master else []

    def wait_healthy(self, timeout: float = 90.0) -> float:
        """Seconds until /healthz answers 200; raises when it never does."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log.name}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz", headers={"Host": f"localhost:{self.port}"})
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status == 200:
                    return time.monotonic() - started
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"/healthz did not answer 200 within {timeout:.0f} s")

    def kill_worker(self) -> int | None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            workers = [pid for pid in self.workers() if pid not in self.killed]
            if workers:
                victim = random.choice(workers)
                os.kill(victim, signal.SIGKILL)
                self.killed.add(victim)
                return victim
            time.sleep(0.2)
        return None

    def kill_master_and_restart(self) -> tuple[int, float]:
        """SIGKILL the master; its orphaned workers notice and finish what they serve; then a new master."""
        assert self.process is not None
        pgid = self.process.pid
        os.kill(pgid, signal.SIGKILL)
        self.process.wait(timeout=10)
        # The orphans notice within a second and stop taking new connections, but serve their keep-alive
        # clients for up to --graceful-timeout while holding the listening socket, so the new master could
        # not bind: give them a moment, then SIGKILL what is left (counted apart from the planned kills).
        deadline = time.monotonic() + ORPHAN_GRACE
        while live_pids_in_group(pgid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = live_pids_in_group(pgid)
        if left:
            self.orphans_killed += len(left)
            os.killpg(pgid, signal.SIGKILL)
            time.sleep(0.2)
        self.start()
        return pgid, self.wait_healthy()

    def stop_all(self) -> None:
        """TERM, then KILL, every process group this run started."""
        for pgid in self.groups:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and any(live_pids_in_group(pgid) for pgid in self.groups):
            time.sleep(0.2)
        for pgid in self.groups:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
        if self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
        self.log.close()


# --- PostgreSQL and Redis ------------------------------------------------------------------------------


def pg_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


def pg_ctl(action: str, *extra: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", pg_version(), "main", action, *extra],
                          capture_output=True, text=True, timeout=timeout, start_new_session=True,
                          stdin=subprocess.DEVNULL)


def pg_ready() -> bool:
    result = subprocess.run(["pg_isready", "-h", PG_HOST, "-p", str(PG_PORT), "-t", "3"], capture_output=True,
                            timeout=10)
    return result.returncode == 0


def pg_ensure_up() -> None:
    if pg_ready():
        return
    say("PostgreSQL is down: starting it")
    pg_ctl("start")
    deadline = time.monotonic() + 60
    while not pg_ready() and time.monotonic() < deadline:
        time.sleep(0.5)


def pg_admin():  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(host=PG_HOST, port=PG_PORT, user="postgres", dbname="postgres", autocommit=True,
                           connect_timeout=5)


def redis_ping() -> bool:
    try:
        result = subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping"], capture_output=True,
                                text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.stdout.strip() == "PONG"


def redis_start() -> None:
    subprocess.run(REDIS_START, capture_output=True, timeout=20, start_new_session=True, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not redis_ping() and time.monotonic() < deadline:
        time.sleep(0.2)


def redis_stop() -> None:
    subprocess.run(["redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"], capture_output=True,
                   timeout=20)
    deadline = time.monotonic() + 10
    while redis_ping() and time.monotonic() < deadline:
        time.sleep(0.1)


# --- the database: create, migrate, seed, check --------------------------------------------------------


@dataclass
class Seeded:
    young: list[str]  # user ids
    meetings: dict[str, list[str]]  # user id -> meeting ids
    causes: list[str]
    cookies: dict[tuple[str, int], str] = field(default_factory=dict)  # (user id, client number) -> raw cookie


def app_for(config: dict[str, Any], folder: Path):  # type: ignore[no-untyped-def]
    from youthvoice import create_app

    return create_app({**config, "RATELIMIT_ENABLED": False}, instance_path=str(folder / "instance"))


def seed(app, young_count: int, meetings_each: int, cause_count: int, clients: int) -> Seeded:  # type: ignore[no-untyped-def]
    from flask.json.tag import TaggedJSONSerializer

    from youthvoice.core import danish_calendar
    from youthvoice.core.db import new_session
    from youthvoice.core.model import utcnow
    from youthvoice.council import causes as council_causes
    from youthvoice.council import rules as council
    from youthvoice.identity import accounts
    from youthvoice.identity.models import AccountStatus, LoginSession, Municipality, Role
    from youthvoice.identity.sessions import hash_session_id
    from youthvoice.meetings import meetings

    serializer = TaggedJSONSerializer()
    with app.app_context(), new_session(app) as db:
        town = Municipality(slug=f"crashby-{secrets.token_hex(3)}", name="Crashby")
        db.add(town)
        db.flush()

        def person(role: Role, name: str, **flags: Any):  # type: ignore[no-untyped-def]
            return accounts.create_person(db, municipality_id=town.id or 0, role=role, display_name=name,
                                          status=AccountStatus.ACTIVE, **flags)

        coordinator = person(Role.PROFESSIONAL, "Coordinator Crash", is_coordinator=True)
        author = person(Role.YOUNG_PERSON, "Author Crash", is_council_member=True)
        young = [person(Role.YOUNG_PERSON, f"Young {n}", is_council_member=True) for n in range(young_count)]
        today = danish_calendar.local_today()
        home = council.create_council(db, actor=coordinator, name="Crashby Ungebyråd", term_name="crash",
                                      starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=300))
        term = council.current_term(db, home, today)
        causes = []
        for n in range(cause_count):
            cause = council_causes.start_draft(db, actor=author, term=term, today=today, fields={
                "title": f"Crash cause {n}", "change": "Something should change", "why": "Because"})
            council_causes.submit(db, actor=author, cause=cause, today=today)
            causes.append(str(cause.id))
        meeting_ids: dict[str, list[str]] = {}
        for number, someone in enumerate(young):
            meeting_ids[str(someone.id)] = []
            for m in range(meetings_each):
                # No place: the young person's data key is created by their first sealed write under load.
                meeting = meetings.create_meeting(db, owner=someone, created_by=someone, data=meetings.MeetingInput(
                    kind="plan", starts_at=utcnow() + timedelta(days=10 + m, hours=number), place="", others="",
                    participant_ids=[]), allowed_participants=[])
                meeting_ids[str(someone.id)].append(str(meeting.id))
        seeded = Seeded([str(p.id) for p in young], meeting_ids, causes)
        stamp = utcnow()
        for someone in young:
            for client in range(clients):
                raw = secrets.token_urlsafe(32)
                db.add(LoginSession(id=hash_session_id(raw), user_id=someone.id,
                                    data=serializer.dumps({"_user_id": str(someone.id), "_fresh": True}),
                                    created_at=stamp, last_seen_at=stamp, idle_minutes=30,
                                    expires_at=stamp + timedelta(hours=12)))
                seeded.cookies[(str(someone.id), client)] = raw
        db.commit()
    return seeded


@dataclass
class Stored:
    prep: dict[tuple[str, str], list[str]]  # (meeting id, question) -> texts
    supports: collections.Counter[tuple[str, str]]  # (cause id, member id) -> rows
    steps: collections.Counter[str]  # sentence -> rows
    step_created: dict[str, list[str]] = field(default_factory=dict)  # sentence -> created_at of its rows


def read_back(app, seeded: Seeded) -> Stored:  # type: ignore[no-untyped-def]
    import uuid

    from sqlmodel import col, select

    from youthvoice.core.db import new_session
    from youthvoice.council.models import Support
    from youthvoice.meetings.models import PreparationAnswer
    from youthvoice.network.models import Step

    owners = [uuid.UUID(u) for u in seeded.young]
    with app.app_context(), new_session(app, write=False) as db:
        prep: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
        for row in db.exec(select(PreparationAnswer).where(col(PreparationAnswer.owner_id).in_(owners))):
            prep[(str(row.meeting_id), row.question)].append(row.text or "")
        supports: collections.Counter[tuple[str, str]] = collections.Counter(
            (str(row.cause_id), str(row.member_id))
            for row in db.exec(select(Support).where(col(Support.member_id).in_(owners))))
        steps: collections.Counter[str] = collections.Counter()
        created: dict[str, list[str]] = collections.defaultdict(list)
        for row in db.exec(select(Step).where(col(Step.owner_id).in_(owners))):
            steps[row.text or ""] += 1
            created[row.text or ""].append(row.created_at.strftime("%H:%M:%S.%f")[:-3])
    return Stored(prep, supports, steps, created)


# --- the load ------------------------------------------------------------------------------------------


class ConnectionLostError(Exception):
    pass


class Client:
    """One keep-alive HTTP connection (like one browser tab's), reopened after an error."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method: str, path: str, *, cookie: str | None = None, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
        all_headers = {"Host": f"localhost:{self.port}", "Accept-Language": "en", **(headers or {})}
        if cookie:
            all_headers["Cookie"] = f"yv_session={cookie}"
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=CLIENT_TIMEOUT)
        try:
            self.connection.request(method, path, body=body, headers=all_headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            raise ConnectionLostError(type(error).__name__) from error
        if response.will_close:
            self.close()
        return response.status, response.msg, data


class Browser:
    """A logged-in person as one load client sees them: a session cookie and the page's CSRF token."""

    def __init__(self, cookie: str | None) -> None:
        self.cookie = cookie
        self.token: str | None = None

    def csrf(self, client: Client, page: str) -> str:
        if self.token is None:
            status, headers, body = client.request("GET", page, cookie=self.cookie)
            if self.cookie is None:  # an anonymous visitor gets its session with the page
                for value in headers.get_all("Set-Cookie") or []:
                    if value.startswith("yv_session="):
                        self.cookie = value.split(";", 1)[0].split("=", 1)[1]
            match = CSRF_META.search(body.decode("utf-8", "replace"))
            if status != 200 or not match:
                raise ConnectionLostError(f"no CSRF token ({status})")
            self.token = match.group(1)
        return self.token


@dataclass
class KindStats:
    requests: int = 0
    acked: int = 0
    retried: int = 0  # sends of a write whose earlier send was not acknowledged
    statuses: collections.Counter[str] = field(default_factory=collections.Counter)


class Ledger:
    """What the clients sent and what the server acknowledged."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stats = {kind: KindStats() for kind in ("prep", "support", "step")}
        self.prep_acked: dict[tuple[str, str], list[int]] = collections.defaultdict(list)  # pair -> acked seqs
        self.prep_sent: dict[tuple[str, str], int] = {}  # pair -> highest seq sent
        self.prep_owner: dict[tuple[str, str], str] = {}  # pair -> client tag
        self.support_acked: set[tuple[str, str]] = set()
        self.step_acked: set[str] = set()
        self.step_history: dict[str, list[str]] = collections.defaultdict(list)  # sentence -> "time: answer"
        self.ack_times: list[float] = []

    def outcome(self, kind: str, result: str, acked: bool, retry: bool) -> None:
        with self.lock:
            stats = self.stats[kind]
            stats.requests += 1
            stats.retried += retry
            stats.statuses[result] += 1
            if acked:
                stats.acked += 1
                self.ack_times.append(now())


@dataclass
class Write:
    """One write as the client sends it, again and again until acknowledged: a JSON body with the CSRF
    header, or a form with the CSRF field; acknowledged by a 200 with {"saved": n}, or a 302 to `redirect`."""

    kind: str
    path: str
    json: dict[str, str] | None = None
    form: dict[str, str] | None = None
    redirect: str | None = None
    history: list[str] | None = None

    def send(self, client: Client, browser: Browser) -> tuple[int, http.client.HTTPMessage, bytes]:
        token = browser.csrf(client, "/steps/log")
        if self.json is not None:
            return client.request("POST", self.path, cookie=browser.cookie, body=json.dumps(self.json).encode(),
                                  headers={"Content-Type": "application/json", "Accept": "application/json",
                                           "X-CSRFToken": token})
        return client.request("POST", self.path, cookie=browser.cookie,
                              body=urllib.parse.urlencode({**(self.form or {}), "csrf_token": token}).encode(),
                              headers={"Content-Type": "application/x-www-form-urlencoded"})

    def acknowledged(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> bool:
        if self.redirect is not None:
            return status == 302 and urllib.parse.urlsplit(headers.get("Location") or "").path == self.redirect
        if status != 200:
            return False
        try:
            return isinstance(json.loads(body).get("saved"), int)
        except ValueError:
            return False


def attempt(ledger: Ledger, write: Write, client: Client, browser: Browser, stop: threading.Event,
            hard_stop: threading.Event) -> bool:
    """Send one write until it is acknowledged (same unique value every time), or the run ends."""
    tries = 0
    pause = 0.1
    while not hard_stop.is_set():
        if tries and stop.is_set():
            return False  # the run is over: an unacknowledged write stays unacknowledged
        try:
            status, headers, body = write.send(client, browser)
        except ConnectionLostError as error:
            result, acked, status = f"connection: {error}", False, 0
        else:
            acked = write.acknowledged(status, headers, body)
            result = str(status) if acked or status != 302 else f"302 {headers.get('Location')}"
        ledger.outcome(write.kind, result, acked, tries > 0)
        if write.history is not None:
            write.history.append(f"{now():.2f}s {result}")
        if acked:
            return True
        tries += 1
        if status == 400:  # a CSRF token the session no longer has (its save was lost with a worker)
            browser.token = None
        time.sleep(pause)
        pause = min(pause * 2, 1.0)
    return False


def prep_client(number: int, port: int, pairs: list[tuple[str, str, str, str]], browsers: dict[str, Browser],
                ledger: Ledger, stop: threading.Event, hard_stop: threading.Event) -> None:
    """Autosave preparation answers; each (meeting, question) belongs to this client alone."""
    client = Client(port)
    sequence = collections.Counter[int]()
    while not stop.is_set():
        index = random.randrange(len(pairs))
        person, meeting, step_key, question = pairs[index]
        sequence[index] += 1
        seq = sequence[index]
        pair = (meeting, question)
        with ledger.lock:
            ledger.prep_sent[pair] = seq
            ledger.prep_owner[pair] = f"p{number}|{index}"
        write = Write("prep", f"/meetings/{meeting}/prepare/{step_key}/autosave",
                      json={question: f"crash|p{number}|{index}|{seq:07d}|{secrets.token_hex(3)}"})
        if attempt(ledger, write, client, browsers[person], stop, hard_stop):
            with ledger.lock:
                ledger.prep_acked[pair].append(seq)
    client.close()


def support_client(port: int, work: list[tuple[str, str]], browsers: dict[str, Browser], ledger: Ledger,
                   stop: threading.Event, hard_stop: threading.Event) -> None:
    """Support causes: each (member, cause) once."""
    client = Client(port)
    for done, (person, cause) in enumerate(work):
        if stop.is_set():
            break
        write = Write("support", f"/council/causes/{cause}/support", form={}, redirect=f"/council/causes/{cause}")
        if attempt(ledger, write, client, browsers[person], stop, hard_stop):
            with ledger.lock:
                ledger.support_acked.add((cause, person))
            if done % 10 == 9:
                consume_flashes(client, browsers[person], f"/council/causes/{cause}")
    client.close()


def step_client(number: int, port: int, people: list[str], browsers: dict[str, Browser], ledger: Ledger,
                stop: threading.Event, hard_stop: threading.Event) -> None:
    """Log small steps, each with a sentence of its own."""
    client = Client(port)
    seq = 0
    while not stop.is_set():
        seq += 1
        person = random.choice(people)
        sentence = f"crash step s{number} n{seq:06d} {secrets.token_hex(4)}"
        day = datetime.now(ZoneInfo("Europe/Copenhagen")).date().isoformat()
        # The form's request key, as the page renders it: the same on every retry of this one step, so a retry
        # after a lost answer (a killed worker) is answered without a second step.
        write = Write("step", "/steps/log", form={"area": random.choice(AREAS), "text": sentence, "day": day,
                                                  "request_key": secrets.token_urlsafe(18)},
                      redirect="/steps/", history=ledger.step_history[sentence])
        if attempt(ledger, write, client, browsers[person], stop, hard_stop):
            with ledger.lock:
                ledger.step_acked.add(sentence)
            if seq % 10 == 0:
                consume_flashes(client, browsers[person], "/steps/")
    client.close()


def consume_flashes(client: Client, browser: Browser, page: str) -> None:
    """Show the page the redirect points to, as a browser would (its flash messages leave the session)."""
    with contextlib.suppress(ConnectionLostError):
        client.request("GET", page, cookie=browser.cookie)


@dataclass
class Probe:
    """Rate-limited requests (counters in Redis) before, while and after Redis is down."""

    samples: list[tuple[float, str]] = field(default_factory=list)
    down: tuple[float, float] | None = None


def redis_probe(port: int, probe: Probe, stop: threading.Event) -> None:
    client = Client(port)
    browser = Browser(None)
    while not stop.is_set():
        try:
            token = browser.csrf(client, "/login")
            status, _headers, _body = client.request(
                "POST", "/login/options", cookie=browser.cookie, body=b"{}",
                headers={"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": token})
            result = str(status)
            if status == 400:
                browser = Browser(None)
        except ConnectionLostError as error:
            result = f"connection: {error}"
        probe.samples.append((now(), result))
        time.sleep(0.5)
    client.close()


# --- chaos ---------------------------------------------------------------------------------------------


@dataclass
class Chaos:
    worker_kills: int = 0
    master_kills: int = 0
    db_restarts: int = 0
    redis_restarts: int = 0
    events: list[str] = field(default_factory=list)
    healthy_after: list[float] = field(default_factory=list)
    db_down: list[tuple[float, float]] = field(default_factory=list)
    error: str | None = None


def plan_events(args: argparse.Namespace, rng: random.Random) -> list[str]:
    """The order of the events: kills of workers and masters and database restarts shuffled, Redis mid-way."""
    masters = max(3, args.kills // 5)
    kinds = ["master"] * masters + ["worker"] * max(0, args.kills - masters)
    if args.db == "postgresql":
        kinds += ["db"] * args.db_restarts
    rng.shuffle(kinds)
    if not args.no_redis:
        kinds.insert(len(kinds) // 2, "redis")
    return kinds


def run_chaos(kinds: list[str], server: Gunicorn, chaos: Chaos, probe: Probe, start: float, seconds: float,
              rng: random.Random, hard_stop: threading.Event) -> None:
    """One event after another at random moments: the gaps are spread over what is left of the load's time
    (a master or database restart takes seconds of its own), never less than MIN_GAP of load in between."""
    try:
        for number, kind in enumerate(kinds):
            left = start + seconds - 4.0 - now()
            gap = rng.uniform(0.3, 1.7) * max(MIN_GAP, left / (len(kinds) - number))
            until = now() + max(MIN_GAP if kind != "worker" else 0.3, gap)
            while now() < until and not hard_stop.is_set():
                time.sleep(0.05)
            if hard_stop.is_set():
                return
            at, clock = now(), time.strftime("%H:%M:%S")
            if kind == "worker":
                victim = server.kill_worker()
                if victim:
                    chaos.worker_kills += 1
                    chaos.events.append(f"{at:.1f}s ({clock}) SIGKILL worker {victim}")
            elif kind == "master":
                old, healthy = server.kill_master_and_restart()
                chaos.master_kills += 1
                chaos.healthy_after.append(healthy)
                chaos.events.append(f"{at:.1f}s ({clock}) SIGKILL master {old} (and its workers after "
                                    f"{ORPHAN_GRACE:.0f} s); new master healthy {now() - at:.1f}s later")
            elif kind == "db":
                result = pg_ctl("restart", "-m", "immediate")
                if result.returncode != 0:
                    raise RuntimeError(f"pg_ctlcluster restart failed: {result.stderr.strip()}")
                restarted = now()
                server.wait_healthy()
                chaos.db_restarts += 1
                chaos.db_down.append((at, now()))
                chaos.events.append(f"{at:.1f}s ({clock}) PostgreSQL restart -m immediate: up again after "
                                    f"{restarted - at:.1f}s, app healthy after {now() - at:.1f}s")
            elif kind == "redis":
                redis_stop()
                time.sleep(REDIS_DOWN_SECONDS)
                redis_start()
                probe.down = (at, now())
                chaos.redis_restarts += 1
                chaos.events.append(f"{at:.1f}s ({clock}) Redis shut down (nosave) for {now() - at:.1f}s, "
                                    "started again")
    except Exception as error:  # reported, and the run fails
        chaos.error = f"{type(error).__name__}: {error}"
        say(f"chaos failed: {chaos.error}")


# --- the report ----------------------------------------------------------------------------------------


def parse_prep(text: str) -> tuple[str, int] | None:
    parts = text.split("|")
    if len(parts) != 5 or parts[0] != "crash":
        return None
    return f"{parts[1]}|{parts[2]}", int(parts[3])


def check(ledger: Ledger, stored: Stored) -> dict[str, dict[str, int]]:
    result: dict[str, dict[str, int]] = {}
    # Preparation answers: the row holds the last acknowledged value of its client, or a later one it sent.
    acked = found = lost = duplicated = later = foreign = 0
    for pair, seqs in ledger.prep_acked.items():
        acked += len(seqs)
        rows = stored.prep.get(pair, [])
        duplicated += max(0, len(rows) - 1)
        parsed = parse_prep(rows[0]) if rows else None
        if parsed is None or parsed[0] != ledger.prep_owner[pair] or parsed[1] > ledger.prep_sent[pair]:
            foreign += bool(rows)
            lost += len(seqs)
            continue
        ok = sum(1 for seq in seqs if seq <= parsed[1])
        found += ok
        lost += len(seqs) - ok
        later += parsed[1] > max(seqs)
    for pair, rows in stored.prep.items():
        if pair not in ledger.prep_acked:
            duplicated += max(0, len(rows) - 1)
            later += bool(rows)
    result["prep"] = {"acknowledged": acked, "found": found, "lost": lost, "duplicated": duplicated,
                      "stored, not acknowledged": later, "foreign value": foreign}
    # Supports: a row per acknowledged (cause, member), once.
    acked_s = ledger.support_acked
    result["support"] = {
        "acknowledged": len(acked_s),
        "found": sum(1 for key in acked_s if stored.supports[key] >= 1),
        "lost": sum(1 for key in acked_s if stored.supports[key] == 0),
        "duplicated": sum(count - 1 for count in stored.supports.values() if count > 1),
        "stored, not acknowledged": sum(1 for key in stored.supports if key not in acked_s),
    }
    # Small steps: each acknowledged sentence exactly once.
    acked_t = ledger.step_acked
    ours = {text: count for text, count in stored.steps.items() if text.startswith("crash step ")}
    result["step"] = {
        "acknowledged": len(acked_t),
        "found": sum(1 for text in acked_t if ours.get(text, 0) >= 1),
        "lost": sum(1 for text in acked_t if ours.get(text, 0) == 0),
        "duplicated": sum(count - 1 for count in ours.values() if count > 1),
        "stored, not acknowledged": sum(1 for text in ours if text not in acked_t),
    }
    return result


def server_errors(folder: Path) -> collections.Counter[str]:
    """Exceptions in gunicorn's log, by request, the deepest youthvoice frame and the exception.

    "unexpected error <id> on ..." is the app's own handler (the exception came from the view); "Exception on
    ... [POST]" is Flask's (it came from outside the view: opening or saving the web session).
    """
    counts: collections.Counter[str] = collections.Counter()
    log = folder / "gunicorn.log"
    if not log.exists():
        return counts
    block: dict[str, str] | None = None

    def close() -> None:
        if block and block.get("exception"):
            counts[f"{block['request']} ({block['source']}) at {block.get('frame', '?')}: "
                   f"{block['exception']}"] += 1

    for line in log.read_text(errors="replace").splitlines():
        view = re.search(r"unexpected error \w+ on (\w+) (\S+)", line)
        flask = re.search(r"Exception on (\S+) \[(\w+)\]", line)
        if view or flask or re.match(r"^\[[\d-]+ [\d:]+ [+\d]+\] \[\d+\]", line):
            close()
            block = None
            if view:
                block = {"request": f"{view.group(1)} {ids(view.group(2))}", "source": "view"}
            elif flask:
                block = {"request": f"{flask.group(2)} {ids(flask.group(1))}", "source": "outside the view"}
            continue
        if block is None:
            continue
        frame = re.search(r'File "[^"]*/(youthvoice/[\w/]+\.py)", line (\d+), in (\w+)', line)
        if frame:
            block["frame"] = f"{frame.group(1)}:{frame.group(2)} {frame.group(3)}()"
        error = re.match(r"^([\w.]+(?:Error|Exception|Timeout))(?::\s*(.*))?$", line)
        if error:
            block["exception"] = f"{error.group(1)}: {(error.group(2) or '')[:70]}"
    close()
    return counts


def ids(path: str) -> str:
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>", path)


def access_statuses(folder: Path) -> collections.Counter[str]:
    counts: collections.Counter[str] = collections.Counter()
    log = folder / "access.log"
    if log.exists():
        for line in log.read_text(errors="replace").splitlines():
            match = re.search(r'"(\w+) (\S+) [^"]*" (\d{3})', line)
            if match and match.group(3).startswith("5"):
                path = ids(match.group(2))
                counts[f"{match.group(3)} {match.group(1)} {path}"] += 1
    return counts


def report(args: argparse.Namespace, chaos: Chaos, ledger: Ledger, checked: dict[str, dict[str, int]],
           stored: Stored, probe: Probe, folder: Path, times: dict[str, float], server: Gunicorn) -> bool:
    names = {"prep": "preparation answers (autosave)", "support": "council supports", "step": "small steps"}
    kills = chaos.worker_kills + chaos.master_kills
    db_label = "PostgreSQL" if args.db == "postgresql" else "SQLite"
    print()
    print(f"## Crash run: {db_label}, {args.seconds} s of load, {time.strftime('%Y-%m-%d %H:%M')}")
    print()
    print("| | |")
    print("|---|---|")
    print(f"| kills done (SIGKILL) | {kills} ({chaos.worker_kills} workers, {chaos.master_kills} masters) |")
    if args.db == "postgresql":
        print(f"| database restarts | {chaos.db_restarts} (`pg_ctlcluster ... restart -m immediate`) |")
    else:
        print("| database restarts | n/a: SQLite has no server to restart (the file is shared by all workers) |")
    print(f"| Redis restarts | {chaos.redis_restarts}"
          + (f" (down {REDIS_DOWN_SECONDS:.0f} s)" if chaos.redis_restarts else "") + " |")
    print(f"| orphaned workers SIGKILLed after a master kill | {server.orphans_killed} |")
    if chaos.healthy_after:
        print(f"| new master healthy after | {min(chaos.healthy_after):.1f}–{max(chaos.healthy_after):.1f} s |")
    print(f"| load / whole run | {times['load']:.0f} s / {times['total']:.0f} s |")
    print()
    print("| write | requests | acknowledged | found | lost | duplicated | stored, not acknowledged |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for kind in ("prep", "support", "step"):
        row = checked[kind]
        print(f"| {names[kind]} | {ledger.stats[kind].requests} | {row['acknowledged']} | {row['found']} | "
              f"{row['lost']} | {row['duplicated']} | {row['stored, not acknowledged']} |")
    print()
    print("Answers the clients got (a write that was not acknowledged was sent again with the same value):")
    print()
    print("| write | answer | count |")
    print("|---|---|---:|")
    for kind in ("prep", "support", "step"):
        for answer, count in sorted(ledger.stats[kind].statuses.items(), key=lambda item: -item[1]):
            print(f"| {names[kind]} | {answer} | {count} |")
    if checked["prep"].get("foreign value"):
        print(f"\n{checked['prep']['foreign value']} preparation rows hold a value their client never sent.")
    if probe.down:
        start, end = probe.down
        during = collections.Counter(r for t, r in probe.samples if start <= t <= end)
        after = collections.Counter(r for t, r in probe.samples if end < t <= end + 10)
        before = collections.Counter(r for t, r in probe.samples if start - 10 <= t < start)
        writes = sum(1 for t in ledger.ack_times if start <= t <= end)
        print()
        print(f"Redis down from {start:.1f}s to {end:.1f}s. Rate-limited `POST /login/options` (counters in "
              "Redis):")
        print()
        print("| when | answers |")
        print("|---|---|")
        for label, counter in (("10 s before", before), ("Redis down", during), ("10 s after", after)):
            print(f"| {label} | {', '.join(f'{k}: {v}' for k, v in counter.most_common()) or '-'} |")
        print(f"\nWrites acknowledged while Redis was down (routes without a rate limit): {writes}")
    duplicates = [text for text, count in stored.steps.items() if count > 1 and text.startswith("crash step ")]
    if duplicates:
        print("\nSmall steps stored more than once (the client's sends, with the time since the start of the run, "
              "and the rows' created_at in UTC):\n")
        for text in duplicates[:20]:
            print(f"- `{text}`: sends {'; '.join(ledger.step_history.get(text, []))}; rows created at "
                  f"{', '.join(stored.step_created.get(text, []))}")
    errors = server_errors(folder)
    fives = access_statuses(folder)
    if fives:
        print("\n5xx answers in gunicorn's access log:\n")
        for line, count in fives.most_common(15):
            print(f"- {count} × {line}")
    if errors:
        print("\nExceptions the app logged (request: exception):\n")
        for line, count in errors.most_common(25):
            print(f"- {count} × {line}")
    print("\nEvents:")
    for event in chaos.events:
        print(f"- {event}")
    lost = sum(row["lost"] for row in checked.values())
    duplicated = sum(row["duplicated"] for row in checked.values())
    goals = kills >= args.kills and (args.db != "postgresql" or chaos.db_restarts >= args.db_restarts)
    verdict = lost == 0 and duplicated == 0 and goals and chaos.error is None
    print()
    print(f"**Result: {'PASS' if verdict else 'FAIL'}** — lost {lost}, duplicated {duplicated}, kills {kills}"
          f"/{args.kills}, database restarts {chaos.db_restarts if args.db == 'postgresql' else 'n/a'}"
          + (f", chaos error: {chaos.error}" if chaos.error else ""))
    return verdict


# --- main ----------------------------------------------------------------------------------------------


class StopError(Exception):
    pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), required=True)
    parser.add_argument("--kills", type=int, default=20, help="SIGKILLs of gunicorn workers and masters (>= 20)")
    parser.add_argument("--db-restarts", type=int, default=3, help="PostgreSQL restarts (-m immediate)")
    parser.add_argument("--seconds", type=int, default=90, help="how long the load runs")
    parser.add_argument("--young", type=int, default=6, help="young people (also council members)")
    parser.add_argument("--causes", type=int, default=400, help="causes to support (enough for the whole run)")
    parser.add_argument("--no-redis", action="store_true", help="no REDIS_URL, rate limits off, no Redis restart")
    parser.add_argument("--seed", type=int, default=None, help="random seed for the chaos plan")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, SQLite file)")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    def on_signal(signum: int, _frame: Any) -> None:
        raise StopError(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    hard_limit = 240 + args.seconds * 3
    watchdog = threading.Timer(hard_limit, lambda: os.kill(os.getpid(), signal.SIGTERM))
    watchdog.daemon = True
    watchdog.start()

    folder = Path(tempfile.mkdtemp(prefix="yv-crash-"))
    pg_name = f"yv_crash_{os.getpid()}_{secrets.token_hex(3)}"
    server: Gunicorn | None = None
    stop, hard_stop, probe_stop = threading.Event(), threading.Event(), threading.Event()
    threads: list[threading.Thread] = []
    ok = False
    try:
        say(f"temporary folder {folder}")
        if args.db == "postgresql":
            pg_ensure_up()
            with pg_admin() as admin:
                others = admin.execute("SELECT datname, count(*) FROM pg_stat_activity WHERE datname IS NOT NULL "
                                       "AND datname <> 'postgres' GROUP BY datname").fetchall()
                if others:
                    say("warning: other databases have connections and will see the restarts: "
                        + ", ".join(f"{name} ({count})" for name, count in others))
                admin.execute(f'CREATE DATABASE "{pg_name}"')
            database_url = f"postgresql+psycopg://postgres@{PG_HOST}:{PG_PORT}/{pg_name}"
        else:
            database_url = f"sqlite:///{folder / 'youthvoice.db'}"
            say("SQLite: there is no database server to restart; only gunicorn (and Redis) are killed")
        from youthvoice.privacy.sealing import MasterKeys

        port = free_port()
        config = {"DATABASE_URL": database_url, "SECRET_KEY": secrets.token_urlsafe(32),
                  "MASTER_KEYS": MasterKeys.new_key_text("crash1"), "WEBAUTHN_ORIGIN": f"http://localhost:{port}"}
        env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TZ") if name in os.environ}
        env.update(config)
        env.update({"YOUTHVOICE_INSTANCE": str(folder / "instance"), "PYTHONUNBUFFERED": "1"})
        (folder / "env.json").write_text(json.dumps(config))  # to read the sealed rows after a kept run
        if args.no_redis:
            env["RATELIMIT_ENABLED"] = "false"
        else:
            if not redis_ping():
                redis_start()
            env.update({"REDIS_URL": REDIS_URL, "RATELIMIT_ENABLED": "true", "RATELIMIT_LOGIN": GENEROUS_LIMIT,
                        "RATELIMIT_INVITE": GENEROUS_LIMIT})
        migrate = subprocess.run([str(BIN / "youthvoice"), "db", "upgrade"], cwd=ROOT, env=env, capture_output=True,
                                 text=True, timeout=180)
        if migrate.returncode != 0:
            raise RuntimeError(f"youthvoice db upgrade failed:\n{migrate.stdout}\n{migrate.stderr}")
        app = app_for(config, folder)
        prep_clients, support_clients, step_clients = 3, 2, 2
        clients = prep_clients + support_clients + step_clients
        seeded = seed(app, args.young, 2, args.causes, clients)
        app.extensions["yv_engine"].dispose()
        say(f"seeded {args.young} young people, {sum(map(len, seeded.meetings.values()))} meetings, "
            f"{len(seeded.causes)} causes, {len(seeded.cookies)} log-in sessions")

        server = Gunicorn(env, port, folder)
        server.start()
        say(f"gunicorn on 127.0.0.1:{port}, healthy after {server.wait_healthy():.1f}s")

        ledger, chaos, probe = Ledger(), Chaos(), Probe()

        def browsers_for(client: int, people: list[str]) -> dict[str, Browser]:
            return {person: Browser(seeded.cookies[(person, client)]) for person in people}

        client_number = 0
        for n in range(prep_clients):
            people = seeded.young[n::prep_clients]
            pairs = [(person, meeting, step_key, question) for person in people
                     for meeting in seeded.meetings[person] for step_key, question in PREP_QUESTIONS]
            threads.append(threading.Thread(target=prep_client, name=f"prep{n}", args=(
                n, port, pairs, browsers_for(client_number, people), ledger, stop, hard_stop)))
            client_number += 1
        for n in range(support_clients):
            people = seeded.young[n::support_clients]
            work = [(person, cause) for person in people for cause in seeded.causes]
            rng.shuffle(work)
            threads.append(threading.Thread(target=support_client, name=f"support{n}", args=(
                port, work, browsers_for(client_number, people), ledger, stop, hard_stop)))
            client_number += 1
        for n in range(step_clients):
            people = seeded.young
            threads.append(threading.Thread(target=step_client, name=f"step{n}", args=(
                n, port, people, browsers_for(client_number, people), ledger, stop, hard_stop)))
            client_number += 1
        prober = None
        if not args.no_redis:
            prober = threading.Thread(target=redis_probe, name="redis-probe", args=(port, probe, probe_stop))
        events = plan_events(args, rng)
        load_start = now()
        chaos_thread = threading.Thread(target=run_chaos, name="chaos", args=(
            events, server, chaos, probe, load_start, args.seconds, rng, hard_stop))
        for thread in threads:
            thread.start()
        if prober:
            prober.start()
        chaos_thread.start()
        say(f"load running: {len(threads)} clients; {len(events)} events planned")
        last_note = 0.0
        while now() - load_start < args.seconds or (chaos_thread.is_alive()
                                                     and now() - load_start < args.seconds * 2.5):
            time.sleep(0.5)
            if now() - last_note >= 15:
                last_note = now()
                with ledger.lock:
                    acked = {kind: stats.acked for kind, stats in ledger.stats.items()}
                say(f"acknowledged {acked}; kills {chaos.worker_kills + chaos.master_kills}, "
                    f"db restarts {chaos.db_restarts}")
        stop.set()
        load_seconds = now() - load_start
        chaos_thread.join(timeout=120)
        if chaos_thread.is_alive():
            hard_stop.set()
            chaos_thread.join(timeout=60)
        for thread in threads:
            thread.join(timeout=CLIENT_TIMEOUT + 10)
        hard_stop.set()
        probe_stop.set()
        if prober:
            prober.join(timeout=CLIENT_TIMEOUT + 10)
        say("load stopped; stopping gunicorn")
        server.stop_all()
        if args.db == "postgresql":
            pg_ensure_up()
        stored = read_back(app, seeded)
        app.extensions["yv_engine"].dispose()
        checked = check(ledger, stored)
        ok = report(args, chaos, ledger, checked, stored, probe, folder,
                    {"load": load_seconds, "total": now()}, server)
    except (StopError, KeyboardInterrupt) as error:
        say(f"stopped ({str(error) or 'interrupted'}); cleaning up")
    except Exception:
        import traceback

        traceback.print_exc()
    finally:
        stop.set()
        hard_stop.set()
        probe_stop.set()
        if server is not None:
            server.stop_all()
        if args.db == "postgresql":
            try:
                pg_ensure_up()
                with pg_admin() as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
                say(f"dropped PostgreSQL database {pg_name}")
            except Exception as error:
                say(f"could not drop {pg_name}: {error}")
        if not args.no_redis and not redis_ping():
            say("Redis is down: starting it")
            redis_start()
        if args.keep:
            say(f"logs kept in {folder} (gunicorn.log, access.log, env.json with the run's keys)")
        else:
            shutil.rmtree(folder, ignore_errors=True)
        watchdog.cancel()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
