"""Alembic environment: the app's engine and SQLModel's metadata (with a naming convention)."""

from __future__ import annotations

from typing import Any, cast

from alembic import context
from sqlalchemy import create_engine

from youthvoice import schema  # noqa: F401 - registers every table on the metadata
from youthvoice.core.model import SQLModel

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url", ""))
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration rebuilds a table (copy, drop, rename). With foreign keys on, dropping the old
            # table would delete the rows that cascade from it, or fail on those that do not: so they are off
            # while migrating (a pragma only counts outside a transaction), and checked before committing.
            cast(Any, connection.connection.driver_connection).execute("PRAGMA foreign_keys=OFF")  # sqlite3's own
        try:
            context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=sqlite,
                              compare_type=True)
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"the migration left rows pointing nowhere: {broken[:5]}")
            connection.commit()
        finally:
            if sqlite:
                cast(Any, connection.connection.driver_connection).execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
