"""Server-side sessions kept in the database, so log-out really ends a session everywhere.

For a logged-in person the cookie holds only a random id; the database keeps the sha256 of it, the session
data, who is logged in and when the session ends (idle and absolute limits per kind of person). Nothing lives in
process memory, so any app process can serve any request.

A visitor who has not logged in gets no row: there is nothing of theirs to keep or to end, and a row per
cookieless request (a bot, a flood of 429 answers) would fill the table. What a visitor's session holds (the
secret their CSRF tokens are signed against, a message for the next page, the recovery code they just typed) is
kept in the same cookie instead, signed with the app's secret key and dated: it cannot be forged or changed, and
it is void after SESSION_ANONYMOUS_MINUTES. The first row is written at log-in (`start_login`), with a new id.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Request, Response, g
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SessionInterface, SessionMixin
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import bindparam, inspect
from sqlalchemy import select as sa_select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, col, delete, select
from werkzeug.datastructures import CallbackDict

from youthvoice.core.db import new_session, read_connection
from youthvoice.core.model import utcnow
from youthvoice.identity.models import Challenge, LoginSession, User
from youthvoice.web import read_along

_serializer = TaggedJSONSerializer()
TOUCH_EVERY = timedelta(seconds=60)
ROW_ID_LENGTH = 100  # a row's cookie is a 43-character random id; a visitor's is signed data with dots in it
VISITOR_COOKIE_LENGTH = 3000  # a visitor's state is a few short values; browsers keep cookies up to 4 KB


SIGNED_CSRF = "csrf_signed"  # (the session's CSRF secret, its signed token): signed once per session, not per page
LOCKED_UNTIL = "content_locked_until"  # a session whose person's own words stay closed until then (recovery.py)


def hash_session_id(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class SessionRow:
    """What a request needs of its `loginsession` row, read as plain columns (cheaper than an ORM object on
    every request; the row is changed, when it is, through a database session of its own)."""

    id: str
    data: str
    last_seen_at: datetime
    expires_at: datetime
    idle_minutes: int


class ServerSession(CallbackDict, SessionMixin):
    """Session data plus what the interface needs to know to save it."""

    def __init__(self, initial: dict[str, Any] | None = None, *, raw_id: str | None = None,
                 row: SessionRow | None = None) -> None:
        def on_update(_self: CallbackDict) -> None:
            self.modified = True

        super().__init__(initial or {}, on_update)
        self.raw_id = raw_id
        self.row = row
        self.modified = False
        self.rotate_to_user: User | None = None  # set by `start_login`
        self.rotate_passkey_id: uuid.UUID | None = None  # the passkey the new session is opened with
        self.unavailable = False  # the database could not be asked for this session
        self.recovered = False
        self.ended = False  # set by `end_current`
        self.user: User | None = None  # the row's person, loaded with it (for the user loader)


def start_login(session: SessionMixin, user: User, *, via_recovery: bool = False, passkey_id: uuid.UUID | None = None,
                locked_until: datetime | None = None) -> None:
    """Give the browser a new session id for this person (the old one is deleted), tied to the passkey it was
    opened with; a passkey set up by a staff-made recovery link locks the person's own words (recovery.py)."""
    assert isinstance(session, ServerSession)
    session.rotate_to_user = user
    session.rotate_passkey_id = passkey_id
    session.recovered = via_recovery
    session.pop(LOCKED_UNTIL, None)
    if locked_until is not None:
        session[LOCKED_UNTIL] = locked_until.isoformat()
    session.modified = True


def end_current(session: SessionMixin) -> None:
    """Delete the current session at the end of this request."""
    assert isinstance(session, ServerSession)
    session.clear()
    session.ended = True


def limits_for(app: Flask, user: User | None) -> tuple[int, int]:
    """(idle minutes, absolute minutes) for a person; anonymous visitors get a short session."""
    config = app.config
    if user is None:
        minutes = config["SESSION_ANONYMOUS_MINUTES"]
        return minutes, minutes
    if user.is_staff or user.is_partner:
        return config["SESSION_IDLE_MINUTES_STAFF"], config["SESSION_ABSOLUTE_MINUTES_STAFF"]
    return config["SESSION_IDLE_MINUTES_YOUNG"], config["SESSION_ABSOLUTE_MINUTES_YOUNG"]


def _reuse_signed_csrf(app: Flask, session: ServerSession) -> None:
    """Hand Flask-WTF the token signed earlier in this session, so it does not sign it again on every page (its
    time limit is off: the token lives as long as the server-side session, which has its own limits)."""
    signed = session.get(SIGNED_CSRF)
    field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if signed and signed[0] == session.get(field):
        setattr(g, field, signed[1])


def _keep_signed_csrf(app: Flask, session: ServerSession) -> None:
    """After a page that signed the session's CSRF secret: keep the signed token with the session (when the
    session is written anyway: at most a minute of pages sign it again)."""
    field = app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    token, secret = g.get(field), session.get(field)
    if token and secret and session.get(SIGNED_CSRF) != [secret, token]:
        session[SIGNED_CSRF] = [secret, token]


