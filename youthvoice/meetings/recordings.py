"""Her voice answers (issue 17.1): a recording instead of or beside her text, on the item it answers.

One recording per item; recording again replaces it, and only she keeps, replaces or deletes it (words.py guards
the sealed bytes like her text). Who may hear it is who may see the item (sharing/access.py `recording_for`).
The bytes are checked for what they really are (core/audio.py) and sealed with her own data key."""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, bindparam, or_
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from youthvoice.core import audio
from youthvoice.core.db import owned
from youthvoice.core.errors import NotFound
from youthvoice.core.model import utcnow
from youthvoice.core.personal_data import when
from youthvoice.identity.models import User
from youthvoice.meetings import meetings
from youthvoice.meetings.models import (
    Decision,
    Meeting,
    MeetingDecision,
    MeetingPoint,
    NextStep,
    PreparationAnswer,
    ReceiptEntry,
    ReceiptEntryKind,
    VoiceAnswerTo,
    VoiceRecording,
)
from youthvoice.meetings.preparation import QUESTIONS
from youthvoice.sharing import access

ANSWERS_LABELS = {
    VoiceAnswerTo.POINT: _l("A point for the meeting"), VoiceAnswerTo.QUESTION: _l("A preparation question"),
    VoiceAnswerTo.DECISION: _l("A wish or decision"), VoiceAnswerTo.DISAGREEMENT: _l("Disagreeing with a receipt"),
    VoiceAnswerTo.AFTER: _l("After the meeting"), VoiceAnswerTo.NEXT_STEP: _l("A next step"),
    VoiceAnswerTo.STEP: _l("A small step"), VoiceAnswerTo.GOAL: _l("A goal"),
}

# Items of hers in areas above this one (her small steps and goals): each area says how to find one of hers, in its
# init_app. A finder returns the item's id, or raises NotFound for anything that is not hers.
ItemFinder = Callable[[Session, User, object], uuid.UUID]


def add_item_kind(app: Flask, answers: VoiceAnswerTo, find: ItemFinder) -> None:
    """An area's kind of item a recording can answer (no meeting: who hears it is sharing/access.py's rule)."""
    app.extensions.setdefault("yv_voice_items", {})[answers] = find


NEW_POINT = "new-point"  # a point said instead of typed: made with its recording


def answers_to(raw: str) -> VoiceAnswerTo:
    if raw == NEW_POINT:
        return VoiceAnswerTo.POINT
    try:
        return VoiceAnswerTo(raw)
    except ValueError:
        raise NotFound from None


def own_item(db: Session, owner: User, raw_kind: str, item_id: object,
             question: str | None = None) -> tuple[VoiceAnswerTo, uuid.UUID, uuid.UUID | None]:
    """The item of hers a recording answers, as (kind, item id, meeting id), or NotFound. A question is answered by
    the meeting's id and its key: its answer row is made when the first words (or voice) come. A new point is
    made for a recording said instead of typed (`item_id` is its meeting)."""
    answers = answers_to(raw_kind)
    if raw_kind == NEW_POINT:
        meeting = owned(db, Meeting, item_id, owner_id=owner.id)
        point = MeetingPoint(owner_id=owner.id, meeting_id=meeting.id, position=len(meetings.points_of(db, meeting)))
        db.add(point)
        db.flush()
        return answers, point.id, meeting.id
    return (answers, *_existing_item(db, owner, answers, item_id, question))


def _existing_item(db: Session, owner: User, answers: VoiceAnswerTo, item_id: object,
                   question: str | None) -> tuple[uuid.UUID, uuid.UUID | None]:
    if answers == VoiceAnswerTo.POINT:
        point = owned(db, MeetingPoint, item_id, owner_id=owner.id)
        return point.id, point.meeting_id
    if answers == VoiceAnswerTo.QUESTION:
        meeting = owned(db, Meeting, item_id, owner_id=owner.id)
        if question not in QUESTIONS:
            raise NotFound
        row = db.exec(select(PreparationAnswer).where(PreparationAnswer.meeting_id == meeting.id,
                                                      PreparationAnswer.question == question)).first()
        if row is None:
            row = PreparationAnswer(owner_id=owner.id, meeting_id=meeting.id, question=question)
            db.add(row)
            db.flush()
        return row.id, meeting.id
    if answers == VoiceAnswerTo.DISAGREEMENT:
        entry = owned(db, ReceiptEntry, item_id, owner_id=owner.id, author_id=owner.id,
                      kind=ReceiptEntryKind.DISAGREED)
        return entry.id, entry.meeting_id
    if answers == VoiceAnswerTo.DECISION:
        decision = owned(db, Decision, item_id, owner_id=owner.id)
        return decision.id, None
    if answers == VoiceAnswerTo.AFTER:  # what she says after the meeting, beside (or instead of) her answers there
        meeting = owned(db, Meeting, item_id, owner_id=owner.id)
        return meeting.id, meeting.id
    if answers == VoiceAnswerTo.NEXT_STEP:  # a next step after the meeting, said beside its few typed words
        step = owned(db, NextStep, item_id, owner_id=owner.id)
        return step.id, step.meeting_id
    find: ItemFinder | None = current_app.extensions.get("yv_voice_items", {}).get(answers)
    if find is None:
        raise NotFound
    return find(db, owner, item_id), None


