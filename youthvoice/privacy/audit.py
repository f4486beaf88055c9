"""The append-only, signed and chained audit log: who did what to which record, when. Never content.

Each entry carries its place in the log (`seq`, 1, 2, 3, ...) and the previous entry's hash, and its own hash is
an HMAC-SHA256 over its fields, that place and that link, under the current audit key (`AUDIT_KEYS`, kept outside
the database like the master keys; the entry names the key's id). Changing or deleting an entry breaks the chain
from there on, and without the key nobody can compute a new chain that hides it. Only removing the newest entries
leaves a shorter chain that is still whole: the signed checkpoints kept outside the database (`audit_anchor`)
catch that.

Appends are serialised: on PostgreSQL with a transaction-scoped advisory lock, on SQLite by the write transaction
(`BEGIN IMMEDIATE`) every writer holds.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, Protocol

from sqlalchemy import insert, text
from sqlmodel import Session, col, select

from youthvoice.core.db import writer_for
from youthvoice.core.model import Person, utcnow
from youthvoice.privacy.models import AuditEvent
from youthvoice.privacy.sealing import NamedKeys, instance_key_file

GENESIS = "0" * 64
PENDING_CHECKPOINTS = "yv_audit_checkpoints"
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
    RECOVERY_APPROVED = "recovery_approved"  # a second member of staff approved a recovery link
    RECOVERY_STOPPED = "recovery_stopped"  # the person said "not me"
    RECOVERY_UNLOCKED = "recovery_unlocked"  # a recovery code opened a staff-recovered passkey's lock
    RECOVERY_CODES_CREATED = "recovery_codes_created"
    SESSIONS_ENDED = "sessions_ended"
    ACCOUNT_DEACTIVATED = "account_deactivated"
    BISIDDER_REMOVED = "bisidder_removed"
    SUPPORTER_ENDED = "supporter_ended"  # the young person ended a supporter (issue 20)
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
        Action.RECOVERY_APPROVED,
        Action.RECOVERY_STOPPED,
        Action.RECOVERY_UNLOCKED,
        Action.RECOVERY_CODES_CREATED,
        Action.SESSIONS_ENDED,
        Action.ACCOUNT_DEACTIVATED,
        Action.ERASURE_REQUESTED,
        Action.ERASURE_CANCELLED,
        Action.ERASED,
        Action.EXPORTED,
    }
)


class AuditKeys(NamedKeys):
    """The audit keys by id; the first signs new entries and checkpoints, the others only check old ones."""

    kind = "audit key"


def instance_audit_keys(instance_path: str) -> str:
    """For development, the demo and tests: an audit key kept in the instance folder, created on first use."""
    return instance_key_file(instance_path, "audit_keys")


class AuditSettings(Protocol):
    """What appending needs from the app (`audit_anchor.Anchor`), found on the database session."""

    keys: AuditKeys
    every: int


@dataclass(frozen=True)
class Head:
    """One entry's place in the log: what a checkpoint records and what verifying compares."""

    seq: int
    id: int
    hash: str


class Entry(Protocol):
    """What signing reads of an entry: a model row or a plain `ViewEntry` on its way into one insert."""

    at: datetime
    municipality_id: int | None
    actor_id: uuid.UUID | None
    subject_id: uuid.UUID | None
    action: str
    object_type: str
    object_id: str
    seq: int
    key_id: str
    prev_hash: str
    hash: str


@dataclass(slots=True)
class ViewEntry:
    """An entry as plain values: a page that shows fifty things of others writes fifty of these in one insert
    without building fifty model objects (the dashboard spent a quarter of its time on that)."""

    at: datetime
    municipality_id: int | None
    actor_id: uuid.UUID | None
    subject_id: uuid.UUID | None
    action: str
    object_type: str
    object_id: str
    seq: int = 0
    key_id: str = ""
    prev_hash: str = ""
    hash: str = ""

    def values(self) -> dict[str, Any]:
        """Its columns for the insert (dataclasses.asdict would deep-copy every id and time)."""
        return {name: getattr(self, name) for name in self.__slots__}


def canonical(event: Entry) -> bytes:
    """The bytes an entry's signature covers: every field, its place in the log, its link and its key's id."""
    fields = {
        "at": event.at.isoformat(),
        "municipality_id": event.municipality_id,
        "actor_id": str(event.actor_id) if event.actor_id else None,
        "subject_id": str(event.subject_id) if event.subject_id else None,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "prev_hash": event.prev_hash,
        "seq": event.seq,
        "key_id": event.key_id,
    }
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def digest(event: Entry, keys: AuditKeys) -> str:
    """The entry's hash: HMAC-SHA256 under the key it names (KeyError if that key is not configured)."""
    return hmac.new(keys.by_id[event.key_id], canonical(event), hashlib.sha256).hexdigest()


def link(event: Entry, *, prev_hash: str, prev_seq: int, keys: AuditKeys) -> None:
    """Put an entry after the one with `prev_hash` and sign it with the current key."""
    event.prev_hash = prev_hash
    event.seq = prev_seq + 1
    event.key_id = keys.current_id
    event.hash = digest(event, keys)


