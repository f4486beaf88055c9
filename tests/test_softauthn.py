"""The software authenticator against py_webauthn itself: what it makes verifies, what it forges fails."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives import serialization
from support.softauthn import (
    InvalidStateError,
    NotAllowedError,
    NotSupportedError,
    SoftAuthenticator,
    b64url_decode,
    b64url_encode,
)
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    decode_credential_public_key,
    decoded_public_key_to_cryptography,
    parse_attestation_object,
    parse_authenticator_data,
    parse_client_data_json,
)
from webauthn.helpers.cose import COSEAlgorithmIdentifier
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

RP_ID = "youthvoice.example"
ORIGIN = "https://youthvoice.example"
USER_ID = b"user-0001"


@dataclass
class Registered:
    """A credential registered with (and stored as) the server would."""

    authenticator: SoftAuthenticator
    credential_id: bytes
    public_key: bytes
    sign_count: int


def registration_options(exclude: list[bytes] | None = None, user_id: bytes = USER_ID) -> dict[str, Any]:
    """Creation options as the server sends them to the browser."""
    options = generate_registration_options(
        rp_id=RP_ID,
        rp_name="Youth Voice",
        user_id=user_id,
        user_name="ada",
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[PublicKeyCredentialDescriptor(id=i) for i in exclude or []],
    )
    return json.loads(options_to_json(options))


def authentication_options(allow: list[bytes] | None = None) -> dict[str, Any]:
    """Request options as the server sends them; no ``allow`` means a usernameless login."""
    options = generate_authentication_options(
        rp_id=RP_ID,
        allow_credentials=[PublicKeyCredentialDescriptor(id=i) for i in allow or []],
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return json.loads(options_to_json(options))


def verify_create(credential: dict[str, Any], options: dict[str, Any]) -> Any:
    """The server side of registration, requiring user verification."""
    return verify_registration_response(
        credential=credential,
        expected_challenge=b64url_decode(options["challenge"]),
        expected_rp_id=RP_ID,
        expected_origin=ORIGIN,
        require_user_verification=True,
    )


def verify_get(credential: dict[str, Any], options: dict[str, Any], reg: Registered) -> Any:
    """The server side of authentication, requiring user verification."""
    return verify_authentication_response(
        credential=credential,
        expected_challenge=b64url_decode(options["challenge"]),
        expected_rp_id=RP_ID,
        expected_origin=ORIGIN,
        credential_public_key=reg.public_key,
        credential_current_sign_count=reg.sign_count,
        require_user_verification=True,
    )


def register(authenticator: SoftAuthenticator | None = None, user_id: bytes = USER_ID) -> Registered:
    """Run a full, successful registration ceremony."""
    authenticator = authenticator or SoftAuthenticator()
    options = registration_options(user_id=user_id)
    verified = verify_create(authenticator.create(options, origin=ORIGIN), options)
    return Registered(
        authenticator, verified.credential_id, verified.credential_public_key, verified.sign_count
    )


# -- registration -------------------------------------------------------------------------------------------


def test_registration_verifies() -> None:
    auth = SoftAuthenticator()
    options = registration_options()
    credential = auth.create(options, origin=ORIGIN)

    verified = verify_create(credential, options)

    stored = auth.credentials[-1]
    assert verified.credential_id == stored.credential_id == b64url_decode(credential["rawId"])
    assert credential["id"] == credential["rawId"]
    assert "=" not in credential["id"]
    assert verified.credential_public_key == stored.cose_public_key
    assert verified.fmt == "none"
    assert verified.user_verified is True
    assert verified.sign_count == 0
    assert verified.aaguid == "00000000-0000-0000-0000-000000000000"
    assert (stored.rp_id, stored.user_handle, stored.sign_count) == (RP_ID, USER_ID, 0)


def test_registration_bytes_are_what_a_browser_sends() -> None:
    auth = SoftAuthenticator(aaguid=bytes(range(16)))
    options = registration_options()
    credential = auth.create(options, origin=ORIGIN)
    response = credential["response"]

    client_data = parse_client_data_json(b64url_decode(response["clientDataJSON"]))
    assert (client_data.type, client_data.origin) == ("webauthn.create", ORIGIN)
    assert client_data.challenge == b64url_decode(options["challenge"])

    attestation = parse_attestation_object(b64url_decode(response["attestationObject"]))
    f = attestation.auth_data.flags
    assert (f.up, f.uv, f.at, f.ed, f.be, f.bs) == (True, True, True, False, False, False)
    attested = attestation.auth_data.attested_credential_data
    assert attested is not None
    assert attested.aaguid == bytes(range(16))
    raw_auth_data = cbor2.loads(b64url_decode(response["attestationObject"]))["authData"]
    assert b64url_decode(response["authenticatorData"]) == raw_auth_data
    assert raw_auth_data[37 + 16 : 37 + 18] == (32).to_bytes(2, "big")  # credential id length, big-endian

    # The COSE key and the SPKI "publicKey" of toJSON() describe the same ES256 key.
    decoded = decode_credential_public_key(attested.credential_public_key)
    assert decoded.alg == COSEAlgorithmIdentifier.ECDSA_SHA_256
    spki = decoded_public_key_to_cryptography(decoded).public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert spki == b64url_decode(response["publicKey"])
    assert response["publicKeyAlgorithm"] == -7
    assert response["transports"] == ["internal"]
    assert credential["authenticatorAttachment"] == "platform"
    assert credential["clientExtensionResults"] == {}


@pytest.mark.parametrize(
    ("forged", "message"),
    [
        ({"origin": "https://evil.example"}, "Unexpected client data origin"),
        ({"rp_id": "evil.example"}, "Unexpected RP ID hash"),
        ({"challenge": b64url_encode(b"not the challenge")}, "challenge was not expected challenge"),
        ({"user_verified": False}, "User verification is required"),
        ({"user_present": False}, "User presence was required"),
    ],
)
def test_forged_registration_is_refused(forged: dict[str, Any], message: str) -> None:
    options = registration_options()
    kwargs: dict[str, Any] = {"origin": ORIGIN, **forged}
    credential = SoftAuthenticator().create(options, **kwargs)

    with pytest.raises(InvalidRegistrationResponse, match=message):
        verify_create(credential, options)


def test_excluded_credential_is_not_registered_twice() -> None:
    reg = register()
    with pytest.raises(InvalidStateError):
        reg.authenticator.create(registration_options(exclude=[reg.credential_id]), origin=ORIGIN)
    # Another authenticator does not hold the excluded credential, so it may register.
    options = registration_options(exclude=[reg.credential_id])
    assert verify_create(SoftAuthenticator().create(options, origin=ORIGIN), options).credential_id


def test_relying_party_without_es256_is_not_supported() -> None:
    options = registration_options()
    options["pubKeyCredParams"] = [{"type": "public-key", "alg": -257}]
    with pytest.raises(NotSupportedError):
        SoftAuthenticator().create(options, origin=ORIGIN)


# -- authentication -----------------------------------------------------------------------------------------


def test_authentication_verifies_and_returns_new_sign_count() -> None:
    reg = register()
    for expected in (1, 2):
        options = authentication_options(allow=[reg.credential_id])
        credential = reg.authenticator.get(options, origin=ORIGIN)

        verified = verify_get(credential, options, reg)

        assert verified.credential_id == reg.credential_id
        assert verified.new_sign_count == expected
        assert verified.user_verified is True
        reg.sign_count = verified.new_sign_count
    assert reg.authenticator.credentials[-1].sign_count == 2


def test_usernameless_authentication_returns_user_handle() -> None:
    auth = SoftAuthenticator()
    register(auth, user_id=b"someone else")
    register(auth)
    reg = register(auth)  # a resident key replaces the earlier one for the same RP and user handle
    other_rp = registration_options(user_id=b"elsewhere")
    other_rp["rp"]["id"] = "elsewhere.example"
    auth.create(other_rp, origin="https://elsewhere.example")
    assert [(c.rp_id, c.user_handle) for c in auth.credentials] == [
        (RP_ID, b"someone else"),
        (RP_ID, USER_ID),
        ("elsewhere.example", b"elsewhere"),
    ]

    options = authentication_options()
    assert "allowCredentials" not in options or options["allowCredentials"] == []
    credential = auth.get(options, origin=ORIGIN)  # the most recent credential for RP_ID

    assert b64url_decode(credential["response"]["userHandle"]) == USER_ID
    assert verify_get(credential, options, reg).credential_id == reg.credential_id
    assert b64url_decode(credential["rawId"]) == reg.credential_id


def test_signature_is_checked() -> None:
    reg = register()
    impostor = register()  # a different key pair for the same user
    options = authentication_options()
    credential = impostor.authenticator.get(options, origin=ORIGIN)
    credential["id"] = credential["rawId"] = b64url_encode(reg.credential_id)

    with pytest.raises(InvalidAuthenticationResponse, match="Could not verify authentication signature"):
        verify_get(credential, options, reg)


@pytest.mark.parametrize(
    ("forged", "message"),
    [
        ({"origin": "https://evil.example"}, "Unexpected client data origin"),
        ({"rp_id": "evil.example"}, "Unexpected RP ID hash"),
        ({"challenge": b64url_encode(b"not the challenge")}, "challenge was not expected challenge"),
        ({"user_verified": False}, "User verification is required"),
    ],
)
def test_forged_authentication_is_refused(forged: dict[str, Any], message: str) -> None:
    reg = register()
    options = authentication_options(allow=[reg.credential_id])
    kwargs: dict[str, Any] = {"origin": ORIGIN, **forged}
    credential = reg.authenticator.get(options, **kwargs)

    with pytest.raises(InvalidAuthenticationResponse, match=message):
        verify_get(credential, options, reg)


@pytest.mark.parametrize("replayed", [0, 1])
def test_sign_count_not_greater_than_stored_is_refused(replayed: int) -> None:
    reg = register()
    options = authentication_options()
    reg.sign_count = verify_get(reg.authenticator.get(options, origin=ORIGIN), options, reg).new_sign_count
    assert reg.sign_count == 1

    options = authentication_options()
    credential = reg.authenticator.get(options, origin=ORIGIN, sign_count=replayed)
    with pytest.raises(InvalidAuthenticationResponse, match="was not greater than current count of 1"):
        verify_get(credential, options, reg)

    # The override did not move the authenticator's own counter: the next response is accepted.
    options = authentication_options()
    assert verify_get(reg.authenticator.get(options, origin=ORIGIN), options, reg).new_sign_count == 2


def test_sign_count_start_and_constant_counter() -> None:
    counting = register(SoftAuthenticator(sign_count_start=41))
    assert counting.sign_count == 41
    options = authentication_options()
    verified = verify_get(counting.authenticator.get(options, origin=ORIGIN), options, counting)
    assert verified.new_sign_count == 42

    # Synced passkeys report 0 every time; py_webauthn accepts 0 while the stored count is 0 too...
    synced = register(SoftAuthenticator(increment_sign_count=False))
    for _ in range(2):
        options = authentication_options()
        verified = verify_get(synced.authenticator.get(options, origin=ORIGIN), options, synced)
        assert verified.new_sign_count == 0
    # ...but not once a positive count has been stored.
    synced.sign_count = 5
    options = authentication_options()
    with pytest.raises(InvalidAuthenticationResponse, match="was not greater"):
        verify_get(synced.authenticator.get(options, origin=ORIGIN), options, synced)


def test_assertion_bytes_are_what_a_browser_sends() -> None:
    reg = register()
    options = authentication_options()
    credential = reg.authenticator.get(options, origin=ORIGIN, user_verified=False)
    response = credential["response"]

    client_data = parse_client_data_json(b64url_decode(response["clientDataJSON"]))
    assert (client_data.type, client_data.origin) == ("webauthn.get", ORIGIN)
    auth_data = parse_authenticator_data(b64url_decode(response["authenticatorData"]))
    flags = auth_data.flags
    assert (flags.up, flags.uv, flags.at, flags.ed) == (True, False, False, False)
    assert auth_data.sign_count == 1
    assert auth_data.attested_credential_data is None
    assert credential["authenticatorAttachment"] == "platform"
    assert all("=" not in v for v in (credential["id"], *response.values()))


def test_credential_selection() -> None:
    reg = register()
    auth = reg.authenticator
    with pytest.raises(NotAllowedError):
        auth.get(authentication_options(allow=[b"someone else's credential"]), origin=ORIGIN)
    with pytest.raises(NotAllowedError):
        auth.get({**authentication_options(), "rpId": "elsewhere.example"}, origin=ORIGIN)
    with pytest.raises(NotAllowedError):
        auth.get(authentication_options(), origin=ORIGIN, credential_id=b"unknown")
    # An explicit credential_id ignores the allow list (to test servers that must check it themselves).
    options = authentication_options(allow=[b"someone else's credential"])
    credential = auth.get(options, origin=ORIGIN, credential_id=reg.credential_id)
    assert b64url_decode(credential["rawId"]) == reg.credential_id
