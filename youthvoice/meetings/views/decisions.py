"""My decisions: first-class, in my own words, with their history across meetings."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthvoice.core.db import get_session
from youthvoice.identity.models import Role
from youthvoice.meetings import decisions
from youthvoice.meetings.models import Meeting, MeetingDecision
from youthvoice.sharing import access
from youthvoice.web.view_helpers import refused_input, role_required

bp = Blueprint("decisions", __name__, url_prefix="/decisions")


@bp.get("/")
@role_required(Role.YOUNG_PERSON)
def index() -> Any:
    """All my wishes and decisions, newest change first."""
    return render_template("decisions/list.html", items=decisions.decisions_of(get_session(), current_user))


def _detail(decision: Any, owner: Any, *, error: str | None = None, typed: str | None = None, status: int = 200) -> Any:
    db = get_session()
    from sqlmodel import col, select

    meetings = db.exec(
        select(Meeting, MeetingDecision).join(MeetingDecision, col(MeetingDecision.meeting_id) == Meeting.id)
        .where(MeetingDecision.decision_id == decision.id).order_by(col(Meeting.starts_at))
    ).all()
    return render_template("decisions/detail.html", decision=decision, owner=owner,
                           revisions=decisions.history(db, decision), meetings=meetings, error=error, typed=typed,
                           is_owner=owner.id == current_user.id), status


@bp.get("/<decision_id>")
def show(decision_id: str) -> Any:
    """How a decision developed; for the young person, and for professionals it was shared with."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    db = get_session()
    decision, owner = access.decision_for(db, current_user, decision_id)
    return _detail(decision, owner)


@bp.post("/<decision_id>")
@role_required(Role.YOUNG_PERSON)
def update(decision_id: str) -> Any:
    """Change my words or the status (only I can)."""
    db = get_session()
    decision = decisions.own_decision(db, current_user, decision_id)
    text = request.form.get("text")
    with refused_input() as refused:
        decisions.update_decision(db, decision=decision, text=text, status=request.form.get("status"))
        flash(_("Saved."), "success")
        return redirect(url_for("decisions.show", decision_id=decision.id))
    return _detail(decision, current_user, error=refused.message, typed=text, status=400)
