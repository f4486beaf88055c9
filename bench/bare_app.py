"""The references youthvoice's pages are measured against, served like youthvoice in the same run.

    gunicorn -k gthread --threads 8 -w 2 -b 127.0.0.1:PORT --chdir bench bare_app:app

- `/`: a bare Flask endpoint returning a small HTML string, the ceiling for any Flask app here.
- `/lean/me`: the lean log-in floor (issue 25): the same revocable server-side session youthvoice keeps (the
  `yv_session` cookie's sha256 looked up by primary key in `loginsession`, joined to its person, idle and
  absolute limits checked) on the raw database driver, one kept connection per thread, and a small JSON answer.
- `/lean/page`: the lean page: that check, three statements on the raw driver (the next five meetings, how many
  small steps, how many unread notifications) and a small Jinja template.
- `/typical`: a typical Flask-Login + ORM page: Flask-Login's request loader reads the same session row and
  person through an ORM Session, then three ORM statements and the same template.

None of them has translations, CSRF, security headers or compression: they are what a request must at least
cost on this machine, so a page's CPU time per request can be read as a multiple of them.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Flask, abort, g, jsonify, request
from flask_login import LoginManager, current_user
from sqlalchemy import create_engine, func
from sqlmodel import Session, select

from youthvoice.identity.models import LoginSession, User
from youthvoice.meetings.models import Meeting
from youthvoice.network.models import Step
from youthvoice.notify.models import Notification

app = Flask(__name__)
app.secret_key = os.environ.get("SECRET_KEY", "bench")

PAGE = ("<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>bare</title></head><body><main>"
        "<h1>Hej</h1><p>A bare Flask endpoint: the ceiling for any Flask app here.</p></main></body></html>")

TEMPLATE = app.jinja_env.from_string("""<!doctype html>
<html lang="da"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hej {{ name }}</title></head>
<body><header><a href="/">youthvoice</a> <a href="/notifications">Beskeder ({{ unread }})</a></header><main>
<h1>Hej {{ name }}</h1>
<section><h2>Dine næste møder</h2>
{% if meetings %}<ul>{% for meeting in meetings %}
<li><a href="/meetings/{{ meeting.id }}">{{ meeting.kind }}</a> {{ meeting.starts_at.strftime("%d.%m.%Y %H:%M") }}</li>
{% endfor %}</ul>{% else %}<p>Ingen møder.</p>{% endif %}
</section>
<section><h2>Små skridt</h2><p>Du har taget {{ steps }} små skridt.</p></section>
</main><footer>youthvoice</footer></body></html>
""")

DATABASE_URL = os.environ.get("DATABASE_URL", "")
COOKIE = "yv_session"
_engine = create_engine(DATABASE_URL) if DATABASE_URL else None


@app.get("/")
def index() -> str:
    return PAGE


# --- the lean references: the raw driver, one kept connection per thread -----------------------------------

_kept = threading.local()
_SQLITE = DATABASE_URL.startswith("sqlite")
_MARK = "?" if _SQLITE else "%s"


def _connection() -> Any:
    """This thread's connection to the database, opened once and kept (what a pool does, without a pool)."""
    connection = getattr(_kept, "connection", None)
    if connection is None:
        if _SQLITE:
            connection = sqlite3.connect(DATABASE_URL.split("///", 1)[1], check_same_thread=False,
                                         isolation_level=None)
            connection.execute("PRAGMA busy_timeout = 5000")
        else:
            import psycopg

            connection = psycopg.connect(DATABASE_URL.replace("postgresql+psycopg://", "postgresql://"),
                                         autocommit=True)
        _kept.connection = connection
    return connection


def _key(value: uuid.UUID) -> Any:
    """A person's id as the database keeps it (SQLAlchemy stores UUIDs as 32 hex digits on SQLite)."""
    return value.hex if _SQLITE else value


