"""Signed checkpoints of the audit log, kept outside the database, so a shortened log is noticed.

A checkpoint records how many entries the log had, the id and hash of the newest one and when, signed (HMAC-SHA256)
with the current audit key. It goes to a file (one JSON line appended per checkpoint) and, when `REDIS_URL` is set,
to a Redis list as well. One is written after every `AUDIT_CHECKPOINT_EVERY`-th entry, once its transaction has
committed, and whenever `youthvoice audit checkpoint` runs (from cron). `youthvoice audit verify` checks the chain
and every checkpoint: removing the newest entries, or rewriting the log even with the key, no longer passes.

Writing costs a file append (not waiting for the disk) and a Redis push, well under a millisecond, once per 50
entries; a failure is logged and never breaks the request that happened to append the entry.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from youthvoice.core.model import utcnow
from youthvoice.privacy.audit import (
    PENDING_CHECKPOINTS,
    AuditKeys,
    ChainCheck,
    Head,
    instance_audit_keys,
    last_entry_query,
    verify_chain,
)
from youthvoice.privacy.models import AuditEvent

log = logging.getLogger(__name__)

REDIS_TIMEOUT_SECONDS = 0.5  # a Redis that does not answer delays the one request that writes a checkpoint, briefly
_SIGNED_AS = b"youthvoice audit checkpoint\n"  # never the same bytes as an entry's signature covers


@dataclass(frozen=True)
class Checkpoint:
    """The log had `count` entries, the newest being `head_id` with `head_hash`, at `at`; signed by `key_id`."""

    count: int
    head_id: int
    head_hash: str
    at: str
    key_id: str
    signature: str = ""

    def payload(self) -> bytes:
        """The bytes the signature covers: every field but the signature."""
        fields = {name: value for name, value in asdict(self).items() if name != "signature"}
        return _SIGNED_AS + json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()

    def signed(self, keys: AuditKeys) -> Checkpoint:
        """The same checkpoint, signed with the current audit key."""
        unsigned = Checkpoint(self.count, self.head_id, self.head_hash, self.at, keys.current_id)
        signature = hmac.new(keys.current, unsigned.payload(), hashlib.sha256).hexdigest()
        return Checkpoint(**{**asdict(unsigned), "signature": signature})

    def signature_ok(self, keys: AuditKeys) -> bool:
        """Signed by a key in AUDIT_KEYS, and unchanged since."""
        key = keys.by_id.get(self.key_id)
        return key is not None and hmac.compare_digest(
            hmac.new(key, self.payload(), hashlib.sha256).hexdigest(), self.signature)

    def line(self) -> str:
        """As stored: one line of JSON."""
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_line(cls, line: str) -> Checkpoint:
        """Raises ValueError for anything that is not a checkpoint."""
        data = json.loads(line)
        if not isinstance(data, dict) or set(data) != set(cls.__dataclass_fields__):
            raise ValueError("not a checkpoint")
        checkpoint = cls(**data)
        if not (isinstance(checkpoint.count, int) and isinstance(checkpoint.head_id, int)
                and all(isinstance(getattr(checkpoint, name), str)
                        for name in ("head_hash", "at", "key_id", "signature"))):
            raise ValueError("not a checkpoint")
        return checkpoint


class FileSink:
    """Checkpoints appended as JSON lines to a file (created readable by the owner only)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = f"file {path}"

    def write(self, line: str, *, durable: bool = False) -> None:
        """Append one line; `durable`: wait until it is on disk."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, (line + "\n").encode())  # one write with O_APPEND: processes never interleave a line
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)

    def read(self) -> Iterator[tuple[str, str]]:
        """Every line, with where it is ("line 3"); nothing if there is no file yet."""
        if not self.path.exists():
            return
        with self.path.open(encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield f"line {number}", line


class RedisSink:
    """Checkpoints pushed onto a Redis list: a second copy, on another machine than the database if you can."""

    def __init__(self, url: str, key: str) -> None:
        self.url = url
        self.key = key
        self.name = f"Redis list {key!r}"
        self._client: Any = None

    def _redis(self) -> Any:
        if self._client is None:  # made on first use: after gunicorn has forked its workers
            import redis

            self._client = redis.Redis.from_url(self.url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
                                                socket_timeout=REDIS_TIMEOUT_SECONDS)
        return self._client

    def write(self, line: str, *, durable: bool = False) -> None:
        """Push one item (it lasts as Redis's own persistence is set up; `durable` is for the file)."""
        self._redis().rpush(self.key, line)

    def read(self) -> Iterator[tuple[str, str]]:
        """Every item, with where it is ("item 3")."""
        for number, raw in enumerate(self._redis().lrange(self.key, 0, -1), start=1):
            yield f"item {number}", raw.decode("utf-8", errors="replace")


class Anchor:
    """The app's audit settings: the keys, how often to checkpoint, and where checkpoints go."""

    def __init__(self, keys: AuditKeys, every: int, sinks: list[FileSink | RedisSink]) -> None:
        self.keys = keys
        self.every = every
        self.sinks = sinks

    def write(self, head: Head, *, durable: bool = False) -> list[str]:
        """Write a signed checkpoint of `head` to every place; returns the places it could not be written to.

        `durable`: wait until the file is on disk (an fsync, ~4 ms here). Checkpoints written after a page's entry
        do not wait: if a power cut loses one, the next comes `every` entries later, and nobody gains from that."""
        line = Checkpoint(head.seq, head.id, head.hash, utcnow().isoformat(), self.keys.current_id).signed(
            self.keys).line()
        failed = []
        for sink in self.sinks:
            try:
                sink.write(line, durable=durable)
            except Exception:
                log.exception("could not write an audit checkpoint to %s", sink.name)
                failed.append(sink.name)
        return failed


def checkpoint_now(session: Session, anchor: Anchor) -> tuple[Head | None, list[str]]:
    """Checkpoint the newest entry (`youthvoice audit checkpoint`); returns it and the places that failed."""
    last = session.exec(last_entry_query().add_columns(col(AuditEvent.id))).first()
    if last is None:
        return None, []
    head = Head(last.seq, last.id, last.hash)
    return head, anchor.write(head, durable=True)


# --- verifying --------------------------------------------------------------------------------------------


@dataclass
class Report:
    """What `youthvoice audit verify` found: what is wrong (empty if nothing) and what was checked."""

    chain: ChainCheck
    problems: list[str]
    notes: list[str]


def _read_checkpoints(anchor: Anchor, problems: list[str], unread: set[str]) -> list[tuple[str, Checkpoint]]:
    found = []
    for sink in anchor.sinks:
        bad: list[str] = []
        try:
            for place, line in sink.read():
                try:
                    checkpoint = Checkpoint.from_line(line)
                except (ValueError, TypeError):
                    bad.append(f"{place} is not a checkpoint")
                    continue
                if not checkpoint.signature_ok(anchor.keys):
                    bad.append(f"{place} has a signature that does not match (altered, or not made with an audit "
                               f"key in AUDIT_KEYS: key {checkpoint.key_id!r})")
                    continue
                found.append((sink.name, checkpoint))
        except Exception as error:
            unread.add(sink.name)
            problems.append(f"the checkpoints in {sink.name} could not be read ({type(error).__name__}: {error}), "
                            "so they were not checked")
        if bad:
            problems.append(f"{sink.name}: {bad[0]}" + (f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""))
    return found


def _more(count: int, one: str, several: str) -> str:
    if not count:
        return ""
    return f" (1 more checkpoint {one})" if count == 1 else f" ({count} more checkpoints {several})"


def _compare(found: list[tuple[str, Checkpoint]], chain: ChainCheck, problems: list[str]) -> None:
    beyond = [(name, cp) for name, cp in found if cp.count > chain.checked]
    if beyond and chain.first_broken_id is None:
        name, newest = max(beyond, key=lambda item: item[1].count)
        problems.append(
            f"the log ends after {chain.checked} entries, but the checkpoint of {newest.at} in {name} counted "
            f"{newest.count} (entry {newest.head_id} was the newest): the newest entries were removed"
            + _more(len(beyond) - 1, "says the same", "say the same"))
    differ = sorted(((name, cp) for name, cp in found if cp.count <= chain.checked
                     and (chain.seen[cp.count].hash != cp.head_hash or chain.seen[cp.count].id != cp.head_id)),
                    key=lambda item: item[1].count)
    if differ:
        name, first = differ[0]
        now = chain.seen[first.count]
        problems.append(
            f"entry number {first.count} is not the one the checkpoint of {first.at} in {name} recorded (entry "
            f"{first.head_id}, hash {first.head_hash[:12]}…; now entry {now.id}, hash {now.hash[:12]}…): the log "
            "up to there was rewritten"
            + _more(len(differ) - 1, "disagrees", "disagree"))


def _fresh(anchor: Anchor, found: list[tuple[str, Checkpoint]], chain: ChainCheck, problems: list[str],
           unread: set[str]) -> None:
    """Every place should hold a checkpoint of the last `2 * every` entries: else writing them stopped."""
    if not anchor.every or chain.first_broken_id is not None:
        return
    for sink in anchor.sinks:
        if sink.name in unread:
            continue
        newest = max((cp.count for name, cp in found if name == sink.name), default=0)
        if chain.checked - newest >= 2 * anchor.every:
            problems.append(
                f"{sink.name} has no checkpoint of the newest {chain.checked - newest} entries (one is written every "
                f"{anchor.every}): checkpoints were removed, or cannot be written there; run `youthvoice audit "
                "checkpoint` and check the log for errors")


def verify(session: Session, anchor: Anchor) -> Report:
    """Check the chain with the audit keys and every checkpoint against it; name what is wrong."""
    problems: list[str] = []
    unread: set[str] = set()
    found = _read_checkpoints(anchor, problems, unread)
    events = session.exec(select(AuditEvent).order_by(col(AuditEvent.id))).yield_per(1000)
    chain = verify_chain(events, keys=anchor.keys, want={cp.count for _, cp in found})
    if chain.first_broken_id is not None:
        problems.insert(0, f"the chain breaks at entry {chain.first_broken_id} (after {chain.checked} good "
                           f"entries): {chain.reason}")
    _compare(found, chain, problems)
    _fresh(anchor, found, chain, problems, unread)
    notes = [f"{sink.name}: {sum(1 for name, _ in found if name == sink.name)} checkpoints" for sink in anchor.sinks]
    return Report(chain, problems, notes)


# --- writing after commit ---------------------------------------------------------------------------------


def _write_after_commit(session: OrmSession) -> None:
    heads = session.info.pop(PENDING_CHECKPOINTS, None)
    anchor = session.info.get("audit")
    if not heads or not isinstance(anchor, Anchor):
        return
    for head in heads:
        anchor.write(head)


def _forget(session: OrmSession, *_args: Any) -> None:
    session.info.pop(PENDING_CHECKPOINTS, None)


_listening = False


def init_app(app: Flask) -> None:
    """Read the audit keys and where checkpoints go; write pending checkpoints after each commit."""
    global _listening

    config = app.config
    if not config.get("AUDIT_KEYS"):
        config["AUDIT_KEYS"] = instance_audit_keys(app.instance_path)
    keys = AuditKeys.parse(config["AUDIT_KEYS"])
    path = Path(config.get("AUDIT_CHECKPOINT_FILE") or Path(app.instance_path) / "audit_checkpoints.jsonl")
    sinks: list[FileSink | RedisSink] = [FileSink(path)]
    if config.get("REDIS_URL"):
        sinks.append(RedisSink(config["REDIS_URL"],
                               config.get("RATELIMIT_KEY_PREFIX", "") + config["AUDIT_CHECKPOINT_REDIS_KEY"]))
    app.extensions["yv_audit"] = Anchor(keys, int(config["AUDIT_CHECKPOINT_EVERY"]), sinks)
    if not _listening:
        event.listen(OrmSession, "after_commit", _write_after_commit)
        event.listen(OrmSession, "after_soft_rollback", _forget)
        _listening = True
