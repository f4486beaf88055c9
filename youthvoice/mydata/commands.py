"""Data rights' jobs and their commands: carry out due erasures, and the retention rule."""

from __future__ import annotations

from functools import partial
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from youthvoice.core import idempotency, personal_data
from youthvoice.core.cli import run_job_command
from youthvoice.core.db import new_session, session_scope
from youthvoice.core.jobs import Outcome, add_job
from youthvoice.mydata.data_rights import erase_due, erase_each, retention_candidates


def erase_due_job(app: Flask) -> Outcome:
    """Delete, for real, every account whose erasure grace period has passed. Each erasure is its own transaction:
    one that fails is reported and the others are carried out."""
    erasers = personal_data.registry_of(app).erasers.values()
    report = erase_due(lambda: new_session(app), erasers=erasers)
    return _erasures(report, Outcome({"erased": len(report.erased)}, [f"erased {len(report.erased)} accounts"]))


def _erasures(report: Any, outcome: Outcome) -> Outcome:
    outcome.counts["failed"] = len(report.failed)
    for person_id, problem in report.failed:
        outcome.lines.append(f"could not erase {person_id}: {problem} (see the log; the others were erased)")
    outcome.failed = bool(report.failed)
    return outcome


def retention_job(app: Flask, *, inactive_days: int | None = None, dry_run: bool = False) -> Outcome:
    """Delete the data of young people kept no longer (long inactive, or past 23), and old request keys."""
    config = app.config
    outcome = Outcome()
    with session_scope(app) as db:
        due = retention_candidates(db, inactive_days=inactive_days or config["RETENTION_INACTIVE_DAYS"],
                                   after_23_days=config["RETENTION_AFTER_23_DAYS"])
        for row in due:
            outcome.lines.append(
                f"{'would delete' if dry_run else 'deleting'} {row.pseudonym} (municipality {row.municipality_id}): "
                f"{row.reason}, last active {row.last_active.date().isoformat()}")
        keys = 0 if dry_run else idempotency.forget_old(db)
    if keys:
        outcome.lines.append(f"{keys} request keys older than {idempotency.KEEP.days} days forgotten")
    if dry_run:
        outcome.lines.append(f"{len(due)} young people would be deleted")
        return outcome
    report = erase_each(lambda: new_session(app), [row.person_id for row in due], reason="retention",
                        erasers=personal_data.registry_of(app).erasers.values())
    outcome.counts.update({"deleted": len(report.erased), "request_keys": keys})
    outcome.lines.append(f"{len(report.erased)} young people were deleted")
    return _erasures(report, outcome)


@click.command("erase-due")
@with_appcontext
def erase_due_command() -> None:
    """Delete, for real, every account whose erasure grace period has passed (the worker runs it every hour; or run
    it daily from cron). One that fails is reported (exit code 1) and the others are carried out."""
    run_job_command("erase-due")


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Only list what would be deleted.")
@click.option("--inactive-days", type=int, default=None, help="Overrides RETENTION_INACTIVE_DAYS.")
@with_appcontext
def retention_command(dry_run: bool, inactive_days: int | None) -> None:
    """Delete the data of young people kept no longer (long inactive, or past 23), and report it (the worker runs it
    daily at 03:00)."""
    if dry_run:
        for line in retention_job(current_app, inactive_days=inactive_days, dry_run=True).lines:
            click.echo(line)
        return
    run_job_command("retention", run=partial(retention_job, inactive_days=inactive_days))


def init_app(app: Flask) -> None:
    """Add the area's jobs and their commands to `youthvoice`."""
    add_job(app, "erase-due", erase_due_job, schedule="every 60m")
    add_job(app, "retention", retention_job, schedule="daily 03:00")
    app.cli.add_command(erase_due_command)
    app.cli.add_command(retention_command)
