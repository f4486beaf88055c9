"""What every table shares: timezone-aware UTC timestamps and the naming convention of constraints."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Protocol

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

__all__ = ["Identified", "Person", "SQLModel", "UTCDateTime", "timestamp", "utcnow"]


class Identified(Protocol):
    """Anything with an id: a person, as the lower layers see them (they do not import the people's table)."""

    @property
    def id(self) -> uuid.UUID: ...


class Person(Identified, Protocol):
    """A person as the lower layers see them: who, and in which municipality (identity.models.User is one)."""

    @property
    def municipality_id(self) -> int: ...


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware UTC in Python, whatever the database keeps."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def timestamp(*, index: bool = False, nullable: bool = False) -> Any:
    """A timestamp column; `created_at`-style columns default to now. Typed Any, as `Field` is, so a column may be
    declared `datetime`."""
    if nullable:
        return Field(default=None, sa_type=UTCDateTime, index=index, nullable=True)
    return Field(default_factory=utcnow, sa_type=UTCDateTime, index=index)
