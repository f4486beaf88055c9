"""The JSON API the PWA syncs with (/api/v1): the young person's meetings, meeting preparation (answers, points,
wishes and decisions), notes during a meeting, and small steps.

The same rules as the pages: access.py decides who sees what (a foreign object is a 404), a view by anyone but
the owner is logged, every change needs the session's CSRF token in `X-CSRFToken`, and creating takes an
`Idempotency-Key` so the offline queue can send an entry again without making a second one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from flask import Blueprint, g, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from youthvoice.api import spec as api_spec
from youthvoice.core.db import get_session
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.identity.models import Role
from youthvoice.meetings import decisions, meetings, preparation
from youthvoice.meetings.meetings import meetings_of
from youthvoice.meetings.models import Meeting
from youthvoice.network import steps
from youthvoice.network.models import Step
from youthvoice.sharing import access
from youthvoice.sharing.models import SharePart
from youthvoice.web.view_helpers import ADDS_DECISION, ADDS_NOTE, ADDS_POINT, created, idempotent

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _problem(message: str, status: int, field: str | None = None) -> Any:
    body: dict[str, Any] = {"error": message, "status": status}
    if field:
        body["field"] = field
    return jsonify(body), status


def api_login(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Logged in (401 otherwise, never a redirect to a log-in page) and, when given, one of these roles (404)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return _problem(_("Please log in to see that page."), 401)
            if roles and current_user.role not in roles:
                raise NotFound
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _body() -> dict[str, Any]:
    """The JSON object sent, or InvalidInput: anything else is a client error, not a 500."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InvalidInput(_("Send a JSON object."))
    return body


def _text(body: dict[str, Any], name: str, *, required: bool = False) -> str:
    value = body.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("This must be text."), field=name)
    if required and not value.strip():
        raise InvalidInput(_("Please fill this in."), field=name)
    return value


def _day(body: dict[str, Any], name: str) -> date | None:
    value = body.get(name)
    if value in (None, ""):
        return None
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError as error:
        raise InvalidInput(_("Please write the date as YYYY-MM-DD, for example 2008-03-24."), field=name) from error


@bp.errorhandler(InvalidInput)
def _invalid(error: InvalidInput) -> Any:
    get_session().rollback()
    return _problem(error.message, 400, error.field)


@bp.get("/openapi.json")
def openapi() -> Any:
    """The API's description (public: it holds no data)."""
    return jsonify(api_spec.document(request.host_url.rstrip("/")))


@bp.get("/me")
@api_login()
def me() -> Any:
    """Who is logged in, and the session's CSRF token (the outbox asks for it when its page's token is old)."""
    return jsonify({"id": str(current_user.id), "name": current_user.display_name, "role": str(current_user.role),
                    "language": current_user.locale, "csrf_token": generate_csrf()})


def _meeting_json(meeting: Meeting) -> dict[str, Any]:
    return {"id": str(meeting.id), "kind": meeting.kind, "starts_at": meeting.starts_at.isoformat(),
            "place": meeting.place or "",
            "preparation": url_for("api.meeting_preparation", meeting_id=meeting.id)}


@bp.get("/meetings")
@api_login(Role.YOUNG_PERSON)
def my_meetings() -> Any:
    """My meetings, upcoming (soonest first) and past (latest first)."""
    upcoming, past = meetings_of(get_session(), current_user)
    return jsonify({"upcoming": [_meeting_json(m) for m in upcoming], "past": [_meeting_json(m) for m in past]})


def _preparation_json(seen: access.MeetingAccess) -> dict[str, Any]:
    answers = preparation.answer_texts(get_session(), seen.meeting) if seen.sees(SharePart.PREPARATION) else {}
    return {
        "meeting": str(seen.meeting.id),
        "shared": seen.sees(SharePart.PREPARATION),
        "steps": [{"key": step.key, "title": str(step.title),
                   "questions": [{"key": q.key, "label": str(q.label), "limit": q.limit,
                                  "answer": answers.get(q.key, "")} for q in step.questions]}
                  for step in preparation.STEPS if step.questions],
    }


@bp.get("/meetings/<meeting_id>/preparation")
@api_login()
def meeting_preparation(meeting_id: str) -> Any:
    """The preparation's questions and answers, for the young person or someone they share it with."""
    db = get_session()
    seen = access.meeting_for(db, current_user, meeting_id)  # logged when it is not the owner
    return jsonify(_preparation_json(seen))


