"""The demo youth council: re-runnable, every state present, and every page of it renders in both languages."""

from __future__ import annotations

from sqlmodel import col, select
from support.database import reread
from support.people import login_as

from youthvoice.core import danish_calendar
from youthvoice.core.model import utcnow
from youthvoice.council import follow as council_follow
from youthvoice.council import rounds as council_rounds
from youthvoice.council import rules as council
from youthvoice.council.models import Cause, CauseStatus, Comment, Council, Term, VotingRound
from youthvoice.demo.seed import DEMO_SLUG, seed_demo
from youthvoice.identity.models import Municipality, User


def test_the_demo_council_is_in_the_middle_of_its_year(app, db):
    seed_demo(app)
    seed_demo(app)  # re-runnable
    reread(db)
    municipality = db.exec(select(Municipality).where(Municipality.slug == DEMO_SLUG)).one()
    home = db.exec(select(Council).where(Council.municipality_id == municipality.id)).one()
    today = danish_calendar.local_today()
    terms = council.terms_of(db, home)
    assert len(terms) == 2 and terms[1].ends_on < today  # a finished past term
    current = council.current_term(db, home, today)
    assert current is not None and current.starts_on < today < current.ends_on
    statuses = {c.status for c in db.exec(select(Cause).where(Cause.term_id == current.id))}
    assert {CauseStatus.DRAFT, CauseStatus.SUBMITTED, CauseStatus.DISCUSSING, CauseStatus.NOT_CHOSEN,
            CauseStatus.IN_PROGRESS, CauseStatus.PRESENTED, CauseStatus.ANSWERED, CauseStatus.ACHIEVED,
            CauseStatus.NOT_ACHIEVED} <= statuses
    presented = db.exec(select(Cause).where(Cause.term_id == current.id, Cause.status == CauseStatus.PRESENTED)).all()
    assert sorted(council_follow.is_overdue(c, today) for c in presented) == [False, True]
    assert db.exec(select(Comment).where(col(Comment.hidden_at).is_not(None))).first() is not None
    assert db.exec(select(VotingRound).where(VotingRound.term_id == current.id)).one().settled_at is not None
    # The current vote has its result; the past term also shows a vote too few members voted in.
    now = utcnow()
    assert [outcome for _r, outcome in council_rounds.rounds_with_outcomes(db, current, now)] == [council_rounds.RESULT]
    assert [outcome for _r, outcome in council_rounds.rounds_with_outcomes(db, terms[1], now)] == \
        [council_rounds.RESULT, council_rounds.TOO_FEW]
    for voting_round in db.exec(select(VotingRound)):  # a result the demo shows adds up
        result = council_rounds.result_of(db, voting_round, now) or []
        assert sum(row.votes for row in result) <= \
            council_rounds.voter_count(db, voting_round) * voting_round.votes_per_member
    members = {u.display_name for u in council.members_of(db, home)}
    assert {"Amira", "Freja"} <= members and len(members) >= 6
    assert db.exec(select(User).where(User.display_name == "Karina Olsen")).one().is_coordinator


def test_every_demo_council_page_renders_in_danish_and_english(app, db):
    seed_demo(app)
    reread(db)
    people = {u.display_name.split()[0]: u for u in db.exec(select(User))}
    town = people["Amira"].municipality_id  # (Ballerup has a council too: Sara's home municipality's, issue 19.3)
    causes = db.exec(select(Cause).where(Cause.status != CauseStatus.DRAFT, Cause.municipality_id == town)).all()
    urls = ["/council/", "/council/causes", "/council/terms", "/council/members/", f"/public/council/{DEMO_SLUG}"]
    urls += [f"/council/causes/{c.id}" for c in causes] + [f"/council/rounds/{r.id}" for r in
                                                           db.exec(select(VotingRound))]
    urls += [f"/council/terms/{t.id}" for t in db.exec(select(Term).where(Term.municipality_id == town))]
    for who in ("Amira", "Karina"):
        browser = app.test_client()
        login_as(app, browser, people[who])
        for url in urls:
            for language in ("da", "en"):
                response = browser.get(url, headers={"Accept-Language": language})
                assert response.status_code == 200, (who, url, language)
        danish = browser.get("/council/", headers={"Accept-Language": "da"}).get_data(as_text=True)
        assert "Vores mærkesager" in danish and ">Ungebyråd<" in danish
        english = browser.get("/council/", headers={"Accept-Language": "en"}).get_data(as_text=True)
        assert "Our mærkesager" in english and ">Council<" in english
