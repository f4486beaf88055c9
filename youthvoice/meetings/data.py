"""The meetings area's part of "my data": every meeting with everything in it, and the wishes and decisions with
their history."""

from __future__ import annotations

import uuid
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from youthvoice.core.personal_data import when
from youthvoice.identity.models import User
from youthvoice.meetings.models import (
    BisidderNote,
    Decision,
    DecisionRevision,
    FollowUp,
    Meeting,
    MeetingDecision,
    MeetingNote,
    MeetingParticipant,
    MeetingPoint,
    MeetingSignal,
    NextStep,
    PreparationAnswer,
    ReceiptEntry,
    Response,
)

SIGNAL_LABELS = {"break": _l("I need a break"), "dont_understand": _l("I don't understand"), "stop": _l("Stop"),
                 "want_to_say": _l("I want to say something")}


def export_meetings(db: Session, person: User) -> list[dict[str, Any]]:
    result = []
    for meeting in db.exec(select(Meeting).where(Meeting.owner_id == person.id).order_by(col(Meeting.starts_at))):
        follow_up = db.get(FollowUp, meeting.id)
        threads: dict[uuid.UUID, list[ReceiptEntry]] = {}
        for entry in db.exec(select(ReceiptEntry).where(ReceiptEntry.meeting_id == meeting.id)
                             .order_by(col(ReceiptEntry.position), col(ReceiptEntry.created_at))):
            threads.setdefault(entry.item_id, []).append(entry)
        result.append({
            "kind": meeting.kind, "starts_at": when(meeting.starts_at), "place": meeting.place,
            "others": meeting.others, "mood": meeting.mood,
            "with": list(db.exec(
                select(User.display_name).join(MeetingParticipant, col(MeetingParticipant.user_id) == User.id)
                .where(MeetingParticipant.meeting_id == meeting.id))),
            "signals": [{"what": signal.kind, "when": when(signal.created_at)} for signal in db.exec(
                select(MeetingSignal).where(MeetingSignal.meeting_id == meeting.id))],
            "preparation": {row.question: {"text": row.text, "written_with_bisidder": bool(row.written_with_id)}
                            for row in db.exec(select(PreparationAnswer).where(
                                PreparationAnswer.meeting_id == meeting.id))},
            "points": [{"text": p.text, "card": p.topic, "face": p.face, "talked_about": bool(p.discussed_at)}
                       for p in db.exec(select(MeetingPoint).where(MeetingPoint.meeting_id == meeting.id))],
            "wishes_and_decisions": [{
                "text": decision.text, "outcome": link.outcome,
                "receipt_thread": [{
                    "what": entry.kind, "by": entry.author_name, "answer": entry.answer, "text": entry.text,
                    "when": when(entry.created_at), "answers_my_disagreement": bool(entry.answers_id),
                } for entry in threads.get(link.id, [])],
            } for link, decision in db.exec(
                select(MeetingDecision, Decision).join(Decision, col(Decision.id) == MeetingDecision.decision_id)
                .where(MeetingDecision.meeting_id == meeting.id))],
            "notes": [n.text for n in db.exec(select(MeetingNote).where(MeetingNote.meeting_id == meeting.id))],
            "after": None if follow_up is None else {
                "heard": follow_up.heard, "who_decided": follow_up.who_decided,
                "said_what_mattered": follow_up.said_what_mattered,
                "knows_what_happens": follow_up.knows_what_happens, "decided": follow_up.decided,
                "agree": follow_up.agree, "disagree": follow_up.disagree, "follow_up": follow_up.follow_up},
            "next_steps": [{"what": s.what, "who": s.who, "due": s.due.isoformat() if s.due else None,
                            "done": when(s.done_at)} for s in db.exec(
                select(NextStep).where(NextStep.meeting_id == meeting.id))],
            "responses_received": [{"from": r.author_name, "kind": r.kind, "text": r.text, "when": when(r.created_at),
                                    "helpful": bool(r.helpful_at)} for r in db.exec(
                select(Response).where(Response.meeting_id == meeting.id).order_by(col(Response.created_at)))],
            "bisidder_notes": [{"from": n.author_name, "text": n.text, "when": when(n.created_at)} for n in db.exec(
                select(BisidderNote).where(BisidderNote.meeting_id == meeting.id))],
        })
    return result



def export_decisions(db: Session, person: User) -> list[dict[str, Any]]:
    return [{
        "text": decision.text, "status": decision.status,
        "history": [{"status": r.status, "text": r.text, "when": when(r.at)} for r in db.exec(
            select(DecisionRevision).where(DecisionRevision.decision_id == decision.id)
            .order_by(col(DecisionRevision.at)))],
    } for decision in db.exec(select(Decision).where(Decision.owner_id == person.id))]


def export_notes(db: Session, person: User) -> list[dict[str, Any]]:
    """Notes from a bisidder that belong to no meeting (those of a meeting are shown with it)."""
    return [{"from": n.author_name, "text": n.text, "when": when(n.created_at)} for n in db.exec(
        select(BisidderNote).where(BisidderNote.owner_id == person.id, col(BisidderNote.meeting_id).is_(None)))]
