"""The notification list: what happened, with a link to it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from youthvoice.core.db import get_session
from youthvoice.notify import notifications
from youthvoice.web.i18n import labels_of
from youthvoice.web.view_helpers import safe_next

bp = Blueprint("notifications", __name__, url_prefix="/notifications", template_folder="templates")


@bp.get("/")
@login_required
def index() -> Any:
    """Everything new for this person, newest first; what a young person did names her."""
    db = get_session()
    items = notifications.recent(db, current_user)
    about = labels_of(current_app, "notification_about")
    names = notifications.names_about(current_app, db, [item for item in items if item.kind in about])
    return render_template("notifications/index.html", items=items, names=names)


@bp.post("/<notification_id>/open")
@login_required
def open_one(notification_id: str) -> Any:
    """Mark one notification read and go where it points."""
    db = get_session()
    row = notifications.own(db, current_user, notification_id)
    notifications.mark_read(db, current_user, row.id)
    return redirect(safe_next(row.link, url_for("main.home")))


@bp.post("/read")
@login_required
def read_all() -> Any:
    """Mark everything read."""
    db = get_session()
    notifications.mark_read(db, current_user)
    return redirect(url_for("notifications.index"))
