"""A bisidder's private notes to the young person about a meeting shared with them: nobody else sees them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.meetings.meetings import touch
from youthvoice.meetings.models import BisidderNote
from youthvoice.notify import notifications
from youthvoice.sharing.access import MeetingAccess

NOTE_LIMIT = 2000


def add_note(db: Session, *, access: MeetingAccess, text: str) -> BisidderNote:
    """A bisidder's private note to the young person about a meeting shared with them."""
    if access.is_owner or not access.actor.is_bisidder:
        raise NotFound
    text = (text or "").strip()
    if not text:
        raise InvalidInput(str(_l("Please fill this in.")), field="note")
    if len(text) > NOTE_LIMIT:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=NOTE_LIMIT)), field="note")
    note = BisidderNote(owner_id=access.owner.id, author_id=access.actor.id, author_name=access.actor.display_name,
                        meeting_id=access.meeting.id)
    note.text = text
    db.add(note)
    touch(db, access.meeting)
    notifications.notify(db, user=access.owner, kind="bisidder_note", link=f"/meetings/{access.meeting.id}#notes",
                         about_id=access.owner.id)
    return note


def notes_for(db: Session, access: MeetingAccess) -> list[BisidderNote]:
    """Bisidder notes are for the young person and the bisidder who wrote them; nobody else."""
    query = select(BisidderNote).where(BisidderNote.meeting_id == access.meeting.id)
    if not access.is_owner:
        if not access.actor.is_bisidder:
            return []
        query = query.where(BisidderNote.author_id == access.actor.id)
    return list(db.exec(query.order_by(col(BisidderNote.created_at))))


# --- help right now ------------------------------------------------------------------------------------
