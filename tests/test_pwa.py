"""The installable app: manifest, service worker from the root, offline page."""

from __future__ import annotations

import re

import pytest


def test_manifest_is_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/" and manifest["scope"] == "/"
    assert manifest["name"] and manifest["short_name"] and manifest["theme_color"]
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("192x192", "maskable"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert 'rel="manifest"' in client.get("/login").get_data(as_text=True)


def test_service_worker_is_served_from_the_root_and_never_caches_pages(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.get_data(as_text=True)
    version = re.search(r'const VERSION = "([0-9a-f]{12})"', body)
    assert version
    assert "/offline" in body and re.search(r"/static/css/app\.[0-9a-f]{10}\.css", body)
    assert 'request.mode === "navigate"' in body  # pages: network only, offline page as fallback
    assert "cache.put(request" in body and body.count("cache.put") == 1  # only /static/ is ever put in the cache


def test_offline_page_has_nothing_personal(app, client, db):
    from support.people import login_as, make_municipality, make_person

    page = client.get("/offline")
    assert page.status_code == 200
    sara = make_person(db, make_municipality(db), name="Sara Unique")
    login_as(app, client, sara)
    assert "Sara Unique" not in client.get("/offline").get_data(as_text=True).split("<main", 1)[1].split("</main>")[0]


def test_the_offline_page_never_starts_or_changes_a_session(app, client):
    """The service worker may fetch it during a log-in: a Set-Cookie here would log the person out."""
    response = client.get("/offline")
    assert "Set-Cookie" not in response.headers
    assert 'name="csrf-token"' not in response.get_data(as_text=True)
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], "a-session-that-was-just-rotated-away", domain="localhost")
    assert "Set-Cookie" not in client.get("/offline").headers


@pytest.mark.app_config(MUNICIPALITY_HELP_PHONE="46 31 30 00")
def test_the_offline_page_carries_the_help_card_with_its_call_links(app, db):
    """Calls work without data: the cached offline page has the same numbers to call as the help page."""
    from support.people import login_as, make_municipality, make_person

    page = app.test_client().get("/offline", headers={"Accept-Language": "da"}).get_data(as_text=True)
    calls = set(re.findall(r'href="tel:(\d+)"', page))
    assert calls == {"112", "116111", "70201201", "46313000"}, calls
    assert 'href="#call-title"' in page and 'id="call-title"' in page  # "Hjælp nu" leads to the card
    assert "Hjælp nu" in page and "46 31 30 00" in page
    sara = make_person(db, make_municipality(db))
    browser = app.test_client()
    login_as(app, browser, sara)
    help_page = browser.get("/help/").get_data(as_text=True)
    assert set(re.findall(r'href="tel:(\d+)"', help_page)) == calls  # one card, the same on both pages
