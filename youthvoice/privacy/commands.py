"""Commands for the keys and the audit log: new keys, rotation, verifying and anchoring the log."""

from __future__ import annotations

import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from youthvoice.core.cli import run_job_command
from youthvoice.core.db import new_session, session_scope
from youthvoice.core.jobs import Outcome, add_job
from youthvoice.privacy.audit import AuditKeys
from youthvoice.privacy.audit_anchor import checkpoint_now, verify
from youthvoice.privacy.sealing import MasterKeys, rotate_master_key


@click.group("audit")
def audit_group() -> None:
    """The tamper-evident audit log."""


@audit_group.command("verify")
@with_appcontext
def audit_verify() -> None:
    """Check every entry's signature and link, and every checkpoint; exit 1 and say what is wrong if anything was
    changed, removed or re-chained."""

    with new_session(current_app, write=False) as db:
        report = verify(db, current_app.extensions["yv_audit"])
    for note in report.notes:
        click.echo(note)
    if report.problems:
        for problem in report.problems:
            click.echo(f"BROKEN: {problem}")
        sys.exit(1)
    head = report.chain.head
    click.echo(f"ok: {report.chain.checked} entries, chain intact" + (
        f", every checkpoint matches (newest entry {head.id})" if head else ""))


def checkpoint_job(app: Flask) -> Outcome:
    """Write a signed checkpoint of the newest entry to the checkpoint file (and Redis)."""
    with new_session(app, write=False) as db:
        head, failed = checkpoint_now(db, app.extensions["yv_audit"])
    if head is None:
        return Outcome({"entries": 0}, ["the audit log is empty: nothing to checkpoint"])
    lines = [f"FAILED: the checkpoint could not be written to {name} (see the log)" for name in failed]
    return Outcome({"entries": head.seq, "failed": len(failed)},
                   lines or [f"checkpoint: {head.seq} entries, newest entry {head.id}"], failed=bool(failed))


@audit_group.command("checkpoint")
@with_appcontext
def audit_checkpoint() -> None:
    """Write a signed checkpoint of the newest entry to the checkpoint file (and Redis); the worker runs it every
    hour, or run it from cron."""
    run_job_command("audit-checkpoint")


@click.command("new-master-key")
@click.option("--id", "key_id", required=True, help="A short name for the key, e.g. 2026-11.")
def new_master_key_command(key_id: str) -> None:
    """Print a new master key. Put it first in MASTER_KEYS (keep the old ones after it), then rotate."""

    click.echo(MasterKeys.new_key_text(key_id))


@click.command("new-audit-key")
@click.option("--id", "key_id", required=True, help="A short name for the key, e.g. audit-2026-11.")
def new_audit_key_command(key_id: str) -> None:
    """Print a new audit key. Put it first in AUDIT_KEYS and keep the old ones after it: they check older entries."""

    click.echo(AuditKeys.new_key_text(key_id))


@click.command("rotate-master-key")
@with_appcontext
def rotate_master_key_command() -> None:
    """Re-wrap every young person's data key with the first key in MASTER_KEYS."""

    master = current_app.extensions["yv_master_keys"]
    with session_scope(current_app) as db:
        count = rotate_master_key(db, master)
        # other areas' values sealed with the master key itself (identity: the log-in providers' client secrets)
        others = sum(rotate(db, master) for rotate in current_app.extensions.get("yv_master_key_rotations", ()))
    click.echo(f"re-wrapped {count} data keys with master key {master.current_id}, and {others} other secrets; "
               "older keys can now be removed")


def init_app(app: Flask) -> None:
    """Add the area's job and commands to `youthvoice`."""
    add_job(app, "audit-checkpoint", checkpoint_job, schedule="every 60m")
    app.cli.add_command(audit_group)
    app.cli.add_command(new_master_key_command)
    app.cli.add_command(new_audit_key_command)
    app.cli.add_command(rotate_master_key_command)
