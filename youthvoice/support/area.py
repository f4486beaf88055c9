"""How this area joins the app: support around the young person: their bisidder, help now, urgent messages and
rights pages, and the pages the law asks for (accessibility statement, privacy notices)."""

from __future__ import annotations

from flask import Flask

from youthvoice.core import personal_data
from youthvoice.support import data, legal_views, support, views
from youthvoice.web.i18n import add_labels


def init_app(app: Flask) -> None:
    """Register the area's pages, its sections of "my data" and what it tells people about."""
    app.register_blueprint(views.bp)
    app.register_blueprint(legal_views.bp)
    add_labels(app, "notification", support.NOTIFICATION_KINDS)
    add_labels(app, "notification_about", support.NOTIFICATIONS_ABOUT)
    personal_data.add_section(app, "urgent_messages", data.export_urgent)
