"""Structured logs (LOG_FORMAT=json): one JSON object per line, and never a person's content.

Each line has the time (UTC), the level, the logger and the message, and inside a request its id, method, endpoint
(the route's name, never the address with its values) and, on the line each request ends with, the status and how
long it took. An error is logged as its kind and where it happened (file, line, function), never its text: an
exception's message is where SQL parameters, form values and other people's words turn up. The messages themselves
are the app's own, written without content (tests/test_logs.py plants canaries and searches every line).
"""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, request

log = logging.getLogger("youthvoice.requests")

# What a record may carry in `extra=` and a line shows (numbers and names, never content).
FIELDS = ("status", "duration_ms", "job", "outcome")
FRAMES = 12  # the innermost frames of an error's traceback
HANDLER = "youthvoice-json"


def request_id() -> str:
    """This request's id: on every log line of the request, and on the error page as its correlation id."""
    if "yv_request_id" not in g:
        g.yv_request_id = uuid.uuid4().hex[:12]
    rid: str = g.yv_request_id
    return rid


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON; an exception as its kind and frames only."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry.update(request_id=request_id(), method=request.method, endpoint=request.endpoint or "")
        for name in FIELDS:
            if hasattr(record, name):
                entry[name] = getattr(record, name)
        if record.exc_info and record.exc_info[0] is not None:
            kind, _error, trace = record.exc_info
            entry["error"] = {
                "type": kind.__name__,
                "at": [f"{frame.filename}:{frame.lineno} {frame.name}" for frame in traceback.extract_tb(trace)][
                    -FRAMES:
                ],
            }
        return json.dumps(entry, ensure_ascii=False)


def _started() -> None:
    g.yv_started = time.perf_counter()


def _ended(response: Response) -> Response:
    started = g.get("yv_started")
    if started is not None:
        duration = round((time.perf_counter() - started) * 1000, 1)
        log.info("request", extra={"status": response.status_code, "duration_ms": duration})
    return response


def init_app(app: Flask) -> None:
    """With LOG_FORMAT=json: every log line as JSON on standard error, and a line for each request."""
    if app.config["LOG_FORMAT"] != "json":
        return
    from flask.logging import default_handler

    app.logger.removeHandler(default_handler)  # the app's records go to the root's JSON handler like the rest
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.set_name(HANDLER)
    root = logging.getLogger()
    for old in [old for old in root.handlers if old.get_name() == HANDLER]:  # an app made again in this process
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(app.config["LOG_LEVEL"])
    app.before_request(_started)
    app.after_request(_ended)  # registered before the unit of work's: runs after its commit (Flask: reverse order)
