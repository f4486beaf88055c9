"""The guided preparation of a meeting, one question per screen, saved as it is typed."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from youthvoice.core.danish_calendar import age_on
from youthvoice.core.db import get_session
from youthvoice.identity.models import Role
from youthvoice.meetings import cards, decisions, meetings, preparation, recordings
from youthvoice.rights import rights
from youthvoice.sharing import access
from youthvoice.web.view_helpers import (
    ADDS_DECISION,
    ADDS_POINT,
    creates_once,
    first_time,
    json_body,
    refused_input,
    role_required,
)

bp = Blueprint("preparation", __name__, url_prefix="/meetings/<meeting_id>/prepare")


def _render(own: access.MeetingAccess, step: preparation.Step, *, values: dict[str, str] | None = None,
            errors: dict[str, str] | None = None, status: int = 200) -> Any:
    db = get_session()
    meeting = own.meeting
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
        voice_answers=recordings.shown_with(db, own, answers),
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
    return _render(own, preparation.step_by_key(key))


@bp.post("/<key>")
@role_required(Role.YOUNG_PERSON)
@creates_once
def save_step(meeting_id: str, key: str) -> Any:
    """Save this screen, then go on (or back, or stay). Whichever button was tapped, nothing typed on the screen
    is lost: the answers, changed points or wishes, and what is in the add box, which becomes an entry (once,
    under the form's request key, even if the button is tapped twice or the outbox sent it first)."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    current = preparation.step_by_key(key)
    form = request.form
    go = form.get("go", "next")
    values = {question.key: form.get(question.key, "") for question in current.questions}
    if key == "bisidder":
        values["bisidder_choice"] = form.get("bisidder_choice", "")
    with refused_input() as refused:
        if key == "mood":
            raw = form.get("mood", "")
            preparation.save_mood(db, meeting=own.meeting, mood=int(raw) if raw.isdigit() else None)
        elif key == "points":
            values = form.to_dict()
            preparation.save_points(db, meeting=own.meeting, edits=_boxes(form, "point-"),
                                    remove=form.get("remove_point"),
                                    new=_typed(form, "new_point", go, ADDS_POINT))
        elif key == "decisions":
            values = form.to_dict()
            texts, statuses = _boxes(form, "decision-"), _boxes(form, "status-")
            preparation.save_decisions(
                db, owner=current_user, meeting=own.meeting,
                edits={item: (texts.get(item), statuses.get(item)) for item in texts.keys() | statuses.keys()},
                leave=form.get("leave"), bring=form.get("bring"),
                new=_typed(form, "new_decision", go, ADDS_DECISION), new_status=form.get("new_status", "wish"))
        else:
            preparation.save_answers(db, meeting=own.meeting, values=values)
        return _go_on(own.meeting, key, go, acted=any(form.get(name) for name in ("remove_point", "leave", "bring")))
    return _render(own, current, values=values, errors={refused.field or "": refused.message}, status=400)


def _boxes(form: Any, prefix: str) -> dict[str, str]:
    """The screen's item boxes, by item id (`point-<id>` -> {id: text})."""
    return {name.removeprefix(prefix): value for name, value in form.items() if name.startswith(prefix)}


def _typed(form: Any, name: str, go: str, kind: str) -> str | None:
    """What to add from the add box: its text when something is typed (or "Add" was tapped, so an empty box gets
    its message), None when there is nothing, or when this request's key already added it."""
    text = form.get(name, "")
    if not text.strip() and go != "add":
        return None
    return text if first_time(kind) else None


def _go_on(meeting: Any, key: str, go: str, *, acted: bool) -> Any:
    previous, following = preparation.neighbours(key)
    here = url_for("preparation.step", meeting_id=meeting.id, key=key)
    if go == "add":
        return redirect(here + ("#add-point" if key == "points" else "#add-decision"))
    if go == "stay" or acted:
        return redirect(here)
    if go == "back" and previous:
        return redirect(url_for("preparation.step", meeting_id=meeting.id, key=previous))
    if following and go != "done":
        return redirect(url_for("preparation.step", meeting_id=meeting.id, key=following))
    flash(_("Your preparation is saved. You can change it until the meeting."), "success")
    return redirect(url_for("meetings.show", meeting_id=meeting.id))


@bp.post("/<key>/autosave")
@role_required(Role.YOUNG_PERSON)
def autosave(meeting_id: str, key: str) -> Any:
    """Save answers while they are typed (called by the page script, with the CSRF header)."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    current = preparation.step_by_key(key)
    allowed = {question.key for question in current.questions} | ({"bisidder_choice"} if key == "bisidder" else set())
    values = {name: str(value) for name, value in json_body().items() if name in allowed}
    with refused_input() as refused:
        changed = preparation.save_answers(db, meeting=own.meeting, values=values)
        return jsonify({"saved": changed})
    return jsonify({"error": refused.message, "field": refused.field}), 400


def _render_cards(meeting: Any, *, chosen: set[str] | None = None, typed: dict[str, cards.CardChoice] | None = None,
                  error: str | None = None, error_field: str | None = None, status: int = 200) -> Any:
    """The cards; shown again after a refusal with the cards ticked and every face and word as they were."""
    points = meetings.points_of(get_session(), meeting)
    return render_template("preparation/cards.html", meeting=meeting, topics=cards.CARD_TOPICS,
                           already=cards.topics_in(points), chosen=chosen or set(), typed=typed or {}, error=error,
                           error_field=error_field), status


@bp.get("/cards")
@role_required(Role.YOUNG_PERSON)
def picture_cards(meeting_id: str) -> Any:
    """Prepare with pictures: tap the cards to talk about, give each a face; no reading or writing needed."""
    own = access.own_meeting(get_session(), current_user, meeting_id)
    return _render_cards(own.meeting)


@bp.post("/cards")
@role_required(Role.YOUNG_PERSON)
def add_picture_cards(meeting_id: str) -> Any:
    """The tapped cards become points of the meeting (a card already there is not added twice: a double tap
    adds nothing more)."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    choices = cards.read_choices(request.form, request.form.getlist("topic"))
    with refused_input() as refused:
        added = cards.add_cards(db, meeting=own.meeting, choices=choices)
        if added:
            flash(_("Your cards are among your points now."), "success")
        return redirect(url_for("preparation.step", meeting_id=own.meeting.id, key="points"))
    typed = {choice.topic: choice for choice in cards.read_choices(request.form, list(cards.CARD_TOPICS))}
    return _render_cards(own.meeting, chosen={choice.topic for choice in choices}, typed=typed,
                         error=refused.message, error_field=refused.field, status=400)
