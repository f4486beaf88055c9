"""The coordinator's side of accountability: the council's committees, sending a chosen cause to one, its
progress figure and milestones. Every change shows on the cause's public page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from youthvoice.core.db import get_session, owned
from youthvoice.core.errors import InvalidInput
from youthvoice.core.forms import clean_text
from youthvoice.council import accountability, rules
from youthvoice.council.models import Milestone
from youthvoice.council.views.causes import _cause, _render
from youthvoice.council.views.council import before_council_request, today
from youthvoice.council.views.forms import CommitteeForm, MilestoneForm, ProgressForm, SendForm
from youthvoice.web.view_helpers import refused_input

bp = Blueprint("council_accountability", __name__, url_prefix="/council")
bp.before_request(before_council_request)


def _to_cause(cause_id: object) -> Any:
    return redirect(url_for("council_causes.cause", cause_id=cause_id) + "#accountability")


@bp.route("/committees", methods=["GET", "POST"])
@login_required
def committees() -> Any:
    """The committees the council's causes can be sent to; the coordinator adds one."""
    db = get_session()
    council = rules.council_for(db, current_user)
    rules.require_coordinator(current_user)
    form = CommitteeForm()
    if form.validate_on_submit():
        with refused_input(form):
            accountability.add_committee(db, actor=current_user, council=council, name=clean_text(form.name.data))
            flash(_("The committee is added."), "success")
            return redirect(url_for("council_accountability.committees"))
    page = render_template(
        "council/committees.html", council=council, form=form, committees=accountability.committees_of(db, council)
    )
    return page, 400 if form.errors else 200


@bp.post("/causes/<cause_id>/committee")
@login_required
def send(cause_id: str) -> Any:
    """The coordinator sends a chosen cause to the committee that is to answer it."""
    db = get_session()
    cause = _cause(cause_id)
    rules.require_coordinator(current_user)
    form = SendForm(prefix="send")
    if form.validate():
        with refused_input(form):
            if not form.committee_id.data:
                raise InvalidInput(_("Please choose one of these."), field="committee_id")
            committee = accountability.committee_of_municipality(
                db, current_user.municipality_id, form.committee_id.data
            )
            accountability.send_to_committee(db, actor=current_user, cause=cause, committee=committee, today=today())
            flash(_("The cause is sent to %(name)s. Its respondents are told.", name=committee.name), "success")
            return _to_cause(cause.id)
    return _render(cause, status=400, accountability_forms={"send": form})


@bp.post("/causes/<cause_id>/progress")
@login_required
def progress(cause_id: str) -> Any:
    """The coordinator sets how far the cause has come."""
    db = get_session()
    cause = _cause(cause_id)
    rules.require_coordinator(current_user)
    form = ProgressForm(prefix="progress")
    if form.validate():
        with refused_input(form):
            accountability.set_progress(db, actor=current_user, cause=cause, progress=form.progress.data)
            flash(_("Saved."), "success")
            return _to_cause(cause.id)
    return _render(cause, status=400, accountability_forms={"progress": form})


@bp.post("/causes/<cause_id>/milestones")
@login_required
def add_milestone(cause_id: str) -> Any:
    """The coordinator plans a milestone of the cause."""
    db = get_session()
    cause = _cause(cause_id)
    rules.require_coordinator(current_user)
    form = MilestoneForm(prefix="milestone")
    if form.validate():
        with refused_input(form):
            accountability.add_milestone(
                db, actor=current_user, cause=cause, title=form.title.data or "", due_on=form.due_on.data
            )
            flash(_("The milestone is added."), "success")
            return _to_cause(cause.id)
    return _render(cause, status=400, accountability_forms={"milestone": form})


@bp.post("/milestones/<milestone_id>/done")
@login_required
def milestone_done(milestone_id: str) -> Any:
    """The coordinator marks a milestone reached today, or not reached after all."""
    db = get_session()
    rules.require_coordinator(current_user)
    milestone = owned(db, Milestone, milestone_id, municipality_id=current_user.municipality_id)
    cause = _cause(str(milestone.cause_id))
    accountability.mark_milestone(
        db, actor=current_user, milestone=milestone, done=request.form.get("done") != "0", today=today()
    )
    return _to_cause(cause.id)
