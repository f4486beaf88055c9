"""`/metrics` (issue 23.4): Prometheus's text format, for the configured addresses only, with requests, latencies,
job runs and what waits, and nothing about a person."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from support.people import make_municipality, make_person

from youthvoice.core import jobs
from youthvoice.core.metrics import allowed
from youthvoice.core.model import utcnow
from youthvoice.identity.models import Role


def sample(text: str, name: str, **labels: str) -> float | None:
    """The value of one sample, found by its name and (a subset of) its labels."""
    for line in text.splitlines():
        match = re.fullmatch(r"([a-z_]+)(?:\{(.*)\})? (\S+)", line)
        if not match or match[1] != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', match[2] or ""))
        if all(found.get(key) == value for key, value in labels.items()):
            return float(match[3])
    return None


def test_only_the_configured_addresses_see_it():
    assert allowed("10.0.0.5", ["10.0.0.5"]) and allowed("192.168.10.77", ["10.0.0.5", "192.168.10.0/24"])
    assert not allowed("10.0.0.6", ["10.0.0.5"]) and not allowed(None, ["0.0.0.0/0"])
    assert not allowed("not an address", ["0.0.0.0/0"]) and allowed("::1", ["::1"])


def test_a_404_for_everyone_unless_configured(app):
    client = app.test_client()
    assert client.get("/metrics").status_code == 404  # nobody by default
    app.config["METRICS_ALLOWED"] = ("10.9.8.7",)
    assert client.get("/metrics").status_code == 404  # the test client is 127.0.0.1
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "10.9.8.7"}).status_code == 200


@pytest.mark.app_config(METRICS_ALLOWED=("127.0.0.1",))
def test_requests_latencies_job_runs_and_queues(app, db):
    town = make_municipality(db)
    sara = make_person(db, town, Role.YOUNG_PERSON, name="Sara Secretname")
    sara.erase_after = utcnow() - timedelta(minutes=1)
    db.add(sara)
    db.commit()
    client = app.test_client()
    before = client.get("/metrics").get_data(as_text=True)
    for _ in range(3):
        client.get("/rights/")
    jobs.run_now(app, "push-retry")
    response = client.get("/metrics")
    assert response.status_code == 200 and response.content_type.startswith("text/plain")
    text = response.get_data(as_text=True)
    counted = sample(text, "youthvoice_requests_total", method="GET", endpoint="support.rights_index", status="200")
    assert (
        counted
        == (
            sample(before, "youthvoice_requests_total", method="GET", endpoint="support.rights_index", status="200")
            or 0
        )
        + 3
    )
    assert (sample(text, "youthvoice_request_seconds_count", endpoint="support.rights_index") or 0) >= 3
    assert sample(text, "youthvoice_job_last_run_ok", job="push-retry") == 1
    assert (sample(text, "youthvoice_job_last_run_timestamp_seconds", job="push-retry") or 0) > 0
    assert sample(text, "youthvoice_job_last_run_timestamp_seconds", job="remind") == 0  # never ran
    assert sample(text, "youthvoice_job_runs", job="push-retry", outcome="ok") == 1
    assert sample(text, "youthvoice_erasures_waiting") == 1 and sample(text, "youthvoice_erasures_due") == 1
    assert sample(text, "youthvoice_push_devices_failing") == 0
    assert "Sara" not in text and "Secretname" not in text and str(sara.id) not in text
