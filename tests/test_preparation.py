"""Typed text is never thrown away: on the young person's pages with an add box (the preparation's points and
wishes, the notes during the meeting, the next steps after it), leaving by the page's main button keeps what is
in the box as an entry, exactly once under the form's request key, and keeps everything else typed on the page.
The forms here are posted as a browser without JavaScript posts them; the outbox's path (the API first, under
the same key) is checked too."""

from __future__ import annotations

from sqlmodel import col, select
from support.casebuilder import build_case
from support.client import csrf_token
from support.database import reread
from support.people import login_as

from youthvoice.core import idempotency
from youthvoice.meetings.models import (
    Decision,
    DecisionStatus,
    FollowUp,
    MeetingDecision,
    MeetingNote,
    MeetingPoint,
    NextStep,
)


def _sara(app, db, *, past: bool = False):  # type: ignore[no-untyped-def]
    case = build_case(db, past=past)
    client = app.test_client()
    login_as(app, client, case.people["sara"])
    return case, client, csrf_token(client, "/account/")


def _points(db, meeting_id) -> list[str]:  # type: ignore[no-untyped-def]
    reread(db)
    return [row.text for row in db.exec(select(MeetingPoint).where(MeetingPoint.meeting_id == meeting_id)
                                        .order_by(col(MeetingPoint.position)))]


def _decisions(db, meeting_id) -> dict[str, str]:  # type: ignore[no-untyped-def]
    reread(db)
    rows = db.exec(select(Decision).join(MeetingDecision, col(MeetingDecision.decision_id) == Decision.id)
                   .where(MeetingDecision.meeting_id == meeting_id))
    return {row.text: row.status for row in rows}


def _notes(db, meeting_id) -> list[str]:  # type: ignore[no-untyped-def]
    reread(db)
    return [row.text for row in db.exec(select(MeetingNote).where(MeetingNote.meeting_id == meeting_id))]


def _steps(db, meeting_id) -> list[str]:  # type: ignore[no-untyped-def]
    reread(db)
    return [row.what for row in db.exec(select(NextStep).where(NextStep.meeting_id == meeting_id))]


# --- the preparation's points -----------------------------------------------------------------------------


def test_a_point_typed_but_not_added_is_added_by_next_once(app, db):
    case, client, token = _sara(app, db)
    url = f"/meetings/{case.meeting.id}/prepare/points"
    form = {"csrf_token": token, "request_key": idempotency.new_key(), "new_point": "Mine lommepenge", "go": "next"}
    first = client.post(url, data=form)
    assert first.status_code == 302 and first.headers["Location"].endswith("/prepare/decisions")
    again = client.post(url, data=form)  # Next tapped twice, or the answer was lost and the browser sends again
    assert again.status_code == 302 and again.headers["Location"].endswith("/prepare/decisions")
    assert _points(db, case.meeting.id) == [f"{case.marker}-point", "Mine lommepenge"]
    page = client.get(url).get_data(as_text=True)
    assert 'value="Mine lommepenge"' in page  # in the list, not left in the box
    assert 'name="new_point" maxlength="1000" value=""' in page


def test_every_button_of_the_points_screen_keeps_what_is_typed(app, db):
    case, client, token = _sara(app, db)
    url = f"/meetings/{case.meeting.id}/prepare/points"
    point = f"point-{case.ids['point_id']}"
    back = client.post(url, data={"csrf_token": token, "request_key": idempotency.new_key(), "go": "back",
                                  point: "Min lejlighed", "new_point": "Skolen"})
    assert back.headers["Location"].endswith("/prepare/hard")
    assert _points(db, case.meeting.id) == ["Min lejlighed", "Skolen"]  # the change and the new one
    school = next(row for row in db.exec(select(MeetingPoint)) if row.text == "Skolen")
    removed = client.post(url, data={"csrf_token": token, "request_key": idempotency.new_key(),
                                     "remove_point": str(school.id), point: "Min lejlighed i byen",
                                     "new_point": "Fritidsjob"})
    assert removed.headers["Location"].endswith("/prepare/points")  # stays, with everything typed saved
    assert _points(db, case.meeting.id) == ["Min lejlighed i byen", "Fritidsjob"]


def test_add_with_an_empty_box_says_so_and_a_refused_point_keeps_everything_typed(app, db):
    case, client, token = _sara(app, db)
    url = f"/meetings/{case.meeting.id}/prepare/points"
    key = idempotency.new_key()
    empty = client.post(url, data={"csrf_token": token, "request_key": key, "go": "add", "new_point": "  "})
    assert empty.status_code == 400
    assert 'id="new_point-error"' in empty.get_data(as_text=True)
    point = f"point-{case.ids['point_id']}"
    refused = client.post(url, data={"csrf_token": token, "request_key": key, "go": "next",
                                     point: "Min ændrede tekst", "new_point": "z" * 600})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "z" * 600 in page and "Min ændrede tekst" in page and 'aria-describedby="new_point-error"' in page
    assert _points(db, case.meeting.id) == [f"{case.marker}-point"]  # nothing half-saved
    fixed = client.post(url, data={"csrf_token": token, "request_key": key, "go": "next", point: "Min ændrede tekst",
                                   "new_point": "Kortere"})
    assert fixed.status_code == 302  # the refused entry left its key free for the corrected one
    assert _points(db, case.meeting.id) == ["Min ændrede tekst", "Kortere"]


