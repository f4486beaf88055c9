"""Does having a say make a difference? The municipality's figures per quarter (issue 22.3), for its admin and, if it
opted in, for the partnership's evaluators (22.4) and their exports (22.5).

Counted by the database (GROUP BY): seven statements for any number of meetings and municipalities. Only scales,
answers and dates are read, never any text or name. What may be shown is decided by `statistics.protect`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, case, distinct, literal, or_
from sqlmodel import Session, col, func, select

from youthvoice.admin.statistics import MIN_YOUNG_PEOPLE, Hidden, protect_breakdowns
from youthvoice.core.danish_calendar import local_date, local_midnight
from youthvoice.core.model import utcnow
from youthvoice.core.statistics import Quarter
from youthvoice.identity.models import Municipality, User
from youthvoice.meetings.models import FollowUp, Meeting, MeetingDecision, MeetingKind, ReceiptAnswer
from youthvoice.meetings.receipts import overdue_cutoff

AGREE = 4  # "Mostly" or "Completely" on the faces scale 1-5
QUESTIONS = ("listened", "said_what_mattered", "knows_what_happens")
MEASURES = (*QUESTIONS, "on_time", "wishes", "answer_days")
PERCENT_MEASURES = frozenset({*QUESTIONS, "on_time", "wishes"})
WISH_PARTS = tuple(answer.value for answer in ReceiptAnswer)  # followed, partly, not_followed
BREAKDOWNS = ("kind", "age")
AGE_BANDS = ("under_18", "18_plus", "unknown")
ADULT = 18
TOTAL = "all"


@dataclass(frozen=True)
class Baseline:
    """A national figure beside ours: VIVE 2020 (about 2,300 young people aged 12-17 in care)."""

    percent: int
    comparable: str  # "rough": a similar question in other words; "related": a neighbouring question
    question: str  # the survey's question, in English (the page translates its own wording)


BASELINES = {
    "listened": Baseline(75, "rough", "My caseworker takes my views seriously (about three in four)"),
    "knows_what_happens": Baseline(55, "related", "Decisions are explained to me (just over half)"),
}
SOURCE_URL = "https://socialraadgiverne.dk/faglig-artikel/taet-relation-giver-bedre-inddragelse/"


@dataclass(frozen=True)
class Figure:
    """One group's figure: None where it may not be shown (then `hidden` says why)."""

    young_people: int | None
    values: tuple[float, ...] | None  # a percent (three for the wishes), or working days; None: nothing to count
    hidden: Hidden = Hidden.SHOWN

    @property
    def value(self) -> float | None:
        return self.values[0] if self.values else None


NOTHING = Figure(None, None)


@dataclass(frozen=True)
class Row:
    quarter: Quarter
    total: Figure
    groups: dict[str, Figure]


@dataclass(frozen=True)
class Trend:
    measure: str
    breakdown: str
    groups: tuple[str, ...]
    rows: list[Row]  # oldest first

    @property
    def baseline(self) -> Baseline | None:
        return BASELINES.get(self.measure)


@dataclass
class Evidence:
    """Every measure of one municipality for one breakdown (kind of meeting or age band)."""

    municipality_id: int
    breakdown: str
    trends: dict[str, Trend] = field(default_factory=dict)


# --- counting -------------------------------------------------------------------------------------------


@dataclass
class _Raw:
    """What the database counted for one group: young people and the numbers behind each measure."""

    people: dict[str, int] = field(default_factory=dict)
    sums: dict[str, tuple[float, ...]] = field(default_factory=dict)  # numerators, then the denominator last


