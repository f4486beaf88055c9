"""Where a person's data lives, table by table: which section of "my data" shows it, and what erasure does with it.

Every table that holds something about a person says so next to its model, as `__personal_data__`. The export
("my data") and erasure read nothing else to know what to cover, and tests/test_personal_data.py walks the models:
a table with a column that points at a person, or a sealed field, and no declaration fails the suite, and so does
a declared section nobody exports or a rule erasure does not carry out. That is how "my data" and erasure stay
complete when a table is added.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
