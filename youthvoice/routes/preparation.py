"""The guided preparation of a meeting, one question per screen, saved as it is typed."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import access, decisions, meetings, preparation, rights
from ..db import get_session
from ..errors import InvalidInput
from ..i18n import age_on
from ..models import Role
from ._util import idempotent, json_body, role_required

bp = Blueprint("preparation", __name__, url_prefix="/meetings/<meeting_id>/prepare")


def _render(meeting: Any, step: preparation.Step, *, values: dict[str, str] | None = None,
            errors: dict[str, str] | None = None, status: int = 200) -> Any:
    db = get_session()
    previous, following = preparation.neighbours(step.key)
    answers = preparation.answers_of(db, meeting)
    saved = preparation.answer_texts(db, meeting, answers)
    texts = {**saved, **(values or {})}
    done, _total = preparation.progress(db, meeting, saved)
    offers = rights.for_context(str(get_locale()), "preparing", age=age_on(current_user.birth_date)
                                if current_user.birth_date else None) if step.key == "bisidder" else []
    return render_template(
        "preparation/step.html", meeting=meeting, step=step, texts=texts, errors=errors or {},
        previous=previous, following=following, number=preparation.STEP_KEYS.index(step.key) + 1,
        total=len(preparation.STEPS), done=done,
        points=meetings.points_of(db, meeting) if step.key == "points" else [],
        items=decisions.meeting_decisions(db, meeting) if step.key == "decisions" else [],
        earlier=decisions.open_decisions_not_in(db, current_user, meeting) if step.key == "decisions" else [],
        written_with={key for key, row in answers.items() if row.written_with_id},
        rights_offers=[page for page in offers if page.slug == "bisidder"] or offers[:1],
    ), status


@bp.get("/")
@role_required(Role.YOUNG_PERSON)
def start(meeting_id: str) -> Any:
    """Start (or continue) the preparation."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    return redirect(url_for("preparation.step", meeting_id=own.meeting.id,
                            key=preparation.step_to_continue(db, own.meeting)))


@bp.get("/<key>")
@role_required(Role.YOUNG_PERSON)
def step(meeting_id: str, key: str) -> Any:
    """One question of the preparation."""
    own = access.own_meeting(get_session(), current_user, meeting_id)
    return _render(own.meeting, preparation.step_by_key(key))


@bp.post("/<key>")
@role_required(Role.YOUNG_PERSON)
def save_step(meeting_id: str, key: str) -> Any:
    """Save this screen's answers, then go on (or back, or skip: nothing typed is lost either way)."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    current = preparation.step_by_key(key)
    values = {question.key: request.form.get(question.key, "") for question in current.questions}
    if key == "bisidder":
        values["bisidder_choice"] = request.form.get("bisidder_choice", "")
    try:
        if key == "mood":
            raw = request.form.get("mood", "")
            preparation.save_mood(db, meeting=own.meeting, mood=int(raw) if raw.isdigit() else None)
        else:
            preparation.save_answers(db, meeting=own.meeting, values=values)
    except InvalidInput as error:
        db.rollback()
        return _render(own.meeting, current, values=values, errors={error.field or "": error.message}, status=400)
    db.commit()
    previous, following = preparation.neighbours(key)
    go = request.form.get("go", "next")
    if go == "back" and previous:
        return redirect(url_for("preparation.step", meeting_id=own.meeting.id, key=previous))
    if go == "stay":
        return redirect(url_for("preparation.step", meeting_id=own.meeting.id, key=key))
    if following and go != "done":
        return redirect(url_for("preparation.step", meeting_id=own.meeting.id, key=following))
    flash(_("Your preparation is saved. You can change it until the meeting."), "success")
    return redirect(url_for("meetings.show", meeting_id=own.meeting.id))


@bp.post("/<key>/autosave")
@role_required(Role.YOUNG_PERSON)
def autosave(meeting_id: str, key: str) -> Any:
    """Save answers while they are typed (called by the page script, with the CSRF header)."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    current = preparation.step_by_key(key)
    allowed = {question.key for question in current.questions} | ({"bisidder_choice"} if key == "bisidder" else set())
    values = {name: str(value) for name, value in json_body().items() if name in allowed}
    try:
        changed = preparation.save_answers(db, meeting=own.meeting, values=values)
    except InvalidInput as error:
        db.rollback()
        return jsonify({"error": error.message, "field": error.field}), 400
    db.commit()
    return jsonify({"saved": changed})


