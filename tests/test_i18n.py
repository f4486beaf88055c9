"""Languages: Danish by default, English complete, catalogues complete and up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from support.client import post_form
from support.database import reread
from support.people import login_as, make_municipality, make_person

from youthvoice.identity.models import User

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "youthvoice" / "translations"


def _catalog(language: str):  # type: ignore[no-untyped-def]
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_message_is_translated(language):
    catalog = _catalog(language)
    missing = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not missing, f"{language}: untranslated: {missing[:10]}"
    assert not fuzzy, f"{language}: fuzzy: {fuzzy[:10]}"
    broken = [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()]
    assert not broken, f"{language}: broken placeholders: {broken[:5]}"


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
    for language in ("da", "en"):
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
        for language in ("da", "en"):
            with force_locale(language):
                for moment in moments:
                    assert format_when(moment) == format_datetime(moment, WHEN_PATTERNS[language]), moment
        with force_locale("da"):
            assert format_when(datetime(2026, 12, 1, 13, 0, tzinfo=UTC)) == "tirsdag d. 1. december kl. 14.00"
