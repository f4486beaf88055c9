"""The decision receipt: the professional answers each wish and decision brought to a meeting, and the young
person accepts the answer or contests it in their own words. It closes the loop between voice and decision."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from . import notifications
from .access import MeetingAccess, visible_meetings
from .danish_calendar import is_working_day, local_date, local_midnight, local_today
from .decisions import meeting_decision, meeting_decisions
from .errors import InvalidInput, NotFound
from .meetings import touch
from .models import Meeting, MeetingDecision, ReceiptAnswer, Share, SharePart, User, utcnow
from .sharing import meeting_shares, parts_of

REASON_LIMIT = 1000


def add_working_days(start: date, days: int) -> date:
    """Count only the days the professional's office is open: not weekends, public holidays or the public
    sector's days off (danish_calendar.py)."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            days -= 1
    return current


def due_date(meeting: Meeting, working_days: int) -> date:
    """Counted from the meeting's Danish date (a meeting at 00:30 in Denmark is on that day, not the UTC day)."""
    return add_working_days(local_date(meeting.starts_at), working_days)


def answer(db: Session, *, access: MeetingAccess, link_id: object, answer_value: str, reason: str) -> MeetingDecision:
    """A professional answers one item: followed, partly followed or not followed, with a reason."""
    if access.is_owner or not access.sees(SharePart.DECISIONS) or not access.actor.is_professional:
        raise NotFound
    if access.meeting.starts_at > utcnow():
        raise InvalidInput(str(_l("The receipt can be answered when the meeting has started.")), field="answer")
    if answer_value not in set(ReceiptAnswer):
        raise InvalidInput(str(_l("Choose one of the answers.")), field="answer")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(str(_l("Explain in plain words why.")), field="reason")
    if len(reason) > REASON_LIMIT:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=REASON_LIMIT)), field="reason")
    link, _decision = meeting_decision(db, access.meeting, link_id)
    link.receipt_answer = answer_value
    link.receipt_reason = reason
    link.receipt_by_id = access.actor.id
    link.receipt_at = utcnow()
    link.accepted_at = None
    link.contested_at = None
    link.contest = None
    db.add(link)
    touch(db, access.meeting)
    notifications.notify(db, user=access.owner, kind="receipt", link=f"/meetings/{access.meeting.id}/receipt",
                         about_id=access.owner.id)
    return link


def accept(db: Session, *, access: MeetingAccess, link_id: object) -> MeetingDecision:
    if not access.is_owner:
        raise NotFound
    link, _decision = meeting_decision(db, access.meeting, link_id)
    if link.receipt_answer is None:
        raise NotFound
    link.accepted_at, link.contested_at = utcnow(), None
    link.contest = None
    db.add(link)
    touch(db, access.meeting)
    return link


def contest(db: Session, *, access: MeetingAccess, link_id: object, text: str) -> MeetingDecision:
    """The young person disagrees with an answer, in their own words; every professional shown the meeting sees it."""
    if not access.is_owner:
        raise NotFound
    link, _decision = meeting_decision(db, access.meeting, link_id)
    if link.receipt_answer is None:
        raise NotFound
    text = (text or "").strip()
    if not text:
        raise InvalidInput(str(_l("Write what you disagree with.")), field="contest")
    if len(text) > REASON_LIMIT:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=REASON_LIMIT)), field="contest")
    link.contest = text
    link.contested_at, link.accepted_at = utcnow(), None
    db.add(link)
    touch(db, access.meeting)
    for share in meeting_shares(db, access.meeting):
        if SharePart.DECISIONS in parts_of(share):
            notifications.notify(db, user=share.grantee_id, kind="receipt_contested",
                                 link=f"/meetings/{access.meeting.id}#receipt", about_id=access.owner.id)
    return link


def is_answered(db: Session, meeting: Meeting) -> bool:
    items = meeting_decisions(db, meeting)
    return bool(items) and all(link.receipt_answer for link, _ in items)


def last_overdue_day(today: date, working_days: int) -> date:
    """The latest meeting day whose receipt is overdue today (`due_date` < today); earlier days are too."""
    day = today - timedelta(days=working_days + 1)
    while add_working_days(day, working_days) >= today:
        day -= timedelta(days=1)
    return day


def overdue_cutoff(working_days: int, *, now: datetime | None = None) -> datetime:
    """Meetings that started before this moment have an overdue receipt (if it is still unanswered): the first
    moment, in Denmark, of the day after the last overdue meeting day."""
    return local_midnight(last_overdue_day(local_today(now or utcnow()), working_days) + timedelta(days=1))


def overdue_conditions(working_days: int, *, now: datetime | None = None) -> list[Any]:
    """SQL conditions on a (Meeting, Share) query: the meeting is past its receipt's due date, the share includes
    the decisions, and some item brought to it is still unanswered."""
    return overdue_conditions_before(overdue_cutoff(working_days, now=now))


def overdue_conditions_before(cutoff: Any, *, meeting_id: Any = None, starts_at: Any = None,
                              parts: Any = None) -> list[Any]:
    """`overdue_conditions` for a cutoff moment (a value, or a bound parameter of a statement built once); the
    meeting's id, start and share parts are Meeting's and Share's columns unless a statement names others (the
    dashboard asks it of a common table expression)."""
    meeting_id = col(Meeting.id) if meeting_id is None else meeting_id
    unanswered = (select(MeetingDecision.id)
                  .where(MeetingDecision.meeting_id == meeting_id, col(MeetingDecision.receipt_answer).is_(None)))
    return [(col(Meeting.starts_at) if starts_at is None else starts_at) < cutoff,
            (col(Share.parts) if parts is None else parts).contains(SharePart.DECISIONS), unanswered.exists()]


def overdue_for(db: Session, professional: User, working_days: int, *, now: datetime | None = None) -> list[Meeting]:
    """Past meetings shared with this professional (decisions part) whose receipt is still unanswered after the
    allowed number of working days."""
    query = visible_meetings(professional).where(*overdue_conditions(working_days, now=now))
    rows = db.exec(query.order_by(col(Meeting.starts_at), col(Meeting.id)))  # type: ignore[call-overload]
    found = {meeting.id: meeting for meeting, _owner, share in rows if SharePart.DECISIONS in parts_of(share)}
    return list(found.values())
