"""Sealed text: encrypted at rest per young person, bound to its place, unreadable once the key is gone."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Column, LargeBinary, MetaData, Table, Uuid, text
from sqlalchemy.orm import registry
from sqlmodel import select
from support.database import reread
from support.people import make_municipality, make_person

from youthvoice.core.db import new_session
from youthvoice.privacy.models import DataKey
from youthvoice.privacy.sealing import MasterKeys, SealingError, rotate_master_key, sealed

_registry = registry(metadata=MetaData())
_probe_table = Table(
    "sealedprobe", _registry.metadata,
    Column("id", Uuid, primary_key=True), Column("owner_id", Uuid, nullable=False),
    Column("note_sealed", LargeBinary, nullable=True), Column("other_sealed", LargeBinary, nullable=True),
)


class SealedProbe:
    """A stand-in for a content table: what every sealed field in youthvoice does, in isolation."""

    __tablename__ = "sealedprobe"
    note = sealed("note_sealed")
    other = sealed("other_sealed")

    def __init__(self, owner_id: uuid.UUID) -> None:
        self.id = uuid.uuid4()
        self.owner_id = owner_id


_registry.map_imperatively(SealedProbe, _probe_table)


@pytest.fixture
def probe_db(app, db):  # type: ignore[no-untyped-def]
    _registry.metadata.create_all(app.extensions["yv_engine"])
    yield db
    db.rollback()
    _registry.metadata.drop_all(app.extensions["yv_engine"])


def _store(app, owner, value):  # type: ignore[no-untyped-def]
    with new_session(app) as session:
        row = SealedProbe(owner.id)
        row.note = value
        session.add(row)
        session.commit()
        return row.id


def test_text_is_encrypted_at_rest_and_reads_back(app, probe_db):
    owner = make_person(probe_db, make_municipality(probe_db))
    row_id = _store(app, owner, "Jeg vil gerne bo hos min moster 🏠")
    raw = probe_db.execute(text("SELECT note_sealed FROM sealedprobe")).scalar_one()
    assert b"moster" not in raw
    reread(probe_db)
    with new_session(app) as session:
        assert session.get(SealedProbe, row_id).note == "Jeg vil gerne bo hos min moster 🏠"
    assert probe_db.exec(select(DataKey).where(DataKey.owner_id == owner.id)).one().master_key_id


def test_each_young_person_has_their_own_key(app, probe_db):
    town = make_municipality(probe_db)
    sara, mads = make_person(probe_db, town), make_person(probe_db, town)
    _store(app, sara, "a")
    _store(app, mads, "b")
    keys = probe_db.exec(select(DataKey.wrapped)).all()
    assert len(keys) == 2
    assert keys[0] != keys[1]


def test_a_value_moved_to_another_row_or_column_does_not_open(app, probe_db):
    owner = make_person(probe_db, make_municipality(probe_db))
    first, second = _store(app, owner, "first"), _store(app, owner, "second")
    key = first.hex if app.config["DATABASE_URL"].startswith("sqlite") else first
    blob = probe_db.execute(text("SELECT note_sealed FROM sealedprobe WHERE id = :id"), {"id": key}).scalar_one()
    with new_session(app) as session:
        row = session.get(SealedProbe, second)
        row.note_sealed = blob
        row.other_sealed = blob
        with pytest.raises(SealingError):
            _ = row.note
        with pytest.raises(SealingError):
            _ = row.other


def test_erasing_the_key_makes_the_text_unreadable(app, probe_db):
    owner = make_person(probe_db, make_municipality(probe_db))
    row_id = _store(app, owner, "private")
    with new_session(app) as session:
        session.delete(session.get(DataKey, owner.id))
        session.commit()
    with new_session(app) as session, pytest.raises(SealingError):
        _ = session.get(SealedProbe, row_id).note


def test_master_key_rotation(app, probe_db):
    owner = make_person(probe_db, make_municipality(probe_db))
    row_id = _store(app, owner, "keep me")
    old = app.extensions["yv_master_keys"]
    rotated = MasterKeys.parse(MasterKeys.new_key_text("next") + "," + old.serialise())
    app.extensions["yv_master_keys"] = rotated
    with new_session(app) as session:
        assert rotate_master_key(session, rotated) == 1
        session.commit()
    # Only the new key is needed from now on.
    app.extensions["yv_master_keys"] = MasterKeys.parse(rotated.serialise().split(",")[0])
    with new_session(app) as session:
        assert session.get(SealedProbe, row_id).note == "keep me"
        assert session.get(DataKey, owner.id).master_key_id == "next"
    app.extensions["yv_master_keys"] = old
    with new_session(app) as session, pytest.raises(SealingError):
        _ = session.get(SealedProbe, row_id).note


def test_rotation_command(app, probe_db):
    owner = make_person(probe_db, make_municipality(probe_db))
    _store(app, owner, "x")
    rotated = MasterKeys.new_key_text("cli") + "," + app.extensions["yv_master_keys"].serialise()
    app.extensions["yv_master_keys"] = MasterKeys.parse(rotated)
    result = app.test_cli_runner().invoke(args=["rotate-master-key"])
    assert result.exit_code == 0, result.output
    assert "re-wrapped 1 data keys with master key cli" in result.output
    reread(probe_db)
    assert probe_db.get(DataKey, owner.id).master_key_id == "cli"


def test_master_key_text_is_validated():
    with pytest.raises(ValueError, match="32 bytes"):
        MasterKeys.parse("short:AAAA")
    keys = MasterKeys.parse(MasterKeys.new_key_text("a") + "," + MasterKeys.new_key_text("b"))
    assert keys.current_id == "a"
    assert set(keys.by_id) == {"a", "b"}


def test_two_first_writes_at_once_share_one_data_key(app, probe_db):
    """Two requests writing a young person's first text at the same time: both succeed, with one key."""
    owner = make_person(probe_db, make_municipality(probe_db))
    first, second = new_session(app), new_session(app)
    try:
        first.info["keyring"].key_for(owner.id, create=True)
        first.commit()
        key = second.info["keyring"].key_for(owner.id, create=True)  # finds the key the other one made
        second.commit()
    finally:
        first.close()
        second.close()
    assert key
    assert len(probe_db.exec(select(DataKey).where(DataKey.owner_id == owner.id)).all()) == 1
