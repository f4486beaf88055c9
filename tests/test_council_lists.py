"""The proposal list: filter by status, search by words, sort by recency, support and activity, pages of 20,
and a constant number of SQL queries per page however many proposals, supports and comments there are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from support.council_setup import build_town, client_for, propose, today
from support.people import make_person
from support.querycount import statements_for

from youthvoice.core.model import utcnow
from youthvoice.council import causes as council_causes
from youthvoice.council import lists as council_lists
from youthvoice.council.models import Cause, CauseStatus, Comment, Support


@pytest.fixture
def town(app, db):  # type: ignore[no-untyped-def]
    return build_town(db)


def _titles(page):  # type: ignore[no-untyped-def]
    return [row.cause.title for row in page.rows]


def test_filter_search_and_sort(db, town):
    bus = propose(db, town, title="Gratis bus", change="Bussen er for dyr, 1/2 pris")
    house = propose(db, town, author="freja", title="Ungehus", change="Et sted at være om aftenen, ÅBENT hver dag")
    lights = propose(db, town, author="oliver", title="Lys på stien", change="Mørkt om aftenen, 100% mørkt")
    propose(db, town, title="Mit udkast", submit=False)
    house.status = CauseStatus.CHOSEN
    db.add(house)
    for who in ("amira", "oliver"):
        council_causes.support(db, actor=town[who], cause=lights, today=today())
    council_causes.support(db, actor=town["amira"], cause=house, today=today())
    bus.last_activity_at = utcnow() + timedelta(minutes=5)
    db.add(bus)
    db.commit()
    amira = town["amira"]

    def listing(**kwargs):  # type: ignore[no-untyped-def]
        return council_lists.list_causes(db, actor=amira, term=town.term, **kwargs)

    assert sorted(_titles(listing())) == ["Gratis bus", "Lys på stien", "Ungehus"]  # drafts are never listed
    assert _titles(listing(sort="support")) == ["Lys på stien", "Ungehus", "Gratis bus"]
    assert _titles(listing(sort="active"))[0] == "Gratis bus"
    assert _titles(listing(status="chosen")) == ["Ungehus"]
    assert sorted(_titles(listing(status="proposals"))) == ["Gratis bus", "Lys på stien"]
    assert sorted(_titles(listing(q="AFTENEN"))) == ["Lys på stien", "Ungehus"]
    assert _titles(listing(q="aftenen mørkt")) == ["Lys på stien"]  # every word must match
    assert _titles(listing(q="100%")) == ["Lys på stien"]  # % is a character, not a wildcard
    assert _titles(listing(q="_")) == []
    assert _titles(listing(q="1/2")) == ["Gratis bus"]  # the escape character itself is searched for too
    assert _titles(listing(q="/%")) == []
    assert _titles(listing(q="åbent")) == ["Ungehus"]  # æøå fold on SQLite too, not only A-Z
    assert _titles(listing(q="PÅ STIEN")) == ["Lys på stien"]
    row = next(r for r in listing().rows if r.cause.title == "Lys på stien")
    assert (row.supports, row.supported) == (2, True)


def test_pages_of_twenty(app, db, town):
    db.add_all([Cause(municipality_id=town.roskilde.id, term_id=town.term.id, author_id=town["amira"].id,
                      status=CauseStatus.SUBMITTED, title=f"Forslag {n:02d}", change="x", why="y",
                      submitted_at=utcnow() - timedelta(minutes=n)) for n in range(45)])
    db.commit()
    page = council_lists.list_causes(db, actor=town["amira"], term=town.term, page=3)
    assert (page.total, page.pages, page.page, len(page.rows)) == (45, 3, 3, 5)
    assert _titles(page)[-1] == "Forslag 44"
    assert council_lists.list_causes(db, actor=town["amira"], term=town.term, page=99).page == 3
    html = client_for(app, town["freja"]).get("/council/causes?page=2&sort=nonsense&status=x").get_data(as_text=True)
    assert "Page 2 of 3" in html and html.count('class="cause-item card"') == 20
    assert client_for(app, town["freja"]).get("/council/causes?page=abc").status_code == 200


def _add_proposals(db, town, members, count, start):  # type: ignore[no-untyped-def]
    causes = [Cause(municipality_id=town.roskilde.id, term_id=town.term.id, author_id=members[n % len(members)].id,
                    status=CauseStatus.SUBMITTED if n % 3 else CauseStatus.DISCUSSING, title=f"Forslag {start + n}",
                    change="Noget skal ændres", why="Fordi", submitted_at=utcnow() - timedelta(minutes=n))
              for n in range(count)]
    db.add_all(causes)
    db.flush()
    for n, cause in enumerate(causes):
        for member in members[: n % len(members)]:
            db.add(Support(municipality_id=town.roskilde.id, cause_id=cause.id, member_id=member.id))
        for member in members[:2]:
            db.add(Comment(municipality_id=town.roskilde.id, cause_id=cause.id, author_id=member.id, text="Enig"))
    db.commit()


def test_queries_per_page_do_not_grow_with_the_number_of_proposals(app, db, town):
    members = [town["amira"], town["freja"], town["oliver"]] + [
        make_person(db, town.roskilde, name=f"Medlem {n}", is_council_member=True) for n in range(37)]
    browser = client_for(app, town["freja"])
    urls = ("/council/causes", "/council/causes?sort=support&page=2", "/council/causes?q=forslag&sort=active",
            "/council/causes?status=proposals&page=3")
    _add_proposals(db, town, members, 10, 0)
    small = {url: statements_for(app, browser, url) for url in urls}
    _add_proposals(db, town, members, 290, 10)  # 300 proposals, thousands of supports and comments
    large = {url: statements_for(app, browser, url) for url in urls}
    for url in urls:
        # never more; fewer where the small list had no such page (it asks the count on its own, then shows the
        # last page)
        assert large[url][0] <= small[url][0], (url, small[url][0], large[url][0])
    assert large["/council/causes"][0] == small["/council/causes"][0]
    assert large["/council/causes"][0] <= 12, large["/council/causes"][0]
    assert "300 proposals" in large["/council/causes"][1]
    assert "Page 2 of 15" in large["/council/causes?sort=support&page=2"][1]
