"""Server-side sessions: a new id at log-in, really gone at log-out, limits, and log-out everywhere."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from itsdangerous import TimestampSigner
from sqlmodel import func, select
from support.client import csrf_token, passkey_login, post_form, register_with_invite
from support.database import reread
from support.people import issue_invite, login_as, make_municipality, make_person
from support.softauthn import SoftAuthenticator

from youthvoice.identity.models import AccountStatus, LoginSession, Role, User
from youthvoice.identity.sessions import DatabaseSessionInterface, hash_session_id


def _cookie(app, client):  # type: ignore[no-untyped-def]
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"], domain="localhost")
    return cookie.value if cookie else None


def _registered(app, db):  # type: ignore[no-untyped-def]
    town = make_municipality(db)
    pro = make_person(db, town, Role.PROFESSIONAL)
    young = make_person(db, town, status=AccountStatus.PENDING)
    phone = SoftAuthenticator()
    register_with_invite(app.test_client(), issue_invite(app, young, pro), phone)
    return young, phone


def _rows(db) -> int:  # type: ignore[no-untyped-def]
    reread(db)
    return db.exec(select(func.count()).select_from(LoginSession)).one()


def test_login_gives_a_new_session_id(app, db):
    young, phone = _registered(app, db)
    browser = app.test_client()
    browser.get("/login")
    before = _cookie(app, browser)
    assert before  # the log-in page gave the visitor a signed cookie (their CSRF secret), not a row
    rows = _rows(db)
    assert passkey_login(browser, phone).status_code == 200
    after = _cookie(app, browser)
    assert after and after != before and "." not in after  # now a row's id
    assert _rows(db) == rows + 1
    assert db.get(LoginSession, hash_session_id(after)).user_id == young.id


def test_visitors_who_have_not_logged_in_leave_no_rows(app, db):
    """100 cookieless requests for the log-in page made 100 session rows (one per CSRF token shown); a visitor's
    state is now kept in their signed cookie, and the first row is written at log-in."""
    for path, status in {"/login": 200, "/": 302, "/rights/": 200, "/nowhere": 404, "/recover": 200}.items():
        for _ in range(100 if path == "/login" else 10):
            answer = app.test_client().get(path)
            assert answer.status_code == status, (path, answer.status_code)
    refused = app.test_client().post("/login/options", json={})  # no CSRF token: a 400 page with a new one
    assert refused.status_code == 400
    assert _rows(db) == 0


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_INVITE="1 per hour")
def test_rate_limited_answers_leave_no_rows(app, db):
    answers = [app.test_client().get(f"/i/guess-{n}").status_code for n in range(101)]
    # one guess per minute gets through (a 404: no such invite); on a slow machine the minute can turn once
    assert set(answers) <= {404, 429} and answers.count(429) >= 99, answers
    assert _rows(db) == 0


def test_a_visitor_keeps_messages_and_the_csrf_token_in_their_cookie(app, db):
    browser = app.test_client()
    to_login = browser.get("/meetings/")  # not logged in: sent to the log-in page with a message
    assert to_login.status_code == 302
    page = browser.get(to_login.headers["Location"]).get_data(as_text=True)
    assert "Please log in to see that page." in page
    assert "Please log in to see that page." not in browser.get("/login").get_data(as_text=True)  # shown once
    token = csrf_token(browser)
    assert browser.post("/login/options", json={}, headers={"X-CSRFToken": token}).status_code == 200
    assert _rows(db) == 0


def test_a_visitors_cookie_cannot_be_forged_changed_or_kept_too_long(app, db):
    browser = app.test_client()
    token = csrf_token(browser)
    name, value = app.config["SESSION_COOKIE_NAME"], _cookie(app, browser)
    state, signature = value.rsplit(".", 1)
    for forged in (state + "." + signature[::-1], "e30." + signature, "x" * 3500 + ".y"):
        thief = app.test_client()
        thief.set_cookie(name, forged, domain="localhost")
        assert thief.post("/login/options", json={}, headers={"X-CSRFToken": token}).status_code == 400

    class ThreeHoursAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 3 * 3600

    with app.app_context():
        signer = DatabaseSessionInterface._visitor_signer(app)
        secret = signer.loads(value)
        signer.signer = ThreeHoursAgo
        old = signer.dumps(secret)
    late = app.test_client()
    late.set_cookie(name, old, domain="localhost")
    assert late.post("/login/options", json={}, headers={"X-CSRFToken": token}).status_code == 400
    fresh = app.test_client()
    fresh.set_cookie(name, value, domain="localhost")
    assert fresh.post("/login/options", json={}, headers={"X-CSRFToken": token}).status_code == 200


def test_logged_out_session_cookie_no_longer_works(app, db):
    _young, phone = _registered(app, db)
    browser = app.test_client()
    passkey_login(browser, phone)
    raw = _cookie(app, browser)
    assert browser.get("/").status_code == 200
    response = post_form(browser, "/logout", token_page="/account/")
    assert response.status_code == 302
    assert "Clear-Site-Data" in response.headers
    assert '"storage"' in response.headers["Clear-Site-Data"]
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], raw, domain="localhost")
    assert thief.get("/").status_code == 302  # the stolen cookie leads to the log-in page
    reread(db)
    assert db.get(LoginSession, hash_session_id(raw)) is None


def test_session_cookie_flags(app, db):
    _young, phone = _registered(app, db)
    browser = app.test_client()
    response = passkey_login(browser, phone)
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("yv_session="))
    assert "HttpOnly" in header
    assert "Secure" in header
    assert "SameSite=Lax" in header


def test_idle_timeout_ends_the_session(app, db):
    town = make_municipality(db)
    young = make_person(db, town)
    browser = app.test_client()
    raw = login_as(app, browser, young)
    assert browser.get("/").status_code == 200
    row = db.get(LoginSession, hash_session_id(raw))
    row.last_seen_at = row.last_seen_at - timedelta(minutes=31)
    db.add(row)
    db.commit()
    assert browser.get("/").status_code == 302


def test_absolute_timeout_ends_the_session(app, db):
    town = make_municipality(db)
    young = make_person(db, town)
    browser = app.test_client()
    raw = login_as(app, browser, young)
    row = db.get(LoginSession, hash_session_id(raw))
    row.expires_at = row.last_seen_at - timedelta(seconds=1)
    db.add(row)
    db.commit()
    assert browser.get("/").status_code == 302


def test_staff_get_shorter_limits_than_young_people(app, db):
    town = make_municipality(db)
    pro = make_person(db, town, Role.PROFESSIONAL, status=AccountStatus.PENDING)
    admin = make_person(db, town, Role.ADMIN)
    young = make_person(db, town, status=AccountStatus.PENDING)
    for person, idle, hours in ((pro, 15, 8), (young, 30, 12)):
        register_with_invite(app.test_client(), issue_invite(app, person, admin), SoftAuthenticator())
        reread(db)
        row = db.exec(select(LoginSession).where(LoginSession.user_id == person.id)).one()
        assert row.idle_minutes == idle
        assert abs((row.expires_at - row.created_at) - timedelta(hours=hours)) < timedelta(seconds=5)


def test_log_out_everywhere_else(app, db):
    young, phone = _registered(app, db)
    laptop, tablet, current = app.test_client(), app.test_client(), app.test_client()
    for browser in (laptop, tablet, current):
        assert passkey_login(browser, phone).status_code == 200
    page = current.get("/account/").get_data(as_text=True)
    assert page.count("This device") == 1
    response = post_form(current, "/account/sessions/end-others", token_page="/account/")
    assert response.status_code == 302
    assert laptop.get("/").status_code == 302
    assert tablet.get("/").status_code == 302
    assert current.get("/").status_code == 200
    reread(db)
    assert len(db.exec(select(LoginSession).where(LoginSession.user_id == young.id)).all()) == 1


def test_ending_someone_elses_session_is_not_found(app, db):
    town = make_municipality(db)
    sara, mads = make_person(db, town), make_person(db, town)
    sara_browser, mads_browser = app.test_client(), app.test_client()
    login_as(app, sara_browser, sara)
    raw = login_as(app, mads_browser, mads)
    response = post_form(sara_browser, f"/account/sessions/{hash_session_id(raw)}/end", token_page="/account/")
    assert response.status_code == 404
    assert mads_browser.get("/").status_code == 200


def test_what_the_areas_read_along_comes_with_the_session_row(app, db):
    """The session load reads what the areas registered (web/read_along.py) in its one statement, and hands each
    area its own values for the logged-in person; a name is registered once."""
    from support.querycount import statements_for

    from youthvoice.identity.models import Passkey
    from youthvoice.web import read_along

    # privacy's, notify's, council's and groups' (the panel and group links on a young person's home, issue 25)
    assert read_along.registered(app) == ["data key", "unread notifications", "youth panel membership",
                                          "group membership"]
    seen: list[tuple[object, tuple[object, ...]]] = []
    passkeys = read_along.ReadAlong(
        "passkeys", lambda person_id: (select(func.count()).select_from(Passkey)
                                       .where(Passkey.user_id == person_id).scalar_subquery(),),
        lambda _db, person_id, values: seen.append((person_id, values)))
    town = make_municipality(db)
    young = make_person(db, town)
    client = app.test_client()
    login_as(app, client, young)
    before, _page = statements_for(app, client, "/account/")
    read_along.add(app, passkeys)
    with pytest.raises(ValueError, match="already"):
        read_along.add(app, passkeys)
    seen.clear()
    after, _page = statements_for(app, client, "/account/")
    assert after == before  # read in the same statement as the session row
    assert seen == [(young.id, (0,)), (young.id, (0,))]  # once per request (statements_for asks twice)
    assert read_along.registered(app) == ["data key", "unread notifications", "youth panel membership",
                                          "group membership", "passkeys"]


def test_knowing_who_is_logged_in_opens_no_orm_session(app, db):
    """Issue 25: the session check is one statement on a Core connection, so an answer that only needs the
    person (the outbox's /api/v1/me) opens no ORM session, which cost 45 % of it; a page still finds the same
    person in its database session, and what the page changes of them is saved."""
    town = make_municipality(db)
    young = make_person(db, town)
    client = app.test_client()
    login_as(app, client, young)
    assert client.get("/api/v1/me").status_code == 200
    opened: list[object] = []
    hooks = app.extensions.setdefault("yv_new_session_hooks", [])
    hooks.append(lambda _app, session: opened.append(session))
    try:
        answer = client.get("/api/v1/me")
        assert answer.status_code == 200 and answer.json["id"] == str(young.id)
        assert opened == []
        assert client.get("/account/").status_code == 200
        assert len(opened) == 1  # a page opens its one session, and the person is in it
    finally:
        hooks.pop()
    changed = post_form(client, "/language", {"language": "en", "next": "/"}, token_page="/account/")
    assert changed.status_code == 302
    reread(db)
    assert db.get(User, young.id).locale == "en"


def test_the_csrf_token_is_signed_once_per_session(app, db, monkeypatch):
    """Issue 25: Flask-WTF signed the session's CSRF secret again on every page (6 % of the log-in floor); the
    signed token is kept with the session, is the same on every page, and still protects a state change."""
    from flask_wtf import csrf

    town = make_municipality(db)
    young = make_person(db, town)
    client = app.test_client()
    raw = login_as(app, client, young)
    row = db.get(LoginSession, hash_session_id(raw))
    row.last_seen_at -= timedelta(minutes=2)  # the first page writes "last seen", and the signed token with it
    db.add(row)
    db.commit()
    signed: list[object] = []
    original = csrf.URLSafeTimedSerializer.dumps

    def counting(self, obj, salt=None):  # type: ignore[no-untyped-def]
        signed.append(obj)
        return original(self, obj, salt)

    monkeypatch.setattr(csrf.URLSafeTimedSerializer, "dumps", counting)
    tokens = {client.get("/api/v1/me").json["csrf_token"] for _ in range(3)}
    tokens.add(csrf_token(client, "/account/"))
    assert len(tokens) == 1 and len(signed) == 1
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 400
    assert client.post("/logout", data={"csrf_token": tokens.pop()}).status_code == 302
