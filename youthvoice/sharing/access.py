"""Who may see what: the one place every route asks.

Everything a young person writes is theirs; someone else sees a piece of it only while the young person
shares it with them. Across municipalities nothing is ever visible. A refusal is always NotFound (a 404),
never a 403 that would confirm the thing exists.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import bindparam
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from youthvoice.core.db import owned, parse_id
from youthvoice.core.errors import NotFound
from youthvoice.identity.models import AccountStatus, Handover, Link, Municipality, Role, User
from youthvoice.meetings.models import (
    Decision,
    Meeting,
    MeetingDecision,
    MeetingParticipant,
    VoiceAnswerTo,
    VoiceRecording,
)
from youthvoice.network.models import Goal, Step
from youthvoice.privacy import words
from youthvoice.sharing.models import ALL_PARTS, CONTENT_PARTS, Share, SharePart, ShareScope, parts_of


def is_linked(db: Session, young_person_id: uuid.UUID, other_id: uuid.UUID) -> bool:
    """Whether `other` is one of the young person's own people right now."""
    return (
        db.exec(
            select(Link.id).where(Link.young_person_id == young_person_id, Link.other_id == other_id,
                                  col(Link.ended_at).is_(None))
        ).first()
        is not None
    )


def person_for(db: Session, actor: User, person_id: object) -> User:
    """A person's account (name, role, status; never their content) as `actor` may see it.

    The person themself; an admin of the same municipality; a professional linked to the young person.
    """
    person = owned(db, User, person_id, municipality_id=actor.municipality_id)
    if not actor.is_active:
        raise NotFound
    if person.id == actor.id or actor.is_admin:
        return person
    if (actor.is_professional or actor.is_bisidder) and person.role == Role.YOUNG_PERSON \
            and is_linked(db, person.id, actor.id):
        return person
    raise NotFound


class CaseloadRow(NamedTuple):
    """What the professional's list of young people shows of each: name, age and account status."""

    id: uuid.UUID
    display_name: str
    birth_date: date | None
    status: str


def young_people_of(db: Session, professional: User) -> list[CaseloadRow]:
    """The young people a professional works with, in their own municipality (plain columns: only shown)."""
    rows = db.connection().execute(_caseload_query(), {"professional_id": professional.id,
                                                        "municipality_id": professional.municipality_id})
    return [CaseloadRow(*row) for row in rows]


@cache
def _caseload_query() -> Any:
    return linked_young_people_with_parameters().order_by(col(User.display_name))


def linked_young_people_with_parameters() -> Select:
    """The rule behind `young_people_of` as (id, name, birth date, status) rows to build on, with the professional
    left as the parameters `professional_id` and `municipality_id` (the caseload list adds its counts to it)."""
    return (
        select(User.id, User.display_name, col(User.birth_date), User.status)
        .join(Link, col(Link.young_person_id) == User.id)
        .where(Link.other_id == bindparam("professional_id"), col(Link.ended_at).is_(None),
               User.municipality_id == bindparam("municipality_id"))
    )


def professionals_of(db: Session, young_person: User) -> list[User]:
    """The active professionals linked to a young person (a deactivated one can be shared with no more)."""
    return list(db.exec(_professionals_query(), params={"young_person_id": young_person.id,
                                                        "municipality_id": young_person.municipality_id}))


@cache
def _professionals_query() -> Any:
    # Built once, run with parameters: the young person's home and every sharing page ask.
    return (
        select(User)
        .join(Link, col(Link.other_id) == User.id)
        .where(Link.young_person_id == bindparam("young_person_id"), col(Link.ended_at).is_(None),
               User.role == Role.PROFESSIONAL, User.municipality_id == bindparam("municipality_id"),
               User.status == "active")
        .order_by(col(User.display_name))
    )


