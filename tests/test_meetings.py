"""The meeting rules: preparation, sharing and withdrawal, responses, receipts, decisions, follow-up."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from sqlmodel import select
from support.casebuilder import ALL, build_case
from support.client import csrf_token, post_form
from support.database import reread
from support.people import login_as, make_municipality, make_person

from youthvoice.core.model import utcnow
from youthvoice.identity.models import LoginSession, Role
from youthvoice.meetings import decisions, meetings, receipts
from youthvoice.meetings.models import (
    Decision,
    DecisionRevision,
    Meeting,
    MeetingDecision,
    MeetingSignal,
    PreparationAnswer,
    Response,
)
from youthvoice.notify.models import Notification
from youthvoice.privacy.models import AuditEvent
from youthvoice.sharing import sharing
from youthvoice.sharing.access import meeting_for
from youthvoice.sharing.models import SharePart


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def test_young_person_adds_a_meeting_and_bad_input_keeps_what_was_typed(app, db):
    sara = make_person(db, make_municipality(db))
    client = _client(app, sara)
    typed = {"kind": "network", "day": "03/12/2030", "clock": "25:99", "place": "Rådhuset <b>",
             "others": "Moster Lise"}
    bad = post_form(client, "/meetings/new", typed, token_page="/meetings/new")
    assert bad.status_code == 400
    body = bad.get_data(as_text=True)
    assert "YYYY-MM-DD" in body and "HH:MM" in body
    assert 'value="Rådhuset &lt;b&gt;"' in body and "Moster Lise" in body
    past = post_form(client, "/meetings/new", typed | {"day": "2020-01-01", "clock": "10:00"},
                     token_page="/meetings/new")
    assert past.status_code == 400
    assert "already passed" in past.get_data(as_text=True)
    long = post_form(client, "/meetings/new", typed | {"day": "2030-12-03", "clock": "10:00", "place": "x" * 201},
                     token_page="/meetings/new")
    assert long.status_code == 400
    good = post_form(client, "/meetings/new", typed | {"day": "2030-12-03", "clock": "10:00"},
                     token_page="/meetings/new")
    assert good.status_code == 302
    reread(db)
    meeting = db.exec(select(Meeting)).one()
    assert meeting.place == "Rådhuset <b>"
    assert meeting.starts_at == datetime(2030, 12, 3, 9, 0, tzinfo=meeting.starts_at.tzinfo)  # 10:00 in Copenhagen


def test_professional_puts_a_meeting_in_the_list_and_the_young_person_is_told(app, db):
    case = build_case(db)
    client = _client(app, case.people["lene"])
    response = post_form(client, f"/people/{case.people['sara'].id}/meetings/new",
                         {"kind": "plan", "day": (date.today() + timedelta(days=9)).isoformat(), "clock": "09:30",
                          "place": "Kontoret", "others": ""}, token_page="/people/")
    assert response.status_code == 302
    reread(db)
    notes = db.exec(select(Notification).where(Notification.user_id == case.people["sara"].id,
                                               Notification.kind == "meeting_created")).all()
    assert len(notes) == 1
    # Another professional cannot put meetings in lists of young people who are not theirs.
    ali = _client(app, case.people["ali"])
    assert post_form(ali, f"/people/{case.people['sara'].id}/meetings/new", {"kind": "plan"},
                     token_page="/people/").status_code == 404



def test_continue_preparing_opens_the_first_step_with_nothing_in_it(app, db):
    case = build_case(db)
    sara = case.people["sara"]
    meeting = meetings.create_meeting(db, owner=sara, created_by=sara, data=meetings.MeetingInput(
        kind="plan", starts_at=utcnow() + timedelta(days=9), place="", others="", participant_ids=[]),
        allowed_participants=[])
    db.commit()
    client = _client(app, sara)
    start = f"/meetings/{meeting.id}/prepare/"
    assert client.get(start).headers["Location"].endswith("/prepare/mood")  # nothing yet: from the start
    token = csrf_token(client, "/account/")
    client.post(f"/meetings/{meeting.id}/prepare/mood", data={"csrf_token": token, "mood": "4", "go": "next"})
    client.post(f"/meetings/{meeting.id}/prepare/going_well/autosave", json={"going_well": "Skolen"},
                headers={"X-CSRFToken": token})
    assert client.get(start).headers["Location"].endswith("/prepare/hard")

def test_preparation_autosave_and_the_no_script_form(app, db):
    case = build_case(db)
    client = _client(app, case.people["sara"])
    token = csrf_token(client, "/account/")
    url = f"/meetings/{case.meeting.id}/prepare/hard/autosave"
    assert client.post(url, json={"hard": "Det er svært i skolen"}, headers={"X-CSRFToken": token}).get_json() == {
        "saved": 1}
    assert client.post(url, json={"hard": "Det er svært i skolen"}, headers={"X-CSRFToken": token}).get_json() == {
        "saved": 0}
    too_long = client.post(url, json={"hard": "x" * 2001}, headers={"X-CSRFToken": token})
    assert too_long.status_code == 400
    assert "2000" in too_long.get_json()["error"]
    assert client.post(url, json={"not_a_question": "x"}, headers={"X-CSRFToken": token}).get_json() == {"saved": 0}
    form = client.post(f"/meetings/{case.meeting.id}/prepare/people",
                       data={"csrf_token": token, "want_present": "Min mor", "not_present": "", "go": "next"})
    assert form.status_code == 302
    assert form.headers["Location"].endswith("/prepare/bisidder")
    reread(db)
    answers = {a.question: a.text for a in db.exec(select(PreparationAnswer).where(
        PreparationAnswer.meeting_id == case.meeting.id))}
    assert answers["hard"] == "Det er svært i skolen"
    assert answers["want_present"] == "Min mor"
    rejected = client.post(f"/meetings/{case.meeting.id}/prepare/questions",
                           data={"csrf_token": token, "questions": "y" * 2500, "go": "next"})
    assert rejected.status_code == 400
    assert "y" * 2500 in rejected.get_data(as_text=True)  # what was typed comes back


def test_sharing_is_per_part_and_withdrawal_counts_at_once(app, db):
    case = build_case(db, past=False)
    sara, lene = case.people["sara"], case.people["lene"]
    sharing.set_meeting_share(db, owner=sara, meeting=case.meeting, grantee=lene, parts=["decisions"])
    db.commit()
    lene_client = _client(app, lene)
    page = lene_client.get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert f"{case.marker}-decision" in page
    assert f"{case.marker}-hard" not in page and f"{case.marker}-decided" not in page
    sara_client = _client(app, sara)
    preview = sara_client.get(f"/meetings/{case.meeting.id}/preview/{lene.id}").get_data(as_text=True)
    assert f"{case.marker}-decision" in preview and f"{case.marker}-hard" not in preview
    post_form(sara_client, f"/meetings/{case.meeting.id}/share/stop", token_page="/account/")
    assert lene_client.get(f"/meetings/{case.meeting.id}").status_code == 404
    assert case.marker not in lene_client.get("/people/").get_data(as_text=True)


def test_sharing_form_tells_about_the_case_file_and_cannot_share_with_strangers(app, db):
    case = build_case(db)
    client = _client(app, case.people["sara"])
    page = client.get(f"/meetings/{case.meeting.id}/share").get_data(as_text=True)
    assert "case file" in page
    assert "Ali Demir" not in page and "Sofie Berg" not in page
    token = csrf_token(client, "/account/")
    client.post(f"/meetings/{case.meeting.id}/share", data={"csrf_token": token,
                                                            f"parts-{case.people['ali'].id}": "preparation"})
    assert _client(app, case.people["ali"]).get(f"/meetings/{case.meeting.id}").status_code == 404


def test_share_notifies_without_content_and_is_audited(app, db):
    case = build_case(db)
    reread(db)
    note = db.exec(select(Notification).where(Notification.user_id == case.people["lene"].id)).one()
    assert note.kind == "meeting_shared"
    assert case.marker not in note.link
    actions = [e.action for e in db.exec(select(AuditEvent).where(AuditEvent.subject_id == case.people["sara"].id))]
    assert actions.count("shared") == 2 and "share_withdrawn" in actions


def test_responses_reply_and_helpful(app, db):
    case = build_case(db)
    sara, lene = case.people["sara"], case.people["lene"]
    lene_client = _client(app, lene)
    bad = post_form(lene_client, f"/meetings/{case.meeting.id}/responses",
                    {"part": "decisions", "target": "decision:x", "kind": "suggestion", "text": ""},
                    token_page="/people/")
    assert bad.status_code == 400
    ok = post_form(lene_client, f"/meetings/{case.meeting.id}/responses",
                   {"part": "decisions", "target": "decision:x", "kind": "suggestion", "text": "Prøv at spørge"},
                   token_page="/people/")
    assert ok.status_code == 302
    reread(db)
    root = db.exec(select(Response).where(Response.kind == "suggestion")).one()
    sara_client = _client(app, sara)
    post_form(sara_client, f"/meetings/{case.meeting.id}/responses/{root.id}/reply", {"text": "Tak!"},
              token_page="/account/")
    post_form(sara_client, f"/meetings/{case.meeting.id}/responses/{root.id}/helpful", token_page="/account/")
    reread(db)
    assert db.get(Response, root.id).helpful_at is not None
    replies = db.exec(select(Response).where(Response.parent_id == root.id)).all()
    assert [r.text for r in replies] == ["Tak!"]
    assert db.exec(select(Notification).where(Notification.user_id == lene.id, Notification.kind == "reply")).one()
    # Peter, linked but not shown the meeting, can't answer; Lene can't mark her own response helpful.
    assert post_form(_client(app, case.people["peter"]), f"/meetings/{case.meeting.id}/responses",
                     {"part": "decisions", "kind": "comment", "text": "x"}, token_page="/people/").status_code == 404
    assert post_form(lene_client, f"/meetings/{case.meeting.id}/responses/{root.id}/helpful",
                     token_page="/people/").status_code == 404


def test_receipt_answer_accept_and_contest(app, db):
    case = build_case(db)
    lene_client = _client(app, case.people["lene"])
    url = f"/meetings/{case.meeting.id}/receipt/{case.ids['link_id']}/answer"
    missing = post_form(lene_client, url, {"answer": "not_followed", "reason": ""}, token_page="/people/")
    assert missing.status_code == 400
    missing_page = missing.get_data(as_text=True)
    assert missing_page.count("Explain in plain words why.") == 1  # once, at the field, not again at the top
    assert f'id="reason-error-{case.ids["link_id"]}"' in missing_page
    unchosen = post_form(lene_client, url, {"reason": "Fordi"}, token_page="/people/")
    unchosen_page = unchosen.get_data(as_text=True)
    assert unchosen.status_code == 400 and "Choose one of the answers." in unchosen_page
    # The error is at the choice that is missing, and the reason typed is kept.
    assert f'id="answer-error-{case.ids["link_id"]}"' in unchosen_page
    assert f'id="reason-error-{case.ids["link_id"]}"' not in unchosen_page and ">Fordi</textarea>" in unchosen_page
    assert post_form(lene_client, url, {"answer": "not_followed", "reason": "Din plejefamilie flytter"},
                     token_page="/people/").status_code == 302
    sara_client = _client(app, case.people["sara"])
    page = sara_client.get(f"/meetings/{case.meeting.id}/receipt").get_data(as_text=True)
    assert "Din plejefamilie flytter" in page and "complain" in page
    contest_url = f"/meetings/{case.meeting.id}/receipt/{case.ids['link_id']}/contest"
    empty = post_form(sara_client, contest_url, {"contest": "  "}, token_page="/account/")
    assert empty.status_code == 400
    post_form(sara_client, contest_url, {"contest": "Det har ingen spurgt mig om"}, token_page="/account/")
    lene_page = lene_client.get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert "Det har ingen spurgt mig om" in lene_page
    reread(db)
    assert db.exec(select(Notification).where(Notification.kind == "receipt_contested",
                                              Notification.user_id == case.people["lene"].id)).one()
    post_form(sara_client, f"/meetings/{case.meeting.id}/receipt/{case.ids['link_id']}/accept", token_page="/account/")
    reread(db)
    thread = receipts.thread_of(db, db.get(MeetingDecision, case.ids["link_id"]))
    assert thread.accepted and [entry.kind for entry in thread.entries] == ["accepted", "disagreed", "answer"]
    assert thread.entries[1].text == "Det har ingen spurgt mig om"  # accepting later keeps what she wrote


def test_receipt_cannot_be_answered_before_the_meeting(app, db):
    case = build_case(db, past=False)
    client = _client(app, case.people["lene"])
    response = post_form(client, f"/meetings/{case.meeting.id}/receipt/{case.ids['link_id']}/answer",
                         {"answer": "followed", "reason": "Ja"}, token_page="/people/")
    assert response.status_code == 400


def test_working_days_and_overdue_receipts(app, db):
    assert receipts.add_working_days(date(2026, 11, 20), 5) == date(2026, 11, 27)  # Friday + 5 working days
    assert receipts.add_working_days(date(2026, 11, 21), 1) == date(2026, 11, 23)  # Saturday -> Monday
    case = build_case(db)
    meeting = db.get(Meeting, case.meeting.id)
    lene = case.people["lene"]
    assert receipts.overdue_for(db, lene, 5) == []  # two days ago: not overdue yet
    meeting.starts_at = utcnow() - timedelta(days=10)
    db.add(meeting)
    db.commit()
    assert [m.id for m in receipts.overdue_for(db, lene, 5)] == [meeting.id]
    assert receipts.overdue_for(db, case.people["peter"], 5) == []
    dashboard = _client(app, lene).get("/people/").get_data(as_text=True)
    assert 'data-testid="overdue"' in dashboard
    reread(db)  # end this test's read snapshot before writing (SQLite)
    access = meeting_for(db, lene, meeting.id, log_view=False)
    receipts.answer(db, access=access, link_id=case.ids["link_id"], answer_value="followed", reason="Ja")
    db.commit()
    assert receipts.overdue_for(db, lene, 5) == []


def test_decisions_have_a_status_and_a_history(app, db):
    case = build_case(db)
    sara = case.people["sara"]
    client = _client(app, sara)
    decision_id = case.ids["decision_id"]
    post_form(client, f"/meetings/{case.meeting.id}/during/decisions/{case.ids['link_id']}",
              {"outcome": "agreed_together"}, token_page="/account/")
    post_form(client, f"/decisions/{decision_id}", {"text": "Jeg bliver boende til sommer", "status": "done"},
              token_page="/account/")
    reread(db)
    assert db.get(Decision, decision_id).status == "done"
    revisions = db.exec(select(DecisionRevision).where(DecisionRevision.decision_id == decision_id)
                        .order_by(DecisionRevision.at)).all()
    assert [r.status for r in revisions] == ["decision", "agreed", "done"]
    assert revisions[1].meeting_id == case.meeting.id
    page = client.get(f"/decisions/{decision_id}").get_data(as_text=True)
    assert "Jeg bliver boende til sommer" in page and f"{case.marker}-decision" in page  # the history keeps both
    bad = post_form(client, f"/decisions/{decision_id}", {"text": "", "status": "done"}, token_page="/account/")
    assert bad.status_code == 400
    lene_page = _client(app, case.people["lene"]).get(f"/decisions/{decision_id}").get_data(as_text=True)
    assert "Only they can change it" in lene_page


def test_points_notes_signals_and_next_steps(app, db):
    case = build_case(db, past=False)
    sara = case.people["sara"]
    client = _client(app, sara)
    token = csrf_token(client, "/account/")
    base = f"/meetings/{case.meeting.id}/during"
    assert client.post(f"{base}/points/{case.ids['point_id']}", data={"csrf_token": token}).status_code == 302
    assert client.post(f"{base}/signal/break", data={"csrf_token": token}).status_code == 302
    assert client.post(f"{base}/signal/shout", data={"csrf_token": token}).status_code == 404
    assert client.post(f"{base}/notes", data={"csrf_token": token, "note": ""}).status_code == 400
    reread(db)
    assert db.exec(select(MeetingSignal)).one().kind == "break"
    meetings.set_participants(db, meeting=db.get(Meeting, case.meeting.id), participant_ids=[case.people["peter"].id],
                              allowed=[case.people["peter"]])
    db.commit()
    peter = _client(app, case.people["peter"])  # takes part, content not shared with him
    signals = peter.get(f"/meetings/{case.meeting.id}/signals?since=2000-01-01T00:00:00").get_json()
    assert [s["kind"] for s in signals["signals"]] == ["break"]
    page = peter.get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert f"{case.marker}-place" in page  # as a participant he sees the time and place ...
    assert page.count(case.marker) == 1  # ... and nothing Sara wrote
    sara_token = csrf_token(client, "/account/")
    client.post(f"/meetings/{case.meeting.id}/share/stop", data={"csrf_token": sara_token})
    assert peter.get(f"/meetings/{case.meeting.id}").status_code == 404  # withdrawn: gone for him too
    home = client.get("/").get_data(as_text=True)
    assert f"{case.marker}-step" in home
    step_id = case.ids["step_id"]
    client.post(f"/meetings/{case.meeting.id}/steps/{step_id}/toggle", data={"csrf_token": token, "back": "home"})
    home = client.get("/").get_data(as_text=True)
    assert f"{case.marker}-step" not in home
    assert "The step is marked as done. You can undo it on the meeting&#39;s page." in home  # not silently gone
    reread(db)
    session_rows = " ".join(str(row.data) for row in db.exec(select(LoginSession)))
    assert case.marker not in session_rows  # the message does not copy her words into the session row


def test_after_meeting_scales_are_validated(app, db):
    case = build_case(db)
    client = _client(app, case.people["sara"])
    bad = post_form(client, f"/meetings/{case.meeting.id}/after", {"heard": "9", "who_decided": "2",
                                                                  "decided": "Noget"}, token_page="/account/")
    assert bad.status_code == 400
    assert "Noget" in bad.get_data(as_text=True)


def test_who_has_seen_what_lists_every_view(app, db):
    case = build_case(db)
    _client(app, case.people["lene"]).get(f"/meetings/{case.meeting.id}")
    page = _client(app, case.people["sara"]).get("/seen/").get_data(as_text=True)
    # One line for the meeting, naming each part of it she was shown.
    assert page.count('data-testid="seen-row"') == 1
    assert ("Lene Holm</strong>\n        saw the time and place of your meeting, your preparation, your wishes and "
            "decisions, and what you wrote after the meeting") in page
    danish = _client(app, case.people["sara"]).get("/seen/", headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert "din forberedelse" in danish


def test_reminders_for_tomorrow_are_sent_once(app, db):
    case = build_case(db, past=False)
    meeting = db.get(Meeting, case.meeting.id)
    meeting.starts_at = utcnow() + timedelta(hours=24)
    db.add(meeting)
    db.commit()
    assert meetings.remind_tomorrow(db) == 1
    assert meetings.remind_tomorrow(db) == 0
    db.commit()


def test_municipality_overview_hides_small_groups(app, db):
    from youthvoice.admin import overview

    town = make_municipality(db)
    when = utcnow() - timedelta(days=1)
    for index in range(6):
        person = make_person(db, town)
        meeting = meetings.create_meeting(db, owner=person, created_by=person, data=meetings.MeetingInput(
            kind="plan" if index < 5 else "network", starts_at=when, place="", others="", participant_ids=[]),
            allowed_participants=[])
        meetings.save_follow_up(db, meeting=meeting, heard=4 if index % 2 else 2, who_decided=3, decided="secret",
                                agree="", disagree="", follow_up="")
    db.commit()
    cells = {cell.kind: cell for cell in overview.feelings(db, town.id)}
    assert cells["plan"].young_people == 5 and cells["plan"].heard == 2.8 and cells["plan"].decided == 3.0
    assert cells["network"].hidden
    admin = make_person(db, town, Role.ADMIN)
    page = _client(app, admin).get("/admin/voice").get_data(as_text=True)
    assert "2.8" in page and "secret" not in page
    assert re.search(r"Fewer than 5 young people", page)



def test_municipality_overview_counts_danish_months(app, db):
    from youthvoice.admin import overview

    town = make_municipality(db)
    just_after_midnight = datetime(2026, 2, 28, 23, 30, tzinfo=UTC)  # 00:30 on 1 March in Denmark
    for _ in range(5):
        person = make_person(db, town)
        meeting = meetings.create_meeting(db, owner=person, created_by=person, data=meetings.MeetingInput(
            kind="plan", starts_at=just_after_midnight, place="", others="", participant_ids=[]),
            allowed_participants=[])
        meetings.save_follow_up(db, meeting=meeting, heard=4, who_decided=3, decided="", agree="", disagree="",
                                follow_up="")
    db.commit()
    assert [cell.month for cell in overview.feelings(db, town.id)] == ["2026-03"]
    assert overview.feelings(db, town.id, since=date(2026, 3, 1))[0].young_people == 5

def test_decisions_brought_to_several_meetings(db):
    case = build_case(db)
    sara = case.people["sara"]
    later = meetings.create_meeting(db, owner=sara, created_by=sara, data=meetings.MeetingInput(
        kind="plan", starts_at=utcnow() + timedelta(days=30), place="", others="", participant_ids=[]),
        allowed_participants=[])
    decision = db.get(Decision, case.ids["decision_id"])
    assert decision in decisions.open_decisions_not_in(db, sara, later)
    decisions.bring_to_meeting(db, meeting=later, decision=decision)
    assert decision not in decisions.open_decisions_not_in(db, sara, later)
    assert len(db.exec(select(MeetingDecision).where(MeetingDecision.decision_id == decision.id)).all()) == 2
    assert ALL


def test_remind_command(app, db):
    case = build_case(db, past=False)
    meeting = db.get(Meeting, case.meeting.id)
    meeting.starts_at = utcnow() + timedelta(hours=20)
    db.add(meeting)
    db.commit()
    result = app.test_cli_runner().invoke(args=["remind"])
    assert "reminded about 1 meetings" in result.output
    assert "reminded about 0 meetings" in app.test_cli_runner().invoke(args=["remind"]).output


def test_a_meeting_shared_with_only_its_time_and_place_offers_nothing_to_respond_to(app, db):
    case = build_case(db)
    sara, lene = case.people["sara"], case.people["lene"]
    sharing.set_meeting_share(db, owner=sara, meeting=case.meeting, grantee=lene, parts=[SharePart.BASICS])
    db.commit()
    page = _client(app, lene).get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert 'data-testid="only-basics"' in page
    assert "You are a sparring partner here" not in page  # nothing to comment on
    assert "One-page summary" not in page and 'id="responses"' not in page
    sharing.set_meeting_share(db, owner=sara, meeting=case.meeting, grantee=lene, parts=ALL)
    db.commit()
    shared = _client(app, lene).get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert "You are a sparring partner here" in shared and "One-page summary" in shared
