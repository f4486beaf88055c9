"""The bugs the fuzzer (test_fuzz.py) found, each pinned by a plain test of its own."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select
from support.casebuilder import build_case
from support.client import csrf_token, post_form, post_json
from support.council_setup import build_town, client_for, propose, today
from support.database import reread
from support.people import login_as, make_municipality, make_person

from youthvoice.council import causes as council_causes
from youthvoice.council.models import Cause, Comment
from youthvoice.identity.models import Passkey
from youthvoice.meetings.models import Response
from youthvoice.sharing.models import Share
from youthvoice.support import support


def test_nul_characters_are_removed_from_every_kind_of_input(app, db):
    """PostgreSQL refuses NUL in text columns (a 500 on every field that kept it); SQLite stored it. A NUL is
    never typed, so the request drops it from form fields, URL parameters and JSON strings."""
    town = make_municipality(db)
    young = make_person(db, town)
    db.add(Passkey(user_id=young.id, credential_id=b"nul-test", public_key=b"x", name="Phone"))
    db.commit()
    passkey = db.exec(select(Passkey).where(Passkey.user_id == young.id)).one()
    browser = app.test_client()
    login_as(app, browser, young)
    renamed = post_form(browser, f"/account/passkeys/{passkey.id}/rename", {"name": "Min\x00 tele\x00fon"},
                        token_page="/account/")
    assert renamed.status_code == 302
    reread(db)
    assert db.get(Passkey, passkey.id).name == "Min telefon"
    assert browser.get("/council/?q=bus%00&page=1%00").status_code == 404  # not a member: the 404, not a 500


def test_nul_in_json_and_search_parameters(app, db):
    town = build_town(db)
    cause = propose(db, town, submit=False)
    amira = client_for(app, town["amira"])
    saved = post_json(amira, f"/council/causes/{cause.id}/autosave", {"title": "Gratis\x00 bus", "why\x00": "x"},
                      token_page="/council/")
    assert saved.status_code == 200
    reread(db)
    assert db.get(Cause, cause.id).title == "Gratis bus"
    assert amira.get("/council/causes?q=bus%00&status=%00&sort=%00&page=%00").status_code == 200


def test_an_edit_refused_because_discussion_started_shows_what_was_typed(app, db):
    town = build_town(db)
    cause = propose(db, town)
    amira = client_for(app, town["amira"])
    token = csrf_token(amira, f"/council/causes/{cause.id}/edit")  # the page is open ...
    council_causes.start_discussion(db, actor=town["karina"], cause=db.get(Cause, cause.id), today=today())
    db.commit()  # ... while the coordinator starts the discussion
    answer = amira.post(f"/council/causes/{cause.id}/edit",
                        data={"csrf_token": token, "title": "Gratis bus", "change": "Mit lange, nye <svar>",
                              "why": "Fordi", "who": "Alle", "category": ""})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 409
    assert "can no longer be changed" in page and "Mit lange, nye &lt;svar&gt;" in page
    assert 'data-testid="save-edit"' not in page
    reread(db)
    assert db.get(Cause, cause.id).change == "Gratis bus for unge"


def test_step_two_keeps_its_text_when_step_one_is_not_finished(app, db):
    town = build_town(db)
    draft = council_causes.start_draft(db, actor=town["amira"], term=town.term, today=today(), fields={})
    db.commit()
    amira = client_for(app, town["amira"])
    answer = post_form(amira, f"/council/causes/{draft.id}/step-2",
                       {"why": "Det er for dyrt", "who": "Unge i Roskilde", "action": "submit"},
                       token_page="/council/")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "Step 1 is not finished yet." in page and "Det er for dyrt" in page and "Unge i Roskilde" in page
    reread(db)
    kept = db.get(Cause, draft.id)
    assert (kept.why, kept.who, kept.status) == ("Det er for dyrt", "Unge i Roskilde", "draft")


def test_hiding_a_comment_that_is_already_hidden_is_done_not_refused(app, db):
    town = build_town(db)
    cause = propose(db, town)
    comment = council_causes.add_comment(db, actor=town["freja"], cause=cause, today=today(), text="Dumt")
    council_causes.hide_comment(db, actor=town["karina"], comment=comment, reason="Ikke venligt")
    db.commit()
    karina = client_for(app, town["karina"])
    again = post_form(karina, f"/council/comments/{comment.id}/hide", {"reason": ""}, token_page="/council/")
    assert again.status_code == 302
    reread(db)
    assert db.get(Comment, comment.id).hidden_reason == "Ikke venligt"


def test_a_young_persons_refused_reply_keeps_what_she_typed(app, db):
    case = build_case(db)
    sara = app.test_client()
    login_as(app, sara, case.people["sara"])
    url = f"/meetings/{case.meeting.id}/responses/{case.ids['response_id']}/reply"
    too_long = "Jeg mener " + "meget " * 800
    answer = post_form(sara, url, {"text": too_long}, token_page="/account/")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert too_long.strip() in page and 'aria-invalid="true"' in page
    reread(db)
    assert db.exec(select(Response).where(Response.parent_id == case.ids["response_id"])).all() == []


def test_a_bisidder_who_has_not_accepted_yet_does_not_block_sharing(app, db):
    """Inviting a bisidder made every save of the meeting's sharing page a 404 until the invite was accepted."""
    case = build_case(db)
    sara, lene = case.people["sara"], case.people["lene"]
    support.invite_bisidder(db, young_person=sara, name="Birte", relation="moster", lifetime=timedelta(days=7))
    db.commit()
    browser = app.test_client()
    login_as(app, browser, sara)
    page = browser.get(f"/meetings/{case.meeting.id}/share").get_data(as_text=True)
    assert "Birte" not in page  # nothing can be shared with her until she has an account
    saved = post_form(browser, f"/meetings/{case.meeting.id}/share", {f"parts-{lene.id}": ["basics"]},
                      token_page="/account/")
    assert saved.status_code == 302
    reread(db)
    share = db.exec(select(Share).where(Share.meeting_id == case.meeting.id, Share.grantee_id == lene.id,
                                        Share.withdrawn_at.is_(None))).one()  # type: ignore[union-attr]
    assert share.parts == "basics"


