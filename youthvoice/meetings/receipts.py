"""The decision receipt: the professional answers each wish and decision brought to a meeting, and the young
person accepts the answer or contests it in their own words. It closes the loop between voice and decision."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, func, select

from youthvoice.core.danish_calendar import is_working_day, local_date, local_midnight, local_today
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings.decisions import meeting_decision, meeting_decisions
from youthvoice.meetings.meetings import touch
from youthvoice.meetings.models import Meeting, MeetingDecision, ReceiptAnswer, ReceiptEntry, ReceiptEntryKind
from youthvoice.notify import notifications
from youthvoice.sharing.access import MeetingAccess, meeting_shares, visible_meetings
from youthvoice.sharing.models import Share, SharePart, parts_of

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


def working_days_until(start: date, end: date) -> int:
    """How many working days after `start` `end` falls: the smallest n with add_working_days(start, n) >= end (0
    on or before `start`). An answer is on time when this is at most the receipt's allowed working days."""
    days, current = 0, start
    while current < end:
        current = add_working_days(current, 1)
        days += 1
    return days


def due_date(meeting: Meeting, working_days: int) -> date:
    """Counted from the meeting's Danish date (a meeting at 00:30 in Denmark is on that day, not the UTC day)."""
    return add_working_days(local_date(meeting.starts_at), working_days)


@dataclass(frozen=True)
class Thread:
    """The back-and-forth of one item's receipt, newest first: answers, acceptances and disagreements."""

    entries: tuple[ReceiptEntry, ...] = ()

    @property
    def answer(self) -> ReceiptEntry | None:
        """The latest answer: what the receipt says now."""
        return next((entry for entry in self.entries if entry.kind == ReceiptEntryKind.ANSWER), None)

    @property
    def reaction(self) -> ReceiptEntry | None:
        """The young person's latest acceptance or disagreement, if it came after the latest answer."""
        for entry in self.entries:
            if entry.kind == ReceiptEntryKind.ANSWER:
                return None
            return entry
        return None

    @property
    def accepted(self) -> bool:
        return self.reaction is not None and self.reaction.kind == ReceiptEntryKind.ACCEPTED

    @property
    def disagreement(self) -> ReceiptEntry | None:
        """A disagreement still waiting for an answer."""
        reaction = self.reaction
        return reaction if reaction is not None and reaction.kind == ReceiptEntryKind.DISAGREED else None

    @property
    def current(self) -> tuple[ReceiptEntry, ...]:
        """What is shown first: the latest answer and the young person's reply to it."""
        shown = [entry for entry in (self.reaction, self.answer) if entry is not None]
        return tuple(shown)

    @property
    def earlier(self) -> tuple[ReceiptEntry, ...]:
        """Everything before the latest answer, one tap away."""
        current = {entry.id for entry in self.current}
        return tuple(entry for entry in self.entries if entry.id not in current)

    def by_id(self, entry_id: object) -> ReceiptEntry | None:
        return next((entry for entry in self.entries if entry.id == entry_id), None)


EMPTY_THREAD = Thread()


def threads_of(db: Session, meeting: Meeting) -> dict[uuid.UUID, Thread]:
    """Every item's receipt thread for one meeting, by item (MeetingDecision) id, in one statement."""
    found: dict[uuid.UUID, list[ReceiptEntry]] = {}
    for entry in db.exec(select(ReceiptEntry).where(ReceiptEntry.meeting_id == meeting.id)
                         .order_by(col(ReceiptEntry.position).desc(), col(ReceiptEntry.created_at).desc())):
        found.setdefault(entry.item_id, []).append(entry)
    return {item_id: Thread(tuple(entries)) for item_id, entries in found.items()}


def thread_of(db: Session, link: MeetingDecision) -> Thread:
    return threads_of(db, db.get_one(Meeting, link.meeting_id)).get(link.id, EMPTY_THREAD)


def _entry(db: Session, *, link: MeetingDecision, author: User, kind: str, text: str | None = None,
           answer_value: str | None = None, answers: ReceiptEntry | None = None) -> ReceiptEntry:
    count = db.exec(select(func.count()).select_from(ReceiptEntry).where(ReceiptEntry.item_id == link.id)).one()
    entry = ReceiptEntry(owner_id=link.owner_id, meeting_id=link.meeting_id, item_id=link.id, kind=kind,
                         author_id=author.id, author_name=author.display_name, answer=answer_value,
                         answers_id=answers.id if answers else None, position=count + 1)
    entry.text = text
    db.add(entry)
    db.flush()
    return entry


def _clean_text(text: str, *, field: str, empty_message: Any) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(str(empty_message), field=field)
    if len(text) > REASON_LIMIT:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=REASON_LIMIT)), field=field)
    return text


