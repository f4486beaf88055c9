"""A professional's young people: the dashboard, inviting a young person, recovery links."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlmodel import Session
from wtforms import HiddenField, StringField

from youthvoice.casework import caseload, casework, deadlines, journal
from youthvoice.core.danish_calendar import local_today
from youthvoice.core.db import get_session
from youthvoice.core.errors import NotFound
from youthvoice.core.forms import LocalDateField, age_between, clean_text, max_length, required
from youthvoice.identity import accounts, ages, recovery
from youthvoice.identity.invite_links import issue_new_link, remember_invite_link, shown_invite
from youthvoice.identity.models import InviteKind, Role, User
from youthvoice.meetings import meetings
from youthvoice.meetings.views.meetings import MeetingForm, _check_time, _form_input, _not_in_the_past
from youthvoice.sharing import access
from youthvoice.support import support
from youthvoice.web.view_helpers import (
    confirmed,
    created,
    form_status,
    idempotent,
    issuing_refused,
    refused_input,
    role_required,
)

bp = Blueprint("people", __name__, url_prefix="/people", template_folder="templates")


class InviteYoungPersonForm(FlaskForm):
    display_name = StringField(_l("First name or nickname"), validators=[required(), max_length(80)])
    birth_date = LocalDateField(_l("Date of birth"), validators=[
        required(), age_between(ages.INVITE_AGES.start, ages.INVITE_AGES.stop)])
    # The birth date the professional confirmed after being told the age is unusual (see ages.USUAL_AGES).
    age_confirmed = HiddenField()

    def unusual_age(self) -> int | None:
        """The unusual age still to be confirmed for the birth date typed, or None."""
        birth_date = self.birth_date.data
        if birth_date is None:
            return None
        age = ages.unusual_invite_age(birth_date)
        return None if age is None or self.age_confirmed.data == birth_date.isoformat() else age


class CaseDatesForm(FlaskForm):
    plan_date = LocalDateField(_l("The child's plan was made"))
    plan_review = LocalDateField(_l("Next review of the plan"))
    transition_meeting = LocalDateField(_l("Meeting about life after 18"))
    support_decision = LocalDateField(_l("Decision about support after 18"))
    support_ends = LocalDateField(_l("Support after 18 ends"))


@bp.get("/")
@role_required(Role.PROFESSIONAL)
def dashboard() -> Any:
    """The professional's start page: what is new, what is overdue, what is coming up, and their young people."""
    db = get_session()
    full = request.args.get("all")
    full = full if full in casework.LISTS else None
    receipt_days = current_app.config["RECEIPT_DUE_WORKING_DAYS"]
    board, everyone = casework.dashboard_with_caseload(db, current_user, receipt_days=receipt_days, full=full)
    sort = request.args.get("sort", "needs")
    sort = sort if sort in caseload.SORTS else "needs"
    show = request.args.get("show")
    show = show if show in caseload.FILTERS else None
    search = request.args.get("q", "")[:caseload.SEARCH_LIMIT]
    shown = caseload.arrange(everyone, sort=sort, show=show, search=search)
    urgent = support.urgent_for(db, current_user)
    covered_names = accounts.names_of(db, {message.professional_id for message, _owner in urgent
                                           if message.professional_id != current_user.id},
                                      current_user.municipality_id)
    return render_template("people/dashboard.html", young_people=shown, caseload_size=len(everyone),
                           filter_counts=caseload.counts(everyone), due=caseload.due(everyone), sort=sort, show=show,
                           search=search, board=board, full=full, urgent=urgent, covered_names=covered_names,
                           interpreters=casework.interpreter_wishes(db, board),
                           today=local_today())


