"""Web Push: a phone is told *that* something is new, never *what*.

`notifications.notify()` marks the recipient on the database session. Just before that session commits, the recipient's
push subscriptions are read in the same transaction; once it has committed they go to a small pool of background threads
(notify/background.py, shared with email), which encrypt one fixed, generic message ("You have something new", in the
person's language), send it with a short timeout, and write back what happened: a 404 or 410 from the push service
deletes the subscription, other failures are counted. Nothing here can break or slow the request that caused it, and the
in-app list of notifications stays the fallback for everything.

Endpoints and keys are never logged: log lines name a subscription by its id only.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import re
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask, current_app
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, delete, select

from youthvoice.core.config import instance_file
from youthvoice.core.db import new_session
from youthvoice.core.model import Identified, utcnow
from youthvoice.notify import background
from youthvoice.notify.background import BackgroundPool
from youthvoice.notify.models import Notification, PushSubscription

log = logging.getLogger(__name__)

PENDING = "yv_push_pending"  # session.info: ids of people notified in this transaction
MAX_BODY_BYTES = 4096
MAX_ENDPOINT = 1024
TOPIC = "yv-new"  # push services keep only the newest undelivered message with one topic
NOTIFICATIONS_PATH = "/notifications/"
_B64URL = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


# --- keys ----------------------------------------------------------------------------------------------


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    if not isinstance(text, str) or not _B64URL.match(text):
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4))
    except (binascii.Error, ValueError) as error:
        raise ValueError("not base64url") from error


def new_vapid_private_key() -> str:
    """A new VAPID private key: the raw 32-byte P-256 scalar, base64url (what py_vapid reads)."""
    key = ec.generate_private_key(ec.SECP256R1())
    return _b64url(key.private_numbers().private_value.to_bytes(32, "big"))


def public_key_for(private_key: str) -> str:
    """The application server key a browser subscribes with: the uncompressed public point, base64url."""
    raw = _unb64url(private_key.strip())
    if len(raw) != 32:
        raise ValueError("a VAPID private key is 32 bytes, base64url")
    key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    return _b64url(key.public_key().public_bytes(serialization.Encoding.X962,
                                                 serialization.PublicFormat.UncompressedPoint))


# --- the sender ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    subscription_id: uuid.UUID
    endpoint: str
    p256dh: str
    auth: str
    locale: str

    def __repr__(self) -> str:  # never the endpoint or keys, should one end up in a log line
        return f"Delivery({self.subscription_id})"


class PushService(BackgroundPool[Delivery]):
    """One per app: the VAPID key; sends in the background after the request (notify/background.py)."""

    def __init__(self, app: Flask, private_key: str, public_key: str, subject: str) -> None:
        from py_vapid import Vapid

        super().__init__(app, "pushes")
        self.public_key = public_key
        self.subject = subject
        self.vapid = Vapid.from_string(private_key=private_key)

    def work(self, batch: list[Delivery]) -> None:
        self._record({delivery.subscription_id: self._send_one(delivery) for delivery in batch})

    def _send_one(self, delivery: Delivery) -> str:
        """Send one push; "ok", "gone" (the push service forgot this browser) or "failed"."""
        from pywebpush import WebPushException, webpush

        config = self.app.config
        try:
            webpush(
                subscription_info={"endpoint": delivery.endpoint,
                                   "keys": {"p256dh": delivery.p256dh, "auth": delivery.auth}},
                data=payload(delivery.locale),
                vapid_private_key=self.vapid,
                vapid_claims={"sub": self.subject},
                ttl=int(config["PUSH_TTL_SECONDS"]),
                timeout=float(config["PUSH_TIMEOUT_SECONDS"]),
                headers={"Topic": TOPIC, "Urgency": "normal"},
            )
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in (404, 410):
                log.info("push subscription %s is gone (%s): removed", delivery.subscription_id, status)
                return "gone"
            log.warning("push to subscription %s failed: the push service answered %s", delivery.subscription_id,
                        status)
            return "failed"
        except Exception as error:  # timeouts, refused connections, bad keys: never more than the kind of error
            log.warning("push to subscription %s failed: %s", delivery.subscription_id, type(error).__name__)
            return "failed"
        return "ok"

    def _record(self, outcomes: dict[uuid.UUID, str]) -> None:

        now = utcnow()
        limit = int(self.app.config["PUSH_MAX_FAILURES"])
        with new_session(self.app) as db:
            for subscription_id, outcome in outcomes.items():
                row = db.get(PushSubscription, subscription_id)
                if row is None:
                    continue
                if outcome == "gone":
                    db.delete(row)
                elif outcome == "ok":
                    row.last_success_at, row.failure_count = now, 0
                    db.add(row)
                elif row.failure_count + 1 >= limit:
                    log.info("push subscription %s failed %d times in a row: removed", subscription_id, limit)
                    db.delete(row)
                else:
                    row.failure_count += 1
                    db.add(row)
            db.commit()


def payload(locale: str) -> bytes:
    """The whole message: fixed and generic, in the person's language. Never a name, a kind or any content."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    with force_locale(locale):
        body = _("You have something new")
    return json.dumps({"title": "youthvoice", "body": body, "url": NOTIFICATIONS_PATH},
                      ensure_ascii=False).encode("utf-8")


