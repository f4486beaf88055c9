"""My voice over time (issue 22.2): how often I felt listened to, and what became of my wishes, from my own answers
after each meeting and the receipts. The young person's own page, for nobody else."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from youthvoice.core.danish_calendar import local_date
from youthvoice.identity.models import User
from youthvoice.meetings.models import FollowUp, Meeting, ReceiptEntry, ReceiptEntryKind

LISTENED = 4  # "Mostly" or "Completely" to "Were you heard?"
ANSWERS = ("followed", "partly", "not_followed")


@dataclass(frozen=True)
class MeetingVoice:
    meeting_id: object
    day: date
    kind: str
    heard: int | None
    said_what_mattered: int | None
    knows_what_happens: int | None
    who_decided: int | None


@dataclass(frozen=True)
class VoiceOverTime:
    meetings: list[MeetingVoice]  # oldest first
    wishes: dict[str, int]  # the latest answer to each wish brought to a meeting: followed, partly, not_followed

    @property
    def answered(self) -> int:
        return sum(1 for meeting in self.meetings if meeting.heard)

    @property
    def listened(self) -> int:
        return sum(1 for meeting in self.meetings if meeting.heard and meeting.heard >= LISTENED)

    @property
    def wishes_answered(self) -> int:
        return sum(self.wishes.values())


def voice_over_time(db: Session, owner: User) -> VoiceOverTime:
    """Two statements, whatever the number of meetings: her answers after each meeting, and the receipts' answers
    (a wish answered twice counts once, with its latest answer)."""
    # seven columns: SQLModel's select() is typed for at most four
    rows = db.exec(select(Meeting.id, Meeting.starts_at, Meeting.kind,  # type: ignore[call-overload]
                          FollowUp.heard, FollowUp.said_what_mattered, FollowUp.knows_what_happens,
                          FollowUp.who_decided)
                   .join(FollowUp, col(FollowUp.meeting_id) == Meeting.id)
                   .where(Meeting.owner_id == owner.id).order_by(col(Meeting.starts_at))).all()
    meetings = [MeetingVoice(meeting_id, local_date(starts_at), kind, heard, said, knows, who)
                for meeting_id, starts_at, kind, heard, said, knows, who in rows]
    latest: dict[object, str] = {}
    for item_id, answer in db.exec(select(ReceiptEntry.item_id, ReceiptEntry.answer)
                                   .where(ReceiptEntry.owner_id == owner.id,
                                          ReceiptEntry.kind == ReceiptEntryKind.ANSWER)
                                   .order_by(col(ReceiptEntry.created_at))):
        if answer in ANSWERS:
            latest[item_id] = answer
    wishes = {answer: sum(1 for value in latest.values() if value == answer) for answer in ANSWERS}
    return VoiceOverTime(meetings, wishes)
