"""What a young person shared, with whom, from when until when: their part of "my data"."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from youthvoice.core.personal_data import when
from youthvoice.identity.accounts import name_of
from youthvoice.identity.models import User
from youthvoice.sharing.models import Share


def export_sharing(db: Session, person: User) -> list[dict[str, Any]]:
    return [{"with": name_of(db, share.grantee_id), "what": share.scope, "parts": share.parts,
             "from": when(share.created_at), "until": when(share.withdrawn_at)}
            for share in db.exec(select(Share).where(Share.owner_id == person.id).order_by(col(Share.created_at)))]


