"""Email, turned on by the person themselves: who may, the address they give, and at most one email per 15 minutes.

Staff (professionals, coordinators among them, and admins) are told "you have something new in youthvoice" for
anything new; a young person who is a member of the youth council may turn it on for the council's news only. Nobody
else is offered it, and it is off until the person turns it on.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select, update

from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.notify.models import EmailSetting

MIN_GAP = timedelta(minutes=15)  # at most one email per person in any 15 minutes
STAFF_ROLES = frozenset({"professional", "admin"})  # a coordinator is a professional
STAFF, COUNCIL = "staff", "council"
MAX_ADDRESS = 254
# One address, plainly written: a local part, one @, a domain with a dot; no spaces, quotes, brackets or commas
# (nothing that could add a second recipient or a header).
_ADDRESS = re.compile(r"^[^\s@<>()\[\]\\,;:\"']{1,64}@[^\s@<>()\[\]\\,;:\"'.]+(\.[^\s@<>()\[\]\\,;:\"'.]+)+$")


def audience(role: str | None, is_council_member: bool | None) -> str | None:
    """What a person may be emailed about: everything new (staff), the youth council's news (a young member), or
    nothing (None: email is not offered)."""
    if role in STAFF_ROLES:
        return STAFF
    if role == "young_person" and is_council_member:
        return COUNCIL
    return None


def audience_of(person: Any) -> str | None:
    return audience(getattr(person, "role", None), getattr(person, "is_council_member", False))


def clean_address(raw: Any, message: str) -> str:
    """The address as given, trimmed; anything that is not one plain email address is refused with `message`."""
    address = raw.strip() if isinstance(raw, str) else ""
    if len(address) > MAX_ADDRESS or not _ADDRESS.match(address) or any(ord(char) < 32 for char in address):
        raise InvalidInput(message, field="address")
    return address


def setting_of(db: Session, person: Any) -> EmailSetting | None:
    """The person's email setting, or None (off)."""
    return db.exec(select(EmailSetting).where(EmailSetting.user_id == person.id)).first()


def turn_on(db: Session, *, person: Any, address: Any, message: str, locale: str | None = None) -> EmailSetting:
    """Turn email on, or change the address; only for someone it is offered to (else NotFound). `locale`, the
    page's language, is the email's language unless the person saved one of their own."""
    if audience_of(person) is None:
        raise NotFound
    cleaned = clean_address(address, message)
    setting = setting_of(db, person) or EmailSetting(user_id=person.id, address=cleaned)
    setting.address, setting.locale, setting.failure_count = cleaned, locale, 0
    db.add(setting)
    db.flush()
    return setting


def turn_off(db: Session, *, person: Any) -> bool:
    """Turn email off: the address is deleted, not kept. Whether it was on."""
    setting = setting_of(db, person)
    if setting is None:
        return False
    db.delete(setting)
    db.flush()
    return True


# --- the 15 minutes ----------------------------------------------------------------------------------------


def claim(db: Session, setting_id: Any, now: datetime) -> bool:
    """Take the right to email this person now: only if nothing was emailed to them in the last 15 minutes. One
    conditional UPDATE, so two transactions at the same moment cannot both win (the second waits for the first's
    row lock, then finds the new time). A rollback gives the right back."""
    result = db.execute(update(EmailSetting).where(
        col(EmailSetting.id) == setting_id,
        sa.or_(col(EmailSetting.last_sent_at).is_(None), col(EmailSetting.last_sent_at) <= now - MIN_GAP),
    ).values(last_sent_at=now, waiting_since=None).execution_options(synchronize_session=False))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def hold(db: Session, setting_id: Any, now: datetime) -> None:
    """Something new that cannot be emailed yet: the worker sends one email for it when the 15 minutes are over."""
    db.execute(update(EmailSetting).where(col(EmailSetting.id) == setting_id)
               .values(waiting_since=sa.func.coalesce(col(EmailSetting.waiting_since), now))
               .execution_options(synchronize_session=False))


def export_email(db: Session, person: Any) -> dict[str, Any] | None:
    """For "my data": the address email goes to, since when, and when the last one was sent."""
    setting = setting_of(db, person)
    if setting is None:
        return None
    return {"address": setting.address, "turned_on": setting.created_at.isoformat(),
            "last_sent": setting.last_sent_at.isoformat() if setting.last_sent_at else None}
