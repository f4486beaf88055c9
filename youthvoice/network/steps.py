"""My small steps: a goal per life area, small steps logged with a date, and how each area feels, 1 to 10.

Documenting progress in small steps towards mastering one's own life (livsmestring). A professional the steps
are shared with may suggest a next step; it becomes the young person's step only when they accept it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from youthvoice.core.danish_calendar import local_today
from youthvoice.core.db import owned, upsert
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings import recordings
from youthvoice.meetings.models import VoiceAnswerTo
from youthvoice.network.models import AreaRating, Goal, LifeArea, Step, StepSuggestion
from youthvoice.notify import notifications
from youthvoice.sharing.access import OwnerAccess

# What this area tells people about (notify.notifications); the words never carry content.
NOTIFICATION_KINDS = {
    "step_suggested": _l("You got an idea for a next step"),
    "suggestion_answered": _l("A young person answered your idea for a next step"),
}
# The same, for the people she deals with, naming her (the list is behind log-in; a push never names her).
NOTIFICATIONS_ABOUT = {
    "suggestion_answered": _l("%(name)s answered your idea for a next step"),
}

TEXT_LIMIT = 500
RATING_MIN, RATING_MAX = 1, 10
EARLIEST = date(2000, 1, 1)
AREA_LABELS: dict[str, str] = {
    LifeArea.HOUSING: _l("Housing"),
    LifeArea.SCHOOL_WORK: _l("School and work"),
    LifeArea.HEALTH: _l("Health and well-being"),
    LifeArea.RELATIONSHIPS: _l("Relationships"),
    LifeArea.MONEY: _l("Money"),
    LifeArea.EVERYDAY: _l("Everyday life"),
    LifeArea.LEISURE: _l("Leisure"),
}
AREAS = tuple(area.value for area in LifeArea)


def today() -> date:
    """Today where the young people live."""
    return local_today()


def _clean(text: str, field: str = "text") -> str:
    text = " ".join((text or "").split())
    if not text:
        raise InvalidInput(str(_l("Please fill this in.")), field=field)
    if len(text) > TEXT_LIMIT:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=TEXT_LIMIT)), field=field)
    return text


def _area(area: str) -> str:
    if area not in AREAS:
        raise InvalidInput(str(_l("Choose one of the areas.")), field="area")
    return area


def check_day(day: date | None, *, field: str = "day", on: date | None = None) -> date:
    """A day that has happened: not in the future, and not before 2000."""
    if day is None:
        raise InvalidInput(str(_l("Please fill this in.")), field=field)
    if day > (on or today()):
        raise InvalidInput(str(_l("That day has not come yet. Choose today or a day before.")), field=field)
    if day < EARLIEST:
        raise InvalidInput(str(_l("Please choose a date in 2000 or later.")), field=field)
    return day


# --- goals ---------------------------------------------------------------------------------------------


def open_goals(db: Session, owner: User) -> dict[str, Goal]:
    """The goal I am working towards in each area (at most one per area)."""
    rows = db.exec(select(Goal).where(Goal.owner_id == owner.id, col(Goal.reached_on).is_(None))
                   .order_by(col(Goal.created_at)))
    return {goal.area: goal for goal in rows}


def set_goal(db: Session, *, owner: User, area: str, text: str) -> Goal:
    """Set (or change the words of) my goal in an area."""
    area = _area(area)
    text = _clean(text)
    goal = open_goals(db, owner).get(area)
    if goal is None:
        goal = Goal(municipality_id=owner.municipality_id, owner_id=owner.id, area=area)
    goal.text = text
    goal.updated_at = utcnow()
    db.add(goal)
    db.flush()
    return goal


def remove_goal(db: Session, *, owner: User, area: str) -> None:
    """Take away the goal of an area (a goal already reached stays in "what I have achieved")."""
    goal = open_goals(db, owner).get(_area(area))
    if goal is None:
        raise NotFound
    recordings.drop_for(db, VoiceAnswerTo.GOAL, goal.id)  # what she said about it goes with it
    db.delete(goal)
    db.flush()


def reach_goal(db: Session, *, owner: User, area: str, on: date | None = None) -> Goal:
    """"I reached it": the goal moves to what I have achieved, and the area is free for a new goal."""
    goal = open_goals(db, owner).get(_area(area))
    if goal is None:
        raise NotFound
    goal.reached_on = on or today()
    goal.updated_at = utcnow()
    db.add(goal)
    db.flush()
    return goal


# --- steps ---------------------------------------------------------------------------------------------


def log_step(db: Session, *, owner: User, area: str, text: str, day: date | None, done: bool = True,
             on: date | None = None) -> Step:
    """A small step: done on a day, or (not done yet) my next step."""
    area = _area(area)
    text = _clean(text)
    step = Step(municipality_id=owner.municipality_id, owner_id=owner.id, area=area,
                day=check_day(day, on=on) if done else None)
    step.text = text
    db.add(step)
    db.flush()
    return step


def own_step(db: Session, owner: User, step_id: object) -> Step:
    """One of the owner's own steps; anything else is NotFound."""
    return owned(db, Step, step_id, owner_id=owner.id)


