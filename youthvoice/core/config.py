"""Documented defaults. The environment is read in `create_app`, never at import."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from youthvoice.core import languages


class Defaults:
    """Safe defaults; every one can be overridden by an environment variable of the same name."""

    # The relying party: a host name (never an IP address) and the exact origin the browser reports.
    WEBAUTHN_RP_ID = "localhost"
    WEBAUTHN_RP_NAME = "youthvoice"
    WEBAUTHN_ORIGIN = "http://localhost:5000"
    # Set to a redis:// URL to share rate-limit counters between app processes (and keep audit checkpoints there).
    REDIS_URL = ""
    # The audit log's entries are signed with the first key in AUDIT_KEYS (`id:base64key,...` like MASTER_KEYS, from
    # `youthvoice new-audit-key`; without it one is made in the instance folder). Signed checkpoints of the log
    # (how many entries, the newest one's hash) are appended to AUDIT_CHECKPOINT_FILE (default
    # instance/audit_checkpoints.jsonl) and pushed to a Redis list when REDIS_URL is set, after every
    # AUDIT_CHECKPOINT_EVERY-th entry (0: only by `youthvoice audit checkpoint`).
    AUDIT_CHECKPOINT_EVERY = 50
    AUDIT_CHECKPOINT_FILE = ""
    AUDIT_CHECKPOINT_REDIS_KEY = "youthvoice:audit-checkpoints"  # after RATELIMIT_KEY_PREFIX, if that is set
    # Threads per app server process (`youthvoice serve` runs gunicorn with them); the database pool keeps as many
    # connections, so a busy process never opens new ones. A connection idle longer than DB_IDLE_PING_SECONDS is
    # checked before use (a database restarted meanwhile costs nobody an error); busy ones are not.
    WEB_THREADS = 8
    DB_IDLE_PING_SECONDS = 60
    # The worker (`youthvoice worker`) looks for due jobs every WORKER_TICK_SECONDS. Each job has a default schedule
    # set by its area; WORKER_SCHEDULE changes it, as `name=spec` items ("remind=daily 17:00,push-retry=every 15m";
    # spec: every Nm, every Nh, daily HH:MM in BABEL_DEFAULT_TIMEZONE, or off). A job runs only under its lock:
    # JOB_LOCKS is postgresql (advisory locks), redis or database (a lease row); empty: postgresql on PostgreSQL, else
    # redis when REDIS_URL is set, else database. A lease (Redis, database) lasts JOB_LEASE_SECONDS and is renewed
    # while the job runs. The log of runs keeps JOB_RUNS_KEEP_DAYS days.
    WORKER_TICK_SECONDS = 30
    WORKER_SCHEDULE: tuple[str, ...] = ()
    JOB_LOCKS = ""
    JOB_LEASE_SECONDS = 120
    JOB_RUNS_KEEP_DAYS = 90
    # The accessibility statement and privacy notices: copies of youthvoice/rights/content/legal/*.toml edited by the
    # municipality (its contact details first) are read from here; empty: the instance folder's `legal/`.
    LEGAL_CONTENT_DIR = ""
    # Logs: "text" (Python's default lines) or "json" (one JSON object per line on standard error, with each request's
    # id, endpoint, status and duration, and errors as their kind and place only: core/logs.py).
    LOG_FORMAT = "text"
    LOG_LEVEL = "INFO"
    # /metrics (Prometheus) answers only these client addresses or networks ("10.0.0.5,192.168.10.0/24"); empty: a 404
    # for everyone. Behind a proxy (BEHIND_PROXY) the address is the forwarded one: let the scraper reach the app's
    # own port instead.
    METRICS_ALLOWED: tuple[str, ...] = ()
    # Demo mode shows /demo with a "log in as" button per persona. Never on in production.
    DEMO_MODE = False
    # Behind a TLS-terminating proxy: trust one hop of X-Forwarded-For/-Proto/-Host (client IPs for rate limits).
    BEHIND_PROXY = False

    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    # The interface's languages (a subset of youthvoice/core/languages.py NAMES, in the picker's order).
    LANGUAGES = languages.CODES

    SESSION_COOKIE_NAME = "yv_session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Idle and absolute session limits, per kind of person (minutes).
    SESSION_IDLE_MINUTES_YOUNG = 30
    SESSION_ABSOLUTE_MINUTES_YOUNG = 12 * 60
    SESSION_IDLE_MINUTES_STAFF = 15
    SESSION_ABSOLUTE_MINUTES_STAFF = 8 * 60
    # A visitor who has not logged in keeps a small session (their CSRF secret, a message for the next page) this
    # long, in a signed cookie: no database row is written before log-in.
    SESSION_ANONYMOUS_MINUTES = 120

    # A decision receipt not answered this many working days after its meeting shows as overdue.
    RECEIPT_DUE_WORKING_DAYS = 5
    # Erasure: days in which a request to delete an account can be undone.
    ERASURE_GRACE_DAYS = 7
    # Retention: young people with no activity for this many days are deleted by `youthvoice retention`,
    # and so are those past 23 (when support ends) and inactive for RETENTION_AFTER_23_DAYS.
    RETENTION_INACTIVE_DAYS = 730
    RETENTION_AFTER_23_DAYS = 180
    INVITE_DAYS = 7
    # Youth council votes: no result (no counts, nothing chosen) for a vote fewer members than this voted in,
    # so a small turnout can never show how one member voted. Fixed on each vote when it starts.
    COUNCIL_MIN_VOTERS = 5
    RECOVERY_INVITE_HOURS = 48
    # A recovery link made by staff for a young person: a passkey set up with it opens none of the young person's
    # own words for this long (unless one of their recovery codes is used), so no member of staff can read what
    # was never shared by recovering the account (recovery.py).
    RECOVERY_LOCK_HOURS = 72
    CHALLENGE_SECONDS = 300
    RECOVERY_CODE_COUNT = 10
    # The municipality's social services on call (out of hours), shown with the helplines on the help page and the
    # cached offline page; empty: not shown. One number per installation, since the offline page knows nobody.
    MUNICIPALITY_HELP_PHONE = ""

    # Web Push (phones told "you have something new"): a VAPID key pair from `youthvoice push keys`. Without a
    # private key push is off and the in-app list of notifications is all there is (the demo and tests make one).
    VAPID_PRIVATE_KEY = ""
    VAPID_PUBLIC_KEY = ""
    VAPID_SUBJECT = ""  # mailto: or https: address the push services can reach the operator at
    # Push services an endpoint may point at (host names, or their parent domains): the server posts to it.
    PUSH_SERVICE_HOSTS = ("fcm.googleapis.com", "android.googleapis.com", "push.services.mozilla.com",
                          "push.apple.com", "notify.windows.com")
    # Accept push endpoints on this machine (http://127.0.0.1, localhost): only for a local stand-in in tests.
    PUSH_ALLOW_LOCAL_ENDPOINTS = False
    PUSH_TIMEOUT_SECONDS = 5  # per push; sending happens after the request, in a background thread
    PUSH_TTL_SECONDS = 24 * 3600  # how long a push service keeps the message for a phone that is off
    PUSH_MAX_FAILURES = 20  # a subscription that failed this many times in a row is removed
    PUSH_MAX_PER_PERSON = 10  # devices per person; turning on an eleventh drops the oldest

    # Email (opt-in per person; never content: notify/mail.py): the SMTP server as one URL,
    # smtp://user:password@host:587?starttls=true (STARTTLS), smtps://user:password@host:465 (TLS from the start) or
    # smtp://host:25 (no TLS: only to a relay on the same machine or network), and the sender, "youthvoice
    # <noreply@kommune.dk>". Empty SMTP_URL: email is off and not offered. The links in an email start with
    # WEBAUTHN_ORIGIN. A person's email that failed is tried again by the worker until EMAIL_MAX_FAILURES in a row.
    SMTP_URL = ""
    EMAIL_FROM = ""
    SMTP_TIMEOUT_SECONDS = 10
    EMAIL_MAX_FAILURES = 10

    # Staff log-in through the municipality's OpenID Connect provider (identity/oidc.py): how long to wait for it,
    # the clock skew allowed on its ID tokens, and whether a provider on plain http (only a local one in tests and
    # the demo) is accepted.
    OIDC_TIMEOUT_SECONDS = 10
    OIDC_LEEWAY_SECONDS = 30
    OIDC_ALLOW_HTTP = False

    RATELIMIT_LOGIN = "20 per minute;200 per hour"
    RATELIMIT_INVITE = "10 per minute;60 per hour"
    # Making invite and recovery links (inviting a young person, staff, a bisidder or a council member; a new link):
    # per person who makes them, and per municipality.
    RATELIMIT_ISSUE_PERSON = "30 per hour;200 per day"
    RATELIMIT_ISSUE_MUNICIPALITY = "200 per hour;1000 per day"
    # A young person sending a point anonymously to her youth panel (issue 21.6): per person.
    RATELIMIT_PANEL_SEND = "10 per hour;30 per day"
    RATELIMIT_ENABLED = True
    # Put before every rate-limit key in Redis: set it when several installations share one Redis.
    RATELIMIT_KEY_PREFIX = ""
    # If Redis is down, count in each process's memory for a while rather than refuse every log-in.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True

    # Compression for every text response (brotli where the browser takes it, else gzip).
    COMPRESS_ALGORITHM = ("br", "gzip")
    COMPRESS_MIN_SIZE = 400
    # Pages are made anew for each request: brotli quality 1 costs a third of quality 4 in CPU for about 15 %
    # more bytes on a 3 KB page. Static files are packed once at the highest quality (assets.py).
    COMPRESS_BR_LEVEL = 1
    COMPRESS_MIMETYPES = ("text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                          "image/svg+xml", "application/manifest+json")
    WTF_I18N_ENABLED = False  # our own messages are in our catalogues; WTForms has no Danish
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the server-side session
    MAX_CONTENT_LENGTH = 1024 * 1024
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)


_BOOL_TRUE = {"1", "true", "yes", "on"}


def from_environment(env: dict[str, str] | None = None) -> dict[str, Any]:
    """Read overrides for every default from the environment, converted to the default's type."""
    env = dict(os.environ if env is None else env)
    values: dict[str, Any] = {}
    for name in dir(Defaults):
        if name.startswith("_") or name not in env:
            continue
        default = getattr(Defaults, name)
        raw = env[name]
        if isinstance(default, bool):
            values[name] = raw.strip().lower() in _BOOL_TRUE
        elif isinstance(default, int):
            values[name] = int(raw)
        elif isinstance(default, tuple):
            values[name] = tuple(part.strip() for part in raw.split(",") if part.strip())
        else:
            values[name] = raw
    for name in ("SECRET_KEY", "DATABASE_URL", "MASTER_KEYS", "AUDIT_KEYS"):
        if env.get(name):
            values[name] = env[name]
    return values


def instance_file(instance_path: str, name: str, make: Callable[[], str]) -> str:
    """A secret kept in the instance folder (readable by the owner only), made by `make` on first use.

    Written aside and linked into place, so a second process starting at the same time never reads half of it
    and both end up with the same one."""
    path = Path(instance_path) / name
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    spare = path.with_name(f".{name}.{os.getpid()}")
    fd = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(make())
    try:
        os.link(spare, path)
    except FileExistsError:
        pass
    finally:
        spare.unlink()
    return path.read_text().strip()


def instance_secret_key(instance_path: str) -> str:
    """Return the instance's secret key, creating it (readable by the owner only) on first use."""
    return instance_file(instance_path, "secret_key", lambda: secrets.token_urlsafe(48))
