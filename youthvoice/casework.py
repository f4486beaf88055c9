"""The professional's view across their young people: what is new, overdue and coming up.

Each list is one query that starts from what is shared with the professional (access.visible_meetings), is
sorted and cut in the database and counts the rest in the same statement, so the page costs the same whether
a professional has ten meetings or a thousand. The first `LIST_SIZE` rows are shown with "and N more"; the
whole list is one click away (`full=`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Integer, and_, bindparam, func, or_
from sqlmodel import Session, col

from .access import visible_meetings_with_parameters
from .models import LastVisit, Meeting, Share, User, utcnow
from .receipts import overdue_conditions_before, overdue_cutoff
from .sharing import CONTENT_PARTS

LIST_SIZE = 10
LISTS = ("overdue", "new", "upcoming")


@dataclass(frozen=True)
class MeetingSummary:
    """What a dashboard row shows of a meeting: when and what kind (never its content)."""

    id: uuid.UUID
    kind: str
    starts_at: datetime
    updated_at: datetime


@dataclass
class BoardRow:
    meeting: MeetingSummary
    owner_name: str
    is_new: bool
    shared: bool


@dataclass
class BoardList:
    rows: list[BoardRow] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        """How many are not shown."""
        return self.total - len(self.rows)

    def __bool__(self) -> bool:
        return self.total > 0


@dataclass
class Board:
    overdue: BoardList = field(default_factory=BoardList)
    new: BoardList = field(default_factory=BoardList)
    upcoming: BoardList = field(default_factory=BoardList)


def _content_shared() -> Any:
    return or_(*(col(Share.parts).contains(part) for part in CONTENT_PARTS))


def _conditions(name: str) -> tuple[list[Any], list[Any]]:
    """The conditions and the order of one of the dashboard's lists; times are the parameters `cutoff` (overdue)
    and `since` (upcoming)."""
    if name == "overdue":
        return overdue_conditions_before(bindparam("cutoff")), [col(Meeting.starts_at), col(Meeting.id)]
    if name == "new":
        unseen = or_(col(LastVisit.seen_at).is_(None), col(Meeting.updated_at) > col(LastVisit.seen_at))
        return [_content_shared(), unseen], [col(Meeting.updated_at).desc(), col(Meeting.id)]
    return [col(Meeting.starts_at) >= bindparam("since")], [col(Meeting.starts_at), col(Meeting.id)]


@cache
def _list_query(name: str, limited: bool) -> Any:
    """One list's statement, built once per shape and run with the professional and the times as parameters
    (building it cost more than running it). Plain columns, not entities: the rows are only shown, and narrow
    rows are cheaper to sort in the database."""
    conditions, order = _conditions(name)
    query = (
        visible_meetings_with_parameters()
        .with_only_columns(col(Meeting.id), col(Meeting.kind), col(Meeting.starts_at), col(Meeting.updated_at),
                           col(User.display_name), col(Share.parts), col(LastVisit.seen_at), func.count().over())
        .outerjoin(LastVisit, and_(col(LastVisit.meeting_id) == Meeting.id,
                                   col(LastVisit.user_id) == bindparam("professional_id")))
        .where(*conditions)
        .order_by(*order)
    )
    return query.limit(bindparam("limit", type_=Integer)) if limited else query


def _list(db: Session, name: str, params: dict[str, Any], limit: int | None) -> BoardList:
    board_list = BoardList()
    content = set(CONTENT_PARTS)
    if limit is not None:
        params = {**params, "limit": limit}
    rows = db.exec(_list_query(name, limit is not None), params=params)  # type: ignore[call-overload]
    for meeting_id, kind, starts_at, updated_at, owner_name, parts, seen_at, total in rows:
        shared = bool(content.intersection(parts.split(",")))
        is_new = shared and (seen_at is None or updated_at > seen_at)
        board_list.rows.append(BoardRow(MeetingSummary(meeting_id, kind, starts_at, updated_at), owner_name,
                                        is_new=is_new, shared=shared))
        board_list.total = total
    return board_list


def dashboard(db: Session, professional: User, *, receipt_days: int, limit: int = LIST_SIZE,
              full: str | None = None, now: datetime | None = None) -> Board:
    """The dashboard's three lists in three queries, whatever the number of meetings; `full` names a list
    to show whole."""
    now = now or utcnow()
    params = {"professional_id": professional.id, "municipality_id": professional.municipality_id,
              "cutoff": overdue_cutoff(receipt_days, now=now), "since": now - timedelta(hours=3)}
    return Board(**{name: _list(db, name, params, None if full == name else limit) for name in LISTS})
