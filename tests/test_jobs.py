"""The worker and its jobs (issue 23.2): schedules, the locks that keep a job from running twice at once (the lease
row, PostgreSQL's advisory locks, Redis), the log of runs, and two real worker processes started at the same time
running each job once."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time as clock
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlmodel import select
from support.database import reread
from support.people import login_as, make_municipality, make_person

from youthvoice.core import jobs
from youthvoice.core.jobs import Outcome, Schedule
from youthvoice.core.jobs_model import JobLock, JobRun
from youthvoice.core.model import utcnow
from youthvoice.identity.models import Role

ROOT = Path(__file__).resolve().parent.parent
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
JOBS = {"remind", "erase-due", "retention", "push-retry", "email-retry", "audit-checkpoint"}


def runs(db) -> list[JobRun]:  # type: ignore[no-untyped-def]
    reread(db)
    return list(db.exec(select(JobRun).order_by(JobRun.started_at)))


def redis_url() -> str | None:
    try:
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/0", socket_connect_timeout=1).ping()
    except Exception:
        return None
    return "redis://127.0.0.1:6379/0"


# --- schedules ----------------------------------------------------------------------------------------------


def test_schedules_parse_and_say_when_a_run_is_due():
    every = Schedule.parse("every 15m")
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    assert every.due(None, now, COPENHAGEN)
    assert not every.due(now - timedelta(minutes=14), now, COPENHAGEN)
    assert every.due(now - timedelta(minutes=15), now, COPENHAGEN)
    assert Schedule.parse("every 2h").every == timedelta(hours=2)

    daily = Schedule.parse("daily 17:00")  # Copenhagen time: 16:00 UTC in December
    before, after = datetime(2026, 12, 7, 15, 59, tzinfo=UTC), datetime(2026, 12, 7, 16, 1, tzinfo=UTC)
    assert not daily.due(None, before, COPENHAGEN)  # a new worker waits for today's time
    assert daily.due(None, after, COPENHAGEN)
    assert not daily.due(after, after + timedelta(hours=3), COPENHAGEN)  # ran today: not again
    assert daily.due(after - timedelta(days=1), after, COPENHAGEN)  # ran yesterday: due again at 17:00
    assert not daily.due(after - timedelta(days=1), before, COPENHAGEN)
    assert daily.at == time(17, 0)

    assert Schedule.parse("off").off and not Schedule.parse("off").due(None, now, COPENHAGEN)
    for wrong in ("every", "every 0m", "every 5s", "daily 25:00", "sometimes"):
        with pytest.raises(ValueError, match="not a schedule"):
            Schedule.parse(wrong)


@pytest.mark.app_config(WORKER_SCHEDULE=("remind=every 5m", "retention=off"))
def test_the_areas_register_their_jobs_and_the_configuration_changes_their_schedule(app):
    registered = jobs.jobs_of(app)
    assert set(registered) == JOBS
    assert registered["remind"].schedule.every == timedelta(minutes=5)
    assert registered["retention"].schedule.off
    assert registered["push-retry"].schedule.every == timedelta(minutes=15)
    assert registered["email-retry"].schedule.every == timedelta(minutes=5)


# --- locks --------------------------------------------------------------------------------------------------


def _check_exclusive(locks: jobs.JobLocks) -> None:
    held = locks.try_acquire("some-job")
    assert held is not None
    assert locks.try_acquire("some-job") is None  # held: nobody else gets it
    other = locks.try_acquire("another-job")  # locks are per job
    assert other is not None
    assert held.renew()
    held.release()
    again = locks.try_acquire("some-job")
    assert again is not None
    again.release()
    other.release()


def test_the_installations_lock_is_exclusive_per_job(app, backend):
    locks = jobs.locks_for(app)
    assert locks.kind == ("database" if backend == "sqlite" else "postgresql")
    _check_exclusive(locks)


@pytest.mark.app_config(JOB_LOCKS="database")
def test_the_lease_row_is_exclusive_and_a_dead_holders_lease_ends(app, db):
    locks = jobs.locks_for(app)
    _check_exclusive(locks)
    assert runs(db) == [] and db.exec(select(JobLock)).all() == []  # released leases leave no row
    db.add(JobLock(name="crashed", holder="a worker that died", expires_at=utcnow() - timedelta(seconds=1)))
    db.add(JobLock(name="busy", holder="a worker at work", expires_at=utcnow() + timedelta(seconds=60)))
    db.commit()
    taken = locks.try_acquire("crashed")
    assert taken is not None
    assert locks.try_acquire("busy") is None
    taken.release()


def test_a_redis_lock_is_exclusive_and_released_only_by_its_holder(app):
    url = redis_url()
    if url is None:
        pytest.skip("Redis not reachable at 127.0.0.1:6379")
    app.config.update(REDIS_URL=url, JOB_LOCKS="redis", RATELIMIT_KEY_PREFIX=f"test-{os.getpid()}-{id(app)}:")
    locks = jobs.locks_for(app)
    assert locks.kind == "redis"
    _check_exclusive(locks)


# --- the worker ---------------------------------------------------------------------------------------------


def test_a_worker_pass_runs_what_is_due_and_logs_each_run_without_anyone_in_it(app, db):
    app.config["WORKER_SCHEDULE"] = ()
    first = jobs.run_due(app, now=datetime(2026, 12, 7, 16, 30, tzinfo=UTC))  # 17:30 in Copenhagen: all due
    assert {run.job for run in first} == JOBS
    logged = runs(db)
    assert {run.job for run in logged} == JOBS and all(run.outcome == "ok" for run in logged)
    assert all(run.finished_at is not None and run.finished_at >= run.started_at for run in logged)
    assert all(all(isinstance(value, int) for value in run.counts.values()) for run in logged)
    assert jobs.run_due(app) == []  # nothing is due again at once
    assert len(runs(db)) == len(JOBS)


def test_a_failing_job_is_logged_as_failed_with_the_kind_of_error_only(app, db):
    def broken(_app: Flask) -> Outcome:
        raise RuntimeError("Sara Secretname's words")

    jobs.add_job(app, "broken", broken, schedule="every 5m")
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert "broken: failed RuntimeError" in result.output
    (run,) = [run for run in runs(db) if run.job == "broken"]
    assert run.outcome == "failed" and run.error == "RuntimeError" and "Sara" not in repr(run.model_dump())


def test_the_command_and_the_worker_share_the_lock(app, db):
    held = jobs.locks_for(app).try_acquire("remind")
    assert held is not None
    try:
        result = app.test_cli_runner().invoke(args=["remind"])
        assert result.exit_code == 0 and "running elsewhere" in result.output
        assert jobs.run_due(app) is not None and "remind" not in {run.job for run in runs(db)}
    finally:
        held.release()
    result = app.test_cli_runner().invoke(args=["remind"])
    assert "reminded about 0 meetings" in result.output
    assert [(run.job, run.by.split()[0]) for run in runs(db) if run.job == "remind"] == [("remind", "command")]


def test_two_threads_at_once_run_a_slow_job_once_and_never_together(app, db):
    state = {"running": 0, "most": 0, "runs": 0}
    guard = threading.Lock()
    started = threading.Event()

    def slow(_app: Flask) -> Outcome:
        with guard:
            state["running"] += 1
            state["most"] = max(state["most"], state["running"])
            state["runs"] += 1
        started.set()
        clock.sleep(0.5)  # long enough for the other thread to try the lock meanwhile
        with guard:
            state["running"] -= 1
        return Outcome({"things": 1})

    app.config["WORKER_SCHEDULE"] = ()
    for name in list(jobs.jobs_of(app)):
        jobs.jobs_of(app).pop(name)
    jobs.add_job(app, "slow", slow, schedule="every 60m")
    barrier = threading.Barrier(2)
    results: list[list[JobRun]] = []

    def worker() -> None:
        barrier.wait()
        results.append(jobs.run_due(app))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert state == {"running": 0, "most": 1, "runs": 1}
    assert sorted(len(result) for result in results) == [0, 1]
    assert [run.job for run in runs(db)] == ["slow"]


def _worker_environment(app: Flask, instance: Path) -> dict[str, str]:
    config = app.config
    env = {name: value for name, value in os.environ.items() if not name.startswith(("YV_", "JOB_", "WORKER_"))}
    env.update(
        {
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": config["DATABASE_URL"],
            "SECRET_KEY": config["SECRET_KEY"],
            "MASTER_KEYS": config["MASTER_KEYS"],
            "AUDIT_KEYS": config["AUDIT_KEYS"],
            "YOUTHVOICE_INSTANCE": str(instance),
            "AUDIT_CHECKPOINT_FILE": config["AUDIT_CHECKPOINT_FILE"],
            "REDIS_URL": "",
            # every job due at once, whatever the time of day
            "WORKER_SCHEDULE": "remind=every 60m,retention=every 60m",
        }
    )
    return env


# A worker process as `youthvoice worker --once` runs, with a moment between finding a job due and starting it (so
# the workers' passes overlap where it matters) and a start signal (so they start together, not as fast as each
# one imports the app).
WORKER = """
import os, sys, time
from youthvoice.core import jobs
from youthvoice.cli import main

