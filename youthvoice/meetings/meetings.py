"""A young person's meetings: creating them, and what happens during and after."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam
from sqlmodel import Session, col, func, select

from youthvoice.core.db import owned, upsert, writer_for
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings.models import (
    FollowUp,
    LastVisit,
    Meeting,
    MeetingKind,
    MeetingNote,
    MeetingParticipant,
    MeetingPoint,
    MeetingSignal,
    NextStep,
    VoiceAnswerTo,
    VoiceRecording,
)
from youthvoice.notify import notifications
from youthvoice.notify.models import Notification
from youthvoice.sharing import sharing

# What this area tells people about (notify.notifications); the words never carry content.
NOTIFICATION_KINDS = {
    "bisidder_note": _l("Your bisidder wrote you a note"),
    "meeting_shared": _l("A young person shared a meeting with you"),
    "meeting_created": _l("A meeting was added to your list"),
    "meeting_moved": _l("A meeting in your list has a new time"),
    "meeting_cancelled": _l("A meeting in your list was cancelled"),
    "meeting_tomorrow": _l("You have a meeting tomorrow"),
    "response": _l("You got an answer on your meeting"),
    "reply": _l("A young person answered you"),
    "receipt": _l("Your decision receipt is ready"),
    "receipt_contested": _l("A young person does not agree with a receipt answer"),
}
# The same, for the people she deals with, naming her (the list is behind log-in; a push never names her).
NOTIFICATIONS_ABOUT = {
    "meeting_shared": _l("%(name)s shared a meeting with you"),
    "reply": _l("%(name)s answered you"),
    "receipt_contested": _l("%(name)s does not agree with a receipt answer"),
}

TEXT_LIMIT = 2000
SIGNAL_KINDS = ("break", "dont_understand", "stop", "want_to_say")  # the last two from "say it for me" cards


@dataclass
class MeetingInput:
    kind: str
    starts_at: datetime
    place: str
    others: str
    participant_ids: list[uuid.UUID]


def touch(db: Session, meeting: Meeting) -> None:
    """Mark a meeting as changed, for "new since your last visit"."""
    meeting.updated_at = utcnow()
    db.add(meeting)


def _check_text(value: str, field: str, limit: int = TEXT_LIMIT) -> str:
    if len(value) > limit:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=limit)), field=field)
    return value


def create_meeting(db: Session, *, owner: User, created_by: User, data: MeetingInput,
                   allowed_participants: list[User]) -> Meeting:
    """Put a meeting in a young person's list (by them, or by one of their professionals)."""
    if data.kind not in set(MeetingKind):
        raise InvalidInput(str(_l("Choose what kind of meeting it is.")), field="kind")
    meeting = Meeting(municipality_id=owner.municipality_id, owner_id=owner.id, created_by_id=created_by.id,
                      kind=data.kind, starts_at=data.starts_at)
    meeting.place = _check_text(data.place, "place", 200) or None
    meeting.others = _check_text(data.others, "others", 500) or None
    db.add(meeting)
    db.flush()
    set_participants(db, meeting=meeting, participant_ids=data.participant_ids, allowed=allowed_participants)
    if created_by.id != owner.id:
        db.add(MeetingParticipant(meeting_id=meeting.id, user_id=created_by.id))
        sharing.grant_basics(db, meeting=meeting, grantee_id=created_by.id)
        notifications.notify(db, user=owner, kind="meeting_created", link=f"/meetings/{meeting.id}",
                             about_id=owner.id)
    db.flush()
    return meeting


def update_meeting(db: Session, *, meeting: Meeting, data: MeetingInput, allowed_participants: list[User]) -> None:
    """Change the basics of a meeting (only its owner does this)."""
    if data.kind not in set(MeetingKind):
        raise InvalidInput(str(_l("Choose what kind of meeting it is.")), field="kind")
    meeting.kind = data.kind
    meeting.starts_at = data.starts_at
    meeting.place = _check_text(data.place, "place", 200) or None
    meeting.others = _check_text(data.others, "others", 500) or None
    set_participants(db, meeting=meeting, participant_ids=data.participant_ids, allowed=allowed_participants)
    touch(db, meeting)


