"""Accountability in public: the committees a chosen cause is sent to, the respondents who answer for them, the
cause's milestones and progress figure, and the committee's official answer.

A respondent (a politician or committee secretary, invited by the admin) takes no other part in the app: they
see the causes sent to their own committees and post each one's official answer, once. Everything here that
changes a cause goes on its timeline, and its followers hear of it (never the content).
"""

from __future__ import annotations

import uuid
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from youthvoice.core.db import owned
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.forms import clean_text
from youthvoice.core.model import utcnow
from youthvoice.council.causes import too_long
from youthvoice.council.follow import notify_followers
from youthvoice.council.models import (
    Cause,
    CauseStatus,
    CauseUpdate,
    Committee,
    CommitteeRespondent,
    Council,
    Milestone,
    UpdateKind,
)
from youthvoice.council.rules import FINISHED, FOLLOW_THROUGH, coordinator_ids, is_coordinator, require
from youthvoice.identity.models import AccountStatus, Role, User
from youthvoice.notify import notifications

S = CauseStatus
NAME_LIMIT = 120
ANSWER_LIMIT = 4000
# A committee is asked, and may answer, while the cause is under way (an answer already given by the coordinator
# on the timeline does not stop the committee's own).
SENDABLE = tuple(s for s in FOLLOW_THROUGH if s not in FINISHED)
ANSWERABLE = (S.CHOSEN, S.IN_PROGRESS, S.PRESENTED, S.ANSWERED)


def is_respondent(actor: User | None) -> bool:
    """An active respondent (politician or committee secretary)."""
    return bool(
        actor is not None
        and getattr(actor, "is_authenticated", False)
        and actor.is_active
        and actor.role == Role.RESPONDENT
    )


def _name(text: str, field: str = "name") -> str:
    name = clean_text(text)
    if not name:
        raise InvalidInput(_l("Please fill this in."), field=field)
    if len(name) > NAME_LIMIT:
        raise InvalidInput(too_long(NAME_LIMIT), field=field)
    return name


# --- committees ----------------------------------------------------------------------------------------


def committees_of(db: Session, council: Council) -> list[Committee]:
    """The council's committees, by name."""
    return list(db.exec(select(Committee).where(Committee.council_id == council.id).order_by(col(Committee.name))))


def add_committee(db: Session, *, actor: User, council: Council, name: str) -> Committee:
    """The coordinator adds a committee of the municipality's politicians (names are unique per council)."""
    require(is_coordinator(actor) and council.municipality_id == actor.municipality_id)
    name = _name(name)
    if any(c.name.casefold() == name.casefold() for c in committees_of(db, council)):
        raise InvalidInput(_l("There is a committee with that name already."), field="name")
    committee = Committee(municipality_id=council.municipality_id, council_id=council.id, name=name)
    db.add(committee)
    db.flush()
    return committee


def committee_of_municipality(db: Session, municipality_id: int, committee_id: object) -> Committee:
    """A committee of the municipality; NotFound for any other."""
    return owned(db, Committee, committee_id, municipality_id=municipality_id)


def add_respondent(db: Session, *, committee: Committee, person: User) -> None:
    """A respondent answers for the committee (the admin chose it when inviting them)."""
    if person.role != Role.RESPONDENT or person.municipality_id != committee.municipality_id:
        raise NotFound
    exists = db.exec(
        select(CommitteeRespondent.id).where(
            CommitteeRespondent.committee_id == committee.id, CommitteeRespondent.user_id == person.id
        )
    ).first()
    if exists is None:
        db.add(
            CommitteeRespondent(municipality_id=committee.municipality_id, committee_id=committee.id, user_id=person.id)
        )
        db.flush()


def committees_of_respondent(db: Session, person: User) -> list[Committee]:
    """The committees a respondent answers for, by name."""
    return list(
        db.exec(
            select(Committee)
            .join(CommitteeRespondent, col(CommitteeRespondent.committee_id) == Committee.id)
            .where(CommitteeRespondent.user_id == person.id, Committee.municipality_id == person.municipality_id)
            .order_by(col(Committee.name))
        )
    )


def respondent_ids(db: Session, committee_id: uuid.UUID) -> list[uuid.UUID]:
    """The committee's active respondents: they hear of causes sent to it."""
    return list(
        db.exec(
            select(User.id)
            .join(CommitteeRespondent, col(CommitteeRespondent.user_id) == User.id)
            .where(
                CommitteeRespondent.committee_id == committee_id,
                User.role == Role.RESPONDENT,
                User.status == AccountStatus.ACTIVE,
            )
        )
    )


def send_to_committee(db: Session, *, actor: User, cause: Cause, committee: Committee, today: date) -> None:
    """The coordinator sends a chosen cause to the committee that is to answer it; it goes on the timeline, its
    followers hear of it and so do the committee's respondents."""
    require(is_coordinator(actor) and cause.municipality_id == actor.municipality_id)
    require(cause.status in SENDABLE and cause.official_answer is None)
    if committee.municipality_id != cause.municipality_id:
        raise NotFound
    if cause.committee_id == committee.id:
        raise InvalidInput(_l("It is with that committee already."), field="committee_id")
    cause.committee_id = committee.id
    cause.last_activity_at = utcnow()
    db.add(cause)
    db.add(
        CauseUpdate(
            municipality_id=cause.municipality_id,
            cause_id=cause.id,
            author_id=actor.id,
            kind=UpdateKind.COMMITTEE,
            text=committee.name,
            happened_on=today,
        )
    )
    db.flush()
    notify_followers(db, cause=cause, kind="council_update", actor=actor)
    for user_id in respondent_ids(db, committee.id):
        notifications.notify(
            db, user=user_id, kind="council_committee", link=f"/council/answers/{cause.id}", about_id=cause.id
        )


