"""The `youthvoice` command: every area's commands, and `serve`, which migrates and starts gunicorn."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup

from youthvoice import create_app
from youthvoice.core.cli import upgrade_database
from youthvoice.demo.seed import seed_demo


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

    app = create_app()
    with app.app_context():
        upgrade_database(app)
        if demo:

            click.echo(seed_demo(app, only_if_empty=True))
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:  # /metrics counts across gunicorn's processes (core/metrics.py)
        counts = Path(app.instance_path) / "metrics"
        shutil.rmtree(counts, ignore_errors=True)
        counts.mkdir(parents=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(counts)
    click.echo(f"youthvoice is running at http://{host}:{port}/" + ("demo" if demo else ""))
    sys.stdout.flush()
    access_log = [] if app.config["LOG_FORMAT"] == "json" else ["--access-logfile", "-"]  # JSON: the app's own line
    args = [sys.executable, "-m", "gunicorn", "-k", "gthread", "--threads", str(app.config["WEB_THREADS"]),
            "-w", "2", "-b", f"{host}:{port}", *access_log, "youthvoice.wsgi:app"]
    os.execv(sys.executable, args)  # noqa: S606 - replaces this process with gunicorn


def _create_app() -> Flask:

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app)
def main() -> None:
    """youthvoice operations (run `youthvoice --help`)."""


main.add_command(serve_command)
