"""The proposal list of a term: filtered by status, searched by words, sorted, paginated.

A page costs one query whatever the number of proposals: the page of rows (the columns a row shows, not whole
proposals), with the list's count, the support and comment counts and "do I support it" computed in the same
statement for the page's rows only (a page past the end asks the count on its own and shows the last page).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Integer, String, bindparam
from sqlmodel import Session, col, exists, func, or_, select

from youthvoice.core.danish_calendar import local_today
from youthvoice.core.model import utcnow
from youthvoice.council.accountability import milestones_of
from youthvoice.council.follow import is_overdue
from youthvoice.council.models import (
    Cause,
    CauseStatus,
    CauseSummary,
    CauseUpdate,
    Comment,
    CommentFlag,
    Committee,
    Council,
    CouncilMembership,
    Support,
    Term,
)
from youthvoice.council.rounds import ELIGIBLE
from youthvoice.council.rules import FOLLOW_THROUGH, first_name
from youthvoice.identity.models import Role, User

PER_PAGE = 20
MAX_SEARCH_WORDS = 8
SORTS = ("new", "support", "active")
PROPOSALS = (CauseStatus.SUBMITTED, CauseStatus.DISCUSSING, CauseStatus.VOTING)
STATUS_GROUPS: dict[str, tuple[CauseStatus, ...]] = {
    "proposals": PROPOSALS,
    "chosen": FOLLOW_THROUGH,
    **{status.value: (status,) for status in CauseStatus if status != CauseStatus.DRAFT},
}


class ListRow(NamedTuple):
    cause: CauseSummary
    author_name: str | None  # None: a former member
    supports: int
    comments: int
    supported: bool
    overdue: bool  # presented, and the politicians' answer is late (council_follow.is_overdue)


@dataclass(frozen=True)
class Page:
    rows: list[ListRow]
    total: int
    page: int
    pages: int


def _like_pattern(word: str) -> str:
    """`%word%` for LIKE, with LIKE's own wildcards in the word taken literally (escape character `/`)."""
    escaped = word.lower().replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


def _filters(status: str, word_count: int) -> list[Any]:
    filters: list[Any] = [Cause.term_id == bindparam("term_id"), Cause.status != CauseStatus.DRAFT]
    if status in STATUS_GROUPS:
        filters.append(col(Cause.status).in_(STATUS_GROUPS[status]))
    for i in range(word_count):
        needle = bindparam(f"word_{i}", type_=String)
        filters.append(or_(*(func.lower(column).like(needle, escape="/")
                             for column in (col(Cause.title), col(Cause.change), col(Cause.why), col(Cause.who)))))
    return filters


@cache
def _list_statements(status: str, sort: str, word_count: int) -> tuple[Any, Any]:
    """The count and the page of rows for one shape of list, built once and run with parameters (the list is
    the council's busiest page, and building a statement of this size costs more than running it)."""
    filters = _filters(status, word_count)
    count = select(func.count()).select_from(Cause).where(*filters)
    supports = (select(func.count(col(Support.id))).where(Support.cause_id == Cause.id)
                .correlate(Cause).scalar_subquery())
    comments = (select(func.count(col(Comment.id)))
                .where(Comment.cause_id == Cause.id, col(Comment.hidden_at).is_(None))
                .correlate(Cause).scalar_subquery())
    mine = (exists().where(col(Support.cause_id) == Cause.id, col(Support.member_id) == bindparam("actor_id"))
            .correlate(Cause))
    order = {
        "support": (supports.desc(), col(Cause.submitted_at).desc()),
        "active": (col(Cause.last_activity_at).desc(),),
    }.get(sort, (col(Cause.submitted_at).desc(),))
    # The page's proposals are chosen on `cause` alone (an index walk for the recency sorts), and the counts
    # are computed for those rows only, not for every proposal of the term.
    on_page = (select(Cause.id).where(*filters).order_by(*order, col(Cause.id))
               .limit(bindparam("limit", type_=Integer)).offset(bindparam("offset", type_=Integer)))
    # The whole list's count rides along on every row (computed once: it does not depend on the row).
    # ten columns: SQLModel's select() is typed for at most four
    rows = (select(Cause.id, Cause.title, Cause.status, Cause.category,  # type: ignore[call-overload]
                   Cause.answer_due_on, User.display_name, supports, comments, mine, count.scalar_subquery())
            .outerjoin(User, col(User.id) == Cause.author_id)  # no author: a former member
            .where(col(Cause.id).in_(on_page.scalar_subquery())).order_by(*order, col(Cause.id)))
    return count, rows


