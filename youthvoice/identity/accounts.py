"""People, invites, passkeys and recovery codes: the rules of getting in and staying in."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import bindparam
from sqlmodel import Session, col, func, select, update

from youthvoice.core.db import owned
from youthvoice.core.errors import InvalidInput, NotAllowed, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.models import (
    AccountStatus,
    Invite,
    InviteKind,
    Link,
    Passkey,
    RecoveryCode,
    Role,
    User,
)
from youthvoice.identity.passkeys import NewPasskey
from youthvoice.identity.sessions import end_sessions
from youthvoice.privacy import audit
from youthvoice.privacy.audit import Action
from youthvoice.privacy.models import AuditEvent

_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def _sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def new_pseudonym() -> str:
    """What a phone shows in its passkey picker: says nothing about who the person is."""
    return "youthvoice-" + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))


def create_person(
    db: Session,
    *,
    municipality_id: int,
    role: Role,
    display_name: str,
    title: str | None = None,
    birth_date: date | None = None,
    is_coordinator: bool = False,
    is_council_member: bool = False,
    status: AccountStatus = AccountStatus.PENDING,
) -> User:
    """A person who can log in once they register a passkey through an invite."""
    person = User(
        municipality_id=municipality_id,
        role=role,
        status=status,
        display_name=display_name.strip(),
        pseudonym=new_pseudonym(),
        webauthn_user_handle=secrets.token_bytes(32),
        title=(title or "").strip() or None,
        birth_date=birth_date,
        is_coordinator=is_coordinator,
        is_council_member=is_council_member,
        activated_at=utcnow() if status == AccountStatus.ACTIVE else None,
    )
    db.add(person)
    db.flush()
    return person


PAGE_SIZE = 50


@dataclass(frozen=True)
class PeoplePage:
    """One page of a list of accounts: at most PAGE_SIZE people, and whether there are more."""

    people: list[User]
    page: int
    has_more: bool


def page_of_people(db: Session, municipality_id: object, roles: tuple[Role, ...], *, search: str = "",
                   page: int = 1) -> PeoplePage:
    """A municipality's accounts of these roles by name, a page at a time; `search` matches part of the name."""
    query = select(User).where(User.municipality_id == municipality_id, col(User.role).in_(roles))
    if search:
        escaped = search.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(func.lower(User.display_name).like(f"%{escaped}%", escape="\\"))
    rows = list(db.exec(query.order_by(col(User.display_name), col(User.id))
                        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)))
    return PeoplePage(rows[:PAGE_SIZE], page, len(rows) > PAGE_SIZE)


def names_of(db: Session, ids: set[Any], municipality_id: object) -> dict[Any, str]:
    """Display names by id, for the ids given only, of one municipality's people."""
    ids = {person_id for person_id in ids if person_id is not None}
    if not ids:
        return {}
    return dict(db.exec(select(User.id, User.display_name)
                        .where(col(User.id).in_(ids), User.municipality_id == municipality_id)).all())