def settings_of(session: Session) -> AuditSettings:
    """The audit keys and checkpoint interval `db.new_session` put on this session."""
    settings = session.info.get("audit")
    if settings is None:
        raise RuntimeError("this session has no audit settings (make it with db.new_session)")
    return settings


_AUDIT_TABLE = AuditEvent.__table__  # type: ignore[attr-defined]  # SQLModel's table is SQLAlchemy's


@cache
def last_entry_query() -> Any:
    """The newest entry's hash and place (built once: every audited page view asks it)."""
    return select(AuditEvent.hash, AuditEvent.seq).order_by(col(AuditEvent.id).desc()).limit(1)


def _append(session: Session, event: AuditEvent) -> AuditEvent:
    settings = settings_of(session)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
    last = session.exec(last_entry_query()).first()
    prev_hash, prev_seq = last if last else (GENESIS, 0)
    link(event, prev_hash=prev_hash, prev_seq=prev_seq, keys=settings.keys)
    session.add(event)
    session.flush()
    if settings.every and event.seq % settings.every == 0:
        # written outside the database once this transaction has committed (audit_anchor), never before
        session.info.setdefault(PENDING_CHECKPOINTS, []).append(Head(event.seq, event.id or 0, event.hash))
    return event


def record(
    *,
    session: Session,
    action: str,
    actor: Person | None = None,
    subject: Person | None = None,
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
        prev_hash="", hash="",  # link() chains and signs it
    )

    with writer_for(session) as writer:
        _append(writer, event)


def record_views(*, session: Session, actor: Person, views: Iterable[tuple[uuid.UUID, str, str]]) -> None:
    """Append one view entry per (whose, kind of thing, which) in one write: what a page showed of others."""

    now = utcnow()
    events = [ViewEntry(now, actor.municipality_id, actor.id, subject_id, Action.VIEW, object_type, object_id)
              for subject_id, object_type, object_id in views]  # _append_many chains and signs them
    with writer_for(session) as writer:
        _append_many(writer, events)


def _append_many(session: Session, events: list[ViewEntry]) -> None:
    """Append several events with one look-up and one insert (a page that showed many things costs the same
    statements as one)."""
    settings = settings_of(session)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY})
    last = session.exec(last_entry_query()).first()
    prev_hash, prev_seq = last if last else (GENESIS, 0)
    for event in events:
        link(event, prev_hash=prev_hash, prev_seq=prev_seq, keys=settings.keys)
        prev_hash, prev_seq = event.hash, event.seq
    # one statement, on the Core table: plain rows, none of the ORM's bulk machinery (nothing is loaded back)
    session.connection().execute(insert(_AUDIT_TABLE), [event.values() for event in events])
    for event in events:
        if settings.every and event.seq % settings.every == 0:  # now and then: its id for the checkpoint
            event_id = session.exec(select(AuditEvent.id).where(AuditEvent.hash == event.hash)).one()
            session.info.setdefault(PENDING_CHECKPOINTS, []).append(Head(event.seq, event_id or 0, event.hash))


@dataclass(frozen=True)
class ChainCheck:
    """How far the chain is whole; where and why it breaks; the places a caller asked to see."""

    checked: int
    first_broken_id: int | None
    reason: str = ""
    head: Head | None = None  # the last good entry
    seen: dict[int, Head] = field(default_factory=dict)


def _fault(event: AuditEvent, previous: str, checked: int, keys: AuditKeys) -> str:
    if event.key_id not in keys.by_id:
        return f"it is signed with audit key {event.key_id!r}, which is not in AUDIT_KEYS"
    if not hmac.compare_digest(digest(event, keys), event.hash or ""):
        return "its hash does not match its content: it was changed, or signed without the audit key"
    if event.prev_hash != previous:
        return "it does not link to the entry before it: an entry before it was removed or changed"
    if event.seq != checked + 1:
        return f"it says it is entry number {event.seq}, but it is number {checked + 1}: entries were removed"
    return ""


def verify_chain(events: Iterable[AuditEvent], *, keys: AuditKeys, want: Collection[int] = ()) -> ChainCheck:
    """Walk the log in order; name the first entry whose signature, link or place does not match.

    `want`: places (seq) whose entry the caller compares with checkpoints; they are returned in `seen`."""
    previous, checked, head = GENESIS, 0, None
    seen: dict[int, Head] = {}
    for event in events:
        reason = _fault(event, previous, checked, keys)
        if reason:
            return ChainCheck(checked, event.id, reason, head, seen)
        previous = event.hash
        checked += 1
        head = Head(checked, event.id or 0, event.hash)
        if checked in want:
            seen[checked] = head
    return ChainCheck(checked, None, "", head, seen)


def security_events_for(session: Session, user_id: uuid.UUID, limit: int = 50) -> list[AuditEvent]:
    """The security events about a person's own account, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.subject_id == user_id, col(AuditEvent.action).in_(SECURITY_ACTIONS))
        .order_by(col(AuditEvent.id).desc())
        .limit(limit)
    )
    return list(session.exec(query))
