"""A young person's meetings: the list, adding one, the meeting page, sharing and the one-page summary."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError

from youthvoice.core.db import get_session
from youthvoice.core.errors import NotFound
from youthvoice.core.forms import LocalDateField, clean_text, max_length, optional, required
from youthvoice.core.model import utcnow
from youthvoice.identity.models import Role
from youthvoice.meetings import (
    bisidder_notes,
    case_file,
    decisions,
    labels,
    meetings,
    preparation,
    receipts,
    recordings,
    responses,
    voice,
)
from youthvoice.meetings.labels import MEETING_KIND_LABELS
from youthvoice.sharing import access, sharing
from youthvoice.sharing.models import SharePart, ShareScope
from youthvoice.web.charts import Share, share_bar_svg
from youthvoice.web.view_helpers import created, form_status, idempotent, refused_input, role_required

bp = Blueprint("meetings", __name__, url_prefix="/meetings", template_folder="../templates")


def _check_time(_form: Any, field: Any) -> None:
    try:
        datetime.strptime((field.data or "").strip(), "%H:%M")
    except ValueError as error:
        raise ValidationError(_l("Please write the time as HH:MM, for example 14:30.")) from error


class MeetingForm(FlaskForm):
    kind = SelectField(_l("What kind of meeting?"), validators=[required()],
                       choices=[SelectChoice(value, label) for value, label in MEETING_KIND_LABELS.items()])
    day = LocalDateField(_l("Date"), validators=[required()])
    clock = StringField(_l("Time"), validators=[required(), _check_time])
    place = StringField(_l("Place"), validators=[optional(), max_length(200)])
    others = TextAreaField(_l("Others who take part (not in youthvoice)"), validators=[optional(), max_length(500)])

    def starts_at(self) -> datetime:
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        clock = time.fromisoformat(self.clock.data.strip())
        return datetime.combine(self.day.data, clock, tzinfo=zone)


def _form_input(form: MeetingForm) -> meetings.MeetingInput:
    chosen = []
    for raw in request.form.getlist("participants"):
        try:
            chosen.append(uuid.UUID(raw))
        except ValueError:
            continue
    return meetings.MeetingInput(kind=form.kind.data, starts_at=form.starts_at(), place=clean_text(form.place.data),
                                 others=clean_text(form.others.data), participant_ids=chosen)


def _not_in_the_past(form: MeetingForm) -> bool:
    if form.starts_at() < utcnow() - timedelta(hours=1):
        form.day.errors = [*form.day.errors, _("That time has already passed. Choose a time that is still to come.")]
        return False
    return True


@bp.get("/")
@role_required(Role.YOUNG_PERSON)
def index() -> Any:
    """My meetings: upcoming first, then past ones."""
    db = get_session()
    upcoming, past = meetings.meetings_of(db, current_user)
    return render_template("meetings/list.html", upcoming=upcoming, past=past)


@bp.get("/my-voice")
@role_required(Role.YOUNG_PERSON)
def my_voice() -> Any:
    """My voice over time: how often I felt listened to, and what became of my wishes. Only mine."""
    over_time = voice.voice_over_time(get_session(), current_user)
    bar = share_bar_svg([Share(key, count) for key, count in over_time.wishes.items()], svg_id="wishes-bar",
                        title=_("What became of my wishes"),
                        description=", ".join(f"{labels.RECEIPT_LABELS[key]}: {count}"
                                              for key, count in over_time.wishes.items()))
    return render_template("meetings/my_voice.html", over_time=over_time, bar=bar, listened_at=voice.LISTENED)


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.YOUNG_PERSON)
@idempotent(lambda record: redirect(url_for("meetings.show", meeting_id=record.resource_id)))
def new() -> Any:
    """Add a meeting to my list."""
    db = get_session()
    form = MeetingForm()
    professionals = access.professionals_of(db, current_user)
    chosen = request.form.getlist("participants")
    if form.validate_on_submit() and _not_in_the_past(form):
        with refused_input(form, field="kind"):
            meeting = meetings.create_meeting(db, owner=current_user, created_by=current_user, data=_form_input(form),
                                              allowed_participants=professionals)
            created(meeting.id)
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, professionals=professionals, chosen=chosen,
                           editing=False), form_status(form)


@bp.route("/<meeting_id>/edit", methods=["GET", "POST"])
@role_required(Role.YOUNG_PERSON)
def edit(meeting_id: str) -> Any:
    """Change a meeting's kind, time, place and people."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    meeting = own.meeting
    professionals = access.professionals_of(db, current_user)
    current = [str(p.id) for p in meetings.participants(db, meeting)]
    if request.method == "GET":
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        local = meeting.starts_at.astimezone(zone)
        form = MeetingForm(kind=meeting.kind, day=local.date(), clock=local.strftime("%H:%M"),
                           place=meeting.place or "", others=meeting.others or "")
        return render_template("meetings/form.html", form=form, professionals=professionals, chosen=current,
                               editing=True, meeting=meeting)
    form = MeetingForm()
    if form.validate_on_submit():
        with refused_input(form, field="kind"):
            meetings.update_meeting(db, meeting=meeting, data=_form_input(form), allowed_participants=professionals)
            flash(_("Saved."), "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("meetings/form.html", form=form, professionals=professionals,
                           chosen=request.form.getlist("participants"), editing=True, meeting=meeting), 400


