"""The youth council (ungebyråd): councils, terms, membership, and who may see and do what.

The "council access" section below is the one place that decides who takes part and what they may do; every
council route and domain function asks it. Members (young people with the member flag) and coordinators
(professionals with the coordinator flag) of the council's municipality take part; everyone else, admins
included, gets NotFound. A draft is its author's alone. The public page (when the council has one) is the
only council page anyone else can read.

Proposals, support, comments and follow-through are in council_causes.py, voting rounds in council_rounds.py
and the paginated lists in council_lists.py.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from youthvoice.core.danish_calendar import local_midnight as local_midnight  # council dates are Danish dates
from youthvoice.core.danish_calendar import local_today as local_today
from youthvoice.core.db import owned
from youthvoice.core.errors import InvalidInput, NotAllowed, NotFound
from youthvoice.core.model import utcnow
from youthvoice.council.models import (
    Cause,
    CauseStatus,
    Comment,
    Council,
    CouncilMembership,
    Term,
    VotingRound,
)
from youthvoice.identity import accounts
from youthvoice.identity.models import AccountStatus, InviteKind, Municipality, Role, User
from youthvoice.privacy import audit

# What this area tells people about (notify.notifications); the words never carry content.
NOTIFICATION_KINDS = {
    "council_status": _l("A cause you follow has a new status"),
    "council_update": _l("There is news on a cause you follow"),
    "council_round": _l("There is a vote in the youth council"),
    "council_result": _l("The result of a youth council vote is ready"),
    "council_no_result": _l("A youth council vote has ended without a result: too few voted"),
    "council_proposal": _l("There is a new proposal in the youth council"),
    "council_discussing": _l("The council has started discussing your proposal"),
    "council_committee": _l("The youth council has sent a cause to your committee"),
    "council_official_answer": _l("A committee has answered a cause of the youth council"),
    "council_flag": _l("A member asked you to look at a comment"),
    "council_merge": _l("You are asked whether your proposal may be merged with another"),
}
# The same, in the notification list behind log-in, naming the cause (its title; a push never carries it).
NOTIFICATIONS_ABOUT = {
    "council_status": _l("“%(name)s” has a new status"),
    "council_update": _l("There is news on “%(name)s”"),
    "council_proposal": _l("New proposal in the youth council: “%(name)s”"),
    "council_discussing": _l("The council has started discussing your proposal “%(name)s”"),
    "council_committee": _l("The youth council has sent “%(name)s” to your committee"),
    "council_official_answer": _l("The committee has answered “%(name)s”"),
    "council_flag": _l("A member asked you to look at a comment on “%(name)s”"),
    "council_merge": _l("May “%(name)s” be merged with another proposal?"),
}

MAX_THRESHOLD = 100  # supports that start a proposal's discussion by themselves
MEMBER_REMOVED = "council_member_removed"  # audit actions of the council
COMMENT_HIDDEN = "council_comment_hidden"
COMMENT_SHOWN = "council_comment_shown"  # a hidden comment shown again
MERGE_ASKED = "council_merge_asked"  # merging two proposals was proposed
MERGE_ANSWERED = "council_merge_answered"  # an author said yes or no to it
MERGE_DONE = "council_merge_done"  # both said yes: the proposals were merged


# --- dates ---------------------------------------------------------------------------------------------


def first_name(person: User) -> str:
    """The first word of a display name: all the public page ever shows of a member."""
    return (person.display_name.split() or [""])[0]


# --- council access: who takes part, who sees what, who may do what ------------------------------------


def is_member(actor: User | None) -> bool:
    """An active young person on the youth council of their municipality."""
    return bool(actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active
                and actor.role == Role.YOUNG_PERSON and actor.is_council_member)


def is_coordinator(actor: User | None) -> bool:
    """An active professional who coordinates the youth council of their municipality."""
    return bool(actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active
                and actor.role == Role.PROFESSIONAL and actor.is_coordinator)


def takes_part(actor: User | None) -> bool:
    """A member or a coordinator: the only people the council pages exist for."""
    return is_member(actor) or is_coordinator(actor)


def council_or_none(db: Session, actor: User | None) -> Council | None:
    """The council of the actor's municipality (None if it has not been set up); NotFound for non-participants."""
    if not takes_part(actor):
        raise NotFound
    assert actor is not None
    params = {"municipality_id": actor.municipality_id}
    if db.info.get("write", True):
        return db.exec(_council_query(), params=params).first()
    # A page that only reads (a session that never writes, db.get_session) asks for the council and its
    # terms in one statement: nearly every council page shows the current term. `terms_of` answers from it.
    rows = db.exec(_council_and_terms_query(), params=params).all()
    if not rows:
        return None
    council = rows[0][0]
    db.info.setdefault(_TERMS_READ, {})[council.id] = [term for _council, term in rows if term is not None]
    return council


