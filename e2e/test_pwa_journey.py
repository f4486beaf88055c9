"""The installable app in Chromium: installable, offline page, and nothing left behind after log-out."""

from __future__ import annotations

import tempfile

import pytest
from playwright.sync_api import Playwright, expect

from .support import CHROMIUM, CHROMIUM_ARGS, login_as_demo

pytestmark = pytest.mark.e2e

CACHED_PATHS = """(async () => {
  const out = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) out.push(new URL(request.url).pathname);
  }
  return out;
})()"""
CACHED_BODIES = """(async () => {
  const out = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) out[request.url] = await (await cache.match(request)).text();
  }
  return out;
})()"""


def test_installable_offline_and_clean_after_log_out(playwright_instance: Playwright, live_server) -> None:  # type: ignore[no-untyped-def]
    """A persistent profile, as a real phone has (an incognito context always reports 'not installable')."""
    base = live_server.url
    with tempfile.TemporaryDirectory() as profile:
        context = playwright_instance.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, locale="da-DK",
            viewport={"width": 412, "height": 915}, is_mobile=True, has_touch=True)
        try:
            page = context.new_page()
            page.set_default_timeout(15000)
            login_as_demo(page, base, "sara")
            page.evaluate("navigator.serviceWorker.ready.then(() => true)")
            page.reload()  # now controlled by the service worker
            assert page.evaluate("navigator.serviceWorker.controller !== null")
            cdp = context.new_cdp_session(page)
            errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
            assert errors == [], errors
            manifest = cdp.send("Page.getAppManifest")
            assert not manifest.get("errors"), manifest.get("errors")
            caches = page.evaluate("caches.keys()")
            assert caches and all(name.startswith("yv-shell-") for name in caches)
            cached = page.evaluate(CACHED_PATHS)
            assert "/offline" in cached
            assert all(path == "/offline" or path.startswith("/static/") for path in cached), cached

            # Offline: a page that is not reachable shows the friendly offline page, never a cached personal page.
            context.set_offline(True)
            page.goto(base + "/meetings/")
            expect(page.locator("h1")).to_have_text("Du er offline")
            # Calls need no data: the help card's call links are on the offline page, "Hjælp nu" leads to them.
            page.get_by_test_id("help-now").click()
            helplines = page.get_by_test_id("helplines")
            for number in ("112", "116111", "70201201"):
                expect(helplines.locator(f'a[href="tel:{number}"]')).to_be_in_viewport()
            context.set_offline(False)

            # Log out: Clear-Site-Data empties Cache Storage and the service worker's registration.
            page.goto(base + "/")
            page.get_by_test_id("logout").click()
            expect(page).to_have_url(f"{base}/login?bye=1")
            page.wait_for_timeout(500)
            assert page.evaluate("localStorage.length + sessionStorage.length") == 0
            # The login page may install the shell again; it must hold nothing of Sara's.
            bodies = page.evaluate(CACHED_BODIES)
            assert all("Sara" not in body for body in bodies.values()), [p for p, b in bodies.items() if "Sara" in b]
        finally:
            context.close()


FAKE_DANISH_VOICE = """
window.__spoken = [];
Object.defineProperty(window, "speechSynthesis", {value: {
  getVoices: () => [{lang: "da-DK", name: "Test"}], cancel() {}, addEventListener() {},
  speak(u) { window.__spoken.push([u.text, u.lang]); }}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def test_read_aloud_only_where_there_is_a_voice(new_phone_context, live_server) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    plain = new_phone_context("no-voice").new_page()
    plain.goto(base + "/rights/bisidder")
    expect(plain.get_by_test_id("rights-page")).to_be_visible()
    plain.evaluate("window.speechSynthesis && speechSynthesis.getVoices().length")  # whatever the machine has
    voices = plain.evaluate(
        "window.speechSynthesis ? speechSynthesis.getVoices().filter(v => v.lang.startsWith('da')).length : 0")
    if voices == 0:
        expect(plain.locator(".read-aloud")).to_have_count(0)  # hidden where there is no Danish voice
    context = new_phone_context("voice")
    context.add_init_script(FAKE_DANISH_VOICE)
    page = context.new_page()
    page.goto(base + "/rights/bisidder")
    buttons = page.locator(".read-aloud")
    expect(buttons.first).to_be_visible()
    title = page.locator("h1").text_content().replace("🔊", "").strip()
    buttons.first.click()
    assert page.evaluate("window.__spoken") == [[title, "da-DK"]]
