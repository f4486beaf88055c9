"""Command-line operations: migrations, demo data, serving."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(app: Flask):  # type: ignore[no-untyped-def]
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
    """Apply migrations up to REVISION (default: head), then checkpoint the audit log as it stands."""
    upgrade_database(current_app, revision)
    click.echo("database is up to date")
    if revision == "head":
        from youthvoice.audit_anchor import checkpoint_now
        from youthvoice.db import new_session

        with new_session(current_app, write=False) as db:
            head, failed = checkpoint_now(db, current_app.extensions["yv_audit"])
        if head is not None and not failed:
            click.echo(f"audit checkpoint: {head.seq} entries")


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@with_appcontext
def db_revision(message: str) -> None:
    """Generate a migration from the difference between the models and the database."""
    from alembic import command

    command.revision(alembic_config(current_app), message=message, autogenerate=True)


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create (or re-create) the demo municipality with its personas."""
    from youthvoice.demo import seed_demo

    upgrade_database(current_app)
    summary = seed_demo(current_app)
    click.echo(summary)


@click.group("audit")
def audit_group() -> None:
    """The tamper-evident audit log."""


@audit_group.command("verify")
@with_appcontext
def audit_verify() -> None:
    """Check every entry's signature and link, and every checkpoint; exit 1 and say what is wrong if anything was
    changed, removed or re-chained."""
    from youthvoice.audit_anchor import verify
    from youthvoice.db import new_session

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


@audit_group.command("checkpoint")
@with_appcontext
def audit_checkpoint() -> None:
    """Write a signed checkpoint of the newest entry to the checkpoint file (and Redis); run it from cron."""
    from youthvoice.audit_anchor import checkpoint_now
    from youthvoice.db import new_session

    with new_session(current_app, write=False) as db:
        head, failed = checkpoint_now(db, current_app.extensions["yv_audit"])
    if head is None:
        click.echo("the audit log is empty: nothing to checkpoint")
        return
    for name in failed:
        click.echo(f"FAILED: the checkpoint could not be written to {name} (see the log)", err=True)
    if failed:
        sys.exit(1)
    click.echo(f"checkpoint: {head.seq} entries, newest entry {head.id}")


@click.command("remind")
@with_appcontext
def remind_command() -> None:
    """Tell young people about tomorrow's meetings (run daily, e.g. from cron at 17:00)."""
    from youthvoice.db import session_scope
    from youthvoice.meetings import remind_tomorrow
    from youthvoice.push import drain

    with session_scope(current_app) as db:
        count = remind_tomorrow(db)
    drain(current_app)  # the phones' pushes go out in the background: wait for them before exiting
    click.echo(f"reminded about {count} meetings")


@click.group("push")
def push_group() -> None:
    """Web Push: phones told "you have something new"."""


@push_group.command("keys")
@click.option("--subject", default="mailto:it@example.dk", show_default=True,
              help="A mailto: or https: address where the push services can reach whoever runs youthvoice.")
def push_keys_command(subject: str) -> None:
    """Print a new VAPID key pair as environment lines. Keep the private key secret; changing it later turns push
    off on every phone until the person turns it on again."""
    from youthvoice.push import new_vapid_private_key, public_key_for

    if not subject.startswith(("mailto:", "https://")):
        raise click.BadParameter("must start with mailto: or https://", param_hint="--subject")
    private_key = new_vapid_private_key()
    click.echo(f"VAPID_PRIVATE_KEY={private_key}")
    click.echo(f"VAPID_PUBLIC_KEY={public_key_for(private_key)}")
    click.echo(f"VAPID_SUBJECT={subject}")


@click.command("erase-due")
@with_appcontext
def erase_due_command() -> None:
    """Delete, for real, every account whose erasure grace period has passed (run daily). Each erasure is its
    own transaction: one that fails is reported (exit code 1) and the others are carried out."""
    from youthvoice.data_rights import erase_due
    from youthvoice.db import new_session

    report = erase_due(lambda: new_session(current_app))
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
    from youthvoice import idempotency
    from youthvoice.data_rights import erase_each, retention_candidates
    from youthvoice.db import new_session, session_scope

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
    report = erase_each(lambda: new_session(current_app), [row.person_id for row in due], reason="retention")
    click.echo(f"{len(report.erased)} young people were deleted")
    _report_erasures(report)


