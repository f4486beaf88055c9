"""The professional's view across their young people: what is new, overdue and coming up.

The three lists are one query: it finds what is shared with the professional once
(access.visible_meetings), and each list is sorted and cut in the database and counts the rest in the same
statement, so the page costs the same number of statements whether a professional has ten meetings or a
thousand. The first `LIST_SIZE` rows are shown with "and N more"; the
whole list is one click away (`full=`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Integer, and_, bindparam, cast, func, literal, null, or_, select, union_all
from sqlmodel import Session, col

from youthvoice.casework import caseload
from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings.models import LastVisit, Meeting, PreparationAnswer
from youthvoice.meetings.preparation import INTERPRETER
from youthvoice.meetings.receipts import overdue_conditions_before
from youthvoice.privacy.models import DataKey
from youthvoice.privacy.sealing import DataKeyRow, keyring_of
from youthvoice.sharing.access import visible_meetings_with_parameters
from youthvoice.sharing.models import CONTENT_PARTS, Share, SharePart

LIST_SIZE = 10
LISTS = ("overdue", "new", "upcoming")
WHOLE_LIST = 2**31 - 1  # a list shown whole: no professional has this many meetings


class MeetingSummary(NamedTuple):
    """What a dashboard row shows of a meeting: when and what kind (never its content). Rows are tuples: the
    dashboard keeps rendered rows keyed on them (fragments.kept_rows), and tuples hash and compare in C."""

    id: uuid.UUID
    kind: str
    starts_at: datetime
    updated_at: datetime


class BoardRow(NamedTuple):
    meeting: MeetingSummary
    owner_id: uuid.UUID
    owner_name: str
    is_new: bool
    shared: bool
    preparation: bool = False  # its preparation is shared with the professional


class InterpreterWish(NamedTuple):
    """An upcoming meeting whose young person asked for an interpreter, in her words, shown in time to book one."""

    meeting: MeetingSummary
    owner_name: str
    words: str


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


def _conditions(name: str, visible: Any) -> tuple[list[Any], list[Any]]:
    """The conditions and the order of one of the dashboard's lists, on the columns of the meetings visible to
    the professional; times are the parameters `cutoff` (overdue) and `since` (upcoming)."""
    v = visible.c
    if name == "overdue":
        return (overdue_conditions_before(bindparam("cutoff"), meeting_id=v.id, starts_at=v.starts_at, parts=v.parts,
                                          cancelled_at=v.cancelled_at),
                [v.starts_at, v.id])
    if name == "new":
        content_shared = or_(*(v.parts.contains(part) for part in CONTENT_PARTS))
        return [content_shared, or_(v.seen_at.is_(None), v.updated_at > v.seen_at)], [v.updated_at.desc(), v.id]
    return [v.starts_at >= bindparam("since"), v.cancelled_at.is_(None)], [v.starts_at, v.id]


@cache
def _visible() -> Any:
    """The meetings visible to the professional (access.visible_meetings: the one place of the rule) with what the
    lists show of them, found once per statement as a materialised common table expression."""
    return (
        visible_meetings_with_parameters()
        .with_only_columns(col(Meeting.id).label("id"), col(Meeting.kind).label("kind"),
                           col(Meeting.starts_at).label("starts_at"), col(Meeting.updated_at).label("updated_at"),
                           col(Meeting.cancelled_at).label("cancelled_at"), col(User.id).label("owner_id"),
                           col(User.display_name).label("owner_name"),
                           col(Share.parts).label("parts"),
                           col(LastVisit.seen_at).label("seen_at"))
        .outerjoin(LastVisit, and_(col(LastVisit.meeting_id) == Meeting.id,
                                   col(LastVisit.user_id) == bindparam("professional_id")))
        .cte("visible")
        .prefix_with("MATERIALIZED")  # found once for all three lists (SQLite 3.35+, PostgreSQL 12+)
    )


def _numbered(visible: Any) -> list[Any]:
    """Each list's rows of `visible`, sorted, numbered and counted; a list keeps the rows numbered up to its
    `limit_<name>`."""
    branches = []
    for name in LISTS:
        conditions, order = _conditions(name, visible)
        numbered = (select(literal(name).label("list"), *visible.c, func.count().over().label("total"),
                           func.row_number().over(order_by=order).label("position"))
                    .where(*conditions).subquery(name))
        branches.append(numbered)
    return branches


@cache
def _board_query() -> Any:
    """The three lists in one statement, built once and run with the professional, the times and each list's
    length as parameters. Plain columns, not entities: the rows are only shown."""
    branches = [select(numbered).where(numbered.c.position <= bindparam(f"limit_{numbered.name}", type_=Integer))
                for numbered in _numbered(_visible())]
    board = union_all(*branches).subquery("board")
    return select(board).order_by(board.c.list, board.c.position)


def _nulls(columns: Any) -> list[Any]:
    # typed: PostgreSQL resolves the types of a UNION's columns branch by branch, and a bare NULL would be text
    return [cast(null(), column.type) for column in columns]


def _numbered_columns(*columns: Any) -> list[Any]:
    # every branch's columns by position (c0, c1, …): several are NULLs, which would otherwise share a name
    return [column.label(f"c{n}") for n, column in enumerate(columns)]


@cache
def _board_and_caseload_query() -> Any:
    """The three lists and the caseload's status lines (caseload.py) in one statement, over the visible meetings
    found once: the board's rows first (list, position, total, then its columns), then one row per young person
    (list "people", then the status line's columns), each part padded with typed NULLs."""
    visible = _visible()
    people = caseload.caseload_select(visible).subquery("people")
    branches = []
    for numbered in _numbered(visible):
        board_columns = [numbered.c[column.name] for column in visible.c]
        branches.append(select(*_numbered_columns(numbered.c.list, numbered.c.position, numbered.c.total,
                                                  *board_columns, *_nulls(people.c)))
                        .where(numbered.c.position <= bindparam(f"limit_{numbered.name}", type_=Integer)))
    branches.append(select(*_numbered_columns(literal("people"), cast(null(), Integer), cast(null(), Integer),
                                              *_nulls(visible.c), *people.c)))
    both = union_all(*branches).subquery("both")
    columns = list(both.c)
    name, user_id = columns[3 + len(visible.c) + 1], columns[3 + len(visible.c)]  # the status line's name and id
    return select(both).order_by(columns[0], columns[1], name, user_id)


def _board_row(board: Board, name: str, meeting_id: uuid.UUID, kind: str, starts_at: datetime,
               updated_at: datetime, owner_id: uuid.UUID, owner_name: str, parts: str, seen_at: datetime | None,
               total: int) -> None:
    shared_parts = parts.split(",")
    shared = not _CONTENT.isdisjoint(shared_parts)
    board_list = getattr(board, name)
    board_list.rows.append(BoardRow(MeetingSummary(meeting_id, kind, starts_at, updated_at), owner_id, owner_name,
                                    is_new=shared and (seen_at is None or updated_at > seen_at), shared=shared,
                                    preparation=SharePart.PREPARATION in shared_parts))
    board_list.total = total


_CONTENT = frozenset(CONTENT_PARTS)


def _rows(db: Session, params: dict[str, Any]) -> Board:
    board = Board()
    rows = db.connection().execute(_board_query(), params)  # plain columns: no ORM needed
    for (name, meeting_id, kind, starts_at, updated_at, _cancelled, owner_id, owner_name, parts, seen_at, total,
         _position) in rows:
        _board_row(board, name, meeting_id, kind, starts_at, updated_at, owner_id, owner_name, parts, seen_at, total)
    return board


def _parameters(professional: User, *, receipt_days: int, limit: int, full: str | None,
                now: datetime) -> dict[str, Any]:
    params = caseload.parameters(professional, receipt_days=receipt_days, now=now)
    params.update({f"limit_{name}": WHOLE_LIST if full == name else limit for name in LISTS})
    return params


def _note_views(db: Session, professional: User, board: Board) -> None:
    for board_list in (board.overdue, board.new, board.upcoming):
        for row in board_list.rows:  # the times of a young person's meetings are theirs too: logged as seen
            caseload.note_meeting_times(db, professional, row.owner_id)


def dashboard(db: Session, professional: User, *, receipt_days: int, limit: int = LIST_SIZE,
              full: str | None = None, now: datetime | None = None) -> Board:
    """The dashboard's three lists in one query, whatever the number of meetings; `full` names a list to show
    whole."""
    params = _parameters(professional, receipt_days=receipt_days, limit=limit, full=full, now=now or utcnow())
    board = _rows(db, params)
    _note_views(db, professional, board)
    return board


def dashboard_with_caseload(db: Session, professional: User, *, receipt_days: int, limit: int = LIST_SIZE,
                            full: str | None = None,
                            now: datetime | None = None) -> tuple[Board, list[caseload.PersonStatus]]:
    """The dashboard's three lists and the caseload's status lines (`caseload.caseload`) in one statement: the
    meetings visible to the professional are found once for both."""
    now = now or utcnow()
    board, people = Board(), []
    rows = db.connection().execute(_board_and_caseload_query(),
                                   _parameters(professional, receipt_days=receipt_days, limit=limit, full=full,
                                               now=now))
    width = len(_visible().c)
    for row in rows:
        if row[0] == "people":
            people.append(row[3 + width:])
        else:
            (meeting_id, kind, starts_at, updated_at, _cancelled, owner_id, owner_name, parts,
             seen_at) = row[3:3 + width]
            _board_row(board, row[0], meeting_id, kind, starts_at, updated_at, owner_id, owner_name, parts, seen_at,
                       row[2])
    _note_views(db, professional, board)
    return board, caseload.statuses(db, professional, people, now=now)


@cache
def _interpreter_query() -> Any:
    """The interpreter answers of some meetings with their owners' data keys; built once, run with the meetings."""
    return (select(PreparationAnswer, col(DataKey.owner_id), col(DataKey.master_key_id), col(DataKey.wrapped))
            .outerjoin(DataKey, col(DataKey.owner_id) == PreparationAnswer.owner_id)
            .where(col(PreparationAnswer.meeting_id).in_(bindparam("meeting_ids", expanding=True)),
                   col(PreparationAnswer.question) == INTERPRETER,
                   col(PreparationAnswer.text_sealed).is_not(None)))


def interpreter_wishes(db: Session, board: Board) -> list[InterpreterWish]:
    """The upcoming meetings on the board whose preparation is shared with the professional and where the young
    person answered "Do you want an interpreter?" (issue 17.5). One statement for the whole list; opening each
    answer logs it as seen, as every read of her words by someone else is."""
    rows = {row.meeting.id: row for row in board.upcoming.rows if row.preparation}
    if not rows:
        return []
    keyring = keyring_of(db)
    answers = []
    # each answer with its owner's data key, read along: the answers open without a statement per young person
    for answer, *key in db.execute(_interpreter_query(), {"meeting_ids": list(rows)}):
        if key[0] is not None:
            keyring.remember(DataKeyRow(*key))
        answers.append(answer)
    wishes = [InterpreterWish(rows[answer.meeting_id].meeting, rows[answer.meeting_id].owner_name, text)
              for answer in answers if (text := (answer.text or "").strip())]
    return sorted(wishes, key=lambda wish: (wish.meeting.starts_at, wish.meeting.id))
