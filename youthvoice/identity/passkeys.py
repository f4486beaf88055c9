"""Passkey ceremonies: the only module that imports py_webauthn.

py_webauthn checks signatures, origin, RP id and flags. Two things are ours: a challenge is stored server-side,
consumed once (an atomic DELETE … RETURNING) and expires; and the new sign count is saved, so a count that
goes backwards (a cloned authenticator) is refused next time.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, delete, select
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from youthvoice.core.model import utcnow
from youthvoice.identity.models import Challenge, Passkey, User


@dataclass(frozen=True)
class RelyingParty:
    id: str
    name: str
    origin: str
    challenge_seconds: int = 300


class PasskeyError(Exception):
    """A ceremony that must be refused. `reason` is a short code for the log, never shown as is."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ConsumedChallenge:
    purpose: str
    user_id: uuid.UUID | None
    invite_id: uuid.UUID | None
    challenge: bytes


def _b64decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _challenge_hash(challenge: bytes) -> str:
    return hashlib.sha256(challenge).hexdigest()


def _store_challenge(db: Session, rp: RelyingParty, challenge: bytes, purpose: str, *,
                     user_id: uuid.UUID | None = None, invite_id: uuid.UUID | None = None) -> None:
    db.add(
        Challenge(
            challenge_hash=_challenge_hash(challenge),
            purpose=purpose,
            user_id=user_id,
            invite_id=invite_id,
            expires_at=utcnow() + timedelta(seconds=rp.challenge_seconds),
        )
    )
    db.flush()


def _client_challenge(credential: dict[str, Any]) -> bytes:
    """The challenge the browser signed, read from clientDataJSON, to find our stored copy."""
    try:
        client_data = json.loads(_b64decode(credential["response"]["clientDataJSON"]))
        return _b64decode(client_data["challenge"])
    except (KeyError, TypeError, ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise PasskeyError("malformed") from error


def consume_challenge(db: Session, credential: dict[str, Any], purposes: set[str]) -> ConsumedChallenge:
    """Take the stored challenge this response answers; it can never be used again."""
    challenge = _client_challenge(credential)
    row = db.exec(
        delete(Challenge)
        .where(col(Challenge.challenge_hash) == _challenge_hash(challenge))
        .returning(col(Challenge.purpose), col(Challenge.user_id), col(Challenge.invite_id), col(Challenge.expires_at))
    ).first()
    if row is None:
        raise PasskeyError("unknown_challenge")
    purpose, user_id, invite_id, expires_at = row
    if expires_at.tzinfo is None:
        from datetime import UTC

        expires_at = expires_at.replace(tzinfo=UTC)
    if expires_at <= utcnow():
        raise PasskeyError("expired_challenge")
    if purpose not in purposes:
        raise PasskeyError("wrong_purpose")
    return ConsumedChallenge(purpose, _as_uuid(user_id), _as_uuid(invite_id), challenge)


def _as_uuid(value: object) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def registration_options(db: Session, rp: RelyingParty, user: User, purpose: str, *,
                         invite_id: uuid.UUID | None = None) -> dict[str, Any]:
    """Options for navigator.credentials.create(): a discoverable credential with user verification."""
    existing = db.exec(select(Passkey.credential_id).where(Passkey.user_id == user.id)).all()
    options = generate_registration_options(
        rp_id=rp.id,
        rp_name=rp.name,
        user_id=user.webauthn_user_handle,
        user_name=user.pseudonym,
        user_display_name=user.pseudonym,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=cid) for cid in existing],
        timeout=rp.challenge_seconds * 1000,
    )
    _store_challenge(db, rp, options.challenge, purpose, user_id=user.id, invite_id=invite_id)
    return json.loads(options_to_json(options))


@dataclass(frozen=True)
class NewPasskey:
    challenge: ConsumedChallenge
    credential_id: bytes
    public_key: bytes
    sign_count: int
    backed_up: bool
    transports: str


def verify_registration(db: Session, rp: RelyingParty, credential: dict[str, Any],
                        purposes: set[str]) -> NewPasskey:
    """Check a create() response against its stored challenge; the caller decides whose passkey it is."""
    consumed = consume_challenge(db, credential, purposes)
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=consumed.challenge,
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            require_user_verification=True,
        )
    except (WebAuthnException, KeyError, TypeError, ValueError) as error:
        raise PasskeyError("registration_refused") from error
    if db.exec(select(Passkey.id).where(Passkey.credential_id == verified.credential_id)).first():
        raise PasskeyError("duplicate_credential")
    transports = credential.get("response", {}).get("transports") or []
    return NewPasskey(
        challenge=consumed,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        backed_up=bool(verified.credential_backed_up),
        transports=",".join(str(t) for t in transports if isinstance(t, str))[:200],
    )


def authentication_options(db: Session, rp: RelyingParty) -> dict[str, Any]:
    """Options for a usernameless navigator.credentials.get(): no allow-list, user verification required."""
    options = generate_authentication_options(
        rp_id=rp.id,
        user_verification=UserVerificationRequirement.REQUIRED,
        timeout=rp.challenge_seconds * 1000,
    )
    _store_challenge(db, rp, options.challenge, "login")
    return json.loads(options_to_json(options))


def verify_authentication(db: Session, rp: RelyingParty, credential: dict[str, Any]) -> Passkey:
    """Check a get() response; on success the passkey's sign count and last use are saved."""
    consumed = consume_challenge(db, credential, {"login"})
    try:
        raw_id = _b64decode(credential["rawId"])
    except (KeyError, TypeError, ValueError, binascii.Error) as error:
        raise PasskeyError("malformed") from error
    passkey = db.exec(select(Passkey).where(Passkey.credential_id == raw_id)).first()
    if passkey is None:
        raise PasskeyError("unknown_credential")
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=consumed.challenge,
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, KeyError, TypeError, ValueError) as error:
        raise PasskeyError("authentication_refused") from error
    user_handle = credential.get("response", {}).get("userHandle")
    if user_handle:
        owner = db.get(User, passkey.user_id)
        try:
            matches = owner is not None and _b64decode(user_handle) == owner.webauthn_user_handle
        except (ValueError, binascii.Error):
            matches = False
        if not matches:
            raise PasskeyError("user_handle_mismatch")
    passkey.sign_count = verified.new_sign_count
    passkey.backed_up = bool(verified.credential_backed_up)
    passkey.last_used_at = utcnow()
    db.add(passkey)
    db.flush()
    return passkey
