"""How this area joins the app: the municipality's admin: accounts, invites, erasure requests and the anonymous
overviews."""

from __future__ import annotations

from flask import Flask

from youthvoice.admin import evidence_views, handover_views, views


def init_app(app: Flask) -> None:
    """Register the area's pages."""
    for module in (views, evidence_views, handover_views):
        app.register_blueprint(module.bp)
