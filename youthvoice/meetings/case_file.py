"""What professionals saved to the municipality's case file from a young person's meetings: the journal notes
made of them (made in casework/journal.py), as the young person is shown them."""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from youthvoice.meetings.models import JournalNote

# How a part of a meeting reads in "Lene saved … to your case file" (the "who has seen what" words: seen_label).
PART_SEEN_KIND = {"preparation": "preparation", "decisions": "decision", "after": "after"}


def notes_about(
    db: Session, owner_id: uuid.UUID, meeting_id: uuid.UUID | None = None, limit: int = 200
) -> list[JournalNote]:
    """The journal notes made of the young person's meetings (or of one meeting), newest first."""
    query = select(JournalNote).where(JournalNote.owner_id == owner_id)
    if meeting_id is not None:
        query = query.where(JournalNote.meeting_id == meeting_id)
    return list(db.exec(query.order_by(col(JournalNote.made_at).desc()).limit(limit)))


def seen_kinds(note: JournalNote) -> list[str]:
    """The note's parts as the kinds "who has seen what" names ("your preparation", …)."""
    return [PART_SEEN_KIND[part] for part in note.parts.split(",") if part in PART_SEEN_KIND]