def own_professional(db: Session, young_person: User, professional_id: object) -> User:
    """One of the young person's own professionals (for a preview of what they see), or NotFound."""
    person = next((p for p in professionals_of(db, young_person) if str(p.id) == str(professional_id)), None)
    if person is None:
        raise NotFound
    return person


def bisidders_of(db: Session, young_person: User) -> list[User]:
    """The young person's bisidders (invited or active): with their professionals, whom they can share with."""
    return list(db.exec(
        select(User).join(Link, col(Link.other_id) == User.id)
        .where(Link.young_person_id == young_person.id, col(Link.ended_at).is_(None), User.role == Role.BISIDDER,
               col(User.status) != AccountStatus.DEACTIVATED)
        .order_by(col(User.display_name))
    ))


# --- the shares in force


def active_share(db: Session, *, owner_id: uuid.UUID, grantee_id: uuid.UUID, scope: ShareScope,
                 meeting_id: uuid.UUID | None = None) -> Share | None:
    """The share that is in force right now, if any."""
    query = select(Share).where(Share.owner_id == owner_id, Share.grantee_id == grantee_id, Share.scope == scope,
                                col(Share.withdrawn_at).is_(None))
    if meeting_id is not None:
        query = query.where(Share.meeting_id == meeting_id)
    return db.exec(query).first()


def meeting_shares(db: Session, meeting: Meeting) -> list[Share]:
    """The active shares of one meeting."""
    return list(db.exec(
        select(Share).where(Share.meeting_id == meeting.id, col(Share.withdrawn_at).is_(None))
    ))


# --- a young person's meetings and decisions ------------------------------------------------------------

SHARE_RECEIVING_ROLES = (Role.PROFESSIONAL, Role.BISIDDER)


def may_receive_shares(db: Session, owner: User, grantee: User) -> bool:
    """Only the young person's own, active people in the same municipality can be shared with."""
    return (
        grantee.is_active
        and grantee.role in SHARE_RECEIVING_ROLES
        and grantee.municipality_id == owner.municipality_id
        and is_linked(db, owner.id, grantee.id)
    )


@dataclass(frozen=True)
class MeetingAccess:
    """What one person may see of one meeting. The owner sees everything."""

    meeting: Meeting
    owner: User
    actor: User
    parts: frozenset[str]
    is_participant: bool

    @property
    def is_owner(self) -> bool:
        return self.actor.id == self.owner.id

    def sees(self, part: str) -> bool:
        return part in self.parts

    @property
    def sees_content(self) -> bool:
        """More than the time and place: some of the young person's own words."""
        return bool(self.parts & set(CONTENT_PARTS))


def meeting_for(db: Session, actor: User, meeting_id: object, *, log_view: bool = True) -> MeetingAccess:
    """A meeting as `actor` may see it, or NotFound. A view by anyone but the owner is logged first."""
    meeting = owned(db, Meeting, meeting_id, municipality_id=actor.municipality_id)
    if not actor.is_active:
        raise NotFound
    owner = db.get(User, meeting.owner_id)
    if owner is None or not owner.is_active:
        raise NotFound
    if owner.id == actor.id:
        return MeetingAccess(meeting, owner, actor, frozenset(ALL_PARTS), is_participant=True)
    if not may_receive_shares(db, owner, actor):
        raise NotFound
    share = active_share(db, owner_id=owner.id, grantee_id=actor.id, scope=ShareScope.MEETING,
                         meeting_id=meeting.id)
    if share is None:
        raise NotFound
    participant = db.get(MeetingParticipant, (meeting.id, actor.id)) is not None
    if log_view:
        words.note_view(db, actor=actor, owner=owner, object_type="meeting",
                     object_id=meeting.id)
    return MeetingAccess(meeting, owner, actor, parts_of(share), is_participant=participant)


def own_meeting(db: Session, actor: User, meeting_id: object) -> MeetingAccess:
    """A meeting the actor owns (the young person's own pages); anything else is NotFound."""
    access = meeting_for(db, actor, meeting_id, log_view=False)
    if not access.is_owner:
        raise NotFound
    return access