def made_by(meeting: Meeting, actor: User) -> bool:
    """Whether `actor` is the professional who put this meeting in the young person's list (who may move or cancel
    it); the young person changes her own meetings on her own pages."""
    return meeting.created_by_id == actor.id and meeting.owner_id != actor.id and actor.is_professional


def move_meeting(db: Session, *, meeting: Meeting, actor: User, starts_at: datetime) -> None:
    """The professional who made the meeting gives it a new date and time; the young person is told, and all she
    prepared stays with it."""
    if not made_by(meeting, actor) or meeting.cancelled_at is not None:
        raise NotFound
    if starts_at < utcnow() - timedelta(hours=1):
        raise InvalidInput(str(_l("That time has already passed. Choose a time that is still to come.")), field="day")
    meeting.starts_at = starts_at
    touch(db, meeting)
    notifications.notify(db, user=meeting.owner_id, kind="meeting_moved", link=f"/meetings/{meeting.id}",
                         about_id=meeting.owner_id)
    db.flush()


def cancel_meeting(db: Session, *, meeting: Meeting, actor: User) -> None:
    """The professional who made the meeting cancels it; the young person is told. The meeting stays in her list,
    marked as cancelled, with everything she prepared for it: nothing of hers is deleted."""
    if not made_by(meeting, actor) or meeting.cancelled_at is not None:
        raise NotFound
    meeting.cancelled_at = utcnow()
    touch(db, meeting)
    notifications.notify(db, user=meeting.owner_id, kind="meeting_cancelled", link=f"/meetings/{meeting.id}",
                         about_id=meeting.owner_id)
    db.flush()


def set_participants(db: Session, *, meeting: Meeting, participant_ids: list[uuid.UUID], allowed: list[User]) -> None:
    """The professionals in the app who take part; only the young person's own people can be chosen."""
    allowed_ids = {person.id for person in allowed}
    wanted = {pid for pid in participant_ids if pid in allowed_ids}
    existing = {row.user_id: row for row in db.exec(
        select(MeetingParticipant).where(MeetingParticipant.meeting_id == meeting.id))}
    for user_id, row in existing.items():
        if user_id in allowed_ids and user_id not in wanted:
            db.delete(row)
    for user_id in wanted - set(existing):
        db.add(MeetingParticipant(meeting_id=meeting.id, user_id=user_id))
        sharing.grant_basics(db, meeting=meeting, grantee_id=user_id)
    db.flush()


def participants(db: Session, meeting: Meeting) -> list[User]:
    return list(db.exec(
        select(User).join(MeetingParticipant, col(MeetingParticipant.user_id) == User.id)
        .where(MeetingParticipant.meeting_id == meeting.id).order_by(col(User.display_name))
    ))


def meetings_of(db: Session, owner: User) -> tuple[list[Meeting], list[Meeting]]:
    """(upcoming, past) meetings of a young person; a meeting counts as upcoming until 3 hours after it starts."""
    rows = list(db.exec(select(Meeting).where(Meeting.owner_id == owner.id).order_by(col(Meeting.starts_at))))
    cutoff = utcnow() - timedelta(hours=3)
    return [m for m in rows if m.starts_at >= cutoff], [m for m in reversed(rows) if m.starts_at < cutoff]


@cache
def _next_meeting_query() -> Any:
    # Built once and run with parameters: the home page asks on every view (see db.py on built-once statements).
    return (select(Meeting, func.count().over())
            .where(Meeting.owner_id == bindparam("owner_id"), Meeting.starts_at >= bindparam("cutoff"),
                   col(Meeting.cancelled_at).is_(None))
            .order_by(col(Meeting.starts_at), col(Meeting.id)).limit(1))


def next_meeting_of(db: Session, owner: User) -> tuple[Meeting | None, int]:
    """A young person's next meeting (as `meetings_of` counts upcoming) and how many are upcoming, in one query."""
    cutoff = utcnow() - timedelta(hours=3)
    row = db.exec(_next_meeting_query(), params={"owner_id": owner.id, "cutoff": cutoff}).first()
    return (row[0], row[1]) if row else (None, 0)


