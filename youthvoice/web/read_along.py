"""What the session load reads along with the session row: one registry, filled by the areas in their init_app.

Most pages need a few of the logged-in person's own values (the unread count in the navigation, the data key
their sealed text opens with). A statement of its own for each cost a round trip per value on every page; they
come instead as extra columns of the one statement that loads the session (identity/sessions.py). The session
load knows only this registry, never the areas: an area says which columns it reads (given the column holding
the session's person id, to correlate or join on) and what to keep of them, and gets them once per request.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from flask import Flask, g
from sqlmodel import Session

_REGISTRY = "yv_read_along"
_BUILT = "yv_read_along_statement"


@dataclass(frozen=True, slots=True)
class ReadAlong:
    """One area's values read with the session row.

    `columns(person_id)` gives the expressions to select (scalar subqueries correlated on `person_id`, or columns
    of `join`'s table); `join(person_id)`, when given, is a (table, on clause) pair to outer-join;
    `remember(db, person_id, values)` keeps the values for the request (in the database session's `info`, say)."""

    name: str
    columns: Callable[[Any], Sequence[Any]]
    remember: Callable[[Session, uuid.UUID, tuple[Any, ...]], None]
    join: Callable[[Any], tuple[Any, Any]] | None = None


@dataclass(frozen=True, slots=True)
class SessionLoad:
    """The session load's statement with every read-along's columns, and where each one's columns are."""

    statement: Any
    parts: tuple[tuple[ReadAlong, int, int], ...]  # (read-along, first column, column after its last)

    def keep(self, person_id: uuid.UUID, row: Sequence[Any]) -> None:
        """Keep the loaded values for the request; each area gets its own when the request's database session
        opens (a request that never opens one, a JSON answer about who is logged in, pays nothing for them)."""
        g.yv_read_along = (self, person_id, tuple(row))

    def remember(self, db: Session, person_id: uuid.UUID, row: Sequence[Any]) -> None:
        """Hand each area the values it asked for, from the loaded row."""
        for read_along, start, stop in self.parts:
            read_along.remember(db, person_id, tuple(row[start:stop]))


def _hand_over(db: Session) -> None:
    """When the request's database session opens: the values read along with the session row go to it."""
    kept = g.pop("yv_read_along", None)
    if kept is not None:
        load, person_id, row = kept
        load.remember(db, person_id, row)


def add(app: Flask, read_along: ReadAlong) -> None:
    """Read `read_along`'s values with every logged-in request's session row (call from an area's init_app)."""
    registry: list[ReadAlong] = app.extensions.setdefault(_REGISTRY, [])
    if any(known.name == read_along.name for known in registry):
        raise ValueError(f"{read_along.name!r} is read along with the session already")
    registry.append(read_along)
    app.extensions.pop(_BUILT, None)  # built again, with the new columns
    hooks = app.extensions.setdefault("yv_session_hooks", [])
    if _hand_over not in hooks:
        hooks.append(_hand_over)


def registered(app: Flask) -> list[str]:
    """The names of what this app's areas read along with the session row, in the order they registered."""
    return [read_along.name for read_along in app.extensions.get(_REGISTRY, [])]


def session_load(app: Flask, base: Callable[[], tuple[Any, Any]]) -> SessionLoad:
    """The session load's statement: `base()` gives the session's own statement and its person id column, and
    every read-along's columns and joins are added to it. Built once per app (statements are costly to build)."""
    built: SessionLoad | None = app.extensions.get(_BUILT)
    if built is None:
        statement, person_id = base()
        parts = []
        for read_along in app.extensions.get(_REGISTRY, []):
            columns = tuple(read_along.columns(person_id))
            start = len(statement.selected_columns)
            statement = statement.add_columns(*columns)
            if read_along.join is not None:
                statement = statement.outerjoin(*read_along.join(person_id))
            parts.append((read_along, start, start + len(columns)))
        built = app.extensions[_BUILT] = SessionLoad(statement, tuple(parts))
    return built