def evidence(
    db: Session, municipality_ids: Sequence[int], *, due_days: int, breakdown: str, now: datetime | None = None
) -> dict[int, Evidence]:
    """Per municipality: each measure per quarter, in total and per group of the breakdown, suppressed."""
    if breakdown not in BREAKDOWNS:
        raise ValueError(breakdown)
    now = now or utcnow()
    scope = [col(Meeting.municipality_id).in_(list(municipality_ids)), col(Meeting.starts_at) <= now]
    first, last = db.exec(select(func.min(Meeting.starts_at), func.max(Meeting.starts_at)).where(*scope)).one()
    if first is None:
        return {mid: Evidence(mid, breakdown, _empty_trends(breakdown)) for mid in municipality_ids}
    quarters = quarters_between(local_date(first), local_date(last))
    quarter = (
        literal(quarters[0].key)
        if len(quarters) == 1
        else case(
            *[(col(Meeting.starts_at) < local_midnight(q.next.first_day), q.key) for q in quarters[:-1]],
            else_=quarters[-1].key,
        )
    )
    # Both breakdowns are counted, whichever is shown: a quarter's total is the same in both, so it is shown only
    # where both allow it (the groups of each breakdown keys of their own: kinds, age bands, "all").
    raw: dict[tuple[int, str, str], _Raw] = {}
    for grouping in (col(Meeting.kind), _age_band(quarters), None):
        for mid, qkey, key, people, sums in _answers(db, scope, quarter, grouping):
            raw.setdefault((mid, qkey, key), _Raw()).people.update(people)
            raw[(mid, qkey, key)].sums.update(sums)
        for mid, qkey, key, people, sums in _receipts(db, scope, quarter, grouping, due_days=due_days, now=now):
            raw.setdefault((mid, qkey, key), _Raw()).people.update(people)
            raw[(mid, qkey, key)].sums.update(sums)
    return {
        mid: Evidence(mid, breakdown, {measure: _trend(raw, mid, measure, breakdown, quarters) for measure in MEASURES})
        for mid in municipality_ids
    }


def quarters_between(first: date, last: date) -> list[Quarter]:
    """Every quarter from the one holding `first` to the one holding `last`."""
    quarters, current = [], Quarter.of(first)
    while current <= Quarter.of(last):
        quarters.append(current)
        current = current.next
    return quarters


def _groups(breakdown: str) -> tuple[str, ...]:
    return tuple(kind.value for kind in MeetingKind) if breakdown == "kind" else AGE_BANDS


def _empty_trends(breakdown: str) -> dict[str, Trend]:
    return {measure: Trend(measure, breakdown, _groups(breakdown), []) for measure in MEASURES}


def _age_band(quarters: Sequence[Quarter]) -> Any:
    """The owner's age band at the start of the meeting's quarter: under 18, 18 or older, or not known. Quarters
    in order, so the first quarter whose end is after the meeting is its own; its cut-off birthday decides."""
    under = [
        (
            and_(
                col(Meeting.starts_at) < local_midnight(q.next.first_day),
                col(User.birth_date) > _years_before(q.first_day, ADULT),
            ),
            "under_18",
        )
        for q in quarters
    ]
    return case((col(User.birth_date).is_(None), "unknown"), *under, else_="18_plus")


def _years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years)  # quarters start on the 1st: never 29 February


def _people(condition: Any, owner: Any) -> Any:
    return func.count(distinct(case((condition, owner), else_=None)))


