"""Recovery made by staff must not be a way in.

The threat: a professional linked to a young person, or the municipality's admin, makes a recovery link for the
young person's account, opens it with their own passkey, and reads everything the young person never shared.
Three rules together mean no member of staff alone can do that (README, "Recovery"):

1. **Two people.** A recovery link staff made works only once a second member of staff has approved it (an admin
   of the municipality, or another professional who works with the person), never the one who made it.
2. **The person is told at once.** Making the link notifies the person (on every device with push, and in their
   list): "someone is setting up a new phone on your account", with a button that stops it (every pending
   recovery link is revoked). Each step is in their account's history.
3. **A waiting period.** For a young person, a passkey set up through such a link opens none of their own words
   for RECOVERY_LOCK_HOURS (72): the session sees a page that says so, and every sealed value of theirs refuses
   to open (words.ViewLog). One of their recovery codes, which only they have, unlocks it at once. Meanwhile the
   young person can log in with their own passkey and remove the new one, which ends its sessions.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select, update

from youthvoice.core.db import owned
from youthvoice.core.errors import NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity import accounts
from youthvoice.identity.models import AccountStatus, Invite, InviteKind, Link, Passkey, Role, User
from youthvoice.notify import notifications
from youthvoice.privacy import audit

LOCK_KEY = "content_locked_until"  # in a web session opened with a locked passkey (an ISO time)

# What this area tells people about (notify.notifications); the words never carry content.
NOTIFICATION_KINDS = {
    "recovery_started": _l("Someone is setting up a new phone on your account. Not you? Stop it."),
    "recovery_approval": _l("A recovery link waits for your approval"),
    "recovery_approved": _l("Your recovery link was approved: it works now"),
    "recovery_stopped": _l("A recovery link you made was stopped by the person it was for"),
}


needs_second_person = accounts.needs_second_person
waiting_for_approval = accounts.waiting_for_approval


def issue_link(db: Session, *, person: User, created_by: User, invite_days: int,
               recovery_hours: int) -> accounts.IssuedInvite:
    """A first invite again, or a recovery link; a recovery link tells the person and those who can approve it."""
    issued = accounts.issue_next_link(db, person=person, created_by=created_by, invite_days=invite_days,
                                      recovery_hours=recovery_hours)
    after_issue(db, invite=issued.invite, person=person)
    return issued


def pending(db: Session, person: User, *, now: datetime | None = None) -> Invite | None:
    """The person's recovery link that can still be used (approved or not), if any."""
    return db.exec(
        select(Invite).where(Invite.user_id == person.id, Invite.kind == InviteKind.RECOVERY,
                             col(Invite.used_at).is_(None), col(Invite.revoked_at).is_(None),
                             Invite.expires_at > (now or utcnow()))
        .order_by(col(Invite.created_at).desc())
    ).first()


def may_approve(db: Session, actor: User, invite: Invite) -> bool:
    """An admin of the municipality, or a professional who works with the person, who did not make the link."""
    if not actor.is_active or actor.id in (invite.created_by_id, invite.user_id) \
            or actor.municipality_id != invite.municipality_id:
        return False
    if actor.is_admin:
        return True
    return actor.is_professional and db.exec(select(Link.id).where(
        Link.young_person_id == invite.user_id, Link.other_id == actor.id, col(Link.ended_at).is_(None))).first() \
        is not None


def approvers(db: Session, invite: Invite) -> list[uuid.UUID]:
    """Who can approve a link: told by a notification."""
    staff = db.exec(select(User).where(User.municipality_id == invite.municipality_id,
                                       col(User.role).in_([Role.ADMIN, Role.PROFESSIONAL]),
                                       User.status == AccountStatus.ACTIVE))
    return [person.id for person in staff if may_approve(db, person, invite)]


def after_issue(db: Session, *, invite: Invite, person: User) -> None:
    """A recovery link was made by staff: the person is told at once, and those who can approve it."""
    if not needs_second_person(invite):
        return
    notifications.notify(db, user=person, kind="recovery_started", link="/account/#recovery", about_id=person.id)
    for approver_id in approvers(db, invite):
        page = "/admin/people/" if db.get_one(User, approver_id).is_admin else "/people/"
        notifications.notify(db, user=approver_id, kind="recovery_approval", link=f"{page}{person.id}",
                             about_id=person.id)


