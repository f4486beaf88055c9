"""Writing without a connection, in Chromium: small steps and preparation answers wait in the outbox
(IndexedDB), are listed as waiting, go to the server when the phone is online again, exactly once even when an
answer is lost on the way, and log-out warns before anything unsent is dropped."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, Playwright, Route, expect

from .a11y import check_axe
from .support import CHROMIUM, CHROMIUM_ARGS, RESULTS_DIR, login_as_demo
from .support import danish as translation

pytestmark = pytest.mark.e2e

STEP_TEXTS = "fetch('/api/v1/steps').then(r => r.json()).then(b => b.steps.map(s => s.text))"
WAITING = "window.yvOutbox.pending().then(rows => rows.map(r => r.label + ': ' + JSON.stringify(r.body)))"
STORED_DATABASES = "indexedDB.databases().then(dbs => dbs.map(d => d.name))"


@pytest.fixture
def phone(playwright_instance: Playwright) -> Iterator[BrowserContext]:
    """A persistent profile (a phone keeps its service worker and IndexedDB between visits)."""
    with tempfile.TemporaryDirectory() as profile:
        context = playwright_instance.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, locale="da-DK",
            viewport={"width": 412, "height": 915}, is_mobile=True, has_touch=True)
        try:
            yield context
        finally:
            context.close()


def _shot(page: Page, name: str) -> None:
    """A full-page screenshot under test-results/ when E2E_SCREENSHOTS is set (for looking at the pages)."""
    if os.environ.get("E2E_SCREENSHOTS"):
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)


def danish(msgid: str) -> str:
    text = translation(msgid).danish
    assert text, f"no Danish for {msgid!r}"
    return text


@pytest.fixture
def sara(phone: BrowserContext, live_server) -> Page:  # type: ignore[no-untyped-def]
    """Sara logged in on the phone, her page controlled by the service worker."""
    page = phone.pages[0] if phone.pages else phone.new_page()
    page.set_default_timeout(15000)
    login_as_demo(page, live_server.url, "sara")
    _controlled(page)
    return page


def _controlled(page: Page) -> None:
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("navigator.serviceWorker.controller !== null")


def _wait_until_sent(page: Page, seconds: float = 15) -> None:
    """Until the outbox is empty (wait_for_function would take the returned Promise itself as the answer)."""
    deadline = time.monotonic() + seconds
    while page.evaluate("window.yvOutbox.pending().then(rows => rows.length)"):
        assert time.monotonic() < deadline, page.evaluate(WAITING)
        page.wait_for_timeout(200)


def _step_texts(page: Page) -> list[str]:
    return page.evaluate(STEP_TEXTS)


def test_small_steps_written_offline_are_sent_once_when_online(phone: BrowserContext, sara: Page,
                                                               live_server) -> None:  # type: ignore[no-untyped-def]
    base, page = live_server.url, sara
    before = _step_texts(page)

    # On the bus: the form is open, the signal is gone. Saving puts the step on the phone, not on the floor.
    page.goto(base + "/steps/log")
    page.wait_for_load_state("domcontentloaded")
    phone.set_offline(True)
    page.get_by_label(danish("Which area?")).select_option("housing")
    page.get_by_label(danish("What did you do? One sentence is enough.")).fill("Ringede til boligforeningen i bussen")
    page.get_by_test_id("save-step").click()
    expect(page.locator("[data-outbox-status]")).to_have_text(
        danish("No connection. It is saved on this phone and sent when you are online."))
    panel = page.get_by_test_id("outbox")
    expect(panel).to_be_visible()
    expect(panel.get_by_test_id("outbox-entry")).to_have_count(1)
    expect(panel).to_contain_text("Ringede til boligforeningen i bussen")
    check_axe(page, context_label="small step form with an entry waiting")
    _shot(page, "outbox-waiting-phone")

    # Opening another page offline: the offline page lists what waits and takes one more small step.
    page.goto(base + "/steps/")
    expect(page.locator("h1")).to_have_text(danish("You are offline"))
    expect(page.get_by_test_id("outbox-entry")).to_have_count(1)
    offline_form = page.get_by_test_id("offline-step-form")
    expect(offline_form).to_be_visible()
    offline_form.get_by_label(danish("What did you do? One sentence is enough.")).fill("Lavede mad selv")
    page.get_by_test_id("offline-save-step").click()
    expect(page.get_by_test_id("outbox-entry")).to_have_count(2)
    check_axe(page, context_label="offline page with entries waiting")
    _shot(page, "outbox-offline-page-phone")

    # Back online: the next page sends both, and the list is empty.
    phone.set_offline(False)
    page.goto(base + "/steps/")
    _wait_until_sent(page)
    expect(page.get_by_test_id("outbox")).to_be_hidden()
    after = _step_texts(page)
    assert sorted(set(after) - set(before)) == ["Lavede mad selv", "Ringede til boligforeningen i bussen"]
    assert len(after) == len(before) + 2

    # The answer is lost on the way back (the server saved it): the retry with the same key makes no second one.
    lost = {"count": 0}

    def lose_the_answer(route: Route) -> None:
        if lost["count"] == 0:
            lost["count"] += 1
            route.fetch()  # it reaches the server...
            route.abort("connectionreset")  # ...but the phone never hears back
        else:
            route.continue_()

    page.route("**/api/v1/steps", lose_the_answer)
    page.evaluate("""window.yvOutbox.enqueue({method: "POST", url: "/api/v1/steps", label: "Lille skridt",
                     body: {area: "health", text: "Gik en tur", done: true, day: null}})
                     .then(() => window.yvOutbox.flush())""")
    assert page.evaluate(WAITING), "the entry whose answer was lost must still wait"
    assert _step_texts(page).count("Gik en tur") == 1  # saved once already
    page.evaluate("window.yvOutbox.flush()")
    _wait_until_sent(page)
    assert lost["count"] == 1
    assert _step_texts(page).count("Gik en tur") == 1  # and still once


def test_preparation_offline_and_log_out_warns(phone: BrowserContext, sara: Page,
                                               live_server) -> None:  # type: ignore[no-untyped-def]
    base, page = live_server.url, sara
    meetings = page.evaluate("fetch('/api/v1/meetings').then(r => r.json())")
    meeting_id = meetings["upcoming"][0]["id"]
    page.goto(f"{base}/meetings/{meeting_id}/prepare/hard")
    page.wait_for_load_state("domcontentloaded")

    # Typed with no signal: kept on the phone, and "Next" stays on the page instead of losing it.
    phone.set_offline(True)
    answer = "Det er svært at sove, når der er larm på gangen"
    page.get_by_test_id("answer-hard").fill(answer)
    status = page.locator("[data-autosave-status]")
    expect(status).to_have_text(danish("Not sent yet. It is kept on this phone and sent when you are online."))
    page.get_by_test_id("next").click()
    expect(page).to_have_url(f"{base}/meetings/{meeting_id}/prepare/hard")
    expect(page.get_by_test_id("outbox-entry")).to_have_count(1)

    # Log out while it waits: a warning; "cancel" keeps her logged in with the entry still there.
    dialogs: list[str] = []

    def dismiss(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_test_id("logout").click()
    page.wait_for_timeout(300)
    assert dialogs and "1" in dialogs[0], dialogs
    expect(page).to_have_url(f"{base}/meetings/{meeting_id}/prepare/hard")
    assert len(page.evaluate(WAITING)) == 1

    # Online again: it is sent by itself, and the server has her words.
    phone.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    _wait_until_sent(page)
    stored = page.evaluate(f"fetch('/api/v1/meetings/{meeting_id}/preparation').then(r => r.json())")
    answers = {q["key"]: q["answer"] for step in stored["steps"] for q in step["questions"]}
    assert answers["hard"] == answer

    # One more entry that cannot go (offline), then log out and accept: nothing of hers stays on the phone.
    phone.set_offline(True)
    page.get_by_test_id("answer-hard").fill(answer + ", og det er ikke sendt")
    expect(page.get_by_test_id("outbox-entry")).to_have_count(1)
    phone.set_offline(False)
    page.route("**/api/v1/**", lambda route: route.abort("internetdisconnected"))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(f"{base}/login?bye=1")
    page.wait_for_timeout(500)
    assert "yv-outbox" not in page.evaluate(STORED_DATABASES) or page.evaluate(
        "new Promise(r => { const q = indexedDB.open('yv-outbox'); q.onsuccess = () => { const d = q.result;"
        " if (!d.objectStoreNames.contains('entries')) return r(0);"
        " const c = d.transaction('entries').objectStore('entries').count(); c.onsuccess = () => r(c.result); }; })"
    ) == 0
