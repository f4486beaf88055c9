"""Recovery codes, recovery links and managing one's own passkeys."""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

from sqlmodel import select
from support.client import passkey_login, post_form, post_json, register_with_invite
from support.database import reread
from support.people import issue_invite, make_municipality, make_person
from support.softauthn import SoftAuthenticator

from youthvoice.identity.models import AccountStatus, LoginSession, Passkey, RecoveryCode, Role
from youthvoice.privacy.models import AuditEvent


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


def test_the_codes_page_offers_them_as_a_text_file_and_to_copy_all_one_code_a_line(app, db):
    """Copying ten codes by hand loses accounts: the page gives them as a file and as one copy, one code a line."""
    town = make_municipality(db)
    pro = make_person(db, town, Role.PROFESSIONAL)
    young = make_person(db, town, status=AccountStatus.PENDING)
    browser = app.test_client()
    register_with_invite(browser, issue_invite(app, young, pro), SoftAuthenticator())
    welcome = browser.get("/account/welcome").get_data(as_text=True)
    codes = re.findall(r"<li>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</li>", welcome)
    link = re.search(r'download="([^"]+)"[^>]*\s+href="data:text/plain;charset=utf-8,([^"]+)"', welcome)
    assert link, "a link that downloads the codes as a text file"
    assert link.group(1).endswith(".txt")
    lines = unquote(html.unescape(link.group(2))).splitlines()
    assert [line for line in lines if re.fullmatch(r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}", line)] == codes
    copy = re.search(r'data-codes="([^"]+)"', welcome)
    assert copy and html.unescape(copy.group(1)).split("\n") == codes
    assert 'data-testid="copy-codes"' in welcome


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


def _approve(app, db, young, pro):  # type: ignore[no-untyped-def]
    """A second member of staff (an admin of the municipality) approves the professional's recovery link."""
    from youthvoice.core.db import new_session
    from youthvoice.identity import recovery
    from youthvoice.identity.models import Municipality, User

    with new_session(app) as session:
        town = session.get(Municipality, young.municipality_id)
        admin = make_person(session, town, Role.ADMIN)
        recovery.approve(session, actor=session.get(User, admin.id), person=session.get(User, young.id))
        session.commit()


def test_recovery_link_from_professional_ends_sessions_and_is_shown(app, db):
    young, pro, _phone, old_browser, _codes = _new_person_with_codes(app, db)
    token = issue_invite(app, young, pro, kind="recovery")
    _approve(app, db, young, pro)
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

    from youthvoice.identity import accounts
    from youthvoice.privacy import audit
    from youthvoice.privacy.audit import Action

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


# --- recovery made by staff is not a way in (issue 15, point 5) ---------------------------------------------


def _sara_with_secrets(app, db):  # type: ignore[no-untyped-def]
    """Sara, who shares nothing with Lene; her admin Henrik; her own phone and recovery codes."""
    from support.casebuilder import build_case

    from youthvoice.identity.models import User
    from youthvoice.sharing import sharing

    case = build_case(db)
    sara = case.people["sara"]
    for pro in ("lene", "mette"):
        sharing.set_meeting_share(db, owner=db.get(User, sara.id), meeting=case.meeting,
                                  grantee=db.get(User, case.people[pro].id), parts=[])
    db.commit()
    own_phone = SoftAuthenticator()
    token = issue_invite(app, sara, case.people["henrik"], kind="recovery")  # admin-made: needs approval too
    return case, own_phone, token


def _pages_of_a_young_person(app, case):  # type: ignore[no-untyped-def]
    from flask import url_for

    values = {"meeting_id": case.meeting.id, "decision_id": case.ids["decision_id"], "key": "hard",
              "link_id": case.ids["link_id"]}
    urls = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if "GET" in rule.methods and set(rule.arguments) <= set(values) and rule.endpoint.split(".")[0] in (
                    "main", "meetings", "preparation", "room", "follow_up", "decisions", "network", "steps",
                    "account", "transparency", "api", "support"):
                urls.append(url_for(rule.endpoint, **{name: values[name] for name in rule.arguments}))
    return urls


def test_a_staff_recovery_link_works_only_once_a_second_person_approved_it(app, db):
    from youthvoice.identity.models import User

    case, _phone, token = _sara_with_secrets(app, db)
    henrik, lene = case.people["henrik"], case.people["lene"]
    browser = app.test_client()
    waiting = browser.get(f"/i/{token}")
    assert waiting.status_code == 409 and "second person" in waiting.get_data(as_text=True)
    assert post_json(browser, f"/i/{token}/options").status_code == 400
    # The one who made it cannot approve it; a professional who works with Sara can.
    login_henrik = app.test_client()
    from support.people import login_as

    login_as(app, login_henrik, henrik)
    assert post_form(login_henrik, f"/recovery/{case.people['sara'].id}/approve",
                     token_page="/admin/").status_code == 404
    lene_browser = app.test_client()
    login_as(app, lene_browser, lene)
    page = lene_browser.get(f"/people/{case.people['sara'].id}").get_data(as_text=True)
    assert 'data-testid="approve-recovery"' in page
    assert post_form(lene_browser, f"/recovery/{case.people['sara'].id}/approve",
                     token_page="/people/").status_code == 302
    assert browser.get(f"/i/{token}").status_code == 200
    reread(db)
    assert db.exec(select(AuditEvent).where(AuditEvent.action == "recovery_approved",
                                            AuditEvent.actor_id == lene.id)).one()
    assert db.get(User, lene.id) is not None


def test_the_young_person_is_told_at_once_and_can_stop_it(app, db):
    from support.people import login_as

    from youthvoice.notify.models import Notification

    case, _phone, token = _sara_with_secrets(app, db)
    sara = case.people["sara"]
    reread(db)
    assert db.exec(select(Notification).where(Notification.user_id == sara.id,
                                              Notification.kind == "recovery_started")).one()
    own = app.test_client()
    login_as(app, own, sara)
    home = own.get("/").get_data(as_text=True)
    assert 'data-testid="recovery-started"' in home
    account = own.get("/account/").get_data(as_text=True)
    assert "Henrik Madsen made a recovery link" in account
    assert post_form(own, "/account/recovery/stop", token_page="/account/").status_code == 302
    assert app.test_client().get(f"/i/{token}").status_code == 410  # stopped: it no longer works
    assert 'data-testid="recovery-started"' not in own.get("/").get_data(as_text=True)
    reread(db)
    assert db.exec(select(Notification).where(Notification.user_id == case.people["henrik"].id,
                                              Notification.kind == "recovery_stopped")).one()


def test_a_professional_who_recovers_the_account_reads_nothing_unshared_until_the_rule_allows(app, db):
    """Lene makes the link, Henrik approves it (two people, as the rule asks), and Lene opens it with her own
    passkey: for 72 hours she sees nothing Sara wrote, on any page, and cannot add a passkey or make codes to get
    round it."""
    from youthvoice.core.model import utcnow

    case, _phone, _henrik_token = _sara_with_secrets(app, db)
    sara, lene = case.people["sara"], case.people["lene"]
    token = issue_invite(app, sara, lene, kind="recovery")
    _approve(app, db, sara, lene)
    intruder = app.test_client()
    lenes_own_key = SoftAuthenticator()
    assert register_with_invite(intruder, token, lenes_own_key).status_code == 200
    pages = _pages_of_a_young_person(app, case)
    assert len(pages) > 20
    for url in pages:
        response = intruder.get(url)
        assert case.marker not in response.get_data(as_text=True), url
        assert response.status_code < 500, url
    assert intruder.get(f"/meetings/{case.meeting.id}").status_code == 423
    assert case.marker not in intruder.get("/account/data.json").get_data(as_text=True)
    # No way round it from inside: no new passkey, no new recovery codes.
    assert post_json(intruder, "/account/passkeys/options", token_page="/account/").status_code == 423
    assert post_form(intruder, "/account/recovery-codes", token_page="/account/").status_code == 423
    # A new log-in with the same passkey is locked as well.
    again = app.test_client()
    assert passkey_login(again, lenes_own_key).status_code == 200
    assert case.marker not in again.get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    # When the waiting period is over (and Sara has not removed the phone), the lock ends.
    reread(db)
    key = db.exec(select(Passkey).where(Passkey.user_id == sara.id, Passkey.content_locked_until.is_not(None))).one()
    key.content_locked_until = utcnow()
    db.add(key)
    db.commit()
    later = app.test_client()
    assert passkey_login(later, lenes_own_key).status_code == 200
    assert case.marker in later.get(f"/meetings/{case.meeting.id}").get_data(as_text=True)


def test_her_own_recovery_code_opens_a_locked_phone_at_once(app, db):
    young, pro, _phone, _browser, codes = _new_person_with_codes(app, db)
    token = issue_invite(app, young, pro, kind="recovery")
    _approve(app, db, young, pro)
    new_browser = app.test_client()
    assert register_with_invite(new_browser, token, SoftAuthenticator()).status_code == 200
    assert new_browser.get("/meetings/").status_code == 423
    wrong = post_form(new_browser, "/account/unlock", {"code": "aaaa-bbbb-cccc"}, token_page="/account/")
    assert wrong.status_code == 400 and "aaaa-bbbb-cccc" in wrong.get_data(as_text=True)
    assert post_form(new_browser, "/account/unlock", {"code": codes[3]}, token_page="/account/").status_code == 302
    assert new_browser.get("/meetings/").status_code == 200
    reread(db)
    assert db.exec(select(RecoveryCode).where(RecoveryCode.user_id == young.id,
                                              RecoveryCode.used_at.is_not(None))).one()


def test_removing_the_staff_made_passkey_ends_its_sessions(app, db):
    young, pro, phone, _own_browser, _codes = _new_person_with_codes(app, db)
    token = issue_invite(app, young, pro, kind="recovery")
    _approve(app, db, young, pro)
    other = app.test_client()
    assert register_with_invite(other, token, SoftAuthenticator()).status_code == 200
    back = app.test_client()
    assert passkey_login(back, phone).status_code == 200  # Sara logs in again with her own phone
    account = back.get("/account/").get_data(as_text=True)
    assert 'data-testid="locked-passkey"' in account
    reread(db)
    staff_made = db.exec(select(Passkey).where(Passkey.user_id == young.id,
                                               Passkey.content_locked_until.is_not(None))).one()
    assert post_form(back, f"/account/passkeys/{staff_made.id}/remove", token_page="/account/").status_code == 302
    assert other.get("/account/").status_code == 302  # its session ended with it
    assert back.get("/account/").status_code == 200


def test_a_locked_session_refuses_to_open_her_words_even_where_a_page_would_show_them():
    """Defence in depth: whatever page asks, a sealed value of the locked person does not open."""
    import uuid

    import pytest

    from youthvoice.privacy.words import ContentLocked, ViewLog

    owner = uuid.uuid4()
    log = ViewLog(lambda: owner)
    log.locked_owner = owner

    class Row:
        owner_id = owner

    class Field:
        owner = "owner_id"
        author = None

    with pytest.raises(ContentLocked):
        log(Row(), Field())  # type: ignore[arg-type]
