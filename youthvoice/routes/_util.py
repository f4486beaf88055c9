"""Small helpers the blueprints share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, request
from flask_login import current_user, login_required

from ..errors import NotFound
from ..passkeys import RelyingParty


def relying_party() -> RelyingParty:
    config = current_app.config
    return RelyingParty(
        id=config["WEBAUTHN_RP_ID"],
        name=config["WEBAUTHN_RP_NAME"],
        origin=config["WEBAUTHN_ORIGIN"],
        challenge_seconds=config["CHALLENGE_SECONDS"],
    )


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site paths are followed after log-in or a language switch."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def role_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Logged in with one of these roles; anyone else gets a 404 (the page does not exist for them)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                raise NotFound
            return view(*args, **kwargs)

        return wrapped

    return decorator
