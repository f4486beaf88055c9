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
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col

from .access import visible_meetings
from .models import LastVisit, Meeting, Share, User, utcnow
from .receipts import overdue_conditions
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


def _list(db: Session, professional: User, conditions: list[Any], order: list[Any], limit: int | None) -> BoardList:
    # Plain columns, not entities: the rows are only shown, and narrow rows are cheaper to sort in the database.
    query = (
        visible_meetings(professional)
        .with_only_columns(col(Meeting.id), col(Meeting.kind), col(Meeting.starts_at), col(Meeting.updated_at),
                           col(User.display_name), col(Share.parts), col(LastVisit.seen_at), func.count().over())
        .outerjoin(LastVisit, and_(col(LastVisit.meeting_id) == Meeting.id, col(LastVisit.user_id) == professional.id))
        .where(*conditions)
        .order_by(*order)
    )
    if limit is not None:
        query = query.limit(limit)
    board_list = BoardList()
    content = set(CONTENT_PARTS)
    for meeting_id, kind, starts_at, updated_at, owner_name, parts, seen_at, total in db.exec(query):  # type: ignore[call-overload]
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

    def size(name: str) -> int | None:
        return None if full == name else limit

    unseen = or_(col(LastVisit.seen_at).is_(None), col(Meeting.updated_at) > col(LastVisit.seen_at))
    return Board(
        overdue=_list(db, professional, overdue_conditions(receipt_days, now=now),
                      [col(Meeting.starts_at), col(Meeting.id)], size("overdue")),
        new=_list(db, professional, [_content_shared(), unseen],
                  [col(Meeting.updated_at).desc(), col(Meeting.id)], size("new")),
        upcoming=_list(db, professional, [col(Meeting.starts_at) >= now - timedelta(hours=3)],
                       [col(Meeting.starts_at), col(Meeting.id)], size("upcoming")),
    )
