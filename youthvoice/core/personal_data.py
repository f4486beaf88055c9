"""Where a person's data lives, table by table: which section of "my data" shows it, and what erasure does with it.

Every table that holds something about a person says so next to its model, as `__personal_data__`. The export
("my data") and erasure read nothing else to know what to cover, and tests/test_personal_data.py walks the models:
a table with a column that points at a person, or a sealed field, and no declaration fails the suite, and so does
a declared section nobody exports or a rule erasure does not carry out. That is how "my data" and erasure stay
complete when a table is added.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Erasure(StrEnum):
    """What erasing a young person does with a table's rows about them."""

    WITH_ACCOUNT = "with_account"  # deleted with their account (the database cascades from it)
    DELETED = "deleted"  # deleted by erasure itself, before the account: their own texts in shared places
    FORMER_MEMBER = "former_member"  # kept for the others who built on it, with their name removed
    FROM_THE_CAUSE = "from_the_cause"  # goes or stays with the youth-council cause it belongs to
    RECORD_ONLY = "record_only"  # the audit log keeps that something happened (ids and kinds, never words or names)
    NOT_THEIRS = "not_theirs"  # about staff only (a young person's id never appears here)


@dataclass(frozen=True)
class PersonalData:
    """A table's personal data: the columns naming whose it is, the "my data" section that shows it (None says why
    not in `why`), and what erasure does."""

    people: tuple[str, ...]
    export: str | None
    erasure: Erasure
    why: str = ""


def declaration(model: type) -> PersonalData | None:
    return getattr(model, "__personal_data__", None)


# --- what each area adds to "my data" and to erasure (its area.init_app) --------------------------------------


@dataclass(frozen=True)
class Section:
    """A section of "my data": what reads it, and the words the printable copy uses for its title, its fields and
    its codes (by (list or section, key))."""

    name: str
    export: Callable[[Any, Any], Any]  # (database session, person) -> what the section shows
    title: Any = None
    fields: Mapping[str, Any] = field(default_factory=dict)
    codes: Mapping[tuple[str, str], Mapping[Any, Any]] = field(default_factory=dict)
    keys: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # words for the keys of a dict, by its key


Eraser = Callable[[Any, Any], None]  # (database session, person): run before the account is deleted


@dataclass
class Registry:
    """This app's sections of "my data" and the areas' erasure steps, in the order the areas joined."""

    sections: dict[str, Section] = field(default_factory=dict)
    erasers: dict[str, Eraser] = field(default_factory=dict)


def registry_of(app: Any) -> Registry:
    registry: Registry = app.extensions.setdefault("yv_personal_data", Registry())
    return registry


def add_section(app: Any, name: str, export: Callable[[Any, Any], Any], *, title: Any = None,
                fields: Mapping[str, Any] | None = None,
                codes: Mapping[tuple[str, str], Mapping[Any, Any]] | None = None,
                keys: Mapping[str, Mapping[str, Any]] | None = None) -> None:
    """An area's section of "my data" (every area that stores something about a person adds one)."""
    registry_of(app).sections[name] = Section(name, export, title, dict(fields or {}), dict(codes or {}),
                                              dict(keys or {}))


def add_eraser(app: Any, name: str, eraser: Eraser) -> None:
    """What erasing a person means in an area whose rows are not simply deleted with the account (the youth
    council keeps proposals others built on)."""
    registry_of(app).erasers[name] = eraser


def when(value: Any) -> str | None:
    """A moment or a day as "my data" writes it (ISO 8601), or None."""
    return value.isoformat() if value else None
