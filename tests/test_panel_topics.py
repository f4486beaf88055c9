"""Issue 21.6, from my case to our cause: the topics young people mark when they prepare their own meetings, counted
per quarter for the youth panel and its coordinator (no figure under 5, no words of anyone's); a frequent topic
becomes a prefilled question to the panel or a prefilled proposal; and a young person sends one of her own points
to the panel as an anonymous copy, after a preview."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select
from support.client import post_form
from support.council_setup import build_town, client_for, today
from support.database import reread
from support.people import make_municipality, make_person

from youthvoice.core.db import new_session
from youthvoice.core.model import utcnow
from youthvoice.council import panel, submissions, topics
from youthvoice.council.models import PanelSubmission
from youthvoice.identity.models import Role, User
from youthvoice.meetings import cards, meetings
from youthvoice.meetings.cards import CardChoice
from youthvoice.meetings.models import Meeting, MeetingPoint


def _meeting(db, person: User) -> Meeting:  # type: ignore[no-untyped-def]
    return meetings.create_meeting(db, owner=person, created_by=person, data=meetings.MeetingInput(
        kind="plan", starts_at=utcnow() + timedelta(days=5), place="", others="", participant_ids=[]),
        allowed_participants=[])


def _prepare(db, person: User, marker: str, topics_chosen: tuple[str, ...] = ("school",)) -> Meeting:  # type: ignore[no-untyped-def]
    """A meeting of hers with cards chosen (each with her own words) and a typed point, all carrying the marker."""
    meeting = _meeting(db, person)
    tag = str(person.id)[:4]
    cards.add_cards(db, meeting=meeting, choices=[CardChoice(topic, 2, f"{marker}-card-{tag}")
                                                  for topic in topics_chosen])
    meetings.add_point(db, meeting=meeting, text=f"{marker}-point-{tag}")
    db.commit()
    return meeting


@pytest.fixture
def town(db):  # type: ignore[no-untyped-def]
    town = build_town(db)
    for key in ("amira", "sara"):  # the panel: Amira (also on the youth council) and Sara
        panel.add_member(db, actor=town["karina"], young_person_id=town[key].id)
    for index in range(5):
        town.people[f"young{index}"] = make_person(db, town.roskilde, name=f"Ung Nummer{index}")
    db.commit()
    return town


def _topics_page(app, person) -> str:  # type: ignore[no-untyped-def]
    response = client_for(app, person).get("/panel/topics")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_four_young_people_show_nothing_five_show_their_number(app, db, town):
    quarter = topics.Quarter.of(today()).key
    marker = "CANARY" + secrets.token_hex(6)
    for index in range(4):
        _prepare(db, town[f"young{index}"], marker)
    _prepare(db, town["young0"], marker)  # a second meeting with the same card: still one young person
    page = _topics_page(app, town["karina"])
    assert f"topic-{quarter}-school" not in page and "Fewer than 5 young people: not shown." in page
    assert ">4<" not in page and "4 young" not in page

    _prepare(db, town["young4"], marker)
    for person in (town["karina"], town["amira"], town["sara"]):  # the coordinator and the panel's members
        page = _topics_page(app, person)
        assert f'data-testid="topic-{quarter}-school"' in page
        assert "5 young people" in page  # young people, not points (there are six)
        assert marker not in page and "Nummer" not in page  # no words and no name of anyone's


def test_a_small_topic_beside_a_big_one_is_not_named_and_cannot_be_worked_out(app, db, town):
    quarter = topics.Quarter.of(today()).key
    marker = "CANARY" + secrets.token_hex(6)
    for index in range(5):
        _prepare(db, town[f"young{index}"], marker, ("school", "money") if index == 0 else ("school",))
    rows = topics.topic_counts(db, town.roskilde.id, today=today())
    row = next(r for r in rows if r.quarter.key == quarter)
    # money (1) is too small; school (5) with the total (5) would give it away: neither is shown.
    assert row.topics == [] and row.some_hidden and row.total == 5
    page = _topics_page(app, town["karina"])
    assert "topic-" + quarter + "-money" not in page and "Money" not in page


def test_counted_by_the_database_in_three_statements(app, db, town):
    marker = "CANARY" + secrets.token_hex(6)
    for index in range(5):
        _prepare(db, town[f"young{index}"], marker, ("school", "friends", "health"))
    statements: list[str] = []
    engine = db.get_bind()

    def count(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        statements.append("x")

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        rows = topics.topic_counts(db, town.roskilde.id, today=today())
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 2
    assert {(t.topic, t.young_people) for t in rows[0].topics} == {("school", 5), ("friends", 5), ("health", 5)}


def test_pages_of_counts_are_for_the_panel_and_its_coordinator_only(app, db, town):
    for key in ("lene", "henrik", "oliver", "emil", "young0"):
        assert client_for(app, town[key]).get("/panel/topics").status_code == 404, key
    for index in range(5):
        _prepare(db, town[f"young{index}"], "ord")
    assert "topic-" not in _topics_page(app, town["sofie"])  # the coordinator next door: her own town's only


def test_a_frequent_topic_becomes_a_prefilled_question_or_proposal(app, db, town):
    marker = "CANARY" + secrets.token_hex(6)
    for index in range(5):
        _prepare(db, town[f"young{index}"], marker)
    karina = client_for(app, town["karina"])
    page = karina.get("/panel/topics").get_data(as_text=True)
    assert "/panel/new?topic=school" in page
    form = karina.get("/panel/new?topic=school").get_data(as_text=True)
    assert "School" in form and "5 young people marked" in form and marker not in form
    assert db.exec(select(PanelSubmission)).all() == []  # one tap opens a form: nothing is made by itself
    # a topic the page does not show gives an empty form
    assert "marked" not in karina.get("/panel/new?topic=money").get_data(as_text=True)
    # Amira is on the youth council too: she may propose a cause, prefilled
    amira = client_for(app, town["amira"])
    assert "/council/propose?topic=school" in amira.get("/panel/topics").get_data(as_text=True)
    proposal = amira.get("/council/propose?topic=school").get_data(as_text=True)
    assert "Better for young people: School" in proposal and "5 young people marked" in proposal
    # Sara is on the panel, not the council: no proposal button for her
    assert "/council/propose" not in client_for(app, town["sara"]).get("/panel/topics").get_data(as_text=True)


def test_she_sends_exactly_what_the_preview_shows_and_nothing_of_her(app, db, town):
    marker = "CANARY" + secrets.token_hex(6)
    sara = town["sara"]
    meeting = _prepare(db, sara, marker)
    for index in range(5):
        _prepare(db, town[f"young{index}"], marker)
    point = db.exec(select(MeetingPoint).where(MeetingPoint.meeting_id == meeting.id,
                                               MeetingPoint.topic.is_(None))).one()  # type: ignore[union-attr]
    browser = client_for(app, sara)
    step = browser.get(f"/meetings/{meeting.id}/prepare/points").get_data(as_text=True)
    url = f"/panel/send/{meeting.id}/{point.id}"
    assert url in step
    preview = browser.get(url).get_data(as_text=True)
    assert f"{marker}-point-{str(sara.id)[:4]}" in preview and "cannot take it back" in preview and "My data" in preview
    assert db.exec(select(PanelSubmission)).all() == []  # the preview sends nothing
    response = post_form(browser, url, token_page=url)
    assert response.status_code == 302
    post_form(browser, url, token_page=url)  # a double tap
    reread(db)
    sent = db.exec(select(PanelSubmission)).all()
    assert len(sent) == 1
    copy = sent[0]
    assert copy.text == f"{marker}-point-{str(sara.id)[:4]}" and copy.municipality_id == sara.municipality_id
    stored = [str(value) for value in (copy.id, copy.text, copy.received_on, copy.fingerprint, copy.hidden_by_id)]
    for trace in (str(sara.id), str(point.id), str(meeting.id), sara.display_name):  # (the text holds her id's
        # first four characters, as this test's marker: the whole id is nowhere)
        assert not any(trace in value for value in stored)
    assert set(PanelSubmission.__table__.columns.keys()) == {"id", "municipality_id", "text", "received_on",
                                                             "fingerprint", "hidden_at", "hidden_by_id"}
    assert db.get(MeetingPoint, point.id).text == f"{marker}-point-{str(sara.id)[:4]}"  # her point: unchanged

    # The panel sees the copy, and only it: no other words of anyone's, and not who sent it.
    for person in (town["karina"], town["amira"]):
        page = client_for(app, person).get("/panel/").get_data(as_text=True)
        assert f"{marker}-point-{str(sara.id)[:4]}" in page
        assert page.count(marker) == 1 and "Sara" not in page
        topics_page = _topics_page(app, person)
        assert marker not in topics_page


def test_the_copy_is_the_panels_her_data_and_erasure_do_not_reach_it(app, db, town):
    from youthvoice.core import personal_data
    from youthvoice.mydata import data_rights

    sara = town["sara"]
    meeting = _prepare(db, sara, "ord")
    point = meetings.points_of(db, meeting)[-1]
    submissions.send(db, person=sara, point=point, today=today())
    db.commit()
    db.close()
    registry = personal_data.registry_of(app)
    data_rights.erase_each(lambda: new_session(app), [sara.id], reason="request",
                           erasers=list(registry.erasers.values()))
    reread(db)
    assert [row.text for row in db.exec(select(PanelSubmission))] == [f"ord-point-{str(sara.id)[:4]}"]


def test_the_coordinator_hides_a_copy_from_the_members(app, db, town):
    sara = town["sara"]
    meeting = _prepare(db, sara, "skjult")
    submissions.send(db, person=sara, point=meetings.points_of(db, meeting)[-1], today=today())
    db.commit()
    sent = db.exec(select(PanelSubmission)).one()
    karina = client_for(app, town["karina"])
    assert post_form(karina, f"/panel/submissions/{sent.id}/hide", token_page="/panel/").status_code == 302
    assert "skjult-point" not in client_for(app, town["amira"]).get("/panel/").get_data(as_text=True)
    page = karina.get("/panel/").get_data(as_text=True)
    assert "skjult-point" in page and "Hidden from the members" in page
    post_form(karina, f"/panel/submissions/{sent.id}/show", token_page="/panel/")
    assert "skjult-point" in client_for(app, town["amira"]).get("/panel/").get_data(as_text=True)
    # nobody else can hide it (a member, the coordinator next door)
    for key in ("amira", "sofie"):
        assert post_form(client_for(app, town[key]), f"/panel/submissions/{sent.id}/hide",
                         token_page="/").status_code == 404


def test_without_a_panel_the_option_is_not_there(app, db):
    town = make_municipality(db, "Utenpanel")
    young = make_person(db, town, name="Uden Panel")
    make_person(db, town, Role.PROFESSIONAL, name="Koordinator", is_coordinator=True)
    meeting = _prepare(db, young, "ingen")
    point = meetings.points_of(db, meeting)[-1]
    browser = client_for(app, young)
    assert "/panel/send/" not in browser.get(f"/meetings/{meeting.id}/prepare/points").get_data(as_text=True)
    assert browser.get(f"/panel/send/{meeting.id}/{point.id}").status_code == 404


def test_only_her_own_point_and_only_she_can_send_it(app, db, town):
    meeting = _prepare(db, town["sara"], "egen")
    point = meetings.points_of(db, meeting)[-1]
    url = f"/panel/send/{meeting.id}/{point.id}"
    for key in ("amira", "karina", "lene", "young0"):
        browser = client_for(app, town[key])
        assert browser.get(url).status_code == 404, key
        assert post_form(browser, url, token_page="/").status_code == 404, key
    assert db.exec(select(PanelSubmission)).all() == []


def test_sending_is_rate_limited_per_person(tmp_path, sqlite_template, backend):
    """Limits switched on in an app of its own (as tests/test_security.py does): a third copy within the limit's
    window is refused with a 429, and nothing more is stored."""
    import shutil

    from support.database import base_config
    from support.people import login_as

    from youthvoice import create_app

    if backend != "sqlite":
        pytest.skip("the limiter, once")
    path = tmp_path / "yv.db"
    shutil.copy(sqlite_template, path)
    limited = create_app(base_config(f"sqlite:///{path}", tmp_path) | {"RATELIMIT_ENABLED": True,
                                                                       "RATELIMIT_PANEL_SEND": "2 per hour"})
    with new_session(limited) as db:
        town = make_municipality(db, "Grænseby")
        young = make_person(db, town, name="Ung")
        coordinator = make_person(db, town, Role.PROFESSIONAL, name="Koordinator", is_coordinator=True)
        panel.add_member(db, actor=coordinator, young_person_id=young.id)
        meeting = _meeting(db, young)
        for number in range(3):
            meetings.add_point(db, meeting=meeting, text=f"Punkt {number}")
        db.commit()
        urls = [f"/panel/send/{meeting.id}/{point.id}" for point in meetings.points_of(db, meeting)]
    browser = limited.test_client()
    login_as(limited, browser, young)
    codes = [post_form(browser, url, token_page=url).status_code for url in urls]
    assert codes == [302, 302, 429]
    with new_session(limited) as db:
        assert len(db.exec(select(PanelSubmission)).all()) == 2
    limited.extensions["yv_engine"].dispose()
