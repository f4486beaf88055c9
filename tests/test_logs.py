"""Structured JSON logs (issue 23.4): one JSON object per line, with each request's id, endpoint, status and
duration, and no personal content: a young person's name and words, a form's values and an error's text are planted
as markers and searched for in every line."""

from __future__ import annotations

import io
import json
import logging
import secrets
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from support.client import csrf_token
from support.people import login_as, make_municipality, make_person

from youthvoice.core import jobs, logs
from youthvoice.core.jobs import Outcome
from youthvoice.core.model import utcnow
from youthvoice.meetings import meetings

# Not the session-wide canary pattern (support/canaries.py): the plain text handler of the test run keeps an error's
# text on purpose, and the point here is that the JSON lines do not.
MARK = "PRIVATE" + secrets.token_hex(6)


@pytest.fixture
def json_lines(app: Flask) -> Iterator[io.StringIO]:
    """What the app's JSON handler writes (LOG_FORMAT=json), taken off the root logger after the test."""
    (handler,) = [handler for handler in logging.getLogger().handlers if handler.get_name() == logs.HANDLER]
    assert isinstance(handler, logging.StreamHandler)
    out = io.StringIO()
    handler.setStream(out)
    yield out
    logging.getLogger().removeHandler(handler)


@pytest.mark.app_config(LOG_FORMAT="json")
def test_every_line_is_json_and_none_holds_a_persons_content(app: Flask, db, json_lines: io.StringIO):
    def boom() -> str:
        raise RuntimeError(f"a value that must not be logged: {MARK}")

    app.add_url_rule("/test-boom", "test_boom", boom)
    out = json_lines

    town = make_municipality(db)
    sara = make_person(db, town, name=f"Sara {MARK}")
    meeting = meetings.create_meeting(
        db,
        owner=sara,
        created_by=sara,
        data=meetings.MeetingInput(
            kind="plan", starts_at=utcnow() + timedelta(days=3), place=f"place {MARK}", others="", participant_ids=[]
        ),
        allowed_participants=[],
    )
    db.commit()
    client = app.test_client()
    login_as(app, client, sara)
    for path in ("/", "/meetings/", f"/meetings/{meeting.id}", "/account/data.json"):
        assert client.get(path).status_code == 200
    token = csrf_token(client, "/meetings/new")
    refused = client.post(
        "/meetings/new",
        data={"csrf_token": token, "kind": "plan", "day": "not a date", "clock": MARK, "place": MARK, "others": MARK},
    )
    assert refused.status_code == 400
    failed = client.get("/test-boom")
    assert failed.status_code == 500

    def broken(_app: Flask) -> Outcome:
        raise RuntimeError(MARK)

    jobs.add_job(app, "broken", broken, schedule="every 5m")
    jobs.run_due(app)

    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines and all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    assert MARK not in out.getvalue()
    requests = [line for line in lines if line["logger"] == "youthvoice.requests"]
    assert {(line["endpoint"], line["status"]) for line in requests} >= {
        ("main.home", 200),
        ("meetings.index", 200),
        ("meetings.new", 400),
        ("test_boom", 500),
    }
    assert all(isinstance(line["duration_ms"], float) and len(line["request_id"]) == 12 for line in requests)
    (error,) = [line for line in lines if line["message"].startswith("unexpected error")]
    assert error["error"]["type"] == "RuntimeError" and any("boom" in frame for frame in error["error"]["at"])
    assert error["request_id"] in failed.get_data(as_text=True)  # the page's correlation id is the request's id
    (job,) = [line for line in lines if line["message"] == "job broken failed"]
    assert job["error"]["type"] == "RuntimeError" and "request_id" not in job


def test_text_logs_stay_the_default(app):
    assert app.config["LOG_FORMAT"] == "text"  # and then no JSON handler was added
    assert not [handler for handler in logging.getLogger().handlers if handler.get_name() == logs.HANDLER]
