"""How this area joins the app: the young person's words: sealed with their own key, guarded, every view of them
logged; and the audit log, keyed and anchored."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Flask
from sqlmodel import Session, col

from youthvoice.core.db import new_session
from youthvoice.privacy import audit_anchor, commands, words
from youthvoice.privacy.models import DataKey
from youthvoice.privacy.sealing import DataKeyRow, Keyring, keyring_of
from youthvoice.web import read_along


def init_app(app: Flask) -> None:
    """The audit keys and checkpoints, the keyring every database session gets, the words' guard and view log,
    and the commands for keys and the log."""
    audit_anchor.init_app(app)
    app.extensions.setdefault("yv_new_session_hooks", []).append(_equip_session)
    app.extensions.setdefault("yv_after_upgrade", []).append(_checkpoint_after_upgrade)
    words.init_app(app)
    commands.init_app(app)
    read_along.add(app, read_along.ReadAlong(
        "data key", lambda _person_id: (col(DataKey.owner_id), col(DataKey.master_key_id), col(DataKey.wrapped)),
        _remember_data_key, join=lambda person_id: (DataKey, col(DataKey.owner_id) == person_id)))


def _equip_session(app: Flask, session: Session) -> None:
    """Every database session reads and writes sealed text with the data keys, and signs audit entries."""
    session.info["keyring"] = Keyring(session, app.extensions["yv_master_keys"])
    session.info["audit"] = app.extensions["yv_audit"]  # the audit keys and checkpoints (audit_anchor)


def _remember_data_key(db: Session, _person_id: uuid.UUID, values: tuple[Any, ...]) -> None:
    """The person's own data key, read with their session: their sealed text opens without asking again."""
    if values[0] is not None:
        keyring_of(db).remember(DataKeyRow(*values))


def _checkpoint_after_upgrade(app: Flask) -> str | None:
    """After `youthvoice db upgrade`: anchor the audit log as it stands."""
    with new_session(app, write=False) as db:
        head, failed = audit_anchor.checkpoint_now(db, app.extensions["yv_audit"])
    return f"audit checkpoint: {head.seq} entries" if head is not None and not failed else None
