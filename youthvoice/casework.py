"""The professional's view across their young people: what is new, overdue and coming up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session, col, select

from .access import meetings_visible_to
from .models import LastVisit, Meeting, Share, ShareScope, User, utcnow
from .receipts import overdue_for
from .sharing import CONTENT_PARTS, parts_of


@dataclass
class BoardRow:
    meeting: Meeting
    owner: User
    is_new: bool
    shared: bool


@dataclass
class Board:
    overdue: list[BoardRow] = field(default_factory=list)
    new: list[BoardRow] = field(default_factory=list)
    upcoming: list[BoardRow] = field(default_factory=list)


def dashboard(db: Session, professional: User, *, receipt_days: int) -> Board:
    """Everything on the dashboard in a handful of queries, whatever the number of meetings."""
    visible = meetings_visible_to(db, professional)
    owners = {person.id: person for person in db.exec(
        select(User).where(col(User.id).in_({m.owner_id for m in visible})))} if visible else {}
    visits = {row.meeting_id: row.seen_at for row in db.exec(
        select(LastVisit).where(LastVisit.user_id == professional.id))}
    shares = db.exec(select(Share).where(Share.grantee_id == professional.id, col(Share.withdrawn_at).is_(None),
                                         Share.scope == ShareScope.MEETING)).all()
    shared_ids = {share.meeting_id for share in shares if parts_of(share) & set(CONTENT_PARTS)}
    board = Board()
    now = utcnow()
    overdue_ids = {m.id for m in overdue_for(db, professional, receipt_days)}
    for meeting in visible:
        row = BoardRow(meeting, owners[meeting.owner_id],
                       is_new=meeting.id in shared_ids and (meeting.id not in visits
                                                            or meeting.updated_at > visits[meeting.id]),
                       shared=meeting.id in shared_ids)
        if meeting.id in overdue_ids:
            board.overdue.append(row)
        if row.is_new:
            board.new.append(row)
        if meeting.starts_at >= now - timedelta(hours=3):
            board.upcoming.append(row)
    board.new.sort(key=lambda r: r.meeting.updated_at, reverse=True)
    return board
