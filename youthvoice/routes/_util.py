"""Small helpers the blueprints share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, g, make_response, request
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import col, delete

from .. import idempotency
from ..db import get_session
from ..errors import NotFound
from ..models import RequestKey
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


# What a key creates where a page's form and the API create the same thing: the outbox sends a form's own key
# to the API first, and the form that follows with it must find that key used, not used for something else.
ADDS_POINT, ADDS_DECISION, ADDS_NOTE, ADDS_NEXT_STEP = "meeting_point", "meeting_decision", "meeting_note", "next_step"


def idempotent(replay: Callable[..., Any], *, kind: str | None = None) -> Callable[[Callable[..., Any]],
                                                                                   Callable[..., Any]]:
    """A create request with a key (see idempotency.py) runs once; a retry gets `replay(record, **view_args)`.

    Goes below the log-in and role checks. The key is recorded in the request's transaction: committed with
    what the view creates, or rolled back with it when the view refuses the input. `kind` names what the key
    creates when another endpoint creates the same thing with the same keys (default: this endpoint)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            key = idempotency.key_of(request) if request.method == "POST" else None
            if key is None or not current_user.is_authenticated:
                return view(*args, **kwargs)
            db = get_session()
            try:
                record, retry = idempotency.claim(db, current_user, key, kind or request.endpoint or "")
            except idempotency.KeyReused:
                db.rollback()
                return {"error": _("This key was already used for something else. Reload the page and try again."),
                        "status": 422}, 422
            if retry:
                db.rollback()
                return replay(record, *args, **kwargs)
            g.request_key = record
            response = make_response(view(*args, **kwargs))
            if response.status_code >= 400:
                # Refused input: the key must stay free for the corrected entry, even if the view committed
                # something else on the way (a logged view, say).
                db = get_session()
                db.rollback()
                db.exec(delete(RequestKey).where(col(RequestKey.id) == record.id))  # type: ignore[call-overload]
                db.commit()
            return response

        wrapped.keyed = True  # type: ignore[attr-defined]
        return wrapped

    return decorator


def created(resource_id: object) -> None:
    """Tell a keyed request what it created (for an API retry to answer with the same thing)."""
    record = g.get("request_key")
    if record is not None:
        idempotency.note_created(get_session(), record, resource_id)


def creates_once(view: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a view that saves a whole page and also creates what was typed in the page's add box: it asks
    `first_time` just before creating, so a retry skips only the creation and still saves the rest."""
    view.keyed = True  # type: ignore[attr-defined]
    return view


def first_time(kind: str) -> bool:
    """Claim the request's key for creating one `kind` (in the open transaction): False when that key already
    created it (a double tap, a retry, or the outbox sent it to the API first). Without a key: True."""
    key = idempotency.key_of(request)
    if key is None:
        return True
    try:
        record, retry = idempotency.claim(get_session(), current_user, key, kind)
    except idempotency.KeyReused:
        return True  # a key used for something else is no key: what was typed is still saved
    if not retry:
        g.request_key = record
    return not retry
