"""How networks grow for young people who use the network map: anonymous, never for fewer than 5 young people.

For each young person with at least one person in their map, quarter 1 is the calendar quarter of their first
person, quarter 2 the next one, and so on. For every quarter since they started that has begun, the figures are
the median number of people in their network by the end of it, and of people who could help with something (at
least one kind of help). A quarter shows figures only when at least MIN_YOUNG_PEOPLE young people have reached
it (the suppression rule of admin/statistics.py; a median is not a count, so its secondary suppression of
counts does not apply, and no total of young people is shown next to a hidden quarter).

Counted from networks as they are now (see network/growth.py): people taken out leave no trace, and what someone
could help with counts back to when they were added. Quarters are UTC quarters, worked out by the database: one
row per young person and quarter reaches Python, never a row per person in a network.
"""

from __future__ import annotations

import statistics as stats
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, extract
from sqlmodel import Session, col, func, select

from youthvoice.admin.statistics import MIN_YOUNG_PEOPLE
from youthvoice.core.danish_calendar import local_today
from youthvoice.network.models import NetworkPerson

MOST_QUARTERS = 8  # two years since starting


@dataclass(frozen=True)
class QuarterGrowth:
    quarter: int  # 1 = the quarter they started in
    young_people: int | None  # None when fewer than MIN_YOUNG_PEOPLE reached this quarter: nothing is shown
    people: float | None  # median people in the network by the end of the quarter
    could_help: float | None  # median people who could help with something

    @property
    def hidden(self) -> bool:
        return self.young_people is None


def _quarter_number(moment: Any) -> Any:
    """A quarter as one whole number (year * 4 + 0-3), in SQL that SQLite and PostgreSQL both understand."""
    month = extract("month", moment)
    return extract("year", moment) * 4 + case((month <= 3, 0), (month <= 6, 1), (month <= 9, 2), else_=3)


def quarter_of(day: date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def _median(values: list[int]) -> float:
    return round(float(stats.median(values)), 1)


def network_growth(db: Session, municipality_id: int, *, today: date | None = None) -> list[QuarterGrowth]:
    """Quarter 1 to MOST_QUARTERS since young people started their map, with medians where 5 or more reached it."""
    quarter = _quarter_number(col(NetworkPerson.created_at))
    starts = (
        select(NetworkPerson.owner_id, func.min(quarter).label("first"))
        .where(NetworkPerson.municipality_id == municipality_id)
        .group_by(col(NetworkPerson.owner_id))
        .subquery()
    )
    since = quarter - starts.c.first
    rows = db.exec(
        select(
            NetworkPerson.owner_id,
            starts.c.first,
            since,
            func.count(),  # type: ignore[call-overload]
            func.sum(case((col(NetworkPerson.helps) != "", 1), else_=0)),
        )
        .join(starts, starts.c.owner_id == NetworkPerson.owner_id)
        .where(NetworkPerson.municipality_id == municipality_id)
        .group_by(col(NetworkPerson.owner_id), starts.c.first, since)
    ).all()
    now = quarter_of(today or local_today())
    added: dict[uuid.UUID, dict[int, tuple[int, int]]] = defaultdict(dict)
    first_of: dict[uuid.UUID, int] = {}
    for owner, first, offset, people, helping in rows:
        added[owner][int(offset)] = (int(people), int(helping or 0))
        first_of[owner] = int(first)
    result = []
    for index in range(MOST_QUARTERS):
        reached = [owner for owner, first in first_of.items() if first + index <= now]
        if not reached:
            break  # nobody has come this far yet
        if len(reached) < MIN_YOUNG_PEOPLE:
            result.append(QuarterGrowth(index + 1, None, None, None))
            continue
        people = [sum(n for q, (n, _h) in added[owner].items() if q <= index) for owner in reached]
        helping = [sum(h for q, (_n, h) in added[owner].items() if q <= index) for owner in reached]
        result.append(QuarterGrowth(index + 1, len(reached), _median(people), _median(helping)))
    return result