@bp.put("/meetings/<meeting_id>/preparation")
@api_login(Role.YOUNG_PERSON)
def save_preparation(meeting_id: str) -> Any:
    """Save some answers: `{"answers": {"hard": "…"}}`. Saving the same answers again changes nothing, so a
    retry is safe without a key."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    raw = _body().get("answers")
    if not isinstance(raw, dict):
        raise InvalidInput(_("Send the answers as an object of question keys and texts."), field="answers")
    unknown = sorted(set(raw) - set(preparation.TEXT_KEYS))
    if unknown:
        raise InvalidInput(_("There is no question called %(name)s.", name=unknown[0][:40]), field="answers")
    values = {key: _text(raw, key) for key in raw}
    changed = preparation.save_answers(db, meeting=own.meeting, values=values)
    return jsonify({"saved": changed} | _preparation_json(own))


def _require_key() -> None:
    if g.get("request_key") is None:
        raise InvalidInput(_("Send an Idempotency-Key header (16 to 64 letters, digits, - or _)."),
                           field="Idempotency-Key")


def _replay_added(record: Any, meeting_id: str) -> Any:
    return jsonify({"id": record.resource_id or "", "replayed": True}), 200


def _added(thing_id: object) -> Any:
    created(thing_id)
    return jsonify({"id": str(thing_id), "replayed": False}), 201


@bp.post("/meetings/<meeting_id>/points")
@api_login(Role.YOUNG_PERSON)
@idempotent(_replay_added, kind=ADDS_POINT)
def add_point(meeting_id: str) -> Any:
    """Add a point to talk about: `{"text": "…"}`, with an `Idempotency-Key` (the outbox sends the key of the
    page's form, so the form sent after it with the same key adds nothing more)."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)  # a foreign meeting is a 404 before anything else
    _require_key()
    point = meetings.add_point(db, meeting=own.meeting, text=_text(_body(), "text", required=True))
    db.flush()
    return _added(point.id)


@bp.post("/meetings/<meeting_id>/decisions")
@api_login(Role.YOUNG_PERSON)
@idempotent(_replay_added, kind=ADDS_DECISION)
def add_decision(meeting_id: str) -> Any:
    """Bring a new wish or decision to the meeting: `{"text": "…", "status": "wish"}` ("wish" or "decision"),
    with an `Idempotency-Key`."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)  # a foreign meeting is a 404 before anything else
    _require_key()
    body = _body()
    decision = decisions.create_decision(db, owner=current_user, text=_text(body, "text", required=True),
                                         status=_text(body, "status") or "wish", meeting=own.meeting)
    return _added(decision.id)


@bp.post("/meetings/<meeting_id>/notes")
@api_login(Role.YOUNG_PERSON)
@idempotent(_replay_added, kind=ADDS_NOTE)
def add_note(meeting_id: str) -> Any:
    """Note what was agreed during the meeting: `{"text": "…"}`, with an `Idempotency-Key`."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)  # a foreign meeting is a 404 before anything else
    _require_key()
    note = meetings.add_note(db, meeting=own.meeting, text=_text(_body(), "text", required=True))
    db.flush()
    return _added(note.id)


def _step_json(step: Step) -> dict[str, Any]:
    return {"id": str(step.id), "area": step.area, "text": step.text or "",
            "day": step.day.isoformat() if step.day else None, "done": step.day is not None}


@bp.get("/steps")
@api_login(Role.YOUNG_PERSON)
def my_steps() -> Any:
    """My small steps: next steps, then what I have done, newest first."""
    db = get_session()
    return jsonify({"steps": [_step_json(step) for step in steps.all_steps(db, current_user)]})


def _replay_step(record: Any) -> Any:
    db = get_session()
    step = steps.own_step(db, current_user, record.resource_id)  # log_step names the step before it commits
    return jsonify({"step": _step_json(step), "replayed": True}), 200


@bp.post("/steps")
@api_login(Role.YOUNG_PERSON)
@idempotent(_replay_step)
def log_step() -> Any:
    """Log a small step: `{"area": "housing", "text": "…", "day": "2026-11-24"}`, or without a day (and
    `"done": false`) a next step. Send an `Idempotency-Key`; a retry with it answers with the same step."""
    _require_key()
    db = get_session()
    body = _body()
    area, text = _text(body, "area", required=True), _text(body, "text", required=True)
    done = body.get("done", True)
    if not isinstance(done, bool):
        raise InvalidInput(_("Choose yes or no."), field="done")
    step = steps.log_step(db, owner=current_user, area=area, text=text,
                          day=_day(body, "day") or (steps.today() if done else None), done=done)
    created(step.id)
    return jsonify({"step": _step_json(step), "replayed": False}), 201
