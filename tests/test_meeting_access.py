"""Every meeting route, for everyone the young person did not share with: 404, and nothing of the content leaks."""

from __future__ import annotations

import pytest
from sqlmodel import select
from support.casebuilder import build_case
from support.client import csrf_token
from support.people import login_as

from youthvoice.notify.models import Notification
from youthvoice.privacy.models import AuditEvent

OUTSIDERS = ("mads", "peter", "mette", "ali", "henrik", "sofie", "emil", "hanne")
BISIDDER_ONLY = {"meetings.help_prepare"}
# Not the young person's pages: the professional who made the meeting moves or cancels it (issue 18.6); a meeting
# about moving to adult life offers her plan (issue 19.5), other kinds do not have that page.
NOT_THE_OWNERS = {"people.move_meeting", "people.cancel_meeting", "transition.prepare", "transition.prepare_add",
                  "panel.send"}  # only where there is a panel (test_panel_topics)
CALLED_BY_SCRIPTS = {"meetings.signals"}  # polled as JSON by the open meeting page


def _meeting_routes(app, case):  # type: ignore[no-untyped-def]
    """Every URL under a meeting or a decision, with real ids filled in, and its methods."""
    values = {"meeting_id": case.meeting.id, "key": "hard", "kind": "break", **case.ids}
    routes = []
    for rule in app.url_map.iter_rules():
        if "meeting_id" not in rule.arguments and not rule.rule.startswith("/decisions/<"):
            continue
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, url, rule.endpoint))
    assert len(routes) > 25, routes
    return routes


def _call(client, method, url, token):  # type: ignore[no-untyped-def]
    if method == "GET":
        return client.get(url)
    if method == "PUT":  # the JSON API
        return client.put(url, json={"answers": {"hard": "x"}}, headers={"X-CSRFToken": token})
    data = {"csrf_token": token, "text": "x", "outcome": "mine", "answer": "followed", "reason": "x",
            "contest": "x", "part": "preparation", "target": "t", "kind": "comment", "note": "x",
            "what": "x", "mood": "3", "heard": "3", "who_decided": "3"}
    return client.post(url, data=data, headers={"X-CSRFToken": token})


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_everywhere_and_see_nothing(app, db, who):
    case = build_case(db)
    client = app.test_client()
    login_as(app, client, case.people[who])
    token = csrf_token(client, "/account/")
    for method, url, endpoint in _meeting_routes(app, case):
        response = _call(client, method, url, token)
        assert response.status_code == 404, (who, method, url, endpoint, response.status_code)
        assert case.marker not in response.get_data(as_text=True)
    # Nor in their lists, dashboards and notifications.
    for page in ("/", "/people/", "/admin/", "/notifications/", "/meetings/", "/decisions/", "/admin/voice"):
        assert case.marker not in client.get(page, follow_redirects=True).get_data(as_text=True)
    assert not db.exec(select(Notification).where(Notification.user_id == case.people[who].id)).all() or who == "mette"


def test_anonymous_is_sent_to_log_in_and_sees_nothing(app, db):
    case = build_case(db)
    client = app.test_client()
    token = csrf_token(client)
    for method, url, endpoint in _meeting_routes(app, case):
        response = _call(client, method, url, token)
        if endpoint.startswith("api.") or endpoint in CALLED_BY_SCRIPTS:  # no page to come back to: a 401
            assert response.status_code == 401, (method, url, response.status_code)
        else:
            assert response.status_code == 302, (method, url, response.status_code)
            assert response.headers["Location"].startswith("/login?next="), (method, url)
        assert case.marker not in response.get_data(as_text=True)


def test_the_shared_professional_reads_but_can_change_none_of_the_young_persons_words(app, db):
    case = build_case(db)
    client = app.test_client()
    login_as(app, client, case.people["lene"])
    token = csrf_token(client, "/account/")
    page = client.get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    for piece in ("going-well", "hard", "point", "decision", "decided", "disagree", "step"):
        assert f"{case.marker}-{piece}" in page, piece
    # (answers of her own, and a journal note of what she shared, which changes none of her words)
    owner_only = [(m, u, e) for m, u, e in _meeting_routes(app, case)
                  if m == "POST" and e not in ("follow_up.respond", "follow_up.reply", "follow_up.answer",
                                               "people.make_journal_note")]
    for method, url, endpoint in owner_only:
        assert _call(client, method, url, token).status_code == 404, (endpoint, url)


def test_every_view_by_a_professional_is_logged_before_it_is_shown(app, db):
    case = build_case(db)
    client = app.test_client()
    login_as(app, client, case.people["lene"])
    logged: list[set[str]] = []
    seen = 0
    for url in (f"/meetings/{case.meeting.id}", f"/meetings/{case.meeting.id}/summary",
                f"/decisions/{case.ids['decision_id']}"):
        client.get(url)
        db.rollback()
        views = db.exec(select(AuditEvent).where(AuditEvent.action == "view",
                                                 AuditEvent.actor_id == case.people["lene"].id)
                        .order_by(AuditEvent.id)).all()
        logged.append({v.object_type for v in views[seen:]})
        seen = len(views)
        assert {v.subject_id for v in views} == {case.people["sara"].id}
        for view in views:
            assert case.marker not in view.object_id + view.object_type
    # Each page logs the meeting it opened and each part of her words it showed (shared: everything).
    assert logged[0] >= {"meeting", "preparation", "decision", "after"}
    assert logged[1] >= {"meeting", "preparation", "after"}
    assert logged[2] >= {"decision"}


def test_the_owner_reaches_every_page(app, db):
    case = build_case(db)
    client = app.test_client()
    login_as(app, client, case.people["sara"])
    for method, url, endpoint in _meeting_routes(app, case):
        if method == "GET" and "signals" not in endpoint and endpoint not in BISIDDER_ONLY | NOT_THE_OWNERS:
            assert client.get(url, follow_redirects=True).status_code == 200, url
