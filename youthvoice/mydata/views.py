"""My data: everything youthvoice holds about me, as a download and a printable page, and erasure that can be
undone for a few days."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from flask import Blueprint, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthvoice.core import personal_data
from youthvoice.core.danish_calendar import local_today
from youthvoice.core.db import get_session
from youthvoice.council import pictures as council_pictures
from youthvoice.identity.models import Role
from youthvoice.meetings import recordings
from youthvoice.mydata import data_print, data_rights
from youthvoice.mydata import portfolio as portfolio_rules
from youthvoice.privacy import audit
from youthvoice.privacy.audit import Action
from youthvoice.web.view_helpers import role_required

bp = Blueprint("mydata", __name__, url_prefix="/account", template_folder="templates")


@bp.get("/data")
@role_required(Role.YOUNG_PERSON, Role.PEER)
def my_data() -> Any:
    """What youthvoice holds about me: download it, print it, or ask for it all to be deleted."""
    return render_template("account/data.html", grace_days=current_app.config["ERASURE_GRACE_DAYS"])


@bp.get("/data.json")
@role_required(Role.YOUNG_PERSON, Role.PEER)
def my_data_json() -> Any:
    """Everything, machine-readable."""
    db = get_session()
    data = data_rights.my_data(db, current_user, personal_data.registry_of(current_app).sections.values())
    audit.record(session=db, action=Action.EXPORTED, actor=current_user, subject=current_user)
    response = make_response(json.dumps(data, ensure_ascii=False, indent=2))
    response.headers["Content-Type"] = "application/json; charset=utf-8"
    response.headers["Content-Disposition"] = 'attachment; filename="youthvoice-my-data.json"'
    return response


@bp.get("/data/recordings.zip")
@role_required(Role.YOUNG_PERSON)
def my_recordings() -> Any:
    """My voice answers themselves, as a ZIP whose file names the JSON download lists (in "voice_recordings")."""
    db = get_session()
    audit.record(session=db, action=Action.EXPORTED, actor=current_user, subject=current_user)
    response = make_response(recordings.archive(db, current_user))
    response.headers["Content-Type"] = "application/zip"
    response.headers["Content-Disposition"] = 'attachment; filename="youthvoice-my-recordings.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/data/pictures.zip")
@role_required(Role.YOUNG_PERSON)
def my_pictures() -> Any:
    """The pictures I put on youth-council proposals, as a ZIP whose file names the JSON download lists (in
    "council", "pictures")."""
    db = get_session()
    audit.record(session=db, action=Action.EXPORTED, actor=current_user, subject=current_user)
    response = make_response(council_pictures.archive(db, current_user))
    response.headers["Content-Type"] = "application/zip"
    response.headers["Content-Disposition"] = 'attachment; filename="youthvoice-my-pictures.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/data/print")
@role_required(Role.YOUNG_PERSON, Role.PEER)
def my_data_print() -> Any:
    """Everything, readable and printable, in my language."""
    db = get_session()
    registry = personal_data.registry_of(current_app)
    data = data_rights.my_data(db, current_user, registry.sections.values())
    audit.record(session=db, action=Action.EXPORTED, actor=current_user, subject=current_user)
    return render_template("account/data_print.html", sections=data_print.sections(data, registry),
                           created=datetime.fromisoformat(data["created"]))


@bp.route("/delete", methods=["GET", "POST"])
@role_required(Role.YOUNG_PERSON, Role.PEER)
def delete_account() -> Any:
    """Ask for my account and everything in it to be deleted (it can be undone for a few days)."""
    db = get_session()
    if request.method == "POST":
        if request.form.get("confirm") != "yes":
            return render_template("account/delete.html", error=_("Tick the box to confirm."),
                                   grace_days=current_app.config["ERASURE_GRACE_DAYS"]), 400
        data_rights.request_erasure(db, person=current_user, requested_by=current_user,
                                    grace_days=current_app.config["ERASURE_GRACE_DAYS"])
        return redirect(url_for("mydata.my_data"))
    return render_template("account/delete.html", error=None, grace_days=current_app.config["ERASURE_GRACE_DAYS"])


@bp.post("/delete/undo")
@role_required(Role.YOUNG_PERSON, Role.PEER)
def undo_delete() -> Any:
    """Changed my mind: keep my account."""
    db = get_session()
    data_rights.cancel_erasure(db, person=current_user, actor=current_user)
    flash(_("Your account will not be deleted."), "success")
    return redirect(url_for("mydata.my_data"))


@bp.get("/portfolio")
@role_required(Role.YOUNG_PERSON)
def portfolio() -> Any:
    """What I have achieved: pick what goes in, for a landlord, a school or an employer."""
    return render_template("account/portfolio.html", offered=portfolio_rules.choices(get_session(), current_user))


@bp.get("/portfolio/print")
@role_required(Role.YOUNG_PERSON)
def portfolio_print() -> Any:
    """The portfolio with only what I picked, ready to print or save as PDF."""
    args = request.args
    chosen = portfolio_rules.picked(get_session(), current_user, goals=args.getlist("goal"),
                                    steps=args.getlist("step"), decisions=args.getlist("decision"),
                                    causes=args.getlist("cause"), council=args.get("council") == "1")
    first, last = portfolio_rules.step_days(chosen)
    return render_template("account/portfolio_print.html", chosen=chosen, first_day=first, last_day=last,
                           today=local_today())