@bp.get("/<meeting_id>")
def show(meeting_id: str) -> Any:
    """The meeting page: the young person's hub, or what a professional has been shown."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    db = get_session()
    seen = access.meeting_for(db, current_user, meeting_id)
    meeting = seen.meeting
    context: dict[str, Any] = {
        "access": seen,
        "meeting": meeting,
        "participants": meetings.participants(db, meeting),
        "threads": responses.threads(db, seen),
        "items": decisions.meeting_decisions(db, meeting) if seen.sees(SharePart.DECISIONS) else [],
        "receipt_threads": receipts.threads_of(db, meeting) if seen.sees(SharePart.DECISIONS) else {},
        "is_past": meetings.is_past(meeting),
        "voice_answers": recordings.shown_with(db, seen),
    }
    if seen.is_owner:
        return render_template("meetings/hub.html", **context, form_errors=g.get("form_errors", {}),
                               progress=preparation.progress(db, meeting),
                               shares=access.meeting_shares(db, meeting), notes=bisidder_notes.notes_for(db, seen),
                               receipt_ready=any(link.receipt_answer for link, _ in context["items"]),
                               case_file=case_file.notes_about(db, current_user.id, meeting.id))
    if current_user.is_bisidder:
        return render_template("meetings/bisidder.html", **summary_context(db, seen), access=seen, meeting=meeting,
                               own_notes=bisidder_notes.notes_for(db, seen), note_error=g.get("note_error"),
                               note_text=g.get("note_text", ""))
    previous = meetings.record_visit(db, current_user, meeting)
    by_target = responses.by_target(context["threads"])
    db.commit()  # kept although a refused form may show this page again (follow_up.py): it was seen all the same
    return render_template(
        "meetings/professional.html", **context, previous_visit=previous, form_errors=g.get("form_errors", {}),
        written_with={key for key, row in preparation.answers_of(db, meeting).items() if row.written_with_id}
        if seen.sees(SharePart.PREPARATION) else set(),
        answers=preparation.answer_texts(db, meeting) if seen.sees(SharePart.PREPARATION) else {},
        steps=preparation.STEPS,
        points=meetings.points_of(db, meeting) if seen.sees(SharePart.PREPARATION) else [],
        notes=meetings.notes_of(db, meeting) if seen.sees(SharePart.AFTER) else [],
        follow_up=meetings.follow_up_of(db, meeting) if seen.sees(SharePart.AFTER) else None,
        next_steps=meetings.next_steps_of(db, meeting) if seen.sees(SharePart.AFTER) else [],
        due=receipts.due_date(meeting, current_app.config["RECEIPT_DUE_WORKING_DAYS"]),
        threads_by_target=by_target, shown_targets=_shown_targets(db, seen), agenda=responses.agenda_of(db, seen),
        made_by_me=meetings.made_by(meeting, current_user),
    )


def _shown_targets(db: Any, seen: access.MeetingAccess) -> set[str]:
    """The items of `meetings/_content.html` on the professional's page that an answer can be shown under."""
    meeting, shown = seen.meeting, set()
    if seen.sees(SharePart.PREPARATION):
        shown |= {f"question:{key}" for key, text in preparation.answer_texts(db, meeting).items() if text}
        if meetings.points_of(db, meeting):
            shown.add("points")
    if seen.sees(SharePart.DECISIONS):
        shown |= {f"decision:{decision.id}" for _link, decision in decisions.meeting_decisions(db, meeting)}
    if seen.sees(SharePart.AFTER) and meetings.follow_up_of(db, meeting):
        shown.add("follow_up")
    return shown