def visible_meetings(professional: User) -> Select:
    """The rule behind `meetings_visible_to`, as a query of (Meeting, owner User, Share) rows to build on.

    A meeting is visible while its young person (active, same municipality, linked to the professional) has an
    active meeting share with the professional. The query starts from the professional's shares (an indexed
    look-up), so its cost follows what is shared with them, not the size of the municipality.
    """
    return _visible_meetings(professional.id, professional.municipality_id)


def visible_meetings_with_parameters() -> Select:
    """`visible_meetings` with the professional left as the parameters `professional_id` and `municipality_id`,
    for statements that are built once and run many times (the dashboard's lists)."""
    return _visible_meetings(bindparam("professional_id"), bindparam("municipality_id"))


def _visible_meetings(professional_id: Any, municipality_id: Any) -> Select:
    linked = select(Link.young_person_id).where(Link.other_id == professional_id, col(Link.ended_at).is_(None))
    return (
        select(Meeting, User, Share)
        .select_from(Share)
        .join(Meeting, col(Meeting.id) == Share.meeting_id)
        .join(User, col(User.id) == Meeting.owner_id)
        .where(Share.grantee_id == professional_id, col(Share.withdrawn_at).is_(None),
               Share.scope == ShareScope.MEETING,
               Meeting.municipality_id == municipality_id,
               col(Meeting.owner_id).in_(linked),
               col(User.status) == "active")
    )


def meetings_visible_to(db: Session, professional: User, young_person: User | None = None) -> list[Meeting]:
    """Meetings a professional takes part in or has been shown, of young people linked to them (each one's time
    and place is logged as seen)."""
    query = visible_meetings(professional).order_by(col(Meeting.starts_at))
    if young_person is not None:
        query = query.where(Meeting.owner_id == young_person.id)
    found: dict[uuid.UUID, Meeting] = {}
    for meeting, owner, _share in db.exec(query):
        if meeting.id not in found:
            found[meeting.id] = meeting
            words.note_view(db, actor=professional, owner=owner, object_type="meeting", object_id=meeting.id)
    return list(found.values())


def decision_for(db: Session, actor: User, decision_id: object) -> tuple[Decision, User]:
    """A decision as `actor` may see it: the owner, or someone a meeting with it is shared with (decisions part)."""
    decision = owned(db, Decision, decision_id, municipality_id=actor.municipality_id)
    if not actor.is_active:
        raise NotFound
    owner = db.get(User, decision.owner_id)
    if owner is None or not owner.is_active:
        raise NotFound
    if owner.id == actor.id:
        return decision, owner
    if not may_receive_shares(db, owner, actor):
        raise NotFound
    meetings = select(MeetingDecision.meeting_id).where(MeetingDecision.decision_id == decision.id)
    shares = db.exec(select(Share).where(Share.grantee_id == actor.id, col(Share.withdrawn_at).is_(None),
                                         col(Share.meeting_id).in_(meetings))).all()
    if not any(SharePart.DECISIONS in parts_of(share) for share in shares):
        raise NotFound
    words.note_view(db, actor=actor, owner=owner, object_type="decision",
                 object_id=decision.id)
    return decision, owner


# --- her voice answers: heard by whoever may see the item they answer -------------------------------------

# The part of a meeting each kind of item is in; a wish or decision is seen as decisions are (decision_for).
VOICE_PARTS = {VoiceAnswerTo.POINT: SharePart.PREPARATION, VoiceAnswerTo.QUESTION: SharePart.PREPARATION,
               VoiceAnswerTo.DISAGREEMENT: SharePart.DECISIONS, VoiceAnswerTo.AFTER: SharePart.AFTER,
               VoiceAnswerTo.NEXT_STEP: SharePart.AFTER}