# --- JSON that cannot be read, and text that cannot be stored (issue 15, point 9) ---------------------------

HALF_AN_EMOJI = b'"Jeg er glad \\ud83d"'  # JSON's escape for a lone surrogate: half a character


def _raw_json(client, url, raw: bytes, token: str, method: str = "post", **headers):  # type: ignore[no-untyped-def]
    return getattr(client, method)(url, data=raw, content_type="application/json",
                                   headers={"X-CSRFToken": token, **headers})


def test_json_nested_too_deeply_is_a_clear_400_for_anyone(app, db):
    """Python's JSON parser recursed until it failed (a RecursionError, a 500), even for an anonymous visitor."""
    browser = app.test_client()
    token = csrf_token(browser)
    for raw in (b"[" * 100_000 + b"]" * 100_000, b'{"credential": ' + b'{"a": ' * 900 + b"1" + b"}" * 901):
        answer = _raw_json(browser, "/login/verify", raw, token)
        assert answer.status_code == 400 and answer.is_json
        assert "nested too deeply" in answer.json["error"]
    danish = _raw_json(browser, "/login/verify", b"[" * 5000 + b"]" * 5000, token, **{"Accept-Language": "da"})
    assert danish.status_code == 400 and "nested too deeply" not in danish.json["error"]


def test_json_that_does_not_parse_is_a_400_not_an_empty_body(app, db):
    case = build_case(db, past=False)
    sara = app.test_client()
    login_as(app, sara, case.people["sara"])
    token = csrf_token(sara, "/rights/")
    for raw in (b'{"hard": "x",', b'{"hard": "\xff"}', b""):
        answer = _raw_json(sara, f"/meetings/{case.meeting.id}/prepare/hard/autosave", raw, token)
        assert answer.status_code == 400 and answer.json["error"], raw  # was a 200 that saved nothing


