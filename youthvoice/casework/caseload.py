"""The professional's list of their young people ("Mine unge"), each with a status line: the next meeting,
receipts unanswered or overdue, a disagreement waiting for an answer, an urgent message, the last activity in
what they share, and turning 18 or 23 soon.

The whole list is one statement, whatever the size of the caseload: the young people linked to the professional,
each joined with GROUP BY aggregates over the meetings they share with the professional (found once, by
access.visible_meetings, the one place of the rule, as a materialised common table expression). Only what the
professional is party to is counted: meetings shared with them, receipts of meetings whose decisions they were
shown, disagreements with those receipts, urgent messages sent to them. Never a word of the young person's.
Sorting, the name search and the filters run on those rows (a caseload is tens of people, not thousands).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Integer, and_, bindparam, case, distinct, func, literal, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from youthvoice.casework.deadlines import Deadline, deadlines_of
from youthvoice.casework.models import CaseDates
from youthvoice.core.danish_calendar import local_date
from youthvoice.core.model import utcnow
from youthvoice.identity.ages import add_months
from youthvoice.identity.models import AccountStatus, User
from youthvoice.meetings.models import Meeting, MeetingDecision, MeetingKind, ReceiptEntry, ReceiptEntryKind
from youthvoice.meetings.receipts import overdue_cutoff
from youthvoice.privacy import words
from youthvoice.sharing.access import linked_young_people_with_parameters, visible_meetings_with_parameters
from youthvoice.sharing.models import CONTENT_PARTS, Share, SharePart
from youthvoice.support.models import UrgentMessage

SORTS = ("needs", "name", "next")  # "needs me first", by name, by the next meeting
FILTERS = ("overdue", "disagreement", "transition")
SEARCH_LIMIT = 80  # a name is at most 80 characters
SOON_DAYS = 7  # a meeting within a week needs the professional before one further off
MEETING_TIMES = "meetings"  # a view of a list of meeting times in "who has seen what" (mydata/labels.py)


class PersonStatus(NamedTuple):
    """One young person's row: their account (name, age, status) and counts of what the professional is party
    to. A tuple: the dashboard keeps rendered rows keyed on it (fragments.kept_rows)."""

    id: uuid.UUID
    display_name: str
    birth_date: date | None
    status: str
    next_meeting_id: uuid.UUID | None = None
    next_meeting_kind: str | None = None
    next_meeting_at: datetime | None = None
    last_activity: datetime | None = None
    unanswered: int = 0  # meetings that have started whose receipt has an unanswered item
    overdue: int = 0  # of those, past the working days allowed
    disagreements: int = 0  # receipt items where the young person's disagreement is the latest word
    urgent: int = 0  # urgent messages to this professional not yet acknowledged
    plan_review: date | None = None  # the dates the law sets, as recorded (deadlines.py)
    transition_meeting: date | None = None
    transition_planned: int | None = None  # 1: a transition meeting shared with the professional in the last year
    milestone_age: int | None = None  # 18 within six months, or 23 within a year
    milestone: date | None = None
    deadlines: tuple[Deadline, ...] = ()  # due within 30 days, or overdue

    @property
    def deadline_overdue(self) -> bool:
        return any(deadline.overdue for deadline in self.deadlines)


def milestone(birth_date: date | None, today: date) -> tuple[int, date] | None:
    """The 18th birthday within six months, or the 23rd within a year (when support ends), if either is close."""
    if birth_date is None:
        return None
    turns_18, turns_23 = add_months(birth_date, 18 * 12), add_months(birth_date, 23 * 12)
    if today < turns_18 <= add_months(today, 6):
        return 18, turns_18
    if today < turns_23 <= add_months(today, 12):
        return 23, turns_23
    return None


def visible_columns() -> Any:
    """The meetings visible to the professional (access.visible_meetings, the one place of the rule) as the plain
    columns the status line counts on; the dashboard's lists read the same ones (casework.py)."""
    return visible_meetings_with_parameters().with_only_columns(
        col(Meeting.id).label("id"),
        col(Meeting.owner_id).label("owner_id"),
        col(Meeting.kind).label("kind"),
        col(Meeting.starts_at).label("starts_at"),
        col(Meeting.updated_at).label("updated_at"),
        col(Meeting.cancelled_at).label("cancelled_at"),
        col(Share.parts).label("parts"),
    )


