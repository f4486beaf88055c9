"""Push notifications on this phone: the key to subscribe with, turning it on and off (fetch, JSON)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from youthvoice.core.db import get_session
from youthvoice.notify import push
from youthvoice.web.i18n import device_name

bp = Blueprint("push", __name__, url_prefix="/account/push")


def _refuse(reason: str) -> Any:
    message = _("This phone's details for notifications could not be used. You still see everything new in "
                "youthvoice.")
    return jsonify({"error": message, "reason": reason}), 400


def _off() -> Any:
    return jsonify({"error": _("Notifications on the phone are not set up for this youthvoice. You still see "
                               "everything new in youthvoice."), "reason": "off"}), 400


def _body() -> Any:
    """The JSON the browser sent, or None if it is too big or not JSON."""
    if (request.content_length or 0) > push.MAX_BODY_BYTES or len(request.get_data()) > push.MAX_BODY_BYTES:
        return None
    return request.get_json(silent=True)


def _endpoint() -> str:
    """The endpoint of one's own browser, to look up or remove: only compared, never contacted, so a host that is
    no longer in PUSH_SERVICE_HOSTS can still be turned off."""
    body = _body()
    endpoint = body.get("endpoint") if isinstance(body, dict) else None
    if (not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://"))
            or len(endpoint) > push.MAX_ENDPOINT):
        raise push.PushInputError("endpoint")
    return endpoint


def _local_ok() -> bool:
    """Only tests and debug runs may use a push service on this machine (the local stand-in)."""
    return bool(current_app.testing or current_app.debug or current_app.config["PUSH_ALLOW_LOCAL_ENDPOINTS"])


@bp.get("/key")
@login_required
def key() -> Any:
    """The public key a browser subscribes with, or that push is off here."""
    sender = push.service()
    return jsonify({"enabled": sender is not None, "publicKey": sender.public_key if sender else None})


@bp.post("/subscribe")
@login_required
def subscribe() -> Any:
    """Turn push on for this browser (the body is `PushSubscription.toJSON()`)."""
    if push.service() is None:
        return _off()
    try:
        data = push.parse_subscription(_body(), hosts=current_app.config["PUSH_SERVICE_HOSTS"],
                                       allow_local=_local_ok())
    except push.PushInputError as error:
        return _refuse(error.reason)
    db = get_session()
    for attempt in (1, 2):  # two tabs turning it on at once: the second finds the first one's row
        try:
            push.subscribe(db, person=current_user, data=data,
                           device=device_name(request.headers.get("User-Agent", "")), locale=str(get_locale()),
                           max_per_person=current_app.config["PUSH_MAX_PER_PERSON"])
            db.commit()  # kept although the request goes on: a second tab's row shows up here, and the retry finds it
            break
        except IntegrityError:
            db.rollback()
            if attempt == 2:
                raise
    return jsonify({"on": True})


@bp.post("/unsubscribe")
@login_required
def unsubscribe() -> Any:
    """Turn push off for this browser; nobody can remove someone else's."""
    try:
        endpoint = _endpoint()
    except push.PushInputError as error:
        return _refuse(error.reason)
    db = get_session()
    push.unsubscribe(db, person=current_user, endpoint=endpoint)
    return jsonify({"on": False})


@bp.post("/state")
@login_required
def state() -> Any:
    """Is push on for this browser and this person? (POST, so the endpoint never lands in an access log.)"""
    try:
        endpoint = _endpoint()
    except push.PushInputError as error:
        return _refuse(error.reason)
    return jsonify({"on": push.is_subscribed(get_session(), person=current_user, endpoint=endpoint)})
