"""Fuzzed input: every form and every JSON endpoint gets arbitrary text and malformed values.

Every POST route of the app is called as a role that may use it, with real ids from the world the route matrix
builds from the demo seed (tests/test_route_matrix.py). The fields of each form are discovered by reading the
forms on every page that role can open (so a new form is fuzzed without a line here); JSON endpoints have their
bodies written out below. A POST route that is neither fuzzed nor listed in EXCLUDED with a reason fails
`test_every_post_route_is_fuzzed`.

What is sent: text with control characters (NUL included: PostgreSQL refuses it in text columns), 100 000
characters, right-to-left overrides, emoji, HTML and SQL fragments, malformed ids, dates, numbers and choices,
missing fields, duplicated fields, a JSON body to a form, a form to a JSON endpoint, JSON that does not parse, JSON
nested thousands of levels deep, and JSON text with a lone surrogate ("\ud800": JSON can escape half a character
that no database or encryption can store; forms cannot carry one, see youthvoice/request.py).

What must hold:
- never a 5xx;
- a JSON endpoint answers a refused body (400) in JSON with an error message;
- no page ever contains input markup that would run (a raw `<script>alert(1)` or `<img src=x onerror=...>`
  from the input): neither the answer, nor the page a stored write leads to, nor (at the end) any page any role
  can open;
- a rejected form (400/422, or a page with an error message) shows the text that was typed, HTML-escaped.

The world is built once per module and backend (hypothesis and function-scoped fixtures do not mix), and the
routes that remove what others use run last.
"""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask, g, has_request_context, request
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape
from support.client import EnglishClient, csrf_token
from support.database import BACKENDS, base_config, empty_postgres
from support.people import issue_invite, login_as
from test_route_matrix import DESTRUCTIVE, POST_ROUTES, ROUTES, World, _build, _url
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException

from youthvoice import create_app
from youthvoice.core.db import new_session
from youthvoice.core.forms import clean_text
from youthvoice.identity import accounts
from youthvoice.identity.models import Role, User
from youthvoice.meetings import preparation

# --- what is sent ----------------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
SQL = "'; DROP TABLE user; --"
RTL = "\u202eevil\u202c txt.exe"
EMOJI = "Jeg 💔 det 🏳️\u200d🌈 👩🏽\u200d💻"
CONTROL = "a\x00b\x01c\x07d\x1be\x7ff\u0085g"
LONG = "å" * 100_000
HOSTILE = f"{SCRIPT} {IMG} {SQL} {RTL} {EMOJI}"
NASTY = [SCRIPT, IMG, SQL, RTL, EMOJI, CONTROL, "\x00", "", "   ", "\n\r\n", "null", "-1", "0", "1e309", "NaN",
         "9" * 40, "../../etc/passwd", "%00", "{{ 7*7 }}", "${7*7}", "\ufeff", "\u200b", HOSTILE, "a" * 5000]
MALFORMED = ["", "\x00", "-1", "0", "9" * 30, "1.5", "NaN", "abc", "00000000-0000-0000-0000-000000000000",
             "2024-02-30", "2024-13-01", "99999-01-01", "0000-00-00", "24:61", "99:99", "true", "[]", "{}", SCRIPT,
             IMG, SQL, "\u202e1", "1\x00"]

# Half a character: only JSON can carry one (escaped), and the app must refuse it with a 400, not fail storing it.
SURROGATES = ["a\ud800b", "\udfff", "Jeg \ud83d"]  # the last: an emoji cut in half
DEEP_ARRAY = b"[" * 100_000 + b"]" * 100_000

# One per field that is not free text, in turn: a bad id, date, number, choice.
BAD_VALUES = ["2024-02-30", "9" * 30, "\x00", SCRIPT, "-1", "00000000-0000-0000-0000-000000000000", "24:61"]

# Raw markup from the input: these must never appear unescaped in any HTML the app sends.
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror")

# --- which role calls a route, and what is not fuzzed ----------------------------------------------------

ROLE_PREFERENCE = ("owner", "shared_pro", "bisidder", "council_member", "coordinator", "admin", "respondent",
                   "supporter", "facilitator", "peer",
                   "other_young", "unshared_pro", "anonymous")

