"""A professional's absence and the colleague who covers (issue 18.3).

While a professional is away, an urgent message to them goes to the cover as well (support.send_urgent), and the
young person is shown who covers and the municipality's out-of-hours service (socialvagt). The cover gets only what
that routing gives: the urgent message itself. Nothing the young person shared with the absent professional is
opened to the cover; the access policy (sharing/access.py) does not know about absences at all.
"""

from __future__ import annotations

import re
import uuid
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from youthvoice.core.danish_calendar import local_today
from youthvoice.core.errors import InvalidInput
from youthvoice.identity.models import AccountStatus, Municipality, Role, User
from youthvoice.support.models import Absence

LONGEST_ABSENCE_DAYS = 366
PHONE = re.compile(r"^\+?[0-9 ]{8,20}$")


def colleagues_of(db: Session, professional: User) -> list[User]:
    """The active professionals of the same municipality who can cover, by name."""
    return list(db.exec(
        select(User).where(User.municipality_id == professional.municipality_id, User.role == Role.PROFESSIONAL,
                           User.status == AccountStatus.ACTIVE, User.id != professional.id)
        .order_by(col(User.display_name))
    ))


def absence_of(db: Session, professional: User) -> Absence | None:
    """The professional's absence, now or planned (ended ones are removed)."""
    absence = db.get(Absence, professional.id)
    if absence is not None and absence.ends_on < local_today():
        return None
    return absence


def set_absence(db: Session, *, professional: User, starts_on: date | None, ends_on: date | None,
                cover_id: object) -> Absence:
    """Set (or change) the professional's absence and who covers: a colleague of the same municipality."""
    if starts_on is None:
        raise InvalidInput(str(_l("Choose the first day you are away.")), field="starts_on")
    if ends_on is None:
        raise InvalidInput(str(_l("Choose the last day you are away.")), field="ends_on")
    if ends_on < starts_on:
        raise InvalidInput(str(_l("The last day cannot be before the first day.")), field="ends_on")
    if ends_on < local_today():
        raise InvalidInput(str(_l("That time has already passed. Choose days that are still to come.")),
                           field="ends_on")
    if (ends_on - starts_on).days > LONGEST_ABSENCE_DAYS:
        raise InvalidInput(str(_l("An absence can be at most a year. Set a new one when it ends.")), field="ends_on")
    cover = next((person for person in colleagues_of(db, professional) if str(person.id) == str(cover_id)), None)
    if cover is None:
        raise InvalidInput(str(_l("Choose a colleague who covers for you.")), field="cover")
    absence = db.get(Absence, professional.id) or Absence(professional_id=professional.id,
                                                           municipality_id=professional.municipality_id,
                                                           cover_id=cover.id, starts_on=starts_on, ends_on=ends_on)
    absence.cover_id, absence.starts_on, absence.ends_on = cover.id, starts_on, ends_on
    db.add(absence)
    db.flush()
    return absence


def end_absence(db: Session, *, professional: User) -> None:
    """The professional is back (or the plan changed): urgent messages go to them alone again."""
    absence = db.get(Absence, professional.id)
    if absence is not None:
        db.delete(absence)
        db.flush()


def away_now(db: Session, professional_ids: list[uuid.UUID],
             today: date | None = None) -> dict[uuid.UUID, tuple[Absence, User]]:
    """For each of these professionals who is away today: their absence and the colleague covering (still active)."""
    if not professional_ids:
        return {}
    today = today or local_today()
    rows = db.exec(
        select(Absence, User).join(User, col(User.id) == Absence.cover_id)
        .where(col(Absence.professional_id).in_(professional_ids), col(Absence.starts_on) <= today,
               col(Absence.ends_on) >= today, User.status == AccountStatus.ACTIVE)
    ).all()
    return {absence.professional_id: (absence, cover) for absence, cover in rows}


def covering_for(db: Session, cover: User) -> list[tuple[Absence, User]]:
    """The colleagues this professional covers for, now or soon, with their absence."""
    rows = db.exec(
        select(Absence, User).join(User, col(User.id) == Absence.professional_id)
        .where(Absence.cover_id == cover.id, col(Absence.ends_on) >= local_today())
        .order_by(col(Absence.starts_on))
    ).all()
    return [(absence, person) for absence, person in rows]


# --- the municipality's out-of-hours service -----------------------------------------------------------------


def set_out_of_hours(db: Session, *, municipality: Municipality, name: str, phone: str) -> None:
    """The admin sets the out-of-hours social service's name and phone number (both empty removes it)."""
    name, phone = " ".join((name or "").split()), " ".join((phone or "").split())
    if len(name) > 120:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=120)), field="out_of_hours_name")
    if phone and not PHONE.match(phone):
        raise InvalidInput(str(_l("Write the phone number with digits, for example 46 31 40 00.")),
                           field="out_of_hours_phone")
    if bool(name) != bool(phone):
        raise InvalidInput(str(_l("Write both the name and the phone number, or neither.")),
                           field="out_of_hours_name" if not name else "out_of_hours_phone")
    municipality.out_of_hours_name, municipality.out_of_hours_phone = name or None, phone or None
    db.add(municipality)
    db.flush()


def tel_link(phone: str) -> str:
    """The number as a tel: link (digits and a leading +)."""
    return "tel:" + "".join(ch for ch in phone if ch.isdigit() or ch == "+")
