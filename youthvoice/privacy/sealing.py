"""A young person's free text, encrypted at rest with a key of their own.

Each young person has a data key (AES-256-GCM). It is stored wrapped by a master key from the environment,
which can be rotated. Every sealed value binds its table, column and row id as associated data, so a value
copied to another row or column does not open. Erasing a young person destroys their data key: what is left
in backups can no longer be read.

Models declare a sealed field as `text = sealed("text_sealed")`: the attribute reads and writes plain text,
the column holds `nonce || ciphertext`. Values are sealed just before the ORM flushes, with the keyring that
`db.new_session` puts on the session.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Self

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import object_session
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session

from youthvoice.core.config import instance_file
from youthvoice.core.model import utcnow
from youthvoice.privacy.models import DataKey

NONCE_BYTES = 12


class SealingError(Exception):
    """A value could not be opened: wrong key, wrong place, or the key was erased."""


class NamedKeys:
    """Keys by id, as `id:base64key,...` from the environment: the first one is current (wraps or signs what is
    new), the others are only used to open or check what was made with them before a rotation."""

    kind = "key"

    def __init__(self, keys: list[tuple[str, bytes]]) -> None:
        if not keys:
            raise ValueError(f"at least one {self.kind} is needed")
        for key_id, key in keys:
            if len(key) != 32 or not key_id or ":" in key_id or "," in key_id:
                raise ValueError(f"{self.kind} {key_id!r} must be 32 bytes with an id without ':' or ','")
        self.current_id = keys[0][0]
        self.by_id = dict(keys)

    @property
    def current(self) -> bytes:
        return self.by_id[self.current_id]

    @classmethod
    def parse(cls, text: str) -> Self:
        """`id:base64key,id:base64key` (the first is current)."""
        keys = []
        for part in text.split(","):
            key_id, _, encoded = part.strip().partition(":")
            keys.append((key_id, base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))))
        return cls(keys)

    def serialise(self) -> str:
        ordered = [(self.current_id, self.by_id[self.current_id])] + [
            (key_id, key) for key_id, key in self.by_id.items() if key_id != self.current_id]
        return ",".join(f"{key_id}:{base64.urlsafe_b64encode(key).decode().rstrip('=')}" for key_id, key in ordered)

    @staticmethod
    def new_key_text(key_id: str) -> str:
        return f"{key_id}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip('=')}"


class MasterKeys(NamedKeys):
    """The master keys by id; the first one wraps new data keys, the others only unwrap old ones."""

    kind = "master key"


def instance_key_file(instance_path: str, name: str) -> str:
    """For development, the demo and tests: a key line (`local1:...`) kept in the instance folder, made on first use."""
    return instance_file(instance_path, name, lambda: NamedKeys.new_key_text("local1"))


def instance_master_keys(instance_path: str) -> str:
    """For development and the demo: a master key kept in the instance folder, created on first use."""
    return instance_key_file(instance_path, "master_keys")


def _now() -> datetime:

    return utcnow()


def _aad(*parts: object) -> bytes:
    return "|".join(str(part) for part in parts).encode()


def seal_bytes(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_bytes(key: bytes, blob: bytes, aad: bytes) -> bytes:
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except Exception as error:
        raise SealingError("cannot open") from error


@cache
def _data_keys_query() -> Any:
    """Several people's data keys: built once, run with the list as an expanding parameter."""
    from sqlalchemy import bindparam
    from sqlmodel import col, select


    return select(DataKey).where(col(DataKey.owner_id).in_(bindparam("owner_ids", expanding=True)))


@dataclass(frozen=True, slots=True)
class DataKeyRow:
    """A person's data key as read along with another statement (for `Keyring.remember`)."""

    owner_id: uuid.UUID
    master_key_id: str
    wrapped: bytes


