"""Issue 18.6: a meeting the professional made can be moved or cancelled by that professional (the young person is
told; what she prepared is kept); the professional's "I will bring this up" answers are their agenda for the meeting;
answers are shown under the item they answer, with replies folded until opened."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select
from support.client import post_form
from support.database import reread
from support.people import login_as, saras_circle

from youthvoice.core.model import utcnow
from youthvoice.meetings import meetings, preparation, responses
from youthvoice.meetings.models import Meeting, PreparationAnswer
from youthvoice.notify.models import Notification
from youthvoice.sharing import sharing
from youthvoice.sharing.access import meeting_for

ZONE = ZoneInfo("Europe/Copenhagen")


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def _lenes_meeting(app, db):  # type: ignore[no-untyped-def]
    """Lene puts a meeting in Sara's list through her page; Sara prepares for it."""
    people = saras_circle(db)
    sara, lene = people["sara"], people["lene"]
    day = (utcnow() + timedelta(days=5)).astimezone(ZONE).date()
    made = post_form(_client(app, lene), f"/people/{sara.id}/meetings/new",
                     {"kind": "plan", "day": day.isoformat(), "clock": "10:00"}, token_page=f"/people/{sara.id}")
    assert made.status_code == 302
    reread(db)
    meeting = db.exec(select(Meeting).where(Meeting.owner_id == sara.id)).one()
    preparation.save_answers(db, meeting=meeting, values={"hard": "Skolen er svær", "going_well": "Fodbold"})
    db.commit()
    return people, meeting


def test_the_professional_who_made_a_meeting_moves_it_and_her_preparation_stays(app, db):
    people, meeting = _lenes_meeting(app, db)
    sara, lene, peter = people["sara"], people["lene"], people["peter"]
    sharing.set_meeting_share(db, owner=sara, meeting=meeting, grantee=peter, parts=["basics"])
    db.commit()
    lene_client = _client(app, lene)
    page = lene_client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'data-testid="move-meeting"' in page and 'data-testid="cancel-meeting"' in page
    assert 'data-testid="move-meeting"' not in _client(app, peter).get(f"/meetings/{meeting.id}").get_data(
        as_text=True)
    new_day = (utcnow() + timedelta(days=9)).astimezone(ZONE).date()
    # Only the one who made it: Peter (shown the meeting) and Sara (on her own pages) are refused with a 404.
    assert _client(app, peter).get(f"/people/meetings/{meeting.id}/move").status_code == 404
    assert post_form(_client(app, peter), f"/people/meetings/{meeting.id}/move",
                     {"day": new_day.isoformat(), "clock": "13:30"}, token_page="/people/").status_code == 404
    assert _client(app, sara).get(f"/people/meetings/{meeting.id}/move").status_code == 404
    past = post_form(lene_client, f"/people/meetings/{meeting.id}/move",
                     {"day": (utcnow() - timedelta(days=3)).date().isoformat(), "clock": "13:30"},
                     token_page="/people/")
    assert past.status_code == 400 and "already passed" in past.get_data(as_text=True)
    bad = post_form(lene_client, f"/people/meetings/{meeting.id}/move", {"day": new_day.isoformat(), "clock": "x"},
                    token_page="/people/")
    assert bad.status_code == 400
    moved = post_form(lene_client, f"/people/meetings/{meeting.id}/move",
                      {"day": new_day.isoformat(), "clock": "13:30"}, token_page="/people/")
    assert moved.status_code == 302
    reread(db)
    meeting = db.get(Meeting, meeting.id)
    local = meeting.starts_at.astimezone(ZONE)
    assert (local.date(), local.strftime("%H:%M")) == (new_day, "13:30")
    assert db.exec(select(Notification).where(Notification.user_id == sara.id,
                                              Notification.kind == "meeting_moved")).one()
    assert preparation.answer_texts(db, meeting)["hard"] == "Skolen er svær"


