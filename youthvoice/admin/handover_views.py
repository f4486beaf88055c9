"""The admin's side of colleagues and handover (issue 18.2): adding a professional to a young person, moving a
leaving caseworker's young people to others in one step, the young people's requests for another contact, whether
colleagues may add colleagues, and who is a team lead (issue 18.8). Accounts and links only, never content."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from youthvoice.casework import handover
from youthvoice.core.db import get_session
from youthvoice.core.errors import NotFound
from youthvoice.identity import accounts
from youthvoice.identity.models import Municipality, Role, User
from youthvoice.sharing import access
from youthvoice.web.view_helpers import refused_input, role_required

bp = Blueprint("handover_admin", __name__, url_prefix="/admin", template_folder="templates")


def _professional(db: Any, person_id: str) -> User:
    person = access.person_for(db, current_user, person_id)
    if not person.is_professional:
        raise NotFound
    return person


@bp.post("/people/<person_id>/professionals")
@role_required(Role.ADMIN)
def add_professional(person_id: str) -> Any:
    """Add a professional to a young person: she is told and sees who they are; nothing of hers is shared."""
    db = get_session()
    young = access.young_person_for_colleague(db, current_user, person_id)
    choices = access.colleague_choices(db, current_user, young)
    chosen = next((p for p in choices if str(p.id) == request.form.get("professional_id")), None)
    if chosen is None or not FlaskForm().validate_on_submit():
        flash(_("Choose a professional."), "error")
        return redirect(url_for("admin.person", person_id=young.id))
    handover.add_professional(db, actor=current_user, young_person=young, professional=chosen)
    flash(_("%(name)s works with %(young)s now. %(young)s is told and chooses what to share.",
            name=chosen.display_name, young=young.display_name), "success")
    return redirect(url_for("admin.person", person_id=young.id))


@bp.route("/people/<person_id>/handover", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def move(person_id: str) -> Any:
    """Move a leaving caseworker's young people to colleagues in one step: all to one colleague, or each to
    their own. The young people are told, the old links end, the new ones start."""
    db = get_session()
    leaving = _professional(db, person_id)
    young = access.young_people_of(db, leaving)
    colleagues = [p for p in access.colleague_choices_for_staff(db, current_user) if p.id != leaving.id]
    by_id = {str(p.id): p for p in colleagues}
    error = None
    if request.method == "POST" and FlaskForm().validate_on_submit():
        everyone_to = by_id.get(request.form.get("all_to", ""))
        moves: dict[uuid.UUID, User] = {}
        for row in young:
            chosen = by_id.get(request.form.get(f"to-{row.id}", "")) or everyone_to
            if chosen is not None:
                moves[row.id] = chosen
        with refused_input() as refusal:
            moved = handover.move_caseload(db, actor=current_user, leaving=leaving, moves=moves,
                                           message=_("Choose who takes over, for everyone or for each young person."))
            flash(_("Moved: %(count)d. They are told who works with them now.", count=len(moved)),
                  "success")
            return redirect(url_for("handover_admin.move", person_id=leaving.id))
        error = refusal.message
    elif request.method == "POST":
        error = _("Choose who takes over, for everyone or for each young person.")
    return render_template("admin/handover.html", leaving=leaving, young=young, colleagues=colleagues,
                           error=error, form=request.form if request.method == "POST" else {}), \
        400 if error else 200


@bp.get("/requests")
@role_required(Role.ADMIN)
def requests() -> Any:
    """Young people who asked for a different contact: who asked about whom, and when (never why)."""
    db = get_session()
    rows = handover.open_requests(db, current_user.municipality_id)
    names = accounts.names_of(db, {row.young_person_id for row in rows} | {row.professional_id for row in rows},
                              current_user.municipality_id)
    town = db.get(Municipality, current_user.municipality_id)
    return render_template("admin/requests.html", rows=rows, names=names, town=town)


@bp.post("/requests/<request_id>/done")
@role_required(Role.ADMIN)
def request_done(request_id: str) -> Any:
    """The admin has acted on a request: it leaves the list."""
    handover.mark_done(get_session(), actor=current_user, request_id=request_id)
    flash(_("Marked as done."), "success")
    return redirect(url_for("handover_admin.requests"))


@bp.post("/settings/colleagues")
@role_required(Role.ADMIN)
def colleagues_setting() -> Any:
    """Whether a professional who works with a young person may add a colleague to them."""
    db = get_session()
    town = db.get(Municipality, current_user.municipality_id)
    if town is None:
        raise NotFound
    town.colleagues_may_add = request.form.get("allow") == "yes"
    db.add(town)
    flash(_("Saved."), "success")
    return redirect(url_for("handover_admin.requests"))


@bp.post("/people/<person_id>/team-lead")
@role_required(Role.ADMIN)
def team_lead(person_id: str) -> Any:
    """Make a professional a team lead (they see the team's receipt figures), or no longer."""
    db = get_session()
    person = _professional(db, person_id)
    person.is_team_lead = request.form.get("lead") == "yes"
    db.add(person)
    flash(_("Saved."), "success")
    return redirect(url_for("admin.person", person_id=person.id))
