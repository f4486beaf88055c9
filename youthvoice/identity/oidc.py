"""Staff log in with their municipality's OpenID Connect provider: the only module that speaks OpenID Connect.

The rules:
- One provider per municipality (issuer, client id, client secret), set by its admin. The secret is sealed with
  the current master key (MASTER_KEYS) and never shown again; a blank secret on a later save keeps it.
- Only professionals and admins log in this way. Passkeys stay, and stay the only way for everyone else.
- An account is found by (issuer, subject) its admin linked, never by an e-mail address: `subject_claim` is
  `sub`, or `oid` for Microsoft Entra ID (the account's object id, which the admin sees in Entra's portal).
- The wall: the log-in runs against the provider of the municipality chosen at the start, the token must come
  from that provider's issuer and be meant for its client id, and the account linked to the subject must be of
  that same municipality. One municipality's provider never logs anyone into another.
- The authorization code flow with PKCE (S256), a state kept server-side and used once, and a nonce. The ID
  token's signature is checked against the provider's published keys (JWKS), then its issuer, audience, expiry
  and nonce. A person the provider refuses (disabled there) gets no code; one deactivated here is refused here.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from flask_babel import gettext as _
from joserfc import jwt
from joserfc.errors import ClaimError, JoseError
from joserfc.jwk import KeySet
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from youthvoice.core.errors import InvalidInput
from youthvoice.core.model import utcnow
from youthvoice.identity.models import (
    AccountStatus,
    CeremonyPurpose,
    Challenge,
    LoginProvider,
    Municipality,
    ProviderLink,
    Role,
    User,
)
from youthvoice.privacy.sealing import MasterKeys, SealingError, open_bytes, seal_bytes

STAFF_ROLES = (Role.PROFESSIONAL, Role.ADMIN)
SCOPE = "openid profile"
SUBJECT_CLAIMS = ("sub", "oid")
STATE_MINUTES = 10
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "ES256", "ES384")


class Refused(Exception):  # noqa: N818 - a log-in refused, for a reason the view words
    """A log-in through the provider that did not succeed; `reason` says why (for the audit log and the message)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Settings:
    """What the flow needs from the configuration."""

    redirect_uri: str
    timeout: float = 10
    leeway: int = 30
    allow_http: bool = False


# --- the admin's configuration -------------------------------------------------------------------------------


def provider_of(db: Session, municipality_id: int) -> LoginProvider | None:
    return db.exec(select(LoginProvider).where(LoginProvider.municipality_id == municipality_id)).first()


def municipalities_with_provider(db: Session) -> list[Municipality]:
    """The municipalities whose staff can log in through their provider (for the log-in page's list)."""
    return list(db.exec(select(Municipality).join(LoginProvider, col(LoginProvider.municipality_id) == Municipality.id)
                        .where(col(LoginProvider.enabled)).order_by(Municipality.name)).all())


def any_provider(db: Session) -> bool:
    """Whether any municipality's staff can log in through their provider (the log-in page then says how)."""
    try:
        return db.exec(select(LoginProvider.id).where(col(LoginProvider.enabled)).limit(1)).first() is not None
    except OperationalError:  # the log-in page needs no database: with it down, passkeys are offered as ever
        db.rollback()
        return False


def _aad(municipality_id: int) -> bytes:
    return f"loginprovider|{municipality_id}|client_secret".encode()


def _clean_issuer(issuer: str, *, allow_http: bool) -> str:
    issuer = issuer.strip()
    parts = urlsplit(issuer)
    schemes = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in schemes or not parts.netloc or parts.query or parts.fragment or len(issuer) > 300:
        raise InvalidInput(_("Type the issuer's address, starting with https://"), field="issuer")
    return issuer


def configure(db: Session, *, municipality_id: int, issuer: str, client_id: str, client_secret: str,
              subject_claim: str, enabled: bool, master: MasterKeys, allow_http: bool = False) -> LoginProvider:
    """Set the municipality's provider; the secret is sealed, and a blank one keeps the secret already saved."""
    issuer = _clean_issuer(issuer, allow_http=allow_http)
    client_id = client_id.strip()
    if not client_id or len(client_id) > 200:
        raise InvalidInput(_("Type the client id."), field="client_id")
    if subject_claim not in SUBJECT_CLAIMS:
        raise InvalidInput(_("Choose which claim names the person."), field="subject_claim")
    provider = provider_of(db, municipality_id)
    secret = client_secret.strip()
    if provider is None and not secret:
        raise InvalidInput(_("Type the client secret."), field="client_secret")
    if provider is None:
        provider = LoginProvider(municipality_id=municipality_id, issuer=issuer, client_id=client_id,
                                 client_secret_sealed=b"", secret_key_id="")
    if provider.issuer != issuer:
        # the links name the old issuer: they no longer find anyone, so they go (the admin links people again)
        for link in db.exec(select(ProviderLink).where(ProviderLink.municipality_id == municipality_id)).all():
            db.delete(link)
    provider.issuer, provider.client_id = issuer, client_id
    provider.subject_claim, provider.enabled, provider.updated_at = subject_claim, enabled, utcnow()
    if secret:
        provider.client_secret_sealed = seal_bytes(master.current, secret.encode(), _aad(municipality_id))
        provider.secret_key_id = master.current_id
    db.add(provider)
    db.flush()
    return provider


