""""My data" and erasure cover every table by construction (issue 15, points 2 and 4): each table with personal
data declares its owner columns, its export section and its erasure rule (personal_data.py), and these tests walk
the models and a young person with something in every table."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel, select
from support.client import post_form
from support.database import reread
from support.everything import build
from support.people import login_as

from youthvoice.core import personal_data
from youthvoice.core.db import new_session
from youthvoice.core.personal_data import Erasure, declaration
from youthvoice.council import pictures as council_pictures
from youthvoice.council.models import Cause, CauseImage, Comment
from youthvoice.identity.models import User
from youthvoice.meetings import recordings
from youthvoice.meetings.models import Meeting
from youthvoice.mydata import data_rights
from youthvoice.privacy.words import sealed_fields


def _erasers(app):  # type: ignore[no-untyped-def]
    return list(personal_data.registry_of(app).erasers.values())


# Tables about nobody in particular: the municipality, its council and terms, and a vote's totals.
NOT_PERSONAL = {"Municipality", "Council", "Term", "RoundEntry", "JobRun", "JobLock", "Committee", "Milestone",
                "LoginProvider"}  # the municipality's log-in provider: its settings, no person


def table_models() -> list[type]:
    return sorted((mapper.class_ for mapper in SQLModel._sa_registry.mappers), key=lambda model: model.__name__)


def person_columns(model: type) -> set[str]:
    """The columns that point at a person (a foreign key to the user table)."""
    return {column.key for column in model.__table__.columns
            if any(key.column.table.name == "user" for key in column.foreign_keys)}


def test_every_table_says_whose_data_it_holds_and_what_becomes_of_it(app):
    """A new table with a column pointing at a person, or a sealed field, fails here until it declares its
    owner columns, its "my data" section and its erasure rule."""
    sections = set(personal_data.registry_of(app).sections)
    problems = []
    for model in table_models():
        found = declaration(model)
        if model.__name__ in NOT_PERSONAL:
            assert found is None and not person_columns(model) and not sealed_fields(model), model.__name__
            continue
        if found is None:
            problems.append(f"{model.__name__}: no __personal_data__")
            continue
        missing = person_columns(model) - set(found.people) - ({"id"} if model is User else set())
        if missing:
            problems.append(f"{model.__name__}: {sorted(missing)} point at a person but are not declared")
        unknown = set(found.people) - set(model.__table__.columns.keys())
        if unknown:
            problems.append(f"{model.__name__}: declares columns it does not have: {sorted(unknown)}")
        if found.export is not None and found.export not in sections:
            problems.append(f"{model.__name__}: its section {found.export!r} is exported by nobody")
        if found.export is None and not found.why:
            problems.append(f"{model.__name__}: not in 'my data', and says no why")
    assert not problems, "\n".join(problems)


def _rows_of(db, model: type, person_id) -> int:  # type: ignore[no-untyped-def]
    found = declaration(model)
    if found is None:
        return 0
    if not found.people:  # a meeting's signals: hers through the meeting
        owned = select(Meeting.id).where(Meeting.owner_id == person_id)
        return len(db.exec(select(model).where(model.meeting_id.in_(owned))).all())
    conditions = [getattr(model, column) == person_id for column in found.people]
    return len(db.exec(select(model).where(sa.or_(*conditions))).all())


def test_my_data_shows_every_table_and_every_word_of_hers(app, db):
    world = build(db)
    carla = world.carla
    exported = data_rights.my_data(db, db.get(User, carla.id), personal_data.registry_of(app).sections.values())
    text = json.dumps(exported, ensure_ascii=False)
    # Every table that holds something of hers has it in its section.
    for model in table_models():
        found = declaration(model)
        if found is None or found.export is None or found.erasure == Erasure.NOT_THEIRS:
            continue
        if _rows_of(db, model, carla.id):
            assert exported.get(found.export), f"{model.__name__}: rows of hers, but {found.export!r} is empty"
    # Every sealed text about her, whoever wrote it, and every council text of hers.
    words, voices = set(), set()
    for model in table_models():
        for field in sealed_fields(model):
            for row in db.exec(select(model).where(getattr(model, field.owner) == carla.id)):
                value = getattr(row, field.name)
                if value:
                    (voices if isinstance(value, bytes) else words).add(value)
    # Her recordings: listed in the export, and each one in the recordings download (a ZIP beside the JSON).
    bundle = zipfile.ZipFile(io.BytesIO(recordings.archive(db, db.get(User, carla.id))))
    assert len(voices) == 2 and voices == {bundle.read(name) for name in bundle.namelist()}
    assert sorted(bundle.namelist()) == sorted(row["file"] for row in exported["voice_recordings"])
    # Her pictures on proposals: listed in the council section, each one in the pictures download.
    listed = [row["file"] for row in exported["council"]["pictures"]]
    assert len(listed) == 2 and sorted(zipfile.ZipFile(io.BytesIO(
        council_pictures.archive(db, db.get(User, carla.id)))).namelist()) == sorted(listed)
    for cause in db.exec(select(Cause).where(Cause.author_id == carla.id)):
        words.update(value for value in (cause.title, cause.change, cause.why, cause.who) if value)
    words.update(c.text for c in db.exec(select(Comment).where(Comment.author_id == carla.id)))
    assert len(words) >= 40
    missing = sorted(word for word in words if json.dumps(word, ensure_ascii=False)[1:-1] not in text)
    assert not missing, f"not in 'my data': {missing}"


def _text_columns() -> list[tuple[str, str]]:
    return [(model.__tablename__, column.key) for model in table_models() for column in model.__table__.columns
            if isinstance(column.type, sa.String | sa.Text) and not column.key.endswith("_sealed")]


def _plain_holding(db, marker: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Every (table.column) whose plain text holds the marker."""
    found = []
    for table, column in _text_columns():
        statement = sa.text(f'SELECT count(*) FROM "{table}" WHERE "{column}" LIKE :like')
        if db.exec(statement, params={"like": f"%{marker}%"}).one()[0]:
            found.append(f"{table}.{column}")
    return found


