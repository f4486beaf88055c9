"""How this area joins the app: the foundation every area stands on: configuration, the database, errors, security
headers, assets."""

from __future__ import annotations

from flask import Flask

from youthvoice.core import cli, health


def init_app(app: Flask) -> None:
    """Register the health check and the core's commands."""
    app.register_blueprint(health.bp)
    cli.init_app(app)