@cache
def _caseload_query() -> Any:
    """The list in one statement, built once and run with the professional and the times as parameters."""
    visible = (
        visible_columns()
        .cte("caseload_visible")
        .prefix_with("MATERIALIZED")  # found once for every aggregate below (SQLite 3.35+, PostgreSQL 12+)
    )
    return caseload_select(visible).order_by(col(User.display_name), col(User.id))


def caseload_select(visible: Any) -> Any:
    """The young people linked to the professional, each with the aggregates of their status line over `visible`
    (a common table expression with at least the columns of `visible_columns`). Unordered; the parameters are
    `professional_id`, `municipality_id`, `cutoff`, `since`, `now` and `year_ago` (`parameters`)."""
    v = visible.c
    content_shared = or_(*(v.parts.contains(part) for part in CONTENT_PARTS))
    decisions_shared = v.parts.contains(SharePart.DECISIONS)

    activity = (
        select(
            v.owner_id,
            func.max(case((content_shared, v.updated_at))).label("last_activity"),
            # a meeting about the move to adult life shared with the professional, planned or held in the last year
            func.max(case((and_(v.kind == MeetingKind.TRANSITION, v.starts_at >= bindparam("year_ago")), 1))).label(
                "transition_planned"
            ),
        )
        .group_by(v.owner_id)
        .subquery("activity")
    )
    numbered = (
        select(
            v.owner_id,
            v.id,
            v.kind,
            v.starts_at,
            func.row_number().over(partition_by=v.owner_id, order_by=(v.starts_at, v.id)).label("n"),
        )
        .where(v.starts_at >= bindparam("since"), v.cancelled_at.is_(None))
        .subquery("upcoming")
    )
    upcoming = select(numbered).where(numbered.c.n == 1).subquery("next_meeting")
    receipts = (
        select(
            v.owner_id,
            func.count(distinct(v.id)).label("unanswered"),
            func.count(distinct(case((v.starts_at < bindparam("cutoff"), v.id)))).label("overdue"),
        )
        .select_from(visible.join(MeetingDecision, col(MeetingDecision.meeting_id) == v.id))
        .where(col(MeetingDecision.receipt_answer).is_(None), v.starts_at <= bindparam("now"), decisions_shared)
        .group_by(v.owner_id)
        .subquery("receipts")
    )
    later = aliased(ReceiptEntry)
    answered_since = (
        select(col(later.id))
        .where(col(later.item_id) == col(ReceiptEntry.item_id), col(later.position) > col(ReceiptEntry.position))
        .exists()
    )
    disagreements = (
        select(v.owner_id, func.count(distinct(col(ReceiptEntry.item_id))).label("disagreements"))
        .select_from(visible.join(ReceiptEntry, col(ReceiptEntry.meeting_id) == v.id))
        .where(decisions_shared, col(ReceiptEntry.kind) == ReceiptEntryKind.DISAGREED, ~answered_since)
        .group_by(v.owner_id)
        .subquery("disagreements")
    )
    urgent = (
        select(col(UrgentMessage.owner_id), func.count().label("urgent"))
        .where(
            col(UrgentMessage.professional_id) == bindparam("professional_id"),
            col(UrgentMessage.acknowledged_at).is_(None),
        )
        .group_by(col(UrgentMessage.owner_id))
        .subquery("urgent")
    )
    zero = literal(0, Integer)
    return (
        linked_young_people_with_parameters()  # the young people linked to the professional: access.py's rule
        .add_columns(
            upcoming.c.id,
            upcoming.c.kind,
            upcoming.c.starts_at,
            activity.c.last_activity,
            func.coalesce(receipts.c.unanswered, zero),
            func.coalesce(receipts.c.overdue, zero),
            func.coalesce(disagreements.c.disagreements, zero),
            func.coalesce(urgent.c.urgent, zero),
            col(CaseDates.plan_review),
            col(CaseDates.transition_meeting),
            activity.c.transition_planned,
        )
        .outerjoin(CaseDates, col(CaseDates.young_person_id) == User.id)
        .outerjoin(upcoming, upcoming.c.owner_id == User.id)
        .outerjoin(activity, activity.c.owner_id == User.id)
        .outerjoin(receipts, receipts.c.owner_id == User.id)
        .outerjoin(disagreements, disagreements.c.owner_id == User.id)
        .outerjoin(urgent, urgent.c.owner_id == User.id)
    )