def _moment(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


_SESSION_CHECK = (f"SELECT s.expires_at, s.last_seen_at, s.idle_minutes, u.id, u.display_name, u.role "
                  f"FROM loginsession s JOIN \"user\" u ON u.id = s.user_id WHERE s.id = {_MARK}")


def lean_person() -> tuple[Any, str, str] | None:
    """The logged-in person (id, name, role) from a revocable server-side session, or None: the lean floor."""
    raw = request.cookies.get(COOKIE)
    if not raw or len(raw) > 100:
        return None
    row = _connection().execute(_SESSION_CHECK, (hashlib.sha256(raw.encode()).hexdigest(),)).fetchone()
    if row is None:
        return None
    now = datetime.now(UTC)
    if _moment(row[0]) <= now or _moment(row[1]) + timedelta(minutes=row[2]) <= now:
        return None
    person_id = row[3] if isinstance(row[3], uuid.UUID) else uuid.UUID(row[3])
    return person_id, row[4], row[5]


@app.get("/lean/me")
def lean_me() -> Any:
    person = lean_person()
    if person is None:
        abort(401)
    return jsonify({"id": str(person[0]), "name": person[1], "role": person[2]})


class _Meeting:
    __slots__ = ("id", "kind", "starts_at")

    def __init__(self, meeting_id: Any, kind: str, starts_at: Any) -> None:
        self.id, self.kind, self.starts_at = meeting_id, kind, _moment(starts_at)


@app.get("/lean/page")
def lean_page() -> str:
    person = lean_person()
    if person is None:
        abort(401)
    connection, key = _connection(), _key(person[0])
    meetings = [_Meeting(*row) for row in connection.execute(
        f"SELECT id, kind, starts_at FROM meeting WHERE owner_id = {_MARK} AND starts_at >= {_MARK} "
        f"ORDER BY starts_at LIMIT 5", (key, _now_param())).fetchall()]
    steps = connection.execute(f"SELECT count(*) FROM step WHERE owner_id = {_MARK}", (key,)).fetchone()[0]
    unread = connection.execute(f"SELECT count(*) FROM notification WHERE user_id = {_MARK} AND read_at IS NULL",
                                (key,)).fetchone()[0]
    return TEMPLATE.render(name=person[1], meetings=meetings, steps=steps, unread=unread)


def _now_param() -> Any:
    now = datetime.now(UTC)
    return now.strftime("%Y-%m-%d %H:%M:%S.%f") if _SQLITE else now


# --- the typical reference: Flask-Login and an ORM Session ----------------------------------------------------

login_manager = LoginManager(app)
login_manager.session_protection = None  # as youthvoice: no identifier written into a cookie per request


def _db() -> Session:
    if "db" not in g:
        g.db = Session(_engine)
    return g.db


@app.teardown_appcontext
def _close(_error: BaseException | None) -> None:
    db = g.pop("db", None)
    if db is not None:
        db.close()


@login_manager.request_loader
def _load_from_session(req: Any) -> User | None:
    raw = req.cookies.get(COOKIE)
    if not raw or len(raw) > 100 or _engine is None:
        return None
    db = _db()
    row = db.get(LoginSession, hashlib.sha256(raw.encode()).hexdigest())
    now = datetime.now(UTC)
    if row is None or row.expires_at <= now or row.last_seen_at + timedelta(minutes=row.idle_minutes) <= now:
        return None
    return db.get(User, row.user_id)


@app.get("/typical")
def typical() -> str:
    if not current_user.is_authenticated:
        abort(401)
    db, person_id = _db(), current_user.id
    meetings = db.exec(select(Meeting).where(Meeting.owner_id == person_id, Meeting.starts_at >= datetime.now(UTC))
                       .order_by(Meeting.starts_at).limit(5)).all()
    steps = db.exec(select(func.count()).select_from(Step).where(Step.owner_id == person_id)).one()
    unread = db.exec(select(func.count()).select_from(Notification)
                     .where(Notification.user_id == person_id, Notification.read_at == None)).one()  # noqa: E711
    return TEMPLATE.render(name=current_user.display_name, meetings=meetings, steps=steps, unread=unread)