def test_erasure_leaves_nothing_of_hers(app, db):
    world = build(db)
    carla_id, marker = world.carla.id, world.marker
    kept = db.get(Cause, world.ids["kept"])
    # The council's now, so they stay: the proposal Olga supported (its picture too), and her entry on the chosen
    # cause's timeline; and the panel's: the anonymous copy she sent it (issue 21.6), which nothing links to her.
    kept_texts = {kept.title, kept.change, kept.why, kept.who, f"{marker}-update", f"{marker}-kept-picture",
                  f"{marker}-sent-to-panel"}
    db.close()
    report = data_rights.erase_each(lambda: new_session(app), [carla_id], reason="request", erasers=_erasers(app))
    assert report.erased == [carla_id] and report.failed == []
    reread(db)
    db.expunge_all()
    for model in table_models():
        found = declaration(model)
        if found is None or found.erasure in (Erasure.RECORD_ONLY, Erasure.NOT_THEIRS):
            continue
        assert _rows_of(db, model, carla_id) == 0, f"{model.__name__} still has rows of hers"
    left = {value for table, column in _text_columns() for (value,) in db.exec(sa.text(
        f'SELECT "{column}" FROM "{table}" WHERE "{column}" LIKE :like'), params={"like": f"%{marker}%"})}
    assert left <= kept_texts, left - kept_texts  # no name, no other council text, no copy in plain text
    # What others built on stays, under "a former member"; what only she had goes; others' replies stay.
    kept = db.get(Cause, world.ids["kept"])
    assert kept is not None and kept.author_id is None
    assert db.get(Cause, world.ids["draft"]) is None
    assert db.get(Comment, world.ids["comment"]) is None
    assert [p.added_by_id for p in db.exec(select(CauseImage).where(CauseImage.cause_id == kept.id))] == [None]
    assert db.exec(select(CauseImage).where(CauseImage.cause_id == world.ids["draft"])).all() == []
    assert [c.text for c in db.exec(select(Comment).where(Comment.cause_id == world.ids["others"]))] == ["Olga svarer"]
    # In her peer group (issue 20.3) her posts go; Pia's reply to her housing lead stays, and Pia's tip.
    from youthvoice.groups.models import GroupPost

    assert sorted(p.text for p in db.exec(select(GroupPost).where(GroupPost.group_id == world.ids["group_id"]))) == [
        "Pia svarer", "Pias tip"]
    assert db.get(User, world.people["birk"].id) is None  # the bisidder she invited went with her
    assert db.get(User, world.people["olga"].id) is not None


