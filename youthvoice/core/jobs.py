"""Scheduled work: the areas' jobs (reminders, due erasures, retention, push retries, the audit checkpoint), run
by `youthvoice worker` on a schedule or one at a time by their cron-style commands.

Each area registers its jobs in its `init_app` (`add_job`): a name, a function that does the work and says how
much it did (`Outcome`), and a default schedule ("every 15m", "daily 17:00" in the app's time zone, "off"),
which `WORKER_SCHEDULE` can change per job.

Several app servers and several workers may run at once. A job runs only while its lock is held, and whether it is
due is decided under that lock from the shared log of runs (`job_run`), never from a worker's memory: two workers
started together both try the lock, one runs the job and logs it, the other then finds it not due. The lock is the
one the installation has: a PostgreSQL advisory lock on PostgreSQL, else a Redis lock when REDIS_URL is set, else a
lease row in the database (`job_lock`, taken in a BEGIN IMMEDIATE transaction on SQLite). The Redis lock and the
lease expire after JOB_LEASE_SECONDS unless renewed, and they are renewed while the job runs, so a worker that
dies frees its jobs soon; an advisory lock ends with its connection.

Every run is logged with its outcome and counts (numbers only, never a person); runs older than
JOB_RUNS_KEEP_DAYS are removed by the worker.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from flask import Flask
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, delete, func, select

from youthvoice.core.db import engine_for_writes, is_sqlite
from youthvoice.core.jobs_model import JobLock, JobRun
from youthvoice.core.model import utcnow

log = logging.getLogger(__name__)

REDIS_TIMEOUT_SECONDS = 2


# --- what a job is ------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a run did: counts (kept in the log of runs), lines for whoever ran the command (never kept: they may
    name a pseudonym), and whether something failed (the command then exits 1)."""

    counts: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    failed: bool = False


JobFunction = Callable[[Flask], Outcome]


@dataclass(frozen=True)
class Schedule:
    """When a job is due: every `every`, or daily at `at` (the app's time zone); neither: never (off)."""

    every: timedelta | None = None
    at: time | None = None

    @classmethod
    def parse(cls, spec: str) -> Schedule:
        """ "every 15m", "every 2h", "daily 17:00" or "off"."""
        words = spec.strip().lower().split()
        try:
            if words == ["off"]:
                return cls()
            if len(words) == 2 and words[0] == "every" and words[1][-1] in "mh" and int(words[1][:-1]) > 0:
                amount = int(words[1][:-1])
                return cls(every=timedelta(minutes=amount) if words[1][-1] == "m" else timedelta(hours=amount))
            if len(words) == 2 and words[0] == "daily":
                return cls(at=time.fromisoformat(words[1]))
        except ValueError:
            pass
        raise ValueError(f"not a schedule: {spec!r} (every 15m, every 2h, daily 17:00 or off)")

    @property
    def off(self) -> bool:
        return self.every is None and self.at is None

    def due(self, last_started: datetime | None, now: datetime, zone: ZoneInfo) -> bool:
        """Whether a run is due now, given when the last one started (any outcome)."""
        if self.every is not None:
            return last_started is None or now >= last_started + self.every
        if self.at is None:
            return False
        local = now.astimezone(zone)
        slot = datetime.combine(local.date(), self.at, tzinfo=zone)
        if local < slot:
            if last_started is None:
                return False  # a worker started before today's time waits for it
            slot -= timedelta(days=1)
        return last_started is None or last_started < slot


@dataclass(frozen=True)
class Job:
    name: str
    run: JobFunction
    schedule: Schedule


def add_job(app: Flask, name: str, run: JobFunction, *, schedule: str) -> None:
    """An area's scheduled job, with its default schedule (WORKER_SCHEDULE may change it: `name=every 30m`)."""
    overrides = dict(item.split("=", 1) for item in app.config.get("WORKER_SCHEDULE", ()) if "=" in item)
    jobs: dict[str, Job] = app.extensions.setdefault("yv_jobs", {})
    jobs[name] = Job(name, run, Schedule.parse(overrides.get(name, schedule)))


def jobs_of(app: Flask) -> dict[str, Job]:
    jobs: dict[str, Job] = app.extensions.get("yv_jobs", {})
    return jobs


# --- locks: one per job name, whichever the installation has -----------------------------------------------


class Held(Protocol):
    def renew(self) -> bool: ...

    def release(self) -> None: ...


class JobLocks(Protocol):
    kind: str

    def try_acquire(self, name: str) -> Held | None: ...


