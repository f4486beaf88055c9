"""The scheduled jobs' own tables: one row per run (what ran, when, how it ended, how many things it did) and the
lease that keeps a job from running twice at once where neither PostgreSQL nor Redis holds the lock
(core/jobs.py). Neither ever holds a person's id, name or words: a run is counted, never itemised."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from youthvoice.core.model import timestamp


class JobRun(SQLModel, table=True):
    """One run of a scheduled job, by the worker or by its command: its outcome and counts (numbers only)."""

    __tablename__ = "job_run"
    __table_args__ = (sa.Index("ix_job_run_job_started_at", "job", "started_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    job: str = Field(max_length=40)
    started_at: datetime = timestamp(index=True)
    finished_at: datetime | None = timestamp(nullable=True)
    outcome: str = Field(default="running", max_length=12)  # running, ok, failed
    counts: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)  # {"erased": 2}: numbers, never who
    error: str = Field(default="", max_length=80)  # the kind of error (an exception's class name), never its text
    by: str = Field(default="", max_length=80)  # "worker" or "command", and the host and process


class JobLock(SQLModel, table=True):
    """A lease on a job: who holds it and until when (renewed while the job runs; a crashed holder's lease ends)."""

    __tablename__ = "job_lock"

    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(max_length=64)
    expires_at: datetime = timestamp()
