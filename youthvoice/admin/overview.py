"""How it feels, counted: do young people experience being heard and deciding? Anonymous by construction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from youthvoice.core.danish_calendar import local_date
from youthvoice.meetings.models import FollowUp, Meeting
from youthvoice.network.models import AreaRating, Goal, LifeArea, Step

MIN_GROUP = 5  # no figure is shown for fewer young people than this


@dataclass(frozen=True)
class Cell:
    month: str  # YYYY-MM
    kind: str
    young_people: int
    heard: float | None  # average 1-5, None when the group is too small to show
    decided: float | None

    @property
    def hidden(self) -> bool:
        return self.heard is None and self.decided is None


def feelings(db: Session, municipality_id: int, *, since: date | None = None) -> list[Cell]:
    """Per month and meeting kind: how many young people answered, and their average answers, when at least
    MIN_GROUP different young people are in the group. Only the two scales are read, never any text."""
    # five columns: SQLModel's select() is typed for at most four
    query = (select(Meeting.starts_at, Meeting.kind, FollowUp.owner_id,  # type: ignore[call-overload]
                    FollowUp.heard, FollowUp.who_decided)
             .join(FollowUp, col(FollowUp.meeting_id) == Meeting.id)
             .where(Meeting.municipality_id == municipality_id))
    groups: dict[tuple[str, str], list[tuple[object, int | None, int | None]]] = {}
    for starts_at, kind, owner_id, heard, who_decided in db.exec(query):
        day = local_date(starts_at)  # a meeting at 00:30 on 1 March in Denmark belongs to March
        if since and day < since:
            continue
        groups.setdefault((day.strftime("%Y-%m"), kind), []).append((owner_id, heard, who_decided))
    cells = []
    for (month, kind), rows in sorted(groups.items(), reverse=True):
        people = len({owner for owner, _, _ in rows})
        if people < MIN_GROUP:
            cells.append(Cell(month, kind, people, None, None))
            continue
        heard = [h for _, h, _ in rows if h]
        decided = [d for _, _, d in rows if d]
        cells.append(Cell(month, kind, people, round(sum(heard) / len(heard), 1) if heard else None,
                          round(sum(decided) / len(decided), 1) if decided else None))
    return cells


# --- small steps, counted (issue 6) --------------------------------------------------------------------


@dataclass(frozen=True)
class AreaMove:
    """How one life area's ratings moved: each young person's first and latest rating in the period, averaged."""

    area: str
    young_people: int | None  # None when fewer than MIN_GROUP young people rated it twice: nothing is shown
    first: float | None
    latest: float | None

    @property
    def hidden(self) -> bool:
        return self.young_people is None

    @property
    def change(self) -> float | None:
        return None if self.first is None or self.latest is None else round(self.latest - self.first, 1)


@dataclass(frozen=True)
class StepsUse:
    since: date
    until: date
    young_people: int | None  # who logged a step, rated an area or set a goal; None below MIN_GROUP
    steps_done: int | None
    ratings: int | None
    areas: list[AreaMove]


def _average(values: list[int]) -> float:
    return round(sum(values) / len(values), 1)


def steps_use(db: Session, municipality_id: int, *, since: date, until: date) -> StepsUse:
    """How many young people use the small steps in a period, and how each area's ratings moved. Counts and
    averages only, never a figure for fewer than MIN_GROUP young people, and never any text."""

    done = db.exec(select(Step.owner_id).where(Step.municipality_id == municipality_id, col(Step.day) >= since,
                                               col(Step.day) <= until)).all()
    rated = db.exec(select(AreaRating.owner_id, AreaRating.area, col(AreaRating.day), AreaRating.value)
                    .where(AreaRating.municipality_id == municipality_id, col(AreaRating.day) >= since,
                           col(AreaRating.day) <= until).order_by(col(AreaRating.day))).all()
    goals = [owner for owner, created in db.exec(select(Goal.owner_id, Goal.created_at)
                                                 .where(Goal.municipality_id == municipality_id))
             if since <= created.date() <= until]
    users = {*done, *(row[0] for row in rated), *goals}
    shown = len(users) >= MIN_GROUP
    per_area: dict[str, dict[object, list[int]]] = {}
    for owner, area, _day, value in rated:
        per_area.setdefault(area, {}).setdefault(owner, []).append(value)
    moves = []
    for area in LifeArea:
        series = [values for values in per_area.get(area.value, {}).values() if len(values) >= 2]
        if len(series) < MIN_GROUP:
            moves.append(AreaMove(area.value, None, None, None))
        else:
            moves.append(AreaMove(area.value, len(series), _average([v[0] for v in series]),
                                  _average([v[-1] for v in series])))
    return StepsUse(since, until, len(users) if shown else None, len(done) if shown else None,
                    len(rated) if shown else None, moves)
