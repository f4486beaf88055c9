"""Supporters from my network (issue 20, "Be my Back"): her page to invite, share with and end supporters, and
the supporter's own page with what she shares and a box for encouragement and offers of help."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthvoice.core.db import get_session
from youthvoice.identity.invite_links import remember_invite_link, shown_invite
from youthvoice.identity.models import Role
from youthvoice.network import network, steps, supporters
from youthvoice.sharing import access
from youthvoice.web.view_helpers import confirmed, idempotent, issuing_refused, refused_input, role_required

bp = Blueprint("supporters", __name__, url_prefix="/network/supporters", template_folder="../templates")
backing = Blueprint("backing", __name__, url_prefix="/backing", template_folder="../templates")


# --- the young person's page -----------------------------------------------------------------------------


def _render_mine(*, values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                 status: int = 200) -> Any:
    db = get_session()
    people = access.supporters_of(db, current_user)
    return render_template(
        "supporters/index.html", supporters=people,
        sees={person.id: access.goal_areas_shared(db, owner=current_user, supporter=person) for person in people},
        links={person.id: shown_invite(person) for person in people if person.status == "pending"},
        goals=steps.open_goals(db, current_user), network_people=network.people_of(db, current_user),
        messages=supporters.messages_to(db, current_user), values=values or {}, errors=errors or {}), status


@bp.get("/")
@role_required(Role.YOUNG_PERSON)
def index() -> Any:
    """My supporters: who backs me, what each one sees, their messages, and inviting someone from my network."""
    return _render_mine()


@bp.post("/invite")
@role_required(Role.YOUNG_PERSON)
def invite() -> Any:
    """Invite someone from my network as a supporter with a one-time link (shown with a QR code and share button)."""
    db = get_session()
    values = {key: request.form.get(key, "") for key in ("entry_id", "display_name", "relation")}
    refused = issuing_refused()
    if refused:
        flash(refused, "error")
        return _render_mine(values=values, status=429)
    entry = next((person for person in network.people_of(db, current_user)
                  if str(person.id) == values["entry_id"]), None)
    if entry is None:
        return _render_mine(values=values, errors={"entry_id": _("Choose someone from your network.")}, status=400)
    with refused_input() as refusal:
        issued = supporters.invite_supporter(db, young_person=current_user, entry=entry,
                                             name=values["display_name"], relation=values["relation"],
                                             lifetime=timedelta(days=current_app.config["INVITE_DAYS"]))
        remember_invite_link(issued.invite.user_id, issued.token)
        flash(_("Send the link to your supporter. It works once."), "success")
        return redirect(url_for("supporters.index") + f"#supporter-{issued.invite.user_id}")
    return _render_mine(values=values, errors={refusal.field or "": refusal.message}, status=400)


@bp.post("/<person_id>/share")
@role_required(Role.YOUNG_PERSON)
def share(person_id: str) -> Any:
    """Choose which of my goals (and their steps) this supporter sees, from now on."""
    db = get_session()
    supporter = access.own_supporter(db, current_user, person_id)
    areas = supporters.share_goals(db, owner=current_user, supporter=supporter, areas=request.form.getlist("area"))
    flash(_("Saved. %(name)s sees what you ticked, and nothing else.", name=supporter.display_name) if areas
          else _("%(name)s sees none of your goals now.", name=supporter.display_name), "success")
    return redirect(url_for("supporters.index") + f"#supporter-{supporter.id}")


@bp.post("/<person_id>/end")
@role_required(Role.YOUNG_PERSON)
def end(person_id: str) -> Any:
    """End a supporter: from right away they see nothing and are logged out."""
    db = get_session()
    supporter = access.own_supporter(db, current_user, person_id)
    if not confirmed():
        return redirect(url_for("supporters.index") + f"#supporter-{supporter.id}")
    ended = supporters.end_supporter(db, young_person=current_user, supporter_id=supporter.id)
    flash(_("%(name)s can no longer see anything of yours.", name=ended.display_name), "success")
    return redirect(url_for("supporters.index"))


# --- the supporter's pages ---------------------------------------------------------------------------------


@backing.get("/")
@role_required(Role.SUPPORTER)
def home() -> Any:
    """A supporter's start: the young person (usually one) who invited them."""
    backed = access.young_people_backed_by(get_session(), current_user)
    if len(backed) == 1:
        return redirect(url_for("backing.young", young_id=backed[0].id))
    return render_template("supporters/backing_home.html", backed=backed)


def _render_young(young_id: str, *, values: dict[str, str] | None = None, status: int = 200) -> Any:
    db = get_session()
    seen = access.supported_by(db, current_user, young_id)
    goals = supporters.shared_goals(db, seen)
    voice = steps.voice_answers(db, seen.owner, [step for _goal, shown in goals for step in shown],
                                [goal for goal, _shown in goals])
    return render_template("supporters/backing.html", seen=seen, goals=goals, voice_answers=voice,
                           sent=supporters.messages_from(db, seen), values=values or {},
                           errors=g.get("supporter_errors", {})), status


@backing.get("/<young_id>")
@role_required(Role.SUPPORTER)
def young(young_id: str) -> Any:
    """What the young person shares with me as her supporter, and a box to encourage her or offer help."""
    return _render_young(young_id)


@backing.post("/<young_id>/message")
@role_required(Role.SUPPORTER)
@idempotent(lambda _record, young_id: redirect(url_for("backing.young", young_id=young_id) + "#sent"))
def message(young_id: str) -> Any:
    """Send her encouragement, or offer concrete help ("I can help you move on Saturday")."""
    db = get_session()
    seen = access.supported_by(db, current_user, young_id, log_view=False)
    values = {"kind": request.form.get("kind", ""), "text": request.form.get("text", "")}
    with refused_input() as refusal:
        supporters.send_message(db, seen=seen, kind=values["kind"], text=values["text"])
        flash(_("Sent. %(name)s can see it now.", name=seen.owner.display_name), "success")
        return redirect(url_for("backing.young", young_id=seen.owner.id) + "#sent")
    g.supporter_errors = {refusal.field or "": refusal.message}
    return _render_young(young_id, values=values, status=400)