def recording_for(db: Session, actor: User, recording_id: object) -> VoiceRecording:
    """A voice recording as `actor` may hear it: its owner, or whoever may see the item it answers (the same share,
    the same part), else NotFound. The recording is logged as seen when its sealed bytes are opened (words.py), with
    the meeting it is part of."""
    recording = owned(db, VoiceRecording, recording_id, municipality_id=actor.municipality_id)
    if not actor.is_active:
        raise NotFound
    if recording.owner_id == actor.id:
        return recording
    if recording.answers in (VoiceAnswerTo.STEP, VoiceAnswerTo.GOAL):
        if not _hears_small_step(db, actor, recording):
            raise NotFound
        return recording
    if recording.answers == VoiceAnswerTo.DECISION:
        decision_for(db, actor, recording.item_id)
        return recording
    part = VOICE_PARTS.get(VoiceAnswerTo(recording.answers))
    if part is None or recording.meeting_id is None:
        raise NotFound
    if not meeting_for(db, actor, recording.meeting_id, log_view=False).sees(part):
        raise NotFound
    return recording


def _hears_small_step(db: Session, actor: User, recording: VoiceRecording) -> bool:
    """A recording on one of her small steps or goals: heard by whoever she shares her small steps with (the
    `steps` scope: all of them), and by a supporter exactly where the supporter's page shows the item (an open goal
    of an area she shares with them, and the steps of that area)."""
    if actor.role != Role.SUPPORTER:
        steps_for(db, actor, recording.owner_id, log_view=False)  # NotFound without the share
        return True
    seen = supported_by(db, actor, recording.owner_id, log_view=False)
    item: Goal | Step | None = db.get(Goal, recording.item_id) if recording.answers == VoiceAnswerTo.GOAL \
        else db.get(Step, recording.item_id)
    if item is None or item.owner_id != recording.owner_id or item.area not in seen.areas:
        return False
    open_goal = db.exec(select(Goal.id).where(Goal.owner_id == recording.owner_id, Goal.area == item.area,
                                              col(Goal.reached_on).is_(None))).first()
    return open_goal is not None and (not isinstance(item, Goal) or item.id == open_goal)


# --- a young person's network and small steps (issue 6) --------------------------------------------------


@dataclass(frozen=True)
class OwnerAccess:
    """One person's access to a young person's whole network, or to all their small steps."""

    owner: User
    actor: User
    scope: str

    @property
    def is_owner(self) -> bool:
        return self.actor.id == self.owner.id


def _scope_for(db: Session, actor: User, owner_id: object, scope: ShareScope, *, log_view: bool) -> OwnerAccess:
    owner = owned(db, User, owner_id, municipality_id=actor.municipality_id, role=Role.YOUNG_PERSON)
    if not actor.is_active or not owner.is_active:
        raise NotFound
    if owner.id == actor.id:
        return OwnerAccess(owner, actor, scope)
    if not may_receive_shares(db, owner, actor):
        raise NotFound
    if active_share(db, owner_id=owner.id, grantee_id=actor.id, scope=scope) is None:
        raise NotFound
    if log_view:
        words.note_view(db, actor=actor, owner=owner, object_type=str(scope),
                     object_id=owner.id)
    return OwnerAccess(owner, actor, scope)


def network_for(db: Session, actor: User, owner_id: object, *, log_view: bool = True) -> OwnerAccess:
    """A young person's network as `actor` may see it, or NotFound. A view by anyone but the owner is logged."""
    return _scope_for(db, actor, owner_id, ShareScope.NETWORK, log_view=log_view)


def steps_for(db: Session, actor: User, owner_id: object, *, log_view: bool = True) -> OwnerAccess:
    """A young person's goals, steps and ratings as `actor` may see them, or NotFound. Views by others are logged."""
    return _scope_for(db, actor, owner_id, ShareScope.STEPS, log_view=log_view)


