"""Support around the young person: a bisidder they choose, and help right now."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import BindParameter, bindparam
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from youthvoice.core.db import parse_id
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity import accounts
from youthvoice.identity.models import AccountStatus, InviteKind, Link, Role, User
from youthvoice.identity.sessions import end_sessions
from youthvoice.notify import notifications
from youthvoice.privacy import audit
from youthvoice.privacy.models import DataKey
from youthvoice.privacy.sealing import DataKeyRow, keyring_of
from youthvoice.sharing import access
from youthvoice.sharing.access import professionals_of
from youthvoice.sharing.models import Share
from youthvoice.support import absence
from youthvoice.support.models import UrgentMessage

# What this area tells people about (notify.notifications); the words never carry content.
NOTIFICATION_KINDS = {
    "urgent": _l("URGENT: a young person needs help now"),
    "urgent_seen": _l("Your message for help has been seen"),
}
# The same, for the people she deals with, naming her (the list is behind log-in; a push never names her).
NOTIFICATIONS_ABOUT = {
    "urgent": _l("URGENT: %(name)s needs help now"),
}
URGENT_LIMIT = 1000


# --- bisidder ------------------------------------------------------------------------------------------


def invite_bisidder(db: Session, *, young_person: User, name: str, relation: str,
                    lifetime: timedelta) -> accounts.IssuedInvite:
    """The young person chooses a support person: a limited account, linked to them alone."""
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(str(_l("Please fill this in.")), field="display_name")
    if len(name) > 80:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=80)), field="display_name")
    relation = " ".join((relation or "").split())
    if len(relation) > 80:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=80)), field="relation")
    if any(person.status == AccountStatus.PENDING and person.display_name.casefold() == name.casefold()
           for person in access.bisidders_of(db, young_person)):
        raise InvalidInput(str(_l("%(name)s is already invited and has not said yes yet. If the link is lost, "
                                  "remove %(name)s from your list and invite them again.", name=name)),
                           field="display_name")
    bisidder = accounts.create_person(db, municipality_id=young_person.municipality_id, role=Role.BISIDDER,
                                      display_name=name, title=relation or None)
    accounts.link(db, young_person=young_person, other=bisidder)
    return accounts.issue_invite(db, person=bisidder, created_by=young_person, kind=InviteKind.ACCOUNT,
                                 lifetime=lifetime)


def young_people_supported_by(db: Session, bisidder: User) -> list[User]:
    return list(db.exec(
        select(User).join(Link, col(Link.young_person_id) == User.id)
        .where(Link.other_id == bisidder.id, col(Link.ended_at).is_(None), User.status == AccountStatus.ACTIVE)
    ))


def remove_bisidder(db: Session, *, young_person: User, bisidder_id: object) -> User:
    """Remove a bisidder at once: the link ends, every share to them is withdrawn, their sessions end."""
    wanted = parse_id(bisidder_id)
    bisidder = next((person for person in access.bisidders_of(db, young_person) if person.id == wanted), None)
    if bisidder is None:
        raise NotFound
    now = utcnow()
    for link in db.exec(select(Link).where(Link.young_person_id == young_person.id, Link.other_id == bisidder.id,
                                           col(Link.ended_at).is_(None))):
        link.ended_at = now
        db.add(link)
    for share in db.exec(select(Share).where(Share.owner_id == young_person.id, Share.grantee_id == bisidder.id,
                                             col(Share.withdrawn_at).is_(None))):
        share.withdrawn_at = now
        db.add(share)
    db.flush()
    if not young_people_supported_by(db, bisidder):
        bisidder.status = AccountStatus.DEACTIVATED
        bisidder.deactivated_at = now
        db.add(bisidder)
        end_sessions(db, bisidder.id)
    audit.record(session=db, action=audit.Action.BISIDDER_REMOVED, actor=young_person, subject=young_person,
                 object_type="user", object_id=bisidder.id)
    return bisidder


def is_at_work(professional: User, now: datetime, zone: ZoneInfo) -> bool:
    """Whether a professional is within their working hours right now (their own days and times). A shift that
    crosses midnight (16:00-08:00) belongs to the day it starts: Monday's night shift still runs on Tuesday at 02:00."""
    local = now.astimezone(zone)
    try:
        start, end = time.fromisoformat(professional.work_start), time.fromisoformat(professional.work_end)
    except ValueError:
        return False
    today, clock = str(local.isoweekday()), local.time()
    if start < end:
        return today in professional.work_days and start <= clock < end
    yesterday = str((local - timedelta(days=1)).isoweekday())
    return (today in professional.work_days and clock >= start) or (yesterday in professional.work_days
                                                                   and clock < end)


