"""Create requests already carried out, by their client's key (core/idempotency.py)."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from youthvoice.core.model import timestamp
from youthvoice.core.personal_data import Erasure, PersonalData


class RequestKey(SQLModel, table=True):
    """A create request already carried out, by its client's key: a retry after a lost answer (a dropped
    connection, a killed server, an offline queue sending again) is answered without creating a second row."""
    __personal_data__ = PersonalData(("user_id",), None, Erasure.WITH_ACCOUNT,
                                     'which requests were already carried out (keys, never content): forgotten '
                                     'after 30 days')

    __table_args__ = (sa.UniqueConstraint("user_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=64)
    endpoint: str = Field(max_length=80)
    # What the request created, so an API retry can answer with it (an id, never content).
    resource_id: str | None = Field(default=None, max_length=64)
    # The sha256 of what was asked (the URL's values and the body, canonical): a key sent again with something else
    # is refused, never answered with the first request's result. None for keys recorded before it was kept.
    body_hash: str | None = Field(default=None, max_length=64)
    created_at: datetime = timestamp(index=True)
