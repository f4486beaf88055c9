"""Who may fall between two chairs: young people close to 18 or 23 without a meeting about the move to adult
life (the admin's list)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from youthvoice.identity.ages import LifeStage, add_months, life_stage
from youthvoice.identity.models import AccountStatus, Role, User
from youthvoice.meetings.models import Meeting, MeetingKind


@dataclass(frozen=True)
class TransitionRow:
    person: User
    stage: LifeStage
    milestone: date  # the 18th or 23rd birthday coming up


def approaching_without_plan(db: Session, municipality_id: int, today: date | None = None) -> list[TransitionRow]:
    """Young people within half a year of 18 or 23 who have no meeting about the move to adult life planned or
    held in the last year: the admin's list of who may fall between two chairs."""
    today = today or date.today()
    people = db.exec(select(User).where(User.municipality_id == municipality_id, User.role == Role.YOUNG_PERSON,
                                        User.status == AccountStatus.ACTIVE, col(User.birth_date).is_not(None))).all()
    candidates = []
    for person in people:
        assert person.birth_date is not None  # the query asked for it
        stage = life_stage(person.birth_date, today)
        if stage.transition_soon:
            candidates.append(TransitionRow(person, stage, stage.turns_18))
        elif stage.support_ending_soon:
            candidates.append(TransitionRow(person, stage, stage.support_ends))
    if not candidates:
        return []
    year_ago = datetime.combine(add_months(today, -12), datetime.min.time(), tzinfo=UTC)
    planned = set(db.exec(select(Meeting.owner_id).where(
        col(Meeting.owner_id).in_([row.person.id for row in candidates]), Meeting.kind == MeetingKind.TRANSITION,
        Meeting.starts_at >= year_ago)).all())
    return sorted((row for row in candidates if row.person.id not in planned), key=lambda row: row.milestone)
