"""Recovery codes, recovery links and managing one's own passkeys."""

from __future__ import annotations

import re

from conftest import (
    issue_invite,
    make_municipality,
    make_person,
    passkey_login,
    post_form,
    post_json,
    register_with_invite,
    reread,
)
from softauthn import SoftAuthenticator
from sqlmodel import select

from youthvoice.models import AccountStatus, AuditEvent, LoginSession, Passkey, RecoveryCode, Role


def _new_person_with_codes(app, db):  # type: ignore[no-untyped-def]
    town = make_municipality(db)
    pro = make_person(db, town, Role.PROFESSIONAL)
    young = make_person(db, town, status=AccountStatus.PENDING)
    phone = SoftAuthenticator()
    browser = app.test_client()
    register_with_invite(browser, issue_invite(app, young, pro), phone)
    welcome = browser.get("/account/welcome").get_data(as_text=True)
    codes = re.findall(r"<li>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</li>", welcome)
    assert len(codes) == 10
    return young, pro, phone, browser, codes


def _recover(app, code, authenticator):  # type: ignore[no-untyped-def]
    browser = app.test_client()
    response = post_form(browser, "/recover", {"code": code}, token_page="/recover")
    if response.status_code != 200:
        return browser, response
    options = post_json(browser, "/recover/options", token_page="/recover").get_json()
    credential = authenticator.create(options, origin="http://localhost")
    return browser, post_json(browser, "/recover/verify", {"credential": credential}, token_page="/recover")


def test_recovery_codes_are_stored_hashed(app, db):
    young, *_rest, codes = _new_person_with_codes(app, db)
    reread(db)
    stored = db.exec(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == young.id)).all()
    assert len(stored) == 10
    for code in codes:
        assert code.replace("-", "") not in stored


def test_recovery_code_gets_back_in_and_ends_other_sessions(app, db):
    young, _pro, _phone, old_browser, codes = _new_person_with_codes(app, db)
    assert old_browser.get("/").status_code == 200
    new_phone = SoftAuthenticator()
    new_browser, response = _recover(app, codes[0].upper(), new_phone)  # case and dashes do not matter
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "recovered=1" in response.get_json()["redirect"]
    assert old_browser.get("/").status_code == 302  # the old phone's session is gone
    home = new_browser.get("/").get_data(as_text=True)
    assert 'data-testid="recovered-notice"' in home  # shown to the person
    reread(db)
    assert len(db.exec(select(Passkey).where(Passkey.user_id == young.id)).all()) == 2
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "recovered", AuditEvent.subject_id == young.id)).one()
    assert len(db.exec(select(LoginSession).where(LoginSession.user_id == young.id)).all()) == 1


def test_a_recovery_code_works_once(app, db):
    *_rest, codes = _new_person_with_codes(app, db)
    _browser, first = _recover(app, codes[1], SoftAuthenticator())
    assert first.status_code == 200
    _browser, second = _recover(app, codes[1], SoftAuthenticator())
    assert second.status_code == 400
    body = second.get_data(as_text=True)
    assert "That code does not work" in body
    assert f'value="{codes[1]}"' in body  # what was typed is kept


def test_checking_a_code_does_not_spend_it(app, db):
    *_rest, codes = _new_person_with_codes(app, db)
    browser = app.test_client()
    assert post_form(browser, "/recover", {"code": codes[2]}, token_page="/recover").status_code == 200
    # The person gives up before creating a passkey: the code still works later.
    _browser, response = _recover(app, codes[2], SoftAuthenticator())
    assert response.status_code == 200


def test_recovery_link_from_professional_ends_sessions_and_is_shown(app, db):
    young, pro, _phone, old_browser, _codes = _new_person_with_codes(app, db)
    token = issue_invite(app, young, pro, kind="recovery")
    new_browser = app.test_client()
    page = new_browser.get(f"/i/{token}").get_data(as_text=True)
    assert "Get back in" in page
    response = register_with_invite(new_browser, token, SoftAuthenticator())
    assert response.status_code == 200
    assert "recovered=1" in response.get_json()["redirect"]
    assert old_browser.get("/").status_code == 302
    events = new_browser.get("/account/").get_data(as_text=True)
    assert "Recovery link made" in events
    assert "Account recovered, other log-ins ended" in events


