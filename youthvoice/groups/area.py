"""How this area joins the app: peer groups (issue 20.3): their pages, their section of "my data" and what they
tell people about. Erasure needs no step of its own: a member's rows go with her account (the database cascades)."""

from __future__ import annotations

from flask import Flask

from youthvoice.core import personal_data
from youthvoice.groups import rules
from youthvoice.groups.views import groups
from youthvoice.web import read_along
from youthvoice.web.i18n import add_labels


def init_app(app: Flask) -> None:
    """Register the area's pages, its section of "my data" and its notifications."""
    app.register_blueprint(groups.bp)
    add_labels(app, "notification", rules.NOTIFICATION_KINDS)
    add_labels(app, "group_post_kind", rules.KIND_LABELS, filter_name="group_post_kind")
    add_labels(app, "group_removed_why", rules.REMOVED_WHY_LABELS, filter_name="group_removed_why")
    personal_data.add_section(app, "groups", rules.export_groups, **rules.EXPORT_WORDS)
    # her home page lists her groups: whether she has any comes with the session row (issue 25)
    read_along.add(app, read_along.ReadAlong(
        "group membership", lambda person_id: (rules.in_a_group(person_id),), rules.remember_groups))
