"""How this area joins the app: the professional's side: the dashboard, their young people, inviting one, new
meetings."""

from __future__ import annotations

from flask import Flask

from youthvoice.casework import views


def init_app(app: Flask) -> None:
    """Register the area's pages."""
    for module in (views,):
        app.register_blueprint(module.bp)
