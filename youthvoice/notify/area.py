"""How this area joins the app: telling people something is new, in the app's list, by Web Push and by email."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from youthvoice.core import personal_data
from youthvoice.core.db import get_session
from youthvoice.notify import commands, mail, mail_settings, notifications, push, push_views, views
from youthvoice.web import read_along
from youthvoice.web.i18n import add_labels, labels_of


def init_app(app: Flask) -> None:
    """Register the area's pages, its commands, its part of "my data", and the unread count every page shows."""
    push.init_app(app)
    mail.init_app(app)
    for module in (views, push_views):
        app.register_blueprint(module.bp)
    commands.init_app(app)
    add_labels(app, "notification", {}, default=_l("Something new"))  # each area adds the kinds it sends
    personal_data.add_section(app, "push_devices", push.export_devices,
                              title=_l("Phones that tell you when something is new"))
    personal_data.add_section(app, "email", mail_settings.export_email, title=_l("Email when something is new"),
                              fields={"address": _l("Email address"), "turned_on": _l("Turned on"),
                                      "last_sent": _l("Last email")})
    personal_data.add_section(app, "notifications", notifications.export_notifications,
                              title=_l("What you were told about"), fields={"read": _l("Read")},
                              codes={("notifications", "what"): labels_of(app, "notification")})
    # the navigation shows the count on every page: read with the session row, not by a statement of its own
    read_along.add(app, read_along.ReadAlong(
        "unread notifications", lambda person_id: (notifications.unread_count_of(person_id),),
        lambda db, person_id, values: notifications.remember_unread(db, person_id, values[0])))

    @app.context_processor
    def _unread() -> dict[str, object]:
        def unread_notifications() -> int:
            if not current_user or not current_user.is_authenticated:
                return 0
            return notifications.unread_count(get_session(), current_user)

        return {"unread_notifications": unread_notifications}