# --- points and decisions: small lists, one form per item so they work without JavaScript -------------


@bp.post("/points/new")
@role_required(Role.YOUNG_PERSON)
@idempotent(lambda _record, meeting_id: redirect(
    url_for("preparation.step", meeting_id=meeting_id, key="points") + "#add-point"))
def add_point(meeting_id: str) -> Any:
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    text = request.form.get("text", "")
    try:
        meetings.add_point(db, meeting=own.meeting, text=text)
    except InvalidInput as error:
        db.rollback()
        return _render(own.meeting, preparation.step_by_key("points"), values={"new_point": text},
                       errors={"new_point": error.message}, status=400)
    db.commit()
    return redirect(url_for("preparation.step", meeting_id=own.meeting.id, key="points") + "#add-point")


@bp.post("/points/<point_id>")
@role_required(Role.YOUNG_PERSON)
def change_point(meeting_id: str, point_id: str) -> Any:
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    text = request.form.get("text", "")
    try:
        if request.form.get("action") == "remove":
            meetings.remove_point(db, meeting=own.meeting, point_id=point_id)
        else:
            meetings.edit_point(db, meeting=own.meeting, point_id=point_id, text=text)
    except InvalidInput as error:
        db.rollback()
        return _render(own.meeting, preparation.step_by_key("points"), values={f"point-{point_id}": text},
                       errors={f"point-{point_id}": error.message}, status=400)
    db.commit()
    return redirect(url_for("preparation.step", meeting_id=own.meeting.id, key="points"))


@bp.post("/decisions/new")
@role_required(Role.YOUNG_PERSON)
@idempotent(lambda _record, meeting_id: redirect(
    url_for("preparation.step", meeting_id=meeting_id, key="decisions") + "#add-decision"))
def add_decision(meeting_id: str) -> Any:
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    text = request.form.get("text", "")
    try:
        if request.form.get("bring"):
            decision = decisions.own_decision(db, current_user, request.form["bring"])
            decisions.bring_to_meeting(db, meeting=own.meeting, decision=decision)
        else:
            decisions.create_decision(db, owner=current_user, text=text, status=request.form.get("status", "wish"),
                                      meeting=own.meeting)
    except InvalidInput as error:
        db.rollback()
        return _render(own.meeting, preparation.step_by_key("decisions"),
                       values={"new_decision": text, "new_status": request.form.get("status", "wish")},
                       errors={"new_decision": error.message}, status=400)
    db.commit()
    return redirect(url_for("preparation.step", meeting_id=own.meeting.id, key="decisions") + "#add-decision")


@bp.post("/decisions/<decision_id>")
@role_required(Role.YOUNG_PERSON)
def change_decision(meeting_id: str, decision_id: str) -> Any:
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    decision = decisions.own_decision(db, current_user, decision_id)
    text = request.form.get("text", "")
    try:
        if request.form.get("action") == "leave":
            decisions.leave_out_of_meeting(db, meeting=own.meeting, decision=decision)
        else:
            decisions.update_decision(db, decision=decision, text=text, status=request.form.get("status"),
                                      meeting=own.meeting)
    except InvalidInput as error:
        db.rollback()
        return _render(own.meeting, preparation.step_by_key("decisions"), values={f"decision-{decision_id}": text},
                       errors={f"decision-{decision_id}": error.message}, status=400)
    db.commit()
    return redirect(url_for("preparation.step", meeting_id=own.meeting.id, key="decisions"))
