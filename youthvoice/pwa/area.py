"""How this area joins the app: the installable app: manifest, service worker, offline page."""

from __future__ import annotations

from flask import Flask

from youthvoice.pwa import views


def init_app(app: Flask) -> None:
    """Register the area's pages."""
    for module in (views,):
        app.register_blueprint(module.bp)