# Routes not fuzzed, each with the reason. (Everything else that takes POST is.)
EXCLUDED: dict[str, str] = {
    "demo.login_as": "demo mode only, never registered outside it (a button, no fields)",
    "api.log_step": "the JSON API: schemathesis generates its requests from /api/v1/openapi.json (tests/test_api.py)",
    **dict.fromkeys(["api.add_point", "api.add_decision", "api.add_note"], "the JSON API, as api.log_step"),
    "groups.join": "a one-time join link: an unknown token is a 404 for everyone; tests/test_groups.py joins with "
                   "real links and checks the age rule's refusal",
    "voice.keep": "an audio upload sent by static/js/voice.js, no form: tests/test_voice.py sends recordings that are "
                  "not audio, too big, too long and broken, and checks each is a clear 4xx",
}

# JSON endpoints: the body's fields and what kind of value each takes.
JSON_ROUTES: dict[str, dict[str, str]] = {
    "preparation.autosave": {"text": "text"},  # the step's question keys are added from the step itself
    "council_causes.autosave": {"title": "text", "change": "text", "why": "text", "who": "text",
                                "category": "choice"},
    "council_causes.autosave_new": {"title": "text", "change": "text"},
    "auth.login_options": {},
    "auth.login_verify": {"credential": "credential", "next": "text"},
    "auth.invite_options": {},
    "auth.invite_verify": {"credential": "credential", "name": "text"},
    "auth.recover_options": {},
    "auth.recover_verify": {"credential": "credential", "name": "text"},
    "account.add_passkey_options": {},
    "account.add_passkey_verify": {"credential": "credential", "name": "text"},
    "push.subscribe": {"endpoint": "text", "keys": "text", "expirationTime": "text"},
    "push.unsubscribe": {"endpoint": "text"},
    "push.state": {"endpoint": "text"},
}

# Forms that have no fields but the CSRF token (a button), and forms only shown in states the world is not in.
FIELDS_BY_HAND: dict[str, dict[str, str]] = {
    "auth.logout": {},
    "auth.recover": {"code": "text"},
    "mydata.undo_delete": {},  # shown only while an erasure is pending
    "account.remove_passkey": {},  # shown only with two passkeys or more
    "council.setup": {"name": "text", "term_name": "text", "starts_on": "date", "ends_on": "date"},  # no council yet
    "council_members.new_link": {},  # shown only for a member who has not started
    "recovery.unlock": {"code": "text"},  # shown only on a phone locked after a staff-made recovery
    "recovery.stop": {},  # shown only while someone else's recovery link for the account can be used
    "recovery.approve": {},  # shown only to staff while a colleague's recovery link waits for approval
    "council_moderation.leave": {},  # shown only while a member's flag on the comment is open
    "colleagues.write_note": {"note": "text"},  # shown only to a caseworker who handed a young person over
    "account.email_on": {"address": "email"},  # the email section is shown only when SMTP_URL is set
    "account.email_off": {},
    "admin.provider_link": {"subject": "text"},  # shown only when the municipality has a log-in provider
    "support.end_absence": {},  # shown only while the professional is away
    "voice.delete": {"confirm": "text"},  # a button of static/js/voice.js, shown only beside a recording
    "panel.remove_answer": {},  # shown only beside an answer of one's own to an open question
    "panel.show_submission": {},  # shown only beside a copy the coordinator hid
    "council_causes.merge": {"into": "text"},  # shown only while another proposal could be merged with this one
    "groups.show_again": {"reason": "text"},  # shown only beside a post the facilitator hid
}

# Run last, in this order: they remove or end what the other routes use.
LAST = ["council_rounds.end", "meetings.share",
        "network.share", "steps.share", "network.stop_sharing", "steps.stop_sharing", *DESTRUCTIVE,
        "handover_admin.colleagues_setting", "handover_admin.move"]  # a handover ends Lene's links and shares

# URL parameters the pages read (the fields of search and filter forms are added as they are found).
GET_FIELDS = {"term", "next", "circle", "status", "sort", "since", "sent", "recovered", "q", "preview", "page",
              "area", "bye"}

TEXT_KINDS = {"text", "textarea", "search", "email", "tel", "url", "unknown"}


