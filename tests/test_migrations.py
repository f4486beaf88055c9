"""Schema changes go through migrations: the migrated database matches the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from youthvoice.core.model import SQLModel


def test_migrations_match_the_models(app):
    with app.extensions["yv_engine"].connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == [], f"models and migrations differ; run `youthvoice db revision -m ...`: {differences}"


def test_downgrade_and_upgrade_again(app):
    from alembic import command

    from youthvoice.core.cli import alembic_config, upgrade_database

    config = alembic_config(app)
    command.downgrade(config, "base")
    upgrade_database(app)
    with app.extensions["yv_engine"].connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() is not None


def test_receipt_answers_move_into_the_thread_with_their_words(app):
    """0013 moves each item's answer, acceptance and disagreement into entries of their own, sealed again for
    their new place: the young person's disagreement reads the same afterwards."""
    import uuid
    from datetime import UTC, datetime

    import sqlalchemy as sa
    from alembic import command

    from youthvoice.core.cli import alembic_config, upgrade_database
    from youthvoice.core.db import new_session
    from youthvoice.meetings.models import ReceiptEntry
    from youthvoice.privacy.sealing import _aad, seal_bytes

    command.downgrade(alembic_config(app), "0012_perf")
    engine = app.extensions["yv_engine"]
    sara, lene, town = uuid.uuid4(), uuid.uuid4(), None
    meeting, decision, item = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    when = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    meta = sa.MetaData()
    sqlite = engine.dialect.name == "sqlite"

    def u(value: uuid.UUID) -> object:  # reflected tables know uuid columns only as text on SQLite
        return value.hex if sqlite else value

    tables = {name: sa.Table(name, meta, autoload_with=engine)
              for name in ("municipality", "user", "meeting", "decision", "meetingdecision")}
    with engine.begin() as connection:
        town = connection.execute(tables["municipality"].insert().values(slug="t", name="T", created_at=when)
                                  .returning(tables["municipality"].c.id)).scalar_one()
        for person, name, role in ((sara, "Sara", "young_person"), (lene, "Lene", "professional")):
            connection.execute(tables["user"].insert().values(
                id=u(person), municipality_id=town, role=role, status="active", display_name=name,
                pseudonym=name, webauthn_user_handle=person.bytes, work_days="12345", work_start="08:00",
                work_end="16:00", created_at=when, is_coordinator=False, is_council_member=False))
        connection.execute(tables["meeting"].insert().values(id=u(meeting), municipality_id=town, owner_id=u(sara),
                                                             kind="plan", starts_at=when, created_at=when,
                                                             updated_at=when))
        connection.execute(tables["decision"].insert().values(id=u(decision), municipality_id=town, owner_id=u(sara),
                                                              status="wish", created_at=when, updated_at=when))
    with new_session(app) as session:  # Sara's data key, made as the app makes it
        key = session.info["keyring"].key_for(sara, create=True)
        session.commit()
    with engine.begin() as connection:
        connection.execute(tables["meetingdecision"].insert().values(
            id=u(item), owner_id=u(sara), meeting_id=u(meeting), decision_id=u(decision), receipt_answer="not_followed",
            receipt_by_id=u(lene), receipt_at=when,
            receipt_reason_sealed=seal_bytes(key, b"Det kan vi ikke",
                                             _aad("meetingdecision", "receipt_reason_sealed", item)),
            contest_sealed=seal_bytes(key, "Jeg er uenig, fordi …".encode(),
                                      _aad("meetingdecision", "contest_sealed", item)),
            contested_at=when))
    upgrade_database(app)
    with new_session(app) as session:
        entries = session.exec(sa.select(ReceiptEntry).order_by(ReceiptEntry.position)).scalars().all()
        assert [(e.kind, e.author_name, e.answer, e.text) for e in entries] == [
            ("answer", "Lene", "not_followed", "Det kan vi ikke"), ("disagreed", "Sara", None, "Jeg er uenig, fordi …")]