def step_done(db: Session, *, step: Step, day: date | None = None, on: date | None = None) -> Step:
    """"I did it": a next step becomes something I have achieved."""
    step.day = check_day(day or on or today(), on=on)
    db.add(step)
    db.flush()
    return step


def own_step_id(db: Session, owner: User, step_id: object) -> uuid.UUID:
    """The id of one of her steps (what a voice recording on it answers), or NotFound."""
    return own_step(db, owner, step_id).id


def own_goal_id(db: Session, owner: User, goal_id: object) -> uuid.UUID:
    """The id of one of her goals, open or reached (what a voice recording on it answers), or NotFound."""
    return owned(db, Goal, goal_id, owner_id=owner.id).id


def remove_step(db: Session, *, step: Step) -> None:
    recordings.drop_for(db, VoiceAnswerTo.STEP, step.id)  # what she said about it goes with it
    db.delete(step)
    db.flush()


def next_steps(db: Session, owner: User) -> list[Step]:
    """Steps not done yet, oldest first."""
    return list(db.exec(select(Step).where(Step.owner_id == owner.id, col(Step.day).is_(None))
                        .order_by(col(Step.created_at))))


def all_steps(db: Session, owner: User) -> list[Step]:
    """Every step: next steps first, then what is done, newest first."""
    return list(db.exec(select(Step).where(Step.owner_id == owner.id)
                        .order_by(col(Step.day).is_not(None), col(Step.day).desc(), col(Step.created_at).desc())))


@dataclass(frozen=True)
class Achievement:
    day: date
    area: str
    text: str
    kind: str  # "step" or "goal"
    item_id: uuid.UUID | None = None  # the step or goal (what a voice recording on it answers)


def achieved(db: Session, owner: User) -> list[Achievement]:
    """What I have achieved: steps done and goals reached, newest first."""
    items = [Achievement(step.day, step.area, step.text or "", "step", step.id) for step in db.exec(
        select(Step).where(Step.owner_id == owner.id, col(Step.day).is_not(None))) if step.day]
    items += [Achievement(goal.reached_on, goal.area, goal.text or "", "goal", goal.id) for goal in db.exec(
        select(Goal).where(Goal.owner_id == owner.id, col(Goal.reached_on).is_not(None))) if goal.reached_on]
    return sorted(items, key=lambda item: (item.day, item.kind == "goal"), reverse=True)


# --- ratings -------------------------------------------------------------------------------------------


def rate(db: Session, *, owner: User, day: date | None, values: dict[str, int | None],
         on: date | None = None) -> int:
    """Rate areas 1-10 on a day; a second rating of an area on the same day replaces the first. Returns how many."""
    day = check_day(day, on=on)
    chosen = {area: value for area, value in values.items() if value is not None}
    for area, value in chosen.items():
        _area(area)
        if not RATING_MIN <= value <= RATING_MAX:
            raise InvalidInput(str(_l("Choose a number from %(low)d to %(high)d.", low=RATING_MIN,
                                      high=RATING_MAX)), field=area)
    if not chosen:
        raise InvalidInput(str(_l("Rate at least one area.")), field="areas")
    for area, value in chosen.items():
        upsert(db, AreaRating, {"id": uuid.uuid4(), "municipality_id": owner.municipality_id, "owner_id": owner.id,
                                "area": area, "day": day, "value": value, "created_at": utcnow()},
               ["owner_id", "area", "day"])
    db.flush()
    return len(chosen)


def ratings_of(db: Session, owner: User) -> dict[str, list[AreaRating]]:
    """Each area's ratings, oldest first."""
    grouped: dict[str, list[AreaRating]] = {area: [] for area in AREAS}
    for rating in db.exec(select(AreaRating).where(AreaRating.owner_id == owner.id)
                          .order_by(col(AreaRating.day))):
        grouped.setdefault(rating.area, []).append(rating)
    return grouped


def remove_rating(db: Session, *, owner: User, rating_id: object) -> None:
    db.delete(owned(db, AreaRating, rating_id, owner_id=owner.id))
    db.flush()


# --- suggestions from professionals --------------------------------------------------------------------


def suggest(db: Session, *, access: OwnerAccess, area: str, text: str) -> StepSuggestion:
    """A professional the steps are shared with suggests a next step. Nothing changes until the young person
    accepts it."""
    if access.is_owner or access.scope != "steps":
        raise NotFound
    suggestion = StepSuggestion(municipality_id=access.owner.municipality_id, owner_id=access.owner.id,
                                author_id=access.actor.id, author_name=access.actor.display_name, area=_area(area))
    suggestion.text = _clean(text)
    db.add(suggestion)
    db.flush()
    notifications.notify(db, user=access.owner, kind="step_suggested", link="/steps/#suggestions",
                         about_id=access.owner.id)
    return suggestion


