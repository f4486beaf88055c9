"""Pictures on proposals (issue 21.4): a member may add up to MAX_PER_CAUSE pictures to their own proposal while
they may still change its text (a draft, or shared and not yet discussed), and remove them at any time.

Each picture is made again by core/images.py: a JPEG with nothing but its pixels (a phone's photo carries where and
when it was taken; that never reaches the database). Each has words for those who cannot see it, written by the
author, or the proposal's title when they wrote none. Pictures are seen by whoever may see the proposal (members
and the coordinator of its council; its author alone while it is a draft), and on the public page with the cause
when the cause is public there. Nobody but the author changes them. They go or stay with the proposal when its
author is erased (council/data.py), and are in "my data": listed in the export, the pictures themselves in a ZIP.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import date
from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import defer
from sqlmodel import Session, col, func, select

from youthvoice.core import images
from youthvoice.core.danish_calendar import local_today
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.council.causes import term_of
from youthvoice.council.models import Cause, CauseImage, Council, Term
from youthvoice.council.rules import FOLLOW_THROUGH, abilities, require
from youthvoice.identity.models import User

MAX_PER_CAUSE = 3
ALT_LIMIT = 200
LONGEST_SIDE = 1200  # big enough to read a photo of a sign on a phone, small enough to send on a slow connection


def pictures_of(db: Session, cause_ids: list[Any]) -> dict[Any, list[CauseImage]]:
    """The pictures of these causes, oldest first, without their bytes (the page links to them)."""
    found: dict[Any, list[CauseImage]] = {cause_id: [] for cause_id in cause_ids}
    if cause_ids:
        for row in db.exec(select(CauseImage).options(defer(CauseImage.data))  # type: ignore[arg-type]
                           .where(col(CauseImage.cause_id).in_(cause_ids)).order_by(col(CauseImage.created_at))):
            found[row.cause_id].append(row)
    return found


def count_of(db: Session, cause: Cause) -> int:
    return int(db.exec(select(func.count()).select_from(CauseImage).where(CauseImage.cause_id == cause.id)).one())


def may_add(db: Session, actor: User, cause: Cause, today: date) -> bool:
    """The author, while the text may still be changed, and while there is room for one more."""
    return abilities(actor, cause, term_of(db, cause), today).edit and count_of(db, cause) < MAX_PER_CAUSE


def add(db: Session, *, actor: User, cause: Cause, today: date, upload: bytes, alt: str) -> CauseImage:
    """A picture on the author's own proposal, made again small and without its metadata; a clear message (on the
    "picture" field) for anything that is not a usable picture, or one too many."""
    require(abilities(actor, cause, term_of(db, cause), today).edit)
    if count_of(db, cause) >= MAX_PER_CAUSE:
        raise InvalidInput(_("A proposal can have at most %(num)d pictures. Remove one first.", num=MAX_PER_CAUSE),
                           field="picture")
    alt = " ".join((alt or "").split())
    if len(alt) > ALT_LIMIT:
        raise InvalidInput(_("Please keep it under %(max)d characters.", max=ALT_LIMIT), field="picture_alt")
    picture = images.reencode(upload, longest_side=LONGEST_SIDE, field="picture")
    row = CauseImage(municipality_id=cause.municipality_id, cause_id=cause.id, added_by_id=actor.id,
                     data=picture.data, width=picture.width, height=picture.height, alt=alt)
    db.add(row)
    cause.last_activity_at = utcnow()
    db.add(cause)
    db.flush()
    return row


def remove(db: Session, *, actor: User, picture: CauseImage) -> None:
    """Only the one who added it removes it (at any time: it is their picture)."""
    require(picture.added_by_id is not None and picture.added_by_id == actor.id)
    db.delete(picture)


def picture_of(db: Session, cause: Cause, picture_id: object) -> CauseImage:
    """A picture of this cause (which the caller already may see); NotFound for any other id."""
    try:
        wanted = uuid.UUID(str(picture_id))
    except ValueError:
        raise NotFound from None
    row = db.exec(select(CauseImage).where(CauseImage.id == wanted, CauseImage.cause_id == cause.id)).first()
    if row is None:
        raise NotFound
    return row


def public_picture(db: Session, council: Council, cause_id: object, picture_id: object) -> CauseImage:
    """A picture of a cause on the council's public page (a chosen cause, of a started term, of a council whose
    page is public); NotFound for everything else."""
    try:
        cause_uuid, picture_uuid = uuid.UUID(str(cause_id)), uuid.UUID(str(picture_id))
    except ValueError:
        raise NotFound from None
    row = db.exec(
        select(CauseImage).join(Cause, col(Cause.id) == CauseImage.cause_id)
        .join(Term, col(Term.id) == Cause.term_id)
        .where(CauseImage.id == picture_uuid, Cause.id == cause_uuid, Term.council_id == council.id,
               col(Cause.status).in_(FOLLOW_THROUGH), Term.starts_on <= local_today())
    ).first()
    if row is None or not council.public_page:
        raise NotFound
    return row


# --- "my data": the list in the export, the pictures themselves in a ZIP ------------------------------------------


def file_name(picture: CauseImage) -> str:
    return f"pictures/{picture.created_at:%Y-%m-%d}-{picture.id.hex[:8]}.jpg"


def _theirs(db: Session, person: User) -> list[tuple[CauseImage, str]]:
    return [(row, title) for row, title in db.exec(
        select(CauseImage, Cause.title).join(Cause, col(Cause.id) == CauseImage.cause_id)
        .where(CauseImage.added_by_id == person.id).order_by(col(CauseImage.created_at)))]


def export_pictures(db: Session, person: User) -> list[dict[str, Any]]:
    """Their pictures in "my data": on which proposal, what they wrote about it, and its file in the download."""
    return [{"proposal": title, "alt": row.alt, "when": row.created_at.isoformat(), "file": file_name(row)}
            for row, title in _theirs(db, person)]


def archive(db: Session, person: User) -> bytes:
    """All the pictures they added, as a ZIP, named as the export lists them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as bundle:
        for row, _title in _theirs(db, person):
            bundle.writestr(file_name(row), row.data)
    return buffer.getvalue()
