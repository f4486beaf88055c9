"""What a young person shares with whom: a meeting's parts, the network, the small steps."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from youthvoice.core.model import timestamp
from youthvoice.core.personal_data import Erasure, PersonalData


class ShareScope(StrEnum):
    MEETING = "meeting"
    NETWORK = "network"
    STEPS = "steps"
    HOUSING = "housing"  # my housing wishes (issue 19.2)
    TRANSITION = "transition"  # my transition plan (issue 19.1)
    # A supporter from her network (issue 20): the goals (and their steps) of the life areas listed in `parts`.
    GOALS = "goals"
    HELP_OFFER = "help_offer"  # "I would like to help" (issue 19.3): also a coordinator of my home municipality


class SharePart(StrEnum):
    """What of a meeting a share covers. Any share shows the meeting's time and place (its basics)."""

    BASICS = "basics"
    PREPARATION = "preparation"
    DECISIONS = "decisions"
    AFTER = "after"


class Share(SQLModel, table=True):
    """The young person lets one of their people see one thing (a meeting's parts, the network, the steps)."""
    __personal_data__ = PersonalData(("owner_id", "grantee_id"), "sharing", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    grantee_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    scope: str = Field(sa_type=sa.String(20))
    meeting_id: uuid.UUID | None = Field(default=None, foreign_key="meeting.id", index=True, ondelete="CASCADE")
    # comma-separated SharePart values for meetings; life areas for a supporter's goals share
    parts: str = Field(default="", max_length=100)
    created_at: datetime = timestamp()
    withdrawn_at: datetime | None = timestamp(nullable=True)


CONTENT_PARTS = (SharePart.PREPARATION, SharePart.DECISIONS, SharePart.AFTER)
ALL_PARTS = (SharePart.BASICS, *CONTENT_PARTS)


def parts_of(share: Share | None) -> frozenset[str]:
    """The parts of a meeting a share covers (none for no share)."""
    if share is None:
        return frozenset()
    return frozenset(part for part in share.parts.split(",") if part)