def is_live(row: LoginSession | SessionRow, now: datetime) -> bool:
    return row.expires_at > now and row.last_seen_at + timedelta(minutes=row.idle_minutes) > now


def active_sessions(db: Session, user_id: uuid.UUID) -> list[LoginSession]:
    now = utcnow()
    rows = db.exec(select(LoginSession).where(LoginSession.user_id == user_id)).all()
    return sorted((r for r in rows if is_live(r, now)), key=lambda r: r.last_seen_at, reverse=True)


def passkey_of(db: Session, raw_id: str | None) -> uuid.UUID | None:
    """The passkey a web session was opened with (by the browser's raw session id)."""
    if not raw_id:
        return None
    return db.exec(select(LoginSession.passkey_id).where(LoginSession.id == hash_session_id(raw_id))).first()


def end_sessions(db: Session, user_id: uuid.UUID, *, except_id: str | None = None) -> int:
    """End a person's sessions (all, or all but one); returns how many ended."""
    statement = delete(LoginSession).where(col(LoginSession.user_id) == user_id)
    if except_id:
        statement = statement.where(col(LoginSession.id) != except_id)
    return db.exec(statement).rowcount


def end_one(db: Session, user_id: uuid.UUID, session_id: str) -> bool:
    """End one of a person's own sessions; False when it is not theirs (or already gone)."""
    statement = delete(LoginSession).where(col(LoginSession.user_id) == user_id, col(LoginSession.id) == session_id)
    return bool(db.exec(statement).rowcount)


def purge_expired(db: Session) -> None:
    now = utcnow()
    db.exec(delete(LoginSession).where(col(LoginSession.expires_at) < now))
    db.exec(delete(Challenge).where(col(Challenge.expires_at) < now))


STATIC_PREFIX = "/static/"  # static files never need the session (and a page loads several)


_PERSON_COLUMNS = tuple(User.__table__.columns)  # type: ignore[attr-defined]  # SQLModel's table is SQLAlchemy's
_PERSON_KEYS = tuple(column.key for column in _PERSON_COLUMNS)
_ROW_COLUMNS = 5  # the session row's own columns, before the person's
_PERSON_MAPPER = inspect(User)


def _session_query() -> tuple[Any, Any]:
    """The session row and its person's columns, built once per app with what the areas read along
    (web/read_along.py) and run with a parameter; also the column of the person's id, for the areas' columns to
    correlate on. Plain columns, run on a Core connection: no ORM session is opened to learn who is logged in."""
    statement = (
        sa_select(col(LoginSession.id), col(LoginSession.data), col(LoginSession.last_seen_at),
                  col(LoginSession.expires_at), col(LoginSession.idle_minutes), *_PERSON_COLUMNS)
        .outerjoin(User, col(User.id) == LoginSession.user_id)
        .where(col(LoginSession.id) == bindparam("session_id"))
    )
    return statement, LoginSession.user_id


def _detached_person(values: Sequence[Any]) -> User:
    """The logged-in person as the ORM would have loaded them, not yet in any database session: the request's
    session adopts them when it opens (`adopt_person`), so a view that changes them changes the row."""
    person: User = _PERSON_MAPPER.class_manager.new_instance()  # as the ORM builds a loaded row: no constructor
    inspect(person).dict.update(zip(_PERSON_KEYS, values, strict=True))
    make_transient_to_detached(person)
    return person


def adopt_person(db: Session) -> None:
    """The request's database session takes in the person read with the web session, as if it had loaded them."""
    from flask import session as web_session

    person = getattr(web_session, "user", None)
    if person is not None and inspect(person).detached:
        db.add(person)


