"""The young person's support: choosing a bisidder, help right now, and their rights."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from youthvoice.core.danish_calendar import age_on, local_today
from youthvoice.core.db import get_session
from youthvoice.core.model import utcnow
from youthvoice.identity.invite_links import remember_invite_link, shown_invite
from youthvoice.identity.models import Municipality, Role, User
from youthvoice.rights import rights
from youthvoice.sharing import access
from youthvoice.support import absence, support
from youthvoice.web.view_helpers import idempotent, issuing_refused, refused_input, role_required

bp = Blueprint("support", __name__, template_folder="templates")


def _age() -> int | None:
    return age_on(current_user.birth_date) if getattr(current_user, "birth_date", None) else None


# --- bisidder ------------------------------------------------------------------------------------------


def _render_support(*, values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                    status: int = 200) -> Any:
    db = get_session()
    bisidders = access.bisidders_of(db, current_user)
    return render_template("support/bisidder.html", bisidders=bisidders,
                           links={b.id: shown_invite(b) for b in bisidders if b.status == "pending"},
                           values=values or {}, errors=errors or {},
                           rights_page=rights.find(str(get_locale()), "bisidder")), status


@bp.get("/support/")
@role_required(Role.YOUNG_PERSON)
def index() -> Any:
    """My bisidder: who supports me, and inviting someone."""
    return _render_support()


@bp.post("/support/invite")
@role_required(Role.YOUNG_PERSON)
def invite() -> Any:
    """Invite a bisidder with a one-time link."""
    db = get_session()
    values = {"display_name": request.form.get("display_name", ""), "relation": request.form.get("relation", "")}
    refused = issuing_refused()
    if refused:
        flash(refused, "error")
        return _render_support(values=values, status=429)
    with refused_input() as refusal:
        issued = support.invite_bisidder(db, young_person=current_user, name=values["display_name"],
                                         relation=values["relation"],
                                         lifetime=timedelta(days=current_app.config["INVITE_DAYS"]))
        remember_invite_link(issued.invite.user_id, issued.token)
        flash(_("Send the link to your bisidder. It works once."), "success")
        return redirect(url_for("support.index") + "#bisidders")
    return _render_support(values=values, errors={refusal.field or "": refusal.message}, status=400)


@bp.post("/support/<person_id>/remove")
@role_required(Role.YOUNG_PERSON)
def remove(person_id: str) -> Any:
    """Remove a bisidder: they lose access at once."""
    db = get_session()
    removed = support.remove_bisidder(db, young_person=current_user, bisidder_id=person_id)
    flash(_("%(name)s can no longer see anything of yours.", name=removed.display_name), "success")
    return redirect(url_for("support.index"))


# --- help right now ------------------------------------------------------------------------------------


def _out_of_hours(db: Any) -> tuple[str, str] | None:
    town = db.get(Municipality, current_user.municipality_id)
    return (town.out_of_hours_name, town.out_of_hours_phone) if town and town.out_of_hours_phone else None


def _render_help(*, values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                 status: int = 200) -> Any:
    db = get_session()
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    now = utcnow()
    professionals = access.professionals_of(db, current_user)
    away = absence.away_now(db, [person.id for person in professionals])
    people = [(person, support.is_at_work(person, now, zone), away.get(person.id)) for person in professionals]
    return render_template("support/help.html", people=people, sent=support.urgent_sent_by(db, current_user),
                           out_of_hours=_out_of_hours(db), values=values or {}, errors=errors or {}), status


@bp.get("/help/")
@role_required(Role.YOUNG_PERSON)
def help_now() -> Any:
    """Help right now: helplines to call, and an urgent message to one of my professionals."""
    return _render_help()


@bp.post("/help/urgent")
@role_required(Role.YOUNG_PERSON)
@idempotent(lambda _record: redirect(url_for("support.help_now") + "#sent"))
def urgent() -> Any:
    db = get_session()
    values = {"professional": request.form.get("professional", ""), "text": request.form.get("text", "")}
    with refused_input() as refused:
        message = support.send_urgent(db, young_person=current_user, professional_id=values["professional"],
                                      text=values["text"])
        cover = db.get(User, message.cover_id) if message.cover_id else None
        if cover is None:
            flash(_("Your message was sent. You will see here when it has been read."), "success")
        else:
            flash(_("Your message was sent. %(name)s covers while your contact is away and got it too. You will "
                    "see here when it has been read.", name=cover.display_name), "success")
        return redirect(url_for("support.help_now") + "#sent")
    return _render_help(values=values, errors={refused.field or "": refused.message}, status=400)


@bp.post("/urgent/<message_id>/seen")
@role_required(Role.PROFESSIONAL)
def acknowledge(message_id: str) -> Any:
    """The professional has seen the urgent message; the young person is told."""
    db = get_session()
    message = support.acknowledge(db, professional=current_user, message_id=message_id)
    owner = db.get(User, message.owner_id)
    flash(_("Marked as seen. %(name)s is told that you have seen the message.",
            name=owner.display_name if owner else ""), "success")
    return redirect(url_for("people.dashboard"))


# --- absence cover ----------------------------------------------------------------------------------------


def _parse_day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        return None


def _render_absence(*, values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                    status: int = 200) -> Any:
    db = get_session()
    current = absence.absence_of(db, current_user)
    if values is None:
        values = {"starts_on": current.starts_on.isoformat(), "ends_on": current.ends_on.isoformat(),
                  "cover": str(current.cover_id)} if current else {}
    return render_template("support/absence.html", current=current,
                           cover=db.get(User, current.cover_id) if current else None,
                           colleagues=absence.colleagues_of(db, current_user),
                           covering=absence.covering_for(db, current_user), values=values, errors=errors or {},
                           today=local_today()), status


@bp.get("/absence/")
@role_required(Role.PROFESSIONAL)
def absence_page() -> Any:
    """Away: the days I am away and the colleague who covers; and whom I cover for."""
    return _render_absence()


@bp.post("/absence/")
@role_required(Role.PROFESSIONAL)
def set_absence() -> Any:
    """Set the days I am away and who covers: urgent messages go to them as well while I am away."""
    db = get_session()
    values = {key: request.form.get(key, "") for key in ("starts_on", "ends_on", "cover")}
    with refused_input() as refused:
        absence.set_absence(db, professional=current_user, starts_on=_parse_day(values["starts_on"]),
                            ends_on=_parse_day(values["ends_on"]), cover_id=values["cover"])
        flash(_("Saved. While you are away, urgent messages go to your colleague as well."), "success")
        return redirect(url_for("support.absence_page"))
    return _render_absence(values=values, errors={refused.field or "": refused.message}, status=400)


@bp.post("/absence/end")
@role_required(Role.PROFESSIONAL)
def end_absence() -> Any:
    """I am back: urgent messages come to me alone again."""
    absence.end_absence(get_session(), professional=current_user)
    flash(_("Welcome back. Urgent messages come to you alone again."), "success")
    return redirect(url_for("support.absence_page"))


# --- rights --------------------------------------------------------------------------------------------


@bp.get("/rights/")
def rights_index() -> Any:
    """My rights, in plain language."""
    return render_template("support/rights_index.html",
                           pages=rights.pages(str(get_locale()), age=_age() if current_user.is_authenticated else None))


@bp.get("/rights/<slug>")
def rights_page(slug: str) -> Any:
    """One right, with the organisations that help and the source of every statement."""
    return render_template("support/rights_page.html", page=rights.page(str(get_locale()), slug))
