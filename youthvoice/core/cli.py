"""The core's commands: the database schema (migrations) and a backup of the SQLite database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

if TYPE_CHECKING:
    from alembic.config import Config

from youthvoice.core.backup import sqlite_backup
from youthvoice.core.db import is_sqlite

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


def init_app(app: Flask) -> None:
    """The core's commands: migrations and a copy of the SQLite database."""
    app.cli.add_command(db_group)
    app.cli.add_command(backup_command)
