"""The journal note for the case file (issue 18.4): only the parts the young person shared, her words unchanged,
the receipt with who answered when, who made the note and when, the line that she shared it and can withdraw it;
making one is logged and shown to her, and a withdrawn share ends it."""

from __future__ import annotations

import html
import secrets
from datetime import timedelta

import pytest
from sqlmodel import col, select
from support.client import csrf_token, post_form
from support.people import link, login_as, make_municipality, make_person

from youthvoice.core.model import utcnow
from youthvoice.identity.models import Role
from youthvoice.meetings import decisions, meetings, preparation, receipts
from youthvoice.meetings.models import JournalNote, MeetingDecision
from youthvoice.notify.models import Notification
from youthvoice.privacy.models import AuditEvent
from youthvoice.sharing import access, sharing
from youthvoice.sharing.models import SharePart


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


@pytest.fixture
def case(app, db):  # type: ignore[no-untyped-def]
    """Sara's past meeting with a canary in every part; she shares only her wishes and decisions with Lene."""
    marker = "KANARIE" + secrets.token_hex(4)
    town = make_municipality(db, "Roskilde")
    lene = make_person(db, town, Role.PROFESSIONAL, name="Lene Holm")
    ali = make_person(db, town, Role.PROFESSIONAL, name="Ali Demir")
    sara = make_person(db, town, name="Sara")
    link(db, sara, lene)
    link(db, sara, ali)
    meeting = meetings.create_meeting(
        db,
        owner=sara,
        created_by=sara,
        data=meetings.MeetingInput(
            kind="plan", starts_at=utcnow() - timedelta(days=1), place=f"{marker}-place", others="", participant_ids=[]
        ),
        allowed_participants=[],
    )
    preparation.save_answers(db, meeting=meeting, values={"hard": f"{marker}-hard", "going_well": f"{marker}-well"})
    meetings.add_point(db, meeting=meeting, text=f"{marker}-point")
    meetings.add_note(db, meeting=meeting, text=f"{marker}-note")
    meetings.save_follow_up(
        db,
        meeting=meeting,
        heard=2,
        who_decided=1,
        decided=f"{marker}-decided",
        agree="",
        disagree=f"{marker}-disagree",
        follow_up="",
    )
    # her own words, quotes and signs included: quoted exactly as they are saved
    words = decisions.create_decision(
        db, owner=sara, text='Jeg vil bo hos min moster & "gå" i <samme> skole', meeting=meeting
    ).text
    sharing.set_meeting_share(
        db, owner=sara, meeting=meeting, grantee=lene, parts=[SharePart.BASICS, SharePart.DECISIONS]
    )
    sharing.set_meeting_share(db, owner=sara, meeting=meeting, grantee=ali, parts=[SharePart.BASICS])
    db.commit()
    item = db.exec(select(MeetingDecision).where(MeetingDecision.meeting_id == meeting.id)).one()
    receipts.answer(
        db,
        access=access.meeting_for(db, lene, meeting.id),
        link_id=item.id,
        answer_value="partly",
        reason="Vi finder en løsning",
    )
    receipts.contest(db, access=access.own_meeting(db, sara, meeting.id), link_id=item.id, text="Det er for lidt")
    db.commit()
    return {"marker": marker, "lene": lene, "ali": ali, "sara": sara, "meeting": meeting, "words": words}


def _make(app, client, meeting_id, key=None):  # type: ignore[no-untyped-def]
    data = {"request_key": key} if key else {}
    return post_form(client, f"/people/meetings/{meeting_id}/journal", data, token_page=f"/meetings/{meeting_id}")


def test_the_note_holds_only_what_is_shared_and_her_words_unchanged(app, db, case):
    lene_client = _client(app, case["lene"])
    made = _make(app, lene_client, case["meeting"].id)
    assert made.status_code == 302 and "/people/journal/" in made.headers["Location"]
    page = lene_client.get(made.headers["Location"]).get_data(as_text=True)
    text = html.unescape(page.split('data-testid="journal-text">')[1].split("</textarea>")[0])
    article = page.split('data-testid="journal-note"')[1].split("</article>")[0]
    for shown in (text, html.unescape(article)):
        assert case["marker"] not in shown  # not the preparation, the after part or even the place
        assert f"»{case['words']}«" in shown  # unchanged
        assert "Det er for lidt" in shown  # her disagreement with the receipt
        assert "Receipt from Lene Holm" in shown and "Partly followed. Vi finder en løsning" in shown
        assert "Sara disagreed" in shown
        assert "Made by Lene Holm in youthvoice" in shown
        assert "Sara shared this with Lene Holm in youthvoice and can withdraw the sharing there." in shown
    assert text.index("Receipt from Lene Holm") < text.index("Sara disagreed")  # the thread in its order
    assert 'data-testid="copy-note"' in page and "js/journal" in page


def test_making_a_note_is_logged_and_shown_to_her(app, db, case):
    sara, meeting = case["sara"], case["meeting"]
    lene_client = _client(app, case["lene"])
    key = "k-" + secrets.token_hex(8)
    first = _make(app, lene_client, meeting.id, key)
    again = _make(app, lene_client, meeting.id, key)  # a double tap: one note
    assert first.headers["Location"] == again.headers["Location"]
    db.commit()
    notes = db.exec(select(JournalNote).where(JournalNote.meeting_id == meeting.id)).all()
    assert len(notes) == 1 and notes[0].parts == "decisions" and notes[0].made_by_name == "Lene Holm"
    assert (
        db.exec(select(AuditEvent).where(AuditEvent.object_type == "journal_note", AuditEvent.subject_id == sara.id))
        .one()
        .actor_id
        == case["lene"].id
    )
    assert (
        db.exec(
            select(Notification).where(Notification.user_id == sara.id, col(Notification.kind) == "journal_note")
        ).first()
        is not None
    )
    sara_client = _client(app, sara)
    line = "Lene Holm saved your wishes and decisions to your case file on"
    for url in (f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/share", "/seen/"):
        page = sara_client.get(url).get_data(as_text=True)
        assert line in page, url
    share_page = sara_client.get(f"/meetings/{meeting.id}/share").get_data(as_text=True)
    assert 'href="/seen/#case-file"' in share_page  # the warning links to the list
    seen = sara_client.get("/seen/").get_data(as_text=True)
    title = seen[seen.index("<title>"):seen.index("</title>")]
    assert "section" not in title and line not in title  # the list is on the page, not in the tab's title
    assert seen.count('data-testid="case-file"') == 1


def test_no_note_without_shared_content_and_none_after_withdrawal(app, db, case):
    sara, meeting = case["sara"], case["meeting"]
    ali_client = _client(app, case["ali"])
    assert _make(app, ali_client, meeting.id).status_code == 404  # Ali was shown the time and place only
    lene_client = _client(app, case["lene"])
    note_url = _make(app, lene_client, meeting.id).headers["Location"]
    assert ali_client.get(note_url).status_code == 404  # only its maker opens it
    sharing.set_meeting_share(db, owner=sara, meeting=meeting, grantee=case["lene"], parts=[SharePart.BASICS])
    db.commit()
    assert lene_client.get(note_url).status_code == 404  # withdrawn: the note is gone with it
    assert _make(app, lene_client, meeting.id).status_code == 404
    sara_client = _client(app, sara)
    token = csrf_token(sara_client, "/seen/")
    assert sara_client.post(f"/people/meetings/{meeting.id}/journal", data={"csrf_token": token}).status_code == 404