@dataclass
class Field:
    kind: str
    choices: list[str] = field(default_factory=list)
    visible: bool = True


@dataclass
class Target:
    endpoint: str
    role: str
    url: str
    fields: dict[str, Field]
    json: bool = False


# --- reading forms from pages ----------------------------------------------------------------------------


class _Forms(HTMLParser):
    """Every <form method=post>: its action and its fields (inputs, textareas, selects, named buttons)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict[str, Field]]] = []
        self.links: list[str] = []
        self.get_fields: set[str] = set()  # the fields of forms that search or filter (method=get)
        self._get_form = False
        self._current: dict[str, Field] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"])
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._current = {}
                self.forms.append((a.get("action", ""), self._current))
            else:
                self._get_form = True
            return
        name = a.get("name")
        if self._get_form and name and tag in ("input", "select", "textarea"):
            self.get_fields.add(name)
        if self._current is None:
            return
        if tag == "input" and name and name != "csrf_token":
            kind = a.get("type", "text").lower()
            if kind in ("radio", "checkbox"):
                entry = self._current.setdefault(name, Field("choice", visible=True))
                entry.choices.append(a.get("value", "on"))
            elif kind == "hidden":
                self._current.setdefault(name, Field("hidden", [a.get("value", "")], visible=False))
            elif kind in ("date", "number", "time"):
                self._current.setdefault(name, Field(kind))
            elif kind == "password":  # a secret is never shown again (typed or stored): fuzzed, not looked for
                self._current.setdefault(name, Field("password"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._current.setdefault(name, Field("text" if kind not in TEXT_KINDS else kind))
        elif tag == "button" and name:
            entry = self._current.setdefault(name, Field("choice", visible=False))
            entry.choices.append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._current.setdefault(name, Field("textarea"))
        elif tag == "select" and name:
            self._select = name
            self._current.setdefault(name, Field("choice"))
        elif tag == "option" and self._select:
            self._current[self._select].choices.append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None
            self._get_form = False
        elif tag == "select":
            self._select = None


# Routes called as someone other than the first allowed role, so the final crawl still sees Sara's pages.
ROLE_OVERRIDES = {"mydata.delete_account": "other_young", "mydata.undo_delete": "other_young",
                  "colleagues.write_note": "withdrawn_pro",  # the caseworker who handed Sara over
                  "panel.remove_answer": "council_member"}  # Amira answered the panel's open question


def _role_for(endpoint: str) -> str:
    if endpoint in ROLE_OVERRIDES:
        return ROLE_OVERRIDES[endpoint]
    if endpoint.startswith("auth.") and endpoint != "auth.logout":
        return "anonymous"
    allowed = POST_ROUTES.get(endpoint, ROUTES.get(endpoint, frozenset()))
    for role in ROLE_PREFERENCE:
        if role in allowed:
            return role
    return "anonymous"


def _client(app: Flask, world: World, role: str) -> FlaskClient:
    client = app.test_client()
    if role != "anonymous":
        login_as(app, client, world.people[role])
    return client


def _discover(app: Flask, world: World, roles: set[str] | None = None) -> dict[tuple[str, str], dict[str, Field]]:
    """(endpoint, role) -> fields, from the forms on every page each role can open (the pages of its routes,
    and the pages those link to)."""
    adapter = app.url_map.bind("localhost")
    found: dict[tuple[str, str], dict[str, Field]] = {}
    roles = roles or {_role_for(rule.endpoint) for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    skip = ("auth.logout", "assets.static_file", "pwa.service_worker", "mydata.my_data_json", "auth.login_options")
    for role in sorted(roles):
        client = _client(app, world, role)
        queue = [_url(app, rule, world) for rule in app.url_map.iter_rules()
                 if "GET" in rule.methods and role in ROUTES.get(rule.endpoint, ()) and rule.endpoint not in skip]
        if role == "owner":  # the preparation's screens are reached by buttons, not links
            queue += [f"/meetings/{world.values['meeting_id']}/prepare/{key}" for key in preparation.STEP_KEYS]
        seen, first, linked = set(queue), len(queue), Counter[str]()
        for index, url in enumerate(queue):  # grows with the links of the first pages (one level)
            page = client.get(url)
            if page.status_code != 200 or "html" not in page.content_type:
                continue
            parser = _Forms()
            parser.feed(page.get_data(as_text=True))
            GET_FIELDS.update(parser.get_fields)
            for link in parser.links:
                path = urlsplit(link).path
                try:
                    endpoint, _args = adapter.match(path, method="GET")
                except HTTPException:
                    continue
                if index < first and path not in seen and endpoint not in skip and linked[endpoint] < 4:
                    linked[endpoint] += 1  # a few linked pages of each kind are enough
                    seen.add(path)
                    queue.append(path)
            for action, fields in parser.forms:
                path = urlsplit(action).path or urlsplit(url).path
                try:
                    endpoint, _args = adapter.match(path, method="POST")
                except HTTPException:
                    continue
                for key in ((endpoint, role), (path, role)):  # by endpoint (any ids), and this exact form
                    merged = found.setdefault(key, {})
                    for name, info in fields.items():
                        if name in merged:
                            merged[name].choices = sorted(set(merged[name].choices) | set(info.choices))
                        else:
                            merged[name] = Field(info.kind, list(info.choices), info.visible)
    return found


def _json_fields(app: Flask, world: World, endpoint: str) -> dict[str, Field]:
    spec = dict(JSON_ROUTES[endpoint])
    if endpoint == "preparation.autosave":
        spec.update({question.key: "text" for question in preparation.step_by_key(world.values["key"]).questions})
        spec.pop("text")
    if endpoint == "council_causes.autosave":
        from youthvoice.council.causes import CATEGORY_LABELS as CATEGORIES

        return {name: Field(kind, list(CATEGORIES) if kind == "choice" else []) for name, kind in spec.items()}
    return {name: Field(kind) for name, kind in spec.items()}


def _targets(app: Flask, world: World) -> tuple[list[Target], list[str]]:
    """Every POST route as something to fuzz, destructive ones last; and the POST routes nobody covers.
    The forms are read before and after a vote is opened (a ballot replaces the forms to start one)."""
    discovered = _discover(app, world)
    world.values["round_id"] = _open_round(app, world)
    discovered.update(_discover(app, world, {"council_member", "coordinator"}) | discovered)
    targets, uncovered = [], []
    order = {endpoint: index for index, endpoint in enumerate(LAST, start=1)}
    rules = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
    for rule in sorted(rules, key=lambda r: (order.get(r.endpoint, 0), r.endpoint)):
        endpoint = rule.endpoint
        if endpoint in EXCLUDED:
            continue
        role = _role_for(endpoint)
        url = _url(app, rule, world)
        if endpoint in JSON_ROUTES:
            targets.append(Target(endpoint, role, url, _json_fields(app, world, endpoint), json=True))
        elif (url, role) in discovered or (endpoint, role) in discovered:
            targets.append(Target(endpoint, role, url, discovered.get((url, role)) or discovered[(endpoint, role)]))
        elif endpoint in FIELDS_BY_HAND:
            targets.append(Target(endpoint, role, url,
                                  {name: Field(kind) for name, kind in FIELDS_BY_HAND[endpoint].items()}))
        else:
            uncovered.append(endpoint)
    return targets, uncovered


# --- the module's world, once per backend ----------------------------------------------------------------


@dataclass
class Fuzz:
    app: Flask
    world: World
    backend: str
    targets: list[Target]
    uncovered: list[str]
    clients: dict[str, FlaskClient] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    links_made: list[tuple[str, bool]] = field(default_factory=list)  # (endpoint, counted against the limits)

    def client(self, role: str) -> tuple[FlaskClient, str]:
        if role not in self.clients:
            client = _client(self.app, self.world, role)
            self.clients[role] = client
            self.tokens[role] = csrf_token(client, "/rights/")
        return self.clients[role], self.tokens[role]

    def relogin(self, role: str) -> None:
        """After a route that ends sessions (log out, end others, deactivate), start the role afresh."""
        self.clients.pop(role, None)


@pytest.fixture(scope="module", params=BACKENDS)
def fuzz(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fuzz]:
    backend = request.param
    folder = tmp_path_factory.mktemp(f"fuzz-{backend}")
    if backend == "sqlite":
        path = folder / "yv.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
    else:
        url = request.getfixturevalue("postgres_database")
    app = create_app(base_config(url, Path(folder)))
    app.test_client_class = EnglishClient
    try:
        world = _build(app)
        with new_session(app) as db:
            newcomer = accounts.create_person(db, municipality_id=world.people["owner"].municipality_id,
                                              role=Role.YOUNG_PERSON, display_name="Nyt navn")
            db.commit()
            db.refresh(newcomer)
        world.values["token"] = issue_invite(app, newcomer, world.people["shared_pro"])
        world.values["overrides"]["admin.deactivate"] = {"person_id": newcomer.id}  # not Sara: pages are crawled
        draft = _draft(app, world)  # its own draft: fuzzing step 2 may share it
        for endpoint in ("council_causes.step_one", "council_causes.step_two"):
            world.values["overrides"][endpoint] = {"cause_id": draft}
        targets, uncovered = _targets(app, world)
        made = Fuzz(app, world, backend, targets, uncovered)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(accounts, "issue_invite", _watched(accounts.issue_invite, made.links_made))
            yield made
    finally:
        if backend == "postgresql":
            empty_postgres(app)
        app.extensions["yv_engine"].dispose()


def _watched(issue_invite: Any, links_made: list[tuple[str, bool]]) -> Any:
    """accounts.issue_invite, noting which route made a link and whether it asked the issuing limits first."""

    def watched(*args: Any, **kwargs: Any) -> Any:
        if has_request_context():
            links_made.append((request.endpoint or "", bool(g.get("issue_limits_checked"))))
        return issue_invite(*args, **kwargs)

    return watched


def _draft(app: Flask, world: World) -> Any:
    from youthvoice.council import causes as council_causes
    from youthvoice.council.models import Cause, Term

    with new_session(app) as db:
        term = db.get(Term, db.get(Cause, world.values["cause_id"]).term_id)
        draft = council_causes.start_draft(db, actor=db.get(User, world.people["council_member"].id), term=term,
                                           today=term.starts_on, fields={"title": "Et andet udkast"})
        db.commit()
        return draft.id


def _open_round(app: Flask, world: World) -> Any:
    """A vote going on now, with the term's shared proposals on the ballot."""
    from datetime import timedelta

    from youthvoice.core.danish_calendar import local_today
    from youthvoice.core.model import utcnow
    from youthvoice.council import rounds as council_rounds
    from youthvoice.council.models import Cause, Term

    with new_session(app) as db:
        cause = db.get(Cause, world.values["cause_id"])
        term = db.get(Term, cause.term_id)
        today = local_today()  # the app's today (Copenhagen): UTC's date is a day behind after 23:00 in winter
        voting_round = council_rounds.open_round(
            db, actor=db.get(User, world.people["coordinator"].id), term=term, starts_on=today,
            ends_on=min(today + timedelta(days=3), term.ends_on), votes_per_member=3, choose_count=1,
            cause_ids=[str(c.id) for c in council_rounds.eligible_causes(db, term)],
            min_voters=app.config["COUNCIL_MIN_VOTERS"], now=utcnow())
        db.commit()
        return voting_round.id


