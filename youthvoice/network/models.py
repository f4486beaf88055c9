"""The network and small steps: people, goals, steps, ratings, suggestions."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from youthvoice.core.model import timestamp
from youthvoice.core.personal_data import Erasure, PersonalData
from youthvoice.privacy.sealing import sealed


class Relation(StrEnum):
    FAMILY = "family"
    FRIEND = "friend"
    NEIGHBOUR = "neighbour"
    COACH_TEACHER = "coach_teacher"  # a former coach or teacher
    PROFESSIONAL = "professional"
    OTHER = "other"


class Circle(StrEnum):
    """How close someone is: the three circles of the network picture."""

    INNER = "inner"
    MIDDLE = "middle"
    OUTER = "outer"


class HelpKind(StrEnum):
    """What someone in the network could help with."""

    HOUSING = "housing"
    SCHOOL_WORK = "school_work"
    MONEY = "money"
    PRACTICAL = "practical"
    TALK = "talk"  # someone to talk to
    COMPANY = "company"


class AskStatus(StrEnum):
    """What happened when an outer-circle person was asked for help."""

    NOT_YET = "not_yet"
    ASKED = "asked"
    YES = "yes"
    NO = "no"


class LifeArea(StrEnum):
    HOUSING = "housing"
    SCHOOL_WORK = "school_work"
    HEALTH = "health"  # health and well-being
    RELATIONSHIPS = "relationships"
    MONEY = "money"
    EVERYDAY = "everyday"
    LEISURE = "leisure"


class NetworkPerson(SQLModel, table=True):
    """Someone in a young person's network. The name and the note are sealed with the young person's key."""
    __personal_data__ = PersonalData(("owner_id",), "network", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    relation: str = Field(sa_type=sa.String(20))
    circle: str = Field(sa_type=sa.String(10))
    helps: str = Field(default="", max_length=100)  # comma-separated HelpKind values
    # Set when the young person marks an outer-circle person as someone they could ask for help (AskStatus).
    ask_status: str | None = Field(default=None, sa_type=sa.String(10))
    ask_note_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp(index=True)

    __seen_as__ = ("network", "owner_id")  # how a view by someone else reads in "who has seen what"
    name = sealed("name_sealed")
    ask_note = sealed("ask_note_sealed")

    @property
    def could_ask(self) -> bool:
        return self.ask_status is not None


class Goal(SQLModel, table=True):
    """What the young person wants to reach in one life area, in their own words."""
    __personal_data__ = PersonalData(("owner_id",), "small_steps", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    area: str = Field(sa_type=sa.String(20))
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    reached_on: date | None = None
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp()

    __seen_as__ = ("steps", "owner_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed")


class Step(SQLModel, table=True):
    """A small step: done on a day ("what I have achieved"), or, without a day, my next step."""
    __personal_data__ = PersonalData(("owner_id",), "small_steps", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    area: str = Field(sa_type=sa.String(20))
    day: date | None = Field(default=None, index=True)
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = timestamp()

    __seen_as__ = ("steps", "owner_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed")


class AreaRating(SQLModel, table=True):
    """How the young person rates one life area on one day, 1 (bad) to 10 (really good). One per area per day."""
    __personal_data__ = PersonalData(("owner_id",), "small_steps", Erasure.WITH_ACCOUNT)

    __table_args__ = (sa.UniqueConstraint("owner_id", "area", "day"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    area: str = Field(sa_type=sa.String(20))
    day: date = Field(index=True)
    value: int
    created_at: datetime = timestamp()


class StepSuggestion(SQLModel, table=True):
    """A professional's idea for a next step. It becomes the young person's step only if they accept it."""
    __personal_data__ = PersonalData(("owner_id", "author_id"), "small_steps", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")  # the young person
    author_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    author_name: str = Field(max_length=80)
    area: str = Field(sa_type=sa.String(20))
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = timestamp(index=True)
    accepted_at: datetime | None = timestamp(nullable=True)
    declined_at: datetime | None = timestamp(nullable=True)
    step_id: uuid.UUID | None = Field(default=None, foreign_key="step.id", ondelete="SET NULL")

    __seen_as__ = ("steps", "owner_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed", author="author_id")


class HousingKind(StrEnum):
    """What kind of home a young person wishes for when they leave care (a plain code: it can be counted)."""

    OWN_FLAT = "own_flat"
    SHARED_FLAT = "shared_flat"
    YOUTH_HOUSING = "youth_housing"
    TRAINING_FLAT = "training_flat"
    FOSTER_FAMILY = "foster_family"  # staying on with the foster family under continued support
    OTHER = "other"


class HousingWish(SQLModel, table=True):
    """My housing wishes: the kind of home (a code) and, in my own words, where, with whom, what I can afford and
    what help I would need. One per young person; the words are sealed with her key."""
    __personal_data__ = PersonalData(("owner_id",), "housing", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", unique=True, ondelete="CASCADE")
    kind: str | None = Field(default=None, sa_type=sa.String(20))
    kind_other_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    town_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    near_whom_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    with_whom_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    afford_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    help_needed_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp()

    __seen_as__ = ("housing", "owner_id")  # how a view by someone else reads in "who has seen what"
    kind_other = sealed("kind_other_sealed")
    town = sealed("town_sealed")
    near_whom = sealed("near_whom_sealed")
    with_whom = sealed("with_whom_sealed")
    afford = sealed("afford_sealed")
    help_needed = sealed("help_needed_sealed")


class SupporterMessageKind(StrEnum):
    """What a supporter from her network sends her (issue 20, "Be my Back")."""

    ENCOURAGEMENT = "encouragement"  # "You can do it!"
    HELP = "help"  # concrete help: "I can help you move on Saturday", "I know a landlord"


class SupporterMessage(SQLModel, table=True):
    """Encouragement or an offer of help from one of her supporters to the young person. Sealed with her key (it is
    about her and kept in her data); written by the supporter, so nobody else's words are put in her mouth."""
    __personal_data__ = PersonalData(("owner_id", "author_id"), "supporters", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")  # the young person
    author_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", index=True, ondelete="SET NULL")
    kind: str = Field(sa_type=sa.String(20))
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = timestamp(index=True)

    __seen_as__ = ("supporters", "owner_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed", author="author_id")
