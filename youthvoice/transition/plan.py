"""My transition plan (issue 19.1): the move from care to adult life, from 17½ (or earlier, if she wants) to 23.

Six areas that matter when leaving care, each with the young person's own goal and next small steps (the small
steps' Goal and Step: one goal and its steps serve both pages), the milestones the law sets with their dates as her
professionals record them (casework's CaseDates) or, until they do, as the law sets them from her birth date, and a
checklist of practical things to sort out (reviewed content files: rights/content/checklist) that only she ticks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from youthvoice.casework.deadlines import TRANSITION_FROM_MONTHS, dates_of
from youthvoice.core.danish_calendar import DANISH_TIME, local_today
from youthvoice.core.errors import NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.ages import add_months
from youthvoice.identity.models import User
from youthvoice.meetings.models import Meeting, MeetingKind
from youthvoice.network import steps
from youthvoice.network.models import Goal, LifeArea, Step
from youthvoice.rights import checklist
from youthvoice.rights.checklist import ChecklistItem
from youthvoice.transition.models import ChecklistTick

# The plan's areas, in its order, named as the plan names them (the small steps call two of them differently).
AREA_LABELS: dict[str, object] = {
    LifeArea.HOUSING: _l("Housing"),
    LifeArea.MONEY: _l("Money"),
    LifeArea.SCHOOL_WORK: _l("Education or work"),
    LifeArea.HEALTH: _l("Health"),
    LifeArea.RELATIONSHIPS: _l("People around me"),
    LifeArea.EVERYDAY: _l("Everyday skills"),
}
AREAS = tuple(str(area) for area in AREA_LABELS)
OFFERED_FROM_MONTHS = TRANSITION_FROM_MONTHS  # the plan is offered from 17½; she may open it earlier
ENDS_AT_MONTHS = 23 * 12

TRANSITION_MEETING, SUPPORT_DECISION, TURNS_18, SUPPORT_ENDS = (
    "transition_meeting", "support_decision", "turns_18", "support_ends")
MILESTONE_LABELS: dict[str, object] = {
    TRANSITION_MEETING: _l("The meeting about moving to adult life"),
    SUPPORT_DECISION: _l("The decision about support after 18"),
    TURNS_18: _l("You turn 18"),
    SUPPORT_ENDS: _l("Support after 18 ends"),
}
# What the law says about each, in a line (the rights page "Support from 18 to 23" has the sources).
MILESTONE_HINTS: dict[str, object] = {
    TRANSITION_MEETING: _l("Your plan is gone through with you before you turn 18."),
    SUPPORT_DECISION: _l("The municipality decides about support after 18 when you are 17½."),
    TURNS_18: _l("A placement ends when you turn 18."),
    SUPPORT_ENDS: _l("Support after 18 (ungestøtte) ends when you turn 23 at the latest."),
}


def today() -> date:
    return local_today()


@dataclass(frozen=True)
class Milestone:
    """A date the law sets: `recorded` when her professionals wrote the day down, else the day the law gives."""

    key: str
    day: date | None
    recorded: bool
    passed: bool
    planned: bool = False  # the day of her meeting of that kind in the app (when none is recorded)


def milestones(*, birth_date: date | None, transition_meeting: date | None = None,
               support_decision: date | None = None, support_ends: date | None = None,
               on: date) -> list[Milestone]:
    """The four milestones in order: the meeting about moving to adult life and the decision about support after 18
    (both due at 17½ until a day is recorded), turning 18, and the end of support (recorded, else the 23rd
    birthday). Without a birth date, the law's days are unknown (None)."""
    def law(months: int) -> date | None:
        return add_months(birth_date, months) if birth_date else None

    found = []
    for key, recorded_day, months in ((TRANSITION_MEETING, transition_meeting, TRANSITION_FROM_MONTHS),
                                      (SUPPORT_DECISION, support_decision, TRANSITION_FROM_MONTHS),
                                      (TURNS_18, None, 18 * 12), (SUPPORT_ENDS, support_ends, ENDS_AT_MONTHS)):
        day = recorded_day or law(months)
        found.append(Milestone(key, day, recorded_day is not None, day is not None and day < on))
    return found