# --- sending and checking --------------------------------------------------------------------------------


def _send(fuzz: Fuzz, target: Target, payload: Any, *, as_json: bool | None = None,
          raw: bytes | None = None, content_type: str | None = None) -> Any:
    client, token = fuzz.client(target.role)
    headers = {"X-CSRFToken": token}
    if raw is not None:
        return client.post(target.url, data=raw, headers=headers, content_type=content_type or "application/json")
    if as_json if as_json is not None else target.json:
        return client.post(target.url, json=payload, headers=headers)
    data = MultiDict(payload) if isinstance(payload, list) else MultiDict(list(payload.items()))
    data.setlist("csrf_token", [token])
    return client.post(target.url, data=data, headers=headers)


def _html(response: Any) -> str:
    return response.get_data(as_text=True) if "html" in (response.content_type or "") else ""


def _check_no_raw_markup(text: str, where: str) -> None:
    for marker in RAW_MARKERS:
        assert marker not in text, f"{where}: raw input markup {marker!r} in the page"


def _typed_texts(target: Target, payload: Any) -> list[str]:
    """The texts a person typed into the form's visible fields, as the app reads them."""
    pairs = payload if isinstance(payload, list) else list(payload.items())
    for name, value in pairs:
        info = target.fields.get(name)
        if info is not None and not info.visible and info.choices and value not in info.choices:
            return []  # a hidden value was tampered with: nobody typed this request
    texts, seen = [], set()
    for name, value in pairs:
        if name in seen:  # the app reads the first of duplicated fields
            continue
        seen.add(name)
        info = target.fields.get(name)
        if info and info.visible and info.kind in TEXT_KINDS and isinstance(value, str) and clean_text(value):
            texts.append(value)
    return texts