# --- progress and milestones ---------------------------------------------------------------------------


def set_progress(db: Session, *, actor: User, cause: Cause, progress: int | None) -> None:
    """The coordinator's figure for how far the cause has come, 0 to 100 %."""
    require(is_coordinator(actor) and cause.municipality_id == actor.municipality_id)
    require(cause.status in FOLLOW_THROUGH)
    if progress is None or not 0 <= progress <= 100:
        raise InvalidInput(_l("Please choose a number from %(low)d to %(high)d.", low=0, high=100), field="progress")
    cause.progress = progress
    db.add(cause)


def milestones_of(db: Session, cause_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Milestone]]:
    """The causes' milestones, by date, in one query."""
    found: dict[uuid.UUID, list[Milestone]] = {cause_id: [] for cause_id in cause_ids}
    for row in db.exec(
        select(Milestone)
        .where(col(Milestone.cause_id).in_(cause_ids))
        .order_by(col(Milestone.due_on), col(Milestone.created_at))
    ):
        found[row.cause_id].append(row)
    return found


def add_milestone(db: Session, *, actor: User, cause: Cause, title: str, due_on: date | None) -> Milestone:
    """The coordinator plans a step of the cause with its date (shown on its public page)."""
    require(is_coordinator(actor) and cause.municipality_id == actor.municipality_id)
    require(cause.status in FOLLOW_THROUGH)
    title = _name(title, "title")
    if due_on is None:
        raise InvalidInput(_l("Please fill this in."), field="due_on")
    milestone = Milestone(municipality_id=cause.municipality_id, cause_id=cause.id, title=title, due_on=due_on)
    db.add(milestone)
    db.flush()
    return milestone


def mark_milestone(db: Session, *, actor: User, milestone: Milestone, done: bool, today: date) -> None:
    """The coordinator marks a milestone reached today (or not reached after all)."""
    require(is_coordinator(actor) and milestone.municipality_id == actor.municipality_id)
    milestone.done_on = today if done else None
    db.add(milestone)


# --- the respondent and the official answer ------------------------------------------------------------


def causes_for_respondent(db: Session, actor: User) -> list[tuple[Cause, Committee]]:
    """The causes sent to the respondent's committees: those still waiting for an answer first, then by title."""
    if not is_respondent(actor):
        raise NotFound
    rows = db.exec(
        select(Cause, Committee)
        .join(Committee, col(Committee.id) == Cause.committee_id)
        .join(CommitteeRespondent, col(CommitteeRespondent.committee_id) == Committee.id)
        .where(
            CommitteeRespondent.user_id == actor.id,
            Cause.municipality_id == actor.municipality_id,
            col(Cause.status).in_(FOLLOW_THROUGH),
        )
    ).all()
    return sorted(
        ((cause, committee) for cause, committee in rows),
        key=lambda row: (row[0].official_answer is not None, row[0].title),
    )


def cause_for_respondent(db: Session, actor: User, cause_id: object) -> tuple[Cause, Committee]:
    """A cause sent to one of the respondent's committees; NotFound for everything else and everyone else."""
    for cause, committee in causes_for_respondent(db, actor):
        if str(cause.id) == str(cause_id):
            return cause, committee
    raise NotFound


def post_official_answer(db: Session, *, actor: User, cause: Cause, text: str, today: date) -> CauseUpdate:
    """The committee's official answer, posted once by one of its respondents: shown on the cause and its public
    page, the cause is then "answered"; its followers and the coordinators hear of it."""
    cause, _committee = cause_for_respondent(db, actor, cause.id)
    require(cause.status in ANSWERABLE and cause.official_answer is None)
    text = clean_text(text)
    if not text:
        raise InvalidInput(_l("Please write the answer first."), field="text")
    if len(text) > ANSWER_LIMIT:
        raise InvalidInput(too_long(ANSWER_LIMIT), field="text")
    now = utcnow()
    cause.official_answer = text
    cause.official_answer_at = now
    cause.last_activity_at = now
    update = CauseUpdate(
        municipality_id=cause.municipality_id,
        cause_id=cause.id,
        author_id=actor.id,
        kind=UpdateKind.ANSWER,
        text=text,
        happened_on=today,
    )
    if cause.status != S.ANSWERED:
        cause.status = S.ANSWERED
        update.status = S.ANSWERED
    db.add(cause)
    db.add(update)
    db.flush()
    notify_followers(db, cause=cause, kind="council_update", actor=actor)
    for user_id in coordinator_ids(db, cause.municipality_id):
        notifications.notify(
            db, user=user_id, kind="council_official_answer", link=f"/council/causes/{cause.id}", about_id=cause.id
        )
    return update