def housing_for(db: Session, actor: User, owner_id: object, *, log_view: bool = True) -> OwnerAccess:
    """A young person's housing wishes as `actor` may see them, or NotFound. Views by others are logged."""
    return _scope_for(db, actor, owner_id, ShareScope.HOUSING, log_view=log_view)


def transition_for(db: Session, actor: User, owner_id: object, *, log_view: bool = True) -> OwnerAccess:
    """A young person's transition plan (its goals, next steps, ticks and dates) as `actor` may see it, or
    NotFound. Views by others are logged."""
    return _scope_for(db, actor, owner_id, ShareScope.TRANSITION, log_view=log_view)


def scopes_shared_with(db: Session, professional: User, young_person: User) -> set[str]:
    """Which of the network, the steps, the housing wishes and the transition plan a young person shares with this
    professional now."""
    if not may_receive_shares(db, young_person, professional) or not young_person.is_active:
        return set()
    rows = db.exec(select(Share.scope).where(Share.owner_id == young_person.id, Share.grantee_id == professional.id,
                                             col(Share.withdrawn_at).is_(None),
                                             col(Share.scope).in_([ShareScope.NETWORK, ShareScope.STEPS,
                                                                   ShareScope.HOUSING, ShareScope.TRANSITION])))
    return set(rows)


# --- supporters from her network (issue 20, "Be my Back") ------------------------------------------------
# A supporter is a limited account she invites from her network. They see nothing of hers but the goals (with
# their steps) of the life areas she shares with them now: never the case, the meetings, the network or anything
# else (they receive no other share: SHARE_RECEIVING_ROLES leaves them out).


def supporters_of(db: Session, young_person: User) -> list[User]:
    """The young person's supporters (invited or active, not ended), whom she can share goals with."""
    return list(db.exec(
        select(User).join(Link, col(Link.other_id) == User.id)
        .where(Link.young_person_id == young_person.id, col(Link.ended_at).is_(None), User.role == Role.SUPPORTER,
               col(User.status) != AccountStatus.DEACTIVATED)
        .order_by(col(User.display_name))
    ))


def own_supporter(db: Session, young_person: User, supporter_id: object) -> User:
    """One of the young person's own supporters, or NotFound."""
    person = next((p for p in supporters_of(db, young_person) if str(p.id) == str(supporter_id)), None)
    if person is None:
        raise NotFound
    return person


def goal_areas_shared(db: Session, *, owner: User, supporter: User) -> frozenset[str]:
    """The life areas whose goals and steps the young person shares with this supporter right now."""
    share = active_share(db, owner_id=owner.id, grantee_id=supporter.id, scope=ShareScope.GOALS)
    return parts_of(share)


@dataclass(frozen=True)
class SupporterAccess:
    """What one supporter may see of one young person: her name, and the goals of the areas she shares now."""

    owner: User
    supporter: User
    areas: frozenset[str]


def supported_by(db: Session, actor: User, young_id: object, *, log_view: bool = True) -> SupporterAccess:
    """A young person as one of her active supporters may see her, or NotFound (anyone else, an ended supporter,
    another municipality). A view of shared goals is logged before it is shown."""
    owner = owned(db, User, young_id, municipality_id=actor.municipality_id, role=Role.YOUNG_PERSON)
    if not actor.is_active or actor.role != Role.SUPPORTER or not owner.is_active:
        raise NotFound
    if not is_linked(db, owner.id, actor.id):
        raise NotFound
    areas = goal_areas_shared(db, owner=owner, supporter=actor)
    if log_view and areas:
        words.note_view(db, actor=actor, owner=owner, object_type=str(ShareScope.GOALS), object_id=owner.id)
    return SupporterAccess(owner, actor, areas)


