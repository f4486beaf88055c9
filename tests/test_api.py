"""The JSON API (/api/v1): the pages' access rules, clear JSON refusals, exactly-once creation, and an OpenAPI
document that describes every route and that schemathesis checks the answers against."""

from __future__ import annotations

import collections

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from sqlmodel import delete, func, select
from support.casebuilder import build_case
from support.client import csrf_token
from support.database import reread
from support.people import login_as, make_municipality, make_person

from youthvoice.core import idempotency
from youthvoice.core.idempotency_model import RequestKey
from youthvoice.identity.models import Role
from youthvoice.meetings.models import PreparationAnswer
from youthvoice.network.models import Step
from youthvoice.privacy.models import AuditEvent
from youthvoice.sharing import sharing
from youthvoice.sharing.models import SharePart


def _logged_in(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client, csrf_token(client, "/rights/")


def test_not_logged_in_is_a_json_401_not_a_redirect(client):
    for path in ("/api/v1/me", "/api/v1/meetings", "/api/v1/steps"):
        response = client.get(path)
        assert response.status_code == 401 and response.is_json and response.json["status"] == 401, path


def test_the_document_describes_every_api_route(app, client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.1")
    described = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = rule.rule.replace("<", "{").replace(">", "}")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert (path, method) in described, (path, method)


def test_young_person_syncs_preparation_and_steps(app, db):
    case = build_case(db, past=False)
    sara = case.people["sara"]
    client, token = _logged_in(app, sara)
    meetings = client.get("/api/v1/meetings").json
    assert [m["id"] for m in meetings["upcoming"]] == [str(case.meeting.id)]
    url = f"/api/v1/meetings/{case.meeting.id}/preparation"
    saved = client.put(url, json={"answers": {"hard": "Skolen er svær <b>nu</b>"}}, headers={"X-CSRFToken": token})
    assert saved.status_code == 200 and saved.json["saved"] == 1
    again = client.put(url, json={"answers": {"hard": "Skolen er svær <b>nu</b>"}}, headers={"X-CSRFToken": token})
    assert again.json["saved"] == 0  # the same answer again is no change
    answers = {q["key"]: q["answer"] for step in client.get(url).json["steps"] for q in step["questions"]}
    assert answers["hard"] == "Skolen er svær <b>nu</b>"

    key = idempotency.new_key()
    body = {"area": "housing", "text": "Ringede til kommunen", "day": "2026-01-05"}
    first = client.post("/api/v1/steps", json=body, headers={"X-CSRFToken": token, "Idempotency-Key": key})
    retry = client.post("/api/v1/steps", json=body, headers={"X-CSRFToken": token, "Idempotency-Key": key})
    assert first.status_code == 201 and retry.status_code == 200 and retry.json["replayed"] is True
    assert retry.json["step"] == first.json["step"]
    next_step = client.post("/api/v1/steps", json={"area": "health", "text": "Gå til lægen", "done": False},
                            headers={"X-CSRFToken": token, "Idempotency-Key": idempotency.new_key()})
    assert next_step.status_code == 201 and next_step.json["step"]["day"] is None
    listed = client.get("/api/v1/steps").json["steps"]
    assert [s["text"] for s in listed] == ["Gå til lægen", "Ringede til kommunen"]
    reread(db)
    assert db.exec(select(func.count()).select_from(Step)).one() == 2


@pytest.mark.parametrize(("body", "headers", "field"), [
    ({"area": "housing", "text": "x", "day": "2026-01-05"}, {}, "Idempotency-Key"),
    ({"area": "space", "text": "x"}, {"Idempotency-Key": "k" * 20}, "area"),
    ({"area": "housing", "text": "   "}, {"Idempotency-Key": "k" * 21}, "text"),
    ({"area": "housing", "text": "x" * 501}, {"Idempotency-Key": "k" * 22}, "text"),
    ({"area": "housing", "text": "x", "day": "24/11/2026"}, {"Idempotency-Key": "k" * 24}, "day"),
    ({"area": "housing", "text": "x", "day": 20261124}, {"Idempotency-Key": "k" * 25}, "day"),
    ({"area": "housing", "text": "x", "day": "2999-01-01"}, {"Idempotency-Key": "k" * 26}, "day"),
    ({"area": ["housing"], "text": "x"}, {"Idempotency-Key": "k" * 27}, "area"),
    ({"area": "housing", "text": "x", "done": "yes"}, {"Idempotency-Key": "k" * 28}, "done"),
])
def test_bad_steps_are_refused_with_a_translated_message(app, db, body, headers, field):
    sara = make_person(db, make_municipality(db))
    client, token = _logged_in(app, sara)
    response = client.post("/api/v1/steps", json=body,
                           headers={"X-CSRFToken": token, "Accept-Language": "da", **headers})
    assert response.status_code == 400 and response.json["field"] == field, response.json
    reread(db)
    assert db.exec(select(func.count()).select_from(Step)).one() == 0


def test_bad_bodies_and_missing_csrf_are_json_400s(app, db):
    case = build_case(db, past=False)
    client, token = _logged_in(app, case.people["sara"])
    url = f"/api/v1/meetings/{case.meeting.id}/preparation"
    for body in ("not json", [], {"answers": []}, {"answers": {"nope": "x"}}, {"answers": {"hard": 5}},
                 {"answers": {"hard": "x" * 2001}}):
        response = client.put(url, json=body, headers={"X-CSRFToken": token})
        assert response.status_code == 400 and response.is_json, body
    unprotected = client.put(url, json={"answers": {"hard": "x"}})
    assert unprotected.status_code == 400 and unprotected.is_json
    reread(db)
    assert db.exec(select(func.count()).select_from(PreparationAnswer)
                   .where(PreparationAnswer.meeting_id == case.meeting.id, PreparationAnswer.question == "hard")
                   ).one() <= 1  # only what the case was built with


def test_the_pages_access_rules_hold_and_a_view_is_logged(app, db):
    case = build_case(db, past=False)
    sara, lene, mette = case.people["sara"], case.people["lene"], case.people["mette"]
    url = f"/api/v1/meetings/{case.meeting.id}/preparation"
    lene_client, lene_token = _logged_in(app, lene)
    seen = lene_client.get(url)
    assert seen.status_code == 200 and seen.json["shared"] is True
    assert any(q["answer"] for step in seen.json["steps"] for q in step["questions"])
    reread(db)
    assert db.exec(select(AuditEvent).where(AuditEvent.actor_id == lene.id, AuditEvent.subject_id == sara.id,
                                            AuditEvent.object_id == str(case.meeting.id))).first() is not None
    assert lene_client.put(url, json={"answers": {"hard": "x"}}, headers={"X-CSRFToken": lene_token}).status_code == 404
    assert lene_client.get("/api/v1/steps").status_code == 404  # not a young person's own list
    mette_client, _token = _logged_in(app, mette)  # her share was withdrawn
    assert mette_client.get(url).status_code == 404
    reread(db)
    sharing.set_meeting_share(db, owner=sara, meeting=case.meeting, grantee=lene, parts=[SharePart.BASICS])
    db.commit()
    basics_only = lene_client.get(url).json
    assert basics_only["shared"] is False
    assert not any(q["answer"] for step in basics_only["steps"] for q in step["questions"])
    other = make_person(db, _place(db, sara))
    other_client, _token = _logged_in(app, other)
    assert other_client.get(url).status_code == 404
    assert other_client.get("/api/v1/meetings").json == {"upcoming": [], "past": []}


def _place(db, person):  # type: ignore[no-untyped-def]
    from youthvoice.identity.models import Municipality

    return db.get(Municipality, person.municipality_id)


# --- schemathesis: generated requests against the document, as a logged-in young person ------------------


def test_generated_requests_match_the_document(app, db):
    """Every operation, with requests schemathesis generates from the document (valid and invalid ones): never a
    server error, and every answer has a documented status, content type and shape."""
    case_data = build_case(db, past=False)
    client = app.test_client()
    raw = login_as(app, client, case_data.people["sara"])
    token = csrf_token(client, "/rights/")
    cookie = {app.config["SESSION_COOKIE_NAME"]: raw}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    checks = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]
    operations = [result.ok() for result in schema.get_all_operations()]
    statuses: dict[str, set[int]] = collections.defaultdict(set)
    assert len(operations) == 9
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None,
                  derandomize=True)  # the same examples on every run: a red CI is a finding, not bad luck
        def run(case):  # type: ignore[no-untyped-def]
            if case.path_parameters and "meeting_id" in case.path_parameters:
                case.path_parameters["meeting_id"] = str(case_data.meeting.id)  # a real one: reach the rules
            case.cookies = cookie  # the log-in (the document's security scheme), not generated values
            case.headers = {**(case.headers or {}), "X-CSRFToken": token, "Accept-Encoding": "identity"}
            response = case.call_and_validate(checks=checks)
            statuses[response.request.method + " " + response.request.url.split("/api/v1")[1]].add(
                response.status_code)

        # Keys are the account's, whatever the endpoint, and Hypothesis draws the same keys for every
        # operation: each operation starts with none used, or the later ones would only meet "key reused".
        db.exec(delete(RequestKey))
        db.commit()
        run()
    # The generated requests reached the operations, not only the refusals.
    reached = {name.split(" ")[0] + " " + name.split(" ")[1].replace(str(case_data.meeting.id), "{id}")
               for name, codes in statuses.items() if codes & {200, 201}}
    assert reached >= {"GET /me", "GET /meetings", "GET /meetings/{id}/preparation",
                       "PUT /meetings/{id}/preparation", "GET /steps", "POST /steps", "POST /meetings/{id}/points",
                       "POST /meetings/{id}/decisions", "POST /meetings/{id}/notes"}, statuses


def test_professionals_have_no_young_person_lists(app, db):
    place = make_municipality(db)
    lene = make_person(db, place, Role.PROFESSIONAL)
    client, _token = _logged_in(app, lene)
    assert client.get("/api/v1/meetings").status_code == 404
    assert client.get("/api/v1/me").json["role"] == "professional"
