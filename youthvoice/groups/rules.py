"""Peer groups (issue 20.3): who may see and do what in a group, and what they do.

The "group access" section below is the one place that decides who is in a group; every group route and domain
function asks it (as the council's rules do for the council: the access policy in sharing/access.py lies below
this area and never sees groups). A group is its facilitator's (tovholder) and its active members': anyone else,
admins and caseworkers included, gets NotFound. Leaving closes it at once. Nothing of a young person's own case
is ever read here: a group page holds first names, the board's posts and replies, and the group's dates only.
The facilitator may take a member out of the group (closed to her at once, as leaving) and close the group
(read-only for everyone, readable to its members for CLOSED_READABLE more; nothing is deleted).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from youthvoice.core.danish_calendar import DANISH_TIME, age_on
from youthvoice.core.db import owned, parse_id
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.forms import clean_text
from youthvoice.core.model import utcnow
from youthvoice.groups.models import (
    GroupInvite,
    GroupMeeting,
    GroupMember,
    GroupPost,
    GroupPostFlag,
    PeerGroup,
    PostKind,
    RemovedWhy,
)
from youthvoice.identity import accounts, ages
from youthvoice.identity.models import AccountStatus, InviteKind, Role, User
from youthvoice.notify import notifications
from youthvoice.privacy import audit

NOTIFICATION_KINDS = {
    "group_flag": _l("A member asked you to look at a post in your group"),
    "group_reply": _l("Someone replied to your post in a group"),
    "group_removed": _l("You were taken out of a group"),
}
REMOVED_WHY_LABELS = {  # what the facilitator chooses, and what she is shown, in her own language
    RemovedWhy.HURT_OTHERS: _l("Said or did something that hurt others"),
    RemovedWhy.AGREEMENTS: _l("Did not keep the group's agreements"),
    RemovedWhy.OWN_WISH: _l("Asked to be taken out of the group"),
    RemovedWhy.OTHER: _l("Something else"),
}
KIND_LABELS = {
    PostKind.POST: _l("Post"),
    PostKind.TIP: _l("Tip"),
    PostKind.HOUSING_LEAD: _l("Housing lead"),
    PostKind.TASK: _l("Task"),
}
KINDS = tuple(kind.value for kind in PostKind)
NAME_LIMIT = 80
ABOUT_LIMIT = 400
POST_LIMIT = 1000
REASON_LIMIT = 300
PLACE_LIMIT = 120
POST_HIDDEN = "group_post_hidden"  # audit actions of groups
POST_SHOWN = "group_post_shown"
MEMBER_LEFT = "group_member_left"
MEMBER_REMOVED = "group_member_removed"
GROUP_CLOSED = "group_closed"
CLOSED_READABLE = timedelta(days=90)  # a closed group stays readable to its members this long


def first_name(person: User | None) -> str:
    """All a group ever shows of a person: the first word of their name."""
    return ((person.display_name if person else "").split() or [""])[0]


def _clean(text: str | None, field_name: str, limit: int, *, required: bool = True,
           missing: object = None) -> str:
    text = clean_text(text)
    if required and not text:
        raise InvalidInput(str(missing or _l("Please fill this in.")), field=field_name)
    if len(text) > limit:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=limit)), field=field_name)
    return text


# --- group access: who runs a group, who is in it, who sees what ---------------------------------------------


def runs_groups(actor: User | None) -> bool:
    """A facilitator (tovholder), or a professional: they may start and run groups."""
    return bool(actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active
                and actor.role in (Role.FACILITATOR, Role.PROFESSIONAL))


def may_join(actor: User | None) -> bool:
    """A young person in care or a peer not in care, active: the only people who can be members."""
    return bool(actor is not None and getattr(actor, "is_authenticated", False) and actor.is_active
                and actor.role in (Role.YOUNG_PERSON, Role.PEER))


def membership(db: Session, group: PeerGroup, person: User) -> GroupMember | None:
    """The person's current membership (None: not in the group, or left)."""
    return db.exec(select(GroupMember).where(GroupMember.group_id == group.id, GroupMember.user_id == person.id,
                                             col(GroupMember.left_at).is_(None))).first()


