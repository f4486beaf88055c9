"""Issue 20.2: how my network has grown (the rules, the page, who may see it) and the anonymous overview (k >= 5)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select
from support.database import reread
from support.netcase import SVG, build_net_case, logged_in
from support.people import make_municipality, make_person
from support.querycount import statements_for

from youthvoice.admin import network_growth
from youthvoice.identity.models import Role
from youthvoice.network import growth, network
from youthvoice.network.models import NetworkPerson
from youthvoice.privacy.models import AuditEvent
from youthvoice.web.charts import GrowthRow, growth_svg

TODAY = date(2026, 12, 7)


def _add(db, owner, helps: list[str], when: datetime, name: str = "Someone") -> NetworkPerson:
    person = network.add_person(
        db, owner=owner, data=network.PersonInput(name=name, relation="friend", circle="outer", helps=helps)
    )
    person.created_at = person.updated_at = when
    db.add(person)
    db.flush()
    return person


def _at(year: int, month: int, day: int = 15) -> datetime:
    return datetime(year, month, day, 12, tzinfo=UTC)


# --- the rules ------------------------------------------------------------------------------------------------


def test_the_months_shown_are_the_start_one_in_between_and_now():
    assert growth.moments(date(2026, 12, 1), TODAY) == ()  # started this month: only "now"
    assert growth.moments(date(2026, 11, 30), TODAY) == (date(2026, 11, 1),)
    assert growth.moments(date(2026, 9, 3), TODAY) == (date(2026, 9, 1), date(2026, 10, 1))
    assert growth.moments(date(2025, 11, 20), TODAY) == (date(2025, 11, 1), date(2026, 5, 1))


def test_people_count_from_the_month_they_were_added_with_what_they_could_help_with_now(db):
    sara = make_person(db, make_municipality(db))
    _add(db, sara, ["housing", "talk"], _at(2026, 9, 2))
    _add(db, sara, ["housing"], _at(2026, 9, 30))
    _add(db, sara, [], _at(2026, 10, 5))
    _add(db, sara, ["housing", "money"], _at(2026, 11, 1))
    _add(db, sara, ["housing"], _at(2026, 12, 1))
    gone = _add(db, sara, ["company"], _at(2026, 9, 10))
    other = make_person(db, make_municipality(db, "Ballerup"))
    _add(db, other, ["housing"], _at(2026, 9, 1))
    network.remove_person(db, person=gone)  # leaves no trace: not counted, not even in September
    counted = growth.growth_of(db, sara, today=TODAY)
    assert counted.months == (date(2026, 9, 1), date(2026, 10, 1))
    assert counted.people == (2, 3, 5)
    assert {item.kind: item.counts for item in counted.kinds} == {
        "housing": (2, 2, 4),
        "money": (0, 0, 1),
        "talk": (1, 1, 1),
    }
    assert [item.kind for item in counted.kinds] == ["housing", "money", "talk"]  # HelpKind's order
    assert {item.kind: item.grew for item in counted.kinds}["housing"] == 2
    # A change to what someone could help with counts back to when they were added (it is not dated).
    person = db.exec(select(NetworkPerson).where(NetworkPerson.owner_id == sara.id, NetworkPerson.helps == "")).one()
    network.update_person(
        db, person=person, data=network.PersonInput(name="x", relation="friend", circle="outer", helps=["housing"])
    )
    assert {item.kind: item.counts for item in growth.growth_of(db, sara, today=TODAY).kinds}["housing"] == (2, 3, 5)


def test_an_empty_network_has_no_growth(db):
    sara = make_person(db, make_municipality(db))
    counted = growth.growth_of(db, sara, today=TODAY)
    assert not counted.started and counted.kinds == ()


def test_the_chart_draws_the_numbers_of_the_table():
    rows = [GrowthRow("housing", "Housing <&>", (2, 5)), GrowthRow("talk", "Talk", (0, 1))]
    markup = growth_svg(rows, ["September", "now"], svg_id="g", title="t", description="d")
    svg = ET.fromstring(markup)  # noqa: S314 - our own markup
    bars = {
        (bar.get("class"), bar.get("data-count"))
        for bar in svg.iter(f"{SVG}rect")
        if "growth-bar" in bar.get("class", "")
    }
    assert bars == {
        ("growth-bar help-housing", "2"),
        ("growth-bar help-housing is-now", "5"),
        ("growth-bar help-talk is-now", "1"),
    }
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert (
        "Housing <&>" in texts
        and texts.count("September") == 2
        and [t for t in texts if t and t.isdigit()] == ["2", "5", "0", "1"]
    )


# --- the page and who may see it -------------------------------------------------------------------------------


def test_the_page_says_it_plainly_and_the_table_has_the_same_numbers(app, db):
    sara = make_person(db, make_municipality(db))
    today = growth.local_today()
    earlier = datetime(today.year - 1, 9, 10, 12, tzinfo=UTC)
    _add(db, sara, ["housing"], earlier, name="SECRET-NAME")
    _add(db, sara, ["housing"], earlier)
    for _index in range(3):
        _add(db, sara, ["housing"], datetime.now(UTC))
    db.commit()
    client = logged_in(app, sara)
    assert 'href="/network/growth"' in client.get("/network/").get_data(as_text=True)
    page = client.get("/network/growth").get_data(as_text=True)
    assert f"2 in September {today.year - 1}" in page and "5 now" in page
    assert 'data-testid="growth-housing"' in page and "SECRET-NAME" not in page
    assert 'data-testid="growth-table"' in page and "<td>2</td>" in page and "<td>5</td>" in page


def test_the_danish_page(app, db):
    sara = make_person(db, make_municipality(db))
    sara.locale = "da"
    _add(db, sara, ["housing", "talk"], datetime.now(UTC))
    db.commit()
    page = logged_in(app, sara).get("/network/growth").get_data(as_text=True)
    assert "Sådan er mit netværk vokset" in page and "<strong>Bolig</strong>: 1 nu" in page
    assert "Alle i netværket" in page


def test_a_professional_sees_it_only_where_shared_and_every_view_is_logged(app, db):
    case = build_net_case(db)
    sara = case.people["sara"]
    url = f"/network/of/{sara.id}/growth"
    for who in ("peter", "mette", "ali", "henrik", "sofie", "mads", "emil"):
        assert logged_in(app, case.people[who]).get(url).status_code == 404, who
    reread(db)
    assert not db.exec(select(AuditEvent).where(AuditEvent.action == "view", AuditEvent.subject_id == sara.id)).all()
    lene = logged_in(app, case.people["lene"])
    assert f'href="{url}"' in lene.get(f"/network/of/{sara.id}").get_data(as_text=True)
    page = lene.get(url)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Sara" in body and case.marker not in body and 'data-testid="growth-practical"' in body
    reread(db)
    views = db.exec(
        select(AuditEvent)
        .where(AuditEvent.action == "view", AuditEvent.actor_id == case.people["lene"].id)
        .order_by(AuditEvent.id)
    ).all()
    assert [(v.object_type, v.subject_id) for v in views] == [("network", sara.id), ("network", sara.id)]
    assert logged_in(app, sara).get(url).headers["Location"].endswith("/network/growth")


# --- the municipality's anonymous overview ---------------------------------------------------------------------


def _young_with_networks(db, municipality, sizes: list[tuple[int, int]], started: datetime, later: datetime):
    """One young person per (people at start, of them could help); each adds one more helper a quarter later."""
    people = []
    for index, (count, helping) in enumerate(sizes):
        young = make_person(db, municipality, name=f"Ung {index}")
        for number in range(count):
            _add(db, young, ["housing"] if number < helping else [], started)
        _add(db, young, ["talk"], later)
        people.append(young)
    return people


def test_a_group_of_four_shows_nothing_and_five_show_medians(app, db):
    roskilde = make_municipality(db)
    henrik = make_person(db, roskilde, Role.ADMIN, name="Henrik")
    sizes = [(1, 0), (2, 1), (3, 1), (7, 7)]
    _young_with_networks(db, roskilde, sizes, _at(2026, 2), _at(2026, 5))
    ballerup = make_municipality(db, "Ballerup")
    _young_with_networks(db, ballerup, [(9, 9)] * 6, _at(2026, 2), _at(2026, 5))  # another municipality
    db.commit()
    quarters = network_growth.network_growth(db, roskilde.id, today=TODAY)
    assert quarters and all(q.hidden and q.people is None and q.could_help is None for q in quarters)
    page = logged_in(app, henrik).get("/admin/network").get_data(as_text=True)
    assert "Fewer than 5 young people: not shown" in page and 'data-testid="network-growth-chart"' not in page
    for number in ("<td>4</td>", "<td>2</td>", "<td>3</td>"):
        assert number not in page
    # The fifth young person started a quarter later: Q1 has 5 young people, Q4 only the first 4.
    _young_with_networks(db, roskilde, [(4, 2)], _at(2026, 5), _at(2026, 8))
    db.commit()
    quarters = network_growth.network_growth(db, roskilde.id, today=TODAY)
    first, second = quarters[0], quarters[1]
    # Q1 (by the end of their first quarter): 1, 2, 3, 7 and 4 people; 0, 1, 1, 7 and 2 could help.
    assert (first.young_people, first.people, first.could_help) == (5, 3.0, 1.0)
    # Q2: each has one more who could help (2, 3, 4, 8, 5 people; 1, 2, 2, 8, 3 could help).
    assert (second.young_people, second.people, second.could_help) == (5, 4.0, 2.0)
    assert [q.quarter for q in quarters] == [1, 2, 3, 4] and quarters[3].hidden and quarters[2].young_people == 5
    page = logged_in(app, henrik).get("/admin/network").get_data(as_text=True)
    assert 'data-testid="network-growth-chart"' in page and "Ung" not in page
    assert logged_in(app, make_person(db, roskilde, Role.PROFESSIONAL)).get("/admin/network").status_code == 404


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_overview_costs_the_same_with_ten_times_the_young_people(app, db):
    town = make_municipality(db)
    admin = logged_in(app, make_person(db, town, Role.ADMIN, name="Henrik"))
    _young_with_networks(db, town, [(3, 1)] * 8, _at(2026, 2), _at(2026, 5))
    db.commit()
    small = statements_for(app, admin, "/admin/network")[0]
    _young_with_networks(db, town, [(5, 2)] * 72, _at(2026, 4), _at(2026, 9))
    db.commit()
    assert statements_for(app, admin, "/admin/network")[0] == small