def is_past(meeting: Meeting) -> bool:
    return meeting.starts_at < utcnow()


def record_visit(db: Session, user: User, meeting: Meeting) -> datetime | None:
    """Remember that a professional opened this meeting; returns their previous visit (for "new" markers)."""

    row = db.get(LastVisit, (user.id, meeting.id))
    previous = row.seen_at if row else None
    with writer_for(db) as writer:
        upsert(writer, LastVisit, {"user_id": user.id, "meeting_id": meeting.id, "seen_at": utcnow()},
               ["user_id", "meeting_id"])
    return previous


# --- during --------------------------------------------------------------------------------------------


def points_of(db: Session, meeting: Meeting) -> list[MeetingPoint]:
    return list(db.exec(select(MeetingPoint).where(MeetingPoint.meeting_id == meeting.id)
                        .order_by(col(MeetingPoint.position), col(MeetingPoint.created_at))))


def own_point(db: Session, meeting: Meeting, point_id: object) -> MeetingPoint:
    """A point of this meeting; anything else is NotFound."""
    return owned(db, MeetingPoint, point_id, meeting_id=meeting.id)


def add_point(db: Session, *, meeting: Meeting, text: str) -> MeetingPoint:
    """A point the young person wants to talk about."""
    text = " ".join((text or "").split())
    if not text:
        raise InvalidInput(str(_l("Please fill this in.")), field="text")
    position = len(points_of(db, meeting))
    point = MeetingPoint(owner_id=meeting.owner_id, meeting_id=meeting.id, position=position)
    point.text = _check_text(text, "text", 500)
    db.add(point)
    touch(db, meeting)
    return point


def edit_point(db: Session, *, meeting: Meeting, point_id: object, text: str) -> MeetingPoint:
    point = own_point(db, meeting, point_id)
    text = " ".join((text or "").split())
    if not text:
        raise InvalidInput(str(_l("Please fill this in.")), field="text")
    point.text = _check_text(text, "text", 500)
    db.add(point)
    touch(db, meeting)
    return point


def remove_point(db: Session, *, meeting: Meeting, point_id: object) -> None:
    """Remove a point, and the voice answer on it."""
    point = own_point(db, meeting, point_id)
    for recording in db.exec(select(VoiceRecording).where(VoiceRecording.answers == VoiceAnswerTo.POINT,
                                                          VoiceRecording.item_id == point.id)):
        db.delete(recording)
    db.delete(point)
    touch(db, meeting)


def toggle_point(db: Session, *, meeting: Meeting, point_id: object) -> MeetingPoint:
    """Tick a point off as discussed (or untick it)."""
    point = own_point(db, meeting, point_id)
    point.discussed_at = None if point.discussed_at else utcnow()
    db.add(point)
    touch(db, meeting)
    return point


def add_note(db: Session, *, meeting: Meeting, text: str) -> MeetingNote:
    """Note quickly what was agreed."""
    text = text.strip()
    if not text:
        raise InvalidInput(str(_l("Please fill this in.")), field="note")
    note = MeetingNote(owner_id=meeting.owner_id, meeting_id=meeting.id)
    note.text = _check_text(text, "note")
    db.add(note)
    touch(db, meeting)
    return note


def notes_of(db: Session, meeting: Meeting) -> list[MeetingNote]:
    return list(db.exec(select(MeetingNote).where(MeetingNote.meeting_id == meeting.id)
                        .order_by(col(MeetingNote.created_at))))


def send_signal(db: Session, *, meeting: Meeting, kind: str) -> MeetingSignal:
    """"I need a break", "I don't understand", "Stop", "I want to say something": shown at once on the
    professionals' open meeting page."""
    if kind not in SIGNAL_KINDS:
        raise NotFound
    signal = MeetingSignal(meeting_id=meeting.id, kind=kind)
    db.add(signal)
    db.flush()
    return signal


def signals_since(db: Session, meeting: Meeting, since: datetime) -> list[MeetingSignal]:
    return list(db.exec(select(MeetingSignal).where(MeetingSignal.meeting_id == meeting.id,
                                                    MeetingSignal.created_at > since)
                        .order_by(col(MeetingSignal.created_at))))