def young_people_backed_by(db: Session, supporter: User) -> list[User]:
    """The active young people a supporter backs now (their names only)."""
    if supporter.role != Role.SUPPORTER or not supporter.is_active:
        return []
    return list(db.exec(
        select(User).join(Link, col(Link.young_person_id) == User.id)
        .where(Link.other_id == supporter.id, col(Link.ended_at).is_(None), User.status == AccountStatus.ACTIVE,
               User.role == Role.YOUNG_PERSON, User.municipality_id == supporter.municipality_id)
        .order_by(col(User.display_name))
    ))


# --- colleagues, handover and the team's figures (issue 18.2, 18.8) -----------------------------------------


def profile_for(db: Session, actor: User, professional_id: object) -> User:
    """A professional's short profile (name, title, phone hours, a few lines about them; never anyone's content):
    to themself, their municipality's admin, and a young person they work with now. Anyone else: NotFound."""
    person = owned(db, User, professional_id, municipality_id=actor.municipality_id, role=Role.PROFESSIONAL)
    if not actor.is_active or person.status == AccountStatus.DEACTIVATED:
        raise NotFound
    if person.id == actor.id or actor.is_admin:
        return person
    if actor.is_young_person and is_linked(db, actor.id, person.id):
        return person
    raise NotFound


def may_add_colleague(db: Session, actor: User, young_person: User) -> bool:
    """Who may add a professional to a young person: the municipality's admin; a professional who works with the
    young person, when the admin allows colleagues to add colleagues. Adding someone shares nothing."""
    if not actor.is_active or young_person.municipality_id != actor.municipality_id \
            or young_person.role != Role.YOUNG_PERSON:
        return False
    if actor.is_admin:
        return True
    if not actor.is_professional or not is_linked(db, young_person.id, actor.id):
        return False
    town = db.get(Municipality, actor.municipality_id)
    return bool(town and town.colleagues_may_add)


def young_person_for_colleague(db: Session, actor: User, person_id: object) -> User:
    """The young person `actor` may add a colleague to, or NotFound (a professional not allowed: NotFound too)."""
    person = owned(db, User, person_id, municipality_id=actor.municipality_id, role=Role.YOUNG_PERSON)
    if not may_add_colleague(db, actor, person):
        raise NotFound
    return person


def colleague_choices(db: Session, actor: User, young_person: User) -> list[User]:
    """The active professionals of the municipality who do not yet work with the young person."""
    linked = select(Link.other_id).where(Link.young_person_id == young_person.id, col(Link.ended_at).is_(None))
    return list(db.exec(select(User).where(User.municipality_id == actor.municipality_id,
                                           User.role == Role.PROFESSIONAL, User.status == AccountStatus.ACTIVE,
                                           col(User.id).not_in(linked)).order_by(col(User.display_name))))


def active_professional(db: Session, actor: User, professional_id: object) -> User:
    """An active professional of the actor's municipality (someone to hand young people to), or NotFound."""
    person = owned(db, User, professional_id, municipality_id=actor.municipality_id, role=Role.PROFESSIONAL)
    if person.status != AccountStatus.ACTIVE:
        raise NotFound
    return person


def handover_to_write(db: Session, actor: User, handover_id: object) -> Handover:
    """A handover whose note the actor may write: they are the caseworker who left (the note holds only their own
    words, so it is theirs to write, not the young person's page they no longer see)."""
    handover = owned(db, Handover, handover_id, municipality_id=actor.municipality_id)
    if not actor.is_active or not actor.is_professional or handover.from_id != actor.id:
        raise NotFound
    return handover


def handovers_to(db: Session, actor: User, young_person: User) -> list[Handover]:
    """The handover notes written to `actor` about a young person they work with now (opening one is logged)."""
    if not actor.is_professional or not is_linked(db, young_person.id, actor.id):
        return []
    return list(db.exec(select(Handover).where(Handover.young_person_id == young_person.id,
                                               Handover.to_id == actor.id, col(Handover.note_at).is_not(None))
                        .order_by(col(Handover.note_at))))