def parameters(professional: User, *, receipt_days: int, now: datetime) -> dict[str, Any]:
    return {
        "professional_id": professional.id,
        "municipality_id": professional.municipality_id,
        "cutoff": overdue_cutoff(receipt_days, now=now),
        "since": now - timedelta(hours=3),
        "now": now,
        "year_ago": now - timedelta(days=365),
    }


def caseload(db: Session, professional: User, *, receipt_days: int, now: datetime | None = None) -> list[PersonStatus]:
    """Every young person linked to the professional with their status line, by name. The time of each next
    meeting shown is the young person's too: noted as seen, like every meeting the dashboard lists."""
    now = now or utcnow()
    rows = db.connection().execute(_caseload_query(), parameters(professional, receipt_days=receipt_days, now=now))
    return statuses(db, professional, rows, now=now)  # plain columns: only shown


def statuses(db: Session, professional: User, rows: Iterable[Any], *, now: datetime) -> list[PersonStatus]:
    """The status lines of the caseload's rows (the columns of `caseload_select`, by name), each next meeting
    noted as seen."""
    today = local_date(now)
    found = []
    for row in rows:
        status = PersonStatus(*row)
        close = milestone(status.birth_date, today)
        status = status._replace(
            milestone_age=close[0] if close else None,
            milestone=close[1] if close else None,
            deadlines=()
            if status.status == AccountStatus.DEACTIVATED
            else deadlines_of(
                status.id,
                status.display_name,
                birth_date=status.birth_date,
                plan_review=status.plan_review,
                transition_meeting=status.transition_meeting,
                transition_planned=bool(status.transition_planned),
                today=today,
            ),
        )
        if status.next_meeting_id is not None:
            note_meeting_times(db, professional, status.id)
        found.append(status)
    return found


def note_meeting_times(db: Session, professional: User, owner_id: uuid.UUID) -> None:
    """A list showed the professional when some of this young person's meetings are (never what is in them):
    one entry per young person and page, "Lene saw when your meetings are", not one per meeting (a dashboard of
    thirty meetings wrote thirty signed entries that "who has seen what" showed as one line anyway)."""
    words.note_view(db, actor=professional, owner=owner_id, object_type=MEETING_TIMES, object_id="")


def _needs_me(row: PersonStatus, soon: datetime) -> tuple[Any, ...]:
    """Who needs the professional first: an urgent message, a disagreement waiting for an answer, an overdue
    receipt, an overdue deadline, any unanswered receipt, a meeting within a week, 18 or 23 coming up; then the
    next meeting, the name."""
    upcoming = row.next_meeting_at
    return (
        not row.urgent,
        not row.disagreements,
        not row.overdue,
        not row.deadline_overdue,
        not row.unanswered,
        not (upcoming is not None and upcoming <= soon),
        row.milestone is None,
        upcoming is None,
        upcoming or soon,
        row.display_name.casefold(),
    )


def matches(row: PersonStatus, show: str | None) -> bool:
    if show == "overdue":
        return row.overdue > 0
    if show == "disagreement":
        return row.disagreements > 0
    if show == "transition":
        return row.milestone is not None
    return True


def due(rows: Iterable[PersonStatus]) -> list[Deadline]:
    """The caseload's deadlines within 30 days and overdue, the earliest first."""
    return sorted(
        (deadline for row in rows for deadline in row.deadlines),
        key=lambda deadline: (deadline.day, deadline.name.casefold(), deadline.kind),
    )


def counts(rows: Iterable[PersonStatus]) -> dict[str, int]:
    """How many young people each filter shows."""
    rows = list(rows)
    return {name: sum(1 for row in rows if matches(row, name)) for name in FILTERS}


def arrange(
    rows: list[PersonStatus],
    *,
    sort: str = "needs",
    show: str | None = None,
    search: str = "",
    now: datetime | None = None,
) -> list[PersonStatus]:
    """The rows the search and the filter keep, in the order asked for."""
    search = search.strip().casefold()[:SEARCH_LIMIT]
    kept = [row for row in rows if matches(row, show) and (not search or search in row.display_name.casefold())]
    if sort == "name":
        return sorted(kept, key=lambda row: (row.display_name.casefold(), str(row.id)))
    if sort == "next":
        return sorted(
            kept,
            key=lambda row: (
                row.next_meeting_at is None,
                row.next_meeting_at or now or utcnow(),
                row.display_name.casefold(),
            ),
        )
    soon = (now or utcnow()) + timedelta(days=SOON_DAYS)
    return sorted(kept, key=lambda row: _needs_me(row, soon))