# --- after ---------------------------------------------------------------------------------------------


def follow_up_of(db: Session, meeting: Meeting) -> FollowUp | None:
    return db.get(FollowUp, meeting.id)


def save_follow_up(db: Session, *, meeting: Meeting, heard: int | None, who_decided: int | None, decided: str,
                   agree: str, disagree: str, follow_up: str, said_what_mattered: int | None = None,
                   knows_what_happens: int | None = None) -> FollowUp:
    """The young person's own account of the meeting: the questions answered with faces (each may be skipped)
    and her words."""
    scales = {"heard": heard, "who_decided": who_decided, "said_what_mattered": said_what_mattered,
              "knows_what_happens": knows_what_happens}
    for field, value in scales.items():
        if value is not None and not 1 <= value <= 5:
            raise InvalidInput(str(_l("Choose one of the five answers.")), field=field)
    row = db.get(FollowUp, meeting.id) or FollowUp(meeting_id=meeting.id, owner_id=meeting.owner_id)
    for field, value in scales.items():
        setattr(row, field, value)
    row.decided = _check_text(decided.strip(), "decided") or None
    row.agree = _check_text(agree.strip(), "agree") or None
    row.disagree = _check_text(disagree.strip(), "disagree") or None
    row.follow_up = _check_text(follow_up.strip(), "follow_up") or None
    row.updated_at = utcnow()
    db.add(row)
    touch(db, meeting)
    return row


def add_next_step(db: Session, *, meeting: Meeting, what: str, who: str, due: date | None) -> NextStep:
    what = what.strip()
    if not what:
        raise InvalidInput(str(_l("Please fill this in.")), field="what")
    step = NextStep(owner_id=meeting.owner_id, meeting_id=meeting.id, due=due)
    step.what = _check_text(what, "what", 500)
    step.who = _check_text(who.strip(), "who", 200) or None
    db.add(step)
    touch(db, meeting)
    return step


def next_steps_of(db: Session, meeting: Meeting) -> list[NextStep]:
    return list(db.exec(select(NextStep).where(NextStep.meeting_id == meeting.id)
                        .order_by(col(NextStep.created_at))))


@cache
def _open_steps_query() -> Any:
    return (select(NextStep).where(NextStep.owner_id == bindparam("owner_id"), col(NextStep.done_at).is_(None))
            .order_by(col(NextStep.due), col(NextStep.created_at)))


def open_steps_of(db: Session, owner: User) -> list[NextStep]:
    """Next steps not done yet, for the young person's home."""
    rows = db.exec(_open_steps_query(), params={"owner_id": owner.id}).all()
    return sorted(rows, key=lambda step: (step.due is None, step.due or date.max))


def toggle_step(db: Session, *, owner: User, step_id: object) -> NextStep:
    step = owned(db, NextStep, step_id, owner_id=owner.id)
    step.done_at = None if step.done_at else utcnow()
    db.add(step)
    meeting = db.get(Meeting, step.meeting_id)
    if meeting is not None:
        touch(db, meeting)
    return step


def remind_tomorrow(db: Session, *, now: datetime | None = None) -> int:
    """Notify young people of tomorrow's meetings, once per meeting (run daily, and on the home page)."""
    now = now or utcnow()
    start, end = now + timedelta(hours=12), now + timedelta(hours=36)
    count = 0
    for meeting in db.exec(select(Meeting).where(Meeting.starts_at >= start, Meeting.starts_at < end,
                                                 col(Meeting.cancelled_at).is_(None))):
        link = f"/meetings/{meeting.id}"

        exists = db.exec(select(Notification.id).where(Notification.user_id == meeting.owner_id,
                                                       Notification.kind == "meeting_tomorrow",
                                                       Notification.link == link)).first()
        if exists is None:
            notifications.notify(db, user=meeting.owner_id, kind="meeting_tomorrow", link=link,
                                 about_id=meeting.owner_id)
            count += 1
    db.flush()
    return count
