"""Secret ballots stay secret (issue 15, point 8): no page shows votes per proposal while a vote is open, and a
vote fewer members than its minimum voted in has no result at all, for anyone, anywhere.

The pages are walked from the URL map: every council page (and the notifications and the public page) as the
coordinator and as members, for every proposal. An open vote gets totals no page could show by chance (71 and
63), so a leak of a number is seen wherever it is printed.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select
from support.client import post_form
from support.council_setup import build_town, client_for, propose, today
from support.database import reread
from support.people import make_person

from youthvoice.core.model import utcnow
from youthvoice.council import rounds
from youthvoice.council.models import Cause, CauseStatus, Council, RoundEntry, VotingRound
from youthvoice.notify.models import Notification

MORE_MEMBERS = ("Yasmin", "Lukas", "Nora", "Victor")
AREAS = ("council", "council_causes", "council_rounds", "council_members", "council_public")
LISTS = ("", "?status=all", "?status=voting", "?status=chosen", "?status=not_chosen", "?status=discussing",
         "?sort=support", "?sort=active")
# What a result looks like on a page: its figure, its rows, its bars, its chosen marks, "12 votes".
RESULT_MARKS = ('data-testid="results"', 'data-testid="result-row"', 'data-testid="result-votes"',
                'data-testid="chosen-badge"', '<svg class="bar"', 'data-status="chosen"', 'data-status="not_chosen"')
# "12 votes", but not a member's own budget on the ballot ("You have 20 votes").
VOTE_COUNT = re.compile(r"(?<!You have )(?<!Du har )\b\d+ (?:votes?|stemmer?)\b")


@pytest.fixture
def town(app, db):  # type: ignore[no-untyped-def]
    """Roskilde's council with seven members, a public page, and three shared proposals."""
    town = build_town(db)
    for name in MORE_MEMBERS:
        town.people[name.lower()] = make_person(db, town.roskilde, name=name, is_council_member=True)
    home = db.get(Council, town.council.id)
    home.public_page = True
    db.add(home)
    db.commit()
    return town


@pytest.fixture
def proposals(db, town):  # type: ignore[no-untyped-def]
    return [propose(db, town, author=who, title=title) for who, title in
            (("amira", "Gratis bus"), ("freja", "Psykolog på skolen"), ("oliver", "Ungehus"))]


def _open(db, town, causes, *, votes=20, min_voters=5):  # type: ignore[no-untyped-def]
    voting_round = rounds.open_round(db, actor=town["karina"], term=town.term, starts_on=today(),
                                     ends_on=today() + timedelta(days=6), votes_per_member=votes, choose_count=1,
                                     cause_ids=[str(c.id) for c in causes], min_voters=min_voters, now=utcnow())
    db.commit()
    return voting_round


def _cast(db, town, who, voting_round, votes):  # type: ignore[no-untyped-def]
    rounds.cast_ballot(db, actor=town[who], voting_round=voting_round,
                       votes={str(cause.id): count for cause, count in votes}, now=utcnow())
    db.commit()


def _end_as_coordinator(app, town, voting_round):  # type: ignore[no-untyped-def]
    """The coordinator presses "End the vote and count"; returns the page she lands on."""
    karina = client_for(app, town["karina"])
    ended = post_form(karina, f"/council/rounds/{voting_round.id}/end", token_page="/council/")
    assert ended.status_code == 302
    return karina.get(ended.headers["Location"]).get_data(as_text=True)


def _urls(app, db, town, voting_round):  # type: ignore[no-untyped-def]
    """Every council page there is to GET, for every proposal and member, the lists in each of their views."""
    causes = db.exec(select(Cause).where(Cause.term_id == town.term.id)).all()
    values = {"round_id": [voting_round.id], "term_id": [town.term.id], "slug": [town.roskilde.slug],
              "cause_id": [c.id for c in causes], "user_id": [town[k].id for k in ("amira", "oliver", "yasmin")],
              "fmt": ["json", "csv"], "picture_id": []}  # a picture is a JPEG: no count can be in it
    urls = ["/notifications/", *(f"/council/causes{query}" for query in LISTS)]
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in AREAS or "GET" not in rule.methods:
            continue
        combos: list[str] = [rule.rule]
        for name in rule.arguments:
            combos = [re.sub(rf"<(?:\w+:)?{name}>", str(value), url) for url in combos for value in values[name]]
        urls += combos
    assert len(urls) > 30, "the council pages were not found"
    return urls