def _count(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _grouped(db: Session, inner: Any, grouping: Any, aggregates: Any) -> list[Any]:
    """Group the rows of `inner` (a subquery with mid, quarter and grp) by municipality, quarter and group, or
    only by municipality and quarter for the totals. Grouping a subquery's columns (not the CASE expressions
    themselves) keeps PostgreSQL from seeing the SELECT's and the GROUP BY's parameters as two expressions."""
    keys = [inner.c.mid, inner.c.quarter] + ([inner.c.grp] if grouping is not None else [])
    group = inner.c.grp if grouping is not None else literal(TOTAL)
    return list(db.exec(select(inner.c.mid, inner.c.quarter, group, *aggregates(inner.c)).group_by(*keys)).all())


def _answers(db: Session, scope: list[Any], quarter: Any, grouping: Any) -> Iterable[tuple[Any, ...]]:
    """The three questions after each meeting: per group, who answered each, how many answers, how many agreed."""
    inner = (
        select(
            col(Meeting.municipality_id).label("mid"),
            quarter.label("quarter"),  # type: ignore[call-overload]
            (grouping if grouping is not None else literal(TOTAL)).label("grp"),
            col(Meeting.owner_id).label("owner"),
            col(FollowUp.heard).label("listened"),
            col(FollowUp.said_what_mattered),
            col(FollowUp.knows_what_happens),
        )
        .join(FollowUp, col(FollowUp.meeting_id) == Meeting.id)
        .join(User, col(User.id) == Meeting.owner_id)
        .where(*scope)
        .subquery()
    )

    def aggregates(c: Any) -> list[Any]:
        columns = []
        for question in QUESTIONS:
            answer = c[question]
            columns += [_people(answer.is_not(None), c.owner), _count(answer >= AGREE), _count(answer.is_not(None))]
        return columns

    for mid, qkey, group, *numbers in _grouped(db, inner, grouping, aggregates):
        people = {question: int(numbers[3 * index]) for index, question in enumerate(QUESTIONS)}
        sums = {
            question: (float(numbers[3 * index + 1]), float(numbers[3 * index + 2]))
            for index, question in enumerate(QUESTIONS)
        }
        yield mid, qkey, group, people, sums


def _receipts(
    db: Session, scope: list[Any], quarter: Any, grouping: Any, *, due_days: int, now: datetime
) -> Iterable[tuple[Any, ...]]:
    """The receipts of wishes and decisions brought to meetings: on time, what the answers were, how fast."""
    inner = (
        select(
            col(Meeting.municipality_id).label("mid"),
            quarter.label("quarter"),  # type: ignore[call-overload]
            (grouping if grouping is not None else literal(TOTAL)).label("grp"),
            col(Meeting.owner_id).label("owner"),
            (col(Meeting.starts_at) < overdue_cutoff(due_days, now=now)).label("past_due"),
            col(MeetingDecision.first_answer_at),
            col(MeetingDecision.answer_working_days),
            col(MeetingDecision.receipt_answer),
        )
        .join(MeetingDecision, col(MeetingDecision.meeting_id) == Meeting.id)
        .join(User, col(User.id) == Meeting.owner_id)
        .where(*scope)
        .subquery()
    )

    def aggregates(c: Any) -> list[Any]:
        answered = c.first_answer_at.is_not(None)
        due = or_(answered, c.past_due)
        return [
            _people(due, c.owner),
            _count(and_(answered, c.answer_working_days <= due_days)),
            _count(due),
            _people(answered, c.owner),
            *[_count(c.receipt_answer == part) for part in WISH_PARTS],
            _count(answered),
            func.coalesce(func.sum(case((answered, c.answer_working_days), else_=0)), 0),
        ]

    for mid, qkey, group, due_people, on_time, due_count, answered_people, *rest in _grouped(
        db, inner, grouping, aggregates
    ):
        followed, partly, not_followed, answered_count, day_sum = (float(value) for value in rest)
        people = {"on_time": int(due_people), "wishes": int(answered_people), "answer_days": int(answered_people)}
        sums = {
            "on_time": (float(on_time), float(due_count)),
            "wishes": (followed, partly, not_followed, answered_count),
            "answer_days": (day_sum, answered_count),
        }
        yield mid, qkey, group, people, sums


# --- what may be shown ----------------------------------------------------------------------------------


def _trend(
    raw: dict[tuple[int, str, str], _Raw], mid: int, measure: str, breakdown: str, quarters: Sequence[Quarter]
) -> Trend:
    """One measure per quarter for one breakdown, suppressed with every breakdown's groups in view (rule 4)."""
    rows = []
    for quarter in quarters:

        def people(key: str, quarter: Quarter = quarter) -> int:
            found = raw.get((mid, quarter.key, key))
            return found.people.get(measure, 0) if found else 0

        shown = protect_breakdowns(
            {name: {key: people(key) for key in _groups(name) if people(key)} for name in BREAKDOWNS}, people(TOTAL)
        )[breakdown]
        figures = {
            key: _figure(raw.get((mid, quarter.key, key)), measure, shown.cells.get(key, Hidden.SHOWN))
            for key in _groups(breakdown)
        }
        rows.append(Row(quarter, _figure(raw.get((mid, quarter.key, TOTAL)), measure, shown.total), figures))
    return Trend(measure, breakdown, _groups(breakdown), rows)


def _figure(raw: _Raw | None, measure: str, hidden: Hidden) -> Figure:
    if raw is None or not raw.people.get(measure):
        return NOTHING
    if hidden != Hidden.SHOWN:
        return Figure(None, None, hidden)
    *numerators, denominator = raw.sums[measure]
    if not denominator:
        return Figure(raw.people[measure], None)
    scale = 100 if measure in PERCENT_MEASURES else 1
    return Figure(
        raw.people[measure], tuple(round(scale * value / denominator, 0 if scale == 100 else 1) for value in numerators)
    )


# --- the partnership ------------------------------------------------------------------------------------


def sharing_municipalities(db: Session) -> list[Municipality]:
    """The municipalities whose admin lets the partnership's evaluators see these figures, by name."""
    return list(
        db.exec(
            select(Municipality).where(col(Municipality.shares_evidence).is_(True)).order_by(col(Municipality.name))
        )
    )


def set_sharing(db: Session, *, municipality: Municipality, shared: bool) -> None:
    """An admin opts the municipality in or out; from the next page on, the evaluators see it or not."""
    municipality.shares_evidence = shared
    db.add(municipality)
    db.flush()


__all__ = ["MIN_YOUNG_PEOPLE", "Evidence", "Figure", "Quarter", "Row", "Trend", "evidence"]