@bp.route("/invite", methods=["GET", "POST"])
@role_required(Role.PROFESSIONAL)
def invite() -> Any:
    """Invite a young person: they get a one-time link (and a QR code) to create their passkey."""
    form = InviteYoungPersonForm()
    if form.validate_on_submit():
        unusual_age = form.unusual_age()
        if unusual_age is not None:  # asked once more, with what was typed kept
            form.age_confirmed.data = str(form.birth_date.data)  # ISO date, sent back by "the date is right"
            return render_template("people/invite.html", form=form, unusual_age=unusual_age)
        refused = issuing_refused()
        if refused:
            flash(refused, "error")
            return render_template("people/invite.html", form=form), 429
        db = get_session()
        person = accounts.create_person(db, municipality_id=current_user.municipality_id, role=Role.YOUNG_PERSON,
                                        display_name=clean_text(form.display_name.data),
                                        birth_date=form.birth_date.data)
        accounts.link(db, young_person=person, other=current_user)
        issued = accounts.issue_invite(db, person=person, created_by=current_user, kind=InviteKind.ACCOUNT,
                                       lifetime=timedelta(days=current_app.config["INVITE_DAYS"]))
        remember_invite_link(person.id, issued.token)
        return redirect(url_for("people.person", person_id=person.id))
    return render_template("people/invite.html", form=form), 400 if form.errors else 200


def _young_person(db: Session, person_id: str) -> User:
    """A young person the professional works with (their account, never their content); anyone else is NotFound."""
    young = access.person_for(db, current_user, person_id)
    if young.role != Role.YOUNG_PERSON:
        raise NotFound
    return young


@bp.get("/<person_id>")
@role_required(Role.PROFESSIONAL)
def person(person_id: str, dates_form: CaseDatesForm | None = None) -> Any:
    """One young person's account as their professional sees it (never their content here), and the dates the law
    sets for their case."""
    db = get_session()
    young = _young_person(db, person_id)
    dates = deadlines.dates_of(db, young)
    notes = access.handovers_to(db, current_user, young)
    if dates_form is None:
        dates_form = CaseDatesForm(obj=dates)
    return render_template("people/person.html", person=young, link=shown_invite(young),
                           approval=recovery.approval_for(db, current_user, young),
                           pending_invite=accounts.pending_invite(db, young),
                           meetings=access.meetings_visible_to(db, current_user, young),
                           shared_scopes=access.scopes_shared_with(db, current_user, young),
                           dates=dates, dates_form=dates_form,
                           dates_changed_by=accounts.name_of(db, dates.updated_by_id) if dates else None,
                           transition_from=deadlines.transition_due(young.birth_date),
                           handover_notes=notes,
                           handover_names=accounts.names_of(db, {row.from_id for row in notes},
                                                            current_user.municipality_id),
                           may_add_colleague=access.may_add_colleague(db, current_user, young))


@bp.post("/<person_id>/dates")
@role_required(Role.PROFESSIONAL)
def case_dates(person_id: str) -> Any:
    """Record the child's plan, its next review, the meeting about life after 18, and the decision about support
    after 18 and its end."""
    db = get_session()
    young = _young_person(db, person_id)
    form = CaseDatesForm()
    if form.validate_on_submit():
        with refused_input(form):
            deadlines.record(db, professional=current_user, young_person=young, plan_date=form.plan_date.data,
                             plan_review=form.plan_review.data, transition_meeting=form.transition_meeting.data,
                             support_decision=form.support_decision.data, support_ends=form.support_ends.data)
            flash(_("The dates are saved."), "success")
            return redirect(url_for("people.person", person_id=young.id) + "#dates")
    return person(person_id, dates_form=form), form_status(form)


@bp.route("/<person_id>/meetings/new", methods=["GET", "POST"])
@role_required(Role.PROFESSIONAL)
@idempotent(lambda record, person_id: redirect(url_for("meetings.show", meeting_id=record.resource_id)))
def new_meeting(person_id: str) -> Any:
    """Put a meeting in a young person's list; they are told, and you take part in it."""

    db = get_session()
    young = _young_person(db, person_id)
    if not young.is_active:
        raise NotFound
    form = MeetingForm()
    if form.validate_on_submit() and _not_in_the_past(form):
        data = _form_input(form)
        data.participant_ids = []
        meeting = meetings.create_meeting(db, owner=young, created_by=current_user, data=data, allowed_participants=[])
        created(meeting.id)
        flash(_("The meeting is in %(name)s's list now.", name=young.display_name), "success")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    return render_template("people/new_meeting.html", form=form, person=young), 400 if request.method == "POST" else 200