def send_urgent(db: Session, *, young_person: User, professional_id: object, text: str) -> UrgentMessage:
    """An urgent message to one of the young person's own professionals, at the top of their dashboard; while they
    are away, at the top of the covering colleague's dashboard as well (support.absence)."""
    chosen = next((p for p in professionals_of(db, young_person) if str(p.id) == str(professional_id)), None)
    if chosen is None:
        raise InvalidInput(str(_l("Choose who should get the message.")), field="professional")
    text = (text or "").strip()
    if len(text) > URGENT_LIMIT:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=URGENT_LIMIT)), field="text")
    away = absence.away_now(db, [chosen.id]).get(chosen.id)
    cover = away[1] if away else None
    message = UrgentMessage(municipality_id=young_person.municipality_id, owner_id=young_person.id,
                            professional_id=chosen.id, cover_id=cover.id if cover else None)
    message.text = text or None
    db.add(message)
    db.flush()
    notifications.notify(db, user=chosen, kind="urgent", link="/people/#urgent", about_id=young_person.id)
    if cover is not None:  # the colleague covering while the chosen one is away gets it too, and only this
        notifications.notify(db, user=cover, kind="urgent", link="/people/#urgent", about_id=young_person.id)
    audit.record(session=db, action=audit.Action.URGENT_SENT, actor=young_person, subject=young_person,
                 object_type="urgent", object_id=message.id)
    return message


@cache
def _urgent_query() -> Any:
    # Built once, run with the professional as a parameter: every dashboard asks. A message reaches the professional
    # it was sent to, and the colleague who covered when it was sent, while the young person is still linked to the
    # professional she chose.
    professional_id: BindParameter[uuid.UUID] = bindparam("professional_id")
    return (
        sa_select(UrgentMessage, User, col(DataKey.owner_id), col(DataKey.master_key_id), col(DataKey.wrapped))
        .join(User, col(User.id) == UrgentMessage.owner_id)
        .outerjoin(DataKey, col(DataKey.owner_id) == UrgentMessage.owner_id)  # her key, for her words
        .join(Link, (col(Link.young_person_id) == UrgentMessage.owner_id)
              & (col(Link.other_id) == UrgentMessage.professional_id))
        .where((col(UrgentMessage.professional_id) == professional_id)
               | (col(UrgentMessage.cover_id) == professional_id),
               col(UrgentMessage.acknowledged_at).is_(None), col(Link.ended_at).is_(None),
               col(User.status) == AccountStatus.ACTIVE)
        .order_by(col(UrgentMessage.created_at))
    )


def urgent_for(db: Session, professional: User) -> list[tuple[UrgentMessage, User]]:
    """Unacknowledged urgent messages for a professional (sent to them, or to a colleague they cover for), from
    young people still linked to the one they chose."""
    keyring = keyring_of(db)
    found = []
    for message, owner, *key in db.execute(_urgent_query(), {"professional_id": professional.id}):
        if key[0] is not None:  # every sender's data key read with her message: no statement of its own
            keyring.remember(DataKeyRow(*key))
        found.append((message, owner))
    return found


def acknowledge(db: Session, *, professional: User, message_id: object) -> UrgentMessage:
    """The professional it was sent to, or the colleague covering, has seen it; the young person is told."""
    wanted = parse_id(message_id)
    message = db.get(UrgentMessage, wanted) if wanted else None
    if message is None or professional.id not in (message.professional_id, message.cover_id):
        raise NotFound
    if message.acknowledged_at is None:
        message.acknowledged_at = utcnow()
        db.add(message)
        notifications.notify(db, user=message.owner_id, kind="urgent_seen", link="/help/",
                             about_id=message.owner_id)
        owner = db.get(User, message.owner_id)
        audit.record(session=db, action=audit.Action.VIEW, actor=professional, subject=owner,
                     object_type="urgent", object_id=message.id)
    return message


def urgent_sent_by(db: Session, young_person: User, limit: int = 5) -> list[tuple[UrgentMessage, User]]:
    rows = db.exec(
        select(UrgentMessage, User).join(User, col(User.id) == UrgentMessage.professional_id)
        .where(UrgentMessage.owner_id == young_person.id)
        .order_by(col(UrgentMessage.created_at).desc()).limit(limit)
    ).all()
    return [(message, professional) for message, professional in rows]
