"""Passkey ceremonies end to end through the app, with a software authenticator."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select
from support.client import ORIGIN, passkey_login, post_json, register_with_invite
from support.database import reread
from support.people import issue_invite, make_municipality, make_person
from support.softauthn import SoftAuthenticator

from youthvoice.core.model import utcnow
from youthvoice.identity.models import AccountStatus, Challenge, Passkey, Role, User
from youthvoice.privacy.models import AuditEvent


def _invited_young_person(app, db):  # type: ignore[no-untyped-def]
    town = make_municipality(db)
    pro = make_person(db, town, Role.PROFESSIONAL)
    young = make_person(db, town, name="Sara", status=AccountStatus.PENDING)
    return young, issue_invite(app, young, pro)


def test_invite_registers_passkey_and_logs_in(app, client, db):
    young, token = _invited_young_person(app, db)
    phone = SoftAuthenticator()
    response = register_with_invite(client, token, phone)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["redirect"].endswith("/account/welcome")
    reread(db)
    person = db.get(User, young.id)
    assert person.status == AccountStatus.ACTIVE
    stored = db.exec(select(Passkey).where(Passkey.user_id == young.id)).one()
    assert stored.credential_id == phone.credentials[0].credential_id
    assert stored.name == "Test phone"
    # The WebAuthn user name is the pseudonym, never the person's name.
    assert phone.credentials[0].user_name == person.pseudonym
    assert "Sara" not in person.pseudonym
    welcome = client.get("/account/welcome")
    assert welcome.status_code == 200
    assert welcome.get_data(as_text=True).count("<li>") == 10  # ten recovery codes, shown once
    assert client.get("/account/welcome").status_code == 302  # ...and never again


def test_usernameless_login_saves_sign_count(app, client, db):
    young, token = _invited_young_person(app, db)
    phone = SoftAuthenticator()
    register_with_invite(client, token, phone)
    other = app.test_client()
    response = passkey_login(other, phone)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert other.get("/").status_code == 200
    reread(db)
    assert db.exec(select(Passkey.sign_count).where(Passkey.user_id == young.id)).one() == 1
    passkey_login(app.test_client(), phone)
    reread(db)
    assert db.exec(select(Passkey.sign_count).where(Passkey.user_id == young.id)).one() == 2


def test_replayed_challenge_is_refused(app, client, db):
    _young, token = _invited_young_person(app, db)
    phone = SoftAuthenticator()
    register_with_invite(client, token, phone)
    browser = app.test_client()
    options = post_json(browser, "/login/options").get_json()
    credential = phone.get(options, origin=ORIGIN)
    assert post_json(browser, "/login/verify", {"credential": credential}).status_code == 200
    attacker = app.test_client()
    replay = post_json(attacker, "/login/verify", {"credential": credential})
    assert replay.status_code == 400
    assert attacker.get("/").status_code == 302  # not logged in


def test_wrong_origin_is_refused_and_challenge_is_spent(app, client, db):
    _young, token = _invited_young_person(app, db)
    phone = SoftAuthenticator()
    register_with_invite(client, token, phone)
    browser = app.test_client()
    options = post_json(browser, "/login/options").get_json()
    forged = phone.get(options, origin="https://evil.example")
    assert post_json(browser, "/login/verify", {"credential": forged}).status_code == 400
    # The challenge was consumed by the failed attempt: a correct answer to it is refused too.
    honest = phone.get(options, origin=ORIGIN)
    assert post_json(browser, "/login/verify", {"credential": honest}).status_code == 400


def test_wrong_rp_id_is_refused(app, client, db):
    _young, token = _invited_young_person(app, db)
    phone = SoftAuthenticator()
    register_with_invite(client, token, phone)
    response = passkey_login(app.test_client(), phone, rp_id="evil.example")
    assert response.status_code == 400


def test_wrong_rp_id_at_registration_is_refused(app, client, db):
    young, token = _invited_young_person(app, db)
    response = register_with_invite(client, token, SoftAuthenticator(), rp_id="evil.example")
    assert response.status_code == 400
    reread(db)
    assert db.get(User, young.id).status == AccountStatus.PENDING


def test_sign_count_going_backwards_is_refused(app, client, db):
    _young, token = _invited_young_person(app, db)
    phone = SoftAuthenticator(sign_count_start=10)
    register_with_invite(client, token, phone)
    assert passkey_login(app.test_client(), phone).status_code == 200  # count 11 is saved
    cloned = passkey_login(app.test_client(), phone, sign_count=5)
    assert cloned.status_code == 400


def test_user_verification_is_required(app, client, db):
    _young, token = _invited_young_person(app, db)
    assert register_with_invite(client, token, SoftAuthenticator(), user_verified=False).status_code == 400


def test_expired_challenge_is_refused(app, client, db):
    _young, token = _invited_young_person(app, db)
    phone = SoftAuthenticator()
    register_with_invite(client, token, phone)
    browser = app.test_client()
    options = post_json(browser, "/login/options").get_json()
    for row in db.exec(select(Challenge)).all():
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.add(row)
    db.commit()
    credential = phone.get(options, origin=ORIGIN)
    assert post_json(browser, "/login/verify", {"credential": credential}).status_code == 400


def test_unknown_passkey_is_refused_and_logged(app, client, db):
    _young, token = _invited_young_person(app, db)
    register_with_invite(client, token, SoftAuthenticator())
    stranger = SoftAuthenticator()
    stranger.create({"rp": {"id": "localhost", "name": "x"}, "user": {"id": "AAAA", "name": "x", "displayName": "x"},
                     "challenge": "AAAA", "pubKeyCredParams": [{"type": "public-key", "alg": -7}]}, origin=ORIGIN)
    assert passkey_login(app.test_client(), stranger).status_code == 400
    failed = db.exec(select(AuditEvent).where(AuditEvent.action == "login_failed")).all()
    assert failed


def test_malformed_ceremony_bodies_never_fail_with_500(app, client, db):
    _young, token = _invited_young_person(app, db)
    bodies = ({}, {"credential": "nope"}, {"credential": {}}, {"credential": {"response": {"clientDataJSON": "%%%"}}},
              {"credential": {"rawId": 5, "response": {"clientDataJSON": "e30"}}})
    for body in bodies:
        assert post_json(client, "/login/verify", body).status_code == 400
        assert post_json(client, f"/i/{token}/verify", body).status_code == 400


def test_deactivated_person_cannot_log_in(app, client, db):
    young, token = _invited_young_person(app, db)
    phone = SoftAuthenticator()
    register_with_invite(client, token, phone)
    reread(db)
    person = db.get(User, young.id)
    person.status = AccountStatus.DEACTIVATED
    db.add(person)
    db.commit()
    assert passkey_login(app.test_client(), phone).status_code == 400
    assert client.get("/").status_code == 302  # the existing session no longer counts either
