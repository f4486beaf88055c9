"""What I have achieved (issue 19): a printable portfolio a young person can show a landlord, a school or an
employer. It holds only what she picks, from her own goals reached, small steps, decisions and council work; nothing
of her case (meetings, preparation, receipts) can be picked at all. Nothing is stored: she picks, looks and prints
(or saves as PDF from the browser), and can pick again any time."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from youthvoice.council.models import Cause, CauseStatus
from youthvoice.identity.models import User
from youthvoice.meetings.models import Decision, DecisionStatus
from youthvoice.network.models import Goal, Step

MADE = (DecisionStatus.DECISION, DecisionStatus.AGREED, DecisionStatus.DONE)  # decisions, not wishes
PUBLIC_CAUSES = (CauseStatus.CHOSEN, CauseStatus.IN_PROGRESS, CauseStatus.PRESENTED, CauseStatus.ANSWERED,
                 CauseStatus.ACHIEVED, CauseStatus.NOT_ACHIEVED, CauseStatus.DISCUSSING, CauseStatus.VOTING,
                 CauseStatus.NOT_CHOSEN)
STEPS_OFFERED = 200  # the newest; a portfolio is a few lines, not a diary


@dataclass
class Portfolio:
    """What can be picked (the chooser) or what was picked (the printed page)."""

    goals: list[Goal] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)
    council_member: bool = False

    @property
    def empty(self) -> bool:
        return not (self.goals or self.steps or self.decisions or self.causes or self.council_member)


def _goals(db: Session, person: User) -> list[Goal]:
    return list(db.exec(select(Goal).where(Goal.owner_id == person.id, col(Goal.reached_on).is_not(None))
                        .order_by(col(Goal.reached_on).desc())))


def _steps(db: Session, person: User) -> list[Step]:
    # Steps taken (on a day); a next step not done yet is not an achievement.
    return list(db.exec(select(Step).where(Step.owner_id == person.id, col(Step.day).is_not(None))
                        .order_by(col(Step.day).desc(), col(Step.created_at).desc()).limit(STEPS_OFFERED)))


def _decisions(db: Session, person: User) -> list[Decision]:
    return list(db.exec(select(Decision).where(Decision.owner_id == person.id, col(Decision.status).in_(MADE))
                        .order_by(col(Decision.updated_at).desc())))


def _causes(db: Session, person: User) -> list[Cause]:
    return list(db.exec(select(Cause).where(Cause.author_id == person.id, col(Cause.status).in_(PUBLIC_CAUSES))
                        .order_by(col(Cause.id))))


def choices(db: Session, person: User) -> Portfolio:
    """Everything of hers that may go in a portfolio."""
    return Portfolio(_goals(db, person), _steps(db, person), _decisions(db, person), _causes(db, person),
                     person.is_council_member)


def _ids(raw: Iterable[str]) -> set[uuid.UUID]:
    picked = set()
    for value in raw:
        try:
            picked.add(uuid.UUID(value))
        except ValueError:
            continue  # not an id: nothing of hers
    return picked


def picked(db: Session, person: User, *, goals: Iterable[str], steps: Iterable[str], decisions: Iterable[str],
           causes: Iterable[str], council: bool) -> Portfolio:
    """Only what she picked, and only of her own: an id of anything else is simply not there."""
    offered = choices(db, person)
    goal_ids, step_ids, decision_ids, cause_ids = _ids(goals), _ids(steps), _ids(decisions), _ids(causes)
    return Portfolio([goal for goal in offered.goals if goal.id in goal_ids],
                     [step for step in offered.steps if step.id in step_ids],
                     [decision for decision in offered.decisions if decision.id in decision_ids],
                     [cause for cause in offered.causes if cause.id in cause_ids],
                     council and offered.council_member)


def step_days(portfolio: Portfolio) -> tuple[date | None, date | None]:
    """The first and the last day of the picked steps (for "from … to …")."""
    days = [step.day for step in portfolio.steps if step.day]
    return (min(days), max(days)) if days else (None, None)
