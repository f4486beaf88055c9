"""A team lead's view (issue 18.8): per caseworker, how many receipts are overdue and the median number of working
days they took to answer one. Counts and medians only: never a young person's name or words.

One statement: each figure is a GROUP BY per caseworker (the median by ranking each caseworker's answer times with
window functions and averaging the middle one or two), joined to the municipality's active professionals. It runs
the same on SQLite and PostgreSQL and costs the same whatever the number of young people.

An overdue receipt counts as the caseload list counts it (caseload.py): a meeting that started before the cutoff
(`RECEIPT_DUE_WORKING_DAYS` working days), shared with the caseworker with its decisions, by a young person who
works with them now, with an item still unanswered. The answer time is the working days from the meeting's day to
the first answer of an item (`MeetingDecision.answer_working_days`), counted for the caseworker who answered last.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Float, and_, bindparam, cast, distinct, func, literal, or_, select
from sqlmodel import Session, col

from youthvoice.identity.models import AccountStatus, Link, Role, User
from youthvoice.meetings.models import Meeting, MeetingDecision
from youthvoice.meetings.receipts import overdue_conditions_before, overdue_cutoff
from youthvoice.sharing.models import Share, ShareScope


class CaseworkerFigures(NamedTuple):
    """One caseworker's row: their name (staff), overdue receipts, answers counted and the median working days."""

    id: uuid.UUID
    display_name: str
    overdue: int
    answered: int
    median_days: float | None


def team_figures(db: Session, municipality_id: int, working_days: int, *,
                 now: datetime | None = None) -> list[CaseworkerFigures]:
    """The municipality's active professionals with their overdue receipts and median days to answer."""
    rows = db.connection().execute(_figures_query(), {"municipality_id": municipality_id,
                                                      "cutoff": overdue_cutoff(working_days, now=now)})
    return [CaseworkerFigures(row[0], row[1], int(row[2]), int(row[3]),
                              round(float(row[4]), 1) if row[4] is not None else None) for row in rows]


@cache
def _figures_query() -> Any:
    municipality: Any = bindparam("municipality_id")
    linked = and_(col(Link.young_person_id) == Meeting.owner_id, col(Link.other_id) == Share.grantee_id,
                  col(Link.ended_at).is_(None))
    overdue = (
        select(col(Share.grantee_id).label("pro"), func.count(distinct(col(Meeting.id))).label("overdue"))
        .select_from(Share)
        .join(Meeting, col(Meeting.id) == Share.meeting_id)
        .join(User, col(User.id) == Meeting.owner_id)
        .join(Link, linked)
        .where(col(Share.withdrawn_at).is_(None), col(Share.scope) == ShareScope.MEETING,
               col(Meeting.municipality_id) == municipality, col(User.status) == AccountStatus.ACTIVE,
               *overdue_conditions_before(bindparam("cutoff")))
        .group_by(col(Share.grantee_id))
        .cte("overdue")
    )
    days = col(MeetingDecision.answer_working_days)
    ranked = (
        select(col(MeetingDecision.receipt_by_id).label("pro"), days.label("days"),
               func.row_number().over(partition_by=col(MeetingDecision.receipt_by_id), order_by=days).label("place"),
               func.count().over(partition_by=col(MeetingDecision.receipt_by_id)).label("answered"))
        .join(Meeting, col(Meeting.id) == MeetingDecision.meeting_id)
        .where(col(Meeting.municipality_id) == municipality, days.is_not(None),
               col(MeetingDecision.receipt_by_id).is_not(None))
        .cte("ranked")
    )
    # The middle one (an odd count) or the two middle ones (even): places (n+1)/2 and (n+2)/2 in integer division.
    middle = or_(ranked.c.place == (ranked.c.answered + 1) // 2, ranked.c.place == (ranked.c.answered + 2) // 2)
    medians = (
        select(ranked.c.pro, func.max(ranked.c.answered).label("answered"),
               func.avg(cast(ranked.c.days, Float)).label("median"))
        .where(middle)
        .group_by(ranked.c.pro)
        .cte("medians")
    )
    zero = literal(0)
    return (
        select(col(User.id), col(User.display_name), func.coalesce(overdue.c.overdue, zero),
               func.coalesce(medians.c.answered, zero), medians.c.median)
        .outerjoin(overdue, overdue.c.pro == User.id)
        .outerjoin(medians, medians.c.pro == User.id)
        .where(col(User.municipality_id) == municipality, col(User.role) == Role.PROFESSIONAL,
               col(User.status) == AccountStatus.ACTIVE)
        .order_by(col(User.display_name), col(User.id))
    )
