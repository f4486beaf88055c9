"""The youth council's proposals: private drafts in two steps, editing until discussion with history, support,
comments and moderation, the follow-through with notifications, and the public page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import col, func, select
from support.client import post_form, post_json
from support.council_setup import build_town, choose, client_for, propose, today
from support.database import reread

from youthvoice.core.errors import InvalidInput, NotAllowed, NotFound
from youthvoice.council import causes as council_causes
from youthvoice.council import follow as council_follow
from youthvoice.council import rules as council
from youthvoice.council.models import Cause, CauseRevision, CauseStatus, Comment, Support, Term
from youthvoice.notify.models import Notification
from youthvoice.privacy.models import AuditEvent


@pytest.fixture
def town(app, db):  # type: ignore[no-untyped-def]
    return build_town(db)


def _status(db, cause):  # type: ignore[no-untyped-def]
    reread(db)
    return db.get(Cause, cause.id).status


# --- proposing -----------------------------------------------------------------------------------------


def test_a_member_proposes_in_two_steps_and_the_draft_stays_private(app, db, town):
    amira = client_for(app, town["amira"])
    response = post_form(amira, "/council/propose", {"title": "Gratis bus", "change": "Bus for alle unge"},
                         token_page="/council/")
    assert response.status_code == 302
    reread(db)
    draft = db.exec(select(Cause)).one()
    assert response.headers["Location"].endswith(f"/council/causes/{draft.id}/step-2")
    assert draft.status == CauseStatus.DRAFT and draft.title == "Gratis bus"
    for who in ("freja", "karina"):  # nobody else sees a draft, not even the coordinator
        assert client_for(app, town[who]).get(f"/council/causes/{draft.id}").status_code == 404
        assert "Gratis bus" not in client_for(app, town[who]).get("/council/causes").get_data(as_text=True)
    assert "Gratis bus" in amira.get("/council/").get_data(as_text=True)  # in her own drafts

    saved = post_form(amira, f"/council/causes/{draft.id}/step-2",
                      {"why": "For dyrt", "who": "", "category": "transport", "action": "save"},
                      token_page="/council/")
    assert saved.status_code == 302
    assert _status(db, draft) == CauseStatus.DRAFT
    assert db.get(Cause, draft.id).why == "For dyrt"

    shared = post_form(amira, f"/council/causes/{draft.id}/step-2",
                       {"why": "For dyrt", "who": "Alle", "category": "transport", "action": "submit"},
                       token_page="/council/")
    assert shared.status_code == 302
    assert _status(db, draft) == CauseStatus.SUBMITTED
    page = client_for(app, town["freja"]).get(f"/council/causes/{draft.id}").get_data(as_text=True)
    assert "Gratis bus" in page and "Proposed by Amira Hansen" in page


def test_bad_input_gets_a_translated_message_and_keeps_what_was_typed(app, db, town):
    amira = client_for(app, town["amira"])
    long_title = "B" * 121
    response = post_form(amira, "/council/propose", {"title": long_title, "change": "mit forslag"},
                         token_page="/council/")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please keep it under 120 characters." in page
    assert long_title in page and "mit forslag" in page
    danish = post_form(amira, "/council/propose", {"title": "", "change": "mit forslag"}, token_page="/council/",
                       headers={"Accept-Language": "da"})
    assert danish.status_code == 400
    assert "Du mangler at udfylde det her." in danish.get_data(as_text=True)
    assert "mit forslag" in danish.get_data(as_text=True)
    assert db.exec(select(func.count()).select_from(Cause)).one() == 0


def test_sharing_needs_the_why(app, db, town):
    cause = propose(db, town, why="", submit=False)
    amira = client_for(app, town["amira"])
    response = post_form(amira, f"/council/causes/{cause.id}/step-2",
                         {"why": "", "who": "unge i 9. klasse", "category": "school", "action": "submit"},
                         token_page="/council/")
    assert response.status_code == 400
    assert "Please fill this in." in response.get_data(as_text=True)
    assert "unge i 9. klasse" in response.get_data(as_text=True)
    assert _status(db, cause) == CauseStatus.DRAFT


def test_a_draft_is_saved_as_it_is_typed(app, db, town):
    amira = client_for(app, town["amira"])
    nothing = post_json(amira, "/council/propose/autosave", {"title": "  "}, token_page="/council/")
    assert nothing.get_json() == {"saved": False}
    first = post_json(amira, "/council/propose/autosave", {"title": "Natbus"}, token_page="/council/")
    assert first.status_code == 200 and first.get_json()["saved"]
    reread(db)
    draft = db.exec(select(Cause)).one()
    assert first.get_json()["form_action"] == f"/council/causes/{draft.id}/step-1"
    more = post_json(amira, first.get_json()["autosave_url"], {"change": "En bus om natten", "why": "Tryghed"},
                     token_page="/council/")
    assert more.get_json() == {"saved": True}
    reread(db)
    assert (db.get(Cause, draft.id).change, db.get(Cause, draft.id).why) == ("En bus om natten", "Tryghed")
    too_long = post_json(amira, first.get_json()["autosave_url"], {"title": "x" * 200}, token_page="/council/")
    assert too_long.status_code == 400 and too_long.get_json()["field"] == "title"
    no_token = amira.post(first.get_json()["autosave_url"], json={"title": "hack"})
    assert no_token.status_code == 400
    foreign = post_json(client_for(app, town["freja"]), first.get_json()["autosave_url"], {"title": "hack"},
                        token_page="/council/")
    assert foreign.status_code == 404
    reread(db)
    assert db.get(Cause, draft.id).title == "Natbus"


def test_the_author_edits_until_discussion_starts_and_the_history_is_kept(app, db, town):
    cause = propose(db, town, title="Gratis bus")
    amira = client_for(app, town["amira"])
    response = post_form(amira, f"/council/causes/{cause.id}/edit",
                         {"title": "Gratis bus for unge", "change": "Bus", "why": "Dyrt", "who": "",
                          "category": "transport"}, token_page="/council/")
    assert response.status_code == 302
    reread(db)
    versions = db.exec(select(CauseRevision).where(CauseRevision.cause_id == cause.id)
                       .order_by(col(CauseRevision.created_at))).all()
    assert [v.title for v in versions] == ["Gratis bus", "Gratis bus for unge"]
    history = client_for(app, town["freja"]).get(f"/council/causes/{cause.id}/history").get_data(as_text=True)
    assert "Gratis bus for unge" in history and "As first shared" in history

    with pytest.raises(NotAllowed):  # only the author
        council_causes.save_text(db, actor=town["freja"], cause=db.get(Cause, cause.id), today=today(),
                                 fields={"title": "Mit"})
    post_form(client_for(app, town["karina"]), f"/council/causes/{cause.id}/discuss", token_page="/council/")
    assert _status(db, cause) == CauseStatus.DISCUSSING
    late = post_form(amira, f"/council/causes/{cause.id}/edit",
                     {"title": "Ændret", "change": "Bus", "why": "Dyrt", "category": "transport"},
                     token_page="/council/")
    # refused, with what was typed on the page to copy (it was changed while the page was open)
    assert late.status_code == 409 and "Ændret" in late.get_data(as_text=True)
    assert amira.get(f"/council/causes/{cause.id}/edit").headers["Location"].endswith(f"/council/causes/{cause.id}")
    reread(db)
    assert db.get(Cause, cause.id).title == "Gratis bus for unge"
    with pytest.raises(NotAllowed):
        council_causes.save_text(db, actor=town["amira"], cause=db.get(Cause, cause.id), today=today(),
                                 fields={"title": "Ændret"})


def test_only_the_coordinator_starts_a_discussion(app, db, town):
    cause = propose(db, town)
    response = post_form(client_for(app, town["freja"]), f"/council/causes/{cause.id}/discuss",
                         token_page="/council/")
    assert response.status_code == 403
    assert _status(db, cause) == CauseStatus.SUBMITTED


# --- support -------------------------------------------------------------------------------------------


def test_support_is_once_per_member_and_can_be_withdrawn(app, db, town):
    cause = propose(db, town)
    freja = client_for(app, town["freja"])
    for _ in range(2):
        assert post_form(freja, f"/council/causes/{cause.id}/support", token_page="/council/").status_code == 302
    reread(db)
    assert council_causes.support_count(db, cause) == 1
    assert "1 member supports this." in freja.get(f"/council/causes/{cause.id}").get_data(as_text=True)
    assert council_causes.support(db, actor=town["freja"], cause=cause, today=today()) is False
    post_form(freja, f"/council/causes/{cause.id}/unsupport", token_page="/council/")
    reread(db)
    assert council_causes.support_count(db, cause) == 0
    post_form(freja, f"/council/causes/{cause.id}/support", token_page="/council/")
    reread(db)
    assert council_causes.support_count(db, cause) == 1


def test_the_database_refuses_a_second_support(db, town):
    from sqlalchemy.exc import IntegrityError

    cause = propose(db, town)
    db.add(Support(municipality_id=cause.municipality_id, cause_id=cause.id, member_id=town["oliver"].id))
    db.commit()
    db.add(Support(municipality_id=cause.municipality_id, cause_id=cause.id, member_id=town["oliver"].id))
    with pytest.raises(IntegrityError):
        db.commit()
    db.rollback()


def test_coordinators_do_not_support_and_drafts_cannot_be_supported(app, db, town):
    cause = propose(db, town)
    assert post_form(client_for(app, town["karina"]), f"/council/causes/{cause.id}/support",
                     token_page="/council/").status_code == 403
    draft = propose(db, town, submit=False)
    assert post_form(client_for(app, town["freja"]), f"/council/causes/{draft.id}/support",
                     token_page="/council/").status_code == 404
    reread(db)
    assert db.exec(select(func.count()).select_from(Support)).one() == 0


# --- comments and moderation ---------------------------------------------------------------------------


def test_comments_with_replies_in_threads(app, db, town):
    cause = propose(db, town)
    freja = client_for(app, town["freja"])
    assert post_form(freja, f"/council/causes/{cause.id}/comments", {"text": "Godt forslag"},
                     token_page="/council/").status_code == 302
    reread(db)
    first = db.exec(select(Comment)).one()
    oliver = client_for(app, town["oliver"])
    post_form(oliver, f"/council/causes/{cause.id}/comments", {"text": "Enig", "parent_id": str(first.id)},
              token_page="/council/")
    reread(db)
    reply = db.exec(select(Comment).where(col(Comment.parent_id).is_not(None))).one()
    council_causes.add_comment(db, actor=town["amira"], cause=cause, today=today(), text="Tak!", parent_id=reply.id)
    db.commit()
    threads = council_causes.comments_of(db, cause)
    assert len(threads) == 1
    assert [r.comment.text for r in threads[0].replies] == ["Enig", "Tak!"]  # a reply to a reply joins the thread
    empty = post_form(oliver, f"/council/causes/{cause.id}/comments", {"text": "   ", "parent_id": str(first.id)},
                      token_page="/council/")
    assert empty.status_code == 400 and "Please fill this in." in empty.get_data(as_text=True)
    typed = "x" * 1001
    long = post_form(oliver, f"/council/causes/{cause.id}/comments", {"text": typed}, token_page="/council/")
    assert long.status_code == 400 and typed in long.get_data(as_text=True)
    assert "Please keep it under 1000 characters." in long.get_data(as_text=True)
    reread(db)
    other = propose(db, town, author="freja")
    with pytest.raises(NotFound):  # a reply goes under a comment of the same cause
        council_causes.add_comment(db, actor=town["amira"], cause=other, today=today(), text="x", parent_id=first.id)


def test_hiding_a_comment_needs_a_reason_and_leaves_a_visible_trace(app, db, town):
    cause = propose(db, town)
    council_causes.add_comment(db, actor=town["oliver"], cause=cause, today=today(), text="Noget grimt om en lærer")
    db.commit()
    comment = db.exec(select(Comment)).one()
    karina = client_for(app, town["karina"])
    no_reason = post_form(karina, f"/council/comments/{comment.id}/hide", {"reason": " "}, token_page="/council/")
    assert no_reason.status_code == 400
    assert "Please write why you hide the comment." in no_reason.get_data(as_text=True)
    member = post_form(client_for(app, town["freja"]), f"/council/comments/{comment.id}/hide",
                       {"reason": "Jeg kan ikke lide den"}, token_page="/council/")
    assert member.status_code == 403
    reread(db)
    assert db.get(Comment, comment.id).hidden_at is None

    hidden = post_form(karina, f"/council/comments/{comment.id}/hide", {"reason": "Vi skriver ikke om lærere"},
                       token_page="/council/")
    assert hidden.status_code == 302
    page = client_for(app, town["freja"]).get(f"/council/causes/{cause.id}").get_data(as_text=True)
    assert "Hidden by the coordinator: Vi skriver ikke om lærere" in page
    assert "Noget grimt" not in page
    reread(db)
    event = db.exec(select(AuditEvent).where(AuditEvent.action == council.COMMENT_HIDDEN)).one()
    assert event.actor_id == town["karina"].id and event.subject_id == town["oliver"].id
    assert event.object_id == str(comment.id)


# --- follow-through ------------------------------------------------------------------------------------


def test_status_lifecycle_with_a_promised_answer_and_overdue(app, db, town):
    cause = choose(db, propose(db, town))
    karina = town["karina"]

    def move(status, text="", due=None):  # type: ignore[no-untyped-def]
        council_follow.change_status(db, actor=karina, cause=cause, status=status, text=text, answer_due_on=due,
                                     today=today())
        db.commit()

    with pytest.raises(InvalidInput) as skipped:
        move(CauseStatus.ACHIEVED, "done")
    assert skipped.value.field == "status"
    with pytest.raises(NotAllowed):
        council_follow.change_status(db, actor=town["amira"], cause=cause, status="in_progress", text="",
                                     answer_due_on=None, today=today())
    move(CauseStatus.IN_PROGRESS)
    with pytest.raises(InvalidInput) as no_date:
        move(CauseStatus.PRESENTED)
    assert no_date.value.field == "answer_due_on"
    move(CauseStatus.PRESENTED, due=today() + timedelta(days=5))
    assert not council_follow.is_overdue(cause, today())
    assert council_follow.is_overdue(cause, today() + timedelta(days=6))
    overdue_page = client_for(app, town["freja"])
    cause.answer_due_on = today() - timedelta(days=1)
    db.add(cause)
    db.commit()
    assert "The answer is late." in overdue_page.get(f"/council/causes/{cause.id}").get_data(as_text=True)

    council_follow.post_update(db, actor=town["amira"], cause=cause, kind="answer", text="De sagde ja, næsten",
                               happened_on=today(), today=today())
    db.commit()
    assert cause.status == CauseStatus.ANSWERED and not council_follow.is_overdue(cause, today())
    with pytest.raises(InvalidInput) as unexplained:
        move(CauseStatus.NOT_ACHIEVED)
    assert unexplained.value.field == "text"
    move(CauseStatus.NOT_ACHIEVED, "Der var ikke flertal.")
    assert council.NEXT_STATUSES.get(CauseStatus(cause.status)) is None
    timeline = [u.status for u, _person in council_follow.updates_of(db, cause)]
    assert timeline[0] == CauseStatus.NOT_ACHIEVED and CauseStatus.PRESENTED in timeline


def test_status_form_over_http(app, db, town):
    cause = choose(db, propose(db, town))
    karina = client_for(app, town["karina"])
    bad = post_form(karina, f"/council/causes/{cause.id}/status",
                    {"status-status": "presented", "status-answer_due_on": "someday"}, token_page="/council/")
    assert bad.status_code == 400 and "Please write the date as YYYY-MM-DD" in bad.get_data(as_text=True)
    good = post_form(karina, f"/council/causes/{cause.id}/status",
                     {"status-status": "presented",
                      "status-answer_due_on": (today() + timedelta(days=30)).isoformat(),
                      "status-text": "Fremlagt i udvalget"}, token_page="/council/")
    assert good.status_code == 302
    assert _status(db, cause) == CauseStatus.PRESENTED
    member = post_form(client_for(app, town["amira"]), f"/council/causes/{cause.id}/status",
                       {"status-status": "answered"}, token_page="/council/")
    assert member.status_code == 403


def test_supporters_hear_of_every_status_change_and_update_without_content(app, db, town):
    cause = choose(db, propose(db, town, title="Hemmelig titel"))
    for who in ("freja", "oliver"):
        council_causes.support(db, actor=town[who], cause=cause, today=today())
    council_causes.withdraw_support(db, actor=town["oliver"], cause=cause, today=today())
    db.commit()
    karina = client_for(app, town["karina"])
    post_form(karina, f"/council/causes/{cause.id}/status", {"status-status": "in_progress", "status-text": ""},
              token_page="/council/")
    post_form(client_for(app, town["freja"]), f"/council/causes/{cause.id}/updates",
              {"update-kind": "meeting", "update-happened_on": today().isoformat(), "update-text": "Møde med udvalget"},
              token_page="/council/")
    reread(db)
    rows = db.exec(select(Notification).where(col(Notification.kind) != "council_proposal")).all()  # (Karina's)
    got = sorted((row.user_id, row.kind) for row in rows)
    expected = sorted([(town["freja"].id, "council_status"), (town["amira"].id, "council_status"),
                       (town["amira"].id, "council_update")])  # the writer of the update is not told of it
    assert got == expected
    assert all(row.link == f"/council/causes/{cause.id}" for row in rows)
    # The list behind log-in names the cause (issue 21.1f); what a phone is sent never does (test_council_walkthrough)
    page = client_for(app, town["amira"]).get("/notifications/").get_data(as_text=True)
    assert "“Hemmelig titel” has a new status" in page


def test_a_removed_member_is_not_told_and_cannot_take_part(app, db, town):
    cause = choose(db, propose(db, town))
    council_causes.support(db, actor=town["oliver"], cause=cause, today=today())
    db.commit()
    response = post_form(client_for(app, town["karina"]), f"/council/members/{town['oliver'].id}/remove",
                         token_page="/council/")
    assert response.status_code == 302
    council_follow.post_update(db, actor=town["karina"], cause=cause, kind="note", text="Nyt", happened_on=today(),
                               today=today())
    db.commit()
    assert db.exec(select(Notification).where(Notification.user_id == town["oliver"].id)).first() is None
    assert client_for(app, town["oliver"]).get("/council/").status_code == 404


def test_updates_need_text_and_a_date_and_keep_what_was_typed(app, db, town):
    cause = choose(db, propose(db, town))
    response = post_form(client_for(app, town["amira"]), f"/council/causes/{cause.id}/updates",
                         {"update-kind": "meeting", "update-happened_on": "",
                          "update-text": "Vi mødtes med borgmesteren"},
                         token_page="/council/")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Please fill this in." in page and "Vi mødtes med borgmesteren" in page
    not_chosen = propose(db, town, author="freja")
    assert post_form(client_for(app, town["amira"]), f"/council/causes/{not_chosen.id}/updates",
                     {"update-kind": "note", "update-happened_on": today().isoformat(), "update-text": "x"},
                     token_page="/council/").status_code == 403


# --- terms ---------------------------------------------------------------------------------------------


def test_a_past_term_stays_readable_but_closed(app, db, town):
    past = Term(municipality_id=town.roskilde.id, council_id=town.council.id, name="2025/26",
                starts_on=today() - timedelta(days=500), ends_on=today() - timedelta(days=100))
    db.add(past)
    db.commit()
    cause = Cause(municipality_id=town.roskilde.id, term_id=past.id, author_id=town["amira"].id,
                  status=CauseStatus.ACHIEVED, title="Bænke ved stationen", change="Bænke", why="Ventetid")
    db.add(cause)
    db.commit()
    freja = client_for(app, town["freja"])
    term_page = freja.get(f"/council/terms/{past.id}").get_data(as_text=True)
    assert "Bænke ved stationen" in term_page and "Finished" in term_page
    page = freja.get(f"/council/causes/{cause.id}").get_data(as_text=True)
    assert "Bænke ved stationen" in page and 'data-testid="support"' not in page
    assert post_form(freja, f"/council/causes/{cause.id}/support", token_page="/council/").status_code == 403
    with pytest.raises(NotAllowed):
        council_causes.start_draft(db, actor=town["freja"], term=past, today=today(), fields={"title": "x"})
    # Follow-through goes on after the term: politicians often answer later.
    council_follow.post_update(db, actor=town["karina"], cause=cause, kind="note", text="Bænkene er flittigt brugt",
                               happened_on=today(), today=today())


def test_terms_do_not_overlap(app, db, town):
    karina = client_for(app, town["karina"])
    overlap = post_form(karina, "/council/terms", {"name": "Ny", "starts_on": today().isoformat(),
                                                   "ends_on": (today() + timedelta(days=30)).isoformat()},
                        token_page="/council/")
    assert overlap.status_code == 400 and "These dates overlap another term." in overlap.get_data(as_text=True)
    start = town.term.ends_on + timedelta(days=1)
    ok = post_form(karina, "/council/terms", {"name": "2027/28", "starts_on": start.isoformat(),
                                              "ends_on": (start + timedelta(days=364)).isoformat()},
                   token_page="/council/")
    assert ok.status_code == 302
    assert post_form(client_for(app, town["amira"]), "/council/terms",
                     {"name": "Min", "starts_on": "2030-01-01", "ends_on": "2030-12-01"},
                     token_page="/council/").status_code == 404
