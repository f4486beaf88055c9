"""The area's pages (one blueprint per module), and what they share."""

from __future__ import annotations

from flask import current_app

from youthvoice.identity.passkeys import RelyingParty


def relying_party() -> RelyingParty:
    """This installation as the passkeys' relying party (from the configuration)."""
    config = current_app.config
    return RelyingParty(
        id=config["WEBAUTHN_RP_ID"],
        name=config["WEBAUTHN_RP_NAME"],
        origin=config["WEBAUTHN_ORIGIN"],
        challenge_seconds=config["CHALLENGE_SECONDS"],
    )
