"""Issue 21.5: the youth panel. The coordinator asks with a closing date; members answer in their own words,
optionally without their name towards the municipality; after the closing date the coordinator publishes a summary
and what the municipality did; members can leave at any time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from support.client import post_form
from support.database import reread
from support.people import login_as, make_municipality, make_person

from youthvoice.core.danish_calendar import local_today
from youthvoice.core.errors import InvalidInput
from youthvoice.council import panel
from youthvoice.council.models import Consultation, ConsultationAnswer
from youthvoice.identity.models import Role
from youthvoice.notify.models import Notification
from youthvoice.privacy.audit import Action
from youthvoice.privacy.models import AuditEvent

TODAY = local_today()  # the app's today (Copenhagen): date.today() is UTC's, a day behind after 23:00 in winter


def _fresh(db, consultation):  # type: ignore[no-untyped-def]
    reread(db)
    return db.get(Consultation, consultation.id)


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


@pytest.fixture
def town(db):  # type: ignore[no-untyped-def]
    town = make_municipality(db, "Panelby")
    people = {
        "karina": make_person(db, town, Role.PROFESSIONAL, name="Karina Olsen", is_coordinator=True),
        "lene": make_person(db, town, Role.PROFESSIONAL, name="Lene Holm"),
        "sara": make_person(db, town, name="Sara Jensen"),
        "nora": make_person(db, town, name="Nora Berg"),
        "ali": make_person(db, town, name="Ali Hassan"),
    }
    elsewhere = make_municipality(db, "Andetsted")
    people["foreign"] = make_person(db, elsewhere, Role.PROFESSIONAL, name="Fie Fremmed", is_coordinator=True)
    people["foreign_young"] = make_person(db, elsewhere, name="Fremmed Ung")
    db.commit()
    return people


def test_a_consultation_from_question_to_published_summary(app, db, town):
    karina, sara, nora = town["karina"], town["sara"], town["nora"]
    for person in (sara, nora):
        panel.add_member(db, actor=karina, young_person_id=person.id)
    question = panel.put_question(db, actor=karina, question="Hvordan skal det første møde gå?",
                                  background="Vi vil gøre det bedre", closes_on=TODAY + timedelta(days=3), today=TODAY)
    panel.save_answer(db, person=sara, consultation=question, text="Sara-ord: rolig og kort", anonymous=False,
                      today=TODAY)
    panel.save_answer(db, person=nora, consultation=question, text="Nora-ord: mød mig først", anonymous=True,
                      today=TODAY)
    panel.save_answer(db, person=nora, consultation=question, text="Nora-ord: mød mig først, uden papirer",
                      anonymous=True, today=TODAY)  # she changes her own answer while it is open
    db.commit()
    shown = panel.answers_for_coordinator(db, actor=karina, consultation=question)
    assert {(a.name, a.text) for a in shown} == {("Sara Jensen", "Sara-ord: rolig og kort"),
                                                 (None, "Nora-ord: mød mig først, uden papirer")}
    with pytest.raises(InvalidInput):  # not before it has closed
        panel.publish(db, actor=karina, consultation=question, summary="Kort", outcome="", today=TODAY)
    closed = TODAY + timedelta(days=4)
    with pytest.raises(InvalidInput):  # no answers after the closing date
        panel.save_answer(db, person=sara, consultation=question, text="for sent", anonymous=False, today=closed)
    panel.publish(db, actor=karina, consultation=question, summary="De vil mødes først", outcome="Nu ringer vi først",
                  today=closed)
    db.commit()
    kinds = [n.kind for n in db.exec(select(Notification).where(Notification.user_id == sara.id))]
    assert kinds.count("panel_added") == 1 and kinds.count("panel_question") == 1
    assert kinds.count("panel_published") == 1
    assert [c.question for c in panel.published(db, karina.municipality_id)] == ["Hvordan skal det første møde gå?"]


def test_the_rules_refuse_what_they_should(app, db, town):
    karina, sara = town["karina"], town["sara"]
    with pytest.raises(InvalidInput):  # a closing date in the past or today
        panel.put_question(db, actor=karina, question="Q", background="", closes_on=TODAY, today=TODAY)
    with pytest.raises(InvalidInput):
        panel.put_question(db, actor=karina, question="", background="", closes_on=TODAY + timedelta(days=1),
                           today=TODAY)
    with pytest.raises(InvalidInput):  # someone of another municipality cannot be added
        panel.add_member(db, actor=karina, young_person_id=town["foreign_young"].id)
    with pytest.raises(InvalidInput):  # nor a professional
        panel.add_member(db, actor=karina, young_person_id=town["lene"].id)
    question = panel.put_question(db, actor=karina, question="Q", background="", closes_on=TODAY + timedelta(days=1),
                                  today=TODAY)
    from werkzeug.exceptions import NotFound

    with pytest.raises(NotFound):  # not on the panel: no answer
        panel.save_answer(db, person=sara, consultation=question, text="x", anonymous=False, today=TODAY)
    with pytest.raises(NotFound):  # a caseworker who does not coordinate
        panel.put_question(db, actor=town["lene"], question="Q", background="", closes_on=TODAY + timedelta(days=1),
                           today=TODAY)


def test_pages_exist_only_for_members_and_the_coordinator_and_each_read_of_an_answer_is_logged(app, db, town):
    karina, sara = town["karina"], town["sara"]
    panel.add_member(db, actor=karina, young_person_id=sara.id)
    question = panel.put_question(db, actor=karina, question="Hvad skal vi ændre?", background="",
                                  closes_on=TODAY + timedelta(days=3), today=TODAY)
    db.commit()
    sara_client = _client(app, sara)
    page = sara_client.get(f"/panel/{question.id}")
    assert page.status_code == 200 and 'data-testid="panel-answer-form"' in page.get_data(as_text=True)
    saved = post_form(sara_client, f"/panel/{question.id}/answer", {"text": "Sara-kanariefugl", "anonymous": "y"},
                      token_page="/account/")
    assert saved.status_code == 302
    too_long = post_form(sara_client, f"/panel/{question.id}/answer", {"text": "x" * 4001}, token_page="/account/")
    assert too_long.status_code == 400 and "x" * 4001 in too_long.get_data(as_text=True)  # kept, with a message
    for outsider in ("lene", "nora", "foreign", "foreign_young"):
        client = _client(app, town[outsider])
        if outsider == "foreign":  # another municipality's coordinator has her own panel, without this question
            assert "Hvad skal vi ændre?" not in client.get("/panel/").get_data(as_text=True)
        else:
            assert client.get("/panel/").status_code == 404, outsider
        assert client.get(f"/panel/{question.id}").status_code == 404, outsider
    coordinator_page = _client(app, karina).get(f"/panel/{question.id}").get_data(as_text=True)
    assert "Sara-kanariefugl" in coordinator_page and "Sara Jensen" not in coordinator_page  # without her name
    reread(db)
    seen = db.exec(select(AuditEvent).where(AuditEvent.actor_id == karina.id, AuditEvent.subject_id == sara.id,
                                            AuditEvent.action == Action.VIEW, AuditEvent.object_type == "panel")).all()
    assert len(seen) == 1 and seen[0].object_id == str(question.id)
    assert "your answer to the youth panel" in sara_client.get("/seen/").get_data(as_text=True)
    stored = db.exec(select(ConsultationAnswer)).one()
    assert b"Sara-kanariefugl" not in (stored.text_sealed or b"")  # sealed with her key


def test_the_coordinator_closes_a_question_early_and_the_planned_date_is_kept(app, db, town):
    """Publishing waits for the close; a panel that has met need not wait for the date (the e2e journey does this)."""
    karina, sara = town["karina"], town["sara"]
    panel.add_member(db, actor=karina, young_person_id=sara.id)
    planned = TODAY + timedelta(days=5)
    question = panel.put_question(db, actor=karina, question="Hvornår er det bedst at mødes?", background="",
                                  closes_on=planned, today=TODAY)
    panel.save_answer(db, person=sara, consultation=question, text="Efter skole", anonymous=False, today=TODAY)
    db.commit()
    sara_client, karina_client = _client(app, sara), _client(app, karina)
    # a member cannot close it, and nothing is closed without the confirming second tap
    assert post_form(sara_client, f"/panel/{question.id}/close", {"confirm": "yes"},
                     token_page="/account/").status_code == 404
    post_form(karina_client, f"/panel/{question.id}/close", {}, token_page="/account/")
    assert _fresh(db, question).closed_early_on is None
    closed = post_form(karina_client, f"/panel/{question.id}/close", {"confirm": "yes"}, token_page="/account/")
    assert closed.status_code == 302
    question = _fresh(db, question)
    assert question.closed_early_on == TODAY and question.closes_on == planned
    assert not panel.is_open(question, TODAY)
    late = post_form(sara_client, f"/panel/{question.id}/answer", {"text": "Om aftenen"}, token_page="/account/")
    assert late.status_code == 400 and "Om aftenen" in late.get_data(as_text=True)  # refused, what she typed kept
    page = karina_client.get(f"/panel/{question.id}").get_data(as_text=True)
    assert 'data-testid="panel-publish-form"' in page and 'data-testid="panel-close"' not in page
    published = post_form(karina_client, f"/panel/{question.id}/publish", {"summary": "Efter skole", "outcome": ""},
                          token_page="/account/")
    assert published.status_code == 302 and _fresh(db, question).published_at is not None
    again = post_form(karina_client, f"/panel/{question.id}/close", {"confirm": "yes"}, token_page="/account/")
    assert again.status_code == 302 and _fresh(db, question).closed_early_on == TODAY  # closing twice changes nothing


def test_a_member_leaves_at_once_and_her_answers_stay_hers(app, db, town):
    karina, sara = town["karina"], town["sara"]
    panel.add_member(db, actor=karina, young_person_id=sara.id)
    question = panel.put_question(db, actor=karina, question="Q?", background="", closes_on=TODAY + timedelta(days=3),
                                  today=TODAY)
    panel.save_answer(db, person=sara, consultation=question, text="mit svar", anonymous=False, today=TODAY)
    db.commit()
    client = _client(app, sara)
    left = post_form(client, "/panel/leave", {"confirm": "yes"}, token_page="/account/")
    assert left.status_code == 302
    assert client.get("/panel/").status_code == 404
    reread(db)
    assert panel.export_panel(db, sara)["answers"][0]["answer"] == "mit svar"  # in "my data"
    assert db.exec(select(Consultation)).one().question == "Q?"


def test_the_coordinator_adds_a_member_through_the_page(app, db, town):
    client = _client(app, town["karina"])
    page = client.get("/panel/members").get_data(as_text=True)
    assert "Sara Jensen" in page and "Fremmed Ung" not in page  # only young people of her municipality
    added = post_form(client, "/panel/members", {"young_person_id": str(town["sara"].id)}, token_page="/panel/members")
    assert added.status_code == 302
    refused = post_form(client, "/panel/members", {"young_person_id": str(town["foreign_young"].id)},
                        token_page="/panel/members")
    assert refused.status_code == 400
    asked = post_form(client, "/panel/new", {"question": "Hvad virker?", "closes_on": str(TODAY)},
                      token_page="/panel/new")
    assert asked.status_code == 400 and "Hvad virker?" in asked.get_data(as_text=True)  # kept, with a message
    asked = post_form(client, "/panel/new", {"question": "Hvad virker?",
                                             "closes_on": str(TODAY + timedelta(days=5))}, token_page="/panel/new")
    assert asked.status_code == 302
    assert _client(app, town["sara"]).get("/panel/").status_code == 200


def test_home_links_to_the_panel_for_members_only_read_with_the_session_row(app, db, town):
    """Issue 25: whether she is on the panel comes with her session row (no statement of its own on her home),
    and follows joining and leaving at once; a member's place in another municipality does not count."""
    karina, sara, nora = town["karina"], town["sara"], town["nora"]
    sara_client, nora_client = _client(app, sara), _client(app, nora)
    assert 'data-testid="panel-link"' not in sara_client.get("/").get_data(as_text=True)
    panel.add_member(db, actor=karina, young_person_id=sara.id)
    db.commit()
    assert 'data-testid="panel-link"' in sara_client.get("/").get_data(as_text=True)
    assert 'data-testid="panel-link"' not in nora_client.get("/").get_data(as_text=True)
    sara.municipality_id = town["foreign_young"].municipality_id  # moved: her old town's panel is not hers
    db.add(sara)
    db.commit()
    assert 'data-testid="panel-link"' not in sara_client.get("/").get_data(as_text=True)
    sara.municipality_id = karina.municipality_id
    db.add(sara)
    db.commit()
    assert 'data-testid="panel-link"' in sara_client.get("/").get_data(as_text=True)
    assert post_form(sara_client, "/panel/leave", {"confirm": "yes"}, token_page="/account/").status_code == 302
    assert 'data-testid="panel-link"' not in sara_client.get("/").get_data(as_text=True)
