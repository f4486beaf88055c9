"""Colleagues and handover (issue 18.2) and the team lead's figures (issue 18.8): a new professional's short profile
as the young person sees it, her request for another contact, the professional's own profile, the leaving
caseworker's handover notes, a colleague adding a colleague, and the team's receipt figures."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from youthvoice.casework import handover, team
from youthvoice.core import images
from youthvoice.core.db import get_session
from youthvoice.core.errors import NotFound
from youthvoice.core.forms import clean_text, max_length, optional
from youthvoice.identity import accounts
from youthvoice.identity.models import Role
from youthvoice.meetings import meetings
from youthvoice.sharing import access
from youthvoice.sharing.models import ShareScope
from youthvoice.web.view_helpers import (
    confirmed,
    form_status,
    refused_input,
    role_required,
    room_for_uploads,
    uploaded_file,
)

bp = Blueprint("colleagues", __name__, template_folder="templates")
# A phone's photo is bigger than a form may be: a too-big one gets its message on the profile page, not a 413.
room_for_uploads(bp, {"colleagues.upload_photo": 2 * images.MAX_BYTES})


class ProfileForm(FlaskForm):
    phone_hours = StringField(_l("When you can be reached by phone (for example Mon-Thu 9-11)"),
                              validators=[optional(), max_length(80)])
    about = TextAreaField(_l("A few lines about you, for the young people you work with"),
                          validators=[optional(), max_length(400)])


@bp.get("/my-people/<professional_id>")
@role_required(Role.YOUNG_PERSON)
def profile(professional_id: str) -> Any:
    """Who one of my professionals is (a new one especially), and where I choose what, if anything, to share."""
    db = get_session()
    person = access.profile_for(db, current_user, professional_id)
    upcoming, past = meetings.meetings_of(db, current_user)
    return render_template("colleagues/profile.html", person=person,
                           has_photo=handover.photo_of(db, person) is not None,
                           meetings=[(meeting, _parts_shared(db, meeting, person)) for meeting in upcoming + past],
                           scopes=access.scopes_shared_with(db, person, current_user),
                           all_parts=access.ALL_PARTS,
                           asked=handover.waiting_request(db, current_user, person))


def _parts_shared(db: Any, meeting: Any, person: Any) -> frozenset[str]:
    """What of one of her meetings she shares with this professional now (nothing, unless she chose to)."""
    return access.parts_of(access.active_share(db, owner_id=current_user.id, grantee_id=person.id,
                                               scope=ShareScope.MEETING, meeting_id=meeting.id))


@bp.post("/my-people/<professional_id>/ask")
@role_required(Role.YOUNG_PERSON)
def ask_change(professional_id: str) -> Any:
    """Ask for a different contact than this professional: the municipality's admin sees the request."""
    db = get_session()
    person = access.profile_for(db, current_user, professional_id)
    if person.id == current_user.id:
        raise NotFound
    handover.ask_for_another_contact(db, young_person=current_user, professional=person)
    flash(_("We have asked for a different contact for you. Someone from the municipality will get back to you."),
          "success")
    return redirect(url_for("colleagues.profile", professional_id=person.id))


@bp.route("/people/profile", methods=["GET", "POST"])
@role_required(Role.PROFESSIONAL)
def edit_profile() -> Any:
    """My short profile: what the young people I work with see of me."""
    db = get_session()
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        handover.set_profile(db, person=current_user, phone_hours=clean_text(form.phone_hours.data),
                             about=clean_text(form.about.data))
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("colleagues.edit_profile"))
    return render_template("colleagues/edit_profile.html", form=form,
                           photo=handover.photo_of(db, current_user)), 400 if form.errors else 200


@bp.post("/people/profile/photo")
@role_required(Role.PROFESSIONAL)
def upload_photo() -> Any:
    """My photo on my profile: made again on the server (small, upright, no metadata), or a clear message."""
    db = get_session()
    upload = uploaded_file("photo", images.MAX_BYTES)
    with refused_input(field="photo") as refused:
        handover.set_photo(db, person=current_user, upload=upload or b"")
        flash(_("Your photo is saved."), "success")
        return redirect(url_for("colleagues.edit_profile"))
    return render_template("colleagues/edit_profile.html", form=ProfileForm(obj=current_user),
                           photo=handover.photo_of(db, current_user), photo_error=refused.message), 400


