"""The page frame's kept fragments: the same frame a fresh render gives, per-request values in their holes."""

from __future__ import annotations

import re

import pytest
from flask_babel import force_locale
from markupsafe import Markup
from support.client import post_form
from support.people import login_as, make_municipality, make_person

from youthvoice.identity.models import Role
from youthvoice.notify import notifications
from youthvoice.web.fragments import fragment


def _csrf_tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrf[-_]token" (?:content|value)="([^"]+)"', html)) | set(
        re.findall(r'name="csrf_token" value="([^"]+)"', html))


def test_each_person_gets_their_own_holes_in_a_shared_fragment(app, db):
    town = make_municipality(db)
    sara, mads = make_person(db, town, name="Sara"), make_person(db, town, name="Mads")
    notifications.notify(db, user=sara, kind="meeting_shared", link="/meetings/1")  # two meetings: two
    notifications.notify(db, user=sara, kind="meeting_shared", link="/meetings/2")
    db.commit()
    pages = {}
    for person in (sara, mads, sara):  # Sara again: her frame comes from the kept fragment now
        client = app.test_client()
        login_as(app, client, person)
        client.get("/")  # the first page gives the session its CSRF token
        pages.setdefault(person.display_name, []).append(client.get("/?x=1&y=%22%3E%3Cb%3E").get_data(as_text=True))
    sara_first, sara_again = pages["Sara"]
    mads_page = pages["Mads"][0]
    assert 'class="count-badge">2<' in sara_first and 'class="count-badge">2<' in sara_again
    assert "count-badge" not in mads_page  # Mads has nothing unread: the hole stays empty
    # one token per session, the same in the head and in both footer forms, different between sessions
    tokens = [_csrf_tokens(page) for page in (sara_first, mads_page, sara_again)]
    assert all(len(found) == 1 for found in tokens), tokens
    assert len({next(iter(found)) for found in tokens}) == 3
    # the path goes into its hole escaped, like any other variable
    assert 'name="next" value="/?x=1&amp;y=%22%3E%3Cb%3E"' in sara_first
    for page in (sara_first, mads_page):
        assert "\x00" not in page and "hole:" not in page


@pytest.mark.parametrize("role", [Role.YOUNG_PERSON, Role.PROFESSIONAL, Role.ADMIN, Role.BISIDDER])
@pytest.mark.parametrize("language", ["da", "en"])
def test_the_kept_frame_equals_a_fresh_render(app, db, role, language):
    town = make_municipality(db)
    person = make_person(db, town, role)
    client = app.test_client()
    login_as(app, client, person)
    client.set_cookie("yv_lang", language, domain="localhost")
    client.get("/", follow_redirects=True)

    def page() -> str:  # the CSRF token's signature carries a time stamp: compare the rest
        return re.sub(r'(name="csrf[-_]token" (?:content|value)=)"[^"]+"', r"\1", client.get("/account/").get_data(
            as_text=True))

    first = page()
    app.extensions["yv_fragments"].clear()
    fresh = page()
    kept = page()
    assert first == fresh == kept
    assert f'<html lang="{language}">' in kept
    assert 'aria-current="page">' in kept  # "Me" is the current page in the navigation
    assert ('data-testid="help-now"' in kept) == (role == Role.YOUNG_PERSON)
    assert ("data-outbox" in kept) == (role == Role.YOUNG_PERSON)


def test_the_navigation_follows_the_page_and_the_language(app, db):
    town = make_municipality(db)
    sara = make_person(db, town, name="Sara")
    client = app.test_client()
    login_as(app, client, sara)
    post_form(client, "/language", {"language": "da", "next": "/"}, token_page="/")
    home = client.get("/").get_data(as_text=True)
    meetings = client.get("/meetings/").get_data(as_text=True)
    assert re.search(r'href="/" aria-current="page">Forside<', home)
    assert re.search(r'href="/meetings/" aria-current="page"', meetings)
    assert not re.search(r'href="/" aria-current="page"', meetings)
    post_form(client, "/language", {"language": "en", "next": "/"}, token_page="/")
    assert re.search(r'href="/" aria-current="page">Home<', client.get("/").get_data(as_text=True))


def test_fragment_holes_are_escaped_and_keys_keep_fragments_apart(app):
    with app.test_request_context("/"):
        plain = fragment("footer", holes={"csrf": "t1", "next": '/"><script>'}, locale="da", logged_in=True)
        assert isinstance(plain, Markup)
        assert 'value="/&#34;&gt;&lt;script&gt;"' in plain
        assert plain.count('value="t1"') == 2  # the language switch and the log-out form
        logged_out = fragment("footer", holes={"csrf": "t2", "next": "/"}, locale="en", logged_in=False)
        assert "data-logout" not in logged_out and 'lang="en" aria-current="true"' in logged_out
        assert "data-logout" in fragment("footer", holes={"csrf": "t3", "next": "/"}, locale="da", logged_in=True)


def test_kept_rows_follow_their_data_language_and_time(app, db, monkeypatch):
    """A kept row is served again only for the same row, extra arguments, language and zone, for ten minutes."""
    from youthvoice.web import fragments

    macro_calls: list[tuple] = []

    def row_macro(*args):  # stands in for a template macro
        macro_calls.append(args)
        return f"<li>{args[0]}</li>"

    def kept(rows, *extra, name="test"):  # type: ignore[no-untyped-def]
        return fragments.kept_rows(name, row_macro, rows, *extra)

    clock = [1000.0]
    monkeypatch.setattr(fragments.time, "monotonic", lambda: clock[0])
    with app.test_request_context("/"), force_locale("da"):
        first = kept(["Sara", "Ole"], 1)
        assert first == Markup("<li>Sara</li>\n<li>Ole</li>")
        assert kept(["Sara", "Ole"], 1) == first
        assert len(macro_calls) == 2  # kept
        assert kept(["Ole", "Ida"], 1) == Markup("<li>Ole</li>\n<li>Ida</li>")  # Ole kept, Ida rendered
        assert len(macro_calls) == 3
        kept(["Sara"], 2)  # other extra arguments: rendered
        kept(["Sara"], 1, name="other")  # another list's row: rendered
        assert len(macro_calls) == 5
    with app.test_request_context("/"), force_locale("en"):
        kept(["Sara"], 1)  # another language: rendered
        assert len(macro_calls) == 6
    with app.test_request_context("/"), force_locale("da"):
        clock[0] += fragments.ROW_SECONDS - 1
        kept(["Sara"], 1)
        assert len(macro_calls) == 6
        clock[0] += 2  # expired
        kept(["Sara"], 1)
        assert len(macro_calls) == 7
        kept([["not", "hashable"]], 1)  # rendered every time, never kept
        kept([["not", "hashable"]], 1)
        assert len(macro_calls) == 9
    memo = app.extensions["yv_rows"]
    clock[0] += fragments.ROW_SECONDS + 61
    with app.test_request_context("/"), force_locale("da"):
        kept(["Karl"], 1)
    assert len(memo.rows) == 1  # the expired rows were swept out


def test_dashboard_rows_change_with_what_they_show(app, db):
    """The kept dashboard rows are keyed on what they show: a new meeting, a changed name or another language
    appears at once, and one professional's rows are never shown for another's data."""
    from datetime import timedelta

    from support.people import link

    from youthvoice.core.model import utcnow
    from youthvoice.meetings import meetings
    from youthvoice.sharing import sharing

    town = make_municipality(db)
    lene = make_person(db, town, Role.PROFESSIONAL, name="Lene")
    sara = make_person(db, town, name="Sara")
    link(db, sara, lene)
    meeting = meetings.create_meeting(db, owner=sara, created_by=sara, data=meetings.MeetingInput(
        kind="plan", starts_at=utcnow() + timedelta(days=2), place="Rådhuset", others="", participant_ids=[]),
        allowed_participants=[])
    sharing.set_meeting_share(db, owner=sara, meeting=meeting, grantee=lene, parts=["basics"])
    db.commit()
    client = app.test_client()
    login_as(app, client, lene)
    post_form(client, "/language", {"language": "da", "next": "/"}, token_page="/people/")
    page = client.get("/people/").get_data(as_text=True)
    assert "<strong>Sara</strong>: Møde om planen" in page  # the professional's words for her meeting
    assert client.get("/people/").get_data(as_text=True) == page  # from the kept rows
    sara.display_name = "Sara K"
    db.add(sara)
    db.commit()
    page = client.get("/people/").get_data(as_text=True)
    assert "<strong>Sara K</strong>" in page and "<strong>Sara</strong>" not in page
    assert '<strong>Sara K</strong></a>' in page.split('data-testid="caseload"')[1]  # the list of young people too
    post_form(client, "/language", {"language": "en", "next": "/"}, token_page="/people/")
    assert "<strong>Sara K</strong>: Meeting about the plan" in client.get("/people/").get_data(as_text=True)


# What a kept row might reach for that is not the same for everyone, and a field its row does not have.
REACHES = ["{{ csrf_token() }}", "{{ current_user.display_name }}", "{{ request.path }}", "{{ session.get('x') }}",
           "{{ g.get('x') }}", "{{ config.SECRET_KEY }}", "{{ get_flashed_messages() }}", "{{ request_key_field() }}",
           "{{ csrf_meta_tag() }}", "{{ kept_rows }}", "{{ fragment }}", "{{ row.no_such_field }}"]


@pytest.mark.parametrize("reach", REACHES)
def test_a_kept_row_cannot_reach_per_request_values(app, db, reach):
    """Kept rows are rendered in an environment without per-request globals and with StrictUndefined: a row
    template that reaches for the CSRF token, the person, the request, … fails instead of keeping it."""
    from flask import render_template_string
    from flask_login import login_user
    from jinja2 import ChoiceLoader, DictLoader, UndefinedError

    from youthvoice.web import fragments

    source = "{% macro row(row) %}<li>{{ row.name }} " + reach + "</li>{% endmacro %}"
    app.jinja_loader = ChoiceLoader([DictLoader({"leaky/_rows.html": source}), app.jinja_loader])
    sara = make_person(db, make_municipality(db), name="Sara")
    row = ("Ole",)
    with app.test_request_context("/"):
        login_user(sara)
        # the same macro in a page, with the page's context, renders (the template itself is fine)
        render_template_string('{% from "leaky/_rows.html" import row with context %}{{ row(r) }}', r=row)
        with pytest.raises(UndefinedError):
            fragments.kept_template_rows("leaky/_rows.html", "row", [row])
        assert app.extensions["yv_rows"].rows == {}  # nothing kept


def test_kept_rows_use_the_same_globals_as_pages(app):
    """The kept environment has the app's globals that are the same for everyone, and the same filters."""
    from jinja2 import StrictUndefined

    from youthvoice.web.fragments import KEPT_GLOBALS, kept_environment

    kept = kept_environment(app)
    assert kept.undefined is StrictUndefined
    assert set(kept.globals) == {name for name in KEPT_GLOBALS if name in app.jinja_env.globals} | {"hole"}
    assert {"_", "url_for", "asset"} <= set(kept.globals)
    assert all(kept.globals[name] is app.jinja_env.globals[name] for name in kept.globals if name != "hole")
    assert kept.filters is app.jinja_env.filters


def test_two_people_get_kept_rows_with_nothing_of_the_other(app, db):
    """Two council members see the same proposal, one supports it: each gets their own row, from the kept rows
    the second time, and no row holds anything of the other person's (nor of their own session)."""
    from support.council_setup import build_town, client_for, propose, today

    from youthvoice.council import causes as council_causes

    town = build_town(db)
    cause = propose(db, town, author="oliver", title="Lys på stien")
    council_causes.support(db, actor=town["amira"], cause=cause, today=today())
    db.commit()
    browsers = {who: client_for(app, town[who]) for who in ("amira", "freja")}
    pages: dict[str, list[str]] = {"amira": [], "freja": []}
    for _round in range(2):  # the second time from the kept rows
        for who, browser in browsers.items():
            pages[who].append(browser.get("/council/causes").get_data(as_text=True))
    assert app.extensions["yv_rows"].rows  # rows were kept
    rows = {who: [re.findall(r'<li class="cause-item card">.*?</li>', page, re.S) for page in found]
            for who, found in pages.items()}
    for who in pages:
        first, again = rows[who]
        assert len(first) == 1 and first == again
    assert "<strong>" in rows["amira"][0][0] and "<strong>" not in rows["freja"][0][0]  # "You support it"
    tokens = set().union(*(_csrf_tokens(page) for found in pages.values() for page in found))
    assert len(tokens) >= 2  # each session has its token on its page ...
    for found in rows.values():
        for row in (r for page_rows in found for r in page_rows):
            assert "Lys på stien" in row
            assert not any(token in row for token in tokens)  # ... and in no row
            assert "Amira" not in row and "Freja" not in row  # neither viewer's name


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_kept_rows_leave_memory_without_another_list_shown(app, monkeypatch):
    """Issue 25.6: a kept row (a name in it) is gone from the worker within its lifetime and a minute, swept by
    any request, even when no list is rendered again."""
    from markupsafe import Markup

    from youthvoice.web import fragments

    memo = app.extensions["yv_rows"]
    now = fragments.time.monotonic()
    memo.put(("dashboard", "Sara Erased"), Markup("<li>Sara Erased</li>"), now)
    client = app.test_client()
    client.get("/healthz")
    assert memo.rows  # still within its lifetime
    monkeypatch.setattr(fragments.time, "monotonic", lambda: now + fragments.ROW_SECONDS + 61)
    client.get("/healthz")  # a request that shows no list
    assert memo.rows == {}