def test_erasure_leaves_no_copy_in_the_sqlite_files(app, db, backend):
    """The kept proposal's text is the council's now; everything else of hers must be gone from the bytes of the
    database file and its write-ahead log, not only from the tables."""
    if backend != "sqlite":
        pytest.skip("the files of the embedded database")
    world = build(db)
    cause = db.get(Cause, world.ids["kept"])
    kept_texts = {cause.title, cause.change, cause.why, cause.who, f"{world.marker}-update",
                  f"{world.marker}-kept-picture",
                  f"{world.marker}-sent-to-panel"}  # the panel's anonymous copy (issue 21.6)
    db.close()
    data_rights.erase_each(lambda: new_session(app), [world.carla.id], reason="request", erasers=_erasers(app))
    path = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
    raw = b"".join(part.read_bytes() for part in (path, Path(f"{path}-wal")) if part.exists())
    left = {match.decode() for match in re.findall(rb"CANARY[0-9a-f]{12}-[a-z_-]+", raw)}
    left = {found for found in left if not any(found.startswith(text) for text in kept_texts)}  # (runs into the
    # next column's bytes, so compared by its start)
    assert left == set(), f"still in the database files: {sorted(left)[:10]}"


def test_one_failing_erasure_never_blocks_the_others(app, db):
    world = build(db)
    olga_id, carla_id = world.people["olga"].id, world.carla.id
    failing = carla_id

    def broken(session, person):  # type: ignore[no-untyped-def]
        if person.id == failing:
            raise RuntimeError("a table refused")

    report = data_rights.erase_each(lambda: new_session(app), [carla_id, olga_id], reason="request",
                                    erasers=[*_erasers(app), broken])
    assert report.erased == [olga_id] and report.failed == [(carla_id, "RuntimeError")]
    reread(db)
    db.expunge_all()
    assert db.get(User, carla_id) is not None and db.get(User, olga_id) is None


def test_erase_due_reports_a_failure_and_exits_1(app, db):
    from datetime import timedelta

    from youthvoice.core.model import utcnow

    world = build(db)
    mads_id = world.people["mads"].id
    for person_id in (world.carla.id, mads_id):
        person = db.get(User, person_id)
        person.erase_after = utcnow() - timedelta(days=1)
        db.add(person)
    db.commit()
    failing = world.carla.id

    def broken(session, person):  # type: ignore[no-untyped-def]
        if person.id == failing:
            raise RuntimeError("a table refused")

    personal_data.add_eraser(app, "broken", broken)
    result = app.test_cli_runner().invoke(args=["erase-due"])
    assert result.exit_code == 1
    assert "erased 1 accounts" in result.output and f"could not erase {failing}" in result.output
    reread(db)
    db.expunge_all()
    assert db.get(User, mads_id) is None


def test_a_young_persons_words_never_reach_a_plain_column(app, db):
    """Sealed text must never be copied into a column that is not sealed: the network page flashed a person's
    name, and the flash was kept in the session row in plain text."""
    world = build(db)
    client = app.test_client()
    login_as(app, client, db.get(User, world.carla.id))
    marker = world.marker
    post_form(client, "/network/add", {"name": f"{marker}-flashed", "relation": "friend", "circle": "inner",
                                       "helps": "talk"}, token_page="/network/")
    reread(db)
    db.expunge_all()
    assert _plain_holding(db, f"{marker}-flashed") == []
