"""Exactly once for create requests: each form and API call that creates something carries a key chosen by
the client (a hidden field rendered with the form, or the `Idempotency-Key` header of the offline queue). The
key is recorded in the same transaction as what it creates, so a retry of a request whose answer was lost (a
dropped connection, a killed server, a queue sending again) finds it and is answered without a second row.

A retry is the same request again. The key's record keeps a hash of what was asked (`fingerprint`): a key sent
again with something else (other words typed after a lost answer, a buggy client) is refused (`KeyReused`, a
422), never answered with the first request's result, which would quietly drop what was sent the second time."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from datetime import datetime, timedelta

from flask import Flask, Request, request
from markupsafe import Markup, escape
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from youthvoice.core.idempotency_model import RequestKey
from youthvoice.core.model import Identified, utcnow

FIELD = "request_key"
HEADER = "Idempotency-Key"
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
KEEP = timedelta(days=30)


class KeyReused(Exception):  # noqa: N818
    """The key was used before for a different request (another kind, or other content): a client error, never
    replayed."""


def new_key() -> str:
    return secrets.token_urlsafe(18)


def key_of(request: Request) -> str | None:
    """The request's key if it has a well-formed one. A malformed key counts as none: the request then runs
    as an ordinary one rather than being refused (a hand-edited form must still save what was typed)."""
    raw = request.headers.get(HEADER) or (request.form.get(FIELD) if request.mimetype != "application/json" else None)
    return raw if raw and KEY_PATTERN.fullmatch(raw) else None


def hidden_field(request: Request) -> Markup:
    """The hidden input for a form: a form shown again after an error keeps its key, so a second try of the
    same entry is still one entry."""
    posted = request.form.get(FIELD) if request.method == "POST" and request.mimetype != "application/json" else None
    key = posted if posted and KEY_PATTERN.fullmatch(posted) else new_key()
    return Markup('<input type="hidden" name="%s" value="%s">') % (FIELD, escape(key))


def fingerprint(request: Request) -> str:
    """What a request asks for, as a sha256: the values in its URL and its body in a canonical form (JSON with
    sorted keys; a form's fields sorted, without its CSRF token and request key), so the same request sent again
    has the same fingerprint however its client orders or spaces it."""
    if request.is_json:
        body: object = request.get_json()
    else:
        body = sorted((name, value) for name, value in request.form.items(multi=True)
                      if name not in (FIELD, "csrf_token"))
    canonical = json.dumps({"url": request.view_args or {}, "body": body}, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def content_fingerprint(kind: str, place: object, text: object) -> str:
    """What a created thing is, as a sha256: its kind, where (a meeting) and its words with spaces evened out,
    however the client sent it (the API's JSON or a page's form)."""
    words = " ".join(str(text or "").split())
    return hashlib.sha256(json.dumps([kind, str(place or ""), words]).encode()).hexdigest()


def claim(db: Session, user: Identified, key: str, endpoint: str,
          body_hash: str | None = None) -> tuple[RequestKey, bool]:
    """Record the key in the open transaction, or find its earlier record: (record, True when it is a retry).
    KeyReused when the earlier record was for another endpoint or another body.

    The insert is flushed at once: on PostgreSQL a concurrent request with the same key then waits on the
    unique index until the first one commits (and this one finds its record) or rolls back (and this one goes
    ahead). On SQLite write transactions are serialised by BEGIN IMMEDIATE anyway."""
    earlier = _find(db, user, key)
    if earlier is None:
        record = RequestKey(user_id=user.id, key=key, endpoint=endpoint, body_hash=body_hash)
        try:
            with db.begin_nested():
                db.add(record)
                db.flush()
        except IntegrityError:
            earlier = _find(db, user, key)
            if earlier is None:  # pragma: no cover - the other request rolled back between our two statements
                raise
        else:
            return record, False
    if earlier.endpoint != endpoint or (earlier.body_hash is not None and body_hash is not None
                                        and earlier.body_hash != body_hash):
        raise KeyReused(key)
    return earlier, True


def _find(db: Session, user: Identified, key: str) -> RequestKey | None:
    return db.exec(select(RequestKey).where(RequestKey.user_id == user.id, RequestKey.key == key)).first()


def note_created(db: Session, record: RequestKey | None, resource_id: object) -> None:
    """Remember what the request created, for an API retry to answer with."""
    if record is not None:
        record.resource_id = str(resource_id)
        db.add(record)


def forget_old(db: Session, *, now: datetime | None = None) -> int:
    """Keys older than KEEP are of no use any more (no client retries for a month)."""
    cutoff = (now or utcnow()) - KEEP
    result = db.exec(delete(RequestKey).where(col(RequestKey.created_at) < cutoff))
    return result.rowcount or 0


def init_app(app: Flask) -> None:
    app.add_template_global(lambda: hidden_field(request), "request_key_field")
