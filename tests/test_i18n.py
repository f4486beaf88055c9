"""Languages: Danish by default, English complete, catalogues complete and up to date."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from support.client import post_form
from support.database import reread
from support.people import login_as, make_municipality, make_person

from youthvoice.core import languages
from youthvoice.identity.models import User

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "youthvoice" / "translations"


def _catalog(language: str):  # type: ignore[no-untyped-def]
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", languages.CODES)
def test_every_message_is_translated(language):
    catalog = _catalog(language)
    missing = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not missing, f"{language}: untranslated: {missing[:10]}"
    assert not fuzzy, f"{language}: fuzzy: {fuzzy[:10]}"
    broken = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert not broken, f"{language}: broken placeholders: {broken[:5]}"
    # Babel checks %(name)s only, and only the first plural form against the singular: here every form keeps
    # the msgid's {name} fields, and every plural form past the first two shows the number.
    for message in (m for m in catalog if m.id):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)[sd]|\{\w*\}", " ".join(ids)))
        for number, string in enumerate(strings):
            found = set(re.findall(r"%\(\w+\)[sd]|\{\w*\}", string))
            assert found <= wanted, f"{language}: {ids[0]!r} has unknown placeholders: {string!r}"
            if number >= 2 or len(strings) == 1:
                assert found == wanted, f"{language}: {ids[0]!r} lost a placeholder: {string!r}"


@pytest.mark.parametrize("language", languages.CODES)
def test_every_catalogue_has_the_plural_forms_of_its_language(language):
    from babel.messages.catalog import Catalog

    catalog = _catalog(language)
    assert catalog.plural_forms == Catalog(locale=language).plural_forms, f"{language}: Plural-Forms is not Babel's"
    plurals = [m for m in catalog if m.id and isinstance(m.id, tuple)]
    assert plurals and all(len(m.string) == catalog.num_plurals for m in plurals)
    if language == "ar":
        assert catalog.num_plurals == 6  # zero, one, two, few, many, other


def test_catalogue_is_not_stale(tmp_path):
    """Every string in the code is in the catalogue, and the catalogue holds nothing the code dropped."""
    pot = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l", "-k",
         "lazy_gettext", "-k", "ngettext:1,2", "--no-location", "-o", str(pot), "youthvoice"],
        cwd=ROOT, check=True, capture_output=True,
    )
    with open(pot, "rb") as handle:
        fresh = {m.id for m in read_po(handle) if m.id}
    for language in languages.CODES:
        known = {m.id for m in _catalog(language) if m.id}
        lacking = sorted(map(str, fresh - known))[:10]
        assert fresh - known == set(), f"{language} lacks: {lacking} (run scripts/translations.sh extract)"
        assert known - fresh == set(), f"{language} has stale: {sorted(map(str, known - fresh))[:10]}"


def test_danish_is_the_default(client):
    page = client.get("/login", headers={"Accept-Language": ""}).get_data(as_text=True)
    assert '<html lang="da">' in page
    assert "Log ind" in page


def test_browser_language_is_followed_before_log_in(client):
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Log in with passkey" in page


def test_language_switch_is_kept_in_a_cookie_then_on_the_account(app, client, db):
    response = post_form(client, "/language", {"language": "en", "next": "/login"})
    assert response.status_code == 302
    page = client.get("/login", headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert '<html lang="en">' in page
    young = make_person(db, make_municipality(db))
    browser = app.test_client()
    login_as(app, browser, young)
    post_form(browser, "/language", {"language": "da", "next": "/"}, token_page="/account/")
    reread(db)
    assert db.get(User, young.id).locale == "da"
    fresh = app.test_client()  # another device: the saved choice follows the person
    login_as(app, fresh, young)
    assert '<html lang="da">' in fresh.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)


def test_language_switch_ignores_unknown_languages_and_foreign_targets(client):
    response = post_form(client, "/language", {"language": "xx", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response.headers["Location"] in ("/", "http://localhost/")


def test_dates_follow_the_locale(app, db):
    young = make_person(db, make_municipality(db))
    browser = app.test_client()
    login_as(app, browser, young)
    danish = browser.get("/account/", headers={"Accept-Language": "da"}).get_data(as_text=True)
    english = browser.get("/account/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Her er du logget ind" in danish
    assert "Where you are logged in" in english
    import re

    # Day before month and a 24-hour clock in both languages (issue 24.3); "maj" has no full stop.
    assert re.search(r"\d{1,2}\. [a-zæøå]{3}\.? \d{4} kl\. \d{2}\.\d{2}(?!\.\d)", danish), "24. nov. 2026 kl. 14.05"
    assert re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}(?!:\d)", english), "24 Nov 2026, 14:05"
    assert not re.search(r"\d{1,2}/\d{1,2}/\d{2}|\b[AP]M\b", english)


def test_meeting_times_read_as_babel_writes_them(app):
    """`format_when` writes WHEN_PATTERNS out by hand (it runs for every meeting in a list): it must give Babel's
    text in both languages, across daylight saving time, midnight and every weekday and month."""
    from datetime import UTC, datetime, timedelta

    from flask_babel import force_locale, format_datetime

    from youthvoice.web.i18n import WHEN_PATTERNS, format_when

    moments = [datetime(2026, 1, 1, 0, 0, tzinfo=UTC) + timedelta(hours=37 * n, minutes=7 * n) for n in range(300)]
    moments += [datetime(2026, 3, 29, 0, 59, tzinfo=UTC), datetime(2026, 3, 29, 1, 0, tzinfo=UTC),
                datetime(2026, 10, 25, 0, 59, tzinfo=UTC), datetime(2026, 12, 31, 23, 0, tzinfo=UTC)]
    with app.test_request_context():
        for language in WHEN_PATTERNS:
            with force_locale(language):
                for moment in moments:
                    assert format_when(moment) == format_datetime(moment, WHEN_PATTERNS[language]), moment
        with force_locale("da"):
            assert format_when(datetime(2026, 12, 1, 13, 0, tzinfo=UTC)) == "tirsdag d. 1. december kl. 14.00"


def test_the_languages_live_in_one_place_and_each_is_named_in_itself(app, client, tmp_path):
    """The picker lists every configured language in its own name (someone who reads no Danish finds theirs)."""
    assert app.config["LANGUAGES"] == languages.CODES
    assert languages.NAMES["ar"] == "العربية" and languages.NAMES["da"] == "Dansk"
    page = client.get("/login", headers={"Accept-Language": "da"}).get_data(as_text=True)
    for code, name in languages.NAMES.items():
        assert re.search(f'lang="{code.replace("_", "-")}"[^>]*>{name}<', page), code  # BCP 47: fa-AF
    # a configured language without a name is refused at start-up, not shown as a code
    from conftest import base_config
    from youthvoice import create_app

    with pytest.raises(RuntimeError, match="xx"):
        create_app(base_config(f"sqlite:///{tmp_path}/x.db", tmp_path) | {"LANGUAGES": ("da", "xx")})


def test_right_to_left_comes_from_the_locale():
    assert languages.direction("ar") == "rtl" and languages.is_rtl("fa_AF")  # Arabic now, Dari next
    assert [code for code in ("da", "en", "uk", "so", "ti") if languages.is_rtl(code)] == []
    assert languages.direction("not-a-language") == "ltr"


@pytest.mark.parametrize("path", ["/login", "/accessibility", "/privacy", "/offline", "/no-such-page"])
def test_arabic_pages_are_right_to_left_and_say_their_language(client, path):
    response = client.get(path, headers={"Accept-Language": "ar"})
    html = response.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html, path
    assert re.search('lang="da"[^>]*>Dansk<', html) or path == "/offline"  # the way back to Danish stays in Danish


@pytest.mark.parametrize("path", ["/login", "/accessibility", "/privacy", "/offline", "/rights/bisidder"])
def test_dari_pages_are_right_to_left_and_say_their_language_as_bcp47(client, path):
    """Dari's code is fa_AF (Babel's), but the page's lang attribute is a BCP 47 tag: fa-AF."""
    response = client.get(path, headers={"Accept-Language": "fa-AF"})
    html = response.get_data(as_text=True)
    assert '<html lang="fa-AF" dir="rtl">' in html, path
    assert 'lang="fa_AF"' not in html, path


