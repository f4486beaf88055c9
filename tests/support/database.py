"""The test apps' configuration and databases: SQLite files copied from a migrated template, and PostgreSQL
(where 127.0.0.1:5432 answers) in one database per test process, emptied after each test."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import create_engine, text
from sqlmodel import Session

PG_ADMIN_URL = os.environ.get("YV_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BACKENDS = ("sqlite", "postgresql")
_pg_state: dict[str, bool] = {}


def postgres_reachable() -> bool:
    """Whether PostgreSQL answers at PG_ADMIN_URL (asked once per process)."""
    if "reachable" not in _pg_state:
        try:
            engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 2})
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
            engine.dispose()
            _pg_state["reachable"] = True
        except Exception:
            _pg_state["reachable"] = False
    return _pg_state["reachable"]


def base_config(database_url: str, instance: Path) -> dict[str, Any]:
    """The settings every test app starts from; `instance` is the test's own folder."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-" + secrets.token_hex(8),
        "DATABASE_URL": database_url,
        "WEBAUTHN_RP_ID": "localhost",
        "WEBAUTHN_ORIGIN": "http://localhost",
        "RATELIMIT_ENABLED": False,
        "DEMO_MODE": False,
        "SERVER_NAME": "localhost",
        # each test's own: checkpoints of another test's log would not match this one
        "AUDIT_CHECKPOINT_FILE": str(instance / "audit_checkpoints.jsonl"),
    }


def empty_postgres(app: Flask) -> None:
    """Empty every table of the app's PostgreSQL database (faster than a new database per test)."""
    engine = app.extensions["yv_engine"]
    with engine.begin() as connection:
        tables = [row[0] for row in connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"))]
        if tables:
            connection.execute(text("SET session_replication_role = replica"))
            connection.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))


def reread(db: Session) -> None:
    """Forget what this test session has loaded and end its snapshot, to see what the app wrote."""
    db.rollback()
    db.expire_all()
