"""Sharing on the young person's terms: what each of their people may see, until they withdraw it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from youthvoice.core.errors import NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings.models import Meeting
from youthvoice.notify import notifications
from youthvoice.privacy import audit
from youthvoice.privacy.audit import Action
from youthvoice.sharing.access import active_share, may_receive_offer, may_receive_shares, meeting_shares
from youthvoice.sharing.models import ALL_PARTS, CONTENT_PARTS, Share, SharePart, ShareScope


def set_meeting_share(
    db: Session, *, owner: User, meeting: Meeting, grantee: User, parts: Iterable[str]
) -> Share | None:
    """Share (or change, or with no parts withdraw) what one person sees of a meeting. Effective at once."""

    if meeting.owner_id != owner.id or not may_receive_shares(db, owner, grantee):
        raise NotFound
    chosen = set(parts)
    if chosen & set(CONTENT_PARTS):
        chosen.add(SharePart.BASICS)  # whoever sees the content also sees when and where the meeting is
    wanted = ",".join(part for part in ALL_PARTS if part in chosen)
    current = active_share(db, owner_id=owner.id, grantee_id=grantee.id, scope=ShareScope.MEETING,
                           meeting_id=meeting.id)
    if current is not None and current.parts == wanted:
        return current
    if current is not None:
        current.withdrawn_at = utcnow()
        db.add(current)
        audit.record(session=db, action=Action.SHARE_WITHDRAWN, actor=owner, subject=owner, object_type="meeting",
                     object_id=meeting.id)
    if not wanted:
        db.flush()
        return None
    share = Share(municipality_id=owner.municipality_id, owner_id=owner.id, grantee_id=grantee.id,
                  scope=ShareScope.MEETING, meeting_id=meeting.id, parts=wanted)
    db.add(share)
    db.flush()
    audit.record(session=db, action=Action.SHARED, actor=owner, subject=owner, object_type="meeting",
                 object_id=meeting.id)
    if current is None:
        notifications.notify(db, user=grantee, kind="meeting_shared", link=f"/meetings/{meeting.id}",
                             about_id=owner.id)
    return share


def grant_basics(db: Session, *, meeting: Meeting, grantee_id: uuid.UUID) -> None:
    """A participant sees the meeting's time and place (the young person chose them, or they added it)."""
    existing = active_share(db, owner_id=meeting.owner_id, grantee_id=grantee_id, scope=ShareScope.MEETING,
                            meeting_id=meeting.id)
    if existing is None:
        db.add(Share(municipality_id=meeting.municipality_id, owner_id=meeting.owner_id, grantee_id=grantee_id,
                     scope=ShareScope.MEETING, meeting_id=meeting.id, parts=SharePart.BASICS))
        db.flush()


def withdraw_all(db: Session, *, owner: User, meeting: Meeting) -> int:
    """Stop sharing a meeting with everyone."""
    if meeting.owner_id != owner.id:
        raise NotFound
    count = 0
    for share in meeting_shares(db, meeting):
        share.withdrawn_at = utcnow()
        db.add(share)
        count += 1
    if count:
        audit.record(session=db, action=Action.SHARE_WITHDRAWN, actor=owner, subject=owner, object_type="meeting",
                     object_id=meeting.id)
    db.flush()
    return count


# --- the whole network, or all the small steps (issue 6) --------------------------------------------------

SCOPE_NOTIFICATIONS = {ShareScope.NETWORK: "network_shared", ShareScope.STEPS: "steps_shared",
                       ShareScope.HOUSING: "housing_shared", ShareScope.TRANSITION: "transition_shared",
                       ShareScope.HELP_OFFER: "help_offer_shared"}
SCOPE_LINKS = {ShareScope.NETWORK: "/network/of/{owner_id}", ShareScope.STEPS: "/steps/of/{owner_id}",
               ShareScope.HOUSING: "/housing/of/{owner_id}", ShareScope.TRANSITION: "/transition/of/{owner_id}",
               ShareScope.HELP_OFFER: "/home-municipality/offers/{owner_id}"}


# What this area tells people about (notify.notifications); the words never carry content.
NOTIFICATION_KINDS = {
    "network_shared": _l("A young person shared their network with you"),
    "steps_shared": _l("A young person shared their small steps with you"),
    "housing_shared": _l("A young person shared their housing wishes with you"),
    "transition_shared": _l("A young person shared their plan for adult life with you"),
    "help_offer_shared": _l("A young person would like to help"),
}
# The same, for the people she deals with, naming her (the list is behind log-in; a push never names her).
NOTIFICATIONS_ABOUT = {
    "network_shared": _l("%(name)s shared their network with you"),
    "steps_shared": _l("%(name)s shared their small steps with you"),
    "housing_shared": _l("%(name)s shared their housing wishes with you"),
    "transition_shared": _l("%(name)s shared their plan for adult life with you"),
    "help_offer_shared": _l("%(name)s would like to help"),
}


def scope_shares(db: Session, *, owner: User, scope: ShareScope) -> list[Share]:
    """Who sees the young person's network (or steps) right now."""
    return list(db.exec(
        select(Share).where(Share.owner_id == owner.id, Share.scope == scope, col(Share.withdrawn_at).is_(None))
    ))


def set_scope_share(db: Session, *, owner: User, grantee: User, scope: ShareScope, shared: bool) -> Share | None:
    """Share the network or the steps with one of the young person's people, or stop. Effective at once."""

    may_receive = may_receive_offer if scope == ShareScope.HELP_OFFER else may_receive_shares
    if scope not in SCOPE_NOTIFICATIONS or not may_receive(db, owner, grantee):
        raise NotFound
    current = active_share(db, owner_id=owner.id, grantee_id=grantee.id, scope=scope)
    if shared and current is not None:
        return current
    if not shared:
        if current is not None:
            current.withdrawn_at = utcnow()
            db.add(current)
            audit.record(session=db, action=Action.SHARE_WITHDRAWN, actor=owner, subject=owner,
                         object_type=str(scope), object_id=owner.id)
            db.flush()
        return None
    share = Share(municipality_id=owner.municipality_id, owner_id=owner.id, grantee_id=grantee.id, scope=scope)
    db.add(share)
    db.flush()
    audit.record(session=db, action=Action.SHARED, actor=owner, subject=owner, object_type=str(scope),
                 object_id=owner.id)
    notifications.notify(db, user=grantee, kind=SCOPE_NOTIFICATIONS[scope],
                         link=SCOPE_LINKS[scope].format(owner_id=owner.id), about_id=owner.id)
    return share


def share_scope_with(db: Session, *, owner: User, people: list[User], scope: ShareScope, chosen: set[str]) -> None:
    """From now on exactly the chosen ones (ids as text) of the young person's people see the network or steps."""
    for person in people:
        set_scope_share(db, owner=owner, grantee=person, scope=scope, shared=str(person.id) in chosen)


def scope_grantee_ids(db: Session, *, owner: User, scope: ShareScope) -> set[uuid.UUID]:
    return {share.grantee_id for share in scope_shares(db, owner=owner, scope=scope)}


def withdraw_scope(db: Session, *, owner: User, scope: ShareScope) -> int:
    """Stop sharing the network (or the steps) with everyone."""
    count = 0
    for share in scope_shares(db, owner=owner, scope=scope):
        share.withdrawn_at = utcnow()
        db.add(share)
        count += 1
    if count:
        audit.record(session=db, action=Action.SHARE_WITHDRAWN, actor=owner, subject=owner, object_type=str(scope),
                     object_id=owner.id)
    db.flush()
    return count