def young_names(db: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Young people's names by id (ids of anyone else are left out)."""
    return dict(db.exec(select(User.id, User.display_name)
                        .where(col(User.id).in_(ids), User.role == Role.YOUNG_PERSON)).all())


def link(db: Session, *, young_person: User, other: User) -> Link:
    """Make `other` one of the young person's own people (idempotent)."""
    existing = db.exec(
        select(Link).where(Link.young_person_id == young_person.id, Link.other_id == other.id,
                           col(Link.ended_at).is_(None))
    ).first()
    if existing:
        return existing
    row = Link(municipality_id=young_person.municipality_id, young_person_id=young_person.id, other_id=other.id)
    db.add(row)
    db.flush()
    return row


# --- invites -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedInvite:
    invite: Invite
    token: str  # shown once, in the link and QR code; only its hash is stored


def may_invite(actor: User, role: Role) -> bool:
    """Admins invite professionals, admins, the partnership's evaluators and committee respondents; professionals
    invite young people; a group facilitator invites young people not in care to a peer group (a peer account)."""
    if actor.is_admin:
        return role in (Role.PROFESSIONAL, Role.ADMIN, Role.PARTNER, Role.RESPONDENT, Role.FACILITATOR)
    if actor.is_facilitator:
        return role == Role.PEER
    if actor.is_professional:
        return role == Role.YOUNG_PERSON
    if actor.is_young_person:
        return role in (Role.BISIDDER, Role.SUPPORTER)  # she chooses her own support person and supporters
    return False


def issue_invite(db: Session, *, person: User, created_by: User, kind: InviteKind,
                 lifetime: timedelta) -> IssuedInvite:
    """A one-time link for `person`. Earlier unused invites of the same kind stop working."""
    if person.municipality_id != created_by.municipality_id:
        raise NotFound
    now = utcnow()
    db.exec(
        update(Invite)
        .where(col(Invite.user_id) == person.id, col(Invite.kind) == kind, col(Invite.used_at).is_(None),
               col(Invite.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    token = secrets.token_urlsafe(24)
    invite = Invite(
        municipality_id=person.municipality_id,
        kind=kind,
        token_hash=_sha256(token),
        user_id=person.id,
        created_by_id=created_by.id,
        expires_at=now + lifetime,
    )
    db.add(invite)
    db.flush()
    action = Action.RECOVERY_INVITE_ISSUED if kind == InviteKind.RECOVERY else Action.INVITE_ISSUED
    audit.record(session=db, action=action, actor=created_by, subject=person, object_type="invite",
                 object_id=invite.id)
    return IssuedInvite(invite, token)


def issue_next_link(db: Session, *, person: User, created_by: User, invite_days: int,
                    recovery_hours: int) -> IssuedInvite:
    """A first invite for someone who has not started yet; a recovery link for someone who lost a device."""
    if person.status == AccountStatus.DEACTIVATED:
        raise NotFound
    if person.status == AccountStatus.ACTIVE:
        return issue_invite(db, person=person, created_by=created_by, kind=InviteKind.RECOVERY,
                            lifetime=timedelta(hours=recovery_hours))
    return issue_invite(db, person=person, created_by=created_by, kind=InviteKind.ACCOUNT,
                        lifetime=timedelta(days=invite_days))


def needs_second_person(invite: Invite) -> bool:
    """A recovery link made by someone else (staff) for this person: it works once a second person approves it
    (recovery.py says why)."""
    return invite.kind == InviteKind.RECOVERY and invite.created_by_id not in (None, invite.user_id)


def waiting_for_approval(invite: Invite) -> bool:
    return needs_second_person(invite) and invite.approved_at is None


def lock_for(invite: Invite, person: User, *, hours: int, now: datetime | None = None) -> datetime | None:
    """Until when a passkey set up with this invite opens none of the person's own words (None: not locked)."""
    if not needs_second_person(invite) or not person.is_young_person or hours <= 0:
        return None
    return (now or utcnow()) + timedelta(hours=hours)


class InviteProblem(Exception):  # noqa: N818
    """Why an invite link cannot be used: 'unknown', 'used' or 'expired'."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def open_invite(db: Session, token: str) -> tuple[Invite, User]:
    """The invite behind a link, if it can be used now (a staff-made recovery link: once approved)."""
    invite, person = find_invite(db, token)
    if waiting_for_approval(invite):
        raise InviteProblem("waiting")
    return invite, person


def find_invite(db: Session, token: str) -> tuple[Invite, User]:
    """The invite behind a link, if it is still valid (approved or not)."""
    if not token or len(token) > 100:
        raise InviteProblem("unknown")
    invite = db.exec(select(Invite).where(Invite.token_hash == _sha256(token))).first()
    if invite is None:
        raise InviteProblem("unknown")
    if invite.used_at is not None:
        raise InviteProblem("used")
    if invite.revoked_at is not None or invite.expires_at <= utcnow():
        raise InviteProblem("expired")
    person = db.get(User, invite.user_id)
    if person is None or person.status == AccountStatus.DEACTIVATED:
        raise InviteProblem("unknown")
    return invite, person


class Redeemed(NamedTuple):
    """Who came in, and with which new passkey."""

    person: User
    passkey: Passkey


def redeem_invite(db: Session, *, invite_id: uuid.UUID, new_passkey: NewPasskey, passkey_name: str,
                  lock_hours: int = 0) -> Redeemed:
    """Mark the invite used (exactly once), activate the person and keep their new passkey. A recovery link made
    by staff must have been approved by a second person, and its passkey opens none of a young person's own words
    for `lock_hours` (recovery.py)."""
    now = utcnow()
    claimed = db.exec(
        update(Invite)
        .where(col(Invite.id) == invite_id, col(Invite.used_at).is_(None), col(Invite.revoked_at).is_(None),
               col(Invite.expires_at) > now)
        .values(used_at=now)
    ).rowcount
    invite = db.get(Invite, invite_id)
    if not claimed or invite is None:
        raise InviteProblem("used")
    if waiting_for_approval(invite):
        raise InviteProblem("waiting")
    person = db.get(User, invite.user_id)
    if person is None or person.status == AccountStatus.DEACTIVATED:
        raise InviteProblem("unknown")
    if person.status == AccountStatus.PENDING:
        person.status = AccountStatus.ACTIVE
        person.activated_at = now
        db.add(person)
    passkey = _keep_passkey(db, person, new_passkey, passkey_name)
    passkey.content_locked_until = lock_for(invite, person, hours=lock_hours, now=now)
    db.add(passkey)
    audit.record(session=db, action=Action.INVITE_REDEEMED, actor=person, subject=person,
                 object_type="invite", object_id=invite.id)
    if invite.kind == InviteKind.RECOVERY:
        audit.record(session=db, action=Action.RECOVERED, actor=person, subject=person, object_type="invite",
                     object_id=invite.id)
    return Redeemed(person, passkey)


# --- passkeys ------------------------------------------------------------------------------------------


def clean_passkey_name(name: str | None, fallback: str) -> str:
    name = " ".join((name or "").split())[:60]
    return name or fallback


def _keep_passkey(db: Session, person: User, new_passkey: NewPasskey, name: str) -> Passkey:
    passkey = Passkey(
        user_id=person.id,
        credential_id=new_passkey.credential_id,
        public_key=new_passkey.public_key,
        sign_count=new_passkey.sign_count,
        backed_up=new_passkey.backed_up,
        transports=new_passkey.transports,
        name=name,
    )
    db.add(passkey)
    db.flush()
    audit.record(session=db, action=Action.PASSKEY_ADDED, actor=person, subject=person, object_type="passkey",
                 object_id=passkey.id)
    return passkey


def add_passkey(db: Session, *, person: User, new_passkey: NewPasskey, name: str) -> Passkey:
    """A logged-in person adds another passkey to their own account (never someone else's)."""
    if new_passkey.challenge.user_id != person.id:
        raise NotAllowed
    return _keep_passkey(db, person, new_passkey, name)


def passkeys_of(db: Session, person: User) -> list[Passkey]:
    return list(db.exec(select(Passkey).where(Passkey.user_id == person.id).order_by(col(Passkey.created_at))))


@dataclass(frozen=True)
class AccountNotices:
    """What the young person's home warns about their own account."""

    passkey_count: int
    recovered_at: datetime | None
    recovery_link_at: datetime | None = None  # a recovery link someone else made, still usable: "not you?"


RECOVERY_NOTICE_DAYS = 14


def account_notices(db: Session, person: User, *, now: datetime | None = None) -> AccountNotices:
    """How many passkeys the person has, when their account was last recovered (within two weeks), and whether
    someone else made a recovery link for it that still works: one statement, as the home page asks on every
    view."""
    now = now or utcnow()
    since = now - timedelta(days=RECOVERY_NOTICE_DAYS)
    # Plain values for display: run on the session's connection, past the ORM's statement machinery.
    count, recovered_at, link_at = db.connection().execute(_account_notices_query(), {
        "user_id": person.id, "since": since, "now": now}).one()
    return AccountNotices(int(count), recovered_at, link_at)


@cache
def _account_notices_query() -> Any:
    passkeys = select(func.count()).select_from(Passkey).where(Passkey.user_id == bindparam("user_id"))
    recovered = (select(AuditEvent.at)
                 .where(AuditEvent.subject_id == bindparam("user_id"), AuditEvent.action == Action.RECOVERED,
                        AuditEvent.at > bindparam("since"))
                 .order_by(col(AuditEvent.id).desc()).limit(1))
    link = (select(Invite.created_at)
            .where(Invite.user_id == bindparam("user_id"), Invite.kind == InviteKind.RECOVERY,
                   col(Invite.used_at).is_(None), col(Invite.revoked_at).is_(None),
                   Invite.expires_at > bindparam("now"), col(Invite.created_by_id) != bindparam("user_id"))
            .order_by(col(Invite.created_at).desc()).limit(1))
    return select(passkeys.scalar_subquery(), recovered.scalar_subquery(), link.scalar_subquery())


def own_passkey(db: Session, person: User, passkey_id: object) -> Passkey:
    """One of the person's own passkeys; anything else is NotFound."""
    return owned(db, Passkey, passkey_id, user_id=person.id)


def rename_passkey(db: Session, *, person: User, passkey_id: object, name: str, message: str) -> Passkey:
    passkey = own_passkey(db, person, passkey_id)
    cleaned = " ".join((name or "").split())
    if not cleaned or len(cleaned) > 60:
        raise InvalidInput(message, field="name")
    passkey.name = cleaned
    db.add(passkey)
    audit.record(session=db, action=Action.PASSKEY_RENAMED, actor=person, subject=person,
                 object_type="passkey", object_id=passkey.id)
    return passkey


def remove_passkey(db: Session, *, person: User, passkey_id: object) -> None:
    """Remove one of a person's passkeys; the last one can never be removed."""
    passkey = own_passkey(db, person, passkey_id)
    count = db.exec(select(func.count()).select_from(Passkey).where(Passkey.user_id == person.id)).one()
    if count <= 1:
        raise NotAllowed
    db.delete(passkey)
    audit.record(session=db, action=Action.PASSKEY_REMOVED, actor=person, subject=person,
                 object_type="passkey", object_id=passkey_id)


# --- recovery codes ------------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").lower() if ch in _CODE_ALPHABET)


def new_recovery_codes(db: Session, person: User, count: int = 10) -> list[str]:
    """Replace a person's recovery codes; the codes are shown once and only their hashes are kept."""
    db.exec(  # the table's own DELETE, no ORM bookkeeping (SQLModel's types do not declare __table__)
        RecoveryCode.__table__.delete().where(RecoveryCode.__table__.c.user_id == person.id)  # type: ignore[attr-defined]
    )
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(12))
        codes.append(f"{raw[:4]}-{raw[4:8]}-{raw[8:]}")
        db.add(RecoveryCode(user_id=person.id, code_hash=_sha256(raw)))
    db.flush()
    audit.record(session=db, action=Action.RECOVERY_CODES_CREATED, actor=person, subject=person)
    return codes


def unused_code_count(db: Session, person: User) -> int:
    return db.exec(
        select(func.count()).select_from(RecoveryCode)
        .where(RecoveryCode.user_id == person.id, col(RecoveryCode.used_at).is_(None))
    ).one()


def check_recovery_code(db: Session, code: str) -> RecoveryCode | None:
    """The unused code a person typed, if it is one; it is spent only when a new passkey is registered."""
    normalised = normalise_code(code)
    if len(normalised) != 12:
        return None
    row = db.exec(select(RecoveryCode).where(RecoveryCode.code_hash == _sha256(normalised))).first()
    if row is None or row.used_at is not None:
        return None
    person = db.get(User, row.user_id)
    if person is None or not person.is_active:
        return None
    return row


def spend_recovery_code(db: Session, *, code_id: uuid.UUID) -> bool:
    """Use a code up, exactly once (False when another request just did)."""
    return bool(db.exec(
        update(RecoveryCode)
        .where(col(RecoveryCode.id) == code_id, col(RecoveryCode.used_at).is_(None))
        .values(used_at=utcnow())
    ).rowcount)


def recover_with_code(db: Session, *, code_id: uuid.UUID, new_passkey: NewPasskey,
                      passkey_name: str) -> Redeemed:
    """Spend the code (exactly once) and keep the new passkey registered with it."""
    spent = spend_recovery_code(db, code_id=code_id)
    row = db.get(RecoveryCode, code_id)
    if not spent or row is None or row.user_id != new_passkey.challenge.user_id:
        raise InviteProblem("used")
    person = db.get(User, row.user_id)
    if person is None or not person.is_active:
        raise InviteProblem("unknown")
    passkey = _keep_passkey(db, person, new_passkey, passkey_name)
    audit.record(session=db, action=Action.RECOVERED, actor=person, subject=person, object_type="recovery_code",
                 object_id=code_id)
    return Redeemed(person, passkey)


# --- people --------------------------------------------------------------------------------------------


def deactivate(db: Session, *, person: User, actor: User) -> None:
    """End a person's access at once; what they wrote stays, with their name."""

    person.status = AccountStatus.DEACTIVATED
    person.deactivated_at = utcnow()
    db.add(person)
    end_sessions(db, person.id)
    audit.record(session=db, action=Action.ACCOUNT_DEACTIVATED, actor=actor, subject=person)


def set_work_hours(db: Session, *, person: User, days: str, start: str, end: str, message: str,
                   no_days: str) -> None:
    """Working days (ISO weekday digits) and hours of a professional. A shift may cross midnight (night staff in
    residential care: 16:00-08:00 counts from the day it starts); the start and the end may not be the same, and at
    least one day must be ticked (`no_days` says so), so a schedule is never saved empty."""
    from datetime import time

    try:
        begins, ends = time.fromisoformat(start), time.fromisoformat(end)
    except ValueError as error:
        raise InvalidInput(message, field="start") from error
    if begins == ends or len(start) != 5 or len(end) != 5:
        raise InvalidInput(message, field="start")
    chosen = "".join(sorted({day for day in days if day in "1234567"}))
    if not chosen:
        raise InvalidInput(no_days, field="days")
    person.work_days = chosen
    person.work_start, person.work_end = start, end
    db.add(person)


def pending_invite(db: Session, person: User) -> Invite | None:
    """The newest invite of a person that can still be used."""
    return db.exec(
        select(Invite)
        .where(Invite.user_id == person.id, col(Invite.used_at).is_(None), col(Invite.revoked_at).is_(None),
               Invite.expires_at > utcnow())
        .order_by(col(Invite.created_at).desc())
    ).first()


def name_of(db: Session, user_id: uuid.UUID | None) -> str | None:
    """A person's name by their id (None for nobody, or someone no longer here)."""
    person = db.get(User, user_id) if user_id else None
    return person.display_name if person else None
