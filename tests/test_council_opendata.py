"""Open data of a public council (issue 21.3): the public causes with their statuses and support counts, and the
results of its votes, as JSON and CSV, and an Atom feed of updates. Canaries: nothing personal leaks into any
of them (no name of a member who did not agree, no surname, no name of staff, no comment, no proposal that was not
chosen, no draft, no id of a person, no vote of a round too few voted in)."""

from __future__ import annotations

import csv
import io
import json
import secrets
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from sqlmodel import select
from support.council_setup import build_town, client_for, propose, today
from support.people import make_person

from youthvoice.core.model import utcnow
from youthvoice.council import accountability, follow, rounds
from youthvoice.council import causes as council_causes
from youthvoice.council import rules as council_rules
from youthvoice.council.models import Cause, CauseStatus
from youthvoice.identity.models import Role, User

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world(app, db):  # type: ignore[no-untyped-def]
    """A public council whose term had a vote with a result (one cause chosen), an earlier vote too few voted in,
    and canaries everywhere the open data must not reach."""
    marker = secrets.token_hex(4).upper()
    town = build_town(db)
    town.council.public_page = True
    db.add(town.council)
    council_rules.set_public_name(db, actor=town["amira"], council=town.council, show=True)  # Amira agreed
    db.commit()
    extra = {
        f"m{i}": make_person(db, town.roskilde, name=f"Medlem{i} Efternavn{marker}", is_council_member=True)
        for i in range(5)
    }
    town.people.update(extra)
    birgit = make_person(db, town.roskilde, Role.RESPONDENT, name=f"Birgit Respondent{marker}")
    town.people["birgit"] = birgit
    chosen = propose(db, town, author="amira", title="Lys på cykelstien", change="Lys hele vejen")
    by_freja = propose(db, town, author="freja", title="Psykolog på skolen", change="En psykolog hver uge")
    lost = propose(db, town, author="oliver", title=f"Tabt forslag {marker}", change=f"tabt-tekst-{marker}")
    council_causes.start_draft(
        db,
        actor=town["freja"],
        term=town.term,
        today=today(),
        fields={"title": f"Kladde {marker}", "change": f"kladde-{marker}"},
    )
    council_causes.add_comment(db, actor=town["oliver"], cause=chosen, today=today(), text=f"kommentar-{marker}")
    db.commit()

    # A vote too few voted in: no totals anywhere.
    few = rounds.open_round(
        db,
        actor=town["karina"],
        term=town.term,
        starts_on=today(),
        ends_on=today(),
        votes_per_member=3,
        choose_count=1,
        cause_ids=[str(lost.id), str(by_freja.id)],
        min_voters=5,
        now=utcnow(),
    )
    db.commit()
    rounds.cast_ballot(db, actor=town["oliver"], voting_round=few, votes={str(lost.id): 3}, now=utcnow())
    rounds.end_now(db, actor=town["karina"], voting_round=few, now=utcnow())
    db.commit()
    # A vote with a result: Amira's and Freja's proposals chosen, Oliver's lost.
    counted = rounds.open_round(
        db,
        actor=town["karina"],
        term=town.term,
        starts_on=today(),
        ends_on=today(),
        votes_per_member=3,
        choose_count=2,
        cause_ids=[str(c.id) for c in (chosen, by_freja, lost)],
        min_voters=5,
        now=utcnow(),
    )
    db.commit()
    for key in extra:
        rounds.cast_ballot(
            db, actor=town[key], voting_round=counted, votes={str(chosen.id): 2, str(by_freja.id): 1}, now=utcnow()
        )
    rounds.end_now(db, actor=town["karina"], voting_round=counted, now=utcnow())
    db.commit()
    for cause in (chosen, by_freja, lost):
        db.refresh(cause)
    assert (chosen.status, by_freja.status, lost.status) == (
        CauseStatus.CHOSEN,
        CauseStatus.CHOSEN,
        CauseStatus.NOT_CHOSEN,
    )

    for key in ("freja", "m0", "m1"):
        council_causes.support(db, actor=town[key], cause=chosen, today=today())
    committee = accountability.add_committee(
        db, actor=town["karina"], council=town.council, name="Teknik- og Miljøudvalget"
    )
    accountability.add_respondent(db, committee=committee, person=birgit)
    accountability.send_to_committee(db, actor=town["karina"], cause=chosen, committee=committee, today=today())
    follow.post_update(
        db,
        actor=town["freja"],
        cause=chosen,
        kind="meeting",
        text="Vi mødte udvalget.",
        happened_on=today(),
        today=today(),
    )
    db.commit()
    accountability.post_official_answer(db, actor=birgit, cause=chosen, text="Udvalget siger ja.", today=today())
    db.commit()
    return town, marker, {"chosen": chosen, "by_freja": by_freja, "lost": lost, "few": few, "counted": counted}


def _everything(app, town):  # type: ignore[no-untyped-def]
    client = app.test_client()
    base = f"/public/council/{town.roskilde.slug}"
    return {
        path: client.get(base + path)
        for path in ("/causes.json", "/causes.csv", "/rounds.json", "/rounds.csv", "/feed.atom", "")
    }


