"""How this area joins the app: the youth council: proposals, support, comments, votes, follow-through and the
public page."""

from __future__ import annotations

from flask import Flask

from youthvoice.core import personal_data
from youthvoice.council import data, rules
from youthvoice.council.views import causes, council, members, public, rounds
from youthvoice.web.i18n import add_labels


def init_app(app: Flask) -> None:
    """Register the area's pages, its section of "my data", what erasure means in it, and its notifications."""
    for module in (council, causes, rounds, members, public):
        app.register_blueprint(module.bp)
    add_labels(app, "notification", rules.NOTIFICATION_KINDS)
    personal_data.add_section(app, "council", data.export_council, **data.EXPORT_WORDS)
    personal_data.add_eraser(app, "council", data.erase_member)