_TERMS_READ = "yv_council_terms"  # db.info: council id -> its terms, read along with the council


@cache
def _council_query() -> Any:
    # Built once, run with a parameter: every council page asks (like the statements below).
    return select(Council).where(Council.municipality_id == bindparam("municipality_id"))


@cache
def _council_and_terms_query() -> Any:
    return (select(Council, Term).outerjoin(Term, col(Term.council_id) == Council.id)
            .where(Council.municipality_id == bindparam("municipality_id"))
            .order_by(col(Term.starts_on).desc()))


@cache
def _terms_query() -> Any:
    return select(Term).where(Term.council_id == bindparam("council_id")).order_by(col(Term.starts_on).desc())


def council_for(db: Session, actor: User | None) -> Council:
    """The council the actor takes part in; NotFound for everyone else."""
    council = council_or_none(db, actor)
    if council is None:
        raise NotFound
    return council


def require_coordinator(actor: User | None) -> None:
    """Coordinator-only pages do not exist for anyone else."""
    if not is_coordinator(actor):
        raise NotFound


def require(allowed: bool) -> None:
    """An action the person may not take on something they can see."""
    if not allowed:
        raise NotAllowed


def term_for(db: Session, actor: User, term_id: object) -> Term:
    """A term of the actor's own council."""
    council = council_for(db, actor)
    return owned(db, Term, term_id, council_id=council.id, municipality_id=actor.municipality_id)


def cause_for(db: Session, actor: User, cause_id: object) -> Cause:
    """A cause of the actor's own council; a draft only for its author."""
    council_for(db, actor)
    cause = owned(db, Cause, cause_id, municipality_id=actor.municipality_id)
    if cause.status == CauseStatus.DRAFT and cause.author_id != actor.id:
        raise NotFound
    return cause


def comment_for(db: Session, actor: User, comment_id: object) -> Comment:
    """A comment on a cause the actor may see."""
    comment = owned(db, Comment, comment_id, municipality_id=actor.municipality_id)
    cause_for(db, actor, comment.cause_id)
    return comment


def round_for(db: Session, actor: User, round_id: object) -> VotingRound:
    """A voting round of the actor's own council."""
    council_for(db, actor)
    return owned(db, VotingRound, round_id, municipality_id=actor.municipality_id)


def member_for(db: Session, actor: User, user_id: object) -> User:
    """A member (current or invited) of the coordinator's council."""
    require_coordinator(actor)
    person = owned(db, User, user_id, municipality_id=actor.municipality_id, role=Role.YOUNG_PERSON)
    if not person.is_council_member:
        raise NotFound
    return person


S = CauseStatus
FOLLOW_THROUGH = (S.CHOSEN, S.IN_PROGRESS, S.PRESENTED, S.ANSWERED, S.ACHIEVED, S.NOT_ACHIEVED)
FINISHED = (S.ACHIEVED, S.NOT_ACHIEVED)
# The lifecycle of a chosen mærkesag: the coordinator moves it one step at a time.
NEXT_STATUSES: dict[CauseStatus, tuple[CauseStatus, ...]] = {
    S.CHOSEN: (S.IN_PROGRESS, S.PRESENTED),
    S.IN_PROGRESS: (S.PRESENTED,),
    S.PRESENTED: (S.ANSWERED,),
    S.ANSWERED: (S.ACHIEVED, S.NOT_ACHIEVED),
}


def term_is_open(term: Term, today: date) -> bool:
    """New proposals, support, comments and votes belong to a term that has not ended."""
    return today <= term.ends_on


