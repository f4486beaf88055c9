"""The demo's command: seed the made-up personas."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from youthvoice.core.cli import upgrade_database
from youthvoice.demo.seed import seed_demo


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Create (or re-create) the demo municipality with its personas."""
    upgrade_database(current_app)
    summary = seed_demo(current_app)
    click.echo(summary)


def init_app(app: Flask) -> None:
    """Add the area's commands to `youthvoice`."""
    app.cli.add_command(seed_demo_command)