def _advisory_key(name: str) -> int:
    """A stable 64-bit key for a job's advisory lock (the same in every process and version)."""
    return int.from_bytes(hashlib.sha256(f"youthvoice job {name}".encode()).digest()[:8], "big", signed=True)


class _AdvisoryHeld:
    def __init__(self, connection: Connection, key: int) -> None:
        self.connection, self.key = connection, key

    def renew(self) -> bool:
        return True  # held as long as the connection lives

    def release(self) -> None:
        try:
            self.connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
        except Exception:  # never back into the pool still holding the lock: closing the connection ends it
            log.warning("could not release a job's advisory lock: closing its connection instead")
            self.connection.invalidate()
        finally:
            self.connection.close()


class PostgresAdvisoryLocks:
    """A session-level advisory lock on a connection of its own, held while the job runs (and gone with the
    connection if the worker dies)."""

    kind = "postgresql"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine.execution_options(isolation_level="AUTOCOMMIT")

    def try_acquire(self, name: str) -> Held | None:
        key = _advisory_key(name)
        connection = self.engine.connect()
        try:
            got = connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}).scalar()
        except Exception:
            connection.close()
            raise
        if not got:
            connection.close()
            return None
        return _AdvisoryHeld(connection, key)


class _RedisHeld:
    def __init__(self, lock: Any, lease: int) -> None:
        self.lock, self.lease = lock, lease

    def renew(self) -> bool:
        try:
            return bool(self.lock.reacquire())
        except Exception:
            log.warning("could not renew a job lock in Redis")
            return False

    def release(self) -> None:
        try:
            self.lock.release()
        except Exception:  # it expired meanwhile (and may be someone else's now): nothing of ours to release
            log.warning("a job lock in Redis had expired before it was released")


class RedisLocks:
    """A Redis lock (SET NX with an expiry and a token of its own; released only by its holder)."""

    kind = "redis"

    def __init__(self, url: str, prefix: str, lease: int) -> None:
        import redis

        self.client = redis.Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
        )
        self.prefix, self.lease = prefix, lease

    def try_acquire(self, name: str) -> Held | None:
        lock = self.client.lock(
            f"{self.prefix}youthvoice:job:{name}", timeout=self.lease, blocking=False, thread_local=False
        )
        if not lock.acquire(blocking=False):
            return None
        return _RedisHeld(lock, self.lease)


class _LeaseHeld:
    def __init__(self, locks: DatabaseLeaseLocks, name: str, holder: str) -> None:
        self.locks, self.name, self.holder = locks, name, holder

    def renew(self) -> bool:
        return self.locks.take(self.name, self.holder)

    def release(self) -> None:
        with Session(self.locks.engine) as db:
            db.exec(delete(JobLock).where(col(JobLock.name) == self.name, col(JobLock.holder) == self.holder))
            db.commit()


class DatabaseLeaseLocks:
    """A lease row per job (`job_lock`): taken when there is none or it has ended, in one write transaction (on
    SQLite BEGIN IMMEDIATE: the write lock is held from the read to the write, so two takers cannot both win)."""

    kind = "database"

    def __init__(self, engine: Engine, lease: int) -> None:
        self.engine, self.lease = engine_for_writes(engine), lease

    def take(self, name: str, holder: str) -> bool:
        now = utcnow()
        with Session(self.engine) as db:
            row = db.exec(select(JobLock).where(JobLock.name == name).with_for_update()).first()
            if row is not None and row.holder != holder and row.expires_at > now:
                db.rollback()
                return False
            row = row or JobLock(name=name, holder=holder, expires_at=now)
            row.holder, row.expires_at = holder, now + timedelta(seconds=self.lease)
            db.add(row)
            try:
                db.commit()
            except Exception:  # PostgreSQL: another taker inserted the first row at the same moment
                db.rollback()
                return False
        return True

    def try_acquire(self, name: str) -> Held | None:
        holder = secrets.token_hex(16)
        return _LeaseHeld(self, name, holder) if self.take(name, holder) else None


def locks_for(app: Flask) -> JobLocks:
    """The installation's locks: PostgreSQL's advisory locks, else Redis when REDIS_URL is set, else the lease row
    (JOB_LOCKS names one of postgresql, redis, database to choose)."""
    engine: Engine = app.extensions["yv_engine"]
    config = app.config
    lease = int(config["JOB_LEASE_SECONDS"])
    choice = config.get("JOB_LOCKS") or (
        "postgresql" if not is_sqlite(str(engine.url)) else "redis" if config.get("REDIS_URL") else "database"
    )
    if choice == "postgresql":
        return PostgresAdvisoryLocks(engine)
    if choice == "redis":
        return RedisLocks(config["REDIS_URL"], config.get("RATELIMIT_KEY_PREFIX", ""), lease)
    if choice == "database":
        return DatabaseLeaseLocks(engine, lease)
    raise RuntimeError(f"JOB_LOCKS must be postgresql, redis or database (got {choice!r})")