def _shown(value: str, html: str) -> bool:
    """The typed text is on the page, escaped (as typed, trimmed, or with control characters dropped)."""
    value = value.replace("\x00", "")  # the request class removes NUL before the app sees it
    candidates = {value, value.strip(), clean_text(value), value.replace("\r\n", "\n"),
                  clean_text(value.replace("\r\n", "\n"))}
    return any(str(escape(candidate)) in html for candidate in candidates if candidate)


def _check(fuzz: Fuzz, target: Target, payload: Any, response: Any) -> None:
    where = f"{fuzz.backend} POST {target.url} ({target.endpoint} as {target.role})"
    shown = repr(payload)[:300]
    assert response.status_code < 500, f"{where} gave {response.status_code} for {shown}"
    if target.json and response.status_code == 400:
        body = response.get_json(silent=True)
        assert isinstance(body, dict) and body.get("error"), f"{where}: a 400 without a JSON error for {shown}"
    html = _html(response)
    _check_no_raw_markup(html, where)
    if target.endpoint in ("auth.logout", "account.end_other_sessions", "admin.deactivate", "mydata.delete_account"):
        fuzz.relogin(target.role)
    rejected = response.status_code in (400, 409, 422) or (response.status_code == 200 and 'class="error' in html)
    if response.status_code in (301, 302, 303) and not target.json:
        client, _token = fuzz.client(target.role)
        location = response.headers["Location"]
        if urlsplit(location).netloc in ("", "localhost"):
            page = client.get(location)
            assert page.status_code < 500, f"{where}: the page it led to ({location}) gave {page.status_code}"
            html = _html(page)
            _check_no_raw_markup(html, f"{where} -> {location}")
            rejected = 'flash-error' in html
    if rejected and not target.json and html:
        for value in _typed_texts(target, payload):
            assert _shown(value, html), f"{where}: rejected ({response.status_code}) without the typed text " \
                f"{value[:80]!r} for {shown}"