class Keyring:
    """Data keys for one database session, unwrapped at most once each."""

    def __init__(self, session: Session, master: MasterKeys) -> None:
        self.session = session
        self.master = master
        self._keys: dict[uuid.UUID, bytes] = {}
        self._rows: dict[uuid.UUID, Any] = {}  # DataKey rows read ahead, unwrapped when first needed

    def remember(self, row: Any) -> None:
        """A DataKey row read with another statement: `key_for` will not ask the database for it again."""
        if row.owner_id not in self._keys:
            self._rows[row.owner_id] = row

    def preload(self, owner_ids: Iterable[uuid.UUID]) -> None:
        """Read the data keys of several people in one statement (a list showing several people's text)."""
        wanted = {owner_id for owner_id in owner_ids if owner_id not in self._keys and owner_id not in self._rows}
        if not wanted:
            return
        with self.session.no_autoflush:
            for row in self.session.exec(_data_keys_query(), params={"owner_ids": list(wanted)}):
                self._rows[row.owner_id] = row

    def key_for(self, owner_id: uuid.UUID, *, create: bool = False) -> bytes:

        if owner_id in self._keys:
            return self._keys[owner_id]
        row = self._rows.pop(owner_id, None)
        if row is None:
            with self.session.no_autoflush:
                row = self.session.get(DataKey, owner_id)
        if row is None:
            if not create:
                raise SealingError("no data key")
            self._create_key(owner_id)
            with self.session.no_autoflush:
                row = self.session.get(DataKey, owner_id, populate_existing=True)
            if row is None:
                raise SealingError("the data key could not be created")
        master = self.master.by_id.get(row.master_key_id)
        if master is None:
            raise SealingError(f"master key {row.master_key_id} is not configured")
        key = open_bytes(master, row.wrapped, _aad("datakey", owner_id))
        self._keys[owner_id] = key
        return key

    def _create_key(self, owner_id: uuid.UUID) -> None:
        """Insert a new data key unless another request just did (two first writes at once): one key wins."""

        dialect = self.session.get_bind().dialect.name
        from sqlalchemy.dialects import postgresql, sqlite

        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        key = secrets.token_bytes(32)
        wrapped = seal_bytes(self.master.by_id[self.master.current_id], key, _aad("datakey", owner_id))
        self.session.execute(insert(DataKey).values(owner_id=owner_id, master_key_id=self.master.current_id,
                                                    wrapped=wrapped, created_at=_now())
                             .on_conflict_do_nothing(index_elements=["owner_id"]))

    def forget(self, owner_id: uuid.UUID) -> None:
        self._keys.pop(owner_id, None)
        self._rows.pop(owner_id, None)


def committed_value(obj: Any, attribute: str) -> Any:
    """An attribute's value as loaded from the database (before this session changed it)."""
    history = inspect(obj).attrs[attribute].history
    if history.deleted:
        return history.deleted[0]
    if history.unchanged:
        return history.unchanged[0]
    return None if inspect(obj).persistent else getattr(obj, attribute)


OPEN_HOOK = "yv_on_open"


def _on_open_of(obj: Any) -> Any:
    """The hook the web layer puts on a request's session: told of every sealed value shown (words.py logs a
    read by anyone but the owner)."""
    session = object_session(obj)
    return session.info.get(OPEN_HOOK) if session is not None else None


def keyring_of(session: OrmSession) -> Keyring:
    keyring = session.info.get("keyring")
    if keyring is None:
        raise SealingError("this session has no keyring")
    return keyring


