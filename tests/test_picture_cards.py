"""Issue 17: preparing with picture cards: tap a topic, give it a face, and it is a point of the meeting."""

from __future__ import annotations

from sqlmodel import select
from support.casebuilder import build_case
from support.client import post_form
from support.database import reread
from support.people import login_as

from youthvoice.meetings.cards import CARD_TOPICS
from youthvoice.meetings.models import MeetingPoint


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def _cards(db, meeting_id):  # type: ignore[no-untyped-def]
    reread(db)
    return {point.topic: point for point in db.exec(select(MeetingPoint).where(
        MeetingPoint.meeting_id == meeting_id, MeetingPoint.topic.is_not(None)))}  # type: ignore[union-attr]


def test_chosen_cards_become_points_with_their_faces(app, db):
    case = build_case(db, past=False)
    sara = _client(app, case.people["sara"])
    url = f"/meetings/{case.meeting.id}/prepare/cards"
    page = sara.get(url).get_data(as_text=True)
    assert page.count('class="card-icon"') >= len(CARD_TOPICS) and "Foster family or care home" in page
    assert f"/meetings/{case.meeting.id}/prepare/cards" in sara.get(
        f"/meetings/{case.meeting.id}/prepare/points").get_data(as_text=True)  # offered where points are written
    form = {"topic": ["school", "mum", "no-such-card"], "face-school": "2", "words-school": "  matematik ",
            "face-mum": "9"}
    answer = post_form(sara, url, form, token_page="/account/")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/prepare/points")
    cards = _cards(db, case.meeting.id)
    assert set(cards) == {"school", "mum"}
    assert (cards["school"].text, cards["school"].face) == ("School: matematik", 2)
    assert (cards["mum"].text, cards["mum"].face) == ("Mum", None)  # a face that is not one of the five: none
    again = post_form(sara, url, form, token_page="/account/")  # a double tap adds nothing more
    assert again.status_code == 302 and len(_cards(db, case.meeting.id)) == 2
    assert 'data-testid="card-school"' in sara.get(url).get_data(as_text=True)
    lene_page = _client(app, case.people["lene"]).get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert "School: matematik" in lene_page and "point-card" in lene_page  # shared preparation: she sees the card
    exported = sara.get("/account/data.json").get_data(as_text=True)  # "my data" says which card and face
    assert '"card": "school"' in exported and '"face": 2' in exported


def test_refused_cards_keep_what_was_chosen(app, db):
    case = build_case(db, past=False)
    sara = _client(app, case.people["sara"])
    url = f"/meetings/{case.meeting.id}/prepare/cards"
    nothing = post_form(sara, url, {"topic": ["no-such-card"]}, token_page="/account/")
    assert nothing.status_code == 400 and "Tap at least one card." in nothing.get_data(as_text=True)
    long_words = "ord " * 60
    too_long = post_form(sara, url, {"topic": ["money"], "face-money": "4", "words-money": long_words},
                         token_page="/account/")
    page = too_long.get_data(as_text=True)
    assert too_long.status_code == 400 and "Please keep it under 200 characters." in page
    assert 'value="4" checked' in page and long_words.strip() in page  # her choice and her words stay
    assert _cards(db, case.meeting.id) == {}


def test_nobody_else_reaches_her_cards(app, db):
    case = build_case(db, past=False)
    url = f"/meetings/{case.meeting.id}/prepare/cards"
    for name in ("lene", "peter", "mads"):  # shared with Lene, but the cards are only for her to choose
        assert _client(app, case.people[name]).get(url).status_code == 404
        assert post_form(_client(app, case.people[name]), url, {"topic": ["school"]},
                         token_page="/account/").status_code == 404
    assert _cards(db, case.meeting.id) == {}
