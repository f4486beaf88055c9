"""The meetings' command: remind of tomorrow's meetings."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from youthvoice.core.db import session_scope
from youthvoice.meetings.meetings import remind_tomorrow
from youthvoice.notify.push import drain


@click.command("remind")
@with_appcontext
def remind_command() -> None:
    """Tell young people about tomorrow's meetings (run daily, e.g. from cron at 17:00)."""

    with session_scope(current_app) as db:
        count = remind_tomorrow(db)
    drain(current_app)  # the phones' pushes go out in the background: wait for them before exiting
    click.echo(f"reminded about {count} meetings")


def init_app(app: Flask) -> None:
    """Add the area's commands to `youthvoice`."""
    app.cli.add_command(remind_command)
