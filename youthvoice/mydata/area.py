"""How this area joins the app: the young person's data rights: my data, erasure, and who has seen what."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from youthvoice.core import personal_data
from youthvoice.mydata import commands, data_rights, labels, transparency, views
from youthvoice.privacy.audit import Action
from youthvoice.web.i18n import LANGUAGE_NAMES, add_labels, labels_of


def init_app(app: Flask) -> None:
    """Register the area's pages and commands, its sections of "my data", and the words for what was seen."""
    for module in (views, transparency):
        app.register_blueprint(module.bp)
    commands.init_app(app)
    add_labels(app, "seen", labels.SEEN_KIND_LABELS, default=_l("something of yours"))
    add_labels(app, "event", {
        Action.ERASURE_REQUESTED: _l("You asked for your account to be deleted"),
        Action.ERASURE_CANCELLED: _l("Deleting your account was cancelled"),
        Action.ERASED: _l("An account was deleted"),
        Action.EXPORTED: _l("You downloaded or printed your data"),
    })
    add = personal_data.add_section
    add(app, "account", data_rights.export_account, fields=data_rights.ACCOUNT_FIELDS,
        codes={("invites", "kind"): data_rights.INVITE_KIND_LABELS, ("account", "language"): LANGUAGE_NAMES})
    add(app, "my_people", data_rights.export_people, title=_l("Your people"),
        fields={"role": _l("Role"), "title": _l("Title")}, codes={("my_people", "role"): labels_of(app, "role")})
    add(app, "who_has_seen_what", data_rights.export_views,
        codes={("who_has_seen_what", "what"): labels_of(app, "seen")})
    add(app, "account_events", data_rights.export_account_events,
        codes={("account_events", "what"): labels_of(app, "event")})
