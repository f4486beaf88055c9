"""A software WebAuthn authenticator for unit tests.

It plays both the browser (clientDataJSON, the ``toJSON()`` shape of the credential) and a platform
passkey authenticator (EC P-256 / ES256 keys, "none" attestation, resident keys), so server code built on
py_webauthn can run real registration and authentication ceremonies without a browser.

Byte layouts follow WebAuthn Level 3 and what ``webauthn`` 3.x parses:

- authenticator data: ``SHA-256(rpId) || flags (1) || signCount (4, big-endian) || [attested cred. data]``
- attested credential data: ``aaguid (16) || len(credentialId) (2, big-endian) || credentialId || COSE key``
- COSE key (EC2, ES256): ``{1: 2, 3: -7, -1: 1, -2: x, -3: y}`` with 32-byte coordinates
- attestation object: CBOR ``{"fmt": "none", "attStmt": {}, "authData": <bytes>}``
- assertion signature: DER ECDSA-SHA256 over ``authenticatorData || SHA-256(clientDataJSON)``
- every binary value in the JSON is base64url without padding
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import cbor2
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

__all__ = [
    "InvalidStateError",
    "NotAllowedError",
    "NotSupportedError",
    "SoftAuthenticator",
    "SoftAuthenticatorError",
    "SoftCredential",
    "b64url_decode",
    "b64url_encode",
]

ES256 = -7

# Authenticator data flags (WebAuthn §6.1).
FLAG_UP = 0x01  # user present
FLAG_UV = 0x04  # user verified
FLAG_AT = 0x40  # attested credential data included

_B64URL = re.compile(r"[A-Za-z0-9_-]*")


class SoftAuthenticatorError(Exception):
    """The ceremony would have failed in a browser before anything reached the server."""


class NotAllowedError(SoftAuthenticatorError):
    """No usable credential (the browser's ``NotAllowedError``)."""


class InvalidStateError(SoftAuthenticatorError):
    """A credential in ``excludeCredentials`` already lives on this authenticator."""


class NotSupportedError(SoftAuthenticatorError):
    """The relying party does not accept ES256 (COSE alg -7)."""


def b64url_encode(data: bytes) -> str:
    """Base64url without padding, as WebAuthn JSON uses."""
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def b64url_decode(text: str) -> bytes:
    """Decode base64url with or without padding; reject characters outside the alphabet."""
    text = text.rstrip("=")
    if not _B64URL.fullmatch(text):
        raise ValueError(f"not base64url: {text!r}")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class SoftCredential:
    """One resident credential held by the authenticator."""

    credential_id: bytes
    user_handle: bytes
    rp_id: str
    sign_count: int
    private_key: ec.EllipticCurvePrivateKey = field(repr=False)
    user_name: str = ""

    @property
    def cose_public_key(self) -> bytes:
        """The credential public key as CBOR-encoded COSE_Key (what the server stores)."""
        return _cose_key(self.private_key.public_key())


def _cose_key(public_key: ec.EllipticCurvePublicKey) -> bytes:
    numbers = public_key.public_numbers()
    # Canonical CTAP2 key order: kty, alg, crv, x, y.
    return cbor2.dumps(
        {1: 2, 3: ES256, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")}
    )


def _client_data(kind: str, challenge: str, origin: str) -> bytes:
    # Re-encode the challenge the way a browser does (bytes -> base64url without padding).
    data = {
        "type": kind,
        "challenge": b64url_encode(b64url_decode(challenge)),
        "origin": origin,
        "crossOrigin": False,
    }
    return json.dumps(data, separators=(",", ":")).encode("utf-8")


def _rp_id_from_origin(origin: str) -> str:
    host = urlsplit(origin).hostname
    if not host:
        raise ValueError(f"origin {origin!r} has no host")
    return host


class SoftAuthenticator:
    """A passkey authenticator in software: EC P-256 (ES256, COSE alg -7), 'none' attestation, resident keys.

    ``credentials`` lists the stored :class:`SoftCredential` objects, oldest first.
    """

    def __init__(
        self, *, sign_count_start: int = 0, increment_sign_count: bool = True, aaguid: bytes = bytes(16)
    ) -> None:
        if len(aaguid) != 16:
            raise ValueError("aaguid must be 16 bytes")
        if not 0 <= sign_count_start < 2**32:
            raise ValueError("sign_count_start must fit in 32 bits")
        self.sign_count_start = sign_count_start
        self.increment_sign_count = increment_sign_count
        self.aaguid = aaguid
        self.credentials: list[SoftCredential] = []

    # -- registration -------------------------------------------------------------------------------------

    def create(
        self,
        options: dict[str, Any],
        *,
        origin: str,
        user_verified: bool = True,
        user_present: bool = True,
        rp_id: str | None = None,
        challenge: str | None = None,
    ) -> dict[str, Any]:
        """Answer ``navigator.credentials.create()``; return the credential's ``toJSON()`` dict.

        ``options`` is the JSON form of PublicKeyCredentialCreationOptions (camelCase, base64url).
        ``rp_id`` forges the RP id that gets hashed into authenticator data and ``challenge`` (base64url)
        forges the challenge in clientDataJSON; the credential is still stored under the options' RP id.
        """
        real_rp_id = options.get("rp", {}).get("id") or _rp_id_from_origin(origin)
        algs = [p.get("alg") for p in options.get("pubKeyCredParams", []) if p.get("type") == "public-key"]
        if algs and ES256 not in algs:
            raise NotSupportedError(f"relying party accepts {algs}, this authenticator only ES256 (-7)")
        existing = {c.credential_id for c in self.credentials if c.rp_id == real_rp_id}
        for excluded in options.get("excludeCredentials") or []:
            if b64url_decode(excluded["id"]) in existing:
                raise InvalidStateError("an excluded credential is already registered on this authenticator")

        user = options["user"]
        private_key = ec.generate_private_key(ec.SECP256R1())
        cred = SoftCredential(
            credential_id=secrets.token_bytes(32),
            user_handle=b64url_decode(user["id"]),
            rp_id=real_rp_id,
            sign_count=self.sign_count_start,
            private_key=private_key,
            user_name=user.get("name", ""),
        )
        # A resident key replaces any earlier one for the same RP and user handle.
        self.credentials = [
            c for c in self.credentials if not (c.rp_id == cred.rp_id and c.user_handle == cred.user_handle)
        ]
        self.credentials.append(cred)

        cose_key = cred.cose_public_key
        attested = self.aaguid + len(cred.credential_id).to_bytes(2, "big") + cred.credential_id + cose_key
        flags = FLAG_AT | (FLAG_UP if user_present else 0) | (FLAG_UV if user_verified else 0)
        auth_data = self._auth_data(rp_id or real_rp_id, flags, cred.sign_count) + attested
        attestation_object = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = _client_data("webauthn.create", challenge or options["challenge"], origin)
        spki = private_key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        cred_id = b64url_encode(cred.credential_id)
        return {
            "id": cred_id,
            "rawId": cred_id,
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url_encode(client_data),
                "attestationObject": b64url_encode(attestation_object),
                "authenticatorData": b64url_encode(auth_data),
                "transports": ["internal"],
                "publicKeyAlgorithm": ES256,
                "publicKey": b64url_encode(spki),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }

    # -- authentication -----------------------------------------------------------------------------------

    def get(
        self,
        options: dict[str, Any],
        *,
        origin: str,
        user_verified: bool = True,
        credential_id: bytes | None = None,
        rp_id: str | None = None,
        challenge: str | None = None,
        sign_count: int | None = None,
    ) -> dict[str, Any]:
        """Answer ``navigator.credentials.get()``; return the credential's ``toJSON()`` dict.

        ``options`` is the JSON form of PublicKeyCredentialRequestOptions. With ``allowCredentials`` empty
        or absent the most recent credential for ``options["rpId"]`` is used (discoverable login);
        ``credential_id`` picks a stored credential explicitly, ignoring the allow list and RP id.
        ``rp_id`` / ``challenge`` forge what is signed; ``sign_count`` reports that counter for this one
        response without changing the stored counter.
        """
        real_rp_id = options.get("rpId") or _rp_id_from_origin(origin)
        cred = self._select(real_rp_id, options.get("allowCredentials") or [], credential_id)

        if sign_count is None:
            if self.increment_sign_count:
                cred.sign_count = (cred.sign_count + 1) % 2**32
            sign_count = cred.sign_count
        flags = FLAG_UP | (FLAG_UV if user_verified else 0)
        auth_data = self._auth_data(rp_id or real_rp_id, flags, sign_count)
        client_data = _client_data("webauthn.get", challenge or options["challenge"], origin)
        signature = cred.private_key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        cred_id = b64url_encode(cred.credential_id)
        return {
            "id": cred_id,
            "rawId": cred_id,
            "type": "public-key",
            "response": {
                "clientDataJSON": b64url_encode(client_data),
                "authenticatorData": b64url_encode(auth_data),
                "signature": b64url_encode(signature),
                "userHandle": b64url_encode(cred.user_handle),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }

    # -- helpers ------------------------------------------------------------------------------------------

    def _select(self, rp_id: str, allow: list[dict[str, Any]], credential_id: bytes | None) -> SoftCredential:
        if credential_id is not None:
            for cred in self.credentials:
                if cred.credential_id == credential_id:
                    return cred
            raise NotAllowedError("no stored credential has that credential_id")
        candidates = [c for c in self.credentials if c.rp_id == rp_id]
        if allow:
            allowed = {b64url_decode(a["id"]) for a in allow}
            candidates = [c for c in candidates if c.credential_id in allowed]
        if not candidates:
            raise NotAllowedError(f"no credential for RP {rp_id!r} matches the request")
        return candidates[-1]

    @staticmethod
    def _auth_data(rp_id: str, flags: int, sign_count: int) -> bytes:
        return hashlib.sha256(rp_id.encode("utf-8")).digest() + bytes([flags]) + sign_count.to_bytes(4, "big")
