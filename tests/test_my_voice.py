"""Evidence for the young person (issue 22, points 1 and 2): after a meeting she is also asked "Did you get to say
what mattered to you?" and "Do you know what happens with what you said?" (faces, each skippable, beside "Were you
heard?" and "Who decided?"), and "my voice over time" shows her, and nobody else, how often she felt listened to
and what became of her wishes, with the national survey it can roughly be compared with and its source."""

from __future__ import annotations

from sqlmodel import select
from support.casebuilder import build_case
from support.client import post_form
from support.database import reread
from support.people import login_as

from youthvoice.meetings import receipts
from youthvoice.meetings.models import FollowUp
from youthvoice.meetings.voice import voice_over_time
from youthvoice.sharing.access import meeting_for


def _client(app, person):
    client = app.test_client()
    login_as(app, client, person)
    return client


def test_the_four_questions_are_faces_and_each_may_be_skipped(app, db):
    case = build_case(db)
    sara = _client(app, case.people["sara"])
    page = sara.get(f"/meetings/{case.meeting.id}/after").get_data(as_text=True)
    for name in ("heard", "said_what_mattered", "knows_what_happens", "who_decided"):
        assert page.count(f'type="radio" name="{name}"') == 5, name
    assert "You can skip any of them." in page
    saved = post_form(sara, f"/meetings/{case.meeting.id}/after",  # heard and who decided skipped this time
                      {"said_what_mattered": "5", "knows_what_happens": "2"}, token_page="/account/")
    assert saved.status_code == 302
    reread(db)
    row = db.exec(select(FollowUp).where(FollowUp.meeting_id == case.meeting.id)).one()
    assert (row.heard, row.said_what_mattered, row.knows_what_happens, row.who_decided) == (None, 5, 2, None)
    bad = post_form(sara, f"/meetings/{case.meeting.id}/after", {"knows_what_happens": "6"}, token_page="/account/")
    assert bad.status_code == 400
    lene = _client(app, case.people["lene"]).get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert "Did Sara get to say what mattered?</strong> 5/5" in lene
    assert "Does Sara know what happens with what they said?</strong> 2/5" in lene


def test_my_voice_over_time_is_hers_alone(app, db):
    case = build_case(db)
    sara = case.people["sara"]
    lene_view = meeting_for(db, case.people["lene"], case.meeting.id, log_view=False)
    link_id = case.ids["link_id"]
    receipts.answer(db, access=lene_view, link_id=link_id, answer_value="not_followed", reason="Ikke nu")
    receipts.answer(db, access=lene_view, link_id=link_id, answer_value="partly", reason="Delvist alligevel")
    db.commit()
    over_time = voice_over_time(db, sara)
    assert over_time.answered == 1 and over_time.listened == 1  # heard 4: "Mostly"
    assert over_time.wishes == {"followed": 0, "partly": 1, "not_followed": 0}  # the latest answer counts, once
    page = _client(app, sara).get("/meetings/my-voice").get_data(as_text=True)
    assert "At 1 of your meetings you felt listened to" in page and 'data-testid="voice-row"' in page
    assert 'class="share-partly"' in page and "Partly followed: <strong>1</strong>" in page
    assert "VIVE 2020" in page and "socialraadgiverne.dk" in page  # the comparison names its source
    for other in ("lene", "hanne"):
        assert _client(app, case.people[other]).get("/meetings/my-voice").status_code == 404
    mads = _client(app, case.people["mads"]).get("/meetings/my-voice").get_data(as_text=True)  # his own, empty
    assert 'data-testid="voice-row"' not in mads and "share-partly" not in mads
