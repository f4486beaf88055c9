"""What the caseworker records about a young person's case: the dates the law sets (issue 18.5). (The journal notes
of a meeting are in meetings.models, where the young person's pages read them.)"""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from youthvoice.core.model import timestamp
from youthvoice.core.personal_data import Erasure, PersonalData


class CaseDates(SQLModel, table=True):
    """The child's plan (barnets plan): when it was made and when it is reviewed next, and the meeting about the
    move to adult life (from 17½), as the young person's professionals record them. Dates only, never anyone's
    words; one row per young person, shared by the professionals who work with them."""

    __personal_data__ = PersonalData(("young_person_id", "updated_by_id"), "case_dates", Erasure.WITH_ACCOUNT)

    young_person_id: uuid.UUID = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    plan_date: date | None = None
    plan_review: date | None = None
    transition_meeting: date | None = None
    # The decision about continued support after 18 (ungestøtte, Barnets lov § 111: due at 17½) and the day that
    # support ends (at the latest the 23rd birthday), as recorded (issue 19.1: the transition plan shows them).
    support_decision: date | None = None
    support_ends: date | None = None
    updated_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    updated_at: datetime = timestamp()


class ProfilePhoto(SQLModel, table=True):
    """A professional's photo on their short profile (issue 18.2), as the young people they work with see it: the
    picture as core/images.py made it again (a small JPEG, no metadata), never the uploaded bytes."""

    __personal_data__ = PersonalData(("user_id",), None, Erasure.NOT_THEIRS,
                                     "staff only: a professional's own photo, deleted with their account")

    user_id: uuid.UUID = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    data: bytes = Field(sa_type=sa.LargeBinary)
    updated_at: datetime = timestamp()
