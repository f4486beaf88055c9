"""Supporters from my network (issue 20, "Be my Back"): a person from her network she invites to back her.

A supporter has a limited account (like the bisidder), sees only the goals and steps of the life areas she shares
with them (the access policy, `access.supported_by`, decides), can send encouragement or offer concrete help, and
is ended by her at once: the link ends, the share is withdrawn, the account is closed and its sessions end.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity import accounts
from youthvoice.identity.models import AccountStatus, InviteKind, Link, Role, User
from youthvoice.identity.sessions import end_sessions
from youthvoice.network import steps
from youthvoice.network.models import Goal, NetworkPerson, Step, SupporterMessage, SupporterMessageKind
from youthvoice.notify import notifications
from youthvoice.privacy import audit
from youthvoice.sharing import access
from youthvoice.sharing.access import SupporterAccess
from youthvoice.sharing.models import Share, ShareScope

NOTIFICATION_KINDS = {
    "supporter_message": _l("One of your supporters sent you a message"),
    "goals_shared_with_you": _l("A young person shared a goal with you"),
}
NOTIFICATIONS_ABOUT = {
    "goals_shared_with_you": _l("%(name)s shared a goal with you"),
}
KIND_LABELS = {
    SupporterMessageKind.ENCOURAGEMENT: _l("Encouragement"),
    SupporterMessageKind.HELP: _l("An offer of help"),
}
STATUS_LABELS = {AccountStatus.PENDING: _l("Invited"), AccountStatus.ACTIVE: _l("Active"),
                 AccountStatus.DEACTIVATED: _l("Ended")}
NAME_LIMIT = 80
MESSAGE_LIMIT = 500
KINDS = tuple(kind.value for kind in SupporterMessageKind)


def _clean(text: str, field: str, limit: int, *, required: bool = True) -> str:
    text = " ".join((text or "").split())
    if required and not text:
        raise InvalidInput(str(_l("Please fill this in.")), field=field)
    if len(text) > limit:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=limit)), field=field)
    return text


def invite_supporter(db: Session, *, young_person: User, entry: NetworkPerson, name: str, relation: str,
                     lifetime: timedelta) -> accounts.IssuedInvite:
    """She invites someone from her network as a supporter: a limited account linked to her alone, and a one-time
    link (the person's name is what she types here: her network's names stay sealed)."""
    if entry.owner_id != young_person.id:
        raise NotFound
    name = _clean(name, "display_name", NAME_LIMIT)
    relation = _clean(relation, "relation", NAME_LIMIT, required=False)
    if any(person.status == AccountStatus.PENDING and person.display_name.casefold() == name.casefold()
           for person in access.supporters_of(db, young_person)):
        raise InvalidInput(str(_l("%(name)s is already invited and has not said yes yet. If the link is lost, "
                                  "end %(name)s as a supporter and invite them again.", name=name)),
                           field="display_name")
    supporter = accounts.create_person(db, municipality_id=young_person.municipality_id, role=Role.SUPPORTER,
                                       display_name=name, title=relation or None)
    accounts.link(db, young_person=young_person, other=supporter)
    return accounts.issue_invite(db, person=supporter, created_by=young_person, kind=InviteKind.ACCOUNT,
                                 lifetime=lifetime)


def share_goals(db: Session, *, owner: User, supporter: User, areas: Iterable[str]) -> frozenset[str]:
    """From now on this supporter sees the goals (and steps) of exactly these life areas. Effective at once."""
    if supporter.role != Role.SUPPORTER or not access.is_linked(db, owner.id, supporter.id):
        raise NotFound
    wanted = frozenset(area for area in areas if area in steps.AREAS)
    if wanted == access.goal_areas_shared(db, owner=owner, supporter=supporter):
        return wanted
    now = utcnow()
    current = access.active_share(db, owner_id=owner.id, grantee_id=supporter.id, scope=ShareScope.GOALS)
    if current is not None:
        current.withdrawn_at = now
        db.add(current)
        audit.record(session=db, action=audit.Action.SHARE_WITHDRAWN, actor=owner, subject=owner,
                     object_type=str(ShareScope.GOALS), object_id=owner.id)
    if wanted:
        db.add(Share(municipality_id=owner.municipality_id, owner_id=owner.id, grantee_id=supporter.id,
                     scope=ShareScope.GOALS, parts=",".join(area for area in steps.AREAS if area in wanted)))
        audit.record(session=db, action=audit.Action.SHARED, actor=owner, subject=owner,
                     object_type=str(ShareScope.GOALS), object_id=owner.id)
        if supporter.is_active:
            notifications.notify(db, user=supporter, kind="goals_shared_with_you",
                                 link=f"/backing/{owner.id}", about_id=owner.id)
    db.flush()
    return wanted


def end_supporter(db: Session, *, young_person: User, supporter_id: object) -> User:
    """End a supporter at once: the link ends, what she shared is withdrawn, the account closes, sessions end."""
    supporter = access.own_supporter(db, young_person, supporter_id)
    now = utcnow()
    for link in db.exec(select(Link).where(Link.young_person_id == young_person.id, Link.other_id == supporter.id,
                                           col(Link.ended_at).is_(None))):
        link.ended_at = now
        db.add(link)
    for share in db.exec(select(Share).where(Share.owner_id == young_person.id, Share.grantee_id == supporter.id,
                                             col(Share.withdrawn_at).is_(None))):
        share.withdrawn_at = now
        db.add(share)
    supporter.status = AccountStatus.DEACTIVATED
    supporter.deactivated_at = now
    db.add(supporter)
    db.flush()
    end_sessions(db, supporter.id)
    audit.record(session=db, action=audit.Action.SUPPORTER_ENDED, actor=young_person, subject=young_person,
                 object_type="user", object_id=supporter.id)
    return supporter


def send_message(db: Session, *, seen: SupporterAccess, kind: str, text: str) -> SupporterMessage:
    """A supporter sends encouragement or offers concrete help; she is told."""
    if kind not in KINDS:
        raise InvalidInput(str(_l("Choose what kind of message it is.")), field="kind")
    message = SupporterMessage(municipality_id=seen.owner.municipality_id, owner_id=seen.owner.id,
                               author_id=seen.supporter.id, kind=kind)
    message.text = _clean(text, "text", MESSAGE_LIMIT)
    db.add(message)
    db.flush()
    notifications.notify(db, user=seen.owner, kind="supporter_message", link="/network/supporters/#messages",
                         about_id=seen.owner.id)
    return message


def messages_to(db: Session, owner: User) -> list[tuple[SupporterMessage, str | None]]:
    """Every message her supporters sent her, newest first, with the sender's name (None: no longer here)."""
    rows = db.exec(select(SupporterMessage, User.display_name)
                   .join(User, col(User.id) == SupporterMessage.author_id, isouter=True)
                   .where(SupporterMessage.owner_id == owner.id)
                   .order_by(col(SupporterMessage.created_at).desc())).all()
    return [(message, name) for message, name in rows]