def test_a_point_the_outbox_sent_first_is_not_added_again_by_the_form(app, db):
    """With JavaScript the typed point goes through the outbox to the API under the form's key, then the form
    follows with the same key and text: still one point."""
    case, client, token = _sara(app, db)
    key = idempotency.new_key()
    api = client.post(f"/api/v1/meetings/{case.meeting.id}/points", json={"text": "Min økonomi"},
                      headers={"X-CSRFToken": token, "Idempotency-Key": key})
    assert api.status_code == 201 and api.get_json()["replayed"] is False
    retry = client.post(f"/api/v1/meetings/{case.meeting.id}/points", json={"text": "Min økonomi"},
                        headers={"X-CSRFToken": token, "Idempotency-Key": key})
    assert retry.status_code == 200 and retry.get_json() == {"id": api.get_json()["id"], "replayed": True}
    form = client.post(f"/meetings/{case.meeting.id}/prepare/points",
                       data={"csrf_token": token, "request_key": key, "go": "next", "new_point": "Min økonomi"})
    assert form.status_code == 302 and form.headers["Location"].endswith("/prepare/decisions")
    assert _points(db, case.meeting.id).count("Min økonomi") == 1
    no_key = client.post(f"/api/v1/meetings/{case.meeting.id}/points", json={"text": "Uden nøgle"},
                         headers={"X-CSRFToken": token})
    assert no_key.status_code == 400 and no_key.get_json()["field"] == "Idempotency-Key"


def test_a_hand_made_form_without_a_key_still_keeps_the_point(app, db):
    case, client, token = _sara(app, db)
    response = client.post(f"/meetings/{case.meeting.id}/prepare/points",
                           data={"csrf_token": token, "go": "next", "new_point": "Uden nøgle"})
    assert response.status_code == 302
    assert "Uden nøgle" in _points(db, case.meeting.id)


# --- the preparation's wishes and decisions ---------------------------------------------------------------


def test_a_wish_typed_but_not_added_is_added_by_next_once_with_its_kind(app, db):
    case, client, token = _sara(app, db)
    url = f"/meetings/{case.meeting.id}/prepare/decisions"
    decision = str(case.ids["decision_id"])
    form = {"csrf_token": token, "request_key": idempotency.new_key(), "go": "next",
            f"decision-{decision}": "Jeg vil bo hos min moster", f"status-{decision}": "agreed",
            "new_decision": "Jeg vil have en fast kontaktperson", "new_status": "decision"}
    assert client.post(url, data=form).headers["Location"].endswith("/prepare/people")
    assert client.post(url, data=form).headers["Location"].endswith("/prepare/people")  # tapped twice
    assert _decisions(db, case.meeting.id) == {"Jeg vil bo hos min moster": DecisionStatus.AGREED,
                                               "Jeg vil have en fast kontaktperson": DecisionStatus.DECISION}
    api = client.post(f"/api/v1/meetings/{case.meeting.id}/decisions",
                      json={"text": "Jeg vil have en fast kontaktperson", "status": "decision"},
                      headers={"X-CSRFToken": token, "Idempotency-Key": form["request_key"]})
    assert api.status_code == 200 and api.get_json()["replayed"] is True  # the key is the form's: one entry
    other = client.post(f"/api/v1/meetings/{case.meeting.id}/decisions", json={"text": "Et ønske", "status": "wish"},
                        headers={"X-CSRFToken": token, "Idempotency-Key": form["request_key"]})
    assert other.status_code == 422  # the same key for other words is not a retry: refused, not swallowed
    assert "Et ønske" not in _decisions(db, case.meeting.id)


def test_leaving_out_and_bringing_keep_the_wish_being_typed(app, db):
    case, client, token = _sara(app, db)
    url = f"/meetings/{case.meeting.id}/prepare/decisions"
    decision = str(case.ids["decision_id"])
    left = client.post(url, data={"csrf_token": token, "request_key": idempotency.new_key(), "leave": decision,
                                  "new_decision": "Mere tid med mine venner"})
    assert left.headers["Location"].endswith("/prepare/decisions")
    assert _decisions(db, case.meeting.id) == {"Mere tid med mine venner": DecisionStatus.WISH}
    brought = client.post(url, data={"csrf_token": token, "request_key": idempotency.new_key(), "bring": decision,
                                     "new_decision": "Selv bestemme min sengetid", "new_status": "decision"})
    assert brought.headers["Location"].endswith("/prepare/decisions")
    assert _decisions(db, case.meeting.id) == {"Mere tid med mine venner": DecisionStatus.WISH,
                                               f"{case.marker}-decision": DecisionStatus.DECISION,
                                               "Selv bestemme min sengetid": DecisionStatus.DECISION}


