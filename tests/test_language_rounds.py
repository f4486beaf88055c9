"""Every page in the reader's language, whatever language the process rendered first (issue 24.1).

Labels a template writes as `{{ 'after'|part_label }}` are constants Jinja may fold at its first compile, so the
language that renders first would win for everyone after. Here every page each kind of person reaches is rendered
in Danish, then English, then Danish again in one process, and no text of the page may be a catalogue string of
the other language."""

from __future__ import annotations

import ast
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.support import Translations
from flask import Flask
from support.client import post_form
from support.people import login_as
from test_route_matrix import DESTRUCTIVE, ROUTES, World, _build, _url

TRANSLATIONS = Path(__file__).resolve().parent.parent / "youthvoice" / "translations"
PERSONAS = ("owner", "shared_pro", "bisidder", "coordinator", "council_member", "admin")


class _Texts(HTMLParser):
    """The text nodes of a page, and the words of attributes a person reads (labels, placeholders, titles)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "placeholder", "title", "alt") and value:
                self.texts.add(" ".join(value.split()))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._skip:
            self.texts.add(text)


def _texts(page: str) -> set[str]:
    parser = _Texts()
    parser.feed(page)
    return parser.texts


def _only_in(language: str) -> set[str]:
    """Catalogue strings that belong to one language only: Danish translations that differ from their English
    msgid, or English msgids whose Danish differs (short ones left out: "OK" and names read alike)."""
    catalog = Translations.load(str(TRANSLATIONS), ["da"])._catalog
    pairs = [(msgid, text) for msgid, text in catalog.items()
             if isinstance(msgid, str) and msgid and isinstance(text, str) and text and msgid != text]
    danish = {text for _msgid, text in pairs}
    english = {msgid for msgid, _text in pairs}
    chosen = danish - english if language == "da" else english - danish
    return {text for text in chosen if len(text) >= 8 and "%(" not in text}


def _demo_content() -> set[str]:
    """What the demo's made-up people wrote (Danish content, shown as it was written in any language)."""
    return {node.value for path in (TRANSLATIONS.parent / "demo").glob("*.py")
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def _pages(app: Flask, world: World, role: str) -> list[str]:
    """The pages (GET, no parameters needed beyond the world's) this person reaches, safe ones first."""
    order = {endpoint: index for index, endpoint in enumerate(DESTRUCTIVE, start=1)}
    urls = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (order.get(r.endpoint, 0), r.endpoint)):
        if "GET" not in rule.methods or role not in ROUTES[rule.endpoint] or rule.endpoint in order:
            continue
        if rule.endpoint.startswith(("auth.", "assets.", "pwa.", "health.", "demo.")):
            continue
        urls.append(_url(app, rule, world))
    return urls


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("role", PERSONAS)
def test_every_page_in_danish_then_english_then_danish(app: Flask, role: str) -> None:
    app.config["TESTING"] = True
    world = _build(app)
    client = app.test_client()
    login_as(app, client, world.people[role])
    danish_only, english_only = _only_in("da") - _demo_content(), _only_in("en")
    wrong: list[str] = []
    rendered = 0
    for language, foreign in (("da", english_only), ("en", danish_only), ("da", english_only)):
        post_form(client, "/language", {"language": language, "next": "/"}, token_page="/rights/")  # as people do
        for url in _pages(app, world, role):
            response = client.get(url)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            rendered += 1
            page = response.get_data(as_text=True)
            assert f'<html lang="{language}"' in page, url
            wrong += [f"{language} {url}: {text!r}" for text in sorted(_texts(page) & foreign)]
    assert rendered > 10
    assert not wrong, "\n".join(wrong)
