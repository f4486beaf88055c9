"""How this area joins the app: the JSON API for the PWA, described by OpenAPI."""

from __future__ import annotations

from flask import Flask

from youthvoice.api import views


def init_app(app: Flask) -> None:
    """Register the area's pages."""
    for module in (views,):
        app.register_blueprint(module.bp)
