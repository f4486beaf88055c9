"""Builds a young person's case with content in every part, for access and leak tests."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session

from support.people import saras_circle
from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings import decisions, meetings, preparation, responses
from youthvoice.meetings.models import DecisionStatus, Meeting
from youthvoice.sharing import sharing
from youthvoice.sharing.access import meeting_for
from youthvoice.sharing.models import SharePart

ALL = [SharePart.BASICS, SharePart.PREPARATION, SharePart.DECISIONS, SharePart.AFTER]


@dataclass
class Case:
    """Sara's case: Lene sees everything, Peter is linked but not shown, Mette was shown and then not any more,
    Ali works in the same municipality but not with Sara, Sofie works in another municipality."""

    people: dict[str, User]
    meeting: Meeting
    marker: str
    ids: dict[str, uuid.UUID] = field(default_factory=dict)


def build_case(db: Session, *, past: bool = True) -> Case:
    people = saras_circle(db)
    marker = "MARKER" + uuid.uuid4().hex[:10]
    sara = people["sara"]
    when = utcnow() + (timedelta(days=-2) if past else timedelta(days=3))
    meeting = meetings.create_meeting(db, owner=sara, created_by=sara, data=meetings.MeetingInput(
        kind="plan", starts_at=when, place=f"{marker}-place", others=f"{marker}-aunt", participant_ids=[]),
        allowed_participants=[])
    preparation.save_answers(db, meeting=meeting, values={"going_well": f"{marker}-going-well",
                                                          "hard": f"{marker}-hard", "questions": f"{marker}-q"})
    point = meetings.add_point(db, meeting=meeting, text=f"{marker}-point")
    decision = decisions.create_decision(db, owner=sara, text=f"{marker}-decision", status=DecisionStatus.DECISION,
                                         meeting=meeting)
    meetings.add_note(db, meeting=meeting, text=f"{marker}-note")
    meetings.save_follow_up(db, meeting=meeting, heard=4, who_decided=2, decided=f"{marker}-decided", agree="",
                            disagree=f"{marker}-disagree", follow_up="")
    step = meetings.add_next_step(db, meeting=meeting, what=f"{marker}-step", who="Lene", due=None)
    sharing.set_meeting_share(db, owner=sara, meeting=meeting, grantee=people["lene"], parts=ALL)
    sharing.set_meeting_share(db, owner=sara, meeting=meeting, grantee=people["mette"], parts=ALL)
    sharing.set_meeting_share(db, owner=sara, meeting=meeting, grantee=people["mette"], parts=[])
    db.flush()
    lene_view = meeting_for(db, people["lene"], meeting.id, log_view=False)
    response = responses.respond(db, access=lene_view, part=SharePart.PREPARATION, target="question:hard",
                                 kind="question", text=f"{marker}-response")
    link_row = decisions.meeting_decisions(db, meeting)[0][0]
    db.commit()
    return Case(people, meeting, marker, ids={"point_id": point.id, "decision_id": decision.id,
                                              "link_id": link_row.id, "response_id": response.id,
                                              "step_id": step.id, "person_id": people["lene"].id})
