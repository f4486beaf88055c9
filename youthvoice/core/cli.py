"""The core's commands: the database schema (migrations), a backup of the SQLite database, and the worker that runs
the areas' scheduled jobs (core/jobs.py)."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

if TYPE_CHECKING:
    from alembic.config import Config

from youthvoice.core import jobs
from youthvoice.core.backup import sqlite_backup
from youthvoice.core.db import is_sqlite

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(app: Flask) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", app.config["DATABASE_URL"].replace("%", "%%"))
    config.attributes["engine"] = app.extensions["yv_engine"]
    config.attributes["master_keys"] = app.extensions["yv_master_keys"]  # data migrations that move sealed text
    config.attributes["audit_keys"] = app.extensions["yv_audit"].keys  # 0013 signs the existing audit log
    return config


def upgrade_database(app: Flask, revision: str = "head") -> None:
    """Bring the database schema up to date (creates the SQLite file on first use)."""
    from alembic import command

    command.upgrade(alembic_config(app), revision)


@click.group("db")
def db_group() -> None:
    """Database schema migrations."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: head); then what the areas do after an upgrade to the newest
    schema (privacy: a checkpoint of the audit log as it stands)."""
    upgrade_database(current_app, revision)
    click.echo("database is up to date")
    if revision == "head":
        for after_upgrade in current_app.extensions.get("yv_after_upgrade", ()):
            message = after_upgrade(current_app)
            if message:
                click.echo(message)


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@with_appcontext
def db_revision(message: str) -> None:
    """Generate a migration from the difference between the models and the database."""
    from alembic import command

    command.revision(alembic_config(current_app), message=message, autogenerate=True)


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(target: str) -> None:
    """A consistent online copy of the SQLite database (PostgreSQL: use pg_dump, see the README)."""

    url = current_app.config["DATABASE_URL"]
    if not is_sqlite(url):
        click.echo("PostgreSQL: use pg_dump (see README, 'Backups')", err=True)
        sys.exit(2)
    pages = sqlite_backup(url, target)
    click.echo(f"backed up {pages} pages to {target}")


def _describe(run: jobs.JobRun) -> str:
    counts = ", ".join(f"{key} {value}" for key, value in sorted(run.counts.items()))
    return f"{run.job}: {run.outcome}" + (f" ({counts})" if counts else "") + (f" {run.error}" if run.error else "")


@click.command("worker")
@click.option("--once", is_flag=True, help="Run what is due once, then exit.")
@with_appcontext
def worker_command(once: bool) -> None:
    """Run the scheduled jobs (reminders, due erasures, retention, push retries, the audit checkpoint) when they
    are due, until stopped (SIGTERM or Ctrl-C: after the job that is running). Any number of workers may run
    beside any number of app servers: each job runs under its lock, once."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]  # Flask types the proxy as the app
    stop = threading.Event()
    if not once:
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_args: stop.set())
    schedule = ", ".join(f"{job.name}" + (" (off)" if job.schedule.off else "") for job in jobs.jobs_of(app).values())
    click.echo(f"worker: {schedule}; locks: {jobs.locks_for(app).kind}")
    while True:
        try:
            runs = jobs.run_due(app)
            for run in runs:
                click.echo(_describe(run))
            if runs:
                jobs.forget_old_runs(app)
        except Exception:  # the database or Redis is away for a moment: try again at the next tick
            log.exception("the worker's pass failed; trying again in %s seconds", app.config["WORKER_TICK_SECONDS"])
        sys.stdout.flush()
        if once or stop.wait(float(app.config["WORKER_TICK_SECONDS"])):
            return


def run_job_command(name: str, *, run: jobs.JobFunction | None = None) -> None:
    """A job's cron-style command: run it now under its lock, log the run, print what it did; exit 1 if it failed,
    and say so (exit 0) if it is running elsewhere at this moment."""
    result = jobs.run_now(current_app._get_current_object(), name, run=run)  # type: ignore[attr-defined]
    if result is None:
        click.echo(f"{name} is running elsewhere right now (a worker or another command): not run again")
        return
    record, outcome = result
    for line in outcome.lines if outcome else ():
        click.echo(line, err=line.startswith(("could not", "FAILED")))
    if record.outcome != "ok":
        if outcome is None:
            click.echo(f"{name} failed: {record.error} (see the log)", err=True)
        sys.exit(1)


def init_app(app: Flask) -> None:
    """The core's commands: migrations, a copy of the SQLite database, the worker."""
    app.cli.add_command(db_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(worker_command)
