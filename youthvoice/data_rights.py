"""The young person's data rights: everything we hold about them, and erasure that is real.

Erasure destroys the young person's data key first (so their text in any backup can no longer be read), then
deletes their account row; the database removes everything that belongs to it. The audit log keeps only that an
erasure happened.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, delete, or_, select

from youthvoice import audit, words
from youthvoice.ages import add_months
from youthvoice.audit import Action
from youthvoice.errors import NotFound
from youthvoice.i18n import NOTIFICATION_LABELS, ROLE_LABELS
from youthvoice.models import (
    AccountStatus,
    AuditEvent,
    BisidderNote,
    DataKey,
    Decision,
    DecisionRevision,
    FollowUp,
    Invite,
    Link,
    LoginSession,
    Meeting,
    MeetingDecision,
    MeetingNote,
    MeetingParticipant,
    MeetingPoint,
    MeetingSignal,
    NextStep,
    Notification,
    Passkey,
    PreparationAnswer,
    ReceiptEntry,
    RecoveryCode,
    Response,
    Role,
    Share,
    UrgentMessage,
    User,
    utcnow,
)

log = logging.getLogger("youthvoice")

INVITE_KIND_LABELS = {"account": _l("A link to start"), "recovery": _l("A link for a new phone")}
SIGNAL_LABELS = {"break": _l("I need a break"), "dont_understand": _l("I don't understand")}

Exporter = Callable[[Session, User], Any]
EXPORTERS: list[tuple[str, Exporter]] = []
# What the printable copy calls an area's sections, fields and codes (data_print.py reads them with its own).
SECTION_TITLES: dict[str, Any] = {}
FIELD_LABELS: dict[str, Any] = {}
CODE_LABELS: dict[tuple[str, str], Mapping[Any, Any]] = {}


def exporter(name: str, *, title: Any = None, fields: Mapping[str, Any] | None = None,
             codes: Mapping[tuple[str, str], Mapping[Any, Any]] | None = None) -> Callable[[Exporter], Exporter]:
    """Register a section of "my data"; every area that stores a young person's data adds one, with the words
    the printable copy uses for its title, its fields and its codes (by (list or section, key))."""

    def register(function: Exporter) -> Exporter:
        EXPORTERS.append((name, function))
        if title is not None:
            SECTION_TITLES[name] = title
        FIELD_LABELS.update(fields or {})
        CODE_LABELS.update(codes or {})
        return function

    return register


Eraser = Callable[[Session, User], None]
ERASERS: list[Eraser] = []


def eraser(function: Eraser) -> Eraser:
    """Register what erasing a person means in an area whose rows are not simply deleted with the account (the
    youth council keeps proposals others built on); run before the account is deleted."""
    ERASERS.append(function)
    return function


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _name(db: Session, user_id: uuid.UUID | None) -> str | None:
    person = db.get(User, user_id) if user_id else None
    return person.display_name if person else None


@exporter("account", fields={
    "recovery_codes_left": _l("Recovery codes left"), "sessions": _l("Where you are logged in"),
    "last_seen": _l("Last seen"), "invites": _l("Invite links"), "for": _l("For"), "made_by": _l("Made by"),
    "used": _l("Used")}, codes={("invites", "kind"): INVITE_KIND_LABELS})
def _account(db: Session, person: User) -> dict[str, Any]:
    return {
        "name": person.display_name, "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "language": person.locale, "created": _when(person.created_at), "last_log_in": _when(person.last_login_at),
        "passkeys": [{"name": p.name, "added": _when(p.created_at), "last_used": _when(p.last_used_at)}
                     for p in db.exec(select(Passkey).where(Passkey.user_id == person.id))],
        "recovery_codes_left": len(db.exec(select(RecoveryCode.id).where(
            RecoveryCode.user_id == person.id, col(RecoveryCode.used_at).is_(None))).all()),
        "sessions": [{"device": s.user_agent, "from": _when(s.created_at), "last_seen": _when(s.last_seen_at)}
                     for s in db.exec(select(LoginSession).where(LoginSession.user_id == person.id))],
        "invites": [{"kind": i.kind, "for": _name(db, i.user_id), "made_by": _name(db, i.created_by_id),
                     "from": _when(i.created_at), "used": _when(i.used_at)}
                    for i in db.exec(select(Invite).where(or_(Invite.user_id == person.id,
                                                              Invite.created_by_id == person.id))
                                     .order_by(col(Invite.created_at)))],
    }


@exporter("my_people", title=_l("Your people"), fields={"role": _l("Role"), "title": _l("Title")},
          codes={("my_people", "role"): ROLE_LABELS})
def _people(db: Session, person: User) -> list[dict[str, Any]]:
    return [{"name": other.display_name, "role": other.role, "title": other.title, "from": _when(row.created_at),
             "until": _when(row.ended_at)}
            for row, other in db.exec(select(Link, User).join(User, col(User.id) == Link.other_id)
                                      .where(Link.young_person_id == person.id).order_by(col(Link.created_at)))]


@exporter("notifications", title=_l("What you were told about"), fields={"read": _l("Read")},
          codes={("notifications", "what"): NOTIFICATION_LABELS})
def _notifications(db: Session, person: User) -> list[dict[str, Any]]:
    return [{"what": n.kind, "when": _when(n.created_at), "read": _when(n.read_at)}
            for n in db.exec(select(Notification).where(Notification.user_id == person.id)
                             .order_by(col(Notification.created_at)))]


@exporter("meetings", fields={"with": _l("With"), "signals": _l("Signals during the meeting")},
          codes={("signals", "what"): SIGNAL_LABELS})
def _meetings(db: Session, person: User) -> list[dict[str, Any]]:
    result = []
    for meeting in db.exec(select(Meeting).where(Meeting.owner_id == person.id).order_by(col(Meeting.starts_at))):
        follow_up = db.get(FollowUp, meeting.id)
        threads: dict[uuid.UUID, list[ReceiptEntry]] = {}
        for entry in db.exec(select(ReceiptEntry).where(ReceiptEntry.meeting_id == meeting.id)
                             .order_by(col(ReceiptEntry.position), col(ReceiptEntry.created_at))):
            threads.setdefault(entry.item_id, []).append(entry)
        result.append({
            "kind": meeting.kind, "starts_at": _when(meeting.starts_at), "place": meeting.place,
            "others": meeting.others, "mood": meeting.mood,
            "with": list(db.exec(
                select(User.display_name).join(MeetingParticipant, col(MeetingParticipant.user_id) == User.id)
                .where(MeetingParticipant.meeting_id == meeting.id))),
            "signals": [{"what": signal.kind, "when": _when(signal.created_at)} for signal in db.exec(
                select(MeetingSignal).where(MeetingSignal.meeting_id == meeting.id))],
            "preparation": {row.question: {"text": row.text, "written_with_bisidder": bool(row.written_with_id)}
                            for row in db.exec(select(PreparationAnswer).where(
                                PreparationAnswer.meeting_id == meeting.id))},
            "points": [{"text": p.text, "talked_about": bool(p.discussed_at)} for p in db.exec(
                select(MeetingPoint).where(MeetingPoint.meeting_id == meeting.id))],
            "wishes_and_decisions": [{
                "text": decision.text, "outcome": link.outcome,
                "receipt_thread": [{
                    "what": entry.kind, "by": entry.author_name, "answer": entry.answer, "text": entry.text,
                    "when": _when(entry.created_at), "answers_my_disagreement": bool(entry.answers_id),
                } for entry in threads.get(link.id, [])],
            } for link, decision in db.exec(
                select(MeetingDecision, Decision).join(Decision, col(Decision.id) == MeetingDecision.decision_id)
                .where(MeetingDecision.meeting_id == meeting.id))],
            "notes": [n.text for n in db.exec(select(MeetingNote).where(MeetingNote.meeting_id == meeting.id))],
            "after": None if follow_up is None else {
                "heard": follow_up.heard, "who_decided": follow_up.who_decided, "decided": follow_up.decided,
                "agree": follow_up.agree, "disagree": follow_up.disagree, "follow_up": follow_up.follow_up},
            "next_steps": [{"what": s.what, "who": s.who, "due": s.due.isoformat() if s.due else None,
                            "done": _when(s.done_at)} for s in db.exec(
                select(NextStep).where(NextStep.meeting_id == meeting.id))],
            "responses_received": [{"from": r.author_name, "kind": r.kind, "text": r.text, "when": _when(r.created_at),
                                    "helpful": bool(r.helpful_at)} for r in db.exec(
                select(Response).where(Response.meeting_id == meeting.id).order_by(col(Response.created_at)))],
            "bisidder_notes": [{"from": n.author_name, "text": n.text, "when": _when(n.created_at)} for n in db.exec(
                select(BisidderNote).where(BisidderNote.meeting_id == meeting.id))],
        })
    return result


@exporter("bisidder_notes", title=_l("Notes from your bisidder"))
def _notes(db: Session, person: User) -> list[dict[str, Any]]:
    """Notes from a bisidder that belong to no meeting (those of a meeting are shown with it)."""
    return [{"from": n.author_name, "text": n.text, "when": _when(n.created_at)} for n in db.exec(
        select(BisidderNote).where(BisidderNote.owner_id == person.id, col(BisidderNote.meeting_id).is_(None)))]


@exporter("decisions")
def _decisions(db: Session, person: User) -> list[dict[str, Any]]:
    return [{
        "text": decision.text, "status": decision.status,
        "history": [{"status": r.status, "text": r.text, "when": _when(r.at)} for r in db.exec(
            select(DecisionRevision).where(DecisionRevision.decision_id == decision.id)
            .order_by(col(DecisionRevision.at)))],
    } for decision in db.exec(select(Decision).where(Decision.owner_id == person.id))]


@exporter("sharing")
def _sharing(db: Session, person: User) -> list[dict[str, Any]]:
    return [{"with": _name(db, share.grantee_id), "what": share.scope, "parts": share.parts,
             "from": _when(share.created_at), "until": _when(share.withdrawn_at)}
            for share in db.exec(select(Share).where(Share.owner_id == person.id).order_by(col(Share.created_at)))]


@exporter("who_has_seen_what")
def _views(db: Session, person: User) -> list[dict[str, Any]]:
    return [{"who": _name(db, event.actor_id), "what": event.object_type, "when": _when(event.at)}
            for event in db.exec(select(AuditEvent).where(AuditEvent.subject_id == person.id,
                                                          AuditEvent.action == Action.VIEW,
                                                          col(AuditEvent.actor_id) != person.id)
                                 .order_by(col(AuditEvent.id)))]


@exporter("account_events")
def _security(db: Session, person: User) -> list[dict[str, Any]]:
    return [{"what": event.action, "when": _when(event.at)} for event in audit.security_events_for(db, person.id, 500)]


@exporter("urgent_messages")
def _urgent(db: Session, person: User) -> list[dict[str, Any]]:
    return [{"to": _name(db, m.professional_id), "text": m.text, "sent": _when(m.created_at),
             "seen": _when(m.acknowledged_at)}
            for m in db.exec(select(UrgentMessage).where(UrgentMessage.owner_id == person.id))]


def my_data(db: Session, person: User) -> dict[str, Any]:
    """Everything youthvoice holds about a young person, section by section."""
    return {"format": "youthvoice-my-data/1", "created": utcnow().isoformat(),
            **{name: function(db, person) for name, function in EXPORTERS}}


# --- erasure -------------------------------------------------------------------------------------------


def request_erasure(db: Session, *, person: User, requested_by: User, grace_days: int) -> datetime:
    """Ask for an account to be deleted; it happens after the grace period unless undone."""
    if person.role != Role.YOUNG_PERSON:
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


def erase(db: Session, *, person: User, actor: User | None, reason: str) -> None:
    """Delete a young person for real: their key first, then everything of theirs, as each table's
    `__personal_data__` says (personal_data.py). The log keeps only that it happened."""
    person_id, municipality_id = person.id, person.municipality_id
    with words.erasing(db):
        db.exec(delete(DataKey).where(col(DataKey.owner_id) == person_id))  # type: ignore[call-overload]
        keyring = db.info.get("keyring")
        if keyring is not None:
            keyring.forget(person_id)
        for function in ERASERS:
            function(db, person)
        db.exec(delete(Notification).where(col(Notification.about_id) == person_id))  # type: ignore[call-overload]
        for bisidder in bisidders_invited_by(db, person):
            db.delete(bisidder)  # with the name and relation the young person typed for them
        db.delete(person)
        db.flush()
    audit.record(session=db, action=Action.ERASED, actor=actor, municipality_id=municipality_id,
                 object_type=reason, object_id=person_id)


def bisidders_invited_by(db: Session, person: User) -> list[User]:
    """The bisidder accounts a young person made (by inviting them): theirs, so they go with them."""
    return list(db.exec(select(User).join(Invite, col(Invite.user_id) == User.id)
                        .where(Invite.created_by_id == person.id, User.role == Role.BISIDDER).distinct()))


@dataclass
class ErasureReport:
    """What a run of erasures did: who is gone, and who could not be erased (and why, without content)."""

    erased: list[uuid.UUID] = field(default_factory=list)
    failed: list[tuple[uuid.UUID, str]] = field(default_factory=list)


def erase_each(open_session: Callable[[], Session], person_ids: list[uuid.UUID], *, reason: str) -> ErasureReport:
    """Erase each person in a transaction of their own: one that fails is rolled back and reported, and the
    others are carried out all the same."""
    report = ErasureReport()
    for person_id in person_ids:
        db = open_session()
        try:
            person = db.get(User, person_id)
            if person is not None:
                erase(db, person=person, actor=None, reason=reason)
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
    engine = db.get_bind()
    db.close()
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()  # outside any transaction, as a checkpoint must be
    try:
        # It waits for readers of older snapshots; a request's read is short, so a few seconds is plenty (what
        # cannot be emptied now is emptied by the next checkpoint).
        raw.driver_connection.execute("PRAGMA busy_timeout=5000")  # type: ignore[union-attr]
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
    finally:
        raw.driver_connection.execute("PRAGMA busy_timeout=30000")  # type: ignore[union-attr]
        raw.close()


def erase_due(open_session: Callable[[], Session], *, now: datetime | None = None) -> ErasureReport:
    """Carry out every erasure whose grace period has passed, each in its own transaction."""
    now = now or utcnow()
    db = open_session()
    try:
        due = list(db.exec(select(User.id).where(col(User.erase_after).is_not(None), col(User.erase_after) <= now)))
    finally:
        db.close()
    return erase_each(open_session, due, reason="request")


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