class MoveMeetingForm(FlaskForm):
    day = LocalDateField(_l("Date"), validators=[required()])
    clock = StringField(_l("Time"), validators=[required(), _check_time])

    def starts_at(self) -> datetime:
        zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        return datetime.combine(self.day.data, time.fromisoformat(self.clock.data.strip()), tzinfo=zone)


def _made_meeting(db: Session, meeting_id: str) -> access.MeetingAccess:
    """A meeting this professional put in a young person's list and still sees; anything else is NotFound."""
    seen = access.meeting_for(db, current_user, meeting_id, log_view=False)
    if not meetings.made_by(seen.meeting, current_user) or seen.meeting.cancelled_at is not None:
        raise NotFound
    return seen


@bp.route("/meetings/<meeting_id>/move", methods=["GET", "POST"])
@role_required(Role.PROFESSIONAL)
def move_meeting(meeting_id: str) -> Any:
    """Give a meeting you made a new date and time; the young person is told, and what she prepared stays."""
    db = get_session()
    seen = _made_meeting(db, meeting_id)
    if request.method == "GET":
        local = seen.meeting.starts_at.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
        form = MoveMeetingForm(day=local.date(), clock=local.strftime("%H:%M"))
        return render_template("people/move_meeting.html", form=form, meeting=seen.meeting, owner=seen.owner)
    form = MoveMeetingForm()
    if form.validate_on_submit():
        with refused_input(form, field="day"):
            meetings.move_meeting(db, meeting=seen.meeting, actor=current_user, starts_at=form.starts_at())
            flash(_("The meeting has a new time. %(name)s is told.", name=seen.owner.display_name), "success")
            return redirect(url_for("meetings.show", meeting_id=seen.meeting.id))
    return render_template("people/move_meeting.html", form=form, meeting=seen.meeting,
                           owner=seen.owner), form_status(form)


@bp.post("/meetings/<meeting_id>/cancel")
@role_required(Role.PROFESSIONAL)
def cancel_meeting(meeting_id: str) -> Any:
    """Cancel a meeting you made; the young person is told, and the meeting stays in her list with what she wrote."""
    db = get_session()
    seen = _made_meeting(db, meeting_id)
    if confirmed():
        meetings.cancel_meeting(db, meeting=seen.meeting, actor=current_user)
        flash(_("The meeting is cancelled. %(name)s is told.", name=seen.owner.display_name), "success")
    return redirect(url_for("meetings.show", meeting_id=seen.meeting.id))


@bp.post("/<person_id>/invite-link")
@role_required(Role.PROFESSIONAL)
def new_link(person_id: str) -> Any:
    """A new one-time link: a first invite again, or a recovery link for a lost phone (recorded, shown to them)."""
    db = get_session()
    young = _young_person(db, person_id)
    refused = issuing_refused()
    if refused:
        flash(refused, "error")
        return person(person_id), 429
    issue_new_link(db, person=young, created_by=current_user)
    return redirect(url_for("people.person", person_id=young.id))


@bp.post("/meetings/<meeting_id>/journal")
@role_required(Role.PROFESSIONAL)
@idempotent(lambda record, meeting_id: redirect(url_for("people.journal_note", note_id=record.resource_id)))
def make_journal_note(meeting_id: str) -> Any:
    """Make a journal note of a meeting for the case file, from what the young person shared (they are told)."""
    db = get_session()
    note = journal.make(db, seen=access.meeting_for(db, current_user, meeting_id))
    created(note.id)
    return redirect(url_for("people.journal_note", note_id=note.id))


@bp.get("/journal/<note_id>")
@role_required(Role.PROFESSIONAL)
def journal_note(note_id: str) -> Any:
    """A journal note its maker can print or copy as text: only while the young person still shares it."""
    db = get_session()
    note, seen = journal.note_for(db, current_user, note_id)
    return render_template("people/journal.html", note=journal.build(db, note, seen), meeting=seen.meeting,
                           owner=seen.owner)
