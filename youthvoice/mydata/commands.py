"""Data rights' commands: carry out due erasures, and the retention rule."""

from __future__ import annotations

import sys
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from youthvoice.core import idempotency, personal_data
from youthvoice.core.db import new_session, session_scope
from youthvoice.mydata.data_rights import erase_due, erase_each, retention_candidates


@click.command("erase-due")
@with_appcontext
def erase_due_command() -> None:
    """Delete, for real, every account whose erasure grace period has passed (run daily). Each erasure is its
    own transaction: one that fails is reported (exit code 1) and the others are carried out."""

    erasers = personal_data.registry_of(current_app).erasers.values()
    report = erase_due(lambda: new_session(current_app), erasers=erasers)
    _report_erasures(report)


def _report_erasures(report: Any) -> None:
    click.echo(f"erased {len(report.erased)} accounts")
    for person_id, problem in report.failed:
        click.echo(f"could not erase {person_id}: {problem} (see the log; the others were erased)", err=True)
    if report.failed:
        sys.exit(1)


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Only list what would be deleted.")
@click.option("--inactive-days", type=int, default=None, help="Overrides RETENTION_INACTIVE_DAYS.")
@with_appcontext
def retention_command(dry_run: bool, inactive_days: int | None) -> None:
    """Delete the data of young people kept no longer (long inactive, or past 23), and report it."""

    config = current_app.config
    with session_scope(current_app) as db:
        due = retention_candidates(db, inactive_days=inactive_days or config["RETENTION_INACTIVE_DAYS"],
                                   after_23_days=config["RETENTION_AFTER_23_DAYS"])
        for row in due:
            click.echo(f"{'would delete' if dry_run else 'deleting'} {row.pseudonym} (municipality "
                       f"{row.municipality_id}): {row.reason}, last active {row.last_active.date().isoformat()}")
        keys = 0 if dry_run else idempotency.forget_old(db)
    if keys:
        click.echo(f"{keys} request keys older than {idempotency.KEEP.days} days forgotten")
    if dry_run:
        click.echo(f"{len(due)} young people would be deleted")
        return
    report = erase_each(lambda: new_session(current_app), [row.person_id for row in due], reason="retention",
                        erasers=personal_data.registry_of(current_app).erasers.values())
    click.echo(f"{len(report.erased)} young people were deleted")
    _report_erasures(report)


def init_app(app: Flask) -> None:
    """Add the area's commands to `youthvoice`."""
    app.cli.add_command(erase_due_command)
    app.cli.add_command(retention_command)
