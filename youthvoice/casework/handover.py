"""Colleagues and handover on the young person's terms (issue 18.2).

A professional is added to a young person by the admin (or, where the admin allows it, by a colleague who already
works with them); a caseworker's young people are moved to others in one step when they leave. Either way the
young person is told and sees the new person's short profile; nothing of hers is shared by it: she chooses what,
if anything, to share. The leaving caseworker's shares end with their link. The leaving caseworker may write a note
to the new one that holds only their own words (it starts empty: never a word of hers is copied into it).
The young person can ask for a different contact; the admin sees the request and marks it done.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select, update

from youthvoice.casework.models import ProfilePhoto
from youthvoice.core import images
from youthvoice.core.db import owned
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity import accounts
from youthvoice.identity.models import ContactRequest, Handover, Link, User
from youthvoice.notify import notifications
from youthvoice.privacy import audit
from youthvoice.privacy.audit import Action
from youthvoice.sharing import access
from youthvoice.sharing.models import Share

NOTIFICATION_KINDS = {
    "new_professional": _l("A new professional works with you. See who they are, and choose what to share"),
    "handover": _l("You have a new young person from a colleague"),
    "handover_note": _l("A colleague wrote you a handover note"),
    "contact_request": _l("A young person asks for a different contact"),
}
NOTE_LIMIT = 4000


def add_professional(db: Session, *, actor: User, young_person: User, professional: User) -> Link:
    """Link a professional to a young person (the admin, or a linked colleague where allowed). She is told and
    sees who they are; nothing of hers is shared with them."""
    if not access.may_add_colleague(db, actor, young_person) or professional.municipality_id != actor.municipality_id \
            or not professional.is_professional or not professional.is_active:
        raise NotFound
    if access.is_linked(db, young_person.id, professional.id):
        return accounts.link(db, young_person=young_person, other=professional)
    row = accounts.link(db, young_person=young_person, other=professional)
    notifications.notify(db, user=young_person, kind="new_professional", link=f"/my-people/{professional.id}",
                         about_id=young_person.id)
    audit.record(session=db, action=Action.CREATE, actor=actor, subject=young_person, object_type="link",
                 object_id=row.id)
    return row


def _end_link(db: Session, *, young_person: User, professional: User) -> None:
    """End a professional's link to a young person, and every share she had given them with it."""
    now = utcnow()
    db.exec(update(Link).where(col(Link.young_person_id) == young_person.id, col(Link.other_id) == professional.id,
                               col(Link.ended_at).is_(None)).values(ended_at=now))
    db.exec(update(Share).where(col(Share.owner_id) == young_person.id, col(Share.grantee_id) == professional.id,
                                col(Share.withdrawn_at).is_(None)).values(withdrawn_at=now))


def move_caseload(db: Session, *, actor: User, leaving: User, moves: Mapping[uuid.UUID, User],
                  message: str) -> list[Handover]:
    """Move young people of a leaving caseworker to others in one step: for each, the old link (and her shares
    with it) ends, the new one starts, she is told, and a handover is recorded for the leaving caseworker's note.
    `moves` maps a young person's id to the new professional; young people left out stay as they are."""
    if not moves:
        raise InvalidInput(message, field="to")
    young = {row.id: row for row in access.young_people_of(db, leaving)}
    handovers = []
    for young_id, new in moves.items():
        if young_id not in young or new.id == leaving.id:
            raise InvalidInput(message, field="to")
        person = owned(db, User, young_id, municipality_id=actor.municipality_id)
        _end_link(db, young_person=person, professional=leaving)
        add_professional(db, actor=actor, young_person=person, professional=new)
        handover = Handover(municipality_id=actor.municipality_id, young_person_id=person.id, from_id=leaving.id,
                            to_id=new.id, moved_by_id=actor.id)
        db.add(handover)
        db.flush()
        notifications.notify(db, user=new, kind="handover", link=f"/people/{person.id}", about_id=person.id)
        handovers.append(handover)
    notifications.notify(db, user=leaving, kind="handover_note", link="/people/handovers")
    return handovers