@bp.route("/<meeting_id>/share", methods=["GET", "POST"])
@role_required(Role.YOUNG_PERSON)
def share(meeting_id: str) -> Any:
    """Choose who sees what of this meeting, with a preview of exactly what each person will see."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    # A bisidder who has not accepted the invite yet cannot be shared with (nor see anything) until then.
    people = [person for person in access.professionals_of(db, current_user) + access.bisidders_of(db, current_user)
              if access.may_receive_shares(db, current_user, person)]
    if request.method == "POST":
        for person in people:
            parts = request.form.getlist(f"parts-{person.id}")
            sharing.set_meeting_share(db, owner=current_user, meeting=own.meeting, grantee=person, parts=parts)
        flash(_("Saved. Changes count from right now."), "success")
        return redirect(url_for("meetings.share", meeting_id=own.meeting.id))
    current = {share.grantee_id: access.parts_of(share) for share in access.meeting_shares(db, own.meeting)}
    preview_of = request.args.get("preview")
    return render_template("meetings/share.html", meeting=own.meeting, people=people, current=current,
                           parts=access.ALL_PARTS, preview_of=preview_of,
                           case_file=case_file.notes_about(db, current_user.id, own.meeting.id))


@bp.post("/<meeting_id>/share/stop")
@role_required(Role.YOUNG_PERSON)
def stop_sharing(meeting_id: str) -> Any:
    """Withdraw every share of this meeting at once."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    sharing.withdraw_all(db, owner=current_user, meeting=own.meeting)
    flash(_("Nobody can see this meeting's content any more."), "success")
    return redirect(url_for("meetings.share", meeting_id=own.meeting.id))


@bp.get("/<meeting_id>/preview/<person_id>")
@role_required(Role.YOUNG_PERSON)
def preview(meeting_id: str, person_id: str) -> Any:
    """Exactly what one professional sees of this meeting, shown to the young person (nothing is logged)."""
    db = get_session()
    own = access.own_meeting(db, current_user, meeting_id)
    candidates = access.professionals_of(db, current_user) + access.bisidders_of(db, current_user)
    person = next((p for p in candidates if str(p.id) == person_id), None)
    if person is None:
        raise NotFound
    share_row = access.active_share(db, owner_id=current_user.id, grantee_id=person.id, scope=ShareScope.MEETING,
                                     meeting_id=own.meeting.id)
    parts = access.parts_of(share_row)
    as_them = access.MeetingAccess(own.meeting, current_user, person, parts,
                                   is_participant=person in meetings.participants(db, own.meeting))
    return render_template("meetings/summary.html", meeting=own.meeting, access=as_them, preview_for=person,
                           **summary_context(db, as_them))


def summary_context(db: Any, seen: access.MeetingAccess) -> dict[str, Any]:
    meeting = seen.meeting
    written_with = {key for key, row in preparation.answers_of(db, meeting).items() if row.written_with_id} \
        if seen.sees(SharePart.PREPARATION) else set()
    return {
        "written_with": written_with,
        "participants": meetings.participants(db, meeting),
        "answers": preparation.answer_texts(db, meeting) if seen.sees(SharePart.PREPARATION) else {},
        "steps": preparation.STEPS,
        "points": meetings.points_of(db, meeting) if seen.sees(SharePart.PREPARATION) else [],
        "items": decisions.meeting_decisions(db, meeting) if seen.sees(SharePart.DECISIONS) else [],
        "receipt_threads": receipts.threads_of(db, meeting) if seen.sees(SharePart.DECISIONS) else {},
        "notes": meetings.notes_of(db, meeting) if seen.sees(SharePart.AFTER) else [],
        "follow_up": meetings.follow_up_of(db, meeting) if seen.sees(SharePart.AFTER) else None,
        "next_steps": meetings.next_steps_of(db, meeting) if seen.sees(SharePart.AFTER) else [],
        "voice_answers": recordings.shown_with(db, seen),
    }


