"""A person's own account: passkeys, sessions, recovery codes, the security log, and email when something is new."""

from __future__ import annotations

import uuid
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from youthvoice.core.db import get_session
from youthvoice.core.errors import NotAllowed, NotFound
from youthvoice.identity import accounts, passkeys, recovery, sessions
from youthvoice.identity.models import CeremonyPurpose
from youthvoice.identity.sessions import hash_session_id
from youthvoice.identity.views import relying_party
from youthvoice.identity.views.auth import ceremony_error
from youthvoice.notify import mail, mail_settings, push
from youthvoice.privacy import audit
from youthvoice.privacy.audit import Action
from youthvoice.web.view_helpers import json_body, refused_input

bp = Blueprint("account", __name__, url_prefix="/account", template_folder="../templates")


def _current_session_id() -> str | None:
    raw = getattr(session, "raw_id", None)
    return hash_session_id(raw) if raw else None


def _parse_uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise NotFound from error


def _render_index(*, recovered: bool = False, rename_errors: dict[str, tuple[str, str]] | None = None,
                  status: int = 200, work_values: dict[str, str] | None = None,
                  email_error: tuple[str, str] | None = None) -> Any:
    db = get_session()
    # shown when email is set up, and always with what was typed when an address was refused (kept, with why)
    email_audience = (mail_settings.audience_of(current_user)
                      if mail.service() is not None or email_error is not None else None)
    locked = recovery.staff_made_passkeys(db, current_user)
    page = render_template(
        "account/index.html",
        passkeys=accounts.passkeys_of(db, current_user),
        live_sessions=sessions.active_sessions(db, current_user.id),
        current_session_id=_current_session_id(),
        unused_codes=accounts.unused_code_count(db, current_user),
        events=audit.security_events_for(db, current_user.id, limit=30),
        pending_recovery=recovery.approval_for(db, current_user, current_user),
        locked_passkeys=locked,
        locked_passkey_ids={passkey.id for passkey, _until in locked},
        content_locked_until=g.get("content_locked_until"),
        recovered=recovered,
        rename_errors=rename_errors or {},
        push_enabled=push.service() is not None,
        email_audience=email_audience,
        email_setting=mail_settings.setting_of(db, current_user) if email_audience else None,
        email_error=email_error,
        work=work_values or {"days": current_user.work_days, "start": current_user.work_start,
                             "end": current_user.work_end},
    )
    return page, status


@bp.get("/")
@login_required
def index() -> Any:
    """Everything about how this person logs in, in one place."""
    return _render_index(recovered=request.args.get("recovered") == "1")


@bp.get("/welcome")
@login_required
def welcome() -> Any:
    """Right after the first passkey: the recovery codes, shown once."""
    codes = session.pop("fresh_recovery_codes", None)
    if not codes:
        return redirect(url_for("main.home"))
    return render_template("account/recovery_codes.html", codes=codes, first_time=True)


@bp.post("/recovery-codes")
@login_required
def new_recovery_codes() -> Any:
    """Make a new set of recovery codes; the old ones stop working."""
    db = get_session()
    codes = accounts.new_recovery_codes(db, current_user, current_app.config["RECOVERY_CODE_COUNT"])
    return render_template("account/recovery_codes.html", codes=codes, first_time=False)


@bp.post("/passkeys/options")
@login_required
def add_passkey_options() -> Any:
    """Options to register one more passkey for the logged-in person."""
    db = get_session()
    options = passkeys.registration_options(db, relying_party(), current_user, CeremonyPurpose.ADD)
    return jsonify(options)


@bp.post("/passkeys/verify")
@login_required
def add_passkey_verify() -> Any:
    """Keep the extra passkey; it can only ever be added to the logged-in person's own account."""
    db = get_session()
    body = json_body()
    credential = body.get("credential")
    if not isinstance(credential, dict):
        return ceremony_error("malformed")
    try:
        new_passkey = passkeys.verify_registration(db, relying_party(), credential, {CeremonyPurpose.ADD})
        accounts.add_passkey(db, person=current_user, new_passkey=new_passkey,
                             name=accounts.clean_passkey_name(body.get("name"), _("Another device")))
    except passkeys.PasskeyError as error:
        db.commit()  # kept although the registration failed: its challenge stays consumed
        return ceremony_error(error.reason)
    except NotAllowed:
        db.commit()  # kept although the passkey is refused: its challenge stays consumed
        return ceremony_error("refused")
    flash(_("Your new passkey is ready."), "success")
    return jsonify({"redirect": url_for("account.index")})


