"""The page frame's kept fragments: the same frame a fresh render gives, per-request values in their holes."""

from __future__ import annotations

import re

import pytest
from conftest import login_as, make_municipality, make_person, post_form
from markupsafe import Markup

from youthvoice import notifications
from youthvoice.fragments import fragment
from youthvoice.models import Role


def _csrf_tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrf[-_]token" (?:content|value)="([^"]+)"', html)) | set(
        re.findall(r'name="csrf_token" value="([^"]+)"', html))


def test_each_person_gets_their_own_holes_in_a_shared_fragment(app, db):
    town = make_municipality(db)
    sara, mads = make_person(db, town, name="Sara"), make_person(db, town, name="Mads")
    notifications.notify(db, user=sara, kind="meeting_shared", link="/")
    notifications.notify(db, user=sara, kind="meeting_shared", link="/")
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
