"""How this area joins the app: my network, my small steps and my housing wishes."""

from __future__ import annotations

from flask import Flask

from youthvoice.core import personal_data
from youthvoice.meetings import recordings
from youthvoice.meetings.models import VoiceAnswerTo
from youthvoice.network import housing, network, steps, supporters
from youthvoice.network.views import growth as growth_views
from youthvoice.network.views import housing as housing_views
from youthvoice.network.views import network as network_views
from youthvoice.network.views import steps as steps_views
from youthvoice.network.views import supporters as supporter_views
from youthvoice.web.i18n import add_labels


def init_app(app: Flask) -> None:
    """Register the area's pages, its sections of "my data" and what it tells people about."""
    for module in (network_views, steps_views, growth_views):
        app.register_blueprint(module.bp)
    add_labels(app, "notification", steps.NOTIFICATION_KINDS)
    add_labels(app, "notification_about", steps.NOTIFICATIONS_ABOUT)
    for name, table in (("relation", network.RELATION_LABELS), ("circle", network.CIRCLE_LABELS),
                        ("circle_hint", network.CIRCLE_HINTS), ("help", network.HELP_LABELS),
                        ("ask", network.ASK_LABELS), ("area", steps.AREA_LABELS)):
        add_labels(app, name, table)
    personal_data.add_section(app, "network", network.export_network, **network.EXPORT_WORDS)
    personal_data.add_section(app, "small_steps", steps.export_small_steps, **steps.EXPORT_WORDS)
    recordings.add_item_kind(app, VoiceAnswerTo.STEP, steps.own_step_id)  # her small steps and goals by voice
    recordings.add_item_kind(app, VoiceAnswerTo.GOAL, steps.own_goal_id)
    app.register_blueprint(housing_views.bp)  # my housing wishes (issue 19.2)
    add_labels(app, "housing_kind", housing.KIND_LABELS)
    add_labels(app, "housing_field", housing.FIELD_LABELS)
    personal_data.add_section(app, "housing", housing.export_housing, **housing.EXPORT_WORDS)
    # supporters from my network (issue 20, "Be my Back")
    app.register_blueprint(supporter_views.bp)
    app.register_blueprint(supporter_views.backing)
    add_labels(app, "notification", supporters.NOTIFICATION_KINDS)
    add_labels(app, "notification_about", supporters.NOTIFICATIONS_ABOUT)
    add_labels(app, "supporter_message", supporters.KIND_LABELS)
    personal_data.add_section(app, "supporters", supporters.export_supporters, **supporters.EXPORT_WORDS)
