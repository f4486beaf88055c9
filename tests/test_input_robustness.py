"""The bugs the fuzzer (test_fuzz.py) found, each pinned by a plain test of its own."""

from __future__ import annotations

from datetime import timedelta

from casebuilder import build_case
from conftest import csrf_token, login_as, make_municipality, make_person, post_form, post_json, reread
from council_setup import build_town, client_for, propose, today
from sqlmodel import select

from youthvoice import council_causes, support
from youthvoice.models import Cause, Comment, Passkey, Response, Share


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