def client_secret(provider: LoginProvider, master: MasterKeys) -> str:
    """The provider's client secret, opened for the token request (never for a page)."""
    key = master.by_id.get(provider.secret_key_id)
    if key is None:
        raise Refused("not_configured")
    try:
        return open_bytes(key, provider.client_secret_sealed, _aad(provider.municipality_id)).decode()
    except SealingError as error:
        raise Refused("not_configured") from error


def rotate_secrets(db: Session, master: MasterKeys) -> int:
    """Seal every provider's client secret with the current master key (`youthvoice rotate-master-key`)."""
    count = 0
    for provider in db.exec(select(LoginProvider).where(LoginProvider.secret_key_id != master.current_id)).all():
        secret = client_secret(provider, master)
        provider.client_secret_sealed = seal_bytes(master.current, secret.encode(), _aad(provider.municipality_id))
        provider.secret_key_id = master.current_id
        db.add(provider)
        count += 1
    db.flush()
    return count


# --- linking a member of staff -------------------------------------------------------------------------------


def link_of(db: Session, person: User) -> ProviderLink | None:
    return db.exec(select(ProviderLink).where(ProviderLink.user_id == person.id)).first()


def link(db: Session, *, person: User, subject: str, actor: User) -> ProviderLink:
    """Link a professional's or admin's account to their account at the municipality's provider."""
    subject = subject.strip()
    if person.role not in STAFF_ROLES:
        raise InvalidInput(_("Only professionals and administrators log in through the municipality."),
                           field="subject")
    provider = provider_of(db, person.municipality_id)
    if provider is None:
        raise InvalidInput(_("Set up the municipality's log-in first."), field="subject")
    if not subject or len(subject) > 200:
        raise InvalidInput(_("Type the person's id at the municipality's log-in."), field="subject")
    taken = db.exec(select(ProviderLink).where(ProviderLink.issuer == provider.issuer,
                                               ProviderLink.subject == subject,
                                               ProviderLink.user_id != person.id)).first()
    if taken is not None:
        raise InvalidInput(_("This id is already linked to another account."), field="subject")
    row = link_of(db, person) or ProviderLink(municipality_id=person.municipality_id, user_id=person.id,
                                              issuer=provider.issuer, subject=subject)
    row.issuer, row.subject, row.linked_by_id, row.created_at = provider.issuer, subject, actor.id, utcnow()
    db.add(row)
    db.flush()
    return row


def unlink(db: Session, *, person: User) -> None:
    """The person no longer logs in through the municipality (their passkeys still work)."""
    row = link_of(db, person)
    if row is not None:
        db.delete(row)
        db.flush()


# --- the log-in ----------------------------------------------------------------------------------------------


def discover(issuer: str, settings: Settings) -> dict[str, Any]:
    """The provider's published configuration; its issuer must be the one configured, to the character."""
    try:
        response = requests.get(issuer.rstrip("/") + "/.well-known/openid-configuration", timeout=settings.timeout)
        response.raise_for_status()
        metadata = response.json()
    except (requests.RequestException, ValueError) as error:
        raise Refused("unreachable") from error
    needed = ("authorization_endpoint", "token_endpoint", "jwks_uri")
    if not isinstance(metadata, dict) or metadata.get("issuer") != issuer or not all(
            isinstance(metadata.get(key), str) for key in needed):
        raise Refused("unreachable")
    return metadata


def _client(provider: LoginProvider, secret: str, settings: Settings) -> OAuth2Session:
    return OAuth2Session(provider.client_id, secret, scope=SCOPE, redirect_uri=settings.redirect_uri,
                         code_challenge_method="S256")


def _state_hash(state: str) -> str:
    return hashlib.sha256(f"oidc|{state}".encode()).hexdigest()


def begin(db: Session, *, provider: LoginProvider, master: MasterKeys,
          settings: Settings) -> tuple[str, dict[str, Any]]:
    """Where to send the browser, and what the browser's session keeps until it comes back (state, nonce, PKCE
    verifier, municipality). The state is also kept server-side, to be used once."""
    if not provider.enabled:
        raise Refused("not_configured")
    metadata = discover(provider.issuer, settings)
    state, nonce, verifier = secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(48)
    with _client(provider, client_secret(provider, master), settings) as client:
        url, _state = client.create_authorization_url(metadata["authorization_endpoint"], state=state,
                                                      code_verifier=verifier, nonce=nonce)
    db.add(Challenge(challenge_hash=_state_hash(state), purpose=CeremonyPurpose.OIDC,
                     expires_at=utcnow() + timedelta(minutes=STATE_MINUTES)))
    db.flush()
    return url, {"state": state, "nonce": nonce, "verifier": verifier, "municipality_id": provider.municipality_id}