def keep(db: Session, *, owner: User, answers: VoiceAnswerTo, item_id: uuid.UUID, meeting_id: uuid.UUID | None,
         data: bytes) -> VoiceRecording:
    """Keep her recording on the item (replacing the one there): checked, then sealed. InvalidInput says what is
    wrong with it (not audio, too long, too big, broken)."""
    checked = audio.check(data)
    recording = recording_of(db, answers, item_id)
    if recording is None:
        recording = VoiceRecording(municipality_id=owner.municipality_id, owner_id=owner.id, meeting_id=meeting_id,
                                   answers=answers, item_id=item_id, container=checked.container)
    recording.container = checked.container
    recording.size = len(data)
    recording.seconds = checked.seconds
    recording.created_at = utcnow()
    recording.audio = data
    db.add(recording)
    if meeting_id is not None:
        meeting = db.get(Meeting, meeting_id)
        if meeting is not None:
            meetings.touch(db, meeting)
    return recording


def own_recording(db: Session, owner: User, recording_id: object) -> VoiceRecording:
    """One of her recordings (anyone else's is NotFound: only she replaces or deletes it)."""
    return owned(db, VoiceRecording, recording_id, owner_id=owner.id)


def recording_of(db: Session, answers: str, item_id: object) -> VoiceRecording | None:
    return db.exec(select(VoiceRecording).where(VoiceRecording.answers == answers,
                                                VoiceRecording.item_id == item_id)).first()


def recordings_for(db: Session, answers: str, item_ids: Iterable[uuid.UUID]) -> dict[str, VoiceRecording]:
    """The recordings on these items, by item id as text (for a page's template; the bytes stay sealed)."""
    ids = list(item_ids)
    if not ids:
        return {}
    return {str(row.item_id): row for row in db.exec(select(VoiceRecording).where(
        VoiceRecording.answers == answers, col(VoiceRecording.item_id).in_(ids)))}


def drop_for(db: Session, answers: str, item_id: object) -> None:
    """The item is gone (a point removed): its recording goes with it."""
    recording = recording_of(db, answers, item_id)
    if recording is not None:
        db.delete(recording)


# --- "my data": the list in the export, the recordings themselves in a ZIP ------------------------------------


def file_name(recording: VoiceRecording) -> str:
    return f"recordings/{recording.created_at:%Y-%m-%d}-{recording.answers}-{recording.id.hex[:8]}." \
           f"{audio.EXTENSIONS[recording.container]}"


def _hers(db: Session, person: User) -> list[VoiceRecording]:
    return list(db.exec(select(VoiceRecording).where(VoiceRecording.owner_id == person.id)
                        .order_by(col(VoiceRecording.created_at))))


def export_recordings(db: Session, person: User) -> list[dict[str, Any]]:
    """Her recordings in "my data": what each answers, when, how long, and its file in the recordings download."""
    return [{"answers": row.answers, "item": str(row.item_id), "meeting": str(row.meeting_id or "") or None,
             "when": when(row.created_at), "seconds": round(row.seconds) if row.seconds else None,
             "file": file_name(row)} for row in _hers(db, person)]


def archive(db: Session, person: User) -> bytes:
    """All her recordings as a ZIP, named as the export lists them (opened for her: nobody else's view)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as bundle:
        for row in _hers(db, person):
            if row.audio is not None:
                bundle.writestr(file_name(row), row.audio)
    return buffer.getvalue()


@cache
def _shown_query(decisions: bool) -> Any:
    """The recordings on a meeting (and, when its decisions are seen, on the wishes brought to it: a wish may have
    been said at another meeting), built once and run with the meeting. The sealed sound is not read: the page
    only links to it, and playing it is a request of its own."""
    on_this_meeting = col(VoiceRecording.meeting_id) == bindparam("meeting_id")
    if decisions:
        brought = select(MeetingDecision.decision_id).where(MeetingDecision.meeting_id == bindparam("meeting_id"))
        on_this_meeting = or_(on_this_meeting, and_(col(VoiceRecording.answers) == VoiceAnswerTo.DECISION,
                                                    col(VoiceRecording.item_id).in_(brought)))
    sound: Any = VoiceRecording.audio_sealed  # the mapped attribute (SQLModel types it as its value)
    return select(VoiceRecording).options(defer(sound)).where(on_this_meeting)


def shown_with(db: Session, seen: access.MeetingAccess,
               answers: Mapping[str, PreparationAnswer] | None = None) -> dict[str, VoiceRecording]:
    """The recordings on what this page shows of a meeting, by "point:<id>", "question:<key>",
    "disagreement:<id>" and "decision:<id>": only those on parts `seen` may see (the bytes stay sealed until
    played, and playing them is what is logged). One statement (two without the page's own `answers`)."""
    meeting = seen.meeting
    if answers is None:
        answers = {row.question: row for row in db.exec(
            select(PreparationAnswer).where(PreparationAnswer.meeting_id == meeting.id))}
    questions = {row.id: key for key, row in answers.items()}
    found: dict[str, VoiceRecording] = {}
    for row in db.exec(_shown_query(seen.sees(access.SharePart.DECISIONS)), params={"meeting_id": meeting.id}):
        if row.answers == VoiceAnswerTo.DECISION and seen.sees(access.SharePart.DECISIONS):
            found[f"decision:{row.item_id}"] = row
            continue
        part = access.VOICE_PARTS.get(VoiceAnswerTo(row.answers))
        if part is None or not seen.sees(part):
            continue
        name = questions.get(row.item_id, "") if row.answers == VoiceAnswerTo.QUESTION else str(row.item_id)
        found[f"{row.answers}:{name}"] = row
    return found
