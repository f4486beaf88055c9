"""How this area joins the app: my transition plan and the preparation of the meeting about it (issue 19)."""

from __future__ import annotations

from flask import Flask

from youthvoice.core import personal_data
from youthvoice.transition import plan, views
from youthvoice.web.i18n import add_labels


def init_app(app: Flask) -> None:
    """Register the area's pages, its words and its section of "my data"."""
    app.register_blueprint(views.bp)
    add_labels(app, "plan_area", plan.AREA_LABELS)
    add_labels(app, "milestone", plan.MILESTONE_LABELS)
    add_labels(app, "milestone_hint", plan.MILESTONE_HINTS)
    personal_data.add_section(app, "transition_plan", plan.export_plan, **plan.EXPORT_WORDS)