# --- during and after the meeting -----------------------------------------------------------------------


def test_the_meeting_is_over_keeps_the_note_being_typed(app, db):
    case, client, token = _sara(app, db)
    url = f"/meetings/{case.meeting.id}/during/notes"
    form = {"csrf_token": token, "request_key": idempotency.new_key(), "note": "Lene ringer fredag", "go": "after"}
    first = client.post(url, data=form)
    assert first.status_code == 302 and first.headers["Location"] == f"/meetings/{case.meeting.id}/after"
    again = client.post(url, data=form)
    assert again.headers["Location"] == f"/meetings/{case.meeting.id}/after"
    assert _notes(db, case.meeting.id) == [f"{case.marker}-note", "Lene ringer fredag"]
    # Nothing typed: simply on to "after", and the key is still free for a note written on the page later.
    key = idempotency.new_key()
    nothing = client.post(url, data={"csrf_token": token, "request_key": key, "note": " ", "go": "after"})
    assert nothing.headers["Location"] == f"/meetings/{case.meeting.id}/after"
    noted = client.post(url, data={"csrf_token": token, "request_key": key, "note": "Møde igen i juni"})
    assert noted.headers["Location"].endswith("#notes")
    assert _notes(db, case.meeting.id)[-1] == "Møde igen i juni"
    # With JavaScript the outbox sends the note to the API first, under the form's key; the form follows.
    key = idempotency.new_key()
    api = client.post(f"/api/v1/meetings/{case.meeting.id}/notes", json={"text": "Bisidder med næste gang"},
                      headers={"X-CSRFToken": token, "Idempotency-Key": key})
    assert api.status_code == 201
    client.post(url, data={"csrf_token": token, "request_key": key, "note": "Bisidder med næste gang", "go": "after"})
    assert _notes(db, case.meeting.id).count("Bisidder med næste gang") == 1
    page = client.get(f"/meetings/{case.meeting.id}/during/").get_data(as_text=True)
    assert 'form="note-form" name="go" value="after"' in page  # the main button belongs to the note's form


def test_save_after_the_meeting_keeps_the_next_step_being_typed(app, db):
    case, client, token = _sara(app, db, past=True)
    url = f"/meetings/{case.meeting.id}/after"
    form = {"csrf_token": token, "request_key": idempotency.new_key(), "heard": "5", "who_decided": "4",
            "decided": "Jeg flytter i juni", "step_what": "Søge lejlighed", "step_who": "Mig", "step_due": ""}
    assert client.post(url, data=form).status_code == 302
    assert client.post(url, data=form).status_code == 302  # Save tapped twice
    assert _steps(db, case.meeting.id) == [f"{case.marker}-step", "Søge lejlighed"]
    assert db.get(FollowUp, case.meeting.id).decided == "Jeg flytter i juni"
    # "Add step" and "Mark as done" save what was typed above them too.
    added = client.post(url, data={"csrf_token": token, "request_key": idempotency.new_key(), "go": "step",
                                   "heard": "5", "who_decided": "4", "decided": "Jeg flytter i juli",
                                   "step_what": "Ringe til kommunen"})
    assert added.headers["Location"].endswith("#next-steps")
    toggled = client.post(url, data={"csrf_token": token, "request_key": idempotency.new_key(),
                                     "toggle": str(case.ids["step_id"]), "heard": "5", "who_decided": "4",
                                     "decided": "Jeg flytter i august", "step_what": "Pakke"})
    assert toggled.headers["Location"].endswith("#next-steps")
    reread(db)
    assert db.get(FollowUp, case.meeting.id).decided == "Jeg flytter i august"
    assert db.get(NextStep, case.ids["step_id"]).done_at is not None
    assert _steps(db, case.meeting.id) == [f"{case.marker}-step", "Søge lejlighed", "Ringe til kommunen", "Pakke"]


def test_a_refused_next_step_keeps_everything_typed_and_adding_alone_writes_no_empty_account(app, db):
    case, client, token = _sara(app, db, past=True)
    db.delete(db.get(FollowUp, case.meeting.id))
    db.commit()
    url = f"/meetings/{case.meeting.id}/after"
    bad = client.post(url, data={"csrf_token": token, "request_key": idempotency.new_key(), "go": "step",
                                 "agree": "At jeg selv vælger", "step_what": "Søge job", "step_due": "snart"})
    assert bad.status_code == 400
    page = bad.get_data(as_text=True)
    assert "At jeg selv vælger" in page and 'value="Søge job"' in page and 'value="snart"' in page
    assert 'id="step-due-error"' in page
    empty = client.post(url, data={"csrf_token": token, "request_key": idempotency.new_key(), "go": "step",
                                   "step_what": "Søge job"})
    assert empty.status_code == 302
    reread(db)
    assert db.get(FollowUp, case.meeting.id) is None  # adding a step is not an (empty) account of the meeting
    assert "Søge job" in _steps(db, case.meeting.id)
