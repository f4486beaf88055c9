"""How this area joins the app: where each person starts, and the language switch."""

from __future__ import annotations

from flask import Flask

from youthvoice.home import views


def init_app(app: Flask) -> None:
    """Register the area's pages."""
    for module in (views,):
        app.register_blueprint(module.bp)