real_execute = jobs.execute

def slower(app, job, **options):
    time.sleep(0.3)  # between finding the job due and logging its start: where two workers would both run it
    return real_execute(app, job, **options)

jobs.execute = slower
open(sys.argv[1] + f".ready-{os.getpid()}", "w").close()
while not os.path.exists(sys.argv[1]):
    time.sleep(0.01)
sys.argv[0:2] = ["youthvoice"]
main()
"""


def test_two_worker_processes_started_at_the_same_time_run_each_job_once(app, db, tmp_path):
    """Real worker processes against the test's database (SQLite and PostgreSQL)."""
    town = make_municipality(db)
    make_person(db, town, Role.YOUNG_PERSON, name="Sara")
    db.commit()
    env = _worker_environment(app, tmp_path / "instance")
    go = tmp_path / "go"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(go), "worker", "--once"],
            env=env,
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for _ in range(600):  # both have imported the app and wait for the signal
        if len(list(tmp_path.glob("go.ready-*"))) == len(workers) or any(w.poll() is not None for w in workers):
            break
        clock.sleep(0.1)
    go.touch()
    outputs = [worker.communicate(timeout=120) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    logged = runs(db)
    assert sorted(run.job for run in logged) == sorted(JOBS), outputs
    assert all(run.outcome == "ok" for run in logged)
    assert len({run.by for run in logged}) == 2  # both workers ran jobs: they did run at the same time
    printed = [
        line.split(":")[0] for out, _err in outputs for line in out.splitlines() if not line.startswith("worker")
    ]
    assert sorted(printed) == sorted(JOBS)  # each job reported by exactly one of the workers


def test_old_runs_are_forgotten(app, db):
    db.add(JobRun(job="remind", started_at=utcnow() - timedelta(days=91), outcome="ok"))
    db.add(JobRun(job="remind", started_at=utcnow() - timedelta(days=3), outcome="ok"))
    db.commit()
    assert jobs.forget_old_runs(app) == 1
    assert len(runs(db)) == 1


def test_the_admin_sees_the_last_runs(app, db):
    town = make_municipality(db)
    admin = make_person(db, town, Role.ADMIN, name="Admin")
    db.commit()
    app.test_cli_runner().invoke(args=["audit", "checkpoint"])
    client = app.test_client()
    login_as(app, client, admin)
    page = client.get("/admin/").get_data(as_text=True)
    assert 'data-testid="job-runs"' in page
    assert 'data-testid="job-audit-checkpoint"' in page and "Never" in page  # the others have not run yet
