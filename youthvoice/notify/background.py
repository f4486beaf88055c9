"""Sending after the commit, never holding the request: what push (notify/push.py) and email (notify/mail.py) share.

Both tell someone *that* something is new, and both must do it only for what was really saved, without making the
person who caused it wait for a push service or an SMTP server that is slow or down. So, for each of them:

- while the request runs, `notifications.notify()` only marks the people told, on the database session;
- just before that session commits, the service's `prepare` reads what it needs in the same transaction (`listen`);
- once the transaction has committed, what it prepared goes to the service's `BackgroundPool`: a couple of threads
  that do the slow part and write back what happened, while the request has already answered.

A rollback sends nothing. Nothing here raises into the request: a failure while preparing, queueing or sending is
logged (by the kind of error; the services keep addresses and endpoints out of their own log lines).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import Flask, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession

log = logging.getLogger(__name__)

T = TypeVar("T")
OUTBOX = "yv_background_outbox"  # session.info: [(pool, batch), ...] to hand over once the transaction has committed


class BackgroundPool(Generic[T]):
    """One per service and app: a small pool of threads that run `work` on a batch, in the app's context, after the
    request. `name` (plural: "emails") names its threads and its log lines."""

    def __init__(self, app: Flask, name: str, workers: int = 2) -> None:
        self.app, self.name, self.workers = app, name, workers
        self._executor: ThreadPoolExecutor | None = None
        self._futures: set[Future[None]] = set()
        self._lock = threading.Lock()

    def work(self, batch: list[T]) -> None:
        """Send the batch and write back what happened (in a thread of the pool, with an app context)."""
        raise NotImplementedError

    def submit(self, batch: list[T]) -> None:
        """Start on the batch in the background and return at once."""
        with self._lock:
            if self._executor is None:  # made on first use: after gunicorn has forked its workers
                self._executor = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix=f"yv-{self.name}")
            future = self._executor.submit(self._run, batch)
            self._futures.add(future)
        future.add_done_callback(self._done)

    def drain(self, timeout: float = 30) -> None:
        """Wait for what is being sent (the CLI and the worker before they go on; tests before they look)."""
        with self._lock:
            pending = set(self._futures)
        if pending:
            wait(pending, timeout=timeout)

    def _done(self, future: Future[None]) -> None:
        with self._lock:
            self._futures.discard(future)

    def _run(self, batch: list[T]) -> None:
        try:
            with self.app.app_context():
                self.work(batch)
        except Exception:
            log.exception("sending %s failed", self.name)


@dataclass(frozen=True)
class _Hook:
    pending: str  # the session.info key under which notify() marks the people told
    pool: Callable[[], BackgroundPool[Any] | None]  # the current app's pool, or None when the service is off
    prepare: Callable[[OrmSession, Any], list[Any]]  # (session, what was marked) -> the batch to send


_hooks: dict[str, _Hook] = {}


def listen(pending: str, pool: Callable[[], BackgroundPool[Any] | None],
           prepare: Callable[[OrmSession, Any], list[Any]]) -> None:
    """Before every commit of a session with something under session.info[pending]: `prepare(session, marked)` in
    the same transaction; after the commit its batch goes to `pool()`. Once per process, however many apps."""
    first = not _hooks
    _hooks.setdefault(pending, _Hook(pending, pool, prepare))
    if first:
        event.listen(OrmSession, "before_commit", _prepare)
        event.listen(OrmSession, "after_commit", _hand_over)
        event.listen(OrmSession, "after_soft_rollback", _forget)


def _prepare(session: OrmSession) -> None:
    for hook in list(_hooks.values()):
        marked = session.info.pop(hook.pending, None)
        if not marked or not has_app_context():
            continue
        sender = hook.pool()
        if sender is None:
            continue
        try:
            batch = hook.prepare(session, marked)
        except Exception:
            log.exception("could not prepare %s; the in-app notifications are kept", sender.name)
            continue
        if batch:
            session.info.setdefault(OUTBOX, []).append((sender, batch))


def _hand_over(session: OrmSession) -> None:
    for sender, batch in session.info.pop(OUTBOX, []):
        try:
            sender.submit(batch)
        except Exception:
            log.exception("could not queue %s", sender.name)


def _forget(session: OrmSession, *_args: Any) -> None:
    for pending in _hooks:
        session.info.pop(pending, None)
    session.info.pop(OUTBOX, None)