@bp.get("/<meeting_id>/summary")
def summary(meeting_id: str) -> Any:
    """"My voice" for a meeting on one page: to read at the table, or to print."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
    db = get_session()
    seen = access.meeting_for(db, current_user, meeting_id)
    return render_template("meetings/summary.html", meeting=seen.meeting, access=seen, preview_for=None,
                           **summary_context(db, seen))


@bp.get("/<meeting_id>/signals")
def signals(meeting_id: str) -> Any:
    """For the professional's open meeting page: signals sent since a moment (JSON, polled)."""
    if not current_user.is_authenticated:
        return jsonify({"error": "login"}), 401
    db = get_session()
    seen = access.meeting_for(db, current_user, meeting_id, log_view=False)
    if seen.is_owner:
        raise NotFound
    try:
        since = datetime.fromisoformat(request.args.get("since", ""))
        since = since if since.tzinfo else since.replace(tzinfo=ZoneInfo("UTC"))
    except ValueError:
        since = utcnow() - timedelta(minutes=10)
    rows = meetings.signals_since(db, seen.meeting, since)
    return jsonify({"now": utcnow().isoformat(),
                    "signals": [{"kind": row.kind, "at": row.created_at.isoformat()} for row in rows]})


# --- the bisidder's part --------------------------------------------------------------------------------


@bp.post("/<meeting_id>/notes")
@role_required(Role.BISIDDER)
@idempotent(lambda _record, meeting_id: redirect(url_for("meetings.show", meeting_id=meeting_id) + "#notes"))
def add_bisidder_note(meeting_id: str) -> Any:
    """A bisidder's private note to the young person about this meeting."""
    db = get_session()
    seen = access.meeting_for(db, current_user, meeting_id, log_view=False)
    text = request.form.get("note", "")
    with refused_input() as refused:
        bisidder_notes.add_note(db, access=seen, text=text)
        flash(_("Your note was sent."), "success")
        return redirect(url_for("meetings.show", meeting_id=seen.meeting.id) + "#notes")
    g.note_error, g.note_text = refused.message, text
    return show(meeting_id), 400


@bp.route("/<meeting_id>/help-prepare", methods=["GET", "POST"])
@role_required(Role.BISIDDER)
def help_prepare(meeting_id: str) -> Any:
    """A bisidder helps write the preparation; what they write is marked as written with them."""
    db = get_session()
    seen = access.meeting_for(db, current_user, meeting_id, log_view=request.method == "GET")
    if not seen.sees(SharePart.PREPARATION):
        raise NotFound
    questions = [question for step in preparation.STEPS for question in step.questions]
    errors: dict[str, str] = {}
    values = preparation.answer_texts(db, seen.meeting)
    own_words = {key for key, row in preparation.answers_of(db, seen.meeting).items()
                 if row.text and row.written_with_id != current_user.id}
    if request.method == "POST":
        posted = {question.key: request.form.get(question.key, "") for question in questions}
        values.update(posted)
        with refused_input() as refused:
            preparation.save_answers(db, meeting=seen.meeting, values=posted, written_with=current_user)
            flash(_("Saved. %(name)s sees it is written with you.", name=seen.owner.display_name), "success")
            return redirect(url_for("meetings.show", meeting_id=seen.meeting.id))
        errors[refused.field or ""] = refused.message
    return render_template("meetings/help_prepare.html", access=seen, meeting=seen.meeting, questions=questions,
                           values=values, errors=errors, own_words=own_words), 400 if errors else 200
