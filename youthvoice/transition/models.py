"""The transition plan's own table: the practical things the young person has ticked off. (Her goals and steps are
the small steps' Goal and Step; the dates the law sets are the casework's CaseDates.)"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from youthvoice.core.model import timestamp
from youthvoice.core.personal_data import Erasure, PersonalData


class ChecklistTick(SQLModel, table=True):
    """"Done": one practical thing of the checklist (a key of rights/content/checklist) the young person ticked.
    Only she ticks or unticks it; it is shown to the professionals she shares her plan with."""

    __personal_data__ = PersonalData(("owner_id",), "transition_plan", Erasure.WITH_ACCOUNT)
    __table_args__ = (sa.UniqueConstraint("owner_id", "item"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    item: str = Field(sa_type=sa.String(30))
    done_at: datetime = timestamp()
