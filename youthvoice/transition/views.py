"""My transition plan: the plan on one page, ticking the checklist, sharing it, the professional's view, and the
preparation of the meeting about moving to adult life with it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlmodel import Session

from youthvoice.core.db import get_session
from youthvoice.identity.ages import life_stage
from youthvoice.identity.models import Role, User
from youthvoice.network.views.scope_sharing import add_share_pages
from youthvoice.sharing import access, sharing
from youthvoice.sharing.models import ShareScope
from youthvoice.transition import plan, preparation
from youthvoice.web.view_helpers import refused_input, role_required

bp = Blueprint("transition", __name__, url_prefix="/transition", template_folder="templates")


def _language() -> str:
    return str(get_locale() or "da")


@bp.get("/")
@role_required(Role.YOUNG_PERSON)
def index() -> Any:
    """My plan for adult life: per area my goal, my next steps and the practical things; the dates the law sets."""
    db = get_session()
    return render_template(
        "transition/index.html", plan=plan.plan_of(db, current_user, language=_language()),
        stage=life_stage(current_user.birth_date) if current_user.birth_date else None,
        shares=sharing.scope_shares(db, owner=current_user, scope=ShareScope.TRANSITION))


@bp.post("/checklist/<item>")
@role_required(Role.YOUNG_PERSON)
def tick(item: str) -> Any:
    """Tick a practical thing off, or untick it (only she does)."""
    plan.tick(get_session(), owner=current_user, item=item, done=request.form.get("done") == "1")
    return redirect(url_for("transition.index") + f"#thing-{item}")


def _shared_context(db: Session, owner: User, _professional: User) -> dict[str, Any]:
    return {"plan": plan.plan_of(db, owner, language=_language())}


add_share_pages(bp, ShareScope.TRANSITION, shared_template="transition/shared.html", shared_context=_shared_context,
                stopped=_l("Nobody else can see your plan for adult life any more."))


@bp.get("/of/<young_id>")
@login_required
def of(young_id: str) -> Any:
    """A young person's plan as a professional she shares it with sees it (every view is logged)."""
    db = get_session()
    seen = access.transition_for(db, current_user, young_id)
    if seen.is_owner:
        return redirect(url_for("transition.index"))
    return render_template("transition/shared.html", owner=seen.owner, preview_for=None, shared=True,
                           **_shared_context(db, seen.owner, current_user))


@bp.get("/meeting/<meeting_id>")
@role_required(Role.YOUNG_PERSON)
def prepare(meeting_id: str) -> Any:
    """Prepare the meeting about moving to adult life: my plan, housing wishes and helpers, one tap each."""
    db = get_session()
    meeting = preparation.for_meeting(access.own_meeting(db, current_user, meeting_id).meeting)
    return render_template("transition/prepare.html", meeting=meeting,
                           offers=preparation.offers(db, current_user, meeting, language=_language()))


@bp.post("/meeting/<meeting_id>")
@role_required(Role.YOUNG_PERSON)
def prepare_add(meeting_id: str) -> Any:
    """One tap: this part of my plan becomes a point of the meeting (a second tap adds nothing)."""
    db = get_session()
    meeting = preparation.for_meeting(access.own_meeting(db, current_user, meeting_id).meeting)
    key = request.form.get("offer", "")
    with refused_input() as refused:
        if preparation.add(db, owner=current_user, meeting=meeting, key=key, language=_language()) is not None:
            flash(_("Added to your points."), "success")
        return redirect(url_for("transition.prepare", meeting_id=meeting.id) + f"#offer-{key}")
    return render_template("transition/prepare.html", meeting=meeting, error=refused.message,
                           offers=preparation.offers(db, current_user, meeting, language=_language())), 400