def _use_state(db: Session, pending: dict[str, Any] | None, state: str) -> dict[str, Any]:
    """The browser's pending log-in, if `state` is its state and was not used before (it is used up now)."""
    if not isinstance(pending, dict) or not isinstance(pending.get("state"), str) or not state:
        raise Refused("state")
    if not hmac.compare_digest(pending["state"], state):
        raise Refused("state")
    row = db.exec(select(Challenge).where(Challenge.challenge_hash == _state_hash(state),
                                          Challenge.purpose == CeremonyPurpose.OIDC)).first()
    if row is None:
        raise Refused("state")
    db.delete(row)
    db.flush()
    if row.expires_at < utcnow():
        raise Refused("state")
    return pending


def validate_id_token(id_token: Any, jwks: Any, *, issuer: str, client_id: str, nonce: str,
                      leeway: int) -> dict[str, Any]:
    """The ID token's claims, once its signature (the provider's keys), issuer, audience, expiry and nonce hold."""
    if not isinstance(id_token, str):
        raise Refused("token")
    try:
        token = jwt.decode(id_token, KeySet.import_key_set(jwks), algorithms=list(ALGORITHMS))
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise Refused("signature") from error
    claims = CodeIDToken(token.claims, token.header,
                         options={"iss": {"essential": True, "value": issuer},
                                  "aud": {"essential": True, "value": client_id},
                                  "exp": {"essential": True},
                                  "nonce": {"essential": True, "value": nonce}},
                         params={"nonce": nonce, "client_id": client_id})
    try:
        claims.validate(leeway=leeway)
    except ClaimError as error:
        raise Refused(f"claim_{error.claim}") from error
    except JoseError as error:
        raise Refused("token") from error
    return dict(claims)


def _fetch_keys(metadata: dict[str, Any], settings: Settings) -> Any:
    try:
        response = requests.get(metadata["jwks_uri"], timeout=settings.timeout)
        response.raise_for_status()
        return response.json()
    except (requests.RequestException, ValueError) as error:
        raise Refused("unreachable") from error


def finish(db: Session, *, pending: dict[str, Any] | None, args: dict[str, str], master: MasterKeys,
           settings: Settings) -> tuple[User, ProviderLink]:
    """The browser is back from the provider: use up the state, exchange the code (with the PKCE verifier),
    check the ID token and find the linked member of staff of that same municipality."""
    pending = _use_state(db, pending, args.get("state", ""))
    if args.get("error"):
        raise Refused("provider_refused")
    code = args.get("code")
    if not code:
        raise Refused("state")
    provider = provider_of(db, int(pending["municipality_id"]))
    if provider is None or not provider.enabled:
        raise Refused("not_configured")
    metadata = discover(provider.issuer, settings)
    try:
        with _client(provider, client_secret(provider, master), settings) as client:
            token = client.fetch_token(metadata["token_endpoint"], code=code, code_verifier=pending["verifier"],
                                       timeout=settings.timeout)
    except (requests.RequestException, OAuthError, ValueError, KeyError) as error:
        raise Refused("token") from error
    claims = validate_id_token(token.get("id_token"), _fetch_keys(metadata, settings), issuer=provider.issuer,
                               client_id=provider.client_id, nonce=pending["nonce"], leeway=settings.leeway)
    return _linked_person(db, provider, claims.get(provider.subject_claim))


def _linked_person(db: Session, provider: LoginProvider, subject: Any) -> tuple[User, ProviderLink]:
    """The member of staff linked to `subject` at this municipality's provider, made active at their first log-in
    (the admin's link is their invitation); a deactivated account stays out."""
    if not isinstance(subject, str) or not subject:
        raise Refused("claim_sub")
    row = db.exec(select(ProviderLink).where(ProviderLink.issuer == provider.issuer,
                                             ProviderLink.subject == subject)).first()
    person = db.get(User, row.user_id) if row is not None else None
    if (row is None or person is None or row.municipality_id != provider.municipality_id
            or person.municipality_id != provider.municipality_id or person.role not in STAFF_ROLES):
        raise Refused("not_linked")
    if person.status == AccountStatus.PENDING:
        person.status, person.activated_at = AccountStatus.ACTIVE, utcnow()
    if not person.is_active:
        raise Refused("inactive")
    row.last_login_at = utcnow()
    db.add(row)
    db.add(person)
    return person, row