@dataclass(frozen=True)
class CauseAbilities:
    """What a person may do with one cause, for the page to show and the domain functions to check."""

    edit: bool
    support: bool
    comment: bool
    moderate: bool
    start_discussion: bool
    post_update: bool
    change_status: bool
    propose_merge: bool  # propose merging this proposal into another (a duplicate)


# Proposals that can still be merged: shared, and not yet on a ballot or chosen.
MERGEABLE = (CauseStatus.SUBMITTED, CauseStatus.DISCUSSING)


def abilities(actor: User, cause: Cause, term: Term, today: date) -> CauseAbilities:
    """The rules for one cause, in one place."""
    open_term = term_is_open(term, today)
    shared = cause.status not in (CauseStatus.DRAFT, CauseStatus.MERGED)  # a merged one is read, not added to
    return CauseAbilities(
        edit=(cause.author_id == actor.id and is_member(actor) and open_term
              and cause.status in (CauseStatus.DRAFT, CauseStatus.SUBMITTED)),
        support=is_member(actor) and shared and open_term,
        comment=takes_part(actor) and shared and open_term,
        moderate=is_coordinator(actor),
        start_discussion=is_coordinator(actor) and open_term and cause.status == CauseStatus.SUBMITTED,
        # Follow-through goes on after the term ends: politicians often answer later.
        post_update=takes_part(actor) and cause.status in FOLLOW_THROUGH,
        change_status=is_coordinator(actor) and bool(NEXT_STATUSES.get(CauseStatus(cause.status))),
        propose_merge=(open_term and cause.status in MERGEABLE
                       and (is_coordinator(actor) or (is_member(actor) and cause.author_id == actor.id))),
    )


# --- councils and terms --------------------------------------------------------------------------------


def terms_of(db: Session, council: Council) -> list[Term]:
    """Newest first."""
    read_along = db.info.get(_TERMS_READ, {}).get(council.id)
    if read_along is not None:
        return list(read_along)
    return list(db.exec(_terms_query(), params={"council_id": council.id}))


def current_term(db: Session, council: Council, today: date) -> Term | None:
    """The term running today; else the one that ended last; else the next to start."""
    terms = terms_of(db, council)
    running = [t for t in terms if t.starts_on <= today <= t.ends_on]
    started = [t for t in terms if t.starts_on <= today]
    found = running or started or list(reversed(terms))
    return found[0] if found else None


def _check_term_dates(db: Session, council: Council, starts_on: date, ends_on: date) -> None:
    if ends_on <= starts_on:
        raise InvalidInput(_l("The end must come after the start."), field="ends_on")
    for other in terms_of(db, council):
        if starts_on <= other.ends_on and other.starts_on <= ends_on:
            raise InvalidInput(_l("These dates overlap another term."), field="starts_on")


def create_council(db: Session, *, actor: User, name: str, term_name: str, starts_on: date,
                   ends_on: date) -> Council:
    """A coordinator sets up their municipality's council with its first term."""
    require_coordinator(actor)
    if council_or_none(db, actor) is not None:
        raise NotAllowed
    council = Council(municipality_id=actor.municipality_id, name=name)
    db.add(council)
    db.flush()
    add_term(db, actor=actor, council=council, name=term_name, starts_on=starts_on, ends_on=ends_on)
    return council


def update_settings(db: Session, *, actor: User, council: Council, name: str, public_page: bool,
                    support_threshold: int | None = None) -> None:
    """The council's name, whether it has a public page, and how many supports start a proposal's discussion."""
    require_coordinator(actor)
    if support_threshold is not None and not 1 <= support_threshold <= MAX_THRESHOLD:
        raise InvalidInput(_l("Please choose a number from %(low)d to %(high)d.", low=1, high=MAX_THRESHOLD),
                           field="support_threshold")
    council.name = name
    council.public_page = public_page
    council.support_threshold = support_threshold
    db.add(council)


def add_term(db: Session, *, actor: User, council: Council, name: str, starts_on: date, ends_on: date) -> Term:
    """A new term (e.g. the next school year); terms never overlap."""
    require_coordinator(actor)
    _check_term_dates(db, council, starts_on, ends_on)
    term = Term(municipality_id=council.municipality_id, council_id=council.id, name=name, starts_on=starts_on,
                ends_on=ends_on)
    db.add(term)
    db.flush()
    return term