@bp.post("/people/profile/photo/remove")
@role_required(Role.PROFESSIONAL)
def remove_photo() -> Any:
    if confirmed():
        handover.remove_photo(get_session(), person=current_user)
        flash(_("Your photo is removed."), "success")
    return redirect(url_for("colleagues.edit_profile"))


@bp.get("/people/<professional_id>/photo")
@login_required
def photo(professional_id: str) -> Any:
    """A professional's photo, for whoever may see their profile (themself, the admin, a young person they work
    with); a 404 for everyone else."""
    db = get_session()
    person = access.profile_for(db, current_user, professional_id)
    found = handover.photo_of(db, person)
    if found is None:
        raise NotFound
    response = Response(found.data, mimetype=images.CONTENT_TYPE)
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/people/handovers")
@role_required(Role.PROFESSIONAL)
def handovers(refused: NoteForm | None = None, refused_id: Any = None) -> Any:
    """The young people I handed to colleagues, with a note to write to each new caseworker."""
    db = get_session()
    rows = handover.handovers_from(db, current_user)
    names = accounts.names_of(db, {row.young_person_id for row in rows} | {row.to_id for row in rows},
                              current_user.municipality_id)
    return render_template("colleagues/handovers.html", rows=rows, names=names, limit=handover.NOTE_LIMIT,
                           refused=refused, refused_id=refused_id)


@bp.post("/people/handovers/<handover_id>")
@role_required(Role.PROFESSIONAL)
def write_note(handover_id: str) -> Any:
    """Write (or rewrite) my handover note to the new caseworker: only my own words."""
    db = get_session()
    row = access.handover_to_write(db, current_user, handover_id)
    form = NoteForm()
    if form.validate_on_submit():
        with refused_input(form):
            handover.write_note(db, handover=row, author=current_user, text=form.note.data or "",
                                message=_("Write the note: at most %(limit)d characters.",
                                          limit=handover.NOTE_LIMIT))
            flash(_("The note is saved. The new caseworker can read it."), "success")
            return redirect(url_for("colleagues.handovers"))
    return handovers(refused=form, refused_id=row.id), form_status(form)


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Your note to the new caseworker"), validators=[optional(), max_length(4000)])


@bp.route("/people/<person_id>/colleague", methods=["GET", "POST"])
@role_required(Role.PROFESSIONAL)
def add_colleague(person_id: str) -> Any:
    """Add a colleague to a young person I work with (where the admin allows it): she is told and chooses what to
    share; nothing is shared with the colleague by this."""
    db = get_session()
    young = access.young_person_for_colleague(db, current_user, person_id)
    choices = access.colleague_choices(db, current_user, young)
    form = FlaskForm()
    if form.validate_on_submit():
        chosen = next((p for p in choices if str(p.id) == request.form.get("professional_id")), None)
        if chosen is not None:
            handover.add_professional(db, actor=current_user, young_person=young, professional=chosen)
            flash(_("%(name)s works with %(young)s now. %(young)s is told and chooses what to share.",
                    name=chosen.display_name, young=young.display_name), "success")
            return redirect(url_for("people.person", person_id=young.id))
        flash(_("Choose a colleague."), "error")
    status = 400 if request.method == "POST" else 200
    return render_template("colleagues/add.html", person=young, choices=choices,
                           action=url_for("colleagues.add_colleague", person_id=young.id)), status


@bp.get("/team")
@role_required(Role.ADMIN, Role.PROFESSIONAL)
def team_view() -> Any:
    """Per caseworker: overdue receipts and the median working days to answer one (no young person's name or
    words). For the admin and the professionals the admin made team leads."""
    if not access.sees_team_figures(current_user):
        raise NotFound
    rows = team.team_figures(get_session(), current_user.municipality_id,
                             current_app.config["RECEIPT_DUE_WORKING_DAYS"])
    return render_template("colleagues/team.html", rows=rows,
                           due_days=current_app.config["RECEIPT_DUE_WORKING_DAYS"])