def answer(db: Session, *, access: MeetingAccess, link_id: object, answer_value: str, reason: str) -> ReceiptEntry:
    """A professional answers one item: followed, partly followed or not followed, with a reason. A new answer is
    a new entry: earlier answers and the young person's replies to them stay as they were."""
    if access.is_owner or not access.sees(SharePart.DECISIONS) or not access.actor.is_professional:
        raise NotFound
    if access.meeting.starts_at > utcnow():
        raise InvalidInput(str(_l("The receipt can be answered when the meeting has started.")), field="answer")
    if answer_value not in set(ReceiptAnswer):
        raise InvalidInput(str(_l("Choose one of the answers.")), field="answer")
    reason = _clean_text(reason, field="reason", empty_message=_l("Explain in plain words why."))
    link, _decision = meeting_decision(db, access.meeting, link_id)
    entry = _entry(db, link=link, author=access.actor, kind=ReceiptEntryKind.ANSWER, text=reason,
                   answer_value=answer_value, answers=thread_of(db, link).disagreement)
    link.receipt_answer, link.receipt_by_id, link.receipt_at = answer_value, access.actor.id, entry.created_at
    if link.first_answer_at is None:
        link.first_answer_at = entry.created_at
        link.answer_working_days = working_days_until(local_date(access.meeting.starts_at),
                                                      local_date(entry.created_at))
    db.add(link)
    touch(db, access.meeting)
    notifications.notify(db, user=access.owner, kind="receipt", link=f"/meetings/{access.meeting.id}/receipt",
                         about_id=access.owner.id)
    return entry


def accept(db: Session, *, access: MeetingAccess, link_id: object) -> ReceiptEntry | None:
    """The young person accepts the latest answer (once: accepting it again changes nothing)."""
    if not access.is_owner:
        raise NotFound
    link, _decision = meeting_decision(db, access.meeting, link_id)
    thread = thread_of(db, link)
    if thread.answer is None:
        raise NotFound
    if thread.accepted:
        return None
    entry = _entry(db, link=link, author=access.actor, kind=ReceiptEntryKind.ACCEPTED)
    touch(db, access.meeting)
    return entry


def contest(db: Session, *, access: MeetingAccess, link_id: object, text: str) -> ReceiptEntry:
    """The young person disagrees with the latest answer, in their own words; every professional shown the
    meeting's decisions sees it and is told."""
    if not access.is_owner:
        raise NotFound
    link, _decision = meeting_decision(db, access.meeting, link_id)
    if thread_of(db, link).answer is None:
        raise NotFound
    text = _clean_text(text, field="contest", empty_message=_l("Write what you disagree with."))
    entry = _entry(db, link=link, author=access.actor, kind=ReceiptEntryKind.DISAGREED, text=text)
    touch(db, access.meeting)
    for share in meeting_shares(db, access.meeting):
        if SharePart.DECISIONS in parts_of(share):
            notifications.notify(db, user=share.grantee_id, kind="receipt_contested",
                                 link=f"/meetings/{access.meeting.id}#receipt", about_id=access.owner.id)
    return entry


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
    the decisions, some item brought to it is still unanswered, and it was not cancelled."""
    return overdue_conditions_before(overdue_cutoff(working_days, now=now))


def overdue_conditions_before(cutoff: Any, *, meeting_id: Any = None, starts_at: Any = None,
                              parts: Any = None, cancelled_at: Any = None) -> list[Any]:
    """`overdue_conditions` for a cutoff moment (a value, or a bound parameter of a statement built once); the
    meeting's id, start and share parts are Meeting's and Share's columns unless a statement names others (the
    dashboard asks it of a common table expression)."""
    meeting_id = col(Meeting.id) if meeting_id is None else meeting_id
    unanswered = (select(MeetingDecision.id)
                  .where(MeetingDecision.meeting_id == meeting_id, col(MeetingDecision.receipt_answer).is_(None)))
    cancelled_at = col(Meeting.cancelled_at) if cancelled_at is None else cancelled_at
    return [(col(Meeting.starts_at) if starts_at is None else starts_at) < cutoff, cancelled_at.is_(None),
            (col(Share.parts) if parts is None else parts).contains(SharePart.DECISIONS), unanswered.exists()]


def overdue_for(db: Session, professional: User, working_days: int, *, now: datetime | None = None) -> list[Meeting]:
    """Past meetings shared with this professional (decisions part) whose receipt is still unanswered after the
    allowed number of working days."""
    query = visible_meetings(professional).where(*overdue_conditions(working_days, now=now))
    rows = db.exec(query.order_by(col(Meeting.starts_at), col(Meeting.id)))
    found = {meeting.id: meeting for meeting, _owner, share in rows if SharePart.DECISIONS in parts_of(share)}
    return list(found.values())
