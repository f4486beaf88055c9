"""Voice answers (issue 17, points 1 and 7): a recording on her item is checked for what it really is, sealed with
her data key, heard by exactly those who may see the item (each play by someone else logged before the bytes
leave), deleted or replaced by nobody but her, in "my data" and gone with erasure."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from sqlmodel import select
from support import audio
from support.casebuilder import build_case
from support.client import csrf_token
from support.database import reread
from support.people import login_as

from youthvoice.core import personal_data
from youthvoice.core.db import new_session
from youthvoice.identity.models import User
from youthvoice.meetings import recordings
from youthvoice.meetings.models import MeetingPoint, PreparationAnswer, VoiceAnswerTo, VoiceRecording
from youthvoice.mydata import data_rights
from youthvoice.privacy import words
from youthvoice.privacy.models import AuditEvent
from youthvoice.sharing import sharing


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def _upload(client, url, data, *, key=None, content_type="audio/webm;codecs=opus"):  # type: ignore[no-untyped-def]
    headers = {"X-CSRFToken": csrf_token(client, "/account/"), "Accept": "application/json",
               "Content-Type": content_type}
    if key:
        headers["Idempotency-Key"] = key
    return client.post(url, data=data, headers=headers)


def _views_of(app, viewer, owner):  # type: ignore[no-untyped-def]
    with new_session(app) as db:
        return [(event.object_type, event.object_id) for event in db.exec(select(AuditEvent).where(
            AuditEvent.actor_id == viewer.id, AuditEvent.subject_id == owner.id, AuditEvent.action == "view"))]


# --- what a recording is: from its bytes, never from what the browser says -------------------------------


@pytest.mark.parametrize(("data", "container", "seconds"), [
    (audio.webm(), "webm", None), (audio.ogg(30), "ogg", 30.0), (audio.mp4(61.5), "mp4", 61.5)])
def test_the_phone_formats_are_known_by_their_bytes(app, data, container, seconds):
    from youthvoice.core import audio as rules

    found = rules.check(data)
    assert (found.container, found.seconds) == (container, seconds)


@pytest.mark.parametrize(("data", "says"), [
    (b"<html>not a sound</html>" * 10, "not a sound recording"),
    (audio.ogg(200), "longer than 2 minutes"), (audio.mp4(126), "longer than 2 minutes"),
    (audio.webm(size=3 * 1024 * 1024 + 1), "too big"),
    (audio.mp4(10)[:-100], "broken"), (b"OggS" + bytes(100), "broken"), (b"\x1a\x45\xdf\xa3" + bytes(100), "broken"),
])
def test_a_bad_recording_is_refused_with_a_message_she_can_read(app, db, data, says):
    """Point 7: not audio, too long, too big, broken: a translated message for the recorder, nothing kept, and the
    preparation page around it is as it was."""
    case = build_case(db)
    sara = case.people["sara"]
    client = _client(app, sara)
    response = _upload(client, f"/voice/point/{case.ids['point_id']}", data, content_type="audio/ogg")
    assert response.status_code in (413, 422)
    assert says in response.get_json()["error"]
    assert response.get_json()["field"] == "audio"
    reread(db)
    assert db.exec(select(VoiceRecording)).all() == []
    assert [point.text for point in db.exec(select(MeetingPoint))] == [f"{case.marker}-point"]


# --- keeping, replacing and deleting: hers alone --------------------------------------------------------


def test_her_recording_is_sealed_with_her_key_and_kept_once(app, db):
    case = build_case(db)
    sara = case.people["sara"]
    client = _client(app, sara)
    data = audio.webm(b"CANARYVOICE-sealed")
    first = _upload(client, f"/voice/point/{case.ids['point_id']}", data, key="k" * 24)
    again = _upload(client, f"/voice/point/{case.ids['point_id']}", data, key="k" * 24)  # the outbox, once more
    assert first.status_code == 201 and again.status_code == 200 and again.get_json()["replayed"]
    assert first.get_json()["id"] == again.get_json()["id"]
    reread(db)
    (row,) = db.exec(select(VoiceRecording)).all()
    assert row.audio_sealed is not None and b"CANARYVOICE" not in row.audio_sealed
    assert (row.owner_id, row.answers, row.item_id, row.container) == (sara.id, "point", case.ids["point_id"],
                                                                       "webm")
    assert row.audio == data
    # Recording again replaces it: still one recording on the point.
    assert _upload(client, f"/voice/point/{case.ids['point_id']}", audio.ogg(20)).status_code == 201
    reread(db)
    (row,) = db.exec(select(VoiceRecording)).all()
    assert (row.container, row.seconds) == ("ogg", 20.0)


def test_she_answers_a_question_or_adds_a_point_by_voice_alone(app, db):
    case = build_case(db)
    client = _client(app, case.people["sara"])
    meeting_id = case.meeting.id
    assert _upload(client, f"/voice/question/{meeting_id}?question=want_present", audio.mp4(12)).status_code == 201
    assert _upload(client, f"/voice/question/{meeting_id}?question=nonsense", audio.mp4(12)).status_code == 404
    assert _upload(client, f"/voice/new-point/{meeting_id}", audio.webm()).status_code == 201
    reread(db)
    answer = db.exec(select(PreparationAnswer).where(PreparationAnswer.question == "want_present")).one()
    assert answer.text is None
    kinds = sorted(row.answers for row in db.exec(select(VoiceRecording)))
    assert kinds == ["point", "question"]
    points = db.exec(select(MeetingPoint).where(MeetingPoint.meeting_id == meeting_id)).all()
    assert len(points) == 2 and sorted(str(point.text) for point in points) == sorted(["None", f"{case.marker}-point"])
    page = client.get(f"/meetings/{meeting_id}/prepare/points").get_data(as_text=True)
    assert 'data-testid="voice-point-2-saved"' in page and ">None<" not in page and 'value="None"' not in page


def test_nobody_else_keeps_deletes_or_replaces_her_recording(app, db):
    case = build_case(db)
    sara, lene, mads = case.people["sara"], case.people["lene"], case.people["mads"]
    recording = _keep(db, sara, case)
    for person in (lene, mads):
        client = _client(app, person)
        assert _upload(client, f"/voice/point/{case.ids['point_id']}", audio.ogg(3)).status_code == 404
        token = csrf_token(client, "/account/")
        assert client.post(f"/voice/{recording.id}/delete", data={"confirm": "yes", "csrf_token": token}) \
            .status_code == 404
    reread(db)
    assert db.get(VoiceRecording, recording.id).audio == audio.webm(b"hers")
    # The guard on the session refuses it too, whatever a route would do.
    with new_session(app) as session:
        words.act_as(session, lene.id)
        row = session.get(VoiceRecording, recording.id)
        row.audio = audio.ogg(1)
        with pytest.raises(words.WordsProtected):
            session.flush()
        session.rollback()
        words.act_as(session, lene.id)
        session.delete(session.get(VoiceRecording, recording.id))
        with pytest.raises(words.WordsProtected):
            session.flush()


def test_she_deletes_her_recording_after_confirming(app, db):
    case = build_case(db)
    sara = case.people["sara"]
    recording_id = _keep(db, sara, case).id
    client = _client(app, sara)
    token = csrf_token(client, "/account/")
    assert client.post(f"/voice/{recording_id}/delete", data={"csrf_token": token}).status_code == 400
    assert client.post(f"/voice/{recording_id}/delete", data={"confirm": "yes", "csrf_token": token}) \
        .status_code == 200
    reread(db)
    assert db.get(VoiceRecording, recording_id) is None


def test_removing_a_point_removes_its_recording(app, db):
    case = build_case(db)
    sara = case.people["sara"]
    _keep(db, sara, case)
    client = _client(app, sara)
    token = csrf_token(client, f"/meetings/{case.meeting.id}/prepare/points")
    response = client.post(f"/meetings/{case.meeting.id}/prepare/points",
                           data={"csrf_token": token, "remove_point": str(case.ids["point_id"]), "go": "stay"})
    assert response.status_code == 302
    reread(db)
    assert db.exec(select(VoiceRecording)).all() == []


def _keep(db, owner, case, answers=VoiceAnswerTo.POINT, item_id=None, meeting_id=None):  # type: ignore[no-untyped-def]
    words.act_as(db, owner.id)
    recording = recordings.keep(db, owner=owner, answers=answers, item_id=item_id or case.ids["point_id"],
                                meeting_id=meeting_id or case.meeting.id, data=audio.webm(b"hers"))
    db.commit()
    words.act_as(db, None)
    return recording


# --- who hears it: whoever may see the item, logged before the bytes leave --------------------------------


def test_whoever_sees_the_item_hears_it_and_everyone_else_gets_a_404(app, db):
    """Lene sees the preparation; Peter is linked but was shown nothing; Mette was shown and then not; Ali and Sofie
    do not work with Sara."""
    case = build_case(db)
    sara = case.people["sara"]
    recording = _keep(db, sara, case)
    url = f"/voice/{recording.id}"
    own = _client(app, sara).get(url)
    assert own.status_code == 200 and own.data == audio.webm(b"hers")
    assert own.headers["Cache-Control"] == "no-store" and own.headers["Content-Type"] == "audio/webm"
    lene = _client(app, case.people["lene"]).get(url)
    assert lene.status_code == 200 and lene.data == audio.webm(b"hers")
    assert lene.headers["Cache-Control"] == "no-store"
    for name in ("peter", "mette", "ali", "sofie", "mads", "henrik"):
        response = _client(app, case.people[name]).get(url)
        assert response.status_code == 404, name
        assert b"hers" not in response.data
    # Sara stops sharing the preparation with Lene (the rest stays shared): the recording goes with it.
    sharing.set_meeting_share(db, owner=sara, meeting=case.meeting, grantee=case.people["lene"],
                              parts=["basics", "decisions", "after"])
    db.commit()
    assert _client(app, case.people["lene"]).get(url).status_code == 404


def test_a_play_by_someone_else_is_in_who_has_seen_what(app, db):
    case = build_case(db)
    sara, lene = case.people["sara"], case.people["lene"]
    recording = _keep(db, sara, case)
    before = _views_of(app, lene, sara)
    assert _client(app, lene).get(f"/voice/{recording.id}").status_code == 200
    after = _views_of(app, lene, sara)
    assert ("voice", str(case.meeting.id)) in set(after) - set(before)
    # Her own plays are no one else's view; a refused one is not a view at all.
    _client(app, sara).get(f"/voice/{recording.id}")
    _client(app, case.people["peter"]).get(f"/voice/{recording.id}")
    assert _views_of(app, sara, sara) == [] and _views_of(app, case.people["peter"], sara) == []
    page = _client(app, sara).get("/seen/").get_data(as_text=True)
    assert "your voice recording" in page


def test_the_view_is_written_before_the_bytes_leave(app, db, monkeypatch):
    """If the audit entry cannot be written, the recording is not sent."""
    case = build_case(db)
    recording = _keep(db, case.people["sara"], case)
    from youthvoice.privacy import audit

    def broken(**_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the audit log is unavailable")

    monkeypatch.setattr(audit, "record_views", broken)
    response = _client(app, case.people["lene"]).get(f"/voice/{recording.id}")
    assert response.status_code >= 500
    assert b"hers" not in response.data


def test_the_professional_page_plays_what_is_shared_and_a_disagreement_by_voice(app, db):
    case = build_case(db)
    sara, lene = case.people["sara"], case.people["lene"]
    point_recording = _keep(db, sara, case)
    from youthvoice.meetings import receipts
    from youthvoice.sharing.access import meeting_for

    receipts.answer(db, access=meeting_for(db, lene, case.meeting.id, log_view=False), link_id=case.ids["link_id"],
                    answer_value="not_followed", reason="Ikke nu")
    words.act_as(db, sara.id)
    entry = receipts.contest(db, access=meeting_for(db, sara, case.meeting.id, log_view=False),
                             link_id=case.ids["link_id"], text="Det er jeg ikke enig i")
    db.commit()
    disagreement = _keep(db, sara, case, VoiceAnswerTo.DISAGREEMENT, entry.id)
    page = _client(app, lene).get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert f"/voice/{point_recording.id}" in page and f"/voice/{disagreement.id}" in page
    assert _client(app, lene).get(f"/voice/{disagreement.id}").status_code == 200
    # Her receipt page: her disagreement with a recorder to record it again.
    receipt = _client(app, sara).get(f"/meetings/{case.meeting.id}/receipt").get_data(as_text=True)
    assert 'data-testid="voice-disagreement"' in receipt and f"/voice/{disagreement.id}" in receipt
    # Peter was shown nothing: not on any page, and a 404.
    assert _client(app, case.people["peter"]).get(f"/voice/{disagreement.id}").status_code == 404


def test_a_wish_by_voice_is_heard_where_its_meeting_shares_decisions(app, db):
    case = build_case(db)
    sara, lene = case.people["sara"], case.people["lene"]
    client = _client(app, sara)
    response = _upload(client, f"/voice/decision/{case.ids['decision_id']}", audio.ogg(8))
    assert response.status_code == 201
    recording_id = response.get_json()["id"]
    steps_page = client.get(f"/meetings/{case.meeting.id}/prepare/decisions").get_data(as_text=True)
    assert f"/voice/{recording_id}" in steps_page
    assert f"/voice/{recording_id}" in _client(app, lene).get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert _client(app, lene).get(f"/voice/{recording_id}").status_code == 200
    assert ("decision", str(case.ids["decision_id"])) in _views_of(app, lene, sara)
    for name in ("peter", "mette", "ali"):
        assert _client(app, case.people[name]).get(f"/voice/{recording_id}").status_code == 404, name


def test_what_she_says_after_the_meeting_is_heard_where_after_is_shared(app, db):
    case = build_case(db)
    sara, lene = case.people["sara"], case.people["lene"]
    client = _client(app, sara)
    response = _upload(client, f"/voice/after/{case.meeting.id}", audio.mp4(40))
    assert response.status_code == 201
    recording_id = response.get_json()["id"]
    assert f"/voice/{recording_id}" in client.get(f"/meetings/{case.meeting.id}/after").get_data(as_text=True)
    assert f"/voice/{recording_id}" in _client(app, lene).get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    sharing.set_meeting_share(db, owner=sara, meeting=case.meeting, grantee=lene, parts=["basics", "preparation"])
    db.commit()
    assert _client(app, lene).get(f"/voice/{recording_id}").status_code == 404
    assert _upload(_client(app, lene), f"/voice/after/{case.meeting.id}", audio.mp4(4)).status_code == 404


# --- "my data" and erasure ---------------------------------------------------------------------------------


def test_my_data_lists_her_recordings_and_the_zip_holds_them(app, db):
    case = build_case(db)
    sara = case.people["sara"]
    recording = _keep(db, sara, case)
    exported = data_rights.my_data(db, db.get(User, sara.id), personal_data.registry_of(app).sections.values())
    (listed,) = exported["voice_recordings"]
    assert listed["answers"] == "point" and listed["file"].endswith(".webm")
    response = _client(app, sara).get("/account/data/recordings.zip")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    bundle = zipfile.ZipFile(io.BytesIO(response.data))
    assert bundle.read(listed["file"]) == audio.webm(b"hers") == db.get(VoiceRecording, recording.id).audio
    assert json.dumps(exported)  # the JSON download holds no bytes
    printed = _client(app, sara).get("/account/data/print").get_data(as_text=True)
    assert listed["file"] in printed


def test_erasure_removes_her_recordings_from_the_database_files(app, db, backend):
    """Canary bytes in a recording: never in the database in the clear (sealed), and after erasure neither the
    row nor its sealed bytes are left in the file or its write-ahead log."""
    case = build_case(db)
    sara = case.people["sara"]
    words.act_as(db, sara.id)
    canary = b"CANARYVOICE" + bytes.fromhex("00ff") * 8
    recording = recordings.keep(db, owner=sara, answers=VoiceAnswerTo.POINT, item_id=case.ids["point_id"],
                                meeting_id=case.meeting.id, data=audio.webm(canary))
    db.commit()
    sealed_bytes = db.get(VoiceRecording, recording.id).audio_sealed
    sara_id = sara.id
    db.close()

    def files() -> bytes:
        path = Path(app.config["DATABASE_URL"].removeprefix("sqlite:///"))
        return b"".join(part.read_bytes() for part in (path, Path(f"{path}-wal")) if part.exists())

    if backend == "sqlite":
        assert canary not in files()  # sealed from the start
    report = data_rights.erase_each(lambda: new_session(app), [sara_id], reason="request",
                                    erasers=list(personal_data.registry_of(app).erasers.values()))
    assert report.erased == [sara_id]
    reread(db)
    assert db.exec(select(VoiceRecording).where(VoiceRecording.owner_id == sara_id)).all() == []
    if backend == "sqlite":
        raw = files()
        assert canary not in raw and sealed_bytes[12:60] not in raw


# --- her small steps and goals, and the next steps after a meeting, by voice (issue 17.1) -------------------


def _small_steps(db, sara):  # type: ignore[no-untyped-def]
    """A next step and a goal in school and work, a step in housing (an area without a goal)."""
    from youthvoice.network import steps

    step = steps.log_step(db, owner=sara, area="school_work", text="Ringe til skolen", day=None, done=False)
    goal = steps.set_goal(db, owner=sara, area="school_work", text="Færdig med 9. klasse")
    other = steps.log_step(db, owner=sara, area="housing", text="Se en lejlighed", day=None, done=False)
    db.commit()
    return step, goal, other


def _supporter(db, sara, areas):  # type: ignore[no-untyped-def]
    from support.people import link, make_person

    from youthvoice.identity.models import Municipality, Role
    from youthvoice.network import supporters

    him = make_person(db, db.get(Municipality, sara.municipality_id), Role.SUPPORTER, name="Træneren")
    link(db, db.get(User, sara.id), him)
    supporters.share_goals(db, owner=db.get(User, sara.id), supporter=him, areas=areas)
    db.commit()
    return him


def test_she_says_a_small_step_and_whoever_she_shares_her_steps_with_hears_it(app, db):
    """Her step by voice: on her page with the recorder; Lene hears it only while Sara shares her small steps with
    her (the play is in "who has seen what", linked to her small steps); Peter, Ali and Sofie never."""
    from youthvoice.sharing.models import ShareScope

    case = build_case(db)
    sara, lene = case.people["sara"], case.people["lene"]
    step, _goal, _other = _small_steps(db, sara)
    client = _client(app, sara)
    response = _upload(client, f"/voice/step/{step.id}", audio.ogg(12))
    assert response.status_code == 201
    recording_id = response.get_json()["id"]
    own_page = client.get("/steps/").get_data(as_text=True)
    assert 'data-testid="voice-step-1"' in own_page and f"/voice/{recording_id}" in own_page
    assert client.get(f"/voice/{recording_id}").data == audio.ogg(12)
    url = f"/voice/{recording_id}"
    assert _client(app, lene).get(url).status_code == 404  # not shared yet
    sharing.set_scope_share(db, owner=sara, grantee=lene, scope=ShareScope.STEPS, shared=True)
    db.commit()
    assert f"/voice/{recording_id}" in _client(app, lene).get(f"/steps/of/{sara.id}").get_data(as_text=True)
    before = _views_of(app, lene, sara)
    heard = _client(app, lene).get(url)
    assert heard.status_code == 200 and heard.data == audio.ogg(12) and heard.headers["Cache-Control"] == "no-store"
    assert ("voice_steps", str(sara.id)) in set(_views_of(app, lene, sara)) - set(before)
    seen = client.get("/seen/").get_data(as_text=True)
    assert 'data-kinds="voice_steps"' in seen and "your voice recording" in seen
    for name in ("peter", "ali", "sofie", "mads", "henrik"):
        assert _client(app, case.people[name]).get(url).status_code == 404, name
    # A meeting share is no steps share: Mette (shown the meeting once) hears nothing here either.
    assert _client(app, case.people["mette"]).get(url).status_code == 404
    # Sara stops sharing her small steps: Lene hears it no more.
    sharing.set_scope_share(db, owner=sara, grantee=lene, scope=ShareScope.STEPS, shared=False)
    db.commit()
    assert _client(app, lene).get(url).status_code == 404
    # Nobody else keeps a recording on her step.
    assert _upload(_client(app, lene), f"/voice/step/{step.id}", audio.ogg(3)).status_code == 404
    assert _upload(_client(app, case.people["mads"]), f"/voice/step/{step.id}", audio.ogg(3)).status_code == 404


def test_her_goal_by_voice_and_a_supporter_hears_exactly_what_his_page_shows(app, db):
    case = build_case(db)
    sara = case.people["sara"]
    step, goal, other = _small_steps(db, sara)
    client = _client(app, sara)
    ids = {}
    for kind, item in (("step", step), ("goal", goal), ("other", other)):
        url = f"/voice/{'goal' if kind == 'goal' else 'step'}/{item.id}"
        response = _upload(client, url, audio.webm(kind.encode()))
        assert response.status_code == 201, kind
        ids[kind] = response.get_json()["id"]
    assert f"/voice/{ids['goal']}" in client.get("/steps/goal/school_work").get_data(as_text=True)
    coach = _supporter(db, sara, ["school_work", "housing"])
    page = _client(app, coach).get(f"/backing/{sara.id}").get_data(as_text=True)
    assert f"/voice/{ids['goal']}" in page and f"/voice/{ids['step']}" in page
    assert _client(app, coach).get(f"/voice/{ids['goal']}").data == audio.webm(b"goal")
    assert _client(app, coach).get(f"/voice/{ids['step']}").status_code == 200
    assert ("voice_steps", str(sara.id)) in _views_of(app, coach, sara)
    # Housing is shared but has no open goal: his page shows nothing of it, and he hears nothing of it.
    assert f"/voice/{ids['other']}" not in page
    assert _client(app, coach).get(f"/voice/{ids['other']}").status_code == 404
    # School and work no longer shared with him: nothing of it either.
    from youthvoice.network import supporters

    supporters.share_goals(db, owner=db.get(User, sara.id), supporter=db.get(User, coach.id), areas=["housing"])
    db.commit()
    for kind in ("step", "goal"):
        assert _client(app, coach).get(f"/voice/{ids[kind]}").status_code == 404, kind
    # Another of her supporters, shown nothing: nothing.
    stranger = _supporter(db, sara, [])
    assert _client(app, stranger).get(f"/voice/{ids['goal']}").status_code == 404


def test_removing_a_step_or_goal_removes_what_she_said_about_it(app, db):
    from youthvoice.network import steps

    case = build_case(db)
    sara = case.people["sara"]
    step, goal, _other = _small_steps(db, sara)
    client = _client(app, sara)
    assert _upload(client, f"/voice/step/{step.id}", audio.ogg(5)).status_code == 201
    assert _upload(client, f"/voice/goal/{goal.id}", audio.ogg(6)).status_code == 201
    owner = db.get(User, sara.id)
    steps.remove_step(db, step=steps.own_step(db, owner, step.id))
    steps.remove_goal(db, owner=owner, area="school_work")
    db.commit()
    reread(db)
    assert db.exec(select(VoiceRecording).where(VoiceRecording.answers.in_(["step", "goal"]))).all() == []


def test_a_next_step_after_the_meeting_by_voice_is_heard_where_after_is_shared(app, db):
    case = build_case(db)
    sara, lene = case.people["sara"], case.people["lene"]
    client = _client(app, sara)
    after = client.get(f"/meetings/{case.meeting.id}/after").get_data(as_text=True)
    assert 'data-testid="voice-next-step-1"' in after
    response = _upload(client, f"/voice/next_step/{case.ids['step_id']}", audio.mp4(20))
    assert response.status_code == 201
    recording_id = response.get_json()["id"]
    assert f"/voice/{recording_id}" in client.get(f"/meetings/{case.meeting.id}/after").get_data(as_text=True)
    assert f"/voice/{recording_id}" in _client(app, lene).get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert _client(app, lene).get(f"/voice/{recording_id}").status_code == 200
    assert ("voice", str(case.meeting.id)) in _views_of(app, lene, sara)
    for name in ("peter", "mette", "ali", "sofie"):
        assert _client(app, case.people[name]).get(f"/voice/{recording_id}").status_code == 404, name
    sharing.set_meeting_share(db, owner=sara, meeting=case.meeting, grantee=lene, parts=["basics", "preparation"])
    db.commit()
    assert _client(app, lene).get(f"/voice/{recording_id}").status_code == 404
    assert _upload(_client(app, lene), f"/voice/next_step/{case.ids['step_id']}", audio.mp4(4)).status_code == 404


def test_her_small_steps_by_voice_are_in_my_data_and_gone_with_erasure(app, db):
    case = build_case(db)
    sara = case.people["sara"]
    step, goal, _other = _small_steps(db, sara)
    client = _client(app, sara)
    assert _upload(client, f"/voice/step/{step.id}", audio.webm(b"STEPCANARY")).status_code == 201
    assert _upload(client, f"/voice/goal/{goal.id}", audio.webm(b"GOALCANARY")).status_code == 201
    exported = data_rights.my_data(db, db.get(User, sara.id), personal_data.registry_of(app).sections.values())
    listed = {row["answers"]: row for row in exported["voice_recordings"]}
    assert {"step", "goal"} <= set(listed)
    bundle = zipfile.ZipFile(io.BytesIO(client.get("/account/data/recordings.zip").data))
    assert bundle.read(listed["step"]["file"]) == audio.webm(b"STEPCANARY")
    assert bundle.read(listed["goal"]["file"]) == audio.webm(b"GOALCANARY")
    sara_id = sara.id
    db.close()
    report = data_rights.erase_each(lambda: new_session(app), [sara_id], reason="request",
                                    erasers=list(personal_data.registry_of(app).erasers.values()))
    assert report.erased == [sara_id]
    reread(db)
    assert db.exec(select(VoiceRecording).where(VoiceRecording.owner_id == sara_id)).all() == []
