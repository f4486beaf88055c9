"""Danish that reads right (issue 24.4): plural forms for counts, long words that break with a hyphen on a narrow
phone in the page's language, and five mood faces that are told apart at a glance."""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

from babel.messages.pofile import read_po
from support.people import login_as, make_municipality, make_person

ROOT = Path(__file__).resolve().parent.parent
CSS = (ROOT / "static/css/app.css").read_text()


def _danish_catalogue():  # type: ignore[no-untyped-def]
    with (ROOT / "youthvoice/translations/da/LC_MESSAGES/messages.po").open("rb") as handle:
        return read_po(handle, locale="da")


def test_danish_plurals_differ_where_danish_words_do():
    """"6 støtter" is one supporter's form: a count of people or things has its own plural in Danish."""
    plurals = {message.id[0]: message.string for message in _danish_catalogue() if isinstance(message.id, tuple)}
    assert plurals["%(num)d supporter"] == ("%(num)d støtter", "%(num)d støttere")
    assert plurals["%(voted)d of %(num)d member has voted."][1].endswith("medlemmer har stemt.")
    assert plurals["%(voted)d of %(num)d member has voted."][0].endswith("medlem har stemt.")
    assert "1 dag" in plurals["You have %(num)d day to change your mind. After that it cannot be undone."][0] \
        .replace("%(num)d", "1")


def test_no_count_is_written_without_its_plural_form():
    """A number of people, days or members in a sentence goes through ngettext, so "1 dage" cannot happen."""
    counted = re.compile(r"%\(\w+\)d (members?|days?|people|persons?|supporters?|votes?|proposals?|comments?)\b")
    singular_only = [message.id for message in _danish_catalogue()
                     if isinstance(message.id, str) and counted.search(message.id)]
    assert singular_only == []


def _rules() -> list[tuple[str, str]]:
    return [(selector.strip(), body) for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", CSS)]


def test_long_words_break_with_a_hyphen_in_the_pages_language(app, db):
    body = next(rule for selector, rule in _rules() if selector.split("\n")[-1].strip() == "body")
    assert re.search(r"(?<!-)hyphens:\s*auto", body), "body text hyphenates by its language"
    wrapping = [selector for selector, rule in _rules() if "overflow-wrap: anywhere" in rule]
    assert wrapping
    manual = [selector for selector, rule in _rules() if re.search(r"(?<!-)hyphens:\s*(manual|none)", rule)]
    for selector in wrapping:  # what breaks anywhere is never kept from hyphenating
        assert not any(part.strip() in " ".join(manual) for part in selector.split(",") if "." in part), selector
    young = make_person(db, make_municipality(db))
    browser = app.test_client()
    login_as(app, browser, young)
    for language in ("da", "en"):
        for path in ("/", "/offline", "/rights/"):
            page = browser.get(path, headers={"Accept-Language": language}).get_data(as_text=True)
            assert f'<html lang="{language}">' in page, (path, language)


def test_the_five_faces_are_clearly_different(app):
    """Every face has its own colour and mouth; the two sad and the two happy faces differ in more than that."""
    with app.test_request_context():
        face = app.jinja_env.get_template("_meeting.html").module.face  # type: ignore[attr-defined]
        drawn = {n: str(face(n)) for n in range(1, 6)}
    parts = {n: set(re.findall(r"<(?:path|circle) ([^>]*?)/?>", svg)) for n, svg in drawn.items()}
    kinds = {n: {re.search(r'class="([\w-]+)"', part).group(1) for part in parts[n]} for n in drawn}  # type: ignore[union-attr]
    colours = {n: {re.sub(r"\s+", " ", rule.strip()) for selector, rule in _rules()
                   if re.fullmatch(rf"\.face-{n} \.skin", selector)} for n in drawn}
    for a, b in combinations(drawn, 2):
        assert colours[a] != colours[b], (a, b)
        mouths = [{part for part in parts[n] if "mouth" in part} for n in (a, b)]
        assert mouths[0] != mouths[1], (a, b)
    for a, b in ((1, 2), (4, 5)):  # two features of their own besides colour and mouth
        assert len((kinds[a] ^ kinds[b]) - {"mouth", "mouth-open"}) >= 2, (a, b, kinds[a], kinds[b])
