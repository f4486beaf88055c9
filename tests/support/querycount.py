"""Counting the SQL statements one page costs (for the tests that statements do not grow with the data)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

TRANSACTION = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE")


def statements_for(app: Any, client: Any, url: str) -> tuple[int, str]:
    """(statements, page) for the second GET of `url` (the first may refresh the session), without the
    transaction statements around them."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = app.extensions["yv_engine"]
    client.get(url)
    event.listen(engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert response.status_code == 200, (url, response.status_code)
    counted = [s for s in statements if not s.lstrip().upper().startswith(TRANSACTION)]
    return len(counted), response.get_data(as_text=True)