def milestones_of(db: Session, owner: User, *, on: date | None = None) -> list[Milestone]:
    """Her milestones, with the days her professionals recorded (casework's case dates); with no day recorded for
    the meeting about moving to adult life, the day of her latest meeting of that kind in the app, if any."""
    dates = dates_of(db, owner)
    found = milestones(birth_date=owner.birth_date, on=on or today(),
                       transition_meeting=dates.transition_meeting if dates else None,
                       support_decision=dates.support_decision if dates else None,
                       support_ends=dates.support_ends if dates else None)
    if not found[0].recorded:
        starts = db.exec(select(Meeting.starts_at).where(Meeting.owner_id == owner.id,
                                                         Meeting.kind == MeetingKind.TRANSITION)
                         .order_by(col(Meeting.starts_at).desc()).limit(1)).first()
        if starts is not None:
            day = starts.astimezone(DANISH_TIME).date()
            found[0] = Milestone(TRANSITION_MEETING, day, False, day < (on or today()), planned=True)
    return found


def offered(owner: User, *, on: date | None = None) -> bool:
    """Whether the plan is offered on her start page: from 17½ until 23 (she can always open it herself)."""
    if owner.birth_date is None:
        return False
    day = on or today()
    return add_months(owner.birth_date, OFFERED_FROM_MONTHS) <= day < add_months(owner.birth_date, ENDS_AT_MONTHS)


# --- the checklist: ticked only by her ------------------------------------------------------------------------


def ticked(db: Session, owner: User) -> dict[str, ChecklistTick]:
    return {tick.item: tick for tick in db.exec(select(ChecklistTick).where(ChecklistTick.owner_id == owner.id))}


def tick(db: Session, *, owner: User, item: str, done: bool) -> None:
    """Tick a practical thing off (or untick it). Ticking twice is one tick; an unknown item is NotFound."""
    if item not in checklist.item_keys():
        raise NotFound
    if done:
        values = {"id": uuid.uuid4(), "municipality_id": owner.municipality_id, "owner_id": owner.id, "item": item,
                  "done_at": utcnow()}
        insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
        db.execute(insert(ChecklistTick).values(**values).on_conflict_do_nothing(index_elements=["owner_id", "item"]))
    else:
        existing = ticked(db, owner).get(item)
        if existing is not None:
            db.delete(existing)
    db.flush()


# --- the plan as one picture -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaPlan:
    area: str
    label: object
    goal: Goal | None
    next_steps: list[Step]
    things: list[tuple[ChecklistItem, bool]]  # the checklist items of this area, and whether she ticked each


@dataclass(frozen=True)
class Plan:
    areas: list[AreaPlan]
    milestones: list[Milestone]
    done: int  # checklist items ticked
    total: int


def plan_of(db: Session, owner: User, *, language: str, on: date | None = None) -> Plan:
    """Everything of her plan: per area her goal, next steps and practical things, and the milestones."""
    goals = steps.open_goals(db, owner)
    waiting = [step for step in steps.next_steps(db, owner) if step.area in AREAS]
    ticks = ticked(db, owner)
    items = checklist.items(language)
    areas = [AreaPlan(area, AREA_LABELS[area], goals.get(area), [s for s in waiting if s.area == area],
                      [(item, item.key in ticks) for item in items if item.area == area]) for area in AREAS]
    return Plan(areas, milestones_of(db, owner, on=on), sum(1 for item in items if item.key in ticks), len(items))


# --- "my data" -------------------------------------------------------------------------------------------------

class ItemTitle:
    """A checklist item's title in the language of the page (the titles live in the content files)."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __str__(self) -> str:
        language = str(get_locale() or "da")
        return next((item.title for item in checklist.items(language) if item.key == self.key), self.key)


EXPORT_WORDS = {
    "title": _l("Your plan for adult life"),
    "fields": {"ticked": _l("Things I have sorted out"), "item": _l("Thing to sort out"), "done": _l("Done")},
    "codes": {("ticked", "item"): {key: ItemTitle(key) for key in checklist.item_keys()}},
}


def export_plan(db: Session, person: User) -> dict[str, object]:
    """For "my data": the practical things I ticked off (my goals and steps are in "Your small steps")."""
    rows = db.exec(select(ChecklistTick).where(ChecklistTick.owner_id == person.id)
                   .order_by(col(ChecklistTick.done_at)))
    return {"ticked": [{"item": row.item, "done": row.done_at.isoformat()} for row in rows]}
