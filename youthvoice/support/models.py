"""Support around the young person: bisidder notes and urgent messages."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from youthvoice.core.model import timestamp
from youthvoice.core.personal_data import Erasure, PersonalData
from youthvoice.privacy.sealing import sealed


class UrgentMessage(SQLModel, table=True):
    """"I need help now", sent to one of the young person's professionals; urgent until acknowledged."""
    __personal_data__ = PersonalData(("owner_id", "professional_id"), "urgent_messages", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    professional_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = timestamp(index=True)
    acknowledged_at: datetime | None = timestamp(nullable=True)

    __seen_as__ = ("urgent", "id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed")
