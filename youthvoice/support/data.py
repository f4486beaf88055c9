"""The support area's part of "my data": the urgent messages."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from youthvoice.core.personal_data import when
from youthvoice.identity.accounts import name_of
from youthvoice.identity.models import User
from youthvoice.support.models import UrgentMessage


def export_urgent(db: Session, person: User) -> list[dict[str, Any]]:
    return [{"to": name_of(db, m.professional_id), "also_to": name_of(db, m.cover_id) if m.cover_id else None,
             "text": m.text, "sent": when(m.created_at),
             "seen": when(m.acknowledged_at)}
            for m in db.exec(select(UrgentMessage).where(UrgentMessage.owner_id == person.id))]


