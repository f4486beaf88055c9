"""Support around the young person: bisidder notes and urgent messages."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from youthvoice.core.model import timestamp
from youthvoice.core.personal_data import Erasure, PersonalData
from youthvoice.privacy.sealing import sealed


class UrgentMessage(SQLModel, table=True):
    """"I need help now", sent to one of the young person's professionals; urgent until acknowledged."""
    __personal_data__ = PersonalData(("owner_id", "professional_id", "cover_id"), "urgent_messages",
                                     Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    professional_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    # The colleague covering while the professional was away when it was sent: they get it too (issue 18.3).
    cover_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", index=True, ondelete="SET NULL")
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = timestamp(index=True)
    acknowledged_at: datetime | None = timestamp(nullable=True)

    __seen_as__ = ("urgent", "id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed")


class Absence(SQLModel, table=True):
    """A professional's absence (holiday, illness, a course) and the colleague of the same municipality who covers:
    while it lasts, urgent messages to them go to the cover as well. Dates only; one absence per professional."""
    __personal_data__ = PersonalData(("professional_id", "cover_id"), None, Erasure.NOT_THEIRS,
                                     'a member of staff away and who covers: about staff only')

    professional_id: uuid.UUID = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cover_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    starts_on: date
    ends_on: date
    created_at: datetime = timestamp()
