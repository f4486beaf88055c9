"""The young person's data rights: everything we hold about them, and erasure that is real.

Erasure destroys the young person's data key first (so their text in any backup can no longer be read), then
deletes their account row; the database removes everything that belongs to it. The audit log keeps only that an
erasure happened.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, delete, select

from . import audit
from .ages import add_months
from .audit import Action
from .errors import NotFound
from .models import (
    AccountStatus,
    AuditEvent,
    BisidderNote,
    DataKey,
    Decision,
    DecisionRevision,
    FollowUp,
    Meeting,
    MeetingDecision,
    MeetingNote,
    MeetingPoint,
    NextStep,
    Notification,
    Passkey,
    PreparationAnswer,
    ReceiptEntry,
    Response,
    Role,
    Share,
    UrgentMessage,
    User,
    utcnow,
)

Exporter = Callable[[Session, User], Any]
EXPORTERS: list[tuple[str, Exporter]] = []


def exporter(name: str) -> Callable[[Exporter], Exporter]:
    """Register a section of "my data"; every area that stores a young person's data adds one."""

    def register(function: Exporter) -> Exporter:
        EXPORTERS.append((name, function))
        return function

    return register


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _name(db: Session, user_id: uuid.UUID | None) -> str | None:
    person = db.get(User, user_id) if user_id else None
    return person.display_name if person else None


@exporter("account")
def _account(db: Session, person: User) -> dict[str, Any]:
    return {
        "name": person.display_name, "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "language": person.locale, "created": _when(person.created_at), "last_log_in": _when(person.last_login_at),
        "passkeys": [{"name": p.name, "added": _when(p.created_at), "last_used": _when(p.last_used_at)}
                     for p in db.exec(select(Passkey).where(Passkey.user_id == person.id))],
    }


@exporter("meetings")
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
    """Delete a young person for real: their key first, then everything of theirs. The log keeps that it happened."""
    person_id, municipality_id = person.id, person.municipality_id
    db.exec(delete(DataKey).where(col(DataKey.owner_id) == person_id))  # type: ignore[call-overload]
    keyring = db.info.get("keyring")
    if keyring is not None:
        keyring.forget(person_id)
    db.exec(delete(Notification).where(col(Notification.about_id) == person_id))  # type: ignore[call-overload]
    db.delete(person)
    db.flush()
    audit.record(session=db, action=Action.ERASED, actor=actor, municipality_id=municipality_id,
                 object_type=reason, object_id=person_id)


def erase_due(db: Session, *, now: datetime | None = None) -> int:
    """Carry out every erasure whose grace period has passed."""
    now = now or utcnow()
    due = db.exec(select(User).where(col(User.erase_after).is_not(None), col(User.erase_after) <= now)).all()
    for person in due:
        erase(db, person=person, actor=None, reason="request")
    return len(due)


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