def test_the_professional_who_made_a_meeting_cancels_it_sara_is_told_and_keeps_what_she_wrote(app, db):
    people, meeting = _lenes_meeting(app, db)
    sara, lene = people["sara"], people["lene"]
    lene_client = _client(app, lene)
    url = f"/people/meetings/{meeting.id}/cancel"
    assert post_form(lene_client, url, token_page="/people/").status_code == 302  # without "yes": nothing
    reread(db)
    assert db.get(Meeting, meeting.id).cancelled_at is None
    assert post_form(_client(app, people["peter"]), url, {"confirm": "yes"}, token_page="/people/").status_code == 404
    assert post_form(lene_client, url, {"confirm": "yes"}, token_page="/people/").status_code == 302
    reread(db)
    meeting = db.get(Meeting, meeting.id)
    assert meeting.cancelled_at is not None
    assert db.exec(select(Notification).where(Notification.user_id == sara.id,
                                              Notification.kind == "meeting_cancelled")).one()
    assert len(db.exec(select(PreparationAnswer).where(PreparationAnswer.meeting_id == meeting.id)).all()) == 2
    hub = _client(app, sara).get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'data-testid="meeting-cancelled"' in hub and "What you prepared is kept here." in hub
    assert 'data-testid="meeting-cancelled"' in _client(app, sara).get("/meetings/").get_data(as_text=True)
    assert meetings.next_meeting_of(db, sara) == (None, 0)  # not her next meeting any more
    # Once cancelled, it is neither moved nor cancelled again.
    assert post_form(lene_client, url, {"confirm": "yes"}, token_page="/people/").status_code == 404
    assert lene_client.get(f"/people/meetings/{meeting.id}/move").status_code == 404
    page = lene_client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert 'data-testid="meeting-cancelled"' in page and 'data-testid="move-meeting"' not in page
    assert "Cancelled" in lene_client.get(f"/people/{sara.id}").get_data(as_text=True)  # marked in her list


def test_bring_up_answers_are_the_agenda_and_answers_sit_under_their_item_with_replies_folded(app, db):
    people, meeting = _lenes_meeting(app, db)
    sara, lene = people["sara"], people["lene"]
    sharing.set_meeting_share(db, owner=sara, meeting=meeting, grantee=lene, parts=["basics", "preparation"])
    db.commit()
    seen = meeting_for(db, lene, meeting.id, log_view=False)
    bring = responses.respond(db, access=seen, part="preparation", target="question:hard", kind="bring_up",
                              text="Vi taler om lektiehjælp")
    responses.respond(db, access=seen, part="preparation", target="question:going_well", kind="comment",
                      text="Godt med fodbold")
    responses.reply(db, access=meeting_for(db, sara, meeting.id, log_view=False), parent_id=bring.id,
                    text="Ja tak")
    db.commit()
    assert [row.text for row in responses.agenda_of(db, seen)] == ["Vi taler om lektiehjælp"]
    page = _client(app, lene).get(f"/meetings/{meeting.id}").get_data(as_text=True)
    agenda = page[page.index('data-testid="agenda"'):]
    assert "Vi taler om lektiehjælp" in agenda[:agenda.index("</section>")]
    assert "Godt med fodbold" not in agenda[:agenda.index("</section>")]  # a comment is not on the agenda
    # Each answer under the item it answers: the bring-up under "hard", the comment under "going well".
    prep = page[page.index('data-testid="shared-preparation"'):]
    prep = prep[:prep.index("</section>")]
    assert (prep.index("Fodbold") < prep.index("Godt med fodbold") < prep.index("Skolen er svær")
            < prep.index("Vi taler om lektiehjælp"))
    conversation = page[page.index('id="responses"'):]
    assert "Vi taler om lektiehjælp" not in conversation  # not shown twice
    # The reply is folded until opened.
    thread = prep[prep.index("Vi taler om lektiehjælp"):]
    assert thread.index('<details class="replies"') < thread.index("Ja tak")
    assert "<summary>1 answer</summary>" in thread
    # When Sara stops sharing her preparation, the agenda item goes with it.
    reread(db)
    meeting = db.get(Meeting, meeting.id)
    sharing.set_meeting_share(db, owner=sara, meeting=meeting, grantee=lene, parts=["basics"])
    db.commit()
    assert responses.agenda_of(db, meeting_for(db, lene, meeting.id, log_view=False)) == []