def write_note(db: Session, *, handover: Handover, author: User, text: str, message: str) -> None:
    """The leaving caseworker's note to the new one: only what they write here (never her words)."""
    text = (text or "").strip()
    if not text or len(text) > NOTE_LIMIT:
        raise InvalidInput(message, field="note")
    if handover.from_id != author.id:
        raise NotFound
    handover.note = text
    handover.note_at = utcnow()
    db.add(handover)
    if handover.to_id is not None:
        notifications.notify(db, user=handover.to_id, kind="handover_note",
                             link=f"/people/{handover.young_person_id}#handover", about_id=handover.young_person_id)


def handovers_from(db: Session, professional: User) -> list[Handover]:
    """The handovers a caseworker made notes for, or may still (their own, newest first)."""
    return list(db.exec(select(Handover).where(Handover.from_id == professional.id)
                        .order_by(col(Handover.created_at).desc()).limit(200)))


def ask_for_another_contact(db: Session, *, young_person: User, professional: User) -> ContactRequest:
    """She asks for a different contact than this professional of hers: the admin sees who asked about whom
    (never why: that she tells in her own way). Asking again while one is open is the same request."""
    if not access.is_linked(db, young_person.id, professional.id):
        raise NotFound
    waiting = db.exec(select(ContactRequest).where(ContactRequest.young_person_id == young_person.id,
                                                   ContactRequest.professional_id == professional.id,
                                                   col(ContactRequest.done_at).is_(None))).first()
    if waiting is not None:
        return waiting
    request = ContactRequest(municipality_id=young_person.municipality_id, young_person_id=young_person.id,
                             professional_id=professional.id)
    db.add(request)
    db.flush()
    return request


def open_requests(db: Session, municipality_id: int) -> list[ContactRequest]:
    """The municipality's requests for a different contact that nobody has acted on yet, oldest first."""
    return list(db.exec(select(ContactRequest).where(ContactRequest.municipality_id == municipality_id,
                                                     col(ContactRequest.done_at).is_(None))
                        .order_by(col(ContactRequest.created_at)).limit(200)))


def waiting_request(db: Session, young_person: User, professional: User) -> ContactRequest | None:
    return db.exec(select(ContactRequest).where(ContactRequest.young_person_id == young_person.id,
                                                ContactRequest.professional_id == professional.id,
                                                col(ContactRequest.done_at).is_(None))).first()


def mark_done(db: Session, *, actor: User, request_id: object) -> ContactRequest:
    """The admin has acted on a request (moved her to someone else, or talked with her)."""
    request = owned(db, ContactRequest, request_id, municipality_id=actor.municipality_id)
    if request.done_at is None:
        request.done_at, request.done_by_id = utcnow(), actor.id
        db.add(request)
    return request


def set_profile(db: Session, *, person: User, phone_hours: str, about: str) -> None:
    """A professional's own short profile, shown to the young people they work with."""
    person.phone_hours = phone_hours.strip()[:80] or None
    person.about = about.strip()[:400] or None
    db.add(person)


def set_photo(db: Session, *, person: User, upload: bytes) -> None:
    """A professional's own photo: made again by core/images.py (small, upright, no metadata) and kept."""
    picture = images.reencode(upload, field="photo")
    photo = db.get(ProfilePhoto, person.id)
    if photo is None:
        db.add(ProfilePhoto(user_id=person.id, data=picture.data))
    else:
        photo.data, photo.updated_at = picture.data, utcnow()
        db.add(photo)


def remove_photo(db: Session, *, person: User) -> None:
    photo = db.get(ProfilePhoto, person.id)
    if photo is not None:
        db.delete(photo)


def photo_of(db: Session, person: User) -> ProfilePhoto | None:
    return db.get(ProfilePhoto, person.id)


def export_handovers(db: Session, person: User) -> dict[str, Any]:
    """Her part of "my data": who handed her to whom, when, with the note, and her requests for another contact."""
    def name(user_id: uuid.UUID | None) -> str | None:
        return accounts.name_of(db, user_id)

    return {
        "handovers": [{"from": name(row.from_id), "to": name(row.to_id), "when": row.created_at.isoformat(),
                       "note": row.note}
                      for row in db.exec(select(Handover).where(Handover.young_person_id == person.id)
                                         .order_by(col(Handover.created_at)))],
        "asked_for_another_contact": [
            {"instead_of": name(row.professional_id), "when": row.created_at.isoformat(),
             "done": row.done_at.isoformat() if row.done_at else None}
            for row in db.exec(select(ContactRequest).where(ContactRequest.young_person_id == person.id)
                               .order_by(col(ContactRequest.created_at)))],
    }
