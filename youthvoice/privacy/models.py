"""The young person's data keys and the audit log."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from youthvoice.core.model import timestamp
from youthvoice.core.personal_data import Erasure, PersonalData


class DataKey(SQLModel, table=True):
    """A young person's own content key, wrapped by a master key. Deleting it makes their content unreadable."""
    __personal_data__ = PersonalData(("owner_id",), None, Erasure.WITH_ACCOUNT,
                                     "the key their words are sealed with, never shown; destroyed first, so a "
                                     "backup's copy cannot be read")

    owner_id: uuid.UUID = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    master_key_id: str = Field(max_length=40)
    wrapped: bytes = Field(sa_type=sa.LargeBinary(128))
    created_at: datetime = timestamp()


class AuditEvent(SQLModel, table=True):
    """Append-only, signed and chained (audit.py): who, what kind of thing, which record and when; never content."""
    __personal_data__ = PersonalData(("actor_id", "subject_id"), "who_has_seen_what", Erasure.RECORD_ONLY,
                                     "the log keeps who did what to which record when (ids, never words or "
                                     "names); also 'account_events'")

    # a person's own events of one kind (the home page's "your account was recovered")
    __table_args__ = (sa.Index("ix_auditevent_subject_id_action", "subject_id", "action"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = timestamp(index=True)
    municipality_id: int | None = Field(default=None, index=True)
    actor_id: uuid.UUID | None = Field(default=None, index=True)
    subject_id: uuid.UUID | None = Field(default=None, index=True)  # whose data or account
    action: str = Field(max_length=40)
    object_type: str = Field(default="", max_length=40)
    object_id: str = Field(default="", max_length=64)
    seq: int = 0  # its place in the log: 1, 2, 3, ... (signed, so entries cannot be removed and renumbered)
    key_id: str = Field(default="", max_length=40)  # the audit key its hash was signed with
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)
