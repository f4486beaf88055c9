"""How this area joins the app: the youth council: proposals, support, comments, votes, follow-through and the
public page."""

from __future__ import annotations

from flask import Flask
from flask_login import current_user

from youthvoice.core import personal_data
from youthvoice.core.db import get_session
from youthvoice.council import causes as causes_rules
from youthvoice.council import data, follow, hometies, panel, rules, submissions
from youthvoice.council.views import (
    accountability,
    answers,
    causes,
    council,
    members,
    moderation,
    pictures,
    public,
    rounds,
)
from youthvoice.council.views import (
    hometies as hometies_views,
)
from youthvoice.council.views import (
    panel as panel_views,
)
from youthvoice.notify import mail, notifications
from youthvoice.web import read_along
from youthvoice.web.i18n import add_labels


def init_app(app: Flask) -> None:
    """Register the area's pages, its section of "my data", what erasure means in it, and its notifications."""
    for module in (council, causes, moderation, accountability, answers, rounds, members, public, pictures):
        app.register_blueprint(module.bp)
    add_labels(app, "notification", rules.NOTIFICATION_KINDS)
    add_labels(app, "notification_about", rules.NOTIFICATIONS_ABOUT)
    notifications.find_names_with(app, rules.cause_titles)
    mail.council_news(app, rules.NOTIFICATION_KINDS, rules.public_titles)  # a member's email: only these, by title
    add_labels(app, "cause_status", causes_rules.STATUS_LABELS, filter_name="cause_status")
    add_labels(app, "cause_category", causes_rules.CATEGORY_LABELS, filter_name="cause_category")
    add_labels(app, "update_kind", follow.UPDATE_KIND_LABELS, filter_name="update_kind")
    personal_data.add_section(app, "council", data.export_council, **data.EXPORT_WORDS)
    # ties to my home municipality (issue 19.3)
    app.register_blueprint(hometies_views.bp)
    add_labels(app, "home_news_kind", hometies.KIND_LABELS, filter_name="home_news_kind")
    personal_data.add_section(app, "home_ties", hometies.export_home_ties, **hometies.EXPORT_WORDS)
    personal_data.add_eraser(app, "council", data.erase_member)
    app.register_blueprint(panel_views.bp)  # the youth panel (issue 21.5)
    add_labels(app, "notification", panel.NOTIFICATION_KINDS)
    personal_data.add_section(app, "youth_panel", panel.export_panel, **panel.EXPORT_WORDS)
    # "this is not only about me" (issue 21.6): the points step offers it only where there is a panel
    app.add_template_global(lambda: submissions.can_send(get_session(), current_user), "panel_takes_points")
    # the young person's home shows a link to the panel for its members: read with the session row (issue 25)
    read_along.add(app, read_along.ReadAlong(
        "youth panel membership", lambda person_id: (panel.member_of_panel(person_id),), panel.remember_panel))
