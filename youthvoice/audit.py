"""The append-only, hash-chained audit log: who did what to which record, when. Never content.

Each entry's hash covers its fields and the previous entry's hash, so changing or deleting an entry breaks
the chain from there on. Appends are serialised: on PostgreSQL with a transaction-scoped advisory lock, on
SQLite by the write transaction (`BEGIN IMMEDIATE`) every writer holds.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import insert, text
from sqlmodel import Session, select

from .models import AuditEvent, User, utcnow

GENESIS = "0" * 64
_ADVISORY_LOCK_KEY = 7_042_001


class Action:
    """The kinds of events; plain strings so the log stays readable in SQL."""

    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    PASSKEY_ADDED = "passkey_added"
    PASSKEY_REMOVED = "passkey_removed"
    PASSKEY_RENAMED = "passkey_renamed"
    INVITE_ISSUED = "invite_issued"
    INVITE_REDEEMED = "invite_redeemed"
    RECOVERY_INVITE_ISSUED = "recovery_invite_issued"
    RECOVERED = "recovered"
    RECOVERY_CODES_CREATED = "recovery_codes_created"
    SESSIONS_ENDED = "sessions_ended"
    ACCOUNT_DEACTIVATED = "account_deactivated"
    BISIDDER_REMOVED = "bisidder_removed"
    ERASURE_REQUESTED = "erasure_requested"
    ERASURE_CANCELLED = "erasure_cancelled"
    ERASED = "erased"
    EXPORTED = "exported"
    URGENT_SENT = "urgent_sent"
    SHARED = "shared"
    SHARE_WITHDRAWN = "share_withdrawn"
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


SECURITY_ACTIONS = frozenset(
    {
        Action.LOGIN,
        Action.LOGIN_FAILED,
        Action.PASSKEY_ADDED,
        Action.PASSKEY_REMOVED,
        Action.PASSKEY_RENAMED,
        Action.INVITE_ISSUED,
        Action.INVITE_REDEEMED,
        Action.RECOVERY_INVITE_ISSUED,
        Action.RECOVERED,
        Action.RECOVERY_CODES_CREATED,
        Action.SESSIONS_ENDED,
        Action.ACCOUNT_DEACTIVATED,
        Action.ERASURE_REQUESTED,
        Action.ERASURE_CANCELLED,
        Action.ERASED,
        Action.EXPORTED,
    }
)


def _digest(event: AuditEvent) -> str:
    fields = {
        "at": event.at.isoformat(),
        "municipality_id": event.municipality_id,
        "actor_id": str(event.actor_id) if event.actor_id else None,
        "subject_id": str(event.subject_id) if event.subject_id else None,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "prev_hash": event.prev_hash,
    }
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(payload).hexdigest()


def _append(session: Session, event: AuditEvent) -> AuditEvent:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
    last = session.exec(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()  # type: ignore[union-attr]
    event.prev_hash = last or GENESIS
    event.hash = _digest(event)
    session.add(event)
    session.flush()
    return event


def record(
    *,
    session: Session,
    action: str,
    actor: User | None = None,
    subject: User | None = None,
    municipality_id: int | None = None,
    object_type: str = "",
    object_id: object = "",
) -> None:
    """Append an event. In a read-only request it is written and committed at once, before content is shown."""
    event = AuditEvent(
        at=utcnow(),
        municipality_id=municipality_id
        or (subject.municipality_id if subject else None)
        or (actor.municipality_id if actor else None),
        actor_id=actor.id if actor else None,
        subject_id=subject.id if subject else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id else "",
    )
    from .db import writer_for

    with writer_for(session) as writer:
        _append(writer, event)


def record_views(*, session: Session, actor: User, views: Iterable[tuple[uuid.UUID, str, str]]) -> None:
    """Append one view entry per (whose, kind of thing, which) in one write: what a page showed of others."""
    from .db import writer_for

    now = utcnow()
    events = [AuditEvent(at=now, municipality_id=actor.municipality_id, actor_id=actor.id, subject_id=subject_id,
                         action=Action.VIEW, object_type=object_type, object_id=object_id)
              for subject_id, object_type, object_id in views]
    with writer_for(session) as writer:
        _append_many(writer, events)


def _append_many(session: Session, events: list[AuditEvent]) -> None:
    """Append several events in one insert (a page that showed many things costs the same statements as one)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
    previous = session.exec(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()  # type: ignore[union-attr]
    rows = []
    for event in events:
        event.prev_hash = previous or GENESIS
        event.hash = previous = _digest(event)
        rows.append({column: getattr(event, column) for column in AuditEvent.model_fields if column != "id"})
    session.execute(insert(AuditEvent), rows)


@dataclass(frozen=True)
class ChainCheck:
    checked: int
    first_broken_id: int | None


def verify_chain(events: Iterable[AuditEvent]) -> ChainCheck:
    """Walk the log in order; name the first entry whose hash or link does not match."""
    previous = GENESIS
    checked = 0
    for event in events:
        if event.prev_hash != previous or _digest(event) != event.hash:
            return ChainCheck(checked, event.id)
        previous = event.hash
        checked += 1
    return ChainCheck(checked, None)


def security_events_for(session: Session, user_id: uuid.UUID, limit: int = 50) -> list[AuditEvent]:
    """The security events about a person's own account, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.subject_id == user_id, AuditEvent.action.in_(SECURITY_ACTIONS))  # type: ignore[attr-defined]
        .order_by(AuditEvent.id.desc())  # type: ignore[union-attr]
        .limit(limit)
    )
    return list(session.exec(query))
