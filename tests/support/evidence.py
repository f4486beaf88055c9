"""Meetings with answers and receipts for the anonymous figures (issue 22.3-22.5), written straight into the
tables: many young people, quickly, without text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlmodel import Session

from support.people import make_person
from youthvoice.core.danish_calendar import local_midnight
from youthvoice.identity.models import Municipality, Role, User
from youthvoice.meetings.models import Decision, FollowUp, Meeting, MeetingDecision


def young_people(db: Session, town: Municipality, count: int, *, born: date | None = date(2010, 1, 1)) -> list[User]:
    """`count` young people of a municipality, born on `born` (None: no birth date)."""
    return [make_person(db, town, Role.YOUNG_PERSON, birth_date=born) for _ in range(count)]


def meeting(
    db: Session,
    young: User,
    *,
    day: date,
    kind: str = "plan",
    heard: int | None = 4,
    said: int | None = None,
    knows: int | None = None,
    receipts: Sequence[tuple[str | None, int | None]] = (),
) -> Meeting:
    """A meeting of `young` on `day` at 10:00 (Danish time) with her answers after it, and one wish per receipt:
    (latest answer or None, working days to the first answer or None)."""
    starts = local_midnight(day) + timedelta(hours=10)
    row = Meeting(municipality_id=young.municipality_id, owner_id=young.id, kind=kind, starts_at=starts)
    db.add(row)
    db.flush()
    if (heard, said, knows) != (None, None, None):
        db.add(
            FollowUp(
                meeting_id=row.id, owner_id=young.id, heard=heard, said_what_mattered=said, knows_what_happens=knows
            )
        )
    for answer, days in receipts:
        wish = Decision(municipality_id=young.municipality_id, owner_id=young.id)
        db.add(wish)
        db.flush()
        answered_at: datetime | None = starts + timedelta(days=days or 0) if answer else None
        db.add(
            MeetingDecision(
                owner_id=young.id,
                meeting_id=row.id,
                decision_id=wish.id,
                receipt_answer=answer,
                receipt_at=answered_at,
                first_answer_at=answered_at,
                answer_working_days=days if answer else None,
            )
        )
    db.flush()
    return row
