"""How the demo joins the app: made-up personas to log in as, in demo mode only."""

from __future__ import annotations

from flask import Flask

from youthvoice.demo import commands, views


def init_app(app: Flask) -> None:
    """The demo's command, and its pages in demo mode only."""
    commands.init_app(app)
    if app.config["DEMO_MODE"]:
        app.register_blueprint(views.bp)