class DatabaseSessionInterface(SessionInterface):
    """Flask's session, stored in the `loginsession` table."""

    def open_session(self, app: Flask, request: Request) -> ServerSession:

        raw_id = request.cookies.get(self.get_cookie_name(app))
        if not raw_id or request.path.startswith(STATIC_PREFIX):
            return ServerSession()
        if "." in raw_id:
            return self._visitor_session(app, raw_id)
        if len(raw_id) > ROW_ID_LENGTH:
            return ServerSession()
        try:
            # The session row and its person in one statement on a Core connection of its own: the user loader
            # (views/auth.py) then finds the person without asking the database again, and a request that only
            # needs to know who is logged in opens no ORM session at all.
            load = read_along.session_load(app, _session_query)
            with read_connection(app) as connection:
                found = connection.execute(load.statement, {"session_id": hash_session_id(raw_id)}).first()
        except DBAPIError:
            # The database is unreachable: the request goes on without a session and ends in a 503 page.
            session = ServerSession()
            session.unavailable = True
            return session
        if found is None:
            return ServerSession()
        row = SessionRow(*found[:_ROW_COLUMNS])
        if not is_live(row, utcnow()):
            return ServerSession()
        user = None
        if found[_ROW_COLUMNS] is not None:
            user = _detached_person(found[_ROW_COLUMNS:_ROW_COLUMNS + len(_PERSON_COLUMNS)])
            # Read along with the row, as most pages need them (the areas say what: the person's own data key
            # for their sealed text, the unread count the navigation shows, …).
            load.keep(user.id, found)
        session = ServerSession(_serializer.loads(row.data), raw_id=raw_id, row=row)
        session.user = user
        _reuse_signed_csrf(app, session)
        return session

    @staticmethod
    def _visitor_signer(app: Flask) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(app.secret_key or "", salt="youthvoice-visitor", serializer=_serializer,
                                      signer_kwargs={"digest_method": hashlib.sha256})

    def _visitor_session(self, app: Flask, value: str) -> ServerSession:
        """A visitor's state from their signed cookie; an empty session when it is forged, changed or too old."""
        if len(value) > VISITOR_COOKIE_LENGTH:
            return ServerSession()
        minutes, _absolute = limits_for(app, None)
        try:
            data = self._visitor_signer(app).loads(value, max_age=minutes * 60)
        except (BadSignature, ValueError, TypeError):
            return ServerSession()
        return ServerSession(data if isinstance(data, dict) else {})

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        assert isinstance(session, ServerSession)
        if session.unavailable:
            return  # never replace the browser's cookie because the database was briefly away
        try:
            self._save(app, session, response)
        except DBAPIError:
            # What the view did is already committed; failing here would answer 500 to a write that succeeded
            # (and a retry would repeat it). Only the session bookkeeping is skipped.
            logging.getLogger("youthvoice").warning("web session not saved: the database did not answer")

    def _save(self, app: Flask, session: ServerSession, response: Response) -> None:

        name, domain, path = self.get_cookie_name(app), self.get_cookie_domain(app), self.get_cookie_path(app)
        now = utcnow()
        if session.ended:
            if session.row is not None:
                with new_session(app) as db:
                    db.exec(delete(LoginSession).where(col(LoginSession.id) == session.row.id))
                    db.commit()
            response.delete_cookie(name, domain=domain, path=path)
            return
        if session.rotate_to_user is not None:
            self._rotate(app, session, response, now, user=session.rotate_to_user)
            return
        if session.row is None:
            if session.modified:
                self._save_visitor(app, session, response)
            return
        touch_due = now - session.row.last_seen_at >= TOUCH_EVERY
        if not session.modified and not touch_due:
            return
        _keep_signed_csrf(app, session)  # rides along with a write that happens anyway: never one of its own
        with new_session(app) as db:
            row = db.get(LoginSession, session.row.id)
            if row is None:  # ended elsewhere while this request ran
                response.delete_cookie(name, domain=domain, path=path)
                return
            row.last_seen_at = now
            if session.modified:
                row.data = _serializer.dumps(dict(session))
            db.add(row)
            db.commit()

    def _rotate(self, app: Flask, session: ServerSession, response: Response, now: datetime, *, user: User) -> None:

        if session.row is not None:
            with new_session(app) as db:
                db.exec(delete(LoginSession).where(col(LoginSession.id) == session.row.id))
                db.commit()
        self._create(app, session, response, user=user, now=now)

    def _save_visitor(self, app: Flask, session: ServerSession, response: Response) -> None:
        """A visitor's state goes back into their cookie, signed (no row); an emptied one removes the cookie."""
        from flask import request

        name, domain, path = self.get_cookie_name(app), self.get_cookie_domain(app), self.get_cookie_path(app)
        if not session:
            if name in request.cookies:
                response.delete_cookie(name, domain=domain, path=path)
            return
        minutes, _absolute = limits_for(app, None)
        response.set_cookie(name, self._visitor_signer(app).dumps(dict(session)), max_age=timedelta(minutes=minutes),
                            domain=domain, path=path, secure=self.get_cookie_secure(app), httponly=True,
                            samesite=self.get_cookie_samesite(app))

    def _create(self, app: Flask, session: ServerSession, response: Response, *, user: User,
                now: datetime) -> None:
        from flask import request


        idle, absolute = limits_for(app, user)
        raw_id = secrets.token_urlsafe(32)
        row = LoginSession(
            id=hash_session_id(raw_id),
            user_id=user.id,
            data=_serializer.dumps(dict(session)),
            created_at=now,
            last_seen_at=now,
            idle_minutes=idle,
            expires_at=now + timedelta(minutes=absolute),
            user_agent=(request.user_agent.string or "")[:200],
            via_recovery=session.recovered,
            passkey_id=session.rotate_passkey_id,
        )
        with new_session(app) as db:
            if secrets.randbelow(50) == 0:
                purge_expired(db)
            db.add(row)
            db.commit()
        response.set_cookie(
            self.get_cookie_name(app),
            raw_id,
            max_age=timedelta(minutes=absolute),
            domain=self.get_cookie_domain(app),
            path=self.get_cookie_path(app),
            secure=self.get_cookie_secure(app),
            httponly=True,
            samesite=self.get_cookie_samesite(app),
        )