# --- strategies ------------------------------------------------------------------------------------------

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
text_values = st.one_of(st.sampled_from(NASTY), any_text)
# JSON text may also hold lone surrogates (a form cannot: the test client, like a browser, cannot encode them).
json_text = st.one_of(any_text, st.sampled_from(SURROGATES),
                      st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3).map(lambda t: f"x{t}y"))


def _value_strategy(info: Field) -> st.SearchStrategy[str]:
    if info.kind in TEXT_KINDS or info.kind == "password":
        return text_values
    good = st.sampled_from(info.choices) if info.choices else st.nothing()
    if info.kind == "date":
        good = st.dates().map(lambda day: day.isoformat())
    elif info.kind == "number":
        good = st.integers(-10, 20).map(str)
    elif info.kind == "time":
        good = st.times().map(lambda t: t.strftime("%H:%M"))
    return st.one_of(good, st.sampled_from(MALFORMED), any_text)


json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), json_text,
                         st.sampled_from(NASTY))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(json_text, inner, max_size=3), max_leaves=8)
credentials = st.one_of(
    json_values,
    st.fixed_dictionaries({"id": text_values, "rawId": text_values, "type": st.sampled_from(["public-key", "x"]),
                           "response": st.one_of(json_values, st.fixed_dictionaries({
                               "clientDataJSON": st.one_of(text_values, st.binary(max_size=40).map(
                                   lambda b: __import__("base64").urlsafe_b64encode(b).decode())),
                               "authenticatorData": text_values, "signature": text_values,
                               "attestationObject": text_values}))}),
)


