"""After the meeting: my account of it, next steps, the decision receipt, and the conversation with professionals."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from youthvoice.core.db import get_session
from youthvoice.core.errors import InvalidInput
from youthvoice.identity.models import Role
from youthvoice.meetings import decisions, meetings, receipts, recordings, responses
from youthvoice.meetings.views.meetings import show
from youthvoice.rights import rights
from youthvoice.sharing import access
from youthvoice.web.view_helpers import (
    ADDS_NEXT_STEP,
    creates_once,
    first_time,
    idempotent,
    refused_input,
    role_required,
)

bp = Blueprint("follow_up", __name__, url_prefix="/meetings/<meeting_id>")

SCALE_FIELDS = ("heard", "said_what_mattered", "knows_what_happens", "who_decided")
TEXT_FIELDS = ("decided", "agree", "disagree", "follow_up")
STEP_FIELDS = ("step_what", "step_who", "step_due")


def _render_after(meeting: Any, *, values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                  status: int = 200) -> Any:
    db = get_session()
    saved = meetings.follow_up_of(db, meeting)
    current = {name: getattr(saved, name) if saved else None for name in (*SCALE_FIELDS, *TEXT_FIELDS)}
    current.update(values or {})
    return render_template("follow_up/after.html", meeting=meeting, values=current, errors=errors or {},
                           next_steps=meetings.next_steps_of(db, meeting),
                           voice_answers=recordings.shown_with(db, access.own_meeting(db, current_user, meeting.id))
                           ), status


def _scale(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


@bp.get("/after")
@role_required(Role.YOUNG_PERSON)
def after(meeting_id: str) -> Any:
    """Was I heard, who decided, what was decided, and what happens next."""
    own = access.own_meeting(get_session(), current_user, meeting_id)
    return _render_after(own.meeting)


@bp.post("/after")
@role_required(Role.YOUNG_PERSON)
@creates_once
def save_after(meeting_id: str) -> Any:
    """Save the whole page, whichever of its buttons was tapped: my account of the meeting, a next step typed
    in its boxes (added once under the form's request key, even if the button is tapped twice), and a step
    marked as done or not."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    form = request.form
    go = form.get("go", "save")
    values = {name: form.get(name, "") for name in (*SCALE_FIELDS, *TEXT_FIELDS, *STEP_FIELDS)}
    with refused_input() as refused:
        if meetings.follow_up_of(db, own.meeting) or any(values[name] for name in (*SCALE_FIELDS, *TEXT_FIELDS)):
            meetings.save_follow_up(db, meeting=own.meeting, heard=_scale(values["heard"]),
                                    who_decided=_scale(values["who_decided"]), decided=values["decided"],
                                    said_what_mattered=_scale(values["said_what_mattered"]),
                                    knows_what_happens=_scale(values["knows_what_happens"]),
                                    agree=values["agree"], disagree=values["disagree"], follow_up=values["follow_up"])
        if form.get("toggle"):
            meetings.toggle_step(db, owner=current_user, step_id=form["toggle"])
        if (values["step_what"].strip() or go == "step") and first_time(ADDS_NEXT_STEP):
            _add_next_step(own.meeting, values)
        if go == "step" or form.get("toggle"):
            return redirect(url_for("follow_up.after", meeting_id=own.meeting.id) + "#next-steps")
        flash(_("Saved."), "success")
        return redirect(url_for("follow_up.after", meeting_id=own.meeting.id))
    return _render_after(own.meeting, values=values, errors={refused.field or "": refused.message}, status=400)


def _add_next_step(meeting: Any, values: dict[str, str]) -> None:
    raw_due = values["step_due"]
    try:
        due = date.fromisoformat(raw_due) if raw_due else None
    except ValueError as error:
        raise InvalidInput(_("Please write the date as YYYY-MM-DD, for example 2008-03-24."),
                           field="step_due") from error
    try:
        meetings.add_next_step(get_session(), meeting=meeting, what=values["step_what"], who=values["step_who"],
                               due=due)
    except InvalidInput as error:
        raise InvalidInput(error.message, field="step_" + (error.field or "what")) from error


@bp.post("/steps/<step_id>/toggle")
@role_required(Role.YOUNG_PERSON)
def toggle_step(meeting_id: str, step_id: str) -> Any:
    """Mark a next step as done (or not) from the home page."""
    db = get_session()
    access.own_meeting(db, current_user, meeting_id)
    done = meetings.toggle_step(db, owner=current_user, step_id=step_id).done_at is not None
    if request.form.get("back") == "home":
        if done:  # the step leaves the home page: say where it went and how to undo it (never its words:
            # flashed text is kept in the session row, where a young person's words are not sealed)
            flash(_("Well done! The step is marked as done. You can undo it on the meeting's page."), "success")
        return redirect(url_for("main.home"))
    return redirect(url_for("follow_up.after", meeting_id=meeting_id) + "#next-steps")


def _complaint_page() -> Any:
    pages = rights.for_context(str(get_locale()), "receipt_not_followed")
    return pages[0] if pages else None


# --- the decision receipt ------------------------------------------------------------------------------


@bp.get("/receipt")
@role_required(Role.YOUNG_PERSON)
def receipt(meeting_id: str) -> Any:
    """What happened with each of my wishes and decisions, answered by my professional."""
    own = access.own_meeting(get_session(), current_user, meeting_id)
    return _render_receipt(own.meeting)


def _render_receipt(meeting: Any, *, errors: dict[str, str] | None = None, values: dict[str, str] | None = None,
                    status: int = 200) -> Any:
    db = get_session()
    voice_answers = recordings.shown_with(db, access.own_meeting(db, current_user, meeting.id))
    return render_template("follow_up/receipt.html", meeting=meeting, items=decisions.meeting_decisions(db, meeting),
                           receipt_threads=receipts.threads_of(db, meeting), errors=errors or {},
                           values=values or {}, complaint=_complaint_page(),
                           voice_answers=voice_answers), status


@bp.post("/receipt/<link_id>/accept")
@role_required(Role.YOUNG_PERSON)
def accept(meeting_id: str, link_id: str) -> Any:
    """I accept the latest answer."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    receipts.accept(db, access=own, link_id=link_id)
    return redirect(url_for("follow_up.receipt", meeting_id=own.meeting.id) + f"#item-{link_id}")


@bp.post("/receipt/<link_id>/contest")
@role_required(Role.YOUNG_PERSON)
@idempotent(lambda _record, meeting_id, link_id: redirect(
    url_for("follow_up.receipt", meeting_id=meeting_id) + f"#item-{link_id}"))
def contest(meeting_id: str, link_id: str) -> Any:
    """I disagree with an answer, in my own words (a new entry: what I wrote before stays)."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    text = request.form.get("contest", "")
    with refused_input() as refused:
        receipts.contest(db, access=own, link_id=link_id, text=text)
        flash(_("Your answer was sent to the professionals who can see this meeting."), "success")
        return redirect(url_for("follow_up.receipt", meeting_id=own.meeting.id) + f"#item-{link_id}")
    return _render_receipt(own.meeting, errors={link_id: refused.message}, values={link_id: text}, status=400)


@bp.post("/receipt/<link_id>/answer")
@role_required(Role.PROFESSIONAL)
@idempotent(lambda _record, meeting_id, link_id: redirect(
    url_for("meetings.show", meeting_id=meeting_id) + f"#receipt-{link_id}"))
def answer(meeting_id: str, link_id: str) -> Any:
    """The professional answers one item of the receipt."""
    db = get_session()
    seen = access.meeting_for(db, current_user, meeting_id, log_view=False)
    values = {"answer": request.form.get("answer", ""), "reason": request.form.get("reason", "")}
    with refused_input() as refused:
        receipts.answer(db, access=seen, link_id=link_id, answer_value=values["answer"], reason=values["reason"])
        flash(_("Your answer was sent."), "success")
        return redirect(url_for("meetings.show", meeting_id=seen.meeting.id) + f"#receipt-{link_id}")
    flash(_("Your answer was not sent. See what is missing below."), "error")
    return _professional_page(meeting_id, form_errors={link_id: (refused.message, values, refused.field)})


# --- responses -----------------------------------------------------------------------------------------


@bp.post("/responses")
@role_required(Role.PROFESSIONAL)
@idempotent(lambda _record, meeting_id: redirect(url_for("meetings.show", meeting_id=meeting_id) + "#responses"))
def respond(meeting_id: str) -> Any:
    """A comment, question, suggestion or "I will bring this up" on something shared."""
    db = get_session()
    seen = access.meeting_for(db, current_user, meeting_id, log_view=False)
    part, target = request.form.get("part", ""), request.form.get("target", "")
    values = {"kind": request.form.get("kind", ""), "text": request.form.get("text", "")}
    with refused_input() as refused:
        responses.respond(db, access=seen, part=part, target=target, kind=values["kind"], text=values["text"])
        flash(_("Your answer was sent."), "success")
        return redirect(url_for("meetings.show", meeting_id=seen.meeting.id) + "#responses")
    return _professional_page(meeting_id, form_errors={f"respond-{target}": (refused.message, values)})


@bp.post("/responses/<response_id>/reply")
@login_required
@idempotent(lambda _record, meeting_id, response_id: redirect(
    url_for("meetings.show", meeting_id=meeting_id) + f"#response-{response_id}"))
def reply(meeting_id: str, response_id: str) -> Any:
    """Answer in a thread (the young person, or the professional who started it)."""
    db = get_session()
    seen = access.meeting_for(db, current_user, meeting_id, log_view=False)
    text = request.form.get("text", "")
    with refused_input() as refused:
        responses.reply(db, access=seen, parent_id=response_id, text=text)
        return redirect(url_for("meetings.show", meeting_id=seen.meeting.id) + f"#response-{response_id}")
    return _professional_page(meeting_id, form_errors={f"reply-{response_id}": (refused.message, {"text": text})})


@bp.post("/responses/<response_id>/helpful")
@role_required(Role.YOUNG_PERSON)
def helpful(meeting_id: str, response_id: str) -> Any:
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    responses.mark_helpful(db, access=own, response_id=response_id)
    return redirect(url_for("meetings.show", meeting_id=own.meeting.id) + f"#response-{response_id}")


def _professional_page(meeting_id: str, *, form_errors: dict[str, Any]) -> Any:
    """Show the meeting page again (the professional's, or the young person's own) with the error in place,
    keeping what they typed."""

    g.form_errors = form_errors
    return show(meeting_id), 400
