"""Sharing a whole scope, the network or the small steps: the same pages, the same access matrix for each.

Sara's network and steps (netcase.py): Lene sees both, Peter is linked but not shown, Mette was shown and then not
any more, Ali works in the same municipality but not with Sara, Sofie and Emil are in another municipality.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlmodel import Session, select
from support.client import csrf_token, post_form
from support.database import reread
from support.netcase import (
    OUTSIDERS,
    YOUNG_OUTSIDERS,
    NetCase,
    build_net_case,
    call,
    chart_of,
    logged_in,
    points_of,
    routes_under,
    svg_of,
)

from youthvoice.meetings.models import Meeting
from youthvoice.network import steps
from youthvoice.network.models import AreaRating, NetworkPerson, Step, StepSuggestion
from youthvoice.notify.models import Notification
from youthvoice.privacy.models import AuditEvent


@dataclass(frozen=True)
class Scope:
    """What differs between the two scopes; everything else in this file holds for both."""

    name: str  # the URL prefix, the blueprint and the share's scope
    least_routes: int  # the matrix below must not quietly shrink
    pieces: tuple[str, ...]  # what of Sara's (after the case's marker) anyone it is shared with sees
    lenes_own: tuple[str, ...]  # and what Lene sees besides: her own ideas
    professional_may: frozenset[str]  # the endpoints a professional it is shared with may use
    drawn: Callable[[str], object]  # the drawing of Sara's things on a page: the preview must draw the same
    expected: Callable[[], object] | None = None  # what that drawing is for the case, where it is simple to say

    @property
    def other(self) -> str:
        return "steps" if self.name == "network" else "network"


SCOPES = [
    Scope("network", 14, ("neighbour", "friend", "asknote"), (), frozenset({"network.of", "network_growth.of"}),
          drawn=lambda page: ET.tostring(svg_of(page))),
    Scope("steps", 15, ("goal", "step", "next"), ("idea",), frozenset({"steps.of", "steps.suggest"}),
          drawn=lambda page: points_of(chart_of(page, "housing")),
          expected=lambda: [((steps.today() - timedelta(days=9)).isoformat(), 4), (steps.today().isoformat(), 7)]),
]


@pytest.fixture(params=SCOPES, ids=[scope.name for scope in SCOPES])
def scope(request: pytest.FixtureRequest) -> Scope:
    return request.param  # type: ignore[no-any-return]


def _nothing_changed(db: Session, case: NetCase, *, everyone: bool) -> None:
    """Sara's people, steps, ratings, goal, idea and meeting are as the case made them; with `everyone`, nobody
    else has any people, steps or ratings either."""
    sara = case.people["sara"]
    reread(db)

    def rows(model: type) -> list[object]:
        query = select(model) if everyone else select(model).where(model.owner_id == sara.id)  # type: ignore[attr-defined]
        return list(db.exec(query).all())

    people = rows(NetworkPerson)
    assert len(people) == 2 and all(p.name and case.marker in p.name for p in people)  # type: ignore[attr-defined]
    assert len(rows(Step)) == 2 and len(rows(AreaRating)) == 2
    assert db.get(Meeting, case.meeting.id).others is None  # type: ignore[union-attr]
    assert db.get(StepSuggestion, case.ids["suggestion_id"]).accepted_at is None  # type: ignore[union-attr]
    assert steps.open_goals(db, sara)["housing"].text == f"{case.marker}-goal"


# --- sharing, stopping and the preview -------------------------------------------------------------------


def test_sharing_tells_the_professional_without_content_and_withdrawal_counts_at_once(app, db, scope):
    case = build_net_case(db)
    sara, lene, peter = case.people["sara"], case.people["lene"], case.people["peter"]
    sara_client = logged_in(app, sara)
    post_form(sara_client, f"/{scope.name}/share", {"share": [str(lene.id), str(peter.id)]},
              token_page=f"/{scope.name}/")
    reread(db)
    notes = db.exec(select(Notification).where(Notification.user_id == peter.id)).all()
    assert [(n.kind, n.link) for n in notes] == [(f"{scope.name}_shared", f"/{scope.name}/of/{sara.id}")]
    peter_client = logged_in(app, peter)
    assert case.marker not in peter_client.get("/notifications/").get_data(as_text=True)
    page = peter_client.get(f"/{scope.name}/of/{sara.id}").get_data(as_text=True)
    for piece in scope.pieces:
        assert f"{case.marker}-{piece}" in page, piece
    # The preview shows Sara exactly what Peter sees.
    preview = sara_client.get(f"/{scope.name}/preview/{peter.id}").get_data(as_text=True)
    assert scope.drawn(preview) and scope.drawn(preview) == scope.drawn(page)
    post_form(sara_client, f"/{scope.name}/share", {"share": [str(lene.id)]}, token_page=f"/{scope.name}/")
    assert peter_client.get(f"/{scope.name}/of/{sara.id}").status_code == 404
    assert "not-shared" in sara_client.get(f"/{scope.name}/preview/{peter.id}").get_data(as_text=True)
    assert peter_client.get(f"/{scope.other}/of/{sara.id}").status_code == 404  # one scope is not the other
    post_form(sara_client, f"/{scope.name}/share/stop", token_page=f"/{scope.name}/")
    assert logged_in(app, lene).get(f"/{scope.name}/of/{sara.id}").status_code == 404
    assert logged_in(app, lene).get(f"/{scope.other}/of/{sara.id}").status_code == 200  # the other stays shared
    reread(db)
    actions = [(e.action, e.object_type) for e in db.exec(select(AuditEvent).where(
        AuditEvent.subject_id == sara.id, AuditEvent.object_type == scope.name).order_by(AuditEvent.id))]
    assert ("shared", scope.name) in actions and actions[-1] == ("share_withdrawn", scope.name)


def test_preview_shows_exactly_what_the_professional_sees(app, db, scope):
    case = build_net_case(db)
    sara, lene, peter = case.people["sara"], case.people["lene"], case.people["peter"]
    sara_client = logged_in(app, sara)
    preview = sara_client.get(f"/{scope.name}/preview/{lene.id}").get_data(as_text=True)
    seen = logged_in(app, lene).get(f"/{scope.name}/of/{sara.id}").get_data(as_text=True)
    assert scope.drawn(preview) and scope.drawn(preview) == scope.drawn(seen)
    if scope.expected is not None:
        assert scope.drawn(preview) == scope.expected()
    for piece in scope.pieces + scope.lenes_own:
        assert f"{case.marker}-{piece}" in preview, piece
    assert 'data-testid="preview-note"' in preview and 'data-testid="preview-note"' not in seen
    assert 'data-testid="not-shared"' in sara_client.get(f"/{scope.name}/preview/{peter.id}").get_data(as_text=True)
    assert sara_client.get(f"/{scope.name}/preview/{case.people['ali'].id}").status_code == 404


# --- the access matrix ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_on_saras_pages_and_see_nothing(app, db, scope, who):
    case = build_net_case(db)
    client = logged_in(app, case.people[who])
    token = csrf_token(client, "/account/")
    routes = routes_under(app, case, f"/{scope.name}")
    assert len(routes) >= scope.least_routes, routes
    for method, url, endpoint, is_saras in routes:
        response = call(client, method, url, token, case)
        if is_saras or who not in YOUNG_OUTSIDERS:
            assert response.status_code == 404, (who, method, url, endpoint, response.status_code)
        assert case.marker not in response.get_data(as_text=True), (who, url)
    for page in ("/", "/people/", "/admin/", "/notifications/", "/network/", "/steps/", "/seen/", "/admin/steps"):
        assert case.marker not in client.get(page, follow_redirects=True).get_data(as_text=True)
    _nothing_changed(db, case, everyone=False)
    assert not db.exec(select(AuditEvent).where(AuditEvent.action == "view",
                                                AuditEvent.actor_id == case.people[who].id)).all()


def test_anonymous_is_sent_to_log_in_and_sees_nothing(app, db, scope):
    case = build_net_case(db)
    client = app.test_client()
    token = csrf_token(client)
    for method, url, _endpoint, _saras in routes_under(app, case, f"/{scope.name}"):
        response = call(client, method, url, token, case)
        assert response.status_code == 302, (method, url, response.status_code)
        assert response.headers["Location"].startswith("/login?next="), (method, url)
        assert case.marker not in response.get_data(as_text=True)


def test_the_shared_professional_reads_but_changes_nothing(app, db, scope):
    case = build_net_case(db)
    client = logged_in(app, case.people["lene"])
    token = csrf_token(client, "/account/")
    page = client.get(f"/{scope.name}/of/{case.people['sara'].id}").get_data(as_text=True)
    for piece in scope.pieces + scope.lenes_own:
        assert f"{case.marker}-{piece}" in page, piece
    for method, url, endpoint, _saras in routes_under(app, case, f"/{scope.name}"):
        if endpoint not in scope.professional_may:
            assert call(client, method, url, token, case).status_code == 404, (method, endpoint, url)
    _nothing_changed(db, case, everyone=True)


def test_the_owner_reaches_every_page(app, db, scope):
    case = build_net_case(db)
    client = logged_in(app, case.people["sara"])
    for method, url, endpoint, _saras in routes_under(app, case, f"/{scope.name}"):
        if method == "GET":
            assert client.get(url, follow_redirects=True).status_code == 200, (endpoint, url)