@click.command("backup")
@click.argument("target", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def backup_command(target: str) -> None:
    """A consistent online copy of the SQLite database (PostgreSQL: use pg_dump, see the README)."""
    from youthvoice.backup import sqlite_backup
    from youthvoice.db import is_sqlite

    url = current_app.config["DATABASE_URL"]
    if not is_sqlite(url):
        click.echo("PostgreSQL: use pg_dump (see README, 'Backups')", err=True)
        sys.exit(2)
    pages = sqlite_backup(url, target)
    click.echo(f"backed up {pages} pages to {target}")


@click.command("new-master-key")
@click.option("--id", "key_id", required=True, help="A short name for the key, e.g. 2026-11.")
def new_master_key_command(key_id: str) -> None:
    """Print a new master key. Put it first in MASTER_KEYS (keep the old ones after it), then rotate."""
    from youthvoice.sealing import MasterKeys

    click.echo(MasterKeys.new_key_text(key_id))


@click.command("new-audit-key")
@click.option("--id", "key_id", required=True, help="A short name for the key, e.g. audit-2026-11.")
def new_audit_key_command(key_id: str) -> None:
    """Print a new audit key. Put it first in AUDIT_KEYS and keep the old ones after it: they check older entries."""
    from youthvoice.audit import AuditKeys

    click.echo(AuditKeys.new_key_text(key_id))


@click.command("rotate-master-key")
@with_appcontext
def rotate_master_key_command() -> None:
    """Re-wrap every young person's data key with the first key in MASTER_KEYS."""
    from youthvoice.db import session_scope
    from youthvoice.sealing import rotate_master_key

    master = current_app.extensions["yv_master_keys"]
    with session_scope(current_app) as db:
        count = rotate_master_key(db, master)
    click.echo(f"re-wrapped {count} data keys with master key {master.current_id}; older keys can now be removed")


@click.command("serve")
@click.option("--host", default="localhost")
@click.option("--port", default=5000, type=int)
@click.option("--demo", is_flag=True, help="Seed the demo data and show /demo.")
def serve_command(host: str, port: int, demo: bool) -> None:
    """Migrate, then serve with gunicorn (threads), as in production but on one machine."""
    os.environ.setdefault("WEBAUTHN_ORIGIN", f"http://{host}:{port}")
    if host in ("localhost", "127.0.0.1"):
        os.environ.setdefault("SESSION_COOKIE_SECURE", "true")
    if demo:
        os.environ["DEMO_MODE"] = "true"
    from youthvoice import create_app

    app = create_app()
    with app.app_context():
        upgrade_database(app)
        if demo:
            from youthvoice.demo import seed_demo

            click.echo(seed_demo(app, only_if_empty=True))
    click.echo(f"youthvoice is running at http://{host}:{port}/" + ("demo" if demo else ""))
    sys.stdout.flush()
    args = [sys.executable, "-m", "gunicorn", "-k", "gthread", "--threads", "8", "-w", "2", "-b",
            f"{host}:{port}", "--access-logfile", "-", "youthvoice.wsgi:app"]
    os.execv(sys.executable, args)  # noqa: S606 - replaces this process with gunicorn


def init_app(app: Flask) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(audit_group)
    app.cli.add_command(erase_due_command)
    app.cli.add_command(remind_command)
    app.cli.add_command(push_group)
    app.cli.add_command(retention_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(rotate_master_key_command)
    app.cli.add_command(new_master_key_command)
    app.cli.add_command(new_audit_key_command)


def _create_app():  # type: ignore[no-untyped-def]
    from youthvoice import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app)
def main() -> None:
    """youthvoice operations (run `youthvoice --help`)."""


main.add_command(serve_command)
