"""Exactly once: a create request sent again with the same key (a retry after a lost answer, the offline queue
sending twice) creates nothing new; a refused entry leaves its key free for the corrected one."""

from __future__ import annotations

import html
import re
import threading
from datetime import timedelta

from sqlmodel import func, select
from support.casebuilder import build_case
from support.client import csrf_token, post_form
from support.database import reread
from support.people import link, login_as, make_municipality, make_person

from youthvoice.core import idempotency
from youthvoice.core.db import session_scope
from youthvoice.core.idempotency_model import RequestKey
from youthvoice.core.model import utcnow
from youthvoice.identity.models import Role
from youthvoice.meetings.models import Meeting, MeetingPoint
from youthvoice.network.models import NetworkPerson, Step

KEY_FIELD = re.compile(r'name="request_key" value="([A-Za-z0-9_-]+)"')

# Every view that creates a row from a form: each must be keyed (the crash script and the offline queue rely on it).
KEYED_ENDPOINTS = {
    "steps.log", "steps.suggest", "preparation.save_step", "follow_up.save_after", "room.add_note",
    "meetings.add_bisidder_note", "meetings.new", "people.new_meeting", "follow_up.respond", "follow_up.reply",
    "council_causes.comment", "council_causes.post_update", "council_causes.propose",
    "network.add", "support.urgent", "api.log_step", "api.add_point", "api.add_decision", "api.add_note",
}


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    reread(db)
    return db.exec(select(func.count()).select_from(model)).one()


def test_every_create_view_is_keyed(app):
    keyed = {endpoint for endpoint, view in app.view_functions.items()
             if getattr(view, "__wrapped__", None) is not None and _is_keyed(view)}
    assert keyed >= KEYED_ENDPOINTS, KEYED_ENDPOINTS - keyed


def _is_keyed(view) -> bool:  # type: ignore[no-untyped-def]
    while view is not None:
        if getattr(view, "keyed", False):
            return True
        view = getattr(view, "__wrapped__", None)
    return False


def test_the_form_carries_a_key_and_a_retry_creates_one_step(app, db):
    sara = make_person(db, make_municipality(db))
    client = _client(app, sara)
    page = client.get("/steps/log").get_data(as_text=True)
    key = KEY_FIELD.search(page).group(1)
    assert KEY_FIELD.search(client.get("/steps/log").get_data(as_text=True)).group(1) != key  # fresh per form
    entry = {"area": "housing", "text": "Ringede til boligforeningen", "day": "2026-01-05", "request_key": key}
    first = post_form(client, "/steps/log", entry, token_page="/steps/log")
    again = post_form(client, "/steps/log", entry, token_page="/steps/log")
    assert first.status_code == again.status_code == 302
    assert first.headers["Location"].split("#")[0] == again.headers["Location"] == "/steps/"
    assert _count(db, Step) == 1
    other = post_form(client, "/steps/log", entry | {"request_key": idempotency.new_key()}, token_page="/steps/log")
    assert other.status_code == 302 and _count(db, Step) == 2


def test_a_refused_entry_keeps_its_key_free_and_in_the_form(app, db):
    sara = make_person(db, make_municipality(db))
    client = _client(app, sara)
    key = idempotency.new_key()
    bad = post_form(client, "/steps/log", {"area": "housing", "text": "Gik i skole", "day": "nope",
                                          "request_key": key}, token_page="/steps/log")
    assert bad.status_code == 400
    assert f'name="request_key" value="{key}"' in bad.get_data(as_text=True)
    assert _count(db, RequestKey) == 0
    good = post_form(client, "/steps/log", {"area": "housing", "text": "Gik i skole", "day": "2026-01-05",
                                           "request_key": key}, token_page="/steps/log")
    assert good.status_code == 302 and _count(db, Step) == 1


