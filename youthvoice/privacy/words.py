"""The young person's words are theirs: nobody else changes or deletes them, and nobody else is shown them without
it being written in the audit log first.

Each sealed field declares whose words it holds (`sealing.sealed`: the owner's unless an `author` column says
otherwise). Two hooks on every database session make both halves hold for every table and route, present or
future, instead of relying on each route to remember:

- before a flush, a change or deletion of a young person's words by anyone else is refused (`WordsProtected`,
  a 404 like every refusal); a co-writer (the bisidder) may write what is empty or written with them, and the
  system's erasure of a person (`erasing`) is the one exception;
- every sealed value opened for someone other than its owner and its author is noted (`ViewLog`), and the web
  layer writes the notes to the audit log before the response leaves (`flush_views`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from youthvoice.core.db import get_session
from youthvoice.core.errors import NotFound, failure_response
from youthvoice.privacy import audit
from youthvoice.privacy.sealing import OPEN_HOOK, committed_value, sealed

ACTOR = "yv_actor"  # session.info: the acting person's id, or a callable giving it (None: the system)
ERASING = "yv_erasing"


class ContentLocked(Exception):  # noqa: N818
    """The person's own words stay closed in this session: it was opened with a passkey set up by a recovery
    link staff made, and the waiting period has not passed (recovery.py)."""


class WordsProtected(NotFound):
    """Someone tried to change or delete a young person's words: refused like anything they may not see."""


def actor_of(session: OrmSession) -> uuid.UUID | None:
    """Who is acting through this session: a person in a request, None for the system (CLI, background work)."""
    source = session.info.get(ACTOR)
    return source() if callable(source) else source


def act_as(session: OrmSession, actor: uuid.UUID | Callable[[], uuid.UUID | None] | None) -> None:
    """Say who acts through this session (the web layer does it for every request's session)."""
    session.info[ACTOR] = actor


@contextmanager
def erasing(session: OrmSession) -> Iterator[None]:
    """Carrying out an erasure the person asked for (or the retention rule): their words may go."""
    session.info[ERASING] = True
    try:
        yield
    finally:
        session.info.pop(ERASING, None)


def sealed_fields(model: type) -> tuple[sealed, ...]:
    return getattr(model, "__sealed_fields__", ())


def _may_write(field: sealed, obj: Any, actor: uuid.UUID, *, new: bool) -> bool:
    """Whether `actor` (not the owner) may give this field a value."""
    if not new and not field.holds_owners_words(obj, committed=True):
        return True  # not the young person's words (a professional's own answer)
    if new and not field.holds_owners_words(obj):
        return True  # a new text of the actor's own, such as a response
    if field.co_writer and getattr(obj, field.co_writer) == actor:
        if new:
            return True
        was_with = committed_value(obj, field.co_writer)
        return was_with == actor or not field.value_before_change(obj)
    return bool(new and field.created_by and getattr(obj, field.created_by) == actor)


def _owner_of(obj: Any, fields: tuple[sealed, ...]) -> Any:
    return getattr(obj, fields[0].owner)


def check_flush(session: OrmSession) -> None:
    """Refuse any change or deletion of a young person's words by anyone but them (see the module's doc)."""
    actor = actor_of(session)
    if actor is None or session.info.get(ERASING):
        return
    for obj in session.new:
        fields = sealed_fields(type(obj))
        if fields and _owner_of(obj, fields) != actor:
            for field in fields:
                if inspect(obj).info.get("yv_plain", {}).get(field.name) is not None \
                        and not _may_write(field, obj, actor, new=True):
                    raise WordsProtected
    for obj in session.dirty:
        fields = sealed_fields(type(obj))
        if not fields or _owner_of(obj, fields) == actor:
            continue
        for field in fields:
            changed = field.name in inspect(obj).info.get("yv_before", {}) \
                or inspect(obj).attrs[field.column].history.has_changes()
            if changed and not _may_write(field, obj, actor, new=False):
                raise WordsProtected
            if field.author and inspect(obj).attrs[field.author].history.has_changes():
                raise WordsProtected  # nobody re-attributes words
    for obj in session.deleted:
        if _deletes_someones_words(obj, actor):
            raise WordsProtected


# Rows whose deletion takes a young person's words with it although they hold none themselves: accounts (whose
# are they, if anyone's) and parents of words (a meeting's item holds its receipt's thread). The areas say so.
_ACCOUNTS: dict[type, Callable[[Any], uuid.UUID | None]] = {}
WORD_PARENTS: set[type] = set()


def guard_account(model: type, owner: Callable[[Any], uuid.UUID | None]) -> None:
    """Deleting a row of `model` deletes the words of `owner(row)` (None: nobody's): only they or erasure may."""
    _ACCOUNTS[model] = owner


def guard_parent(model: type) -> None:
    """Deleting a row of `model` deletes words that hang on it: only their owner or erasure may."""
    WORD_PARENTS.add(model)


def _deletes_someones_words(obj: Any, actor: uuid.UUID) -> bool:
    """Deleting a row of a young person's (their words, or an account whose deletion takes them) by someone else."""
    account_owner = _ACCOUNTS.get(type(obj))
    if account_owner is not None:
        owner = account_owner(obj)
        return owner is not None and owner != actor
    fields = sealed_fields(type(obj))
    if fields:
        return _owner_of(obj, fields) != actor and any(field.holds_owners_words(obj, committed=True)
                                                       for field in fields)
    owner = getattr(obj, "owner_id", None)
    return owner is not None and owner != actor and _owns_words(type(obj))


