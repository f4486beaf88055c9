"""The young person's data rights: everything we hold about them, and erasure that is real.

Erasure destroys the young person's data key first (so their text in any backup can no longer be read), then
deletes their account row; the database removes everything that belongs to it. The audit log keeps only that an
erasure happened.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import Engine
from sqlmodel import Session, col, delete, or_, select

from youthvoice.core.errors import NotFound
from youthvoice.core.model import utcnow
from youthvoice.core.personal_data import Eraser, Section, when
from youthvoice.identity.accounts import name_of
from youthvoice.identity.ages import add_months
from youthvoice.identity.models import (
    AccountStatus,
    Invite,
    Link,
    LoginSession,
    Passkey,
    RecoveryCode,
    Role,
    User,
)
from youthvoice.notify.models import Notification
from youthvoice.privacy import audit, words
from youthvoice.privacy.audit import Action
from youthvoice.privacy.models import AuditEvent, DataKey

log = logging.getLogger("youthvoice")

INVITE_KIND_LABELS = {"account": _l("A link to start"), "recovery": _l("A link for a new phone")}
ACCOUNT_FIELDS = {
    "recovery_codes_left": _l("Recovery codes left"), "sessions": _l("Where you are logged in"),
    "last_seen": _l("Last seen"), "invites": _l("Invite links"), "for": _l("For"), "made_by": _l("Made by"),
    "used": _l("Used")}

def export_account(db: Session, person: User) -> dict[str, Any]:
    return {
        "name": person.display_name, "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "language": person.locale, "created": when(person.created_at), "last_log_in": when(person.last_login_at),
        "passkeys": [{"name": p.name, "added": when(p.created_at), "last_used": when(p.last_used_at)}
                     for p in db.exec(select(Passkey).where(Passkey.user_id == person.id))],
        "recovery_codes_left": len(db.exec(select(RecoveryCode.id).where(
            RecoveryCode.user_id == person.id, col(RecoveryCode.used_at).is_(None))).all()),
        "sessions": [{"device": s.user_agent, "from": when(s.created_at), "last_seen": when(s.last_seen_at)}
                     for s in db.exec(select(LoginSession).where(LoginSession.user_id == person.id))],
        "invites": [{"kind": i.kind, "for": name_of(db, i.user_id), "made_by": name_of(db, i.created_by_id),
                     "from": when(i.created_at), "used": when(i.used_at)}
                    for i in db.exec(select(Invite).where(or_(Invite.user_id == person.id,
                                                              Invite.created_by_id == person.id))
                                     .order_by(col(Invite.created_at)))],
    }


def export_people(db: Session, person: User) -> list[dict[str, Any]]:
    return [{"name": other.display_name, "role": other.role, "title": other.title, "from": when(row.created_at),
             "until": when(row.ended_at)}
            for row, other in db.exec(select(Link, User).join(User, col(User.id) == Link.other_id)
                                      .where(Link.young_person_id == person.id).order_by(col(Link.created_at)))]


def export_views(db: Session, person: User) -> list[dict[str, Any]]:
    return [{"who": name_of(db, event.actor_id), "what": event.object_type, "when": when(event.at)}
            for event in db.exec(select(AuditEvent).where(AuditEvent.subject_id == person.id,
                                                          AuditEvent.action == Action.VIEW,
                                                          col(AuditEvent.actor_id) != person.id)
                                 .order_by(col(AuditEvent.id)))]


def export_account_events(db: Session, person: User) -> list[dict[str, Any]]:
    return [{"what": event.action, "when": when(event.at)} for event in audit.security_events_for(db, person.id, 500)]


# The order a person reads "my data" in: who they are, their meetings and words, who saw what; then the rest. A
# section an area adds later comes after these.
READING_ORDER = ("account", "my_people", "meetings", "bisidder_notes", "decisions", "sharing", "who_has_seen_what",
                 "account_events", "urgent_messages", "network", "small_steps", "council", "push_devices",
                 "notifications")


def my_data(db: Session, person: User, sections: Iterable[Section]) -> dict[str, Any]:
    """Everything youthvoice holds about a young person, section by section (the areas' sections: personal_data)."""
    ordered = sorted(sections, key=lambda section: (READING_ORDER.index(section.name)
                                                    if section.name in READING_ORDER else len(READING_ORDER)))
    return {"format": "youthvoice-my-data/1", "created": utcnow().isoformat(),
            **{section.name: section.export(db, person) for section in ordered}}


# --- erasure -------------------------------------------------------------------------------------------


def request_erasure(db: Session, *, person: User, requested_by: User, grace_days: int) -> datetime:
    """Ask for an account to be deleted; it happens after the grace period unless undone."""
    if person.role not in (Role.YOUNG_PERSON, Role.PEER):  # a peer (issue 20.3): their posts and memberships
        raise NotFound
    person.erase_after = utcnow() + timedelta(days=grace_days)
    person.erasure_requested_by_id = requested_by.id
    db.add(person)
    audit.record(session=db, action=Action.ERASURE_REQUESTED, actor=requested_by, subject=person)
    return person.erase_after


def cancel_erasure(db: Session, *, person: User, actor: User) -> None:
    if person.erase_after is None:
        return
    person.erase_after = None
    person.erasure_requested_by_id = None
    db.add(person)
    audit.record(session=db, action=Action.ERASURE_CANCELLED, actor=actor, subject=person)


def erase(db: Session, *, person: User, actor: User | None, reason: str, erasers: Iterable[Eraser]) -> None:
    """Delete a young person for real: their key first, then everything of theirs, as each table's
    `__personal_data__` says (personal_data.py). The log keeps only that it happened."""
    person_id, municipality_id = person.id, person.municipality_id
    with words.erasing(db):
        db.exec(delete(DataKey).where(col(DataKey.owner_id) == person_id))
        keyring = db.info.get("keyring")
        if keyring is not None:
            keyring.forget(person_id)
        for function in erasers:
            function(db, person)
        db.exec(delete(Notification).where(col(Notification.about_id) == person_id))
        for invited in bisidders_invited_by(db, person):
            db.delete(invited)  # with the name and relation the young person typed for them
        db.delete(person)
        db.flush()
    audit.record(session=db, action=Action.ERASED, actor=actor, municipality_id=municipality_id,
                 object_type=reason, object_id=person_id)


def bisidders_invited_by(db: Session, person: User) -> list[User]:
    """The bisidder and supporter accounts a young person made (by inviting them): theirs, so they go with them."""
    return list(db.exec(select(User).join(Invite, col(Invite.user_id) == User.id)
                        .where(Invite.created_by_id == person.id,
                               col(User.role).in_([Role.BISIDDER, Role.SUPPORTER])).distinct()))


@dataclass
class ErasureReport:
    """What a run of erasures did: who is gone, and who could not be erased (and why, without content)."""

    erased: list[uuid.UUID] = field(default_factory=list)
    failed: list[tuple[uuid.UUID, str]] = field(default_factory=list)


def erase_each(open_session: Callable[[], Session], person_ids: list[uuid.UUID], *, reason: str,
               erasers: Iterable[Eraser]) -> ErasureReport:
    """Erase each person in a transaction of their own: one that fails is rolled back and reported, and the
    others are carried out all the same."""
    report = ErasureReport()
    for person_id in person_ids:
        db = open_session()
        try:
            person = db.get(User, person_id)
            if person is not None:
                erase(db, person=person, actor=None, reason=reason, erasers=erasers)
                db.commit()
                report.erased.append(person_id)
        except Exception as error:
            db.rollback()
            log.error("erasure of %s failed: %s", person_id, type(error).__name__, exc_info=error)
            report.failed.append((person_id, type(error).__name__))
        finally:
            db.close()
    if report.erased:
        forget_deleted_pages(open_session)
    return report


def forget_deleted_pages(open_session: Callable[[], Session]) -> None:
    """On SQLite, move the write-ahead log into the database file and empty it: deleted rows were overwritten
    with zeros (secure_delete, db.py), and the log's copies of the pages from before are gone too."""
    db = open_session()
    engine = cast(Engine, db.get_bind())  # a session made for the app is bound to its engine
    db.close()
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()  # outside any transaction, as a checkpoint must be
    driver: Any = raw.driver_connection  # sqlite3's own connection
    try:
        # It waits for readers of older snapshots; a request's read is short, so a few seconds is plenty (what
        # cannot be emptied now is emptied by the next checkpoint).
        driver.execute("PRAGMA busy_timeout=5000")
        driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        driver.execute("PRAGMA busy_timeout=30000")
        raw.close()


def erase_due(open_session: Callable[[], Session], *, erasers: Iterable[Eraser],
              now: datetime | None = None) -> ErasureReport:
    """Carry out every erasure whose grace period has passed, each in its own transaction."""
    now = now or utcnow()
    db = open_session()
    try:
        due = list(db.exec(select(User.id).where(col(User.erase_after).is_not(None), col(User.erase_after) <= now)))
    finally:
        db.close()
    return erase_each(open_session, due, reason="request", erasers=erasers)


@dataclass(frozen=True)
class RetentionCandidate:
    person_id: uuid.UUID
    pseudonym: str
    municipality_id: int
    last_active: datetime
    reason: str


def retention_candidates(db: Session, *, inactive_days: int, after_23_days: int,
                         now: datetime | None = None) -> list[RetentionCandidate]:
    """Young people whose data is kept no longer: long inactive, or past 23 and inactive for a while."""
    now = now or utcnow()
    result = []
    for person in db.exec(select(User).where(User.role == Role.YOUNG_PERSON,
                                             col(User.status) != AccountStatus.PENDING)):
        last_active = max(filter(None, (person.last_login_at, person.activated_at, person.created_at)))
        idle = now - last_active
        if idle > timedelta(days=inactive_days):
            result.append(RetentionCandidate(person.id, person.pseudonym, person.municipality_id, last_active,
                                             f"inactive for {idle.days} days"))
        elif person.birth_date and add_months(person.birth_date, 23 * 12) <= now.date() \
                and idle > timedelta(days=after_23_days):
            result.append(RetentionCandidate(person.id, person.pseudonym, person.municipality_id, last_active,
                                             f"past 23 and inactive for {idle.days} days"))
    return result