@bp.post("/passkeys/<passkey_id>/rename")
@login_required
def rename_passkey(passkey_id: str) -> Any:
    """Give a passkey a name the person recognises."""
    db = get_session()
    name = request.form.get("name", "")
    with refused_input() as refused:
        accounts.rename_passkey(db, person=current_user, passkey_id=_parse_uuid(passkey_id), name=name,
                                message=_("A name needs 1 to 60 characters."))
        flash(_("Saved."), "success")
        return redirect(url_for("account.index"))
    return _render_index(rename_errors={passkey_id: (refused.message, name)}, status=400)


@bp.post("/passkeys/<passkey_id>/remove")
@login_required
def remove_passkey(passkey_id: str) -> Any:
    """Remove a passkey (never the last one)."""
    db = get_session()
    try:
        accounts.remove_passkey(db, person=current_user, passkey_id=_parse_uuid(passkey_id))
    except NotAllowed:
        db.rollback()  # nothing is kept (the answer is a redirect, which the unit of work would commit)
        flash(_("You cannot remove your only passkey. Add another one first."), "error")
        return redirect(url_for("account.index"))
    flash(_("The passkey was removed."), "success")
    return redirect(url_for("account.index"))


@bp.post("/sessions/<session_id>/end")
@login_required
def end_session(session_id: str) -> Any:
    """Log out one of this person's other devices."""
    db = get_session()
    if not sessions.end_one(db, current_user.id, session_id):
        raise NotFound
    audit.record(session=db, action=Action.SESSIONS_ENDED, actor=current_user, subject=current_user)
    flash(_("That device is logged out."), "success")
    return redirect(url_for("account.index"))


@bp.post("/sessions/end-others")
@login_required
def end_other_sessions() -> Any:
    """Log out everywhere else."""
    db = get_session()
    ended = sessions.end_sessions(db, current_user.id, except_id=_current_session_id())
    audit.record(session=db, action=Action.SESSIONS_ENDED, actor=current_user, subject=current_user)
    flash(ngettext("Logged out on %(num)d other device.", "Logged out on %(num)d other devices.", ended), "success")
    return redirect(url_for("account.index"))


@bp.post("/work-hours")
@login_required
def work_hours() -> Any:
    """A professional's working days and hours: young people see when they are at work."""
    if not current_user.is_professional:
        raise NotFound
    db = get_session()
    days = "".join(day for day in "1234567" if day in request.form.getlist("days"))
    start, end = request.form.get("start", ""), request.form.get("end", "")
    with refused_input() as refused:
        accounts.set_work_hours(db, person=current_user, days=days, start=start, end=end,
                                message=_("Write the times as HH:MM. The start and the end cannot be the same."),
                                no_days=_("Tick at least one day you work."))
        flash(_("Saved."), "success")
        return redirect(url_for("account.index") + "#work-hours")
    flash(refused.message, "error")
    return _render_index(status=400, work_values={"days": days, "start": start, "end": end})


@bp.post("/email")
@login_required
def email_on() -> Any:
    """Turn email on, or change its address: staff, and young members of the youth council for its news."""
    if mail_settings.audience_of(current_user) is None:
        raise NotFound
    db = get_session()
    address = request.form.get("address", "")
    with refused_input() as refused:
        mail_settings.turn_on(db, person=current_user, address=address, locale=str(get_locale() or "") or None,
                              message=_("Write one email address, like name@example.dk."))
        flash(_("Saved. We email you when something is new."), "success")
        return redirect(url_for("account.index") + "#email")
    return _render_index(status=400, email_error=(refused.message, address))


@bp.post("/email/off")
@login_required
def email_off() -> Any:
    """Turn email off; the address is deleted."""
    if mail_settings.audience_of(current_user) is None:
        raise NotFound
    if mail_settings.turn_off(get_session(), person=current_user):
        flash(_("Email is off. Your address is deleted."), "success")
    return redirect(url_for("account.index") + "#email")