def person_in_reach(db: Session, actor: User, person_id: object) -> User:
    """Someone else of the actor's municipality, by id (whether the actor may approve is `approve`'s question)."""
    person = owned(db, User, person_id, municipality_id=actor.municipality_id)
    if person.id == actor.id:
        raise NotFound
    return person


def approve(db: Session, *, actor: User, person: User) -> Invite:
    """A second member of staff approves the pending recovery link: from now on it works."""
    invite = pending(db, person)
    if invite is None or not waiting_for_approval(invite) or not may_approve(db, actor, invite):
        raise NotFound
    invite.approved_by_id, invite.approved_at = actor.id, utcnow()
    db.add(invite)
    audit.record(session=db, action=audit.Action.RECOVERY_APPROVED, actor=actor, subject=person, object_type="invite",
                 object_id=invite.id)
    if invite.created_by_id:
        notifications.notify(db, user=invite.created_by_id, kind="recovery_approved",
                             link=f"/people/{person.id}" if person.is_young_person else f"/admin/people/{person.id}",
                             about_id=person.id)
    return invite


def stop(db: Session, *, person: User) -> int:
    """"Not me": every recovery link of the person that can still be used stops working at once."""
    now = utcnow()
    links = db.exec(select(Invite).where(Invite.user_id == person.id, Invite.kind == InviteKind.RECOVERY,
                                         col(Invite.used_at).is_(None), col(Invite.revoked_at).is_(None))).all()
    db.exec(update(Invite).where(col(Invite.id).in_([link.id for link in links])).values(revoked_at=now))
    for link in links:
        audit.record(session=db, action=audit.Action.RECOVERY_STOPPED, actor=person, subject=person,
                     object_type="invite", object_id=link.id)
        if link.created_by_id:
            notifications.notify(db, user=link.created_by_id, kind="recovery_stopped",
                                 link=f"/people/{person.id}", about_id=person.id)
    return len(links)


def locked_until(passkey: Passkey | None, *, now: datetime | None = None) -> datetime | None:
    if passkey is None or passkey.content_locked_until is None:
        return None
    return passkey.content_locked_until if passkey.content_locked_until > (now or utcnow()) else None


def unlock_with_code(db: Session, *, person: User, passkey_id: object, code: str) -> bool:
    """One of the person's own recovery codes says it is them: the passkey opens their words from now on (the
    code is spent). False when the code is not one of theirs."""
    row = accounts.check_recovery_code(db, code)
    if row is None or row.user_id != person.id:
        return False
    passkey = accounts.own_passkey(db, person, passkey_id)
    if not accounts.spend_recovery_code(db, code_id=row.id):
        return False
    passkey.content_locked_until = None
    db.add(passkey)
    audit.record(session=db, action=audit.Action.RECOVERY_UNLOCKED, actor=person, subject=person, object_type="passkey",
                 object_id=passkey.id)
    return True


def staff_made_passkeys(db: Session, person: User) -> list[tuple[Passkey, Any]]:
    """The person's passkeys still locked (set up through a staff-made link), for their account page."""
    now = utcnow()
    return [(key, key.content_locked_until) for key in accounts.passkeys_of(db, person)
            if key.content_locked_until and key.content_locked_until > now]


@dataclass(frozen=True)
class Approval:
    """A staff-made recovery link as a member of staff sees it on the person's page."""

    invite: Invite
    made_by: str
    approved_by: str | None
    can_approve: bool

    @property
    def waiting(self) -> bool:
        return self.invite.approved_at is None


def approval_for(db: Session, viewer: User, person: User) -> Approval | None:
    """The person's pending staff-made recovery link, with who made and approved it, and whether `viewer` may."""
    invite = pending(db, person)
    if invite is None or not needs_second_person(invite):
        return None

    def name(user_id: uuid.UUID | None) -> str | None:
        someone = db.get(User, user_id) if user_id else None
        return someone.display_name if someone else None

    return Approval(invite, name(invite.created_by_id) or "", name(invite.approved_by_id),
                    invite.approved_at is None and may_approve(db, viewer, invite))
