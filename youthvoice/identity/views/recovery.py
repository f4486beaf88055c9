"""Recovery made by staff, as the people involved see it: a second member of staff approves the link, the person
stops it ("not me"), and a session opened with a staff-recovered passkey waits, or is unlocked with a recovery
code (the rules are in youthvoice/recovery.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from youthvoice.core.db import get_session
from youthvoice.core.errors import wants_json
from youthvoice.core.model import utcnow
from youthvoice.identity import recovery, sessions
from youthvoice.identity.models import Role
from youthvoice.identity.sessions import LOCKED_UNTIL
from youthvoice.privacy.words import ContentLocked
from youthvoice.web.view_helpers import role_required

bp = Blueprint("recovery", __name__)

# What a session opened with a locked passkey can still reach: its account page (read only), the unlock form,
# help, the rights pages, the language switch, log-out, and what the browser itself fetches.
OPEN_WHILE_LOCKED = frozenset({
    "recovery.locked", "recovery.unlock", "recovery.stop", "account.index", "auth.logout", "support.help_now",
    "support.rights_index", "support.rights_page", "main.set_language", "notifications.index", "health.healthz",
    "assets.static_file", "pwa.manifest", "pwa.service_worker", "pwa.offline",
})


def _locked_until() -> datetime | None:
    raw = session.get(LOCKED_UNTIL)
    if not raw:
        return None
    until = datetime.fromisoformat(raw)
    if until <= utcnow():
        session.pop(LOCKED_UNTIL, None)
        return None
    return until


@bp.before_app_request
def _keep_locked() -> Any:
    """A session opened with a staff-recovered passkey shows none of the person's own words until the lock ends:
    every sealed value of theirs refuses to open (words.ViewLog), and every page but a few says why."""
    until = _locked_until()
    if until is None or not current_user.is_authenticated:
        return None
    log = get_session().info.get("yv_on_open")
    if log is not None:
        log.locked_owner = current_user.id
    g.content_locked_until = until
    if request.endpoint in OPEN_WHILE_LOCKED:
        return None
    return _locked_page(until)


@bp.app_errorhandler(ContentLocked)
def _content_locked(_error: ContentLocked) -> Any:
    return _locked_page(g.get("content_locked_until"))


def _locked_page(until: datetime | None, *, error: str | None = None, status: int = 423) -> Any:
    if wants_json():
        return {"error": _("Locked after a recovery by staff until %(when)s.", when=until.isoformat() if until
                           else ""), "status": status}, status
    return render_template("account/locked.html", until=until, error=error), status


@bp.get("/account/locked")
@login_required
def locked() -> Any:
    """Why this phone sees nothing of mine yet, and how to open it now."""
    return _locked_page(g.get("content_locked_until"), status=200)


@bp.post("/account/unlock")
@login_required
def unlock() -> Any:
    """One of my recovery codes proves it is me: this phone opens my words from now on."""
    until = g.get("content_locked_until")
    if until is None:
        return _locked_page(None, error=_("Nothing is locked on this phone."), status=409)
    db = get_session()
    passkey_id = sessions.passkey_of(db, getattr(session, "raw_id", None))
    if not recovery.unlock_with_code(db, person=current_user, passkey_id=passkey_id,
                                     code=request.form.get("code", "")):
        db.rollback()
        return _locked_page(until, error=_("That is not one of your recovery codes, or it was used before."),
                            status=400)
    db.commit()  # kept although the request goes on: the code is spent before this phone forgets its lock
    session.pop(LOCKED_UNTIL, None)
    flash(_("Unlocked. Everything of yours is open on this phone again."), "success")
    return redirect(url_for("main.home"))


@bp.post("/account/recovery/stop")
@login_required
def stop() -> Any:
    """"Not me": stop every recovery link for my account that can still be used."""
    db = get_session()
    stopped = recovery.stop(db, person=current_user)
    flash(_("Stopped. The link no longer works. Tell someone you trust, or your municipality.") if stopped
          else _("There was no link to stop."), "success")
    return redirect(url_for("account.index") + "#recovery")


@bp.post("/recovery/<person_id>/approve")
@role_required(Role.PROFESSIONAL, Role.ADMIN)
def approve(person_id: str) -> Any:
    """A second member of staff approves a recovery link a colleague made."""
    db = get_session()
    person = recovery.person_in_reach(db, current_user, person_id)
    recovery.approve(db, actor=current_user, person=person)
    flash(_("Approved. The link works now. %(name)s is told on their other devices.", name=person.display_name),
          "success")
    page = "admin.person" if current_user.is_admin else "people.person"
    return redirect(url_for(page, person_id=person.id))