@dataclass(frozen=True)
class GroupAccess:
    """A group as `actor` may see it: as its facilitator, or as one of its members."""

    group: PeerGroup
    actor: User
    runs: bool  # the facilitator

    @property
    def closed(self) -> bool:
        return self.group.closed_at is not None

    @property
    def readable_days(self) -> int:
        return CLOSED_READABLE.days

    @property
    def readable_until(self) -> datetime | None:
        """A closed group's last day for its members (its facilitator keeps it, read-only)."""
        return self.group.closed_at + CLOSED_READABLE if self.group.closed_at else None


def _still_readable(group: PeerGroup) -> bool:
    return group.closed_at is None or group.closed_at + CLOSED_READABLE > utcnow()


def group_for(db: Session, actor: User | None, group_id: object) -> GroupAccess:
    """The group, for its facilitator or an active member (while a closed group is still readable); NotFound for
    everyone else (admins included)."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotFound
    group = owned(db, PeerGroup, group_id, municipality_id=actor.municipality_id)
    if runs_groups(actor) and group.facilitator_id == actor.id:
        return GroupAccess(group, actor, runs=True)
    if may_join(actor) and _still_readable(group) and membership(db, group, actor) is not None:
        return GroupAccess(group, actor, runs=False)
    raise NotFound


def _refuse_if_closed(seen: GroupAccess, field_name: str) -> None:
    """A closed group is read-only: nothing new is posted, replied, dated or invited to (what was typed is kept)."""
    if seen.closed:
        raise InvalidInput(str(_l("The group is closed. Nothing new can be added.")), field=field_name)


def run_group(db: Session, actor: User | None, group_id: object) -> GroupAccess:
    """The group, for its facilitator only; NotFound for everyone else (its members too: they cannot see the
    facilitator's tools)."""
    seen = group_for(db, actor, group_id)
    if not seen.runs:
        raise NotFound
    return seen


def post_for(db: Session, seen: GroupAccess, post_id: object) -> GroupPost:
    """A post of the group, for someone who may see the group."""
    return owned(db, GroupPost, post_id, group_id=seen.group.id)


_GROUPS_READ = "yv_in_a_group"


def in_a_group(person_id: Any) -> Any:
    """Whether the person is a member of a group now, as a correlated EXISTS read along with the session row
    (groups/area.py): her home page asks for her groups only when she has any."""
    return (select(GroupMember.id)
            .where(col(GroupMember.user_id) == person_id, col(GroupMember.left_at).is_(None)).exists())


def remember_groups(db: Session, person_id: uuid.UUID, values: tuple[Any, ...]) -> None:
    db.info[_GROUPS_READ] = (person_id, bool(values[0]))


def groups_on_home(db: Session, actor: User) -> list[PeerGroup]:
    """The home page's list: no statement for a member in no group, when the session load has said so."""
    read = db.info.get(_GROUPS_READ)
    if not runs_groups(actor) and read is not None and read[0] == actor.id and not read[1]:
        return []
    return groups_of(db, actor)


def groups_of(db: Session, actor: User) -> list[PeerGroup]:
    """The groups a facilitator runs, or the groups a member is in now, newest first."""
    if runs_groups(actor):
        return list(db.exec(select(PeerGroup).where(PeerGroup.facilitator_id == actor.id,
                                                    PeerGroup.municipality_id == actor.municipality_id)
                            .order_by(col(PeerGroup.created_at).desc())))
    if not may_join(actor):
        return []
    return list(db.exec(select(PeerGroup).join(GroupMember, col(GroupMember.group_id) == PeerGroup.id)
                        .where(GroupMember.user_id == actor.id, col(GroupMember.left_at).is_(None),
                               col(PeerGroup.closed_at).is_(None) | (col(PeerGroup.closed_at) > utcnow()
                                                                     - CLOSED_READABLE))
                        .order_by(col(PeerGroup.created_at).desc())))


@dataclass(frozen=True)
class Removal:
    group_name: str
    removed_at: datetime
    why: str  # a RemovedWhy
    reason: str  # the facilitator's own words, if any


def removals_of(db: Session, actor: User) -> list[Removal]:
    """For her groups page: the groups the facilitator took her out of (and she was not invited back to), with the
    reason, newest first. Never who asked the facilitator to look at anything."""
    if not may_join(actor):
        return []
    return [Removal(name, row.removed_at, row.removed_why or RemovedWhy.OTHER, row.removed_reason or "")
            for row, name in db.exec(select(GroupMember, PeerGroup.name)
                                     .join(PeerGroup, col(PeerGroup.id) == GroupMember.group_id)
                                     .where(GroupMember.user_id == actor.id, col(GroupMember.removed_at).isnot(None))
                                     .order_by(col(GroupMember.removed_at).desc()))
            if row.removed_at is not None]


# --- running a group --------------------------------------------------------------------------------------


def create_group(db: Session, *, actor: User, name: str, about: str) -> PeerGroup:
    if not runs_groups(actor):
        raise NotFound
    group = PeerGroup(municipality_id=actor.municipality_id, facilitator_id=actor.id,
                      name=_clean(name, "name", NAME_LIMIT, missing=_l("Give the group a name.")),
                      about=_clean(about, "about", ABOUT_LIMIT, required=False))
    db.add(group)
    db.flush()
    return group


def _check_age(birth_date: date | None, *, required: bool = True) -> None:
    """Groups are for 15 to 23 year olds (ages.USUAL_AGES), as the rest of youthvoice."""
    if birth_date is None:
        if required:
            raise InvalidInput(str(_l("Please write the birth date.")), field="birth_date")
        return
    if age_on(birth_date) not in ages.USUAL_AGES:
        raise InvalidInput(str(_l("Groups are for young people from 15 to 23 years.")), field="birth_date")


def invite_peer(db: Session, *, seen: GroupAccess, name: str, birth_date: date | None,
                lifetime: timedelta) -> accounts.IssuedInvite:
    """A young person not in care: a peer account (no case, no meetings, no caseworker), a member of this group
    from the start, and a one-time link to register a passkey."""
    if not seen.runs:
        raise NotFound
    _refuse_if_closed(seen, "display_name")
    name = _clean(name, "display_name", 40, missing=_l("Write their first name."))
    _check_age(birth_date)
    peer = accounts.create_person(db, municipality_id=seen.group.municipality_id, role=Role.PEER,
                                  display_name=name, birth_date=birth_date)
    db.add(GroupMember(municipality_id=seen.group.municipality_id, group_id=seen.group.id, user_id=peer.id))
    return accounts.issue_invite(db, person=peer, created_by=seen.actor, kind=InviteKind.ACCOUNT, lifetime=lifetime)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_member(db: Session, *, seen: GroupAccess, name: str, lifetime: timedelta) -> tuple[GroupInvite, str]:
    """A one-time link for a young person who already has youthvoice (in care): opened while logged in, it lets
    them join. Only its hash is kept; the token is shown once."""
    if not seen.runs:
        raise NotFound
    _refuse_if_closed(seen, "first_name")
    token = secrets.token_urlsafe(24)
    invite = GroupInvite(municipality_id=seen.group.municipality_id, group_id=seen.group.id,
                         created_by_id=seen.actor.id, token_hash=_hash(token), expires_at=utcnow() + lifetime,
                         first_name=_clean(name, "first_name", 40, missing=_l("Write their first name.")))
    db.add(invite)
    db.flush()
    return invite, token


def open_group_invite(db: Session, actor: User, token: str) -> tuple[GroupInvite, PeerGroup]:
    """The group behind a join link, for a young person of the same municipality while the link works."""
    if not may_join(actor) or not token or len(token) > 100:
        raise NotFound
    invite = db.exec(select(GroupInvite).where(GroupInvite.token_hash == _hash(token))).first()
    if invite is None or invite.used_at is not None or invite.expires_at <= utcnow() \
            or invite.municipality_id != actor.municipality_id:
        raise NotFound
    group = db.get(PeerGroup, invite.group_id)
    if group is None or group.closed_at is not None:  # a closed group takes nobody in
        raise NotFound
    return invite, group


def join(db: Session, *, actor: User, token: str) -> PeerGroup:
    """Join a group through a join link (used once). Age rules as elsewhere: 15 to 23."""
    invite, group = open_group_invite(db, actor, token)
    _check_age(actor.birth_date, required=False)  # (a young person's age is known from her invite)
    invite.used_at = utcnow()
    db.add(invite)
    row = db.exec(select(GroupMember).where(GroupMember.group_id == group.id,
                                            GroupMember.user_id == actor.id)).first()
    if row is None:
        db.add(GroupMember(municipality_id=group.municipality_id, group_id=group.id, user_id=actor.id))
    elif row.left_at is not None:  # back again (after leaving, or being taken out: invited again)
        row.left_at, row.joined_at = None, utcnow()
        row.removed_at = row.removed_why = row.removed_reason = None
        db.add(row)
    db.flush()
    return group


def leave(db: Session, *, seen: GroupAccess) -> None:
    """A member leaves: from the next request the group is closed to them. A peer whose last group it was keeps
    their account (their posts and "my data"), with nothing to see until they are invited again."""
    row = membership(db, seen.group, seen.actor)
    if row is None:
        raise NotFound
    row.left_at = utcnow()
    db.add(row)
    db.flush()
    audit.record(session=db, action=MEMBER_LEFT, actor=seen.actor, subject=seen.actor, object_type="group",
                 object_id=seen.group.id)


def remove_member(db: Session, *, seen: GroupAccess, member_id: object, why: str, reason: str) -> User:
    """The facilitator takes a member out of the group: the group is closed to her from her next request, exactly
    as if she had left. Her posts stay hers and stay on the board (she can still find them in "my data"); she is
    told, with the reason, and can be invited again. A reason is required: a plain one, or the facilitator's own
    words (for "something else", or when none is chosen)."""
    if not seen.runs:
        raise NotFound
    ident = parse_id(member_id)
    row = db.exec(select(GroupMember).where(GroupMember.group_id == seen.group.id, GroupMember.user_id == ident,
                                            col(GroupMember.left_at).is_(None))).first() if ident else None
    person = db.get(User, row.user_id) if row is not None else None
    if row is None or person is None:
        raise NotFound
    if why and why not in REMOVED_WHY_LABELS:
        raise InvalidInput(str(_l("Choose a reason.")), field="reason")
    reason = _clean(reason, "reason", REASON_LIMIT, required=not why or why == RemovedWhy.OTHER,
                    missing=_l("Write the reason in your own words.") if why else _l("Choose a reason, or write one."))
    row.left_at = row.removed_at = utcnow()
    row.removed_why, row.removed_reason = why or RemovedWhy.OTHER, reason
    db.add(row)
    db.flush()
    audit.record(session=db, action=MEMBER_REMOVED, actor=seen.actor, subject=person, object_type="group",
                 object_id=seen.group.id)
    notifications.notify(db, user=person.id, kind="group_removed", link="/groups/")
    return person


def close_group(db: Session, *, seen: GroupAccess) -> None:
    """The facilitator ends the group: read-only for everyone from now on (no posts, replies, dates or invites),
    readable to its members for CLOSED_READABLE more. Nothing is deleted; members can still delete their own posts
    and leave. Closing twice keeps the first date."""
    if not seen.runs:
        raise NotFound
    if seen.group.closed_at is not None:
        return
    seen.group.closed_at = utcnow()
    db.add(seen.group)
    db.flush()
    audit.record(session=db, action=GROUP_CLOSED, actor=seen.actor, object_type="group", object_id=seen.group.id,
                 municipality_id=seen.group.municipality_id)


@dataclass(frozen=True)
class MemberRow:
    user_id: uuid.UUID
    first_name: str
    pending: bool  # a peer who has not registered yet


def members_of(db: Session, group: PeerGroup) -> list[MemberRow]:
    """The group's current members, by first name (and, for the facilitator, who has not said yes yet)."""
    rows = db.exec(select(User).join(GroupMember, col(GroupMember.user_id) == User.id)
                   .where(GroupMember.group_id == group.id, col(GroupMember.left_at).is_(None),
                          User.status != AccountStatus.DEACTIVATED)
                   .order_by(col(GroupMember.joined_at))).all()
    return [MemberRow(user.id, first_name(user), user.status == AccountStatus.PENDING) for user in rows]


def pending_peers(db: Session, group: PeerGroup) -> list[User]:
    """Peers invited to this group who have not registered yet (their link is shown to the facilitator)."""
    return list(db.exec(select(User).join(GroupMember, col(GroupMember.user_id) == User.id)
                        .where(GroupMember.group_id == group.id, col(GroupMember.left_at).is_(None),
                               User.status == AccountStatus.PENDING, User.role == Role.PEER)))


def add_meeting(db: Session, *, seen: GroupAccess, day: str, at: str, place: str) -> GroupMeeting:
    """A date the group meets (the facilitator sets it)."""
    if not seen.runs:
        raise NotFound
    _refuse_if_closed(seen, "day")
    try:
        starts = datetime.combine(date.fromisoformat(day), time.fromisoformat(at or "17:00"), tzinfo=DANISH_TIME)
    except ValueError:
        raise InvalidInput(str(_l("Choose a day and a time.")), field="day") from None
    meeting = GroupMeeting(municipality_id=seen.group.municipality_id, group_id=seen.group.id,
                           created_by_id=seen.actor.id, starts_at=starts,
                           place=_clean(place, "place", PLACE_LIMIT, required=False))
    db.add(meeting)
    db.flush()
    return meeting


def meetings_of(db: Session, group: PeerGroup) -> list[GroupMeeting]:
    """The group's coming meeting dates, soonest first; none once it is closed (closing calls them off: members must
    not turn up to a meeting of a group that has ended)."""
    if group.closed_at is not None:
        return []
    return list(db.exec(select(GroupMeeting).where(GroupMeeting.group_id == group.id,
                                                   GroupMeeting.starts_at >= utcnow() - timedelta(hours=3))
                        .order_by(col(GroupMeeting.starts_at))))


# --- the board: posts, replies, flags, hiding ---------------------------------------------------------------


def add_post(db: Session, *, seen: GroupAccess, kind: str, text: str, parent_id: object = None) -> GroupPost:
    """A post on the board (a tip, a housing lead, a task or a plain post), or a reply to one."""
    _refuse_if_closed(seen, "text")
    parent = None
    if parent_id:
        parent = post_for(db, seen, parent_id)
        if parent.parent_id is not None:  # a reply to a reply joins the same thread
            parent = post_for(db, seen, parent.parent_id)
        kind = PostKind.POST
    if kind not in KINDS:
        raise InvalidInput(str(_l("Choose what kind of post it is.")), field="kind")
    post = GroupPost(municipality_id=seen.group.municipality_id, group_id=seen.group.id, owner_id=seen.actor.id,
                     parent_id=parent.id if parent else None, kind=kind)
    post.text = _clean(text, "text", POST_LIMIT, missing=_l("Please write something first."))
    db.add(post)
    db.flush()
    if parent is not None and parent.owner_id != seen.actor.id and parent.hidden_at is None:
        notifications.notify(db, user=parent.owner_id, kind="group_reply",
                             link=f"/groups/{seen.group.id}#post-{parent.id}")
    return post


def delete_post(db: Session, *, seen: GroupAccess, post: GroupPost) -> None:
    """The author deletes her own post; others' replies to it stay on the board as posts of their own."""
    if post.owner_id != seen.actor.id:
        raise NotFound
    for reply in db.exec(select(GroupPost).where(GroupPost.parent_id == post.id)):
        reply.parent_id = None
        db.add(reply)
    for flag in db.exec(select(GroupPostFlag).where(GroupPostFlag.post_id == post.id)):
        db.delete(flag)
    db.flush()
    db.delete(post)
    db.flush()


def flag_post(db: Session, *, seen: GroupAccess, post: GroupPost, reason: str) -> bool:
    """A member asks the facilitator to look at someone else's post (once); the facilitator is told, never who
    asked. False if they had asked already."""
    if seen.runs or post.owner_id == seen.actor.id or post.hidden_at is not None:
        raise NotFound
    already = db.exec(select(GroupPostFlag.id).where(GroupPostFlag.post_id == post.id,
                                                     GroupPostFlag.flagged_by_id == seen.actor.id)).first()
    if already is not None:  # asked already (from another tab): nothing new, whatever the reason
        return False
    reason = _clean(reason, "reason", REASON_LIMIT, required=False)
    db.add(GroupPostFlag(municipality_id=post.municipality_id, post_id=post.id, flagged_by_id=seen.actor.id,
                         reason=reason))
    db.flush()
    if seen.group.facilitator_id is not None:
        notifications.notify(db, user=seen.group.facilitator_id, kind="group_flag",
                             link=f"/groups/{seen.group.id}#post-{post.id}")
    return True


def _settle_flags(db: Session, post: GroupPost) -> None:
    for flag in db.exec(select(GroupPostFlag).where(GroupPostFlag.post_id == post.id,
                                                    col(GroupPostFlag.settled_at).is_(None))):
        flag.settled_at = utcnow()
        db.add(flag)


def hide_post(db: Session, *, seen: GroupAccess, post: GroupPost, reason: str) -> None:
    """The facilitator hides a post; the reason stays visible in its place, and the log keeps who did it."""
    if not seen.runs:
        raise NotFound
    if post.hidden_at is not None:  # already hidden (from another tab): the first reason stays
        return
    post.hidden_reason = _clean(reason, "reason", REASON_LIMIT, missing=_l("Please write why you hide the post."))
    post.hidden_at, post.hidden_by_id = utcnow(), seen.actor.id
    db.add(post)
    _settle_flags(db, post)
    audit.record(session=db, action=POST_HIDDEN, actor=seen.actor, subject=db.get(User, post.owner_id),
                 object_type="group_post", object_id=post.id)


def show_post(db: Session, *, seen: GroupAccess, post: GroupPost, reason: str) -> None:
    """The facilitator shows a hidden post again, with a reason that is shown with it."""
    if not seen.runs:
        raise NotFound
    if post.hidden_at is None:
        return
    post.restored_reason = _clean(reason, "reason", REASON_LIMIT,
                                  missing=_l("Please write why you show the post again."))
    post.hidden_at, post.restored_at, post.restored_by_id = None, utcnow(), seen.actor.id
    db.add(post)
    audit.record(session=db, action=POST_SHOWN, actor=seen.actor, subject=db.get(User, post.owner_id),
                 object_type="group_post", object_id=post.id)


@dataclass
class PostView:
    post: GroupPost
    author: str  # first name only
    by_me: bool
    by_facilitator: bool
    replies: list[PostView] = field(default_factory=list)
    open_flags: list[str] = field(default_factory=list)  # shown to the facilitator only
    flagged_by_me: bool = False


def board_of(db: Session, seen: GroupAccess) -> list[PostView]:
    """The board: threads newest first, replies oldest first, with authors' first names and (for the
    facilitator) the open flags. A hidden post's words are not opened for anyone but its author and the
    facilitator."""
    group = seen.group
    rows = db.exec(select(GroupPost, User.display_name).join(User, col(User.id) == GroupPost.owner_id)
                   .where(GroupPost.group_id == group.id)
                   .order_by(col(GroupPost.created_at), col(GroupPost.id))).all()
    views = {post.id: PostView(post, (name.split() or [""])[0], by_me=post.owner_id == seen.actor.id,
                               by_facilitator=post.owner_id == group.facilitator_id) for post, name in rows}
    for post_id, flagged_by, reason, settled_at in db.exec(
            select(GroupPostFlag.post_id, GroupPostFlag.flagged_by_id, GroupPostFlag.reason, GroupPostFlag.settled_at)
            .join(GroupPost, col(GroupPost.id) == GroupPostFlag.post_id).where(GroupPost.group_id == group.id)):
        if settled_at is None and seen.runs:
            views[post_id].open_flags.append(reason)
        views[post_id].flagged_by_me |= flagged_by == seen.actor.id
    threads: list[PostView] = []
    for view in views.values():
        parent = views.get(view.post.parent_id) if view.post.parent_id else None
        (parent.replies if parent else threads).append(view)
    threads.reverse()
    return threads


# --- "my data" -----------------------------------------------------------------------------------------------

EXPORT_WORDS = {"title": _l("Your groups"), "fields": {
    "memberships": _l("Groups you are or were in"), "group": _l("Group"), "joined": _l("Joined"),
    "left": _l("Left"), "removed": _l("Taken out of the group by the facilitator"), "why": _l("Why"),
    "posts": _l("Your posts"), "kind": _l("Kind"), "reply": _l("A reply"),
    "hidden": _l("Hidden by the facilitator"), "reason": _l("Reason"),
    "flags": _l("Posts you asked the facilitator to look at")},
    "codes": {("posts", "kind"): KIND_LABELS, ("memberships", "why"): REMOVED_WHY_LABELS}}


def export_groups(db: Session, person: User) -> dict[str, object]:
    """For "my data": the groups I am or was in, every post and reply I wrote, and what I asked the facilitator
    to look at (never others' words)."""
    names = {group.id: group.name for group in db.exec(
        select(PeerGroup).join(GroupMember, col(GroupMember.group_id) == PeerGroup.id)
        .where(GroupMember.user_id == person.id))}
    memberships = [{"group": names.get(row.group_id), "joined": row.joined_at.isoformat(),
                    "left": row.left_at.isoformat() if row.left_at else None,
                    "removed": row.removed_at.isoformat() if row.removed_at else None,
                    "why": row.removed_why, "reason": row.removed_reason}
                   for row in db.exec(select(GroupMember).where(GroupMember.user_id == person.id)
                                      .order_by(col(GroupMember.joined_at)))]
    posts = []
    for post, group_name in db.exec(select(GroupPost, PeerGroup.name)
                                    .join(PeerGroup, col(PeerGroup.id) == GroupPost.group_id)
                                    .where(GroupPost.owner_id == person.id).order_by(col(GroupPost.created_at))):
        posts.append({"group": group_name, "kind": post.kind, "text": post.text, "reply": post.parent_id is not None,
                      "when": post.created_at.isoformat(),
                      "hidden": post.hidden_at.isoformat() if post.hidden_at else None,
                      "reason": post.hidden_reason})
    flags = [{"reason": flag.reason, "when": flag.created_at.isoformat()}
             for flag in db.exec(select(GroupPostFlag).where(GroupPostFlag.flagged_by_id == person.id)
                                 .order_by(col(GroupPostFlag.created_at)))]
    return {"memberships": memberships, "posts": posts, "flags": flags}

