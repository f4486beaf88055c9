"""Log-in with a passkey, invites, recovery and log-out."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from sqlmodel import Session
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from youthvoice.core.db import get_session, parse_id
from youthvoice.core.extensions import limiter, login_manager
from youthvoice.core.model import utcnow
from youthvoice.identity import accounts, oidc, passkeys, recovery, sessions
from youthvoice.identity.models import CeremonyPurpose, InviteKind, Passkey, RecoveryCode, User
from youthvoice.identity.views import relying_party
from youthvoice.privacy import audit
from youthvoice.privacy.audit import Action
from youthvoice.web.view_helpers import json_body, safe_next

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def _invite_limit() -> str:
    return current_app.config["RATELIMIT_INVITE"]


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    loaded = getattr(session, "user", None)  # read with the session row (sessions.py)
    wanted = parse_id(user_id)
    if wanted is None:
        return None
    person = loaded if loaded is not None and loaded.id == wanted else get_session().get(User, wanted)
    return person if person is not None and person.is_active else None


def ceremony_error(reason: str) -> tuple[Any, int]:
    """A refused ceremony, explained without detail an attacker could use."""
    messages = {
        "unknown_credential": _("This passkey is not known here. It may have been removed."),
        "expired_challenge": _("That took too long. Please try again."),
        "unknown_challenge": _("That took too long. Please try again."),
        "duplicate_credential": _("This passkey is already registered."),
        "used": _("This link has already been used."),
        "expired": _("This link has expired. Ask for a new one."),
        "unknown": _("This link does not work. Ask for a new one."),
        "inactive": _("This account is not active. Contact the person who invited you."),
        "waiting": _("This link works once a second person from the staff has approved it."),
    }
    message = messages.get(reason, _("We could not verify your passkey. Please try again."))
    return jsonify({"error": message}), 400


def begin_session_for(person: User, *, via_recovery: bool = False, passkey: Passkey | None = None) -> None:
    """Log the person in on a brand new session id, opened with `passkey` (its lock, if any, comes along)."""
    sessions.start_login(session, person, via_recovery=via_recovery, passkey_id=passkey.id if passkey else None,
                         locked_until=recovery.locked_until(passkey))
    login_user(person)
    person.last_login_at = utcnow()
    get_session().add(person)


# --- log-in --------------------------------------------------------------------------------------------


@bp.get("/login")
def login() -> Any:
    """The log-in page: one button, and the browser's passkey autofill where it has one."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", next=safe_next(request.args.get("next"), ""),
                           staff_provider=oidc.any_provider(get_session()))


@bp.post("/login/options")
@limiter.limit(_login_limit)
def login_options() -> Any:
    """A fresh challenge for a usernameless passkey log-in."""
    db = get_session()
    options = passkeys.authentication_options(db, relying_party())
    return jsonify(options)


@bp.post("/login/verify")
@limiter.limit(_login_limit)
def login_verify() -> Any:
    """Check the passkey's answer and start a session."""
    db = get_session()
    body = json_body()
    credential = body.get("credential")
    if not isinstance(credential, dict):
        return ceremony_error("malformed")
    try:
        passkey = passkeys.verify_authentication(db, relying_party(), credential)
    except passkeys.PasskeyError as error:
        audit.record(session=db, action=Action.LOGIN_FAILED, object_type="passkey", object_id=error.reason)
        db.commit()  # kept although the log-in failed: the challenge stays consumed and the failure is audited
        return ceremony_error(error.reason)
    person = db.get(User, passkey.user_id)
    if person is None or not person.is_active:
        db.commit()  # kept although the log-in is refused: the challenge stays consumed
        return ceremony_error("inactive")
    begin_session_for(person, passkey=passkey)
    audit.record(session=db, action=Action.LOGIN, actor=person, subject=person, object_type="passkey",
                 object_id=passkey.id)
    return jsonify({"redirect": safe_next(body.get("next"), url_for("main.home"))})


@bp.post("/logout")
def logout() -> Any:
    """End this session for real, and ask the browser to forget what it kept."""
    if current_user.is_authenticated:
        db = get_session()
        audit.record(session=db, action=Action.LOGOUT, actor=current_user, subject=current_user)
        logout_user()
    sessions.end_current(session)
    response = redirect(url_for("auth.login", bye=1))
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


# --- invites -------------------------------------------------------------------------------------------


@bp.get("/i/<token>")
@limiter.limit(_invite_limit)
def invite(token: str) -> Any:
    """The page an invite link opens: a welcome and one button to create a passkey."""
    try:
        invite_row, person = accounts.open_invite(get_session(), token)
    except accounts.InviteProblem as problem:
        status = 410 if problem.reason in ("used", "expired") else 409 if problem.reason == "waiting" else 404
        return render_template("auth/invite_problem.html", reason=problem.reason), status
    return render_template("auth/invite.html", person=person, invite=invite_row, token=token,
                           recovery=invite_row.kind == InviteKind.RECOVERY)


