"""Peer groups (issue 20.3): a group a facilitator (tovholder) runs for a course, its members, their posts and
replies on the board (tips, housing leads, tasks), the group's meeting dates, and members' flags."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from youthvoice.core.model import UTCDateTime, timestamp
from youthvoice.core.personal_data import Erasure, PersonalData
from youthvoice.privacy.sealing import sealed


class PostKind(StrEnum):
    """What a post on the group's board is (a plain code: the board can be sorted by it)."""

    POST = "post"  # a plain post
    TIP = "tip"
    HOUSING_LEAD = "housing_lead"  # a flat or room someone heard of (boligtip)
    TASK = "task"  # "who comes to the viewing on Tuesday?"


class PeerGroup(SQLModel, table=True):
    """A group for a course ("Boligjagt forår 2027"), run by its facilitator. Its name and description are the
    facilitator's words about the course, nobody's case."""
    __personal_data__ = PersonalData(("facilitator_id",), None, Erasure.NOT_THEIRS,
                                     "made and run by the facilitator (staff or a volunteer)")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    facilitator_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", index=True, ondelete="SET NULL")
    name: str = Field(max_length=80)
    about: str = Field(default="", max_length=400)
    created_at: datetime = timestamp()
    closed_at: datetime | None = timestamp(nullable=True)  # the facilitator closed it: read-only from then on


class RemovedWhy(StrEnum):
    """Why the facilitator took a member out of the group: a few plain reasons (shown to her in her own language),
    or `OTHER` with the facilitator's own words."""

    HURT_OTHERS = "hurt_others"
    AGREEMENTS = "agreements"
    OWN_WISH = "own_wish"
    OTHER = "other"


class GroupMember(SQLModel, table=True):
    """A young person (in care, or a peer not in care) in a group. Leaving keeps the row with `left_at`, so "my
    data" can say when; from that moment the group is closed to them. A member the facilitator takes out of the
    group has left too, with `removed_at` and the reason she is shown (a plain reason, and the facilitator's own
    words if they wrote any); an invite later makes her a member again."""
    __personal_data__ = PersonalData(("user_id",), "groups", Erasure.WITH_ACCOUNT)
    __table_args__ = (sa.UniqueConstraint("group_id", "user_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    group_id: uuid.UUID = Field(foreign_key="peergroup.id", index=True, ondelete="CASCADE")
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    joined_at: datetime = timestamp()
    left_at: datetime | None = timestamp(nullable=True)
    removed_at: datetime | None = timestamp(nullable=True)
    removed_why: str | None = Field(default=None, sa_type=sa.String(20))  # a RemovedWhy
    removed_reason: str | None = Field(default=None, max_length=300)  # the facilitator's words, shown to her


class GroupInvite(SQLModel, table=True):
    """A one-time link the facilitator shows a young person who already has youthvoice (in care) to join the group
    (a young person not in care gets a peer account and its own invite instead). Only the token's hash is kept."""
    __personal_data__ = PersonalData(("created_by_id",), None, Erasure.NOT_THEIRS,
                                     "made by the facilitator; the name is the first name they typed")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    group_id: uuid.UUID = Field(foreign_key="peergroup.id", index=True, ondelete="CASCADE")
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    first_name: str = Field(max_length=40)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = timestamp()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = timestamp(nullable=True)


class GroupMeeting(SQLModel, table=True):
    """A date the group meets, set by the facilitator."""
    __personal_data__ = PersonalData(("created_by_id",), None, Erasure.NOT_THEIRS, "set by the facilitator")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    group_id: uuid.UUID = Field(foreign_key="peergroup.id", index=True, ondelete="CASCADE")
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    place: str = Field(default="", max_length=120)
    created_at: datetime = timestamp()


class GroupPost(SQLModel, table=True):
    """A member's post on the group's board, or a reply to one: her own words, sealed with her key, shown to the
    group's members (she posted them there: not logged as a view, like a council comment; see sealing.sealed).
    The facilitator may hide a post with a reason that stays visible, and show it again; the author may delete
    it (others' replies to it stay, as posts of their own)."""
    __personal_data__ = PersonalData(("owner_id", "hidden_by_id", "restored_by_id"), "groups", Erasure.WITH_ACCOUNT,
                                     "her posts go with her account; others' replies to them stay")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    group_id: uuid.UUID = Field(foreign_key="peergroup.id", index=True, ondelete="CASCADE")
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")  # who wrote it
    parent_id: uuid.UUID | None = Field(default=None, foreign_key="grouppost.id", index=True, ondelete="SET NULL")
    kind: str = Field(default=PostKind.POST, sa_type=sa.String(20))
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = timestamp(index=True)
    hidden_at: datetime | None = timestamp(nullable=True)
    hidden_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    hidden_reason: str | None = Field(default=None, max_length=300)
    restored_at: datetime | None = timestamp(nullable=True)
    restored_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    restored_reason: str | None = Field(default=None, max_length=300)

    __seen_as__ = ("group_post", "group_id")  # (members reading it are not logged: posted=True)
    text = sealed("text_sealed", posted=True)


class GroupPostFlag(SQLModel, table=True):
    """A member asks the facilitator to look at a post (once per member and post). Who asked is never shown; the
    flag is settled when the facilitator hides the post or leaves it as it is."""
    __personal_data__ = PersonalData(("flagged_by_id",), "groups", Erasure.WITH_ACCOUNT)
    __table_args__ = (sa.UniqueConstraint("post_id", "flagged_by_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    post_id: uuid.UUID = Field(foreign_key="grouppost.id", index=True, ondelete="CASCADE")
    flagged_by_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    reason: str = Field(default="", max_length=300)
    created_at: datetime = timestamp()
    settled_at: datetime | None = timestamp(nullable=True)