def test_the_public_causes_as_json_and_csv(app, db, world):
    town, _marker, causes = world
    responses = _everything(app, town)
    data = responses["/causes.json"].get_json()
    by_title = {c["title"]: c for c in data["causes"]}
    assert set(by_title) == {"Lys på cykelstien", "Psykolog på skolen"}
    light = by_title["Lys på cykelstien"]
    assert light["status"] == "answered" and light["supports"] == 3
    assert light["committee"] == "Teknik- og Miljøudvalget" and light["official_answer"] == "Udvalget siger ja."
    assert light["proposed_by"] == "Amira"  # she agreed; Freja did not
    assert by_title["Psykolog på skolen"]["proposed_by"] is None
    assert light["url"] == f"http://localhost/public/council/{town.roskilde.slug}/causes/{causes['chosen'].id}"
    rows = list(csv.DictReader(io.StringIO(responses["/causes.csv"].get_data(as_text=True))))
    assert {row["title"]: row["supports"] for row in rows} == {"Lys på cykelstien": "3", "Psykolog på skolen": "0"}
    assert responses["/causes.csv"].mimetype == "text/csv"
    assert responses["/causes.json"].headers["Access-Control-Allow-Origin"] == "*"


def test_the_round_results_name_only_chosen_causes_and_show_no_totals_when_too_few_voted(app, db, world):
    town, _marker, causes = world
    responses = _everything(app, town)
    data = {r["id"]: r for r in responses["/rounds.json"].get_json()["rounds"]}
    counted, few = data[str(causes["counted"].id)], data[str(causes["few"].id)]
    assert counted["outcome"] == "result" and counted["proposals_on_ballot"] == 3
    assert {c["title"]: c["votes"] for c in counted["chosen"]} == {"Lys på cykelstien": 10, "Psykolog på skolen": 5}
    assert few == {**few, "outcome": "too_few", "chosen": [], "proposals_on_ballot": 2}
    rows = list(csv.DictReader(io.StringIO(responses["/rounds.csv"].get_data(as_text=True))))
    assert sorted((row["outcome"], row["cause_title"], row["votes"]) for row in rows) == [
        ("result", "Lys på cykelstien", "10"),
        ("result", "Psykolog på skolen", "5"),
        ("too_few", "", ""),
    ]


def test_the_atom_feed_has_the_public_updates(app, db, world):
    town, _marker, causes = world
    response = _everything(app, town)["/feed.atom"]
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.get_data())  # noqa: S314 - our own feed, written by the test's app
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert any("Lys på cykelstien" in t and "answer" in t for t in titles), titles
    assert any("Sent to Teknik- og Miljøudvalget" in t for t in titles), titles
    contents = [e.findtext(f"{ATOM}content") for e in entries]
    assert "Udvalget siger ja." in contents and "Vi mødte udvalget." in contents
    links = {e.find(f"{ATOM}link").get("href") for e in entries}
    assert f"http://localhost/public/council/{town.roskilde.slug}/causes/{causes['chosen'].id}" in links
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries)


def test_no_personal_data_leaks_into_the_open_data(app, db, world):
    town, marker, causes = world
    responses = _everything(app, town)
    people = db.exec(select(User).where(User.municipality_id == town.roskilde.id)).all()
    canaries = [
        marker,
        "Hansen",
        "Freja",
        "Nielsen",
        "Oliver",
        "Berg",
        "Karina",
        "Olsen",
        "Birgit",
        *(str(p.id) for p in people),
        *(p.pseudonym for p in people),
        "kommentar-",
        "Kladde",
        "kladde-",
        "Tabt forslag",
        "tabt-tekst",
        str(causes["lost"].id),
    ]
    for path, response in responses.items():
        assert response.status_code == 200, path
        body = response.get_data(as_text=True)
        leaked = [canary for canary in canaries if canary in body]
        assert not leaked, f"{path or 'the public page'} shows {leaked}"
    # Amira said yes: her first name only.
    assert "Amira" in responses["/causes.json"].get_data(as_text=True)


def test_a_council_without_a_public_page_has_no_open_data(app, db, world):
    town, _marker, _causes = world
    town.council.public_page = False
    db.add(town.council)
    db.commit()
    for path, response in _everything(app, town).items():
        assert response.status_code == 404, path
    assert client_for(app, town["karina"]).get(f"/public/council/{town.ballerup.slug}/causes.json").status_code == 404


def test_a_title_a_spreadsheet_would_run_is_written_as_text(app, db, world):
    town, _marker, causes = world
    cause = db.get(Cause, causes["by_freja"].id)
    cause.title = '=HYPERLINK("http://evil.example","klik")'
    db.add(cause)
    db.commit()
    body = _everything(app, town)["/causes.csv"].get_data(as_text=True)
    titles = [row["title"] for row in csv.DictReader(io.StringIO(body))]
    assert '\'=HYPERLINK("http://evil.example","klik")' in titles
    assert json.loads(_everything(app, town)["/causes.json"].get_data(as_text=True))["causes"]


def test_open_data_covers_only_started_terms(app, db, world):
    town, _marker, _causes = world
    future = council_rules.add_term(
        db,
        actor=town["karina"],
        council=town.council,
        name="Næste år",
        starts_on=town.term.ends_on + timedelta(days=1),
        ends_on=town.term.ends_on + timedelta(days=300),
    )
    db.add(
        Cause(
            municipality_id=town.roskilde.id,
            term_id=future.id,
            author_id=town["amira"].id,
            status=CauseStatus.CHOSEN,
            title="Fremtidig sag",
            change="x",
        )
    )
    db.commit()
    assert "Fremtidig sag" not in _everything(app, town)["/causes.json"].get_data(as_text=True)