def service(app: Flask | None = None) -> PushService | None:
    """The app's push sender, or None when push is off (no VAPID key)."""
    return (app or current_app).extensions.get("yv_push")


def drain(app: Flask | None = None, timeout: float = 30) -> None:
    sender = service(app)
    if sender is not None:
        sender.drain(timeout)


def retry_failed(app: Flask) -> int:
    """Send again to every device whose last push failed while its person still has something unread that came
    after the device's last success (the worker runs it every 15 minutes). Waits for the sending; how many."""
    sender = service(app)
    if sender is None:
        return 0
    default, languages = app.config["BABEL_DEFAULT_LOCALE"], app.config["LANGUAGES"]
    since = sa.func.coalesce(col(PushSubscription.last_success_at), col(PushSubscription.created_at))
    unread = sa.exists().where(col(Notification.user_id) == col(PushSubscription.user_id),
                               col(Notification.read_at).is_(None), col(Notification.created_at) > since)
    with new_session(app, write=False) as db:
        rows = db.execute(
            select(PushSubscription, PEOPLE.c.locale).join(PEOPLE, PEOPLE.c.id == col(PushSubscription.user_id))
            .where(col(PushSubscription.failure_count) > 0, PEOPLE.c.status == "active", unread)
        ).all()
    deliveries = [Delivery(row.id, row.endpoint, row.p256dh, row.auth,
                           next((value for value in (user_locale, row.locale) if value in languages), default))
                  for row, user_locale in rows]
    if deliveries:
        sender.submit(deliveries)
        sender.drain()
    return len(deliveries)


# --- hooking into the transaction ----------------------------------------------------------------------


def mark(db: Session, user_id: uuid.UUID) -> None:
    """Called by notify(): this person gets a push once the transaction has committed."""
    db.info.setdefault(PENDING, set()).add(user_id)


# The people's table, by name: a person's language and whether they are active (this service sits below the
# people's area, identity, and does not import it).
PEOPLE = sa.table("user", sa.column("id", sa.Uuid), sa.column("locale", sa.String), sa.column("status", sa.String))


def _prepare(session: OrmSession, pending: set[uuid.UUID]) -> list[Delivery]:
    """Before commit: read the subscriptions of everyone notified, in the same transaction."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    rows = session.execute(
        select(PushSubscription, PEOPLE.c.locale).join(PEOPLE, PEOPLE.c.id == col(PushSubscription.user_id))
        .where(col(PushSubscription.user_id).in_(pending), PEOPLE.c.status == "active")
    ).all()
    deliveries = []
    for row, user_locale in rows:
        locale = next((value for value in (user_locale, row.locale) if value in languages), default)
        deliveries.append(Delivery(row.id, row.endpoint, row.p256dh, row.auth, locale))
    return deliveries


def init_app(app: Flask) -> None:
    """Turn push on when there is a VAPID key (the demo and tests make one in the instance folder)."""
    config = app.config
    private_key = (config.get("VAPID_PRIVATE_KEY") or "").strip()
    if not private_key and (config.get("DEMO_MODE") or config.get("TESTING")):
        private_key = instance_vapid_key(app.instance_path)
        config["VAPID_SUBJECT"] = config.get("VAPID_SUBJECT") or "mailto:demo@youthvoice.invalid"
    if not private_key:
        app.extensions["yv_push"] = None
        return
    public_key = public_key_for(private_key)
    given = (config.get("VAPID_PUBLIC_KEY") or "").strip().rstrip("=")
    if given and given != public_key:
        raise RuntimeError("VAPID_PUBLIC_KEY does not belong to VAPID_PRIVATE_KEY (make both with "
                           "`youthvoice push keys`)")
    subject = (config.get("VAPID_SUBJECT") or "").strip()
    if not subject.startswith(("mailto:", "https://")):
        raise RuntimeError("VAPID_SUBJECT must be a mailto: or https: address the push services can reach you at")
    app.extensions["yv_push"] = PushService(app, private_key, public_key, subject)
    background.listen(PENDING, service, _prepare)


# --- subscriptions -------------------------------------------------------------------------------------


class PushInputError(ValueError):
    """A subscription the browser sent that cannot be used; `reason` is for the JSON answer, not for people."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class SubscriptionInput:
    endpoint: str
    p256dh: str
    auth: str

    def __repr__(self) -> str:
        return "SubscriptionInput(…)"


