"""The support area's part of "my data": urgent messages, and notes from a bisidder outside any meeting."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from youthvoice.identity.models import User
from youthvoice.mydata.data_rights import name_of, when
from youthvoice.support.models import BisidderNote, UrgentMessage


def export_notes(db: Session, person: User) -> list[dict[str, Any]]:
    """Notes from a bisidder that belong to no meeting (those of a meeting are shown with it)."""
    return [{"from": n.author_name, "text": n.text, "when": when(n.created_at)} for n in db.exec(
        select(BisidderNote).where(BisidderNote.owner_id == person.id, col(BisidderNote.meeting_id).is_(None)))]



def export_urgent(db: Session, person: User) -> list[dict[str, Any]]:
    return [{"to": name_of(db, m.professional_id), "text": m.text, "sent": when(m.created_at),
             "seen": when(m.acknowledged_at)}
            for m in db.exec(select(UrgentMessage).where(UrgentMessage.owner_id == person.id))]


