"""Following a chosen mærkesag through: the status lifecycle (chosen, in progress, presented with a promised
answer date, answered, achieved or not), the timeline of updates, overdue answers, and telling the supporters
of every answer and status change (never the content: a notification says only that there is news)."""

from __future__ import annotations

import uuid
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from youthvoice.core.errors import InvalidInput
from youthvoice.core.forms import clean_text
from youthvoice.core.model import utcnow
from youthvoice.council.causes import term_of, too_long
from youthvoice.council.models import Cause, CauseStatus, CauseSummary, CauseUpdate, Support, UpdateKind
from youthvoice.council.rules import FINISHED, NEXT_STATUSES, abilities, is_coordinator, require
from youthvoice.identity.models import AccountStatus, Role, User
from youthvoice.notify import notifications

S = CauseStatus
UPDATE_LIMIT = 2000
TIMELINE_KINDS = (UpdateKind.MEETING, UpdateKind.ANSWER, UpdateKind.NEXT, UpdateKind.NOTE)
UPDATE_KIND_LABELS = {
    UpdateKind.MEETING: _l("Meeting"),
    UpdateKind.ANSWER: _l("The politicians' answer"),
    UpdateKind.NEXT: _l("What happened next"),
    UpdateKind.NOTE: _l("News"),
    UpdateKind.STATUS: _l("New status"),
    UpdateKind.ANSWER_DATE: _l("New answer date"),
}


def is_overdue(cause: Cause | CauseSummary, today: date) -> bool:
    """Presented, and the promised date for the politicians' answer has passed."""
    return cause.status == S.PRESENTED and cause.answer_due_on is not None and cause.answer_due_on < today


def change_status(db: Session, *, actor: User, cause: Cause, status: str, text: str,
                  answer_due_on: date | None, today: date) -> None:
    """The coordinator moves a mærkesag one step on; it goes on the timeline and its followers hear of it."""
    require(is_coordinator(actor))
    try:
        new = CauseStatus(status)
    except ValueError:
        new = None
    if new is None or new not in NEXT_STATUSES.get(CauseStatus(cause.status), ()):
        raise InvalidInput(_l("Please choose one of the next steps."), field="status")
    text = clean_text(text)
    if len(text) > UPDATE_LIMIT:
        raise InvalidInput(too_long(UPDATE_LIMIT), field="text")
    if new in FINISHED and not text:
        raise InvalidInput(_l("Please explain what happened and why."), field="text")
    if new == S.PRESENTED:
        if answer_due_on is None:
            raise InvalidInput(_l("Please write the date the politicians promised to answer by."),
                               field="answer_due_on")
        _check_answer_date(answer_due_on, today)
        cause.answer_due_on = answer_due_on
    cause.status = new
    cause.last_activity_at = utcnow()
    db.add(cause)
    db.add(CauseUpdate(municipality_id=cause.municipality_id, cause_id=cause.id, author_id=actor.id,
                       kind=UpdateKind.STATUS, status=new, text=text, happened_on=today))
    notify_followers(db, cause=cause, kind="council_status", actor=actor)


def _check_answer_date(answer_due_on: date, today: date) -> None:
    """A promised answer date already past would show the cause as overdue the moment it is set."""
    if answer_due_on < today:
        raise InvalidInput(_l("The answer date cannot be in the past. Write the date the politicians promised."),
                           field="answer_due_on")


def change_answer_date(db: Session, *, actor: User, cause: Cause, answer_due_on: date | None, reason: str,
                       today: date) -> CauseUpdate:
    """The coordinator moves a presented cause's promised answer date (a typo, or the politicians asked for more
    time); the reason goes on the timeline with the new date, and its followers hear of it."""
    require(is_coordinator(actor) and cause.municipality_id == actor.municipality_id)
    require(cause.status == S.PRESENTED)
    if answer_due_on is None:
        raise InvalidInput(_l("Please write the date the politicians promised to answer by."),
                           field="answer_due_on")
    _check_answer_date(answer_due_on, today)
    if answer_due_on == cause.answer_due_on:
        raise InvalidInput(_l("That is the answer date already."), field="answer_due_on")
    reason = clean_text(reason)
    if not reason:
        raise InvalidInput(_l("Please write why the date is moved."), field="reason")
    if len(reason) > UPDATE_LIMIT:
        raise InvalidInput(too_long(UPDATE_LIMIT), field="reason")
    cause.answer_due_on = answer_due_on
    cause.last_activity_at = utcnow()
    db.add(cause)
    update = CauseUpdate(municipality_id=cause.municipality_id, cause_id=cause.id, author_id=actor.id,
                         kind=UpdateKind.ANSWER_DATE, text=reason, happened_on=today, answer_due_on=answer_due_on)
    db.add(update)
    db.flush()
    notify_followers(db, cause=cause, kind="council_update", actor=actor)
    return update


def post_update(db: Session, *, actor: User, cause: Cause, kind: str, text: str, happened_on: date | None,
                today: date) -> CauseUpdate:
    """A coordinator or member adds to a mærkesag's timeline. The politicians' answer on a presented cause
    also moves it to "answered" (it is then no longer overdue)."""
    require(abilities(actor, cause, term_of(db, cause), today).post_update)
    if kind not in {k.value for k in TIMELINE_KINDS}:
        raise InvalidInput(_l("Please choose one of these."), field="kind")
    text = clean_text(text)
    if not text:
        raise InvalidInput(_l("Please write something first."), field="text")
    if len(text) > UPDATE_LIMIT:
        raise InvalidInput(too_long(UPDATE_LIMIT), field="text")
    if happened_on is None:
        raise InvalidInput(_l("Please fill this in."), field="happened_on")
    update = CauseUpdate(municipality_id=cause.municipality_id, cause_id=cause.id, author_id=actor.id, kind=kind,
                         text=text, happened_on=happened_on)
    if kind == UpdateKind.ANSWER and cause.status == S.PRESENTED:
        cause.status = S.ANSWERED
        update.status = S.ANSWERED
    cause.last_activity_at = utcnow()
    db.add(cause)
    db.add(update)
    db.flush()
    notify_followers(db, cause=cause, kind="council_update", actor=actor)
    return update


def updates_of(db: Session, cause: Cause) -> list[tuple[CauseUpdate, User | None]]:
    """The timeline, newest first, with each entry's author (None: a former member)."""
    return [(row, person) for row, person in db.exec(
        select(CauseUpdate, User).outerjoin(User, col(User.id) == CauseUpdate.author_id)
        .where(CauseUpdate.cause_id == cause.id)
        .order_by(col(CauseUpdate.happened_on).desc(), col(CauseUpdate.created_at).desc())
    )]


def follower_ids(db: Session, cause: Cause) -> set[uuid.UUID]:
    """Current members who support the cause, and its author while a member."""
    rows = db.exec(
        select(User.id).where(User.municipality_id == cause.municipality_id, User.role == Role.YOUNG_PERSON,
                              col(User.is_council_member).is_(True), User.status == AccountStatus.ACTIVE,
                              (col(User.id) == cause.author_id)
                              | col(User.id).in_(select(Support.member_id).where(Support.cause_id == cause.id)))
    )
    return set(rows)


def notify_followers(db: Session, *, cause: Cause, kind: str, actor: User) -> None:
    """Tell the cause's supporters (never the text: only that there is news, and where)."""
    for user_id in follower_ids(db, cause) - {actor.id}:
        notifications.notify(db, user=user_id, kind=kind, link=f"/council/causes/{cause.id}", about_id=cause.id)