# --- membership ----------------------------------------------------------------------------------------


def membership_of(db: Session, council: Council, person: User, *, create: bool = False) -> CouncilMembership | None:
    """The member's membership row (made on first need for members flagged before it existed)."""
    row = db.exec(select(CouncilMembership).where(CouncilMembership.council_id == council.id,
                                                  CouncilMembership.user_id == person.id)).first()
    if row is None and create:
        row = CouncilMembership(municipality_id=council.municipality_id, council_id=council.id, user_id=person.id)
        db.add(row)
        db.flush()
    return row


def members_of(db: Session, council: Council) -> list[User]:
    """Current and invited members, by name."""
    return list(db.exec(
        select(User).where(User.municipality_id == council.municipality_id, User.role == Role.YOUNG_PERSON,
                           col(User.is_council_member).is_(True), User.status != AccountStatus.DEACTIVATED)
        .order_by(col(User.display_name))
    ))


def coordinator_ids(db: Session, municipality_id: int) -> list[uuid.UUID]:
    """The council's active coordinators: they hear of new proposals."""
    return list(db.exec(
        select(User.id).where(User.municipality_id == municipality_id, User.role == Role.PROFESSIONAL,
                              col(User.is_coordinator).is_(True), User.status == AccountStatus.ACTIVE)
    ))


def cause_titles(db: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Shared causes' titles by id, for the notification list (drafts and ids of anything else are left out)."""
    return dict(db.exec(select(Cause.id, Cause.title)
                        .where(col(Cause.id).in_(ids), Cause.status != CauseStatus.DRAFT)).all())


def public_titles(db: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The titles of those causes that are on their council's public page, by id: all an email may say of a cause."""
    return dict(db.exec(
        select(Cause.id, Cause.title).join(Term, col(Term.id) == Cause.term_id)
        .join(Council, col(Council.id) == Term.council_id)
        .where(col(Cause.id).in_(ids), col(Cause.status).in_(FOLLOW_THROUGH), col(Council.public_page).is_(True),
               Term.starts_on <= local_today())).all())


def active_member_ids(db: Session, council: Council) -> list[uuid.UUID]:
    """Members who can log in today: the ones who vote and hear news."""
    return list(db.exec(
        select(User.id).where(User.municipality_id == council.municipality_id, User.role == Role.YOUNG_PERSON,
                              col(User.is_council_member).is_(True), User.status == AccountStatus.ACTIVE)
    ))


def invite_member(db: Session, *, actor: User, council: Council, display_name: str, birth_date: date,
                  invite_days: int) -> accounts.IssuedInvite:
    """A new young person on the council: an account with the member role and a one-time invite link."""
    require_coordinator(actor)
    person = accounts.create_person(db, municipality_id=council.municipality_id, role=Role.YOUNG_PERSON,
                                    display_name=display_name, birth_date=birth_date, is_council_member=True)
    membership_of(db, council, person, create=True)
    return accounts.issue_invite(db, person=person, created_by=actor, kind=InviteKind.ACCOUNT,
                                 lifetime=timedelta(days=invite_days))


def remove_member(db: Session, *, actor: User, council: Council, member: User) -> None:
    """The member leaves the council; what they wrote stays, with their name, for the rest of the council."""
    require_coordinator(actor)
    member.is_council_member = False
    db.add(member)
    row = membership_of(db, council, member, create=True)
    assert row is not None
    row.left_at = utcnow()
    db.add(row)
    audit.record(session=db, action=MEMBER_REMOVED, actor=actor, subject=member, object_type="council",
                 object_id=council.id)


def set_public_name(db: Session, *, actor: User, council: Council, show: bool) -> None:
    """The member's own choice: may the public page show their first name?"""
    require(is_member(actor))
    row = membership_of(db, council, actor, create=True)
    assert row is not None
    row.show_name_publicly = show
    db.add(row)


def public_council(db: Session, slug: str) -> tuple[Municipality, Council]:
    """A council with a public page; NotFound otherwise."""
    municipality = db.exec(select(Municipality).where(Municipality.slug == slug[:40])).first()
    if municipality is None:
        raise NotFound
    council = db.exec(select(Council).where(Council.municipality_id == municipality.id)).first()
    if council is None or not council.public_page:
        raise NotFound
    return municipality, council
