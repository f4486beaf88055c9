"""How this area joins the app: the professional's side: the dashboard, their young people, inviting one, new
meetings."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from youthvoice.casework import data, deadlines, journal, views
from youthvoice.core import personal_data
from youthvoice.web.i18n import add_labels


def init_app(app: Flask) -> None:
    """Register the area's pages, the words for deadlines, and its sections of "my data"."""
    for module in (views,):
        app.register_blueprint(module.bp)
    add_labels(app, "deadline", deadlines.DEADLINE_LABELS)
    add_labels(app, "notification", journal.NOTIFICATION_KINDS)
    personal_data.add_section(app, "case_dates", data.export_case_dates,
                              title=_l("The dates of your case your professionals keep"))
    personal_data.add_section(app, "journal_notes", data.export_journal_notes,
                              title=_l("Notes for your case file"))