class sealed(property):  # noqa: N801 - used like a field declaration
    """A plain-text attribute stored encrypted in `column`, under the data key of the row's `owner`.

    Whose words it holds is part of the declaration (words.py guards them): the owner's, unless `author` names
    a column saying who wrote it (a professional's answer is sealed under the young person's key but is not
    their words). `co_writer` names a column of someone who may write it with the owner (a bisidder), and
    `created_by` one of someone who may create the row for them (a professional adding a meeting).
    `binary` keeps bytes (a voice recording) in the same envelope instead of text.
    `posted` says the owner herself posted these words to a closed circle she chose to join (a peer group): the
    circle's pages show them to its members without a "who has seen what" entry for each, as with a comment she
    writes in the youth council. Who may open the page is decided before (the group's membership), as always.
    """

    def __init__(self, column: str, *, owner: str = "owner_id", author: str | None = None,
                 co_writer: str | None = None, created_by: str | None = None, binary: bool = False,
                 posted: bool = False) -> None:
        self.column = column
        self.binary = binary
        self.posted = posted
        self.owner = owner
        self.author = author
        self.co_writer = co_writer
        self.created_by = created_by
        self.name = ""
        super().__init__(self._get, self._set)

    def holds_owners_words(self, obj: Any, *, committed: bool = False) -> bool:
        """Whether this value is the owner's own words (as it was loaded, with `committed`)."""
        if self.author is None:
            return True
        value = committed_value(obj, self.author) if committed else getattr(obj, self.author)
        return value is not None and value == getattr(obj, self.owner)

    def __set_name__(self, owner_class: type, name: str) -> None:
        self.name = name
        # the model the field is declared on lists its sealed fields (a class attribute mypy cannot know)
        owner_class.__sealed_fields__ = (*getattr(owner_class, "__sealed_fields__", ()), self)  # type: ignore[attr-defined]

    def aad(self, obj: Any) -> bytes:
        """Table, column and row (its primary key) bound into every sealed value."""
        row = "/".join(str(getattr(obj, column.key)) for column in inspect(type(obj)).primary_key)
        return _aad(obj.__tablename__, self.column, row)

    def _get(self, obj: Any) -> Any:
        info = inspect(obj).info
        plain = info.setdefault("yv_plain", {})
        if self.name in plain:
            value = plain[self.name]
        else:
            blob = getattr(obj, self.column)
            if blob is None:
                return None
            session = object_session(obj)
            if session is None:
                raise SealingError("a sealed value is read outside a session")
            keyring = keyring_of(session)
            key = keyring.key_for(getattr(obj, self.owner))
            value = self._plain(open_bytes(key, blob, self.aad(obj)))
            plain[self.name] = value
        if value is not None:
            opened = _on_open_of(obj)
            if opened is not None:
                opened(obj, self)
        return value

    def _plain(self, opened: bytes) -> Any:
        return opened if self.binary else opened.decode()

    def _set(self, obj: Any, value: Any) -> None:
        state = inspect(obj)
        before = state.info.setdefault("yv_before", {})
        if state.persistent and self.name not in before:
            # what the value was when loaded: words.py decides from it whether this change is allowed
            before[self.name] = self._read_quietly(obj)
        state.info.setdefault("yv_plain", {})[self.name] = value
        state.info.setdefault("yv_unsealed", set()).add(self.name)
        if state.persistent:
            flag_modified(obj, self.column)

    def _read_quietly(self, obj: Any) -> Any:
        """The current value without counting as someone seeing it (a write, not a read)."""
        plain = inspect(obj).info.get("yv_plain", {})
        if self.name in plain:
            return plain[self.name]
        blob = getattr(obj, self.column)
        if blob is None:
            return None
        session = object_session(obj)
        if session is None:
            raise SealingError("a sealed value is changed outside a session")
        return self._plain(open_bytes(keyring_of(session).key_for(getattr(obj, self.owner)), blob, self.aad(obj)))

    def value_before_change(self, obj: Any) -> Any:
        """The value as it was loaded, if this request changed it; else the current one."""
        before = inspect(obj).info.get("yv_before", {})
        return before[self.name] if self.name in before else self._read_quietly(obj)

    def seal_into_column(self, obj: Any, keyring: Keyring) -> None:
        value = inspect(obj).info["yv_plain"][self.name]
        if value is None:
            blob = None
        else:
            key = keyring.key_for(getattr(obj, self.owner), create=True)
            blob = seal_bytes(key, value if self.binary else value.encode(), self.aad(obj))
        setattr(obj, self.column, blob)


@event.listens_for(OrmSession, "before_flush")
def _seal_before_flush(session: OrmSession, _context: Any, _instances: Any) -> None:
    for obj in list(session.new) + list(session.dirty):
        fields = getattr(type(obj), "__sealed_fields__", ())
        if not fields:
            continue
        info = inspect(obj).info
        pending = info.get("yv_unsealed")
        if not pending:
            continue
        keyring = keyring_of(session)
        for field in fields:
            if field.name in pending:
                field.seal_into_column(obj, keyring)
        pending.clear()


def rotate_master_key(session: OrmSession, master: MasterKeys) -> int:
    """Re-wrap every data key with the current master key; returns how many were re-wrapped."""
    from sqlmodel import select


    count = 0
    for row in session.execute(select(DataKey)).scalars():
        if row.master_key_id == master.current_id:
            continue
        old = master.by_id.get(row.master_key_id)
        if old is None:
            raise SealingError(f"master key {row.master_key_id} is not configured")
        key = open_bytes(old, row.wrapped, _aad("datakey", row.owner_id))
        row.wrapped = seal_bytes(master.by_id[master.current_id], key, _aad("datakey", row.owner_id))
        row.master_key_id = master.current_id
        count += 1
    session.flush()
    return count
