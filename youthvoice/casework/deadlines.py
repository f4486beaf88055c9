"""The dates the law sets for a young person's case (issue 18.5): the child's plan (barnets plan) and its next
review, and the meeting about the move to adult life, due from 17½. A professional who works with the young
person records them; the dashboard shows, for their own caseload, what is due within 30 days and what is overdue.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from youthvoice.casework.models import CaseDates
from youthvoice.core.errors import InvalidInput
from youthvoice.core.model import utcnow
from youthvoice.identity.ages import add_months
from youthvoice.identity.models import User

WINDOW_DAYS = 30  # what is due within this many days is shown, with everything overdue
PLAN_REVIEW, TRANSITION = "plan_review", "transition"
TRANSITION_FROM_MONTHS = 17 * 12 + 6  # the move to adult life is planned from 17½
DEADLINE_LABELS = {PLAN_REVIEW: _l("Review of the child's plan"), TRANSITION: _l("Meeting about life after 18")}


class Deadline(NamedTuple):
    person_id: uuid.UUID
    name: str
    kind: str
    day: date
    overdue: bool


def dates_of(db: Session, young_person: User) -> CaseDates | None:
    return db.get(CaseDates, young_person.id)


def record(
    db: Session,
    *,
    professional: User,
    young_person: User,
    plan_date: date | None,
    plan_review: date | None,
    transition_meeting: date | None,
    support_decision: date | None = None,
    support_ends: date | None = None,
) -> CaseDates:
    """Save the case's dates (the caller checked that the professional works with the young person). Support
    after 18 ends at the 23rd birthday at the latest."""
    if plan_date is not None and plan_review is not None and plan_review <= plan_date:
        raise InvalidInput(str(_l("The review comes after the plan. Check the dates.")), field="plan_review")
    latest = support_latest_end(young_person.birth_date)
    if support_ends is not None and latest is not None and support_ends > latest:
        raise InvalidInput(str(_l("Support after 18 ends at 23 at the latest. Check the date.")),
                           field="support_ends")
    if support_ends is not None and support_decision is not None and support_ends <= support_decision:
        raise InvalidInput(str(_l("The support ends after the decision about it. Check the dates.")),
                           field="support_ends")
    dates = dates_of(db, young_person) or CaseDates(
        young_person_id=young_person.id, municipality_id=young_person.municipality_id
    )
    dates.plan_date, dates.plan_review, dates.transition_meeting = plan_date, plan_review, transition_meeting
    dates.support_decision, dates.support_ends = support_decision, support_ends
    dates.updated_by_id, dates.updated_at = professional.id, utcnow()
    db.add(dates)
    db.flush()
    return dates


def support_latest_end(birth_date: date | None) -> date | None:
    """The last day support after 18 can run to: the 23rd birthday."""
    return add_months(birth_date, 23 * 12) if birth_date else None


def transition_due(birth_date: date | None) -> date | None:
    """The day the meeting about life after 18 is due: at 17½."""
    return add_months(birth_date, TRANSITION_FROM_MONTHS) if birth_date else None


def deadlines_of(
    person_id: uuid.UUID,
    name: str,
    *,
    birth_date: date | None,
    plan_review: date | None,
    transition_meeting: date | None,
    today: date,
    transition_planned: bool = False,
) -> tuple[Deadline, ...]:
    """What is due for one young person within WINDOW_DAYS, or overdue: the plan's review on its day; the meeting
    about life after 18 on the day recorded, or, with none recorded and no meeting of that kind planned or held in
    the last year (`transition_planned`), from 17½ until 18 (overdue after 17½)."""
    horizon = date.fromordinal(today.toordinal() + WINDOW_DAYS)
    found = []
    if plan_review is not None and plan_review <= horizon:
        found.append(Deadline(person_id, name, PLAN_REVIEW, plan_review, plan_review < today))
    if transition_meeting is not None:
        if today <= transition_meeting <= horizon:
            found.append(Deadline(person_id, name, TRANSITION, transition_meeting, False))
    elif birth_date is not None and not transition_planned:
        due = add_months(birth_date, TRANSITION_FROM_MONTHS)
        if due <= horizon and today < add_months(birth_date, 18 * 12):
            found.append(Deadline(person_id, name, TRANSITION, due, due < today))
    return tuple(found)