def list_causes(db: Session, *, actor: User, term: Term, status: str = "all", sort: str = "new", q: str = "",
                page: int = 1, per_page: int = PER_PAGE, today: date | None = None) -> Page:
    """One page of a term's shared proposals and mærkesager (never drafts); `today` decides what is overdue."""
    today = today or local_today()
    words = q.split()[:MAX_SEARCH_WORDS]
    count, rows_query = _list_statements(status if status in STATUS_GROUPS else "all",
                                         sort if sort in SORTS else "new", len(words))
    params: dict[str, Any] = {"term_id": term.id, **{f"word_{i}": _like_pattern(w) for i, w in enumerate(words)}}
    connection = db.connection()  # plain columns: no ORM needed

    def rows_of(page: int) -> Sequence[Any]:
        return connection.execute(rows_query, {**params, "actor_id": actor.id, "limit": per_page,
                                               "offset": (page - 1) * per_page}).all()

    page = max(1, page)
    rows = rows_of(page)
    # One statement for a page with rows; a page past the end (or an empty list) asks the count on its own.
    total = rows[0][-1] if rows else connection.execute(count, params).scalar_one()
    pages = max(1, -(-total // per_page))
    if page > pages:
        page = pages
        rows = rows_of(page)
    summaries = [(CauseSummary(*row[:5]), name, int(s), int(c), bool(m)) for *row, name, s, c, m, _total in rows]
    return Page([ListRow(*summary, overdue=is_overdue(summary[0], today)) for summary in summaries],
                total, page, pages)


def chosen_causes(db: Session, term: Term) -> list[tuple[Cause, int]]:
    """The term's mærkesager with their support counts, in one query."""
    supports = (select(func.count(col(Support.id))).where(Support.cause_id == Cause.id)
                .correlate(Cause).scalar_subquery())
    return [(cause, int(count)) for cause, count in db.exec(
        select(Cause, supports).where(Cause.term_id == term.id, col(Cause.status).in_(FOLLOW_THROUGH))
        .order_by(col(Cause.title))
    )]


# --- the public page -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicUpdate:
    happened_on: date
    kind: str
    status: str | None
    text: str
    by: str  # "coordinator", "committee", "member", or a first name the member agreed to show
    answer_due_on: date | None = None  # a moved answer date: the new one
    id: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True)
class PublicMilestone:
    title: str
    due_on: date
    done_on: date | None


@dataclass(frozen=True)
class PublicCause:
    """Only what a citizen may read: the text, the progress, and a first name where the member agreed."""

    id: str
    title: str
    change: str
    why: str
    category: str
    status: str
    answer_due_on: date | None
    overdue: bool
    proposed_by: str | None
    updates: list[PublicUpdate]
    term: str = ""
    supports: int = 0
    committee: str | None = None
    progress: int = 0
    milestones: list[PublicMilestone] = field(default_factory=list)
    official_answer: str | None = None
    official_answer_at: datetime | None = None
    last_activity_at: datetime | None = None


def _public_name(person: User | None, consent: bool | None) -> str | None:
    if person is None:
        return None  # a former member: named by nobody
    if person.role == Role.PROFESSIONAL:
        return "coordinator"
    if person.role == Role.RESPONDENT:
        return "committee"
    return first_name(person) if consent and person.role == Role.YOUNG_PERSON else None


def public_terms(db: Session, council: Council, today: date) -> list[Term]:
    """The terms the public may see: those that have started, newest first."""
    return list(db.exec(select(Term).where(Term.council_id == council.id, Term.starts_on <= today)
                        .order_by(col(Term.starts_on).desc())))


def public_causes(db: Session, council: Council, term: Term | None, today: date, *,
                  cause_id: object = None) -> list[PublicCause]:
    """The mærkesager of a term (or of every started term, or one of them by id), with their timelines, committees,
    milestones and support counts, in a few queries, without personal data beyond consented first names."""
    consent = (select(CouncilMembership.show_name_publicly)
               .where(CouncilMembership.council_id == council.id, CouncilMembership.user_id == User.id)
               .correlate(User).scalar_subquery())
    supports = (select(func.count(col(Support.id))).where(Support.cause_id == Cause.id)
                .correlate(Cause).scalar_subquery())
    query = (select(Cause, User, consent, supports, Term.name, Committee.name)  # type: ignore[call-overload]
             .join(Term, col(Term.id) == Cause.term_id)
             .outerjoin(User, col(User.id) == Cause.author_id)
             .outerjoin(Committee, col(Committee.id) == Cause.committee_id)
             .where(Term.council_id == council.id, Term.starts_on <= today, col(Cause.status).in_(FOLLOW_THROUGH))
             .order_by(col(Term.starts_on).desc(), col(Cause.title)))
    if term is not None:
        query = query.where(Cause.term_id == term.id)
    if cause_id is not None:
        query = query.where(col(Cause.id) == cause_id)
    causes = db.exec(query).all()
    ids = [row[0].id for row in causes]
    updates: dict[object, list[PublicUpdate]] = {cause_id: [] for cause_id in ids}
    for row, person, agreed in db.exec(
        select(CauseUpdate, User, consent).outerjoin(User, col(User.id) == CauseUpdate.author_id)
        .where(col(CauseUpdate.cause_id).in_(ids))
        .order_by(col(CauseUpdate.happened_on).desc(), col(CauseUpdate.created_at).desc())
    ):
        updates[row.cause_id].append(PublicUpdate(row.happened_on, row.kind, row.status, row.text,
                                                  _public_name(person, agreed) or "member", row.answer_due_on,
                                                  str(row.id), row.created_at))
    milestones = {cause_id: [PublicMilestone(m.title, m.due_on, m.done_on) for m in rows]
                  for cause_id, rows in milestones_of(db, ids).items()}
    return [
        PublicCause(str(cause.id), cause.title, cause.change, cause.why, cause.category, cause.status,
                    cause.answer_due_on, is_overdue(cause, today), _public_name(author, agreed),
                    updates[cause.id], term_name, int(count or 0), committee, cause.progress,
                    milestones[cause.id], cause.official_answer, cause.official_answer_at, cause.last_activity_at)
        for cause, author, agreed, count, term_name, committee in causes
    ]


# --- what waits for the coordinator --------------------------------------------------------------------

RECENT_COMMENT_DAYS = 7


@dataclass(frozen=True)
class Waiting:
    """What waits for the coordinator on the council's start page (counts only: the pages it links to say more)."""

    new_proposals: int  # shared and not yet discussed
    new_comments: int  # shown comments of the last week: to read, and hide if need be
    ready_for_vote: int  # proposals that can go on a ballot
    late_answers: int  # presented causes whose promised answer is late
    flagged_comments: int = 0  # comments members asked the coordinator to look at
    flagged_cause_id: Any = None  # where the newest of them is

    @property
    def anything(self) -> bool:
        return bool(self.new_proposals or self.new_comments or self.ready_for_vote or self.late_answers
                    or self.flagged_comments)


def waiting_for_coordinator(db: Session, term: Term, today: date) -> Waiting:
    """The coordinator's to-do of a term, in one statement."""
    in_term = select(Cause.id).where(Cause.term_id == term.id)

    def count(status: Any) -> Any:
        return func.count().filter(status)

    statuses = db.exec(select(
        count(col(Cause.status) == CauseStatus.SUBMITTED), count(col(Cause.status).in_(ELIGIBLE)),
        count((col(Cause.status) == CauseStatus.PRESENTED) & (col(Cause.answer_due_on) < today)),
        select(func.count()).select_from(Comment).where(
            col(Comment.cause_id).in_(in_term), col(Comment.hidden_at).is_(None),
            col(Comment.created_at) >= utcnow() - timedelta(days=RECENT_COMMENT_DAYS)).scalar_subquery(),
    ).where(Cause.term_id == term.id)).one()
    new_proposals, ready, late, comments = (int(value or 0) for value in statuses)
    flagged = db.exec(
        select(Comment.cause_id).join(CommentFlag, col(CommentFlag.comment_id) == Comment.id)
        .where(col(Comment.cause_id).in_(in_term), col(CommentFlag.settled_at).is_(None),
               col(Comment.hidden_at).is_(None))
        .group_by(col(Comment.id), col(Comment.cause_id)).order_by(func.max(CommentFlag.created_at).desc())
    ).all()
    return Waiting(new_proposals=new_proposals, new_comments=comments, ready_for_vote=ready, late_answers=late,
                   flagged_comments=len(flagged), flagged_cause_id=flagged[0] if flagged else None)
