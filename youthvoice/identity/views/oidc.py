"""Staff log-in through the municipality's OpenID Connect provider, and the admin's page that sets it up."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlmodel import select
from wtforms import BooleanField, PasswordField, SelectChoice, SelectField, StringField

from youthvoice.core.db import get_session
from youthvoice.core.extensions import limiter
from youthvoice.core.forms import max_length, required
from youthvoice.identity import oidc
from youthvoice.identity.models import Municipality, Role
from youthvoice.identity.views.auth import begin_session_for
from youthvoice.privacy import audit
from youthvoice.privacy.audit import Action
from youthvoice.privacy.sealing import MasterKeys
from youthvoice.web.view_helpers import form_status, refused_input, role_required

bp = Blueprint("oidc", __name__)

PENDING = "oidc_pending"  # the browser's side of a log-in under way (state, nonce, PKCE verifier, municipality)


def _login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def _master() -> MasterKeys:
    return current_app.extensions["yv_master_keys"]


def settings() -> oidc.Settings:
    """The flow's settings; the provider sends the browser back to this installation's own origin."""
    config = current_app.config
    return oidc.Settings(redirect_uri=config["WEBAUTHN_ORIGIN"] + url_for("oidc.callback"),
                         timeout=config["OIDC_TIMEOUT_SECONDS"], leeway=config["OIDC_LEEWAY_SECONDS"],
                         allow_http=config["OIDC_ALLOW_HTTP"])


def refusal_message(reason: str) -> str:
    """A refused log-in in words, without detail an attacker could use."""
    if reason == "state":
        return _("That log-in was already used or took too long. Please start again.")
    if reason == "provider_refused":
        return _("Your municipality's log-in did not let you in. If your account there is closed, ask your IT "
                 "support.")
    if reason == "not_linked":
        return _("Your municipality's account is not linked to an account here. Ask your administrator to link it.")
    if reason == "inactive":
        return _("This account is not active. Contact your administrator.")
    if reason in ("unreachable", "not_configured"):
        return _("Your municipality's log-in cannot be reached right now. Try again later, or use your passkey.")
    return _("We could not check the answer from your municipality's log-in. Please start again.")


# --- the log-in ----------------------------------------------------------------------------------------------


@bp.get("/login/staff")
def staff() -> Any:
    """Staff choose their municipality and log in through its provider."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    return render_template("auth/staff_login.html", municipalities=oidc.municipalities_with_provider(get_session()))


@bp.get("/login/staff/<slug>")
@limiter.limit(_login_limit)
def start(slug: str) -> Any:
    """Send the browser to the municipality's provider (code flow with PKCE, state and nonce). A link, not a form:
    the page's Content-Security-Policy lets forms post only to this site, redirects included. It writes the state
    (used once), so its unit of work is a write one."""
    db = get_session(write=True)
    municipality = db.exec(select(Municipality).where(Municipality.slug == slug)).first()
    provider = oidc.provider_of(db, municipality.id) if municipality is not None and municipality.id else None
    if provider is None or not provider.enabled:
        abort(404)
    try:
        url, pending = oidc.begin(db, provider=provider, master=_master(), settings=settings())
    except oidc.Refused as refused:
        return _refused(refused.reason)
    session[PENDING] = pending
    return redirect(url, code=303)


@bp.get("/login/staff/callback")
@limiter.limit(_login_limit)
def callback() -> Any:
    """The provider sends the browser back: check everything, then open a normal (revocable) session. A GET that
    writes (the state is used up, the session and the audit entry are written): its unit of work is a write one."""
    db = get_session(write=True)
    pending = session.pop(PENDING, None)
    args = {key: value for key in ("state", "code", "error") if (value := request.args.get(key))}
    try:
        person, link_row = oidc.finish(db, pending=pending, args=args, master=_master(), settings=settings())
    except oidc.Refused as refused:
        audit.record(session=db, action=Action.LOGIN_FAILED,
                     municipality_id=pending.get("municipality_id") if isinstance(pending, dict) else None,
                     object_type="oidc", object_id=refused.reason)
        db.commit()  # kept although the log-in failed: the state stays used up and the failure is audited
        return _refused(refused.reason)
    begin_session_for(person)
    audit.record(session=db, action=Action.LOGIN, actor=person, subject=person, object_type="oidc",
                 object_id=link_row.id)
    return redirect(url_for("main.home"))


def _refused(reason: str) -> Any:
    return render_template("auth/staff_login.html", municipalities=oidc.municipalities_with_provider(get_session()),
                           error=refusal_message(reason)), 400


# --- the admin sets it up ------------------------------------------------------------------------------------


class ProviderForm(FlaskForm):
    issuer = StringField(_l("Issuer"), validators=[required(), max_length(300)])
    client_id = StringField(_l("Client id"), validators=[required(), max_length(200)])
    client_secret = PasswordField(_l("Client secret"), validators=[max_length(500)])
    subject_claim = SelectField(_l("The claim that names the person"),
                                choices=[SelectChoice("sub", _l("sub (most providers)")),
                                         SelectChoice("oid", _l("oid (Microsoft Entra ID: the object id)"))],
                                default="sub")
    enabled = BooleanField(_l("Staff can log in this way"), default=True)


@bp.route("/admin/login-provider", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def provider() -> Any:
    """The municipality's provider for staff log-in: issuer, client id and secret (never shown back)."""
    db = get_session()
    saved = oidc.provider_of(db, current_user.municipality_id)
    form = ProviderForm(obj=saved if request.method == "GET" else None)
    if request.method == "GET" and saved is not None:
        form.client_secret.data = ""
    if form.validate_on_submit():
        with refused_input(form):
            row = oidc.configure(db, municipality_id=current_user.municipality_id, issuer=form.issuer.data or "",
                                 client_id=form.client_id.data or "", client_secret=form.client_secret.data or "",
                                 subject_claim=form.subject_claim.data or "", enabled=bool(form.enabled.data),
                                 master=_master(), allow_http=current_app.config["OIDC_ALLOW_HTTP"])
            audit.record(session=db, action=Action.UPDATE, actor=current_user, object_type="login_provider",
                         object_id=row.id)
            flash(_("The municipality's log-in is saved."), "success")
            return redirect(url_for("oidc.provider"))
    return render_template("auth/provider.html", form=form, saved=saved, settings=settings()), form_status(form)
