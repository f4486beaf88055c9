"""The meetings' job and its command: remind of tomorrow's meetings."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from youthvoice.core.cli import run_job_command
from youthvoice.core.db import session_scope
from youthvoice.core.jobs import Outcome, add_job
from youthvoice.meetings.meetings import remind_tomorrow
from youthvoice.notify.push import drain


def remind(app: Flask) -> Outcome:
    """Tell young people about tomorrow's meetings (once per meeting, however often it runs)."""
    with session_scope(app) as db:
        count = remind_tomorrow(db)
    drain(app)  # the phones' pushes go out in the background: wait for them before the run ends
    return Outcome({"meetings": count}, [f"reminded about {count} meetings"])


@click.command("remind")
@with_appcontext
def remind_command() -> None:
    """Tell young people about tomorrow's meetings (the worker runs it daily at 17:00; or run it from cron)."""
    run_job_command("remind")


def init_app(app: Flask) -> None:
    """Add the area's job and its command to `youthvoice`."""
    add_job(app, "remind", remind, schedule="daily 17:00")
    app.cli.add_command(remind_command)