def open_suggestions(db: Session, owner: User) -> list[StepSuggestion]:
    """Ideas waiting for the young person's answer."""
    return list(db.exec(select(StepSuggestion).where(StepSuggestion.owner_id == owner.id,
                                                     col(StepSuggestion.accepted_at).is_(None),
                                                     col(StepSuggestion.declined_at).is_(None))
                        .order_by(col(StepSuggestion.created_at))))


def suggestions_by(db: Session, owner: User, author: User) -> list[StepSuggestion]:
    """What one professional suggested to this young person, and what became of it, newest first."""
    return list(db.exec(select(StepSuggestion).where(StepSuggestion.owner_id == owner.id,
                                                     StepSuggestion.author_id == author.id)
                        .order_by(col(StepSuggestion.created_at).desc())))


def _open_suggestion(db: Session, owner: User, suggestion_id: object) -> StepSuggestion:
    suggestion = owned(db, StepSuggestion, suggestion_id, owner_id=owner.id)
    if suggestion.accepted_at or suggestion.declined_at:
        raise NotFound
    return suggestion


def _tell_author(db: Session, suggestion: StepSuggestion) -> None:
    if suggestion.author_id is not None:
        notifications.notify(db, user=suggestion.author_id, kind="suggestion_answered",
                             link=f"/steps/of/{suggestion.owner_id}#suggestions", about_id=suggestion.owner_id)


def accept_suggestion(db: Session, *, owner: User, suggestion_id: object) -> Step:
    """The young person takes the idea as their own next step."""
    suggestion = _open_suggestion(db, owner, suggestion_id)
    step = log_step(db, owner=owner, area=suggestion.area, text=suggestion.text or "", day=None, done=False)
    suggestion.accepted_at = utcnow()
    suggestion.step_id = step.id
    db.add(suggestion)
    _tell_author(db, suggestion)
    db.flush()
    return step


def decline_suggestion(db: Session, *, owner: User, suggestion_id: object) -> StepSuggestion:
    """"No thanks": the idea stays declined and never becomes a step."""
    suggestion = _open_suggestion(db, owner, suggestion_id)
    suggestion.declined_at = utcnow()
    db.add(suggestion)
    _tell_author(db, suggestion)
    db.flush()
    return suggestion


def voice_answers(db: Session, owner: User, steps: Iterable[Step | Achievement],
                  goals: Iterable[Goal | Achievement]) -> dict[str, Any]:
    """The recordings on these steps and goals of hers, by "step:<id>" and "goal:<id>" (the bytes stay sealed until
    played: who may play them is sharing/access.py's `recording_for`)."""
    found: dict[str, Any] = {}
    for answers, items in ((VoiceAnswerTo.STEP, steps), (VoiceAnswerTo.GOAL, goals)):
        ids = [item.item_id if isinstance(item, Achievement) else item.id for item in items]
        for key, row in recordings.recordings_for(db, answers, [i for i in ids if i is not None]).items():
            if row.owner_id == owner.id:
                found[f"{answers}:{key}"] = row
    return found


def uses_steps(db: Session, owner: User) -> bool:
    """Whether the young person has written anything here yet."""
    for model in (Step, AreaRating, Goal):
        if db.exec(select(model.id).where(model.owner_id == owner.id).limit(1)).first() is not None:
            return True
    return False


# How the printable "my data" names this section, its fields and its codes (personal_data.add_section).
EXPORT_WORDS = {"title": _l("Your small steps"), "fields": {
    "goals": _l("Goals"), "steps": _l("Steps"), "ratings": _l("How it is going"),
    "ideas_from_professionals": _l("Ideas from professionals"), "area": _l("Area"), "reached": _l("Reached"),
    "day": _l("Day"), "value": _l("From 1 to 10"), "taken": _l("Taken as a step"), "declined": _l("Said no thanks")},
    "codes": {(part, "area"): AREA_LABELS for part in ("goals", "steps", "ratings", "ideas_from_professionals")}}


def export_small_steps(db: Session, person: User) -> dict[str, object]:
    """For "my data": my goals, steps, ratings and the ideas professionals sent me."""
    def when(value: date | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "goals": [{"area": g.area, "text": g.text, "reached": when(g.reached_on), "from": when(g.created_at)}
                  for g in db.exec(select(Goal).where(Goal.owner_id == person.id).order_by(col(Goal.created_at)))],
        "steps": [{"area": s.area, "text": s.text, "day": when(s.day), "from": when(s.created_at)}
                  for s in db.exec(select(Step).where(Step.owner_id == person.id).order_by(col(Step.created_at)))],
        "ratings": [{"area": r.area, "day": when(r.day), "value": r.value}
                    for r in db.exec(select(AreaRating).where(AreaRating.owner_id == person.id)
                                     .order_by(col(AreaRating.day)))],
        "ideas_from_professionals": [
            {"from": i.author_name, "area": i.area, "text": i.text, "when": when(i.created_at),
             "taken": when(i.accepted_at), "declined": when(i.declined_at)}
            for i in db.exec(select(StepSuggestion).where(StepSuggestion.owner_id == person.id)
                             .order_by(col(StepSuggestion.created_at)))],
    }
