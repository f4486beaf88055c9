"""Voting rounds: opening rules, the vote budget, the round window, one vote per member (also at the same
moment), secret votes, the result as a bar picture, and the chosen causes becoming the term's mærkesager."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlmodel import func, select
from support.client import post_form
from support.council_setup import build_town, client_for, propose, today
from support.database import reread

from youthvoice.core.db import new_session
from youthvoice.core.errors import InvalidInput, NotAllowed
from youthvoice.core.model import utcnow
from youthvoice.council import rounds
from youthvoice.council.models import Ballot, Cause, CauseStatus, RoundEntry, VotingRound
from youthvoice.identity.models import User
from youthvoice.notify.models import Notification


@pytest.fixture
def town(app, db):  # type: ignore[no-untyped-def]
    return build_town(db)


@pytest.fixture
def ballot(db, town):  # type: ignore[no-untyped-def]
    """Four shared proposals."""
    return [propose(db, town, author=who, title=title)
            for who, title in (("amira", "Gratis bus"), ("freja", "Psykolog"), ("oliver", "Ungehus"),
                               ("amira", "Lys på stien"))]


def _open(db, town, causes, *, votes=3, choose=2, starts=None, ends=None, min_voters=1):  # type: ignore[no-untyped-def]
    """A round; the counting rules here are tested with a minimum of one voter (the minimum itself, and the
    secrecy it gives, are tested in test_council_secrecy.py)."""
    voting_round = rounds.open_round(db, actor=town["karina"], term=town.term, starts_on=starts or today(),
                                     ends_on=ends or today() + timedelta(days=6), votes_per_member=votes,
                                     choose_count=choose, cause_ids=[str(c.id) for c in causes],
                                     min_voters=min_voters, now=utcnow())
    db.commit()
    return voting_round


def _cast(db, town, who, voting_round, votes):  # type: ignore[no-untyped-def]
    rounds.cast_ballot(db, actor=town[who], voting_round=voting_round,
                       votes={str(cause.id): count for cause, count in votes}, now=utcnow())
    db.commit()


def _end(db, town, voting_round):  # type: ignore[no-untyped-def]
    rounds.end_now(db, actor=town["karina"], voting_round=voting_round, now=utcnow())
    db.commit()


# --- opening a round -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("change", "field"), [
    ({"starts": -1}, "starts_on"),
    ({"ends": -1}, "ends_on"),
    ({"ends": 3000}, "ends_on"),
    ({"ends": "max"}, "ends_on"),
    ({"votes": 0}, "votes_per_member"),
    ({"votes": 21}, "votes_per_member"),
    ({"choose": 0}, "choose_count"),
    ({"choose": 5}, "choose_count"),
    ({"causes": 1}, "causes"),
])
def test_opening_a_round_checks_its_settings(db, town, ballot, change, field):
    kwargs = {}
    if "starts" in change:
        kwargs["starts"] = today() + timedelta(days=change["starts"])
    if "ends" in change:
        kwargs["ends"] = date.max if change["ends"] == "max" else today() + timedelta(days=change["ends"])
    for key in ("votes", "choose"):
        if key in change:
            kwargs[key] = change[key]
    causes = ballot[:change.get("causes", 4)]
    with pytest.raises(InvalidInput) as refused:
        _open(db, town, causes, **kwargs)
    assert refused.value.field == field


def test_only_a_coordinator_opens_a_round_and_only_one_at_a_time(app, db, town, ballot):
    with pytest.raises(NotAllowed):
        rounds.open_round(db, actor=town["amira"], term=town.term, starts_on=today(), ends_on=today(),
                          votes_per_member=3, choose_count=1, cause_ids=[str(c.id) for c in ballot], min_voters=5,
                          now=utcnow())
    db.rollback()
    voting_round = _open(db, town, ballot[:2])
    assert {c.status for c in ballot[:2]} == {CauseStatus.VOTING}
    with pytest.raises(InvalidInput, match="still going on"):
        _open(db, town, ballot[2:])
    db.rollback()
    members = client_for(app, town["amira"])
    assert members.get("/council/rounds/new").status_code == 404
    page = client_for(app, town["karina"]).get("/council/rounds/new").get_data(as_text=True)
    assert "Another vote is still going on." in page
    notified = db.exec(select(Notification.user_id).where(Notification.kind == "council_round")).all()
    assert set(notified) == {town[k].id for k in ("amira", "freja", "oliver")}
    assert voting_round.starts_at <= utcnow() < voting_round.ends_at


def test_the_round_form_keeps_what_was_typed(app, db, town, ballot):
    karina = client_for(app, town["karina"])
    response = post_form(karina, "/council/rounds/new",
                         {"starts_on": today().isoformat(), "ends_on": "not a date", "votes_per_member": "lots",
                          "choose_count": "2", "causes": [str(ballot[0].id), str(ballot[1].id)]},
                         token_page="/council/")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please write the date as YYYY-MM-DD" in page and "Please write a whole number." in page
    assert 'value="lots"' in page
    good = post_form(karina, "/council/rounds/new",
                     {"starts_on": today().isoformat(), "ends_on": today().isoformat(), "votes_per_member": "3",
                      "choose_count": "1", "causes": [str(ballot[0].id), str(ballot[1].id)]}, token_page="/council/")
    assert good.status_code == 302


# --- voting --------------------------------------------------------------------------------------------


def test_the_vote_budget(db, town, ballot):
    voting_round = _open(db, town, ballot, votes=3)
    for votes, message in (([(ballot[0], 2), (ballot[1], 2)], "more votes than you have"),
                           ([(ballot[0], 0)], "at least one vote"),
                           ([], "at least one vote")):
        with pytest.raises(InvalidInput, match=message):
            _cast(db, town, "amira", voting_round, votes)
        db.rollback()
    for garbage in ("-1", "1.5", "two"):
        with pytest.raises(InvalidInput, match="whole numbers"):
            rounds.cast_ballot(db, actor=town["amira"], voting_round=voting_round,
                               votes={str(ballot[0].id): garbage}, now=utcnow())
        db.rollback()
    outsider = propose(db, town, title="Ikke med")
    with pytest.raises(InvalidInput, match="not part of this vote"):
        _cast(db, town, "amira", voting_round, [(outsider, 1)])
    db.rollback()
    _cast(db, town, "amira", voting_round, [(ballot[0], 3)])  # all votes on one proposal is allowed
    _cast(db, town, "freja", voting_round, [(ballot[0], 1), (ballot[2], 1)])  # and fewer than the budget
    assert db.exec(select(func.sum(RoundEntry.votes))).one() == 5


def test_no_voting_outside_the_round(db, town, ballot):
    later = _open(db, town, ballot, starts=today() + timedelta(days=2))
    with pytest.raises(InvalidInput, match="not started yet"):
        _cast(db, town, "amira", later, [(ballot[0], 1)])
    db.rollback()
    later.starts_at = utcnow() - timedelta(days=3)
    later.ends_at = utcnow() - timedelta(seconds=1)
    db.add(later)
    db.commit()
    with pytest.raises(InvalidInput, match="has ended"):
        _cast(db, town, "amira", later, [(ballot[0], 1)])
    db.rollback()
    assert db.exec(select(func.count()).select_from(Ballot)).one() == 0


def test_only_members_vote(db, town, ballot):
    voting_round = _open(db, town, ballot)
    for who in ("karina", "sara", "emil"):
        with pytest.raises(NotAllowed):
            _cast(db, town, who, voting_round, [(ballot[0], 1)])
        db.rollback()


def test_no_one_votes_twice(app, db, town, ballot):
    voting_round = _open(db, town, ballot)
    _cast(db, town, "amira", voting_round, [(ballot[0], 1)])
    with pytest.raises(InvalidInput, match="already voted"):
        _cast(db, town, "amira", voting_round, [(ballot[1], 1)])
    db.rollback()
    amira = client_for(app, town["amira"])
    again = post_form(amira, f"/council/rounds/{voting_round.id}/vote", {f"votes-{ballot[1].id}": "1"},
                      token_page="/council/")
    assert again.status_code == 400 and "You have already voted in this round." in again.get_data(as_text=True)
    reread(db)
    assert db.exec(select(func.count()).select_from(Ballot)).one() == 1
    assert db.exec(select(func.sum(RoundEntry.votes))).one() == 1


def test_two_ballots_at_the_same_moment_count_once(app, db, town, ballot):
    """Two requests from the same member race: the unique (round, voter) pair lets exactly one through."""
    voting_round = _open(db, town, ballot)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def vote(cause: Cause) -> None:
        with new_session(app) as session:
            start.wait()
            try:
                rounds.cast_ballot(session, actor=session.get(User, town["amira"].id),
                                   voting_round=session.get(VotingRound, voting_round.id),
                                   votes={str(cause.id): 2}, now=utcnow())
                session.commit()
                outcomes.append("counted")
            except InvalidInput:
                session.rollback()
                outcomes.append("refused")

    threads = [threading.Thread(target=vote, args=(cause,)) for cause in ballot[:2]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["counted", "refused"]
    reread(db)
    assert db.exec(select(func.count()).select_from(Ballot)).one() == 1
    assert db.exec(select(func.sum(RoundEntry.votes))).one() == 2


def test_ballots_of_different_members_at_the_same_moment_all_count(app, db, town, ballot):
    voting_round = _open(db, town, ballot)
    start = threading.Barrier(3)
    errors: list[BaseException] = []

    def vote(who: str) -> None:
        try:
            with new_session(app) as session:
                start.wait()
                rounds.cast_ballot(session, actor=session.get(User, town[who].id),
                                   voting_round=session.get(VotingRound, voting_round.id),
                                   votes={str(ballot[0].id): 2, str(ballot[1].id): 1}, now=utcnow())
                session.commit()
        except BaseException as error:  # reported below, in the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=vote, args=(who,)) for who in ("amira", "freja", "oliver")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    reread(db)
    totals = dict(db.exec(select(RoundEntry.cause_id, RoundEntry.votes)
                          .where(RoundEntry.round_id == voting_round.id)).all())
    assert (totals[ballot[0].id], totals[ballot[1].id]) == (6, 3)


def test_votes_are_secret(app, db, town, ballot):
    # Only totals are stored: nothing ties a ballot to the causes it gave votes to.
    assert {"voter_id", "user_id", "member_id", "ballot_id"}.isdisjoint(RoundEntry.__table__.columns.keys())
    assert {"cause_id", "votes", "count"}.isdisjoint(Ballot.__table__.columns.keys())
    voting_round = _open(db, town, ballot, votes=5, min_voters=5)
    _cast(db, town, "amira", voting_round, [(ballot[2], 3)])
    for who in ("freja", "karina", "amira"):  # nobody sees counts while the vote is open
        page = client_for(app, town[who]).get(f"/council/rounds/{voting_round.id}").get_data(as_text=True)
        assert "3 votes" not in page and 'data-testid="results"' not in page
        assert "1 of 3 members have voted." in page
    _end(db, town, voting_round)  # ended after one ballot: its totals would be that ballot
    for who in ("karina", "amira", "freja"):
        page = client_for(app, town[who]).get(f"/council/rounds/{voting_round.id}").get_data(as_text=True)
        assert "3 votes" not in page and 'data-testid="results"' not in page and 'data-testid="too-few"' in page
        assert "Amira" not in page  # never who voted or for what


def test_the_result_chooses_the_terms_mærkesager(app, db, town, ballot):
    voting_round = _open(db, town, ballot, votes=3, choose=2)
    _cast(db, town, "amira", voting_round, [(ballot[0], 2), (ballot[1], 1)])
    _cast(db, town, "freja", voting_round, [(ballot[0], 1), (ballot[2], 2)])
    _cast(db, town, "oliver", voting_round, [(ballot[1], 2), (ballot[2], 1)])
    # bus 3, psychologist 3, youth house 3: a tie at the last place chooses all three; the lights got none.
    _end(db, town, voting_round)
    reread(db)
    statuses = {c.title: db.get(Cause, c.id).status for c in ballot}
    assert statuses == {"Gratis bus": "chosen", "Psykolog": "chosen", "Ungehus": "chosen",
                        "Lys på stien": "not_chosen"}
    rows = rounds.result_of(db, db.get(VotingRound, voting_round.id), utcnow())
    assert rows is not None
    assert [(r.cause.title, r.votes, r.chosen) for r in rows][-1] == ("Lys på stien", 0, False)
    assert all(r.percent == 100 for r in rows[:3])
    page = client_for(app, town["amira"]).get(f"/council/rounds/{voting_round.id}").get_data(as_text=True)
    assert page.count('data-testid="result-row"') == 4
    assert page.count('data-testid="chosen-badge"') == 3
    assert 'width="100"' in page and "3 of 3 members voted." in page
    overview = client_for(app, town["freja"]).get("/council/").get_data(as_text=True)
    assert "Gratis bus" in overview.split('data-testid="chosen"')[1]
    told = db.exec(select(Notification.user_id).where(Notification.kind == "council_result")).all()
    assert set(told) == {town[k].id for k in ("amira", "freja", "oliver")}
    reread(db)
    assert rounds.settle(db, voting_round_id=voting_round.id, now=utcnow()) is False  # counted once


def test_the_top_causes_are_chosen_without_ties(db, town, ballot):
    voting_round = _open(db, town, ballot, votes=3, choose=1)
    _cast(db, town, "amira", voting_round, [(ballot[3], 3)])
    _cast(db, town, "freja", voting_round, [(ballot[0], 2)])
    _end(db, town, voting_round)
    reread(db)
    chosen = db.exec(select(RoundEntry.cause_id).where(RoundEntry.round_id == voting_round.id,
                                                       RoundEntry.chosen)).all()
    assert chosen == [ballot[3].id]
    assert db.get(Cause, ballot[0].id).status == CauseStatus.NOT_CHOSEN
    # A cause that was not chosen can go on the next ballot.
    assert ballot[0].id in {c.id for c in rounds.eligible_causes(db, town.term)}


def test_a_round_that_has_ended_is_counted_when_someone_next_looks(app, db, town, ballot):
    voting_round = _open(db, town, ballot, choose=1)
    _cast(db, town, "amira", voting_round, [(ballot[1], 2)])
    voting_round.ends_at = utcnow() - timedelta(minutes=1)
    db.add(voting_round)
    db.commit()
    page = client_for(app, town["freja"]).get(f"/council/rounds/{voting_round.id}").get_data(as_text=True)
    assert 'data-testid="results"' in page and 'data-testid="chosen-badge"' in page
    reread(db)
    assert db.get(VotingRound, voting_round.id).settled_at is not None
    assert db.get(Cause, ballot[1].id).status == CauseStatus.CHOSEN


def test_voting_on_a_phone_form(app, db, town, ballot):
    voting_round = _open(db, town, ballot, votes=3)
    freja = client_for(app, town["freja"])
    form = freja.get(f"/council/rounds/{voting_round.id}").get_data(as_text=True)
    assert form.count('data-testid="votes-input"') == 4 and "You have 3 votes" in form
    over = post_form(freja, f"/council/rounds/{voting_round.id}/vote",
                     {f"votes-{ballot[0].id}": "2", f"votes-{ballot[1].id}": "2"}, token_page="/council/")
    assert over.status_code == 400
    assert "You gave more votes than you have." in over.get_data(as_text=True)
    assert f'name="votes-{ballot[0].id}" value="2"' in over.get_data(as_text=True)
    ok = post_form(freja, f"/council/rounds/{voting_round.id}/vote",
                   {f"votes-{ballot[0].id}": "2", f"votes-{ballot[1].id}": "1", f"votes-{ballot[2].id}": ""},
                   token_page="/council/")
    assert ok.status_code == 302
    assert 'data-testid="voted"' in freja.get(f"/council/rounds/{voting_round.id}").get_data(as_text=True)
    assert post_form(freja, f"/council/rounds/{voting_round.id}/end", token_page="/council/").status_code == 404


def test_a_round_that_has_ended_is_counted_by_the_next_change_too(app, db, town, ballot):
    """A write request counts the round in its own transaction (a second SQLite writer would wait for it)."""
    voting_round = _open(db, town, ballot, choose=1)
    _cast(db, town, "amira", voting_round, [(ballot[2], 1)])
    voting_round.ends_at = utcnow() - timedelta(minutes=1)
    db.add(voting_round)
    db.commit()
    response = post_form(client_for(app, town["freja"]), f"/council/causes/{ballot[2].id}/comments",
                         {"text": "Tillykke!"}, token_page="/login")
    assert response.status_code == 302
    reread(db)
    assert db.get(VotingRound, voting_round.id).settled_at is not None
    assert db.get(Cause, ballot[2].id).status == CauseStatus.CHOSEN
