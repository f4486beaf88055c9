"""`/metrics` in Prometheus's text format, for the addresses in METRICS_ALLOWED only (everyone else gets a 404).

Requests and their latencies are counted per endpoint (the route's name, never an address with its values), method
and status. Under gunicorn the processes count together through prometheus_client's multiprocess mode:
`youthvoice serve` points PROMETHEUS_MULTIPROC_DIR at an emptied folder before gunicorn starts (set it yourself when
you start gunicorn otherwise), so a scrape that reaches any process sees them all.

The rest is read from the database when scraped, so every process answers the same: the scheduled jobs (when each
last ran and whether it succeeded, and the runs in the log by outcome) and what waits (accounts waiting for their
erasure and those due, devices whose last push failed). Numbers only: no person, no content.
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from sqlmodel import Session, col, func, select

from youthvoice.core.db import new_session
from youthvoice.core.errors import NotFound
from youthvoice.core.jobs import jobs_of
from youthvoice.core.jobs_model import JobRun
from youthvoice.core.model import utcnow

bp = Blueprint("metrics", __name__)

REQUESTS = Counter("youthvoice_requests", "Requests answered", ["method", "endpoint", "status"])
LATENCY = Histogram(
    "youthvoice_request_seconds",
    "How long requests took, until the answer was committed",
    ["endpoint"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

# Tables of the areas above the core, by name (the core does not import them).
PEOPLE = sa.table("user", sa.column("erase_after", sa.DateTime))
DEVICES = sa.table("pushsubscription", sa.column("failure_count", sa.Integer))


def allowed(address: str | None, networks: Iterable[str]) -> bool:
    """Whether this client address is in one of the configured addresses or networks."""
    if not address:
        return False
    try:
        client = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(client in ipaddress.ip_network(network, strict=False) for network in networks)


def _started() -> None:
    g.yv_metrics_started = time.perf_counter()


def _counted(response: Response) -> Response:
    started = g.get("yv_metrics_started")
    if started is not None:
        endpoint = request.endpoint or "none"
        REQUESTS.labels(request.method, endpoint, str(response.status_code)).inc()
        LATENCY.labels(endpoint).observe(time.perf_counter() - started)
    return response


def _gauge(name: str, help_text: str, samples: list[tuple[dict[str, str], float]]) -> list[str]:
    lines = [f"# HELP {name} {help_text}", f"# TYPE {name} gauge"]
    for labels, value in samples:
        shown = ",".join(f'{key}="{value_}"' for key, value_ in labels.items())
        lines.append(f"{name}{{{shown}}} {value}" if shown else f"{name} {value}")
    return lines


def _from_the_database(db: Session, job_names: Iterable[str]) -> list[str]:
    newest = select(JobRun.job, func.max(JobRun.started_at).label("newest")).group_by(col(JobRun.job)).subquery()
    latest: dict[str, JobRun] = {
        run.job: run
        for run in db.exec(
            select(JobRun).join(
                newest, sa.and_(col(JobRun.job) == newest.c.job, col(JobRun.started_at) == newest.c.newest)
            )
        )
    }
    by_outcome = db.exec(
        select(JobRun.job, JobRun.outcome, func.count()).group_by(col(JobRun.job), col(JobRun.outcome))
    ).all()
    now = utcnow()
    waiting = db.execute(select(func.count()).select_from(PEOPLE).where(PEOPLE.c.erase_after.is_not(None))).scalar()
    due = db.execute(select(func.count()).select_from(PEOPLE).where(PEOPLE.c.erase_after <= now)).scalar()
    failing = db.execute(select(func.count()).select_from(DEVICES).where(DEVICES.c.failure_count > 0)).scalar()

    def stamp(moment: datetime | None) -> float:
        return moment.timestamp() if moment else 0

    names = sorted(set(job_names) | set(latest))
    return [
        *_gauge(
            "youthvoice_job_last_run_timestamp_seconds",
            "When each scheduled job last started (0: never)",
            [({"job": name}, stamp(latest[name].started_at if name in latest else None)) for name in names],
        ),
        *_gauge(
            "youthvoice_job_last_run_ok",
            "Whether each job's last run succeeded (1), failed (0) or runs (-1)",
            [({"job": name}, {"ok": 1, "failed": 0}.get(latest[name].outcome, -1)) for name in names if name in latest],
        ),
        *_gauge(
            "youthvoice_job_runs",
            "Runs in the log of runs (JOB_RUNS_KEEP_DAYS), by job and outcome",
            [({"job": job, "outcome": outcome}, count) for job, outcome, count in by_outcome],
        ),
        *_gauge(
            "youthvoice_erasures_waiting",
            "Accounts waiting for their erasure (grace period running or due)",
            [({}, waiting or 0)],
        ),
        *_gauge("youthvoice_erasures_due", "Accounts whose erasure is due and not yet carried out", [({}, due or 0)]),
        *_gauge(
            "youthvoice_push_devices_failing",
            "Devices whose last push failed (the push-retry job's queue)",
            [({}, failing or 0)],
        ),
    ]


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


@bp.get("/metrics")
def metrics() -> Any:
    """The counters and gauges, for the configured addresses only (a 404 for anyone else, like every refusal)."""
    if not allowed(request.remote_addr, current_app.config["METRICS_ALLOWED"]):
        raise NotFound
    with new_session(current_app, write=False) as db:
        lines = _from_the_database(db, jobs_of(current_app))
    body = generate_latest(_registry()).decode("utf-8") + "\n".join(lines) + "\n"
    return Response(body, content_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})


def init_app(app: Flask) -> None:
    """Count every request (before the unit of work's hook: the time includes the commit) and serve /metrics."""
    app.before_request(_started)
    app.after_request(_counted)
    app.register_blueprint(bp)
