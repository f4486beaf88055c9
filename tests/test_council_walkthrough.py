"""The youth council's bugs found walking the demo (issue 21.1), each guarded here: a promised answer date that is
not in the past and can be moved later with a reason; a vote ended early keeps its planned period; an empty
ballot to start from; the coordinator's own start page; the coordinator and the author are told; notifications
name the cause; a hidden comment can be shown again, with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from support.client import post_form
from support.council_setup import build_town, choose, client_for, propose, today
from support.database import reread

from youthvoice.core.errors import InvalidInput, NotAllowed
from youthvoice.core.model import utcnow
from youthvoice.council import causes as council_causes
from youthvoice.council import follow, rounds
from youthvoice.council import rules as council_rules
from youthvoice.identity import accounts
from youthvoice.notify import push
from youthvoice.notify.models import Notification
from youthvoice.privacy.models import AuditEvent


@pytest.fixture
def town(app, db):  # type: ignore[no-untyped-def]
    return build_town(db)


# --- c. an empty ballot to start from ------------------------------------------------------------------


def test_a_new_vote_starts_with_no_proposal_ticked(app, db, town):
    for who, title in (("amira", "Gratis bus"), ("freja", "Psykolog")):
        propose(db, town, author=who, title=title)
    page = client_for(app, town["karina"]).get("/council/rounds/new").get_data(as_text=True)
    ballot = page.split('data-testid="round-causes"')[1].split("</ul>")[0]
    assert ballot.count('type="checkbox"') == 2
    assert "checked" not in ballot


# --- b. a vote ended early keeps its planned period ----------------------------------------------------


def test_ending_a_vote_early_keeps_its_period_and_says_when_it_ended(app, db, town):
    ballot = [propose(db, town, author=who, title=title) for who, title in (("amira", "Gratis bus"),
                                                                            ("freja", "Psykolog"))]
    planned_end = today() + timedelta(days=6)
    voting_round = rounds.open_round(db, actor=town["karina"], term=town.term, starts_on=today(),
                                     ends_on=planned_end, votes_per_member=3, choose_count=1,
                                     cause_ids=[str(c.id) for c in ballot], min_voters=1, now=utcnow())
    db.commit()
    starts_at, ends_at = voting_round.starts_at, voting_round.ends_at
    karina = client_for(app, town["karina"])
    assert post_form(karina, f"/council/rounds/{voting_round.id}/end", token_page="/council/").status_code == 302
    reread(db)
    assert (voting_round.starts_at, voting_round.ends_at) == (starts_at, ends_at)
    assert voting_round.settled_at is not None and rounds.last_day(voting_round) == planned_end
    assert rounds.ended_early_on(voting_round) == today()
    assert rounds.state(voting_round, utcnow()) == rounds.CLOSED
    for url in (f"/council/rounds/{voting_round.id}", "/council/"):
        page = client_for(app, town["amira"]).get(url).get_data(as_text=True)
        assert 'data-testid="ended-early"' in page, url
    # A round counted at its planned end did not end early.
    assert rounds.ended_early_on(type(voting_round)(**{**voting_round.model_dump(), "settled_at": ends_at})) is None


# --- e. the coordinator hears of new proposals, the author of the discussion ---------------------------


def _told(db, kind):  # type: ignore[no-untyped-def]
    reread(db)
    return {(row.user_id, row.about_id) for row in db.exec(select(Notification).where(Notification.kind == kind))}


def test_the_coordinator_is_told_of_a_new_proposal_and_the_author_of_its_discussion(app, db, town):
    draft = propose(db, town, submit=False)
    assert _told(db, "council_proposal") == set()  # a draft is its author's alone
    council_causes.submit(db, actor=town["amira"], cause=draft, today=today())
    db.commit()
    assert _told(db, "council_proposal") == {(town["karina"].id, draft.id)}  # not Lene, nor Ballerup's Sofie
    assert _told(db, "council_discussing") == set()
    karina = client_for(app, town["karina"])
    assert post_form(karina, f"/council/causes/{draft.id}/discuss", token_page="/council/").status_code == 302
    assert _told(db, "council_discussing") == {(town["amira"].id, draft.id)}


# --- f. notifications name the cause -------------------------------------------------------------------


def test_the_notification_list_names_the_cause_and_a_push_does_not(app, db, town):
    cause = propose(db, town, title="Gratis bus <b>nu</b>")
    karina = client_for(app, town["karina"])
    post_form(karina, f"/council/causes/{cause.id}/discuss", token_page="/council/")
    for who in ("karina", "amira"):
        page = client_for(app, town[who]).get("/notifications/").get_data(as_text=True)
        assert "“Gratis bus &lt;b&gt;nu&lt;/b&gt;”" in page, who
    danish = client_for(app, town["amira"]).get("/notifications/", headers={"Accept-Language": "da"})
    assert "»Gratis bus &lt;b&gt;nu&lt;/b&gt;«" in danish.get_data(as_text=True)
    # What a phone is sent says only that there is something new (the payload is made from the language alone).
    assert all(b"Gratis" not in push.payload(locale) for locale in ("da", "en"))


# --- a. the promised answer date: never in the past, and moved later with a reason ---------------------


def _presented(db, town, *, due):  # type: ignore[no-untyped-def]
    cause = choose(db, propose(db, town))
    follow.change_status(db, actor=town["karina"], cause=cause, status="presented", text="", answer_due_on=due,
                         today=today())
    db.commit()
    return cause


def test_a_cause_cannot_be_presented_with_an_answer_date_already_past(app, db, town):
    cause = choose(db, propose(db, town))
    karina = client_for(app, town["karina"])
    yesterday = today() - timedelta(days=1)
    response = post_form(karina, f"/council/causes/{cause.id}/status",
                         {"status-status": "presented", "status-answer_due_on": yesterday.isoformat(),
                          "status-text": "Fremlagt i udvalget"}, token_page="/council/",
                         headers={"Accept-Language": "da"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Svardatoen kan ikke ligge i fortiden" in page  # translated, beside the field
    assert f'value="{yesterday.isoformat()}"' in page and "Fremlagt i udvalget" in page  # what was typed stays
    reread(db)
    assert (cause.status, cause.answer_due_on) == ("chosen", None)
    with pytest.raises(InvalidInput):
        follow.change_status(db, actor=town["karina"], cause=cause, status="presented", text="",
                             answer_due_on=yesterday, today=today())
    db.rollback()
    follow.change_status(db, actor=town["karina"], cause=cause, status="presented", text="",
                         answer_due_on=today(), today=today())  # today is not past
    db.commit()
    assert not follow.is_overdue(cause, today())


def test_the_coordinator_moves_the_answer_date_with_a_reason_that_is_kept(app, db, town):
    cause = _presented(db, town, due=today() + timedelta(days=10))
    karina = client_for(app, town["karina"])
    url = f"/council/causes/{cause.id}/answer-date"
    missing = post_form(karina, url, {"due-answer_due_on": (today() + timedelta(days=30)).isoformat()},
                        token_page="/council/")
    assert missing.status_code == 400 and 'value="' + (today() + timedelta(days=30)).isoformat() in \
        missing.get_data(as_text=True)
    past = post_form(karina, url, {"due-answer_due_on": (today() - timedelta(days=3)).isoformat(),
                                   "due-reason": "Tastefejl"}, token_page="/council/")
    assert past.status_code == 400 and "cannot be in the past" in past.get_data(as_text=True)
    new_day = today() + timedelta(days=30)
    assert post_form(karina, url, {"due-answer_due_on": new_day.isoformat(),
                                   "due-reason": "Udvalget bad om en måned mere"},
                     token_page="/council/").status_code == 302
    reread(db)
    assert cause.answer_due_on == new_day
    entry = [row for row, _person in follow.updates_of(db, cause) if row.kind == "answer_date"]
    assert [(row.text, row.answer_due_on) for row in entry] == [("Udvalget bad om en måned mere", new_day)]
    page = client_for(app, town["amira"]).get(f"/council/causes/{cause.id}").get_data(as_text=True)
    assert "Udvalget bad om en måned mere" in page and 'data-testid="answer-date-form"' not in page
    # Only the coordinator moves it, and only while the answer is awaited.
    with pytest.raises(NotAllowed):
        follow.change_answer_date(db, actor=town["amira"], cause=cause, answer_due_on=new_day, reason="x",
                                  today=today())
    db.rollback()
    assert post_form(client_for(app, town["amira"]), url, {"due-answer_due_on": new_day.isoformat(),
                                                           "due-reason": "x"}, token_page="/council/").status_code \
        == 403


# --- g. a hidden comment can be shown again, with a reason ---------------------------------------------


def test_a_hidden_comment_is_shown_again_with_a_reason_that_is_kept(app, db, town):
    cause = propose(db, town)
    comment = council_causes.add_comment(db, actor=town["freja"], cause=cause, today=today(), text="Helt enig!")
    council_causes.hide_comment(db, actor=town["karina"], comment=comment, reason="Skrevet til den forkerte")
    db.commit()
    karina = client_for(app, town["karina"])
    url = f"/council/comments/{comment.id}/show"
    assert 'data-testid="show-comment"' in karina.get(f"/council/causes/{cause.id}").get_data(as_text=True)
    empty = post_form(karina, url, {"reason": "  "}, token_page="/council/")
    assert empty.status_code == 400 and "Please write why you show the comment again." in empty.get_data(as_text=True)
    members = client_for(app, town["amira"])
    assert post_form(members, url, {"reason": "Jeg vil se den"}, token_page="/council/").status_code == 403
    assert post_form(karina, url, {"reason": "Den var skjult ved en fejl"}, token_page="/council/").status_code == 302
    reread(db)
    assert comment.hidden_at is None and comment.restored_by_id == town["karina"].id
    assert (comment.hidden_reason, comment.restored_reason) == ("Skrevet til den forkerte",
                                                                "Den var skjult ved en fejl")
    page = members.get(f"/council/causes/{cause.id}").get_data(as_text=True)
    assert "Helt enig!" in page and "Den var skjult ved en fejl" in page
    assert db.exec(select(AuditEvent).where(AuditEvent.action == council_rules.COMMENT_SHOWN)).one().subject_id \
        == town["freja"].id


# --- d. the coordinator's own start page ---------------------------------------------------------------


def test_the_coordinator_starts_on_the_council_with_what_waits_for_her(app, db, town):
    karina = client_for(app, town["karina"])
    landing = karina.get("/")
    assert landing.status_code == 302 and landing.headers["Location"].endswith("/council/")
    assert "Nothing waits for you right now." in karina.get("/council/").get_data(as_text=True)
    reread(db)
    bus = propose(db, town, title="Gratis bus")
    propose(db, town, author="freja", title="Psykolog")
    council_causes.add_comment(db, actor=town["oliver"], cause=bus, today=today(), text="God idé")
    late = _presented(db, town, due=today())
    late.answer_due_on = today() - timedelta(days=2)  # the promised day has passed since
    db.add(late)
    db.commit()
    page = karina.get("/council/").get_data(as_text=True)
    waiting = page.split('data-testid="waiting"')[1].split("</section>")[0]
    assert "2 new proposals to start discussing" in waiting and "1 comment this week to read" in waiting
    assert "2 proposals can go to a vote" in waiting and "1 answer from the politicians is late" in waiting
    assert 'data-testid="waiting"' not in client_for(app, town["amira"]).get("/council/").get_data(as_text=True)
    # Someone who is not a coordinator, or a coordinator with young people of her own, starts on her young people.
    assert client_for(app, town["lene"]).get("/").headers["Location"].endswith("/people/")
    reread(db)
    accounts.link(db, young_person=town["sara"], other=town["karina"])
    db.commit()
    assert karina.get("/").headers["Location"].endswith("/people/")
