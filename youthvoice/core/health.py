"""Health check for load balancers and monitoring."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from sqlalchemy import text

from youthvoice.core.db import get_session

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Any:
    """200 with {"status": "ok"} when the database answers, 503 when it does not."""
    db = get_session()
    try:
        db.execute(text("SELECT 1"))
    except Exception:
        return jsonify({"status": "unavailable", "database": "unreachable"}), 503
    return jsonify({"status": "ok", "database": db.get_bind().dialect.name})