@st.composite
def payloads(draw: st.DrawFn, target: Target) -> Any:
    """Some fields missing, some duplicated, each with a value of its kind or something malformed."""
    if target.json:
        body: dict[str, Any] = {}
        for name, info in target.fields.items():
            if draw(st.integers(0, 5)) == 0:
                continue
            body[name] = draw(credentials if info.kind == "credential" else
                              st.one_of(_value_strategy(info), json_values))
        return body
    pairs: list[tuple[str, str]] = []
    for name, info in target.fields.items():
        repeat = draw(st.sampled_from([1, 1, 1, 1, 0, 2]))
        pairs.extend((name, draw(_value_strategy(info))) for _ in range(repeat))
    extra = draw(st.lists(st.tuples(st.sampled_from(["x", "id", "meeting_id", "user_id", "go", "action"]),
                                    text_values), max_size=2))
    return pairs + extra


def _good(info: Field) -> str:
    if info.choices:
        return next((choice for choice in info.choices if choice), info.choices[0])
    return {"date": "2030-05-01", "number": "3", "time": "09:00"}.get(info.kind, "ok")


def _battery(target: Target) -> Iterator[tuple[str, dict[str, Any]]]:
    """The fixed cases every route gets: (name, keyword arguments for _send)."""
    texts = [name for name, info in target.fields.items() if info.kind in TEXT_KINDS]
    others = {name: info for name, info in target.fields.items() if info.kind not in TEXT_KINDS}
    base = {name: _good(info) for name, info in target.fields.items()}
    if target.json:
        base = {name: value for name, value in base.items() if target.fields[name].kind != "credential"}
    for label, value in (("hostile", HOSTILE), ("control", CONTROL + " \x00"), ("long", LONG)):
        if texts:
            yield label, {"payload": {**base, **dict.fromkeys(texts, value)}}
    if others:
        yield "malformed", {"payload": {**base, **{name: BAD_VALUES[index % len(BAD_VALUES)]
                                                    for index, name in enumerate(others)}}}
        yield "blank", {"payload": {**base, **dict.fromkeys(others, "")}}
    yield "empty", {"payload": {}}
    if not target.json:
        yield "duplicated", {"payload": [pair for name, value in base.items()
                                         for pair in ((name, value), (name, SCRIPT))]}
        yield "json to a form", {"payload": {**base}, "as_json": True}
    else:
        yield "form to json", {"payload": base, "as_json": False}
        yield "invalid json", {"payload": None, "raw": b'{"title": "x",'}
        yield "not an object", {"payload": None, "raw": b'["x", 1]'}
        yield "wrong type", {"payload": None, "raw": b"\xff\xfe\x00", "content_type": "text/plain"}
        yield "not utf-8", {"payload": None, "raw": b'{"x": "\xff\xfe"}'}
        yield "deeply nested", {"payload": None, "raw": DEEP_ARRAY}
        first = next(iter(target.fields), "x")
        yield "nested under a field", {"payload": None,
                                       "raw": f'{{"{first}": '.encode() + b'{"a": ' * 900 + b"1" + b"}" * 901}
        for value in SURROGATES:
            yield "lone surrogate", {"payload": {**base, **dict.fromkeys(texts or [first], value)}}
        yield "lone surrogate in a name", {"payload": {**base, "\ud800": "x"}}
        if "credential" in target.fields:
            yield "nested nonsense", {"payload": {"credential": {"response": {"clientDataJSON": "e30"}},
                                                  "name": HOSTILE}}


# --- the tests -------------------------------------------------------------------------------------------


def test_every_post_route_is_fuzzed(fuzz: Fuzz) -> None:
    """A new POST route is fuzzed (its form is on a page, or its body is written out above) or excluded."""
    if fuzz.backend != "sqlite":
        pytest.skip("the same routes on both backends")
    assert not fuzz.uncovered, (
        f"POST routes neither fuzzed nor in EXCLUDED with a reason: {fuzz.uncovered}. Their form was not on any "
        "page the role that may post it can open; add the fields to FIELDS_BY_HAND or JSON_ROUTES.")
    assert len(fuzz.targets) > 80


def _reached(response: Any) -> bool:
    """The route answered as itself (not "not found" or "log in first"; "you cannot do that" is its own)."""
    to_login = response.status_code in (302, 303) and "/login" in response.headers.get("Location", "")
    return response.status_code not in (401, 404) and not to_login


