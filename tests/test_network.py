"""My network: the rules, the picture and who may see it (the sharing pages and the access matrix for every
/network route are in test_scope_sharing.py, with the steps')."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from sqlalchemy import inspect
from sqlmodel import select
from support.client import post_form
from support.database import reread
from support.netcase import OUTSIDERS, SVG, build_net_case, logged_in, svg_of
from support.people import make_municipality, make_person

from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.models import Municipality
from youthvoice.meetings import meetings
from youthvoice.meetings.models import Meeting
from youthvoice.network import network
from youthvoice.network.models import NetworkPerson
from youthvoice.privacy.models import AuditEvent
from youthvoice.sharing import access, sharing
from youthvoice.sharing.models import Share, ShareScope
from youthvoice.web.charts import PicturePerson, network_svg


def _people_in(svg: ET.Element) -> dict[str, str]:
    """name shown -> circle, for every person drawn in a network picture."""
    found = {}
    for group in svg.iter(f"{SVG}g"):
        if "person" in group.get("class", "").split():
            name = group.find(f"{SVG}text[@class='person-name']")
            assert name is not None
            assert name.text not in found, f"{name.text} drawn twice"
            found[name.text] = group.get("data-circle")
    return found


# --- adding, changing and removing people --------------------------------------------------------------


def test_add_a_person_and_bad_input_keeps_what_was_typed(app, db):
    sara = make_person(db, make_municipality(db))
    client = logged_in(app, sara)
    typed = {"name": "Moster <Lise> & co", "relation": "", "circle": "outer", "helps": ["money", "talk"]}
    bad = post_form(client, "/network/add", typed, token_page="/network/add")
    assert bad.status_code == 400
    body = bad.get_data(as_text=True)
    assert "Choose how you know them." in body
    assert 'value="Moster &lt;Lise&gt; &amp; co"' in body
    assert 'value="outer" checked' in body and 'value="money" checked' in body and 'value="talk" checked' in body
    for changes, message in (({"name": ""}, "Please fill this in."),
                             ({"name": "x" * 81}, "Please keep it under 80 characters."),
                             ({"relation": "boss"}, "Choose how you know them."),
                             ({"relation": "friend", "circle": "far"}, "Choose how close they are."),
                             ({"relation": "friend", "helps": ["flying"]}, "Choose from the list.")):
        response = post_form(client, "/network/add", typed | changes, token_page="/network/add")
        assert response.status_code == 400, changes
        assert message in response.get_data(as_text=True), changes
    good = post_form(client, "/network/add", typed | {"relation": "family"}, token_page="/network/add")
    assert good.status_code == 302
    reread(db)
    person = db.exec(select(NetworkPerson)).one()
    assert (person.name, person.relation, person.circle, network.helps_of(person)) == (
        "Moster <Lise> & co", "family", "outer", ["money", "talk"])
    assert b"Moster" not in person.name_sealed  # sealed with Sara's key


def test_danish_messages_on_bad_input(app, db):
    sara = make_person(db, make_municipality(db))
    client = logged_in(app, sara)
    response = post_form(client, "/network/add", {"name": "", "relation": "", "circle": ""},
                         token_page="/network/add", headers={"Accept-Language": "da"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Du mangler at udfylde det her." in body and "Vælg, hvordan du kender dem." in body
    assert "Vælg, hvor tæt på de er." in body and "Choose how" not in body


def test_change_and_remove_a_person(app, db):
    sara = make_person(db, make_municipality(db))
    person = network.add_person(db, owner=sara, data=network.PersonInput("Bo", "friend", "inner", []))
    db.commit()
    client = logged_in(app, sara)
    person_id = person.id
    page = client.get(f"/network/people/{person.id}").get_data(as_text=True)
    assert 'value="Bo"' in page
    response = post_form(client, f"/network/people/{person.id}", {"name": "Bo B", "relation": "neighbour",
                                                                  "circle": "middle", "helps": "practical"},
                         token_page="/network/")
    assert response.status_code == 302
    reread(db)
    db.expunge_all()  # sealed values are remembered per loaded object
    changed = db.get(NetworkPerson, person_id)
    assert (changed.name, changed.relation, changed.circle, changed.helps) == ("Bo B", "neighbour", "middle",
                                                                               "practical")
    stray = post_form(client, f"/network/people/{person_id}/remove", token_page="/network/")  # not confirmed
    assert stray.status_code == 302 and stray.headers["Location"].endswith(f"/network/people/{person_id}")
    reread(db)
    assert db.get(NetworkPerson, person_id) is not None
    assert post_form(client, f"/network/people/{person_id}/remove", {"confirm": "yes"},
                     token_page="/network/").status_code == 302
    reread(db)
    assert db.get(NetworkPerson, person_id) is None


def test_only_outer_circle_people_can_be_marked_as_could_be_asked(app, db):
    sara = make_person(db, make_municipality(db))
    close = network.add_person(db, owner=sara, data=network.PersonInput("Mor", "family", "inner", []))
    far = network.add_person(db, owner=sara, data=network.PersonInput("Søren", "coach_teacher", "outer", []))
    db.commit()
    with app.test_request_context():
        with pytest.raises(InvalidInput):
            network.mark_ask(db, person=close, status="not_yet")
        with pytest.raises(InvalidInput):
            network.mark_ask(db, person=far, status="maybe")
        with pytest.raises(InvalidInput):
            network.mark_ask(db, person=far, status="asked", note="x" * 501)
    network.mark_ask(db, person=far, status="yes", note="Han hjælper gerne")
    assert far.could_ask and far.ask_status == "yes" and far.ask_note == "Han hjælper gerne"
    # Moving closer keeps what happened; taking the mark away clears the note too.
    network.update_person(db, person=far, data=network.PersonInput("Søren", "coach_teacher", "middle", []))
    network.mark_ask(db, person=far, status="yes", note="Nu tættere på")
    assert far.ask_status == "yes"
    network.mark_ask(db, person=far, status=None, note="ignored")
    assert not far.could_ask and far.ask_note is None
    db.commit()
    client = logged_in(app, sara)
    refused = post_form(client, f"/network/people/{close.id}/ask", {"status": "asked", "note": "typed"},
                        token_page="/network/")
    assert refused.status_code == 400
    assert "Only people in the outer circle" in refused.get_data(as_text=True)
    assert "typed" in refused.get_data(as_text=True)


def test_invite_a_network_person_to_a_coming_meeting(app, db):
    sara = make_person(db, make_municipality(db))
    person = network.add_person(db, owner=sara, data=network.PersonInput("Onkel Kim", "family", "outer", []))

    def meeting(days: int, others: str = "") -> Meeting:
        return meetings.create_meeting(db, owner=sara, created_by=sara, data=meetings.MeetingInput(
            kind="network", starts_at=utcnow() + timedelta(days=days), place="", others=others, participant_ids=[]),
            allowed_participants=[])

    coming, past, full = meeting(4, "Moster Lise"), meeting(-10), meeting(6, "x" * 495)
    db.commit()
    client = logged_in(app, sara)
    page = client.get(f"/network/people/{person.id}/invite").get_data(as_text=True)
    assert str(coming.id) in page and str(past.id) not in page
    for _ in range(2):
        response = post_form(client, f"/network/people/{person.id}/invite", {"meeting": str(coming.id)},
                             token_page="/network/")
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/meetings/{coming.id}")
    reread(db)
    db.expire(coming)
    inspect(coming).info.pop("yv_plain", None)  # forget the sealed value this test session remembered
    assert db.get(Meeting, coming.id).others == "Moster Lise\nOnkel Kim"  # once, however often
    for target, message in ((past, "still to come"), (full, "long list")):
        response = post_form(client, f"/network/people/{person.id}/invite", {"meeting": str(target.id)},
                             token_page="/network/")
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert post_form(client, f"/network/people/{person.id}/invite", {"meeting": "nonsense"},
                     token_page="/network/").status_code == 400
    # Someone else's meeting is not found, and their meeting is not changed.
    reread(db)
    mads = make_person(db, db.get(Municipality, sara.municipality_id), name="Mads")
    other = meetings.create_meeting(db, owner=mads, created_by=mads, data=meetings.MeetingInput(
        kind="plan", starts_at=utcnow() + timedelta(days=3), place="", others="", participant_ids=[]),
        allowed_participants=[])
    db.commit()
    with pytest.raises(NotFound):
        network.invite_to_meeting(db, person=person, meeting=other)


# --- the picture ---------------------------------------------------------------------------------------


def test_the_picture_is_valid_svg_with_everyone_in_the_right_circle():
    people = [
        PicturePerson("1", "Mor", "inner", ("talk",)),
        PicturePerson("2", "<script>", "middle", ("money", "housing")),
        PicturePerson("3", "Tom & Jerry", "outer", (), "asked"),
        PicturePerson("4", "Bent", "outer", ("practical", "talk", "company", "money", "housing", "school_work"),
                      "yes"),
        PicturePerson("5", "Maximilian-Alexander", "inner", ()),
    ]
    markup = str(network_svg(people, svg_id="n", title="Min <netværk>", description="A & B", me_label="Mig",
                             help_order=["housing", "school_work", "money", "practical", "talk", "company"]))
    assert "<script>" not in markup and "&lt;script&gt;" in markup and "Tom &amp; Jerry" in markup
    svg = ET.fromstring(markup)  # noqa: S314 - our own markup
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "n-title n-desc"
    assert svg.find(f"{SVG}title").text == "Min <netværk>"
    assert svg.find(f"{SVG}desc").text == "A & B"
    drawn = _people_in(svg)
    assert drawn == {"Mor": "inner", "<script>": "middle", "Tom & Jerry": "outer", "Bent": "outer",
                     "Maximilian-…": "inner"}
    groups = {g.get("data-key"): g for g in svg.iter(f"{SVG}g") if g.get("data-key")}
    assert groups["5"].find(f"{SVG}title").text == "Maximilian-Alexander"  # shortened in the picture only
    assert "could-ask" in groups["3"].get("class") and "could-ask" not in groups["1"].get("class")
    assert [dot.get("data-help") for dot in groups["2"].iter(f"{SVG}circle") if dot.get("data-help")] == [
        "housing", "money"]
    assert len([dot for dot in groups["4"].iter(f"{SVG}circle") if dot.get("data-help")]) == 6
    # People sit inside their own ring: the inner ones nearer the middle than the outer ones.
    def distance(key: str) -> float:
        dot = groups[key].find(f"{SVG}circle[@class='person-dot']")
        return ((float(dot.get("cx")) - 180) ** 2 + (float(dot.get("cy")) - 180) ** 2) ** 0.5

    assert distance("1") < 74 < distance("2") < 126 < distance("3") < 178


def test_the_page_shows_the_same_people_in_the_picture_and_in_the_list(app, db):
    sara = make_person(db, make_municipality(db))
    for name, circle in (("Emma", "inner"), ("Mormor", "middle"), ("Birthe & Bo", "outer"), ("Søren", "outer")):
        network.add_person(db, owner=sara, data=network.PersonInput(name, "other", circle, ["talk"]))
    db.commit()
    page = logged_in(app, sara).get("/network/").get_data(as_text=True)
    drawn = _people_in(svg_of(page))
    assert drawn == {"Emma": "inner", "Mormor": "middle", "Birthe & Bo": "outer", "Søren": "outer"}
    assert page.count('data-testid="network-person"') == 4
    assert "Birthe &amp; Bo" in page


def test_an_empty_network_draws_just_me(app, db):
    sara = make_person(db, make_municipality(db))
    page = logged_in(app, sara).get("/network/").get_data(as_text=True)
    assert _people_in(svg_of(page)) == {}
    assert "Where to start" in page


# --- sharing -------------------------------------------------------------------------------------------


def test_only_linked_professionals_can_be_shared_with(db):
    case = build_net_case(db)
    sara = case.people["sara"]
    for who in ("ali", "sofie", "henrik", "mads"):
        with pytest.raises(NotFound):
            sharing.set_scope_share(db, owner=sara, grantee=case.people[who], scope=ShareScope.NETWORK, shared=True)
    with pytest.raises(NotFound):
        sharing.set_scope_share(db, owner=sara, grantee=case.people["lene"], scope=ShareScope.MEETING, shared=True)


def test_ending_the_link_ends_access_even_with_a_share(app, db):
    case = build_net_case(db)
    from youthvoice.identity.models import Link

    lene = logged_in(app, case.people["lene"])
    assert lene.get(f"/network/of/{case.people['sara'].id}").status_code == 200
    row = db.exec(select(Link).where(Link.other_id == case.people["lene"].id)).one()
    row.ended_at = utcnow()
    db.add(row)
    db.commit()
    assert lene.get(f"/network/of/{case.people['sara'].id}").status_code == 404
    assert db.exec(select(Share).where(Share.grantee_id == case.people["lene"].id,
                                       Share.withdrawn_at.is_(None))).all()  # type: ignore[union-attr]


def test_views_are_logged_and_shown_on_who_has_seen_what(app, db):
    case = build_net_case(db)
    sara, lene = case.people["sara"], case.people["lene"]
    logged_in(app, lene).get(f"/network/of/{sara.id}")
    logged_in(app, lene).get(f"/steps/of/{sara.id}")
    reread(db)
    views = db.exec(select(AuditEvent).where(AuditEvent.action == "view", AuditEvent.actor_id == lene.id)
                    .order_by(AuditEvent.id)).all()
    assert [(v.object_type, v.subject_id, v.object_id) for v in views] == [
        ("network", sara.id, str(sara.id)), ("steps", sara.id, str(sara.id))]
    seen = logged_in(app, sara).get("/seen/").get_data(as_text=True)
    assert "saw your network" in seen and "saw your small steps" in seen
    # The owner's own visits are not logged as views.
    logged_in(app, sara).get(f"/network/of/{sara.id}")
    reread(db)
    assert not db.exec(select(AuditEvent).where(AuditEvent.action == "view", AuditEvent.actor_id == sara.id)).all()


def test_the_professional_sees_links_on_the_young_persons_page_only_while_shared(app, db):
    case = build_net_case(db)
    sara = case.people["sara"]
    lene_page = logged_in(app, case.people["lene"]).get(f"/people/{sara.id}").get_data(as_text=True)
    assert f"/network/of/{sara.id}" in lene_page and f"/steps/of/{sara.id}" in lene_page
    peter_page = logged_in(app, case.people["peter"]).get(f"/people/{sara.id}").get_data(as_text=True)
    assert f"/network/of/{sara.id}" not in peter_page and "has not shared" in peter_page


def test_home_links_to_network_and_steps(app, db):
    sara = make_person(db, make_municipality(db))
    page = logged_in(app, sara).get("/").get_data(as_text=True)
    assert 'href="/network/"' in page and 'href="/steps/"' in page


def test_access_rules_in_the_domain(db):
    case = build_net_case(db)
    sara = case.people["sara"]
    assert access.network_for(db, case.people["lene"], sara.id, log_view=False).owner.id == sara.id
    assert access.network_for(db, sara, sara.id).is_owner
    for who in OUTSIDERS:
        with pytest.raises(NotFound):
            access.network_for(db, case.people[who], sara.id)
    with pytest.raises(NotFound):
        access.network_for(db, case.people["lene"], "not-a-uuid")
    with pytest.raises(NotFound):
        access.network_for(db, case.people["lene"], case.people["lene"].id)  # not a young person


def test_a_deactivated_young_persons_network_is_not_found(app, db):
    case = build_net_case(db)
    from youthvoice.identity import accounts

    accounts.deactivate(db, person=case.people["sara"], actor=case.people["henrik"])
    db.commit()
    assert logged_in(app, case.people["lene"]).get(f"/network/of/{case.people['sara'].id}").status_code == 404


def test_demo_personas_have_networks_and_sara_shares_with_lene(app, db):
    from youthvoice.demo.seed import seed_demo
    from youthvoice.identity.models import User

    seed_demo(app)
    reread(db)
    for name in ("Sara", "Mads", "Amira", "Jonas", "Freja"):
        person = db.exec(select(User).where(User.display_name == name)).first()
        assert len(network.people_of(db, person)) >= 4, name
    sara = db.exec(select(User).where(User.display_name == "Sara")).first()
    lene = db.exec(select(User).where(User.display_name == "Lene Holm")).first()
    assert access.scopes_shared_with(db, lene, sara) == {"network", "steps"}
