"""Who takes part in the youth council: every council route, walked from the URL map, for every kind of person.

Only members and coordinators of the council's own municipality take part. Everyone else (a young person who
is not a member, a professional who is not a coordinator, an admin, a bisidder, and members and coordinators
of another municipality's council) gets a 404 for every council page and action; someone not logged in is
sent to log in. Admins do not take part: the council's content is the young people's, not the admin's
(they manage accounts and can make a professional a coordinator). The public page is the only council page
for everyone, and only when the council has one.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select
from support.client import post_form
from support.council_setup import build_town, choose, client_for, propose, today

from youthvoice.core.model import utcnow
from youthvoice.council import (
    causes as council_causes,
)
from youthvoice.council import (
    follow as council_follow,
)
from youthvoice.council import (
    rounds as council_rounds,
)
from youthvoice.council import (
    rules as council,
)
from youthvoice.council.models import CauseUpdate, CouncilMembership, UpdateKind

OUTSIDERS = ("sara", "lene", "henrik", "bisidder")
NEIGHBOURS = ("emil", "sofie")
COORDINATOR_ONLY = {"council.settings", "council_rounds.new", "council_members.invite", "council_members.member"}
# What a member (Amira, the author of the proposal in the world) and the coordinator (Karina) get where it is not the
# page itself: the proposal is shared and on the ballot, so its draft steps lead on to editing and editing to the
# proposal; proposing and editing are the members' own (the coordinator is told 403 by the author check).
NOT_A_PAGE_FOR = {
    "amira": dict.fromkeys(COORDINATOR_ONLY, 404) | dict.fromkeys(
        ["council_causes.step_one", "council_causes.step_two", "council_causes.edit"], 302)
    | {"council_causes.merge": 403},  # the proposal is on a ballot: too late to merge it
    "karina": dict.fromkeys(["council_causes.propose", "council_causes.step_one", "council_causes.step_two"], 404)
    | {"council_causes.edit": 403, "council_causes.merge": 403},
}


@pytest.fixture
def world(app, db):  # type: ignore[no-untyped-def]
    town = build_town(db)
    cause = propose(db, town, title="Roskildes hemmelige forslag")
    second = propose(db, town, author="freja", title="Andet forslag")
    comment = council_causes.add_comment(db, actor=town["freja"], cause=cause, today=today(), text="Hej")
    voting_round = council_rounds.open_round(db, actor=town["karina"], term=town.term, starts_on=today(),
                                             ends_on=today(), votes_per_member=3, choose_count=1,
                                             cause_ids=[str(cause.id), str(second.id)], min_voters=5,
                                             now=utcnow())
    db.commit()
    values = {"cause_id": cause.id, "comment_id": comment.id, "round_id": voting_round.id, "term_id": town.term.id,
              "user_id": town["oliver"].id, "slug": town.roskilde.slug}
    return town, values


def _council_rules(app):  # type: ignore[no-untyped-def]
    rules = [rule for rule in app.url_map.iter_rules()
             if rule.endpoint.split(".")[0] in ("council", "council_causes", "council_rounds", "council_members")]
    assert len(rules) >= 30, "the council routes were not found"
    return rules


def _url(rule, values):  # type: ignore[no-untyped-def]
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), rule.rule)


def _calls(app, values):  # type: ignore[no-untyped-def]
    for rule in _council_rules(app):
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method, _url(rule, values)


def _request(browser, method, url):  # type: ignore[no-untyped-def]
    if method == "GET":
        return browser.get(url)
    return post_form(browser, url, {}, token_page="/login")


@pytest.mark.parametrize("who", OUTSIDERS)
def test_every_council_route_is_404_for_people_outside_the_council(app, world, who):
    town, values = world
    browser = client_for(app, town[who])
    failures = [(method, url, response.status_code) for rule, method, url in _calls(app, values)
                if (response := _request(browser, method, url)).status_code != 404]
    assert failures == []
    assert 'data-testid="nav-council"' not in browser.get("/account/").get_data(as_text=True)


@pytest.mark.parametrize("who", NEIGHBOURS)
def test_another_municipalitys_council_sees_nothing_of_this_one(app, world, who):
    town, values = world
    browser = client_for(app, town[who])
    failures = []
    for rule, method, url in _calls(app, values):
        response = _request(browser, method, url)
        if rule.arguments:  # anything that names a record of Roskilde's council
            if response.status_code != 404:
                failures.append((method, url, response.status_code))
        elif method == "GET" and "Roskildes hemmelige forslag" in response.get_data(as_text=True):
            failures.append((method, url, "shows Roskilde's content"))
    assert failures == []
    assert "Ballerup" in browser.get("/council/").get_data(as_text=True)


def test_not_logged_in_is_sent_to_log_in(app, world):
    _town, values = world
    browser = app.test_client()
    for _rule, method, url in _calls(app, values):
        response = _request(browser, method, url)
        assert response.status_code == 302, (method, url, response.status_code)
        assert "/login" in response.headers["Location"], (method, url)


def test_members_and_the_coordinator_take_part(app, world):
    town, values = world
    gets = [(rule, url) for rule, method, url in _calls(app, values) if method == "GET"]
    for who in ("amira", "karina"):
        browser = client_for(app, town[who])
        assert 'data-testid="nav-council"' in browser.get("/council/").get_data(as_text=True)
        for rule, url in gets:
            status = browser.get(url).status_code
            assert status == NOT_A_PAGE_FOR[who].get(rule.endpoint, 200), (who, url, status)


def test_a_removed_member_no_longer_takes_part(app, db, world):
    town, values = world
    council.remove_member(db, actor=town["karina"], council=town.council, member=town["oliver"])
    db.commit()
    browser = client_for(app, town["oliver"])
    assert browser.get("/council/").status_code == 404
    assert browser.get(f"/council/causes/{values['cause_id']}").status_code == 404


# --- the public page -----------------------------------------------------------------------------------


def test_the_public_page_is_off_until_the_coordinator_turns_it_on(app, db, world):
    town, values = world
    url = f"/public/council/{town.roskilde.slug}"
    assert app.test_client().get(url).status_code == 404
    assert client_for(app, town["amira"]).get(url).status_code == 404
    response = post_form(client_for(app, town["karina"]), "/council/settings",
                         {"name": "Roskilde Ungebyråd", "public_page": "y"}, token_page="/council/")
    assert response.status_code == 302
    assert app.test_client().get(url).status_code == 200
    assert client_for(app, town["sara"]).get(url).status_code == 200  # non-members may read the public page
    assert app.test_client().get("/public/council/no-such-town").status_code == 404
    assert app.test_client().get(f"{url}?term={values['cause_id']}").status_code == 404


def test_the_public_page_shows_progress_and_only_consented_first_names(app, db, world):
    town, _values = world
    town.council.public_page = True
    db.add(town.council)
    bus = choose(db, propose(db, town, author="amira", title="Gratis bus", change="Bus for alle"))
    house = choose(db, propose(db, town, author="freja", title="Ungehus", change="Et hus"))
    council_causes.add_comment(db, actor=town["oliver"], cause=bus, today=today(), text="En kommentar fra Oliver")
    council_follow.change_status(db, actor=town["karina"], cause=bus, status="presented", text="Fremlagt",
                                 answer_due_on=today() - timedelta(days=3),
                                 today=today() - timedelta(days=10))  # presented ten days ago: the answer is late
    db.add(CauseUpdate(municipality_id=bus.municipality_id, cause_id=bus.id, author_id=town["freja"].id,
                       kind=UpdateKind.MEETING, text="Vi holdt møde", happened_on=today()))
    council.set_public_name(db, actor=town["amira"], council=town.council, show=True)
    db.commit()
    page = app.test_client().get(f"/public/council/{town.roskilde.slug}").get_data(as_text=True)
    assert "Gratis bus" in page and "Ungehus" in page
    assert "Roskildes hemmelige forslag" not in page  # proposals that were not chosen are not public
    assert "Proposed by Amira" in page and "Hansen" not in page  # first name only, and only with consent
    assert "Freja" not in page and "Nielsen" not in page and "a member of the youth council" in page
    assert "Karina" not in page and "Olsen" not in page and "the coordinator" in page
    assert "En kommentar fra Oliver" not in page and "Oliver" not in page  # comments are never public
    assert page.count('data-testid="overdue"') == 1 and "The answer is late." in page
    assert house.title in page


def test_a_member_controls_their_own_public_name(app, db, world):
    town, _values = world
    amira = client_for(app, town["amira"])
    assert post_form(amira, "/council/members/consent", {"show_name_publicly": "y"},
                     token_page="/council/").status_code == 302
    db.expire_all()
    db.rollback()
    row = council.membership_of(db, town.council, town["amira"])
    assert row is not None and row.show_name_publicly
    post_form(amira, "/council/members/consent", {}, token_page="/council/")
    db.rollback()
    db.expire_all()
    assert not council.membership_of(db, town.council, town["amira"]).show_name_publicly
    assert post_form(client_for(app, town["karina"]), "/council/members/consent", {"show_name_publicly": "y"},
                     token_page="/council/").status_code == 403  # a choice only the member makes
    assert db.exec(select(CouncilMembership).where(CouncilMembership.user_id == town["karina"].id)).first() is None


GARBAGE = [
    {},
    {"title": "x" * 10_000, "change": "\x00\x07" * 50, "why": "😀" * 2000, "who": "", "category": "nope",
     "action": "submit", "text": "y" * 5000, "reason": "r" * 5000, "parent_id": "not-an-id"},
    {"starts_on": "9999-99-99", "ends_on": "0000-01-01", "votes_per_member": "9" * 40, "choose_count": "-1",
     "causes": ["x", "y"], "status-status": "achieved", "status-answer_due_on": "tomorrow",
     "update-kind": "<script>", "update-happened_on": "1-1-1", "update-text": "", "name": "", "public_page": "maybe",
     "display_name": "", "birth_date": "2999-01-01", "votes-x": "1"},
]


@pytest.mark.parametrize("who", ["amira", "karina"])
def test_no_input_makes_a_council_page_fail(app, world, who):
    """Whatever is posted to any council action, the answer is a page, never a 500."""
    town, values = world
    browser = client_for(app, town[who])
    for _rule, method, url in _calls(app, values):
        if method != "POST":
            continue
        for payload in GARBAGE:
            response = post_form(browser, url, payload, token_page="/login")
            assert response.status_code < 500, (url, payload, response.status_code)
