"""Consistent online backups of the embedded SQLite database (the app may keep running)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def sqlite_backup(database_url: str, target: str) -> int:
    """Copy the live database page by page with SQLite's backup API; returns the number of pages copied."""
    source_path = database_url.removeprefix("sqlite:///")
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_path)
    destination = sqlite3.connect(target)
    try:
        with destination:
            source.backup(destination, pages=256)
        pages = destination.execute("PRAGMA page_count").fetchone()[0]
        destination.execute("PRAGMA journal_mode=WAL")
    finally:
        destination.close()
        source.close()
    return int(pages)
