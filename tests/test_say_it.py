"""Issue 17: "say it for me" cards in the meeting, and asking for an interpreter in the preparation."""

from __future__ import annotations

from sqlmodel import select
from support.casebuilder import ALL, build_case
from support.client import csrf_token, post_form
from support.database import reread
from support.people import login_as

from youthvoice.meetings import meetings
from youthvoice.meetings.models import Meeting
from youthvoice.privacy.audit import Action
from youthvoice.privacy.models import AuditEvent
from youthvoice.sharing import sharing


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def test_the_cards_show_full_screen_and_can_be_sent_as_live_signals(app, db):
    case = build_case(db, past=False)
    sara = _client(app, case.people["sara"])
    base = f"/meetings/{case.meeting.id}/during"
    page = sara.get(f"{base}/").get_data(as_text=True)
    for key in ("stop", "other-words", "want-to-say", "break"):  # each a link to a card that CSS shows full screen
        assert f'href="#say-{key}"' in page and f'id="say-{key}"' in page
    assert 'id="say-own-1"' in page and f"{case.marker}-point" in page  # her own point is a card of its own
    assert "data-say-signal-url" not in page  # nobody in the app takes part: nothing to send the cards to
    meetings.set_participants(db, meeting=db.get(Meeting, case.meeting.id), participant_ids=[case.people["lene"].id],
                              allowed=[case.people["lene"]])
    db.commit()
    page = sara.get(f"{base}/").get_data(as_text=True)
    assert "data-say-signal-url" in page and 'data-testid="say-send"' in page
    token = csrf_token(sara, "/account/")
    for kind in ("stop", "want_to_say"):
        assert sara.post(f"{base}/signal/{kind}", data={"csrf_token": token},
                         headers={"Accept": "application/json"}).get_json() == {"sent": kind}
    assert sara.post(f"{base}/signal/{kind}", data={"csrf_token": "forged"}).status_code == 400
    lene = _client(app, case.people["lene"])
    signals = lene.get(f"/meetings/{case.meeting.id}/signals?since=2000-01-01T00:00:00").get_json()["signals"]
    assert [signal["kind"] for signal in signals] == ["stop", "want_to_say"]
    lene_page = lene.get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert "Sara says stop" in lene_page and "Sara wants to say something" in lene_page  # the banner's words


def test_the_offline_page_has_the_four_cards_and_nobodys_words(app, db):
    case = build_case(db, past=False)
    sara = _client(app, case.people["sara"])
    page = sara.get("/offline").get_data(as_text=True)
    for key in ("stop", "other-words", "want-to-say", "break"):
        assert f'id="say-{key}"' in page
    assert "say-own" not in page and case.marker not in page and "data-say-signal-url" not in page


def test_an_interpreter_wish_is_shown_on_top_to_those_she_shares_her_preparation_with(app, db):
    case = build_case(db, past=False)
    sara = _client(app, case.people["sara"])
    wish = f"{case.marker}-arabic"
    saved = post_form(sara, f"/meetings/{case.meeting.id}/prepare/setup", {"setup_interpreter": wish, "go": "stay"},
                      token_page="/account/")
    assert saved.status_code == 302
    lene_page = _client(app, case.people["lene"]).get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert 'data-testid="interpreter-wanted"' in lene_page and wish in lene_page
    dashboard = _client(app, case.people["lene"]).get("/people/").get_data(as_text=True)
    assert 'data-testid="interpreters"' in dashboard and wish in dashboard  # in time to book one
    reread(db)
    seen = list(db.exec(select(AuditEvent).where(
        AuditEvent.actor_id == case.people["lene"].id, AuditEvent.action == Action.VIEW,
        AuditEvent.object_type == "preparation")))
    assert len(seen) == 2  # the meeting page and the dashboard: each read of her words is logged
    reread(db)
    sharing.set_meeting_share(db, owner=case.people["sara"], meeting=db.get(Meeting, case.meeting.id),
                              grantee=case.people["lene"], parts=[ALL[0]])  # the time and place only
    db.commit()
    lene_page = _client(app, case.people["lene"]).get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert wish not in lene_page and 'data-testid="interpreter-wanted"' not in lene_page
    dashboard = _client(app, case.people["lene"]).get("/people/").get_data(as_text=True)
    assert wish not in dashboard and 'data-testid="interpreters"' not in dashboard
    too_long = post_form(sara, f"/meetings/{case.meeting.id}/prepare/setup", {"setup_interpreter": "x" * 101},
                         token_page="/account/")
    assert too_long.status_code == 400 and "x" * 101 in too_long.get_data(as_text=True)  # kept, with a message