def _leaks(app, db, town, voting_round, who, numbers=()):  # type: ignore[no-untyped-def]
    """What any page shows that it must not: result marks, "N votes", or the round's distinctive totals."""
    browser = client_for(app, town[who]) if who != "public" else app.test_client()
    found = []
    for url in _urls(app, db, town, voting_round):
        if who == "public" and not url.startswith("/public/"):
            continue
        for language in ("en", "da"):
            response = browser.get(url, headers={"Accept-Language": language})
            if response.status_code != 200:
                continue
            page = response.get_data(as_text=True)
            found += [(who, url, mark) for mark in RESULT_MARKS if mark in page]
            found += [(who, url, count) for count in VOTE_COUNT.findall(page)]
            found += [(who, url, number) for number in numbers
                      if re.search(rf"(?<![\w:./#-]){number}(?![\w:./-])", page)]
    return found


def test_an_open_vote_shows_no_counts_on_any_page(app, db, town, proposals):
    bus, psychologist = proposals[:2]
    voting_round = _open(db, town, [bus, psychologist])
    for who, votes in (("amira", [(bus, 20)]), ("freja", [(bus, 20)]), ("oliver", [(bus, 20)]),
                       ("yasmin", [(bus, 11), (psychologist, 9)]), ("lukas", [(psychologist, 20)]),
                       ("nora", [(psychologist, 17)]), ("victor", [(psychologist, 17)])):
        _cast(db, town, who, voting_round, votes)
    reread(db)
    totals = dict(db.exec(select(RoundEntry.cause_id, RoundEntry.votes)).all())
    assert (totals[bus.id], totals[psychologist.id]) == (71, 63)  # stored, and distinctive
    assert rounds.result_of(db, db.get(VotingRound, voting_round.id), utcnow()) is None
    for who in ("karina", "amira", "victor", "sara"):  # the coordinator, two who voted, and someone outside
        assert _leaks(app, db, town, voting_round, who, numbers=(71, 63)) == []
    page = client_for(app, town["karina"]).get(f"/council/rounds/{voting_round.id}").get_data(as_text=True)
    assert "7 of 7 members have voted." in page  # the turnout is shown; the totals are not
    # Once it has ended, with seven voters, the same totals are the result.
    _end_as_coordinator(app, town, voting_round)
    result = client_for(app, town["amira"]).get(f"/council/rounds/{voting_round.id}").get_data(as_text=True)
    assert "71 votes" in result and "63 votes" in result