def test_danish_and_english_pages_have_no_rtl(client):
    for language in ("da", "en"):
        html = client.get("/login", headers={"Accept-Language": language}).get_data(as_text=True)
        assert f'<html lang="{language}">' in html and 'dir="rtl"' not in html


def test_a_young_person_who_chose_arabic_gets_it_everywhere(app, db):
    young = make_person(db, make_municipality(db))
    browser = app.test_client()
    login_as(app, browser, young)
    post_form(browser, "/language", {"language": "ar", "next": "/"}, token_page="/account/")
    reread(db)
    assert db.get(User, young.id).locale == "ar"
    home = browser.get("/", headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in home
    assert "اجتماعاتي" in home or "البداية" in home  # the catalogue is used, not English under lang="ar"
    account = browser.get("/account/").get_data(as_text=True)
    assert "مفاتيح المرور الخاصة بك" in account or "أين أنت داخل" in account


def test_the_push_message_speaks_every_language(app):
    """The push payload goes through the catalogue in the person's language (notify/push.py)."""
    import json

    from youthvoice.notify import push

    with app.app_context(), app.test_request_context():
        bodies = {language: json.loads(push.payload(language))["body"] for language in languages.CODES}
    assert bodies["da"] != bodies["en"] and bodies["ar"] == "لديك شيء جديد"


def test_the_stand_alone_error_pages_have_an_arabic_line(app):
    """Shown when the app cannot look anything up (not even the language): Danish, English and Arabic together."""
    from flask import render_template

    with app.test_request_context():
        for template in ("errors/failed.html", "errors/unavailable.html"):
            html = render_template(template, correlation_id="abc")
            assert '<p lang="ar" dir="rtl">' in html and '<p lang="en">' in html, template
