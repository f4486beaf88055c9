""""This is not only about me" (issue 21.6): a young person sends one of her own meeting points, as an anonymous
copy, to her municipality's youth panel, after a preview of exactly what will be sent.

What is stored is a copy of the point's words with the municipality and the day, nothing else: no owner id, no
link to the point or its meeting, no time of day (README, "From my case to our cause", says why: anonymity). So it
cannot be traced back to her, it is not in her "my data", and erasing her account does not find it: once sent it
is the panel's. The preview says all of this before she decides. The panel's members and its coordinator read
the copies on the panel's page; the coordinator can hide one (and show it again).

Sending is once per text and day: a double tap, or the same words sent again the same day, finds the copy already
there (a unique fingerprint of the municipality, the day and the words, so two taps at the same moment store one).
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select
from werkzeug.exceptions import NotFound

from youthvoice.core.errors import InvalidInput
from youthvoice.core.model import utcnow
from youthvoice.council import panel
from youthvoice.council.models import PanelMember, PanelSubmission
from youthvoice.identity.models import Role, User
from youthvoice.meetings import meetings
from youthvoice.meetings.models import MeetingPoint
from youthvoice.sharing import access

TEXT_LIMIT = 500  # a point's own limit (meetings.add_point)


def panel_exists(db: Session, municipality_id: int) -> bool:
    """A municipality has a youth panel while it has at least one member."""
    return db.exec(select(PanelMember.id).where(PanelMember.municipality_id == municipality_id,
                                                col(PanelMember.left_at).is_(None)).limit(1)).first() is not None


def can_send(db: Session, person: User | None) -> bool:
    """A young person may send points to her panel when her municipality has one (else the option is not shown)."""
    if person is None or not getattr(person, "is_authenticated", False) or not person.is_active:
        return False
    return person.role == Role.YOUNG_PERSON and panel_exists(db, person.municipality_id)


def point_to_send(db: Session, person: User, meeting_id: object, point_id: object) -> MeetingPoint:
    """One of her own points, with words in it; a 404 for anything else, or when there is no panel."""
    if not can_send(db, person):
        raise NotFound
    own = access.own_meeting(db, person, meeting_id)
    point = meetings.own_point(db, own.meeting, point_id)
    if not copy_of(point):
        raise NotFound
    return point


def copy_of(point: MeetingPoint) -> str:
    """Exactly what would be sent: the point's words, nothing else."""
    return " ".join((point.text or "").split())[:TEXT_LIMIT]


def send(db: Session, *, person: User, point: MeetingPoint, today: date) -> PanelSubmission:
    """Store the copy for her municipality's panel (or find the one already sent today with these words)."""
    if point.owner_id != person.id or not can_send(db, person):
        raise NotFound
    text = copy_of(point)
    if not text:
        raise InvalidInput(str(_l("Please fill this in.")), field="text")
    fingerprint = _fingerprint(person.municipality_id, today, text)
    earlier = _sent(db, fingerprint)
    if earlier is not None:
        return earlier
    submission = PanelSubmission(municipality_id=person.municipality_id, text=text, received_on=today,
                                 fingerprint=fingerprint)
    try:
        with db.begin_nested():
            db.add(submission)
            db.flush()
    except IntegrityError:  # the other tap stored it a moment before
        found = _sent(db, fingerprint)
        if found is None:  # pragma: no cover - the other request rolled back between our two statements
            raise
        return found
    return submission


def _fingerprint(municipality_id: int, day: date, text: str) -> str:
    return hashlib.sha256(f"{municipality_id}|{day.isoformat()}|{text}".encode()).hexdigest()


def _sent(db: Session, fingerprint: str) -> PanelSubmission | None:
    return db.exec(select(PanelSubmission).where(PanelSubmission.fingerprint == fingerprint)).first()


def for_panel(db: Session, person: User) -> list[PanelSubmission]:
    """What young people sent the panel, newest day first: members see what is not hidden, the coordinator all."""
    who = panel.require_panel(db, person)
    query = select(PanelSubmission).where(PanelSubmission.municipality_id == person.municipality_id)
    if who != "coordinator":
        query = query.where(col(PanelSubmission.hidden_at).is_(None))
    # The day, then the random id: the order says nothing about who sent what when.
    return list(db.exec(query.order_by(col(PanelSubmission.received_on).desc(), col(PanelSubmission.id))))


def set_hidden(db: Session, *, actor: User, submission_id: object, hidden: bool) -> PanelSubmission:
    """The coordinator hides a copy from the members (or shows it again)."""
    panel.require_coordinator(actor)
    try:
        wanted = uuid.UUID(str(submission_id))
    except ValueError:
        raise NotFound from None
    submission = db.exec(select(PanelSubmission).where(
        col(PanelSubmission.id) == wanted, PanelSubmission.municipality_id == actor.municipality_id)).first()
    if submission is None:
        raise NotFound
    submission.hidden_at, submission.hidden_by_id = (utcnow(), actor.id) if hidden else (None, None)
    db.add(submission)
    return submission
