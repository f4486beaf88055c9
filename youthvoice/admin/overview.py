"""How it feels, counted: do young people experience being heard and deciding? Anonymous by construction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, distinct
from sqlmodel import Session, col, func, select

from youthvoice.admin.statistics import MIN_YOUNG_PEOPLE, Hidden, protect
from youthvoice.core.danish_calendar import local_date, local_midnight
from youthvoice.meetings.models import FollowUp, Meeting
from youthvoice.network import housing
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
    MIN_GROUP different young people are in the group. Only the two scales are read, never any text.

    Counted by the database (GROUP BY), so the page costs the same for a year of meetings as for a week. A month
    is a Danish month: a meeting at 00:30 on 1 March belongs to March, so the months' first moments are worked
    out here (summer time included) and the database sorts each meeting between them."""
    scope = [col(Meeting.municipality_id) == municipality_id]
    if since is not None:
        scope.append(col(Meeting.starts_at) >= local_midnight(since))
    first, last = db.exec(select(func.min(Meeting.starts_at), func.max(Meeting.starts_at))
                          .join(FollowUp, col(FollowUp.meeting_id) == Meeting.id).where(*scope)).one()
    if first is None:
        return []
    months, starts = _danish_months(local_date(first), local_date(last))
    month = case(*[(col(Meeting.starts_at) < start, name) for name, start in zip(months, starts[1:], strict=True)],
                 else_=months[-1])
    # five columns: SQLModel's select() is typed for at most four
    rows = db.exec(select(month, Meeting.kind,  # type: ignore[call-overload]
                          func.count(distinct(col(FollowUp.owner_id))), func.avg(FollowUp.heard),
                          func.avg(FollowUp.who_decided))
                   .join(FollowUp, col(FollowUp.meeting_id) == Meeting.id).where(*scope)
                   .group_by(month, Meeting.kind)).all()
    cells = []
    for name, kind, people, heard, decided in sorted(rows, key=lambda row: (row[0], row[1]), reverse=True):
        if people < MIN_GROUP:
            cells.append(Cell(name, kind, people, None, None))
            continue
        cells.append(Cell(name, kind, people, round(float(heard), 1) if heard is not None else None,
                          round(float(decided), 1) if decided is not None else None))
    return cells


def _danish_months(first: date, last: date) -> tuple[list[str], list[datetime]]:
    """The months from `first` to `last` ("YYYY-MM") and the moment each starts in Denmark (one more: the end)."""
    names, starts = [], []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        names.append(f"{year:04d}-{month:02d}")
        starts.append(local_midnight(date(year, month, 1)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    starts.append(local_midnight(date(year, month, 1)))
    return names, starts


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


# --- housing wishes, counted (issue 19.2) -------------------------------------------------------------------


@dataclass(frozen=True)
class HousingCount:
    """Per kind of home: how many young people wish for it (None: hidden), and the total (None: hidden)."""

    kinds: dict[str, int | None]
    hidden: dict[str, Hidden]
    total: int | None


def housing_wishes(db: Session, municipality_id: int) -> HousingCount:
    """What kinds of homes the municipality's young people wish for: counts only, never a figure for fewer than
    MIN_YOUNG_PEOPLE young people, and no total or other cell that would let a hidden one be worked out
    (statistics.protect)."""
    cells, total = housing.count_by_kind(db, municipality_id)
    shown = protect(cells, total, minimum=MIN_YOUNG_PEOPLE)
    total_shown = shown.total == Hidden.SHOWN
    kinds: dict[str, int | None] = {}
    hidden: dict[str, Hidden] = {}
    for kind in housing.KINDS:  # (a kind nobody chose is 0, shown only beside a shown total)
        hidden[kind] = shown.cells.get(kind, Hidden.SHOWN) if total_shown else shown.total
        kinds[kind] = cells.get(kind, 0) if hidden[kind] == Hidden.SHOWN else None
    return HousingCount(kinds, hidden, total if total_shown else None)
