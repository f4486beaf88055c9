"""What matters at which age: rights from 15, the move to adult life from 17½, the end of support at 23."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from youthvoice.identity.models import AccountStatus, Role, User
from youthvoice.meetings.models import Meeting, MeetingKind


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class LifeStage:
    age: int
    turns_18: date
    support_ends: date  # the 23rd birthday
    transition_soon: bool  # from 17½ until 18: plan the support from 18 now
    in_support_years: bool  # 18 up to 23
    support_ending_soon: bool  # from 22½ until 23


def life_stage(birth_date: date, today: date | None = None) -> LifeStage:
    today = today or date.today()
    turns_18, turns_23 = add_months(birth_date, 18 * 12), add_months(birth_date, 23 * 12)
    age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    return LifeStage(
        age=age, turns_18=turns_18, support_ends=turns_23,
        transition_soon=add_months(birth_date, 17 * 12 + 6) <= today < turns_18,
        in_support_years=turns_18 <= today < turns_23,
        support_ending_soon=add_months(birth_date, 22 * 12 + 6) <= today < turns_23,
    )


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
        stage = life_stage(person.birth_date, today)  # type: ignore[arg-type]
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