def _owns_words(model: type) -> bool:
    """Rows the young person's words hang on (deleting a meeting takes its preparation with it)."""
    return model in WORD_PARENTS


@event.listens_for(OrmSession, "before_flush")
def _guard_words(session: OrmSession, _context: Any, _instances: Any) -> None:
    check_flush(session)


@event.listens_for(OrmSession, "do_orm_execute")
def _guard_bulk(state: Any) -> None:
    """A bulk UPDATE or DELETE cannot be checked row by row: on tables of words only the system may run one."""
    if not (state.is_update or state.is_delete) or actor_of(state.session) is None \
            or state.session.info.get(ERASING):
        return
    mapper = state.bind_mapper
    if mapper is not None and (sealed_fields(mapper.class_) or _owns_words(mapper.class_)):
        raise WordsProtected


# --- who has seen what: every sealed value opened for someone else is logged ------------------------------


class ViewLog:
    """The views of one request: what of whose was opened for the viewer, each thing once."""

    def __init__(self, viewer: Callable[[], uuid.UUID | None]) -> None:
        self.viewer = viewer
        self.seen: dict[tuple[uuid.UUID, str, str], None] = {}
        self.locked_owner: uuid.UUID | None = None  # whose words this session may not open (recovery.py)

    def __call__(self, obj: Any, field: sealed) -> None:
        owner = getattr(obj, field.owner)
        if self.locked_owner is not None and owner == self.locked_owner:
            raise ContentLocked
        viewer = self.viewer()
        if viewer is None or owner == viewer:
            return
        if field.author and getattr(obj, field.author) == viewer:
            return  # their own words (a professional reading their own answer)
        if field.posted:
            return  # words she posted to a group she chose to join, read there by its members (sealing.sealed)
        object_type, object_id = seen_as(obj)
        self.seen.setdefault((owner, object_type, str(object_id)), None)

    def take(self) -> list[tuple[uuid.UUID, str, str]]:
        """The views noted so far (and forget them: each is written once)."""
        views = list(self.seen)
        self.seen.clear()
        return views


def seen_as(obj: Any) -> tuple[str, Any]:
    """How a view of this row reads in "who has seen what": a kind of thing and its id (the meeting for the parts
    of a meeting), from the model's `__seen_as__ = (kind, attribute)`; a kind of None means the attribute itself
    gives (kind, id), for a table whose rows are parts of different things (a voice recording)."""
    kind, attribute = getattr(type(obj), "__seen_as__", (type(obj).__tablename__, "id"))
    if kind is None:
        found: tuple[str, Any] = getattr(obj, attribute)
        return found
    return kind, getattr(obj, attribute)


def watch_views(session: OrmSession, viewer: Callable[[], uuid.UUID | None]) -> ViewLog:
    """Note every sealed value this session opens for `viewer` (the web layer calls it for each request)."""
    log = ViewLog(viewer)
    session.info[OPEN_HOOK] = log
    return log


# --- the web layer's part: who acts in a request, and writing its views before the response leaves ---------

SOMEONE_NOT_LOGGED_IN = uuid.UUID(int=0)  # acts in anonymous requests: never anyone's owner


def init_app(app: Any) -> None:
    """Watch every request's database session, and write what it showed of others before answering."""
    app.extensions.setdefault("yv_session_hooks", []).append(_watch_request_session)
    app.after_request(_write_views)


def _request_person() -> Any:
    from flask import g, session

    person = g.get("_login_user")  # Flask-Login's person, once loaded
    if person is None:
        person = getattr(session, "user", None)  # read with the session row (sessions.py)
    return person if person is not None and getattr(person, "is_authenticated", False) else None


def _request_actor() -> uuid.UUID:
    person = _request_person()
    return person.id if person is not None else SOMEONE_NOT_LOGGED_IN


def _request_viewer() -> uuid.UUID | None:
    person = _request_person()
    return person.id if person is not None else None


def _watch_request_session(session: OrmSession) -> None:
    from flask import g

    act_as(session, _request_actor)
    g.yv_view_log = watch_views(session, _request_viewer)


def _write_views(response: Any) -> Any:
    """The audit entries of what this response shows of someone else, written before it is sent: if they cannot
    be written, the content is not sent either.

    A response below 400 writes them in the request's transaction (the unit of work commits them with the rest,
    db._end_unit_of_work). A refused one (a form shown again with her words on the page) still showed them: the
    request's other writes are rolled back and the entries are committed on their own."""
    from flask import g

    log: ViewLog | None = g.get("yv_view_log")
    views = log.take() if log is not None else []
    person = _request_person()
    if not views or person is None or response.status_code >= 500:
        return response  # (a failed request showed nothing)
    db = get_session()
    refused = response.status_code >= 400 and db.info.get("write")
    if refused:
        db.rollback()  # the refused request's other writes are not kept (the unit of work would roll them back)
    try:
        audit.record_views(session=db, actor=person, views=views)
        if refused:
            db.commit()
    except Exception as error:
        return failure_response(error)
    return response


def note_view(session: Session, *, actor: Any, owner: Any, object_type: str, object_id: object) -> None:
    """A loader showed `actor` something of `owner`'s (a person or their id): noted with the request's other views
    (one entry each, written before the response leaves), or written at once outside a request."""
    owner_id = getattr(owner, "id", owner)
    log = session.info.get(OPEN_HOOK)
    if isinstance(log, ViewLog):
        log.seen.setdefault((owner_id, object_type, str(object_id)), None)
        return
    audit.record_views(session=session, actor=actor, views=[(owner_id, object_type, str(object_id))])