@contextmanager
def holding(held: Held, every: float) -> Iterator[None]:
    """Keep renewing `held` every `every` seconds while the block runs; release it at the end."""
    stop = threading.Event()

    def renew() -> None:
        while not stop.wait(every):
            if not held.renew():
                log.warning("a job's lock could not be renewed; it may be taken by another worker when it ends")

    renewer = threading.Thread(target=renew, name="yv-job-lease", daemon=True)
    renewer.start()
    try:
        yield
    finally:
        stop.set()
        renewer.join()
        held.release()


# --- running ------------------------------------------------------------------------------------------------


def who(kind: str) -> str:
    return f"{kind} {socket.gethostname()}:{os.getpid()}"[:80]


def last_started(db: Session, name: str) -> datetime | None:
    started: datetime | None = db.exec(select(func.max(JobRun.started_at)).where(JobRun.job == name)).one()
    return started


def _open_session(app: Flask) -> Session:
    return Session(engine_for_writes(app.extensions["yv_engine"]), expire_on_commit=False)


def execute(app: Flask, job: Job, *, by: str, run: JobFunction | None = None) -> tuple[JobRun, Outcome | None]:
    """Run a job (its lock already held) and log the run: started, then finished with its outcome and counts."""
    with _open_session(app) as db:
        record = JobRun(job=job.name, by=by)
        db.add(record)
        db.commit()
    outcome: Outcome | None = None
    try:
        outcome = (run or job.run)(app)
        record.outcome, record.counts = ("failed" if outcome.failed else "ok"), dict(outcome.counts)
    except Exception as error:
        log.exception("job %s failed", job.name)
        record.outcome, record.error = "failed", type(error).__name__[:80]
    record.finished_at = utcnow()
    with _open_session(app) as db:
        db.merge(record)
        db.commit()
    log.info("job %s: %s %s", job.name, record.outcome, record.counts)
    return record, outcome


def run_due(app: Flask, *, by: str | None = None, now: datetime | None = None) -> list[JobRun]:
    """One pass of the worker: every job that is due and not held by another worker runs, once."""
    locks = locks_for(app)
    zone = ZoneInfo(app.config["BABEL_DEFAULT_TIMEZONE"])
    lease = int(app.config["JOB_LEASE_SECONDS"])
    ran = []
    for job in jobs_of(app).values():
        if job.schedule.off:
            continue
        held = locks.try_acquire(job.name)
        if held is None:
            continue
        with holding(held, lease / 3):
            with _open_session(app) as db:
                due = job.schedule.due(last_started(db, job.name), now or utcnow(), zone)
            if due:
                ran.append(execute(app, job, by=by or who("worker"))[0])
    return ran


def run_now(app: Flask, name: str, *, run: JobFunction | None = None) -> tuple[JobRun, Outcome | None] | None:
    """Run one job now, whatever its schedule (its cron-style command); None if it is running elsewhere."""
    job = jobs_of(app)[name]
    held = locks_for(app).try_acquire(name)
    if held is None:
        return None
    with holding(held, int(app.config["JOB_LEASE_SECONDS"]) / 3):
        return execute(app, job, by=who("command"), run=run)


def forget_old_runs(app: Flask) -> int:
    """Remove runs older than JOB_RUNS_KEEP_DAYS."""
    before = utcnow() - timedelta(days=int(app.config["JOB_RUNS_KEEP_DAYS"]))
    with _open_session(app) as db:
        result = db.exec(delete(JobRun).where(col(JobRun.started_at) < before))
        db.commit()
    return int(result.rowcount or 0)


def latest_runs(db: Session, app: Flask, *, per_job: int = 3) -> dict[str, list[JobRun]]:
    """The newest runs of each registered job, in one statement (the admin's overview)."""
    place = func.row_number().over(partition_by=col(JobRun.job), order_by=col(JobRun.started_at).desc())
    newest = select(JobRun, place.label("place")).subquery()
    alias = aliased(JobRun, newest)
    rows = db.exec(select(alias).where(newest.c.place <= per_job).order_by(col(alias.started_at).desc())).all()
    found: dict[str, list[JobRun]] = {name: [] for name in jobs_of(app)}
    for run in rows:
        found.setdefault(run.job, []).append(run)
    return found