def test_keys_belong_to_a_person_and_to_one_kind_of_request(app, db):
    place = make_municipality(db)
    sara, ali = make_person(db, place), make_person(db, place)
    key = idempotency.new_key()
    entry = {"area": "school_work", "text": "Mødte op", "day": "2026-01-05", "request_key": key}
    assert post_form(_client(app, sara), "/steps/log", entry, token_page="/steps/log").status_code == 302
    assert post_form(_client(app, ali), "/steps/log", entry, token_page="/steps/log").status_code == 302
    assert _count(db, Step) == 2  # the same key from someone else is their own entry
    reused = post_form(_client(app, sara), "/network/add",
                       {"name": "Mona", "relation": "neighbour", "circle": "outer", "request_key": key},
                       token_page="/network/add")
    assert reused.status_code == 422 and _count(db, NetworkPerson) == 0


def test_a_malformed_key_is_no_key(app, db):
    sara = make_person(db, make_municipality(db))
    client = _client(app, sara)
    entry = {"area": "school_work", "text": "Mødte op", "day": "2026-01-05", "request_key": "<x>"}
    for _ in range(2):
        assert post_form(client, "/steps/log", entry, token_page="/steps/log").status_code == 302
    assert _count(db, Step) == 2 and _count(db, RequestKey) == 0


def test_a_retry_answers_with_what_the_first_request_created(app, db):
    sara = make_person(db, make_municipality(db))
    client = _client(app, sara)
    key = idempotency.new_key()
    day = (utcnow() + timedelta(days=3)).date().isoformat()
    form = {"kind": "plan", "day": day, "clock": "10:00", "place": "Rådhuset", "request_key": key}
    first = post_form(client, "/meetings/new", form, token_page="/meetings/new")
    again = post_form(client, "/meetings/new", form, token_page="/meetings/new")
    assert first.status_code == 302, first.get_data(as_text=True)[:2000]
    assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    assert _count(db, Meeting) == 1


def test_a_point_sent_three_times_is_one_point(app, db):
    case = build_case(db)
    client = _client(app, case.people["sara"])
    meeting = case.meeting
    key = idempotency.new_key()
    url = f"/meetings/{meeting.id}/prepare/points"
    for _ in range(3):
        response = post_form(client, url, {"new_point": "Min lejlighed", "go": "add", "request_key": key},
                             token_page=f"/meetings/{meeting.id}/prepare/points")
        assert response.status_code == 302
    reread(db)
    texts = [p.text for p in db.exec(select(MeetingPoint).where(MeetingPoint.meeting_id == meeting.id))]
    assert texts.count("Min lejlighed") == 1


def test_old_keys_are_forgotten(app, db):
    sara = make_person(db, make_municipality(db))
    with session_scope(app) as session:
        session.add(RequestKey(user_id=sara.id, key="a" * 20, endpoint="steps.log",
                               created_at=utcnow() - timedelta(days=31)))
        session.add(RequestKey(user_id=sara.id, key="b" * 20, endpoint="steps.log"))
    with session_scope(app) as session:
        assert idempotency.forget_old(session) == 1
    assert _count(db, RequestKey) == 1


