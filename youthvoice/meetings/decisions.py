"""The young person's decisions: their own words, a status, and a history across meetings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from youthvoice.core.db import owned
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings.meetings import touch
from youthvoice.meetings.models import (
    Decision,
    DecisionOutcome,
    DecisionRevision,
    DecisionStatus,
    Meeting,
    MeetingDecision,
)

DECISION_LIMIT = 500
OPEN_STATUSES = (DecisionStatus.WISH, DecisionStatus.DECISION, DecisionStatus.AGREED)


def _clean(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise InvalidInput(str(_l("Please fill this in.")), field="text")
    if len(text) > DECISION_LIMIT:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=DECISION_LIMIT)), field="text")
    return text


def _revise(db: Session, decision: Decision, meeting: Meeting | None) -> None:
    revision = DecisionRevision(owner_id=decision.owner_id, decision_id=decision.id, status=decision.status,
                                meeting_id=meeting.id if meeting else None)
    revision.text = decision.text
    db.add(revision)


def create_decision(db: Session, *, owner: User, text: str, status: str = DecisionStatus.WISH,
                    meeting: Meeting | None = None) -> Decision:
    """Write down a wish or a decision, optionally bringing it to a meeting."""
    if status not in (DecisionStatus.WISH, DecisionStatus.DECISION):
        raise InvalidInput(str(_l("Choose one of the answers.")), field="status")
    decision = Decision(municipality_id=owner.municipality_id, owner_id=owner.id, status=status)
    decision.text = _clean(text)
    db.add(decision)
    db.flush()
    _revise(db, decision, meeting)
    if meeting is not None:
        bring_to_meeting(db, meeting=meeting, decision=decision)
    return decision


def own_decision(db: Session, owner: User, decision_id: object) -> Decision:
    """One of the owner's own decisions; anything else is NotFound."""
    return owned(db, Decision, decision_id, owner_id=owner.id)


def update_decision(db: Session, *, decision: Decision, text: str | None = None, status: str | None = None,
                    meeting: Meeting | None = None) -> Decision:
    """Change the words or the status; every change is kept in the history."""
    changed = False
    if text is not None:
        cleaned = _clean(text)
        if cleaned != decision.text:
            decision.text = cleaned
            changed = True
    if status is not None:
        if status not in set(DecisionStatus):
            raise InvalidInput(str(_l("Choose one of the answers.")), field="status")
        if status != decision.status:
            decision.status = status
            changed = True
    if changed:
        decision.updated_at = utcnow()
        db.add(decision)
        _revise(db, decision, meeting)
        for link in db.exec(select(MeetingDecision).where(MeetingDecision.decision_id == decision.id)):
            linked_meeting = db.get(Meeting, link.meeting_id)
            if linked_meeting is not None:
                touch(db, linked_meeting)
    return decision


def bring_to_meeting(db: Session, *, meeting: Meeting, decision: Decision) -> MeetingDecision:
    if decision.owner_id != meeting.owner_id:
        raise NotFound
    existing = db.exec(select(MeetingDecision).where(MeetingDecision.meeting_id == meeting.id,
                                                     MeetingDecision.decision_id == decision.id)).first()
    if existing:
        return existing
    link = MeetingDecision(owner_id=meeting.owner_id, meeting_id=meeting.id, decision_id=decision.id)
    db.add(link)
    touch(db, meeting)
    db.flush()
    return link


def leave_out_of_meeting(db: Session, *, meeting: Meeting, decision: Decision) -> None:
    """Stop bringing a decision to a meeting (only while no receipt answer exists for it)."""
    link = db.exec(select(MeetingDecision).where(MeetingDecision.meeting_id == meeting.id,
                                                 MeetingDecision.decision_id == decision.id)).first()
    if link is None:
        raise NotFound
    if link.receipt_answer is None:
        db.delete(link)
        touch(db, meeting)


def meeting_decisions(db: Session, meeting: Meeting) -> list[tuple[MeetingDecision, Decision]]:
    rows = db.exec(select(MeetingDecision, Decision).join(Decision, col(Decision.id) == MeetingDecision.decision_id)
                   .where(MeetingDecision.meeting_id == meeting.id).order_by(col(Decision.created_at))).all()
    return [(link, decision) for link, decision in rows]


def meeting_decision(db: Session, meeting: Meeting, link_id: object) -> tuple[MeetingDecision, Decision]:
    link = owned(db, MeetingDecision, link_id, meeting_id=meeting.id)
    decision = db.get(Decision, link.decision_id)
    if decision is None:
        raise NotFound
    return link, decision


def set_outcome(db: Session, *, meeting: Meeting, link_id: object, outcome: str) -> MeetingDecision:
    """During the meeting: my decision, agreed together, decided by others, or I disagree."""
    if outcome not in set(DecisionOutcome):
        raise InvalidInput(str(_l("Choose one of the answers.")), field="outcome")
    link, decision = meeting_decision(db, meeting, link_id)
    link.outcome = outcome
    db.add(link)
    if outcome == DecisionOutcome.AGREED_TOGETHER and decision.status in (DecisionStatus.WISH, DecisionStatus.DECISION):
        update_decision(db, decision=decision, status=DecisionStatus.AGREED, meeting=meeting)
    elif outcome == DecisionOutcome.MINE and decision.status == DecisionStatus.WISH:
        update_decision(db, decision=decision, status=DecisionStatus.DECISION, meeting=meeting)
    touch(db, meeting)
    return link


def decisions_of(db: Session, owner: User) -> list[Decision]:
    return list(db.exec(select(Decision).where(Decision.owner_id == owner.id)
                        .order_by(col(Decision.updated_at).desc())))


def open_decisions_not_in(db: Session, owner: User, meeting: Meeting) -> list[Decision]:
    """Earlier wishes and decisions still open, that could be brought to this meeting too."""
    brought = select(MeetingDecision.decision_id).where(MeetingDecision.meeting_id == meeting.id)
    return list(db.exec(select(Decision).where(Decision.owner_id == owner.id, col(Decision.status).in_(OPEN_STATUSES),
                                               col(Decision.id).not_in(brought))
                        .order_by(col(Decision.updated_at).desc())))


def history(db: Session, decision: Decision) -> list[DecisionRevision]:
    return list(db.exec(select(DecisionRevision).where(DecisionRevision.decision_id == decision.id)
                        .order_by(col(DecisionRevision.at))))
