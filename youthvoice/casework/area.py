"""How this area joins the app: the professional's side: the dashboard, their young people, inviting one, new
meetings."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from youthvoice.casework import colleague_views, data, deadlines, handover, journal, views
from youthvoice.core import personal_data
from youthvoice.sharing.labels import SCOPE_LABELS
from youthvoice.web.i18n import add_labels


def init_app(app: Flask) -> None:
    """Register the area's pages, the words for deadlines, and its sections of "my data"."""
    for module in (views, colleague_views):
        app.register_blueprint(module.bp)
    add_labels(app, "deadline", deadlines.DEADLINE_LABELS)
    add_labels(app, "notification", journal.NOTIFICATION_KINDS)
    add_labels(app, "notification", handover.NOTIFICATION_KINDS)
    add_labels(app, "scope", SCOPE_LABELS)
    add_labels(app, "seen", {"handover": _l("the note your former caseworker wrote about you")})
    personal_data.add_section(app, "case_dates", data.export_case_dates,
                              title=_l("The dates of your case your professionals keep"))
    personal_data.add_section(app, "handovers", handover.export_handovers,
                              title=_l("When your caseworker changed"),
                              fields={"from": _l("From"), "to": _l("To"), "when": _l("When"), "note": _l("Note"),
                                      "instead_of": _l("Instead of"), "done": _l("Done"),
                                      "handovers": _l("Handovers"),
                                      "asked_for_another_contact": _l("You asked for another contact")})
    personal_data.add_section(app, "journal_notes", data.export_journal_notes,
                              title=_l("Notes for your case file"))
