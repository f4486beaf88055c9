"""The young person's words are theirs: no route, role or table lets anyone else change or delete them
(issue 15, point 1), checked by construction (words.py) and by walking every route as every role."""

from __future__ import annotations

import pytest
from sqlmodel import select
from support.casebuilder import build_case
from support.client import post_form
from support.people import login_as
from support.wordwalk import models_with_words, word_models, words_of
from test_route_matrix import World, _build

from youthvoice.core.db import new_session
from youthvoice.identity.models import User
from youthvoice.meetings import decisions, preparation, receipts
from youthvoice.meetings.models import Decision, Meeting, MeetingDecision, PreparationAnswer, ReceiptEntry
from youthvoice.privacy import words
from youthvoice.privacy.sealing import sealed
from youthvoice.sharing.access import meeting_for


def _as(app, person):  # type: ignore[no-untyped-def]
    session = new_session(app)
    words.act_as(session, person.id)
    return session


def test_nobody_else_can_change_or_delete_her_words(app, db):
    case = build_case(db)
    lene = case.people["lene"]
    with _as(app, lene) as session:
        decision = session.get(Decision, case.ids["decision_id"])
        decision.text = "Lene skriver om"
        session.add(decision)
        with pytest.raises(words.WordsProtected):
            session.flush()
    with _as(app, lene) as session:
        session.delete(session.get(Meeting, case.meeting.id))
        with pytest.raises(words.WordsProtected):
            session.flush()
    with _as(app, lene) as session:  # no bulk statement on a table of words either
        from sqlmodel import delete

        with pytest.raises(words.WordsProtected):
            session.exec(delete(PreparationAnswer).where(PreparationAnswer.meeting_id == case.meeting.id))
    with _as(app, lene) as session:  # nor words put in her mouth
        access = meeting_for(session, session.get(User, lene.id), case.meeting.id, log_view=False)
        link, _ = decisions.meeting_decision(session, access.meeting, case.ids["link_id"])
        forged = ReceiptEntry(owner_id=link.owner_id, meeting_id=link.meeting_id, item_id=link.id,
                              kind="disagreed", author_id=link.owner_id, author_name="Sara")
        forged.text = "Jeg er enig i alt"
        session.add(forged)
        with pytest.raises(words.WordsProtected):
            session.flush()
    with _as(app, lene) as session:  # what she may do: answer in her own words
        access = meeting_for(session, session.get(User, lene.id), case.meeting.id, log_view=False)
        receipts.answer(session, access=access, link_id=case.ids["link_id"], answer_value="followed", reason="Ja")
        session.commit()
    with _as(app, case.people["sara"]) as session:  # and Sara changes her own words freely
        decision = session.get(Decision, case.ids["decision_id"])
        decision.text = "Mine ord"
        session.add(decision)
        session.commit()


def test_a_bisidder_writes_what_is_empty_or_written_with_them(app, db):
    case = build_case(db)
    hanne = case.people["hanne"]
    with _as(app, hanne) as session:
        meeting = session.get(Meeting, case.meeting.id)
        preparation.save_answers(session, meeting=meeting, values={"setup_place": "Skrevet med Hanne"},
                                 written_with=session.get(User, hanne.id))
        session.commit()
    with _as(app, hanne) as session:  # then changed again by her
        answer = session.exec(select(PreparationAnswer).where(PreparationAnswer.question == "setup_place")).one()
        answer.text = "Rettet med Hanne"
        session.add(answer)
        session.commit()
    with _as(app, hanne) as session:  # but Sara's own answer is not hers to change, even by hand
        answer = session.exec(select(PreparationAnswer).where(PreparationAnswer.question == "hard")).one()
        answer.text = "Hanne retter Saras svar"
        answer.written_with_id = hanne.id
        session.add(answer)
        with pytest.raises(words.WordsProtected):
            session.flush()