def test_a_lone_surrogate_is_a_clear_400_in_every_json_input(app, db):
    """JSON can escape half a character ("\\ud800"), which no database or encryption can store: sealing the
    young person's text failed with a UnicodeEncodeError (a 500) in the API and in both autosaves."""
    from youthvoice.core import idempotency
    from youthvoice.meetings.models import PreparationAnswer
    from youthvoice.network.models import Step

    case = build_case(db, past=False)
    town = build_town(db)
    draft = propose(db, town, submit=False)
    sara = app.test_client()
    login_as(app, sara, case.people["sara"])
    sara_token = csrf_token(sara, "/rights/")
    amira = client_for(app, town["amira"])
    amira_token = csrf_token(amira, "/council/")
    meeting = case.meeting.id
    answers = select(PreparationAnswer).where(PreparationAnswer.meeting_id == meeting)
    kept = {row.question: row.updated_at for row in db.exec(answers)}
    calls = [
        (sara, sara_token, "put", f"/api/v1/meetings/{meeting}/preparation", b'{"answers": {"hard": %s}}', "hard"),
        (sara, sara_token, "post", "/api/v1/steps", b'{"area": "housing", "text": %s}', "text"),
        (sara, sara_token, "post", f"/meetings/{meeting}/prepare/hard/autosave", b'{"hard": %s}', "hard"),
        (amira, amira_token, "post", f"/council/causes/{draft.id}/autosave", b'{"title": %s}', "title"),
        (amira, amira_token, "post", "/council/propose/autosave", b'{"title": "Bus", "change": %s}', "change"),
    ]
    for client, token, method, url, template, field in calls:
        answer = _raw_json(client, url, template % HALF_AN_EMOJI, token, method,
                           **{"Idempotency-Key": idempotency.new_key(), "Accept-Language": "da"})
        assert answer.status_code == 400, (url, answer.status_code)
        assert answer.json["field"] == field and answer.json["error"], url
        assert "cannot be saved" not in answer.json["error"]  # in Danish
    reread(db)
    assert db.exec(select(Step)).all() == []
    assert {row.question: row.updated_at for row in db.exec(answers)} == kept
    assert db.get(Cause, draft.id).title == "Gratis bus"
    assert len(db.exec(select(Cause).where(Cause.author_id == town["amira"].id)).all()) == 1


def test_forms_cannot_carry_a_lone_surrogate(app, db):
    """A form is decoded as UTF-8 (werkzeug keeps bytes that are not percent-encoded, and a browser sends a lone
    surrogate as U+FFFD); anything else that builds the parameters gets U+FFFD too, so what was typed still
    arrives and is shown when a form is refused."""
    from youthvoice.core.request import CleanRequest

    parameters = CleanRequest.parameter_storage_class([("name\ud800", "Min\x00 tele\udfffon")])
    assert dict(parameters) == {"name\ufffd": "Min tele\ufffdon"}
    town = build_town(db)
    amira = client_for(app, town["amira"])
    token = csrf_token(amira, "/council/")
    answer = amira.post("/council/propose", data=b"csrf_token=" + token.encode() + b"&title=Bus%ED%A0%80&change=",
                        content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 400 and "Bus%ED%A0%80" in answer.get_data(as_text=True)


def test_the_error_page_never_fails_itself(app, db, monkeypatch):
    """An unexpected error after the request's database session had been rolled back: the 500 page read the
    logged-in person's language from a row no longer bound to a session (a DetachedInstanceError inside the error
    handler). And should the friendly page fail anyway, a stand-alone one is shown."""
    from flask_login import current_user

    from youthvoice.core import errors
    from youthvoice.core.db import get_session

    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom-after-rollback")
    def _boom():  # type: ignore[no-untyped-def]
        assert current_user.display_name
        get_session().rollback()  # expires the person's row, as a failed flush does
        raise RuntimeError("secret internal detail")

    young = make_person(db, make_municipality(db))
    browser = app.test_client()
    login_as(app, browser, young)
    answer = browser.get("/boom-after-rollback")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 500 and "mention this code" in page and "secret internal detail" not in page

    def broken_page(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the error page failed")

    monkeypatch.setattr(errors, "_page", broken_page)
    answer = browser.get("/boom-after-rollback")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 500 and "Kode · Code:" in page and "secret internal detail" not in page
    assert browser.get("/boom-after-rollback", headers={"Accept": "application/json"}).json["status"] == 500
