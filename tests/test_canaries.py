"""Canaries: a marker in every field of one young person's data, which she shares with nobody. Every page, as
every other role, must be free of it, and so must every log line the app writes while this runs."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

import pytest
from flask import Flask, url_for
from sqlmodel import select
from support.people import login_as
from test_route_matrix import ROLES, World, _build

from youthvoice.core.db import new_session
from youthvoice.core.model import utcnow
from youthvoice.identity import accounts
from youthvoice.identity.models import Role, User
from youthvoice.meetings import decisions, meetings, preparation, recordings
from youthvoice.meetings.models import MeetingDecision, VoiceAnswerTo
from youthvoice.network import housing, network, steps, supporters
from youthvoice.support import support


def _plant(app: Flask, world: World) -> tuple[str, dict[str, object]]:
    """Canary Carla: linked to Lene and to a bisidder of her own, sharing nothing with anyone. Søren, a supporter
    (issue 20), backs her too, and she shares with him only her goal for money, which she has not set: he must see
    nothing of hers but her name."""
    marker = "CANARY" + secrets.token_hex(6)
    with new_session(app) as db:
        lene = db.get(User, world.people["shared_pro"].id)
        carla = accounts.create_person(db, municipality_id=lene.municipality_id, role=Role.YOUNG_PERSON,
                                       display_name="Carla", status="active")
        accounts.link(db, young_person=carla, other=lene)
        meeting = meetings.create_meeting(db, owner=carla, created_by=carla, data=meetings.MeetingInput(
            kind="plan", starts_at=utcnow() - timedelta(days=1), place=f"{marker}-place", others=f"{marker}-others",
            participant_ids=[]), allowed_participants=[])
        preparation.save_answers(db, meeting=meeting, values={
            key: f"{marker}-{key}" for key in preparation.QUESTIONS})
        point = meetings.add_point(db, meeting=meeting, text=f"{marker}-point")
        decision = decisions.create_decision(db, owner=carla, text=f"{marker}-decision", meeting=meeting)
        meetings.add_note(db, meeting=meeting, text=f"{marker}-note")
        meetings.save_follow_up(db, meeting=meeting, heard=3, who_decided=3, decided=f"{marker}-decided",
                                agree=f"{marker}-agree", disagree=f"{marker}-disagree", follow_up=f"{marker}-follow")
        step = meetings.add_next_step(db, meeting=meeting, what=f"{marker}-what", who=f"{marker}-who", due=None)
        person = network.add_person(db, owner=carla, data=network.PersonInput(
            name=f"{marker}-name", relation="neighbour", circle="outer", helps=["housing"]))
        network.mark_ask(db, person=person, status="asked", note=f"{marker}-asked")
        steps.set_goal(db, owner=carla, area="housing", text=f"{marker}-goal")
        small = steps.log_step(db, owner=carla, area="housing", text=f"{marker}-step", day=None, done=False)
        housing.save_answers(db, owner=carla, key="kind", values={"kind": "other", "kind_other": f"{marker}-kind"})
        housing.save_answers(db, owner=carla, key="where", values={"town": f"{marker}-town", "near_whom": ""})
        backer = db.get(User, world.people["supporter"].id)
        accounts.link(db, young_person=carla, other=backer)
        supporters.share_goals(db, owner=carla, supporter=backer, areas=["money"])
        # The one thing she does send: an urgent message to Lene (only Lene may see it; its own marker).
        support.send_urgent(db, young_person=carla, professional_id=lene.id, text=f"URGENT{marker}"[::-1])
        link = db.exec(select(MeetingDecision.id).where(MeetingDecision.meeting_id == meeting.id)).one()
        from support.audio import webm

        voice = recordings.keep(db, owner=carla, answers=VoiceAnswerTo.POINT, item_id=point.id,
                                meeting_id=meeting.id, data=webm(f"{marker}-voice".encode()))
        db.commit()
        ids = {"meeting_id": meeting.id, "point_id": point.id, "decision_id": decision.id, "link_id": link,
               "young_id": carla.id, "entry_id": person.id, "person_id": carla.id, "carla": carla.id,
               "small_step_id": small.id, "step_id": step.id, "recording_id": voice.id}
    return marker, ids


@pytest.mark.parametrize("role", [role for role in ROLES if role != "owner"])
def test_nothing_of_a_private_young_person_shows_anywhere(app: Flask, role: str, caplog: pytest.LogCaptureFixture,
                                                          ) -> None:
    caplog.set_level(logging.DEBUG)
    world = _build(app)
    marker, ids = _plant(app, world)
    client = app.test_client()
    if role != "anonymous":
        login_as(app, client, world.people[role])
    pages = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        values = {}
        for name in rule.arguments:
            if name in ids:
                values[name] = ids[name] if not (name == "step_id" and rule.endpoint.startswith("steps.")) \
                    else ids["small_step_id"]
            elif name == "slug":
                values[name] = "bisidder" if rule.endpoint.startswith("support.") else "demo-roskilde"
            else:
                values[name] = world.values[name]
        with app.test_request_context():
            url = url_for(rule.endpoint, **values)
        response = client.get(url, follow_redirects=True)
        pages += 1
        body = response.data.decode("utf-8", "replace")  # (a recording is bytes: its marker is found all the same)
        assert marker not in body, f"{role} saw Carla's text on {url}"
        if role != "shared_pro":
            assert f"URGENT{marker}"[::-1] not in body, f"{role} saw Carla's urgent message on {url}"
        assert response.status_code < 500, url
    assert pages > 60
    # The lists and the dashboard, where a leak would be easiest to miss.
    for url in ("/", "/people/", "/admin/", "/notifications/", "/seen/", "/meetings/", "/network/", "/steps/",
                f"/backing/{ids['young_id']}"):
        assert marker not in client.get(url, follow_redirects=True).get_data(as_text=True), url
    assert marker not in caplog.text, "a marker reached a log line"


def test_a_failing_access_check_denies(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """If deciding access breaks, the answer is a friendly error page with a correlation id, never the content."""
    world = _build(app)
    marker, ids = _plant(app, world)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    from youthvoice.sharing import access

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the access rules could not be read")

    monkeypatch.setattr(access, "meeting_for", broken)
    client = app.test_client()
    login_as(app, client, world.people["shared_pro"])
    response = client.get(f"/meetings/{ids['meeting_id']}")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert marker not in body and "Traceback" not in body and "could not be read" not in body
    assert "mention this code" in body


def test_the_whole_run_keeps_every_app_log_line_for_the_canary_sweep(app: Flask, request: pytest.FixtureRequest,
                                                                    ) -> None:
    """conftest.py keeps every log line of the run and searches them all for canary markers at the end."""
    from support.canaries import canary_leaks

    keeper = request.config.yv_log_keeper  # type: ignore[attr-defined]
    line = "sweep-check " + secrets.token_hex(4)
    app.logger.warning(line)
    logging.getLogger("youthvoice.sessions").debug(line + " debug")
    assert any(line in kept for kept in keeper.lines) and any(line + " debug" in kept for kept in keeper.lines)
    marker = "CANARY" + secrets.token_hex(6)
    assert canary_leaks(["ok", f"GET /x?text={marker}-point 200\nnext"]) == [f"GET /x?text={marker}-point 200"]
    assert canary_leaks(["CANARY-not-a-marker", "nothing"]) == []


# --- every view of her words by someone else is logged (issue 15, point 6) -------------------------------


def _sealed_values(app: Flask, owner_id: object) -> list[tuple[str, str, object, object]]:
    """(text, kind of thing as "who has seen what" names it, owner, author) for every sealed value about her."""
    from support.wordwalk import word_models

    from youthvoice.privacy.words import sealed_fields, seen_as

    found = []
    with new_session(app) as db:
        for model in word_models():
            fields = sealed_fields(model)
            for row in db.exec(select(model).where(getattr(model, fields[0].owner) == owner_id)):
                for field in fields:
                    if field.posted:  # her posts in a peer group, read there by its members: not a view (README)
                        continue
                    value = getattr(row, field.name)
                    if value and len(value) > 20:
                        author = getattr(row, field.author) if field.author else None
                        found.append((value, seen_as(row)[0], row.owner_id if hasattr(row, "owner_id") else owner_id,
                                      author))
    return found


@pytest.mark.parametrize("viewer", ["lene", "birk", "sune", "karina", "olga", "mads", "henrik", "frida", "pia"])
def test_every_word_of_hers_shown_to_someone_else_is_logged_first(app: Flask, viewer: str) -> None:
    """Carla shares everything with Lene, her preparation with Birk (a bisidder she invited) and her housing goal with
    Sune (a supporter from her network). Every page, as
    each of them and as people she shares nothing with: each of her words a page shows has its audit entry, of
    the right kind, written by the time the page arrived. Frida and Pia are the facilitator and a member of her peer
    group: her posts there she posted for them (not a view, as a council comment: README, "Peer groups"); every
    other word of hers is checked for them too."""
    from support.everything import build

    from youthvoice.privacy.models import AuditEvent

    with new_session(app) as db:
        world = build(db)
        person = world.people[viewer]
        carla_id = world.carla.id
        values = {**world.ids, "young_id": carla_id, "person_id": carla_id,
                  "grantee_id": world.people["lene"].id, "user_id": world.people["olga"].id, "key": "hard",
                  "area": "housing", "slug": "bisidder", "filename": "css/app.css", "token": "x"}
        viewer_id = person.id
    texts = _sealed_values(app, carla_id)
    # What she sent the youth panel herself, after a preview, as an anonymous copy (issue 21.6): the panel's now, and
    # shown without anything that says it is hers; so no view of it is logged against her (the log would be the
    # link back). Only the copy's exact words are let through; her point's other words are still checked.
    from youthvoice.council.models import PanelSubmission

    with new_session(app) as db:
        copies = set(db.exec(select(PanelSubmission.text)).all())
    texts = [entry for entry in texts if entry[0] not in copies]
    client = app.test_client()
    login_as(app, client, person)
    pages = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not set(rule.arguments) <= set(values):
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
        with new_session(app) as db:
            before = db.exec(select(AuditEvent.id).order_by(AuditEvent.id.desc())).first() or 0
        response = client.get(url)
        body = response.data.decode("utf-8", "replace")
        pages += 1
        # (a voice recording is bytes: found in the response's bytes)
        shown = [(text, kind, author) for text, kind, _owner, author in texts
                 if (text in response.data if isinstance(text, bytes) else text in body)]
        if not shown:
            continue
        with new_session(app) as db:
            logged = {event.object_type for event in db.exec(select(AuditEvent).where(
                AuditEvent.id > before, AuditEvent.actor_id == viewer_id, AuditEvent.subject_id == carla_id,
                AuditEvent.action == "view"))}
        for text, kind, author in shown:
            if author == viewer_id:
                continue  # their own words (Lene's answer, Birk's note)
            assert kind in logged, f"{viewer} saw {text!r} ({kind}) on {url} without an audit entry: {logged}"
    assert pages > 40