def _fuzz_with_hypothesis(fuzz: Fuzz, target: Target, examples: int) -> None:
    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.data())
    def fuzz_route(data: st.DataObject) -> None:
        payload = data.draw(payloads(target))
        _check(fuzz, target, payload, _send(fuzz, target, payload))

    fuzz_route()


def test_fuzz_every_post_route(fuzz: Fuzz) -> None:
    """The fixed cases, then hypothesis' own, for every POST route in turn (destructive ones last)."""
    examples = 4 if fuzz.backend == "sqlite" else 2
    started = time.monotonic()
    unreached = []
    for target in fuzz.targets:
        reached = False
        for _label, case in _battery(target):
            response = _send(fuzz, target, **case)
            _check(fuzz, target, case["payload"], response)
            reached = reached or _reached(response)
        if not reached and target.endpoint != "auth.logout":  # which answers with the log-in page
            unreached.append(f"{target.endpoint} as {target.role}")

        _fuzz_with_hypothesis(fuzz, target, examples)
    assert not unreached, f"every request was refused as if the route were not there: {unreached}"
    assert time.monotonic() - started < 600


def test_every_route_that_makes_a_link_is_rate_limited(fuzz: Fuzz) -> None:
    """Every request that made an invite or recovery link (during the fuzzing above) had counted it against the
    issuing limits first (routes/_util.issuing_refused): a new route that makes links cannot forget them."""
    routes = {endpoint for endpoint, _counted in fuzz.links_made}
    assert routes >= {"people.new_link", "admin.invite", "admin.new_link", "support.invite"}, routes
    assert not [endpoint for endpoint, counted in fuzz.links_made if not counted]


def test_no_page_shows_raw_markup_afterwards(fuzz: Fuzz) -> None:
    """After all that, every page each role can open shows the stored input escaped."""
    app, world = fuzz.app, fuzz.world
    failures = []
    for role in ("owner", "shared_pro", "bisidder", "council_member", "coordinator", "admin", "anonymous"):
        client = _client(app, world, role)
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or role not in ROUTES.get(rule.endpoint, ()) or rule.endpoint in (
                    "auth.logout", "assets.static_file"):
                continue
            try:
                url = _url(app, rule, world)
            except AssertionError:
                continue
            page = client.get(url)
            if rule.endpoint == "mydata.my_data_json" and page.status_code == 200:
                json.loads(page.get_data(as_text=True))
            if page.status_code >= 500:
                failures.append(f"GET {url} as {role}: {page.status_code}")
            if "html" not in (page.content_type or ""):  # JSON and files: never read as HTML by a browser
                if page.headers.get("X-Content-Type-Options") != "nosniff":
                    failures.append(f"GET {url} as {role}: {page.content_type} without nosniff")
                continue
            body = page.get_data(as_text=True)
            for marker in RAW_MARKERS:
                if marker in body:
                    failures.append(f"GET {url} as {role}: raw {marker!r}")
    assert not failures, "\n".join(failures)


def test_every_page_takes_malformed_parameters(fuzz: Fuzz) -> None:
    """Every page, with every URL parameter the app reads (and every search or filter field) set to hostile
    text, NUL, or a malformed number or date: no 5xx, and no raw markup from the parameters."""
    app, world = fuzz.app, fuzz.world
    names = sorted(GET_FIELDS)
    failures = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("assets.static_file",):
            continue
        allowed = ROUTES.get(rule.endpoint, frozenset())
        role = next((role for role in ROLE_PREFERENCE if role in allowed), "anonymous")
        client, _token = fuzz.client(role)
        url = _url(app, rule, world)
        for values in ([HOSTILE], [CONTROL, "\x00"], BAD_VALUES, ["9" * 400, "-1", "2024-13-01", "0"]):
            query = MultiDict([(name, values[index % len(values)]) for index, name in enumerate(names)])
            page = client.get(url, query_string=query)
            if page.status_code >= 500:
                failures.append(f"GET {url} as {role} with {values[:2]!r}: {page.status_code}")
            if "html" in (page.content_type or ""):
                body = page.get_data(as_text=True)
                failures += [f"GET {url} as {role}: raw {marker!r}" for marker in RAW_MARKERS if marker in body]
    assert not failures, "\n".join(failures)