def test_concurrent_retries_create_one_row(app, db):
    """Two copies of one request at the same moment (a retry racing the original): one step, no 500."""
    place = make_municipality(db)
    sara = make_person(db, place)
    link(db, sara, make_person(db, place, Role.PROFESSIONAL))
    key = idempotency.new_key()
    clients = [_client(app, sara) for _ in range(4)]
    tokens = [csrf_token(c, "/steps/log") for c in clients]
    statuses: list[int] = []
    barrier = threading.Barrier(len(clients))

    def send(client, token) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        statuses.append(client.post("/steps/log", data={"csrf_token": token, "area": "school_work", "text": "Søgte job",
                                                        "day": "2026-01-05", "request_key": key}).status_code)

    threads = [threading.Thread(target=send, args=pair) for pair in zip(clients, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * len(clients)
    assert _count(db, Step) == 1


# --- a key sent again with something else (issue 15, point 11) -------------------------------------------


def test_a_key_sent_again_with_other_words_is_refused_and_the_words_are_kept(app, db):
    """The same key with another text was answered as a retry of the first: what was typed the second time was
    silently dropped. Now it is a 422 page that shows it and can send it as a new entry."""
    sara = make_person(db, make_municipality(db))
    client = _client(app, sara)
    key = idempotency.new_key()
    entry = {"area": "housing", "text": "Ringede til boligforeningen", "day": "2026-01-05", "request_key": key}
    assert post_form(client, "/steps/log", entry, token_page="/steps/log").status_code == 302
    changed = post_form(client, "/steps/log", entry | {"text": "Ringede igen <i>i dag</i>"}, token_page="/steps/log",
                        headers={"Accept-Language": "da"})
    page = changed.get_data(as_text=True)
    assert changed.status_code == 422 and 'data-testid="key-reused"' in page
    assert "Ringede igen &lt;i&gt;i dag&lt;/i&gt;" in page and "Send it as a new entry" not in page  # Danish
    reread(db)
    assert [step.text for step in db.exec(select(Step))] == ["Ringede til boligforeningen"]
    fresh = re.search(r'name="request_key" value="([A-Za-z0-9_-]+)"', page).group(1)
    assert fresh != key
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    resent = client.post("/steps/log", data={name: html.unescape(value) for name, value in hidden})
    assert resent.status_code == 302
    reread(db)
    assert sorted(step.text for step in db.exec(select(Step))) == ["Ringede igen <i>i dag</i>",
                                                                   "Ringede til boligforeningen"]


def test_an_idempotency_key_sent_again_with_another_body_is_a_json_422(app, db):
    sara = make_person(db, make_municipality(db))
    client = _client(app, sara)
    headers = {"X-CSRFToken": csrf_token(client, "/rights/"), "Idempotency-Key": idempotency.new_key()}
    first = client.post("/api/v1/steps", data='{"area": "housing", "text": "Søgte en lejlighed"}',
                        content_type="application/json", headers=headers)
    same = client.post("/api/v1/steps", data='{ "text":"Søgte en lejlighed",  "area":"housing" }',
                       content_type="application/json", headers=headers)  # the same, ordered and spaced otherwise
    other = client.post("/api/v1/steps", json={"area": "housing", "text": "Søgte to lejligheder"}, headers=headers)
    assert (first.status_code, same.status_code, same.json["replayed"]) == (201, 200, True)
    assert other.status_code == 422 and other.is_json and other.json["status"] == 422
    assert "different request" in other.json["error"]
    assert _count(db, Step) == 1


def test_a_key_sent_again_for_another_meeting_is_refused(app, db):
    """The URL's values are part of the request: the same point with the same key on another of her meetings was
    answered as a retry of the first (and added nowhere)."""
    from youthvoice.meetings import meetings

    case = build_case(db, past=False)
    sara = case.people["sara"]
    other = meetings.create_meeting(db, owner=sara, created_by=sara, data=meetings.MeetingInput(
        kind="plan", starts_at=utcnow() + timedelta(days=9), place="Rådhuset", others="", participant_ids=[]),
        allowed_participants=[])
    db.commit()
    client = _client(app, sara)
    key = idempotency.new_key()
    url = "/api/v1/meetings/{}/points"
    token = csrf_token(client, "/rights/")
    headers = {"X-CSRFToken": token, "Idempotency-Key": key}
    statuses = [client.post(url.format(case.meeting.id), json={"text": "Min lejlighed"}, headers=headers).status_code
                for _ in range(2)]
    assert statuses == [201, 200]  # made, then answered as the retry it is
    elsewhere = client.post(url.format(other.id), json={"text": "Min lejlighed"}, headers=headers)
    assert elsewhere.status_code == 422 and elsewhere.get_json()["error"]
    reread(db)
    assert [p.meeting_id for p in db.exec(select(MeetingPoint)) if p.text == "Min lejlighed"] == [case.meeting.id]


def test_keys_recorded_before_bodies_were_hashed_still_answer_retries(app, db):
    sara = make_person(db, make_municipality(db))
    key = idempotency.new_key()
    with session_scope(app) as session:
        session.add(RequestKey(user_id=sara.id, key=key, endpoint="steps.log"))
    retry = post_form(_client(app, sara), "/steps/log", {"area": "housing", "text": "Gik i skole",
                                                         "day": "2026-01-05", "request_key": key},
                      token_page="/steps/log")
    assert retry.status_code == 302 and _count(db, Step) == 0