@bp.post("/i/<token>/options")
@limiter.limit(_invite_limit)
def invite_options(token: str) -> Any:
    """Registration options for the invited person."""
    db = get_session()
    try:
        invite_row, person = accounts.open_invite(db, token)
    except accounts.InviteProblem as problem:
        return ceremony_error(problem.reason)
    options = passkeys.registration_options(db, relying_party(), person, CeremonyPurpose.REGISTER,
                                            invite_id=invite_row.id)
    return jsonify(options)


@bp.post("/i/<token>/verify")
@limiter.limit(_invite_limit)
def invite_verify(token: str) -> Any:
    """Keep the new passkey, use up the invite and log the person in."""
    db = get_session()
    body = json_body()
    try:
        invite_row, _person = accounts.open_invite(db, token)
        credential = body.get("credential")
        if not isinstance(credential, dict):
            return ceremony_error("malformed")
        new_passkey = passkeys.verify_registration(db, relying_party(), credential, {CeremonyPurpose.REGISTER})
        if new_passkey.challenge.invite_id != invite_row.id:
            raise passkeys.PasskeyError("wrong_invite")
        person, passkey = accounts.redeem_invite(
            db, invite_id=invite_row.id, new_passkey=new_passkey,
            passkey_name=accounts.clean_passkey_name(body.get("name"), _("My phone")),
            lock_hours=current_app.config["RECOVERY_LOCK_HOURS"])
    except (accounts.InviteProblem, passkeys.PasskeyError) as problem:
        db.commit()  # kept although the registration failed: its challenge stays consumed
        return ceremony_error(problem.reason)
    recovering = invite_row.kind == InviteKind.RECOVERY
    if recovering:
        sessions.end_sessions(db, person.id)
    begin_session_for(person, via_recovery=recovering, passkey=passkey)
    target = url_for("account.index", recovered=1) if recovering else url_for("account.welcome")
    if not recovering:
        session["fresh_recovery_codes"] = accounts.new_recovery_codes(
            db, person, current_app.config["RECOVERY_CODE_COUNT"])
    return jsonify({"redirect": target})


# --- recovery with a code ------------------------------------------------------------------------------


class RecoveryCodeForm(FlaskForm):
    code = StringField(validators=[DataRequired(), Length(max=40)])


@bp.route("/recover", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def recover() -> Any:
    """Lost your phone? Type one of your recovery codes, then create a passkey on this device."""
    form = RecoveryCodeForm()
    error = None
    if form.validate_on_submit():
        row = accounts.check_recovery_code(get_session(), form.code.data or "")
        if row is not None:
            session["recovery_code_id"] = str(row.id)
            return render_template("auth/recover_passkey.html")
        error = _("That code does not work. Check it, or ask your contact person for a new invite.")
    elif request.method == "POST":
        error = _("Type one of your recovery codes.")
    return render_template("auth/recover.html", form=form, error=error), 400 if error else 200


def _recovery_code_row(db: Session) -> RecoveryCode | None:
    raw = session.get("recovery_code_id")
    ident = parse_id(raw) if raw else None
    row = db.get(RecoveryCode, ident) if ident else None
    return row if row is not None and row.used_at is None else None


@bp.post("/recover/options")
@limiter.limit(_login_limit)
def recover_options() -> Any:
    """Registration options for the person whose recovery code was just checked."""
    db = get_session()
    row = _recovery_code_row(db)
    person = db.get(User, row.user_id) if row else None
    if person is None or not person.is_active:
        return ceremony_error("expired")
    options = passkeys.registration_options(db, relying_party(), person, CeremonyPurpose.RECOVER)
    return jsonify(options)


@bp.post("/recover/verify")
@limiter.limit(_login_limit)
def recover_verify() -> Any:
    """Spend the code, keep the passkey, end every other session, log in."""
    db = get_session()
    row = _recovery_code_row(db)
    credential = json_body().get("credential")
    if row is None or not isinstance(credential, dict):
        return ceremony_error("expired")
    try:
        new_passkey = passkeys.verify_registration(db, relying_party(), credential, {CeremonyPurpose.RECOVER})
        person, passkey = accounts.recover_with_code(db, code_id=row.id, new_passkey=new_passkey,
                                                     passkey_name=accounts.clean_passkey_name(
                                                         json_body().get("name"), _("New phone")))
    except (accounts.InviteProblem, passkeys.PasskeyError) as problem:
        db.commit()  # kept although the recovery failed: its challenge stays consumed
        return ceremony_error(problem.reason)
    sessions.end_sessions(db, person.id)
    session.pop("recovery_code_id", None)
    begin_session_for(person, via_recovery=True, passkey=passkey)
    return jsonify({"redirect": url_for("account.index", recovered=1)})
