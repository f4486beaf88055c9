"""Builds a young person's network and small steps with content everywhere, for the access and leak tests."""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session

from support.people import login_as, saras_circle
from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings import meetings
from youthvoice.meetings.models import Meeting
from youthvoice.network import network, steps
from youthvoice.sharing import sharing
from youthvoice.sharing.access import steps_for
from youthvoice.sharing.models import ShareScope

SCOPES = (ShareScope.NETWORK, ShareScope.STEPS)


@dataclass
class NetCase:
    """Sara's network and steps: Lene sees both, Peter is linked but not shown, Mette was shown and then not any
    more, Ali works in the same municipality but not with Sara, Sofie and Emil are in another municipality."""

    people: dict[str, User]
    marker: str
    meeting: Meeting
    ids: dict[str, object] = field(default_factory=dict)


def build_net_case(db: Session) -> NetCase:
    people = saras_circle(db, with_bisidder=False)
    marker = "MARKER" + uuid.uuid4().hex[:10]
    sara, lene, mette = people["sara"], people["lene"], people["mette"]
    neighbour = network.add_person(db, owner=sara, data=network.PersonInput(
        name=f"{marker}-neighbour", relation="neighbour", circle="outer", helps=["practical"]))
    network.mark_ask(db, person=neighbour, status="asked", note=f"{marker}-asknote")
    network.add_person(db, owner=sara, data=network.PersonInput(name=f"{marker}-friend", relation="friend",
                                                                circle="inner", helps=["talk", "company"]))
    steps.set_goal(db, owner=sara, area="housing", text=f"{marker}-goal")
    done = steps.log_step(db, owner=sara, area="housing", text=f"{marker}-step", day=steps.today() - timedelta(2))
    steps.log_step(db, owner=sara, area="money", text=f"{marker}-next", day=None, done=False)
    steps.rate(db, owner=sara, day=steps.today() - timedelta(days=9), values={"housing": 4})
    steps.rate(db, owner=sara, day=steps.today(), values={"housing": 7})
    meeting = meetings.create_meeting(db, owner=sara, created_by=sara, data=meetings.MeetingInput(
        kind="network", starts_at=utcnow() + timedelta(days=5), place="", others="", participant_ids=[]),
        allowed_participants=[])
    for scope in SCOPES:
        sharing.set_scope_share(db, owner=sara, grantee=lene, scope=scope, shared=True)
        sharing.set_scope_share(db, owner=sara, grantee=mette, scope=scope, shared=True)
        sharing.set_scope_share(db, owner=sara, grantee=mette, scope=scope, shared=False)
    idea = steps.suggest(db, access=steps_for(db, lene, sara.id, log_view=False), area="leisure",
                         text=f"{marker}-idea")
    db.commit()
    return NetCase(people, marker, meeting, ids={
        "entry_id": neighbour.id, "step_id": done.id, "suggestion_id": idea.id, "young_id": sara.id,
        "grantee_id": lene.id, "area": "housing"})


# --- reading the pages, shared by test_network.py, test_steps.py and test_scope_sharing.py ---------------------

SVG = "{http://www.w3.org/2000/svg}"


def logged_in(app, person: User):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def svg_of(page: str) -> ET.Element:
    """The network picture on a page."""
    start = page.index('<svg xmlns="http://www.w3.org/2000/svg" class="netmap"')
    end = page.index("</svg>", start) + len("</svg>")
    return ET.fromstring(page[start:end])  # noqa: S314 - our own markup


def chart_of(page: str, area: str) -> ET.Element:
    """The ratings chart of one life area on a page."""
    match = re.search(rf'<svg [^>]*\bid="chart-{area}"', page)
    assert match, area
    start = match.start()
    end = page.index("</svg>", start) + len("</svg>")
    return ET.fromstring(page[start:end])  # noqa: S314 - our own markup


def points_of(svg: ET.Element) -> list[tuple[str, int]]:
    """(day, rating) for every point drawn in a ratings chart."""
    return [(dot.get("data-day"), int(dot.get("data-value"))) for dot in svg.iter(f"{SVG}circle")
            if dot.get("class") == "rating-point"]


# --- the access matrix, used by test_scope_sharing.py for both scopes ------------------------------------------

OUTSIDERS = ("mads", "peter", "mette", "ali", "henrik", "sofie", "emil")
YOUNG_OUTSIDERS = ("mads", "emil")
# A rule with one of these in its URL is about Sara's own things: 404 for everyone but Sara (and Lene where shared).
SARAS = {"entry_id", "step_id", "suggestion_id", "young_id", "grantee_id"}


def routes_under(app, case: NetCase, prefix: str) -> list[tuple[str, str, str, bool]]:  # type: ignore[no-untyped-def]
    """(method, url, endpoint, is_saras) for every rule under `prefix`, with Sara's real ids filled in."""
    from flask import url_for

    routes = []
    for rule in app.url_map.iter_rules():
        # a supporter's page is about him, not her network (tests/test_supporters.py, and the route matrix)
        if not rule.rule.startswith(prefix) or rule.endpoint.startswith("supporters."):
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: case.ids[name] for name in rule.arguments})
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((method, url, rule.endpoint, bool(SARAS & set(rule.arguments))))
    return routes


def call(client, method: str, url: str, token: str, case: NetCase):  # type: ignore[no-untyped-def]
    if method == "GET":
        return client.get(url)
    data = {"csrf_token": token, "name": "Someone", "relation": "friend", "circle": "outer", "helps": "money",
            "status": "asked", "note": "x", "meeting": str(case.meeting.id), "area": "housing", "text": "x",
            "day": "2024-01-01", "rate_housing": "5", "share": str(case.people["lene"].id)}
    return client.post(url, data=data, headers={"X-CSRFToken": token})