def test_adding_and_removing_passkeys_never_the_last(app, db):
    young, _pro, phone, browser, _codes = _new_person_with_codes(app, db)
    reread(db)
    only = db.exec(select(Passkey).where(Passkey.user_id == young.id)).one()
    refused = post_form(browser, f"/account/passkeys/{only.id}/remove", token_page="/account/")
    assert refused.status_code == 302
    reread(db)
    assert db.get(Passkey, only.id) is not None
    tablet = SoftAuthenticator()
    options = post_json(browser, "/account/passkeys/options", token_page="/account/").get_json()
    added = post_json(browser, "/account/passkeys/verify",
                      {"credential": tablet.create(options, origin="http://localhost"), "name": "Tablet"},
                      token_page="/account/")
    assert added.status_code == 200
    assert passkey_login(app.test_client(), tablet).status_code == 200
    assert post_form(browser, f"/account/passkeys/{only.id}/remove", token_page="/account/").status_code == 302
    reread(db)
    assert [p.name for p in db.exec(select(Passkey).where(Passkey.user_id == young.id))] == ["Tablet"]
    assert passkey_login(app.test_client(), phone).status_code == 400


def test_an_add_ceremony_cannot_be_used_for_someone_else(app, db):
    """A registration answer made for one account cannot land on another, even by a logged-in person."""
    young, _pro, _phone, browser, _codes = _new_person_with_codes(app, db)
    other, _pro2, _phone2, other_browser, _codes2 = _new_person_with_codes(app, db)
    options = post_json(browser, "/account/passkeys/options", token_page="/account/").get_json()
    credential = SoftAuthenticator().create(options, origin="http://localhost")
    hijack = post_json(other_browser, "/account/passkeys/verify", {"credential": credential}, token_page="/account/")
    assert hijack.status_code == 400
    reread(db)
    assert len(db.exec(select(Passkey).where(Passkey.user_id == other.id)).all()) == 1
    assert len(db.exec(select(Passkey).where(Passkey.user_id == young.id)).all()) == 1


def test_rename_passkey_validates_and_keeps_input(app, db):
    young, *_rest = _new_person_with_codes(app, db)
    browser = _rest[2]
    reread(db)
    passkey = db.exec(select(Passkey).where(Passkey.user_id == young.id)).one()
    bad = post_form(browser, f"/account/passkeys/{passkey.id}/rename", {"name": "x" * 61}, token_page="/account/")
    assert bad.status_code == 400
    assert "x" * 61 in bad.get_data(as_text=True)
    assert "A name needs 1 to 60 characters." in bad.get_data(as_text=True)
    good = post_form(browser, f"/account/passkeys/{passkey.id}/rename", {"name": "Min Samsung"}, token_page="/account/")
    assert good.status_code == 302
    reread(db)
    assert db.get(Passkey, passkey.id).name == "Min Samsung"
    assert post_form(browser, "/account/passkeys/not-a-uuid/rename", {"name": "x"},
                     token_page="/account/").status_code == 404


def test_home_notices_count_passkeys_and_a_recent_recovery_only(app, db):
    """The home page's account notices (one statement): passkeys, and a recovery of the last two weeks."""
    from datetime import timedelta

    from youthvoice import accounts, audit
    from youthvoice.audit import Action

    town = make_municipality(db)
    young, other = make_person(db, town), make_person(db, town, name="Other")
    assert accounts.account_notices(db, young) == accounts.AccountNotices(0, None)
    for n, owner in enumerate([young, young, other]):
        db.add(Passkey(user_id=owner.id, credential_id=bytes([n + 1]) * 16, public_key=b"k", name=f"Key {n}"))
    audit.record(session=db, action=Action.RECOVERED, actor=other, subject=other)
    db.commit()
    assert accounts.account_notices(db, young) == accounts.AccountNotices(2, None)  # not the other person's
    audit.record(session=db, action=Action.RECOVERED, actor=young, subject=young)
    db.commit()
    recovered = db.exec(select(AuditEvent).where(AuditEvent.subject_id == young.id)).one()
    assert accounts.account_notices(db, young).recovered_at == recovered.at
    later = recovered.at + timedelta(days=accounts.RECOVERY_NOTICE_DAYS, minutes=1)
    assert accounts.account_notices(db, young, now=later) == accounts.AccountNotices(2, None)  # two weeks on