def messages_from(db: Session, seen: SupporterAccess) -> list[SupporterMessage]:
    """What this supporter sent her, newest first (their own words: reading them is not a view of hers)."""
    return list(db.exec(select(SupporterMessage).where(SupporterMessage.owner_id == seen.owner.id,
                                                       SupporterMessage.author_id == seen.supporter.id)
                        .order_by(col(SupporterMessage.created_at).desc())))


def shared_goals(db: Session, seen: SupporterAccess) -> list[tuple[Goal, list[Step]]]:
    """The open goals of the areas she shares with this supporter, each with its steps (next steps first)."""
    if not seen.areas:
        return []
    goals = [goal for area, goal in steps.open_goals(db, seen.owner).items() if area in seen.areas]
    by_area: dict[str, list[Step]] = {}
    for step in steps.all_steps(db, seen.owner):
        if step.area in seen.areas:
            by_area.setdefault(step.area, []).append(step)
    order = {area: index for index, area in enumerate(steps.AREAS)}
    return [(goal, by_area.get(goal.area, [])) for goal in sorted(goals, key=lambda goal: order[goal.area])]


# How the printable "my data" names this section, its fields and its codes (personal_data.add_section).
EXPORT_WORDS = {"title": _l("Your supporters"), "fields": {
    "supporters": _l("Supporters"), "messages": _l("Messages from your supporters"), "sees": _l("Sees your goals in"),
    "since": _l("Since"), "ended": _l("Ended"), "from": _l("From"), "kind": _l("Kind"),
    "relation": _l("Who they are to me"), "status": _l("Status")},
    "codes": {("messages", "kind"): KIND_LABELS, ("supporters", "sees"): steps.AREA_LABELS,
              ("supporters", "status"): STATUS_LABELS}}


def export_supporters(db: Session, person: User) -> dict[str, object]:
    """For "my data": everyone I invited as a supporter (also ended ones), what they see, and their messages."""
    rows = db.exec(select(User, Link).join(Link, col(Link.other_id) == User.id)
                   .where(Link.young_person_id == person.id, User.role == Role.SUPPORTER)
                   .order_by(col(Link.created_at))).all()
    supporters = [{"name": user.display_name, "relation": user.title, "status": user.status,
                   "sees": ",".join(sorted(access.goal_areas_shared(db, owner=person, supporter=user))),
                   "since": link.created_at.isoformat(),
                   "ended": link.ended_at.isoformat() if link.ended_at else None} for user, link in rows]
    messages = [{"from": name, "kind": message.kind, "text": message.text, "when": message.created_at.isoformat()}
                for message, name in messages_to(db, person)]
    return {"supporters": supporters, "messages": messages}
