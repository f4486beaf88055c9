"""During the meeting: my points to tick off, quick notes, how each decision went, and two big buttons."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthvoice.core.db import get_session
from youthvoice.identity.models import Role
from youthvoice.meetings import decisions, meetings
from youthvoice.sharing import access
from youthvoice.web.view_helpers import ADDS_NOTE, idempotent, refused_input, role_required

bp = Blueprint("room", __name__, url_prefix="/meetings/<meeting_id>/during")


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _render(meeting: Any, *, note: str = "", error: str | None = None, status: int = 200) -> Any:
    db = get_session()
    return render_template("room/during.html", meeting=meeting, points=meetings.points_of(db, meeting),
                           notes=meetings.notes_of(db, meeting), items=decisions.meeting_decisions(db, meeting),
                           participants=meetings.participants(db, meeting), note=note, error=error,
                           sent=request.args.get("sent")), status


@bp.get("/")
@role_required(Role.YOUNG_PERSON)
def index(meeting_id: str) -> Any:
    """The calm one-screen view for the meeting itself."""
    own = access.own_meeting(get_session(), current_user, meeting_id)
    return _render(own.meeting)


@bp.post("/points/<point_id>")
@role_required(Role.YOUNG_PERSON)
def toggle_point(meeting_id: str, point_id: str) -> Any:
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    point = meetings.toggle_point(db, meeting=own.meeting, point_id=point_id)
    if _wants_json():
        return jsonify({"discussed": point.discussed_at is not None})
    return redirect(url_for("room.index", meeting_id=own.meeting.id) + f"#point-{point.id}")


def _after_note(meeting_id: str | uuid.UUID) -> Any:
    """Where a note's form goes: back to the notes, or on to "after the meeting" when that button was tapped."""
    if request.form.get("go") == "after":
        return redirect(url_for("follow_up.after", meeting_id=meeting_id))
    return redirect(url_for("room.index", meeting_id=meeting_id) + "#notes")


@bp.post("/notes")
@role_required(Role.YOUNG_PERSON)
@idempotent(lambda _record, meeting_id: _after_note(meeting_id), kind=ADDS_NOTE)
def add_note(meeting_id: str) -> Any:
    """Note what was agreed. "The meeting is over" posts this form too, so a note typed but not yet noted is
    kept on the way to "after the meeting" (an empty box there is simply nothing to note)."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    text = request.form.get("note", "")
    if request.form.get("go") == "after" and not text.strip():
        db.rollback()  # nothing kept: the form's key stays unused
        return _after_note(own.meeting.id)
    with refused_input() as refused:
        meetings.add_note(db, meeting=own.meeting, text=text)
        flash(_("Noted."), "success")
        return _after_note(own.meeting.id)
    return _render(own.meeting, note=text, error=refused.message, status=400)


@bp.post("/decisions/<link_id>")
@role_required(Role.YOUNG_PERSON)
def outcome(meeting_id: str, link_id: str) -> Any:
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    with refused_input() as refused:
        decisions.set_outcome(db, meeting=own.meeting, link_id=link_id, outcome=request.form.get("outcome", ""))
        return redirect(url_for("room.index", meeting_id=own.meeting.id) + f"#decision-{link_id}")
    return _render(own.meeting, error=refused.message, status=400)


@bp.post("/signal/<kind>")
@role_required(Role.YOUNG_PERSON)
def signal(meeting_id: str, kind: str) -> Any:
    """"I need a break" / "I don't understand": appears on the professionals' open meeting page at once."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    meetings.send_signal(db, meeting=own.meeting, kind=kind)
    if _wants_json():
        return jsonify({"sent": kind})
    return redirect(url_for("room.index", meeting_id=own.meeting.id, sent=kind) + "#signals")
