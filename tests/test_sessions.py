"""Server-side sessions: a new id at log-in, really gone at log-out, limits, and log-out everywhere."""

from __future__ import annotations

from datetime import timedelta

from conftest import (
    issue_invite,
    login_as,
    make_municipality,
    make_person,
    passkey_login,
    post_form,
    register_with_invite,
    reread,
)
from softauthn import SoftAuthenticator
from sqlmodel import select

from youthvoice.models import AccountStatus, LoginSession, Role
from youthvoice.sessions import hash_session_id


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


def test_login_gives_a_new_session_id(app, db):
    _young, phone = _registered(app, db)
    browser = app.test_client()
    browser.get("/login")
    before = _cookie(app, browser)
    assert before  # the log-in page made an anonymous session (CSRF token)
    assert passkey_login(browser, phone).status_code == 200
    after = _cookie(app, browser)
    assert after and after != before
    reread(db)
    assert db.get(LoginSession, hash_session_id(before)) is None


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
