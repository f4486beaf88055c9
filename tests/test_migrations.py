"""Schema changes go through migrations: the migrated database matches the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from youthvoice.models import SQLModel


def test_migrations_match_the_models(app):
    with app.extensions["yv_engine"].connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == [], f"models and migrations differ; run `youthvoice db revision -m ...`: {differences}"


def test_downgrade_and_upgrade_again(app):
    from alembic import command

    from youthvoice.cli import alembic_config, upgrade_database

    config = alembic_config(app)
    command.downgrade(config, "base")
    upgrade_database(app)
    with app.extensions["yv_engine"].connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() is not None