def test_erasure_is_the_one_exception(app, db):
    case = build_case(db)
    with _as(app, case.people["henrik"]) as session:
        session.delete(session.get(MeetingDecision, case.ids["link_id"]))
        with pytest.raises(words.WordsProtected):
            session.flush()
    with _as(app, case.people["henrik"]) as session, words.erasing(session):
        session.delete(session.get(MeetingDecision, case.ids["link_id"]))
        session.flush()


def test_an_anonymous_request_acts_as_nobody(app, db):
    """A request without log-in is not the system: it can change no one's words."""
    case = build_case(db)
    with app.test_request_context("/"):
        from youthvoice.core.db import get_session

        session = get_session()
        assert words.actor_of(session) == words.SOMEONE_NOT_LOGGED_IN
        decision = session.get(Decision, case.ids["decision_id"])
        decision.text = "x"
        session.add(decision)
        with pytest.raises(words.WordsProtected):
            session.flush()
        session.rollback()


def test_every_sealed_field_says_whose_words_it_holds():
    """A new sealed field is the owner's words unless it names an author: the safe default. This lists those that
    are not, so adding one is a conscious choice."""
    others = {(model.__name__, field.name) for model in word_models() for field in words.sealed_fields(model)
              if field.author}
    assert others == {("ReceiptEntry", "text"), ("Response", "text"), ("BisidderNote", "text"),
                      ("StepSuggestion", "text"), ("SupporterMessage", "text"),
                      ("Handover", "note")}  # the note the leaving caseworker wrote
    for model in word_models():
        assert hasattr(model, "__seen_as__"), f"{model.__name__} does not say how a view of it reads"
        assert all(isinstance(field, sealed) for field in words.sealed_fields(model))


# --- the walk: every state-changing route as every other role leaves the owner's words as they were --------

WALKERS = ("anonymous", "other_young", "shared_pro", "unshared_pro", "withdrawn_pro", "foreign_pro",
           "coordinator", "council_member", "bisidder", "admin", "supporter", "facilitator", "peer")


def test_the_world_holds_her_words_in_every_table_of_words(app):
    """The walk below is only a proof if Sara has words in every such table: a new table makes this fail until
    the world (test_route_matrix._build) gives her some."""
    world = _build(app)
    snapshot = words_of(app, world.people["owner"].id)
    tables = {model.__tablename__ for model in word_models()
              if any(field.author is None or field.co_writer for field in words.sealed_fields(model))
              or model.__name__ == "ReceiptEntry" or model.__name__ == "Response"}
    assert tables - models_with_words(snapshot) == set()


@pytest.mark.parametrize("role", WALKERS)
def test_no_route_reachable_by_another_role_changes_her_words(app, role):
    world: World = _build(app)
    sara = world.people["owner"]
    before = words_of(app, sara.id)
    client = app.test_client()
    if role != "anonymous":
        login_as(app, client, world.people[role])
    from test_route_matrix import FORM, _url

    token_page = "/rights/"
    for rule in app.url_map.iter_rules():
        methods = rule.methods - {"GET", "HEAD", "OPTIONS"}
        if not methods or rule.endpoint.startswith("auth.") or rule.endpoint == "main.set_language":
            continue
        url = _url(app, rule, world)
        for method in methods:
            if method == "POST":
                post_form(client, url, {**FORM, "request_key": None}, token_page=token_page)
            else:
                client.open(url, method=method, json={"answers": {"hard": "x"}})
    after = words_of(app, sara.id)
    changed = {key: (before[key], after.get(key)) for key in before if after.get(key) != before[key]}
    assert not changed, f"{role} changed Sara's words: {changed}"


def test_the_walk_would_see_a_change(app):
    """The check above can fail: a change made behind the routes' back shows up in the snapshot."""
    world = _build(app)
    sara = world.people["owner"]
    before = words_of(app, sara.id)
    with new_session(app) as session:
        answer = session.exec(select(PreparationAnswer).where(PreparationAnswer.owner_id == sara.id)).first()
        answer.text = "changed"
        session.add(answer)
        session.commit()
    assert words_of(app, sara.id) != before