def sees_team_figures(actor: User) -> bool:
    """The team's receipt figures (counts per caseworker, never a young person's name or words): the admin, and a
    professional the admin made team lead."""
    return actor.is_active and (actor.is_admin or (actor.is_professional and actor.is_team_lead))


def colleague_choices_for_staff(db: Session, actor: User) -> list[User]:
    """The active professionals of the actor's municipality (names and titles, to hand young people to)."""
    return list(db.exec(select(User).where(User.municipality_id == actor.municipality_id,
                                           User.role == Role.PROFESSIONAL, User.status == AccountStatus.ACTIVE)
                        .order_by(col(User.display_name))))


# --- "I would like to help" (issue 19.3): an offer a young person shows to whom she chooses ----------------------


def home_municipality_id(young_person: User) -> int:
    """The young person's home municipality: the one she chose (or her caseworker recorded), else where she lives."""
    return young_person.home_municipality_id or young_person.municipality_id


def home_coordinators(db: Session, young_person: User) -> list[User]:
    """The active youth-council coordinators of the young person's home municipality."""
    return list(db.exec(
        select(User).where(User.municipality_id == home_municipality_id(young_person),
                           User.role == Role.PROFESSIONAL, col(User.is_coordinator).is_(True),
                           User.status == AccountStatus.ACTIVE)
        .order_by(col(User.display_name))
    ))


def offer_recipients(db: Session, young_person: User) -> list[User]:
    """Whom a young person can show her offer to: her own professionals, and her home municipality's coordinators.

    This is the one crossing of the municipality wall: a coordinator of her home municipality, chosen by her.
    """
    people = {person.id: person for person in professionals_of(db, young_person)}
    for coordinator in home_coordinators(db, young_person):
        people.setdefault(coordinator.id, coordinator)
    return sorted(people.values(), key=lambda person: person.display_name)


def may_receive_offer(db: Session, owner: User, grantee: User) -> bool:
    """Whether `grantee` may be shown the young person's offer (if she chooses them)."""
    if not grantee.is_active or grantee.role != Role.PROFESSIONAL:
        return False
    if grantee.is_coordinator and grantee.municipality_id == home_municipality_id(owner):
        return True
    return may_receive_shares(db, owner, grantee)


def offer_for(db: Session, actor: User, owner_id: object, *, log_view: bool = True) -> OwnerAccess:
    """A young person's offer of help as `actor` may see it, or NotFound: the owner, or someone she shows it to
    who may still receive it. A view by anyone else is logged."""
    wanted = parse_id(owner_id)
    owner = db.get(User, wanted) if wanted is not None else None
    if owner is None or owner.role != Role.YOUNG_PERSON or not owner.is_active or not actor.is_active:
        raise NotFound
    if owner.id == actor.id:
        return OwnerAccess(owner, actor, ShareScope.HELP_OFFER)
    if not may_receive_offer(db, owner, actor):
        raise NotFound
    if active_share(db, owner_id=owner.id, grantee_id=actor.id, scope=ShareScope.HELP_OFFER) is None:
        raise NotFound
    if log_view:
        words.note_view(db, actor=actor, owner=owner, object_type=str(ShareScope.HELP_OFFER), object_id=owner.id)
    return OwnerAccess(owner, actor, ShareScope.HELP_OFFER)


def offers_shown_to(db: Session, actor: User) -> list[User]:
    """The young people who show their offer of help to `actor` now (and whom `actor` may still be shown it)."""
    owners = db.exec(
        select(User).join(Share, col(Share.owner_id) == User.id)
        .where(Share.grantee_id == actor.id, Share.scope == ShareScope.HELP_OFFER, col(Share.withdrawn_at).is_(None),
               User.status == AccountStatus.ACTIVE, User.role == Role.YOUNG_PERSON)
        .order_by(col(User.display_name))
    ).all()
    return [owner for owner in owners if may_receive_offer(db, owner, actor)]