def test_a_vote_ended_after_one_ballot_shows_nothing_to_anyone(app, db, town, proposals):
    """The bug: ending the vote after one member voted showed exactly that member's ballot."""
    _bus, psychologist, house = proposals
    voting_round = _open(db, town, proposals, votes=20)
    _cast(db, town, "amira", voting_round, [(house, 17), (psychologist, 3)])
    landed = _end_as_coordinator(app, town, voting_round)
    assert "Too few members voted, so there is no result." in landed
    assert 'data-testid="too-few"' in landed and "1 of 7 members voted." in landed
    for who in ("karina", "amira", "freja", "public"):
        assert _leaks(app, db, town, voting_round, who) == []
    reread(db)
    # Nothing was chosen, the proposals can be voted on again, and the totals are gone.
    assert [c.status for c in db.exec(select(Cause).where(Cause.term_id == town.term.id))] == \
        [CauseStatus.DISCUSSING] * 3
    assert {(e.votes, e.chosen) for e in db.exec(select(RoundEntry))} == {(0, False)}
    assert {c.id for c in rounds.eligible_causes(db, town.term)} == {c.id for c in proposals}
    told = db.exec(select(Notification.kind).where(Notification.user_id == town["amira"].id)).all()
    assert "council_no_result" in told and "council_result" not in told
    assert "without a result" in client_for(app, town["amira"]).get("/notifications/").get_data(as_text=True)
    # The page says why, in both languages, and the coordinator can start a new vote at once.
    danish = client_for(app, town["freja"]).get(f"/council/rounds/{voting_round.id}",
                                                headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert "Intet resultat: for få stemte" in danish and "Stemmer er hemmelige" in danish
    assert 'data-testid="start-round"' in landed
    overview = client_for(app, town["karina"]).get("/council/").get_data(as_text=True)
    assert 'data-testid="no-result-badge"' in overview and 'data-testid="start-round"' in overview
    cause = client_for(app, town["oliver"]).get(f"/council/causes/{house.id}").get_data(as_text=True)
    assert 'data-testid="no-result-note"' in cause


def test_a_vote_that_runs_out_with_too_few_voters_has_no_result_either(app, db, town, proposals):
    voting_round = _open(db, town, proposals)
    for who in ("amira", "freja", "oliver", "yasmin"):  # four of seven: one short
        _cast(db, town, who, voting_round, [(proposals[0], 2)])
    voting_round.ends_at = utcnow() - timedelta(minutes=1)
    db.add(voting_round)
    db.commit()
    page = client_for(app, town["lukas"]).get(f"/council/rounds/{voting_round.id}").get_data(as_text=True)
    assert 'data-testid="too-few"' in page and 'data-testid="results"' not in page
    assert _leaks(app, db, town, voting_round, "karina") == []
    reread(db)
    assert db.get(Cause, proposals[0].id).status == CauseStatus.DISCUSSING


def test_five_voters_make_a_result(app, db, town, proposals):
    bus, _psychologist, house = proposals
    voting_round = _open(db, town, proposals, votes=3)
    for who in ("amira", "freja", "oliver", "yasmin", "lukas"):
        _cast(db, town, who, voting_round, [(bus, 2), (house, 1)])
    page = _end_as_coordinator(app, town, voting_round)
    assert "The vote has ended. Here is the result." in page
    assert 'data-testid="results"' in page and "10 votes" in page and "5 votes" in page and "0 votes" in page
    assert page.count('data-testid="chosen-badge"') == 1
    reread(db)
    assert [db.get(Cause, c.id).status for c in proposals] == [CauseStatus.CHOSEN, CauseStatus.NOT_CHOSEN,
                                                                CauseStatus.NOT_CHOSEN]
    public = app.test_client().get(f"/public/council/{town.roskilde.slug}").get_data(as_text=True)
    assert "Gratis bus" in public and "Ungehus" not in public


def test_the_minimum_is_a_setting_fixed_when_the_vote_opens(app, db, town, proposals):
    karina = client_for(app, town["karina"])

    def open_by_form() -> VotingRound:
        reread(db)
        form = {"starts_on": today().isoformat(), "ends_on": today().isoformat(), "votes_per_member": "3",
                "choose_count": "1", "causes": [str(c.id) for c in rounds.eligible_causes(db, town.term)]}
        response = post_form(karina, "/council/rounds/new", form, token_page="/council/")
        assert response.status_code == 302, re.findall(r'class="error"[^>]*>([^<]*)', response.get_data(as_text=True))
        reread(db)
        return rounds.unsettled_round(db, town.term)

    app.config["COUNCIL_MIN_VOTERS"] = 2
    assert "at least 2 members vote" in karina.get("/council/rounds/new").get_data(as_text=True)
    two = open_by_form()
    assert two.min_voters == 2
    app.config["COUNCIL_MIN_VOTERS"] = 7  # a vote keeps the rule it was opened with
    for who in ("amira", "freja"):
        _cast(db, town, who, two, [(proposals[1], 1)])
    page = _end_as_coordinator(app, town, two)
    assert 'data-testid="results"' in page and "2 votes" in page

    seven = open_by_form()
    assert seven.min_voters == 7
    page = client_for(app, town["amira"]).get(f"/council/rounds/{seven.id}").get_data(as_text=True)
    assert "at least 7 members vote" in page
    reread(db)  # logging in wrote a session: SQLite refuses a write from a snapshot older than that
    for who in ("amira", "freja", "oliver", "yasmin", "lukas", "nora"):
        _cast(db, town, who, seven, [(proposals[0], 1)])
    page = _end_as_coordinator(app, town, seven)
    assert 'data-testid="too-few"' in page and 'data-testid="results"' not in page


def test_a_council_smaller_than_the_minimum_is_told_before_it_votes(app, db, town):
    app.config["COUNCIL_MIN_VOTERS"] = 8
    page = client_for(app, town["karina"]).get("/council/rounds/new").get_data(as_text=True)
    assert 'data-testid="too-few-members"' not in page  # nothing to vote on yet: the form is not shown
    propose(db, town, title="Et")
    propose(db, town, title="To")
    page = client_for(app, town["karina"]).get("/council/rounds/new").get_data(as_text=True)
    assert 'data-testid="too-few-members"' in page and "only 7 members" in page