def _host_allowed(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == allowed or host.endswith("." + allowed) for allowed in hosts)


def check_endpoint(endpoint: Any, *, hosts: tuple[str, ...], allow_local: bool) -> str:
    """An https address at a known push service (or, in tests and debug, one on this machine)."""
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > MAX_ENDPOINT:
        raise PushInputError("endpoint")
    if any(ord(char) < 33 or ord(char) > 126 for char in endpoint):
        raise PushInputError("endpoint")
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        raise PushInputError("endpoint") from error
    if parts.username or parts.password or parts.fragment or not host:
        raise PushInputError("endpoint")
    local = host in ("127.0.0.1", "localhost")
    if allow_local and local and parts.scheme in ("http", "https"):
        return endpoint
    if parts.scheme != "https" or not _host_allowed(host, hosts):
        raise PushInputError("endpoint")
    return endpoint


def parse_subscription(body: Any, *, hosts: tuple[str, ...], allow_local: bool) -> SubscriptionInput:
    """What `PushSubscription.toJSON()` gives, checked strictly: an allowed endpoint and a real P-256 key."""
    if not isinstance(body, dict):
        raise PushInputError("body")
    endpoint = check_endpoint(body.get("endpoint"), hosts=hosts, allow_local=allow_local)
    keys = body.get("keys")
    if not isinstance(keys, dict):
        raise PushInputError("keys")
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    try:
        if not isinstance(p256dh, str) or len(p256dh) > 100 or not isinstance(auth, str) or len(auth) > 40:
            raise ValueError("size")
        point, secret = _unb64url(p256dh), _unb64url(auth)
        if len(point) != 65 or len(secret) != 16:
            raise ValueError("size")
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)  # on the curve, or ValueError
    except ValueError as error:
        raise PushInputError("keys") from error
    return SubscriptionInput(endpoint=endpoint, p256dh=_b64url(point), auth=_b64url(secret))


def subscribe(db: Session, *, person: Identified, data: SubscriptionInput, device: str, locale: str | None,
              max_per_person: int) -> PushSubscription:
    """Turn push on for this browser. An endpoint is one browser: whoever turned it on last gets its pushes."""
    row = db.exec(select(PushSubscription).where(PushSubscription.endpoint == data.endpoint)).first()
    if row is None:
        row = PushSubscription(user_id=person.id, endpoint=data.endpoint, p256dh=data.p256dh, auth=data.auth)
    row.user_id, row.p256dh, row.auth = person.id, data.p256dh, data.auth
    row.device, row.locale, row.failure_count = device[:80], locale, 0
    db.add(row)
    db.flush()
    others = db.exec(select(PushSubscription.id).where(PushSubscription.user_id == person.id,
                                                       PushSubscription.id != row.id)
                     .order_by(col(PushSubscription.created_at).desc())).all()
    extra = others[max(max_per_person - 1, 0):]
    if extra:
        db.exec(delete(PushSubscription).where(col(PushSubscription.id).in_(extra)))
    return row


def unsubscribe(db: Session, *, person: Identified, endpoint: str) -> bool:
    """Turn push off for this browser; only ever one's own subscription."""
    result = db.exec(delete(PushSubscription).where(
        col(PushSubscription.endpoint) == endpoint, col(PushSubscription.user_id) == person.id))
    return bool(result.rowcount)


def is_subscribed(db: Session, *, person: Identified, endpoint: str) -> bool:
    return db.exec(select(PushSubscription.id).where(PushSubscription.endpoint == endpoint,
                                                     PushSubscription.user_id == person.id)).first() is not None


def devices_of(db: Session, person: Identified) -> list[PushSubscription]:
    return list(db.exec(select(PushSubscription).where(PushSubscription.user_id == person.id)
                        .order_by(col(PushSubscription.created_at))))


def export_devices(db: Session, person: Identified) -> list[dict[str, Any]]:
    """For "my data": which browsers have push on (not their push addresses, which are the push service's)."""
    return [{"device": row.device, "turned_on": row.created_at.isoformat(),
             "last_delivered": row.last_success_at.isoformat() if row.last_success_at else None}
            for row in devices_of(db, person)]


def instance_vapid_key(instance_path: str) -> str:
    """For the demo and tests: a VAPID private key kept in the instance folder, created on first use."""
    return instance_file(instance_path, "vapid_private_key", new_vapid_private_key)
