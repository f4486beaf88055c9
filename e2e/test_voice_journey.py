"""Issue 17.1: Sara answers by voice on her phone (412 px, Chromium's fake microphone): she says a point for her
meeting instead of typing it, hears it back and keeps it; Lene, with whom she shares her preparation, plays it on
her desktop; Sara's "who has seen what" lists that Lene heard it. Offline, a recording waits in the outbox and is
sent once when the phone is online again.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect

from .a11y import check_axe
from .support import CHROMIUM, CHROMIUM_ARGS, RESULTS_DIR, ContextFactory, LiveServer, login_as_demo

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("live_server", ["sqlite"], indirect=True)]

NewPage = Callable[[BrowserContext], Page]
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
FAKE_MICROPHONE = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@pytest.fixture(scope="module")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    """This journey's Chromium has a fake microphone (a steady beep) that needs no tap to allow."""
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + FAKE_MICROPHONE,
                                                  headless=True)
    yield browser
    browser.close()


def _shot(page: Page, name: str) -> None:
    if os.environ.get("E2E_SCREENSHOTS"):
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)


def _record(page: Page, testid: str, seconds: float = 2.5) -> None:
    """Tap the big button, speak (the fake microphone beeps), tap it again, hear it back."""
    recorder = page.get_by_test_id(testid)
    recorder.get_by_test_id(f"{testid}-record").click()
    expect(recorder.get_by_test_id(f"{testid}-record")).to_have_attribute("aria-pressed", "true")
    expect(recorder.get_by_test_id(f"{testid}-timer")).to_contain_text("0:02", timeout=10_000)
    page.wait_for_timeout(int((seconds - 2) * 1000))
    recorder.get_by_test_id(f"{testid}-record").click()
    expect(recorder.get_by_test_id(f"{testid}-preview")).to_be_visible()


def test_sara_says_a_point_and_lene_hears_it(live_server: LiveServer, new_phone_context: ContextFactory,
                                             new_desktop_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    phone = new_phone_context("sara-phone")
    phone.grant_permissions(["microphone"], origin=base)
    sara = new_page(phone)
    login_as_demo(sara, base, "sara")
    sara.goto(base + "/meetings/")
    sara.get_by_test_id("meeting-card").first.click()
    expect(sara).to_have_url(re.compile(rf"/meetings/{UUID}$"))
    meeting_path = sara.url.removeprefix(base)
    sara.goto(base + meeting_path + "/prepare/points")
    points_before = sara.get_by_test_id("points").locator("li").count()

    _record(sara, "voice-new-point")
    _shot(sara, "voice-recorded-412")
    sara.get_by_test_id("voice-new-point-keep").click()
    expect(sara.get_by_test_id("voice-new-point-saved")).to_be_visible()
    expect(sara.get_by_test_id("voice-new-point-saved")).to_have_attribute("src", re.compile(rf"/voice/{UUID}$"))
    # Her recording is a point of the meeting now, with its player, and she can record it again.
    sara.reload()
    expect(sara.get_by_test_id("points").locator("li")).to_have_count(points_before + 1)
    saved = sara.get_by_test_id(f"voice-point-{points_before + 1}-saved")
    expect(saved).to_have_attribute("src", re.compile(rf"/voice/{UUID}$"))
    recording_path = saved.get_attribute("src")
    check_axe(sara, context_label="points with a voice answer at 412 px")
    _shot(sara, "voice-points-412")

    lene = new_page(new_desktop_context("lene-desktop"))
    login_as_demo(lene, base, "lene")
    lene.goto(base + meeting_path)
    player = lene.locator(f"audio[src='{recording_path}']")
    expect(player).to_have_count(1)
    player.evaluate("audio => { audio.muted = true; return audio.play(); }")
    lene.wait_for_function("audio => audio.currentTime > 0.3", arg=player.element_handle(), timeout=10_000)
    _shot(lene, "voice-lene-meeting")

    sara.goto(base + "/seen/")
    expect(sara.locator("[data-testid=seen-row][data-kinds~=voice]").filter(has_text="Lene").first).to_be_visible()
    _shot(sara, "voice-seen-412")


def test_a_recording_made_offline_waits_and_is_sent_once(live_server: LiveServer,
                                                          new_phone_context: ContextFactory,
                                                          new_page: NewPage) -> None:
    base = live_server.url
    phone = new_phone_context("sara-phone-offline")
    phone.grant_permissions(["microphone"], origin=base)
    sara = new_page(phone)
    login_as_demo(sara, base, "sara")
    sara.goto(base + "/meetings/")
    sara.get_by_test_id("meeting-card").first.click()
    meeting_path = sara.url.removeprefix(base)
    sara.goto(base + meeting_path + "/prepare/hard")
    recorder = sara.locator("[data-voice]").first
    testid = recorder.get_attribute("data-testid")
    _record(sara, testid)
    phone.set_offline(True)
    recorder.get_by_test_id(f"{testid}-keep").click()
    expect(sara.get_by_test_id("outbox-entry")).to_have_count(1)
    _shot(sara, "voice-offline-outbox-412")
    with sara.expect_response(lambda response: "/voice/" in response.url and response.request.method == "POST"):
        phone.set_offline(False)
    expect(sara.get_by_test_id("outbox-entry")).to_have_count(0)
    sara.reload()
    expect(sara.get_by_test_id(f"{testid}-saved")).to_have_attribute("src", re.compile(rf"/voice/{UUID}$"))


def test_a_refused_recording_says_why_and_keeps_the_page(live_server: LiveServer, new_phone_context: ContextFactory,
                                                         new_page: NewPage) -> None:
    """Point 7: what reaches the server is not audio (here the bytes are swapped on the way): the message is shown
    beside the button, what she typed stays, and nothing is kept."""
    base = live_server.url
    phone = new_phone_context("sara-phone-refused")
    phone.grant_permissions(["microphone"], origin=base)
    sara = new_page(phone)
    login_as_demo(sara, base, "sara")
    sara.goto(base + "/meetings/")
    sara.get_by_test_id("meeting-card").first.click()
    meeting_path = sara.url.removeprefix(base)
    sara.goto(base + meeting_path + "/prepare/questions")
    recorder = sara.locator("[data-voice]").first
    testid = recorder.get_attribute("data-testid")
    box = sara.get_by_test_id("answer-questions")
    box.fill("Hvornår kan jeg flytte?")
    _record(sara, testid)
    sara.route("**/voice/question/**", lambda route: route.continue_(post_data=b"<html>not a recording</html>" * 9))
    recorder.get_by_test_id(f"{testid}-keep").click()
    expect(recorder.get_by_test_id(f"{testid}-status")).to_have_class(re.compile("error"))
    expect(recorder.get_by_test_id(f"{testid}-status")).not_to_be_empty()
    expect(box).to_have_value("Hvornår kan jeg flytte?")
    expect(recorder.get_by_test_id(f"{testid}-saved")).to_be_hidden()
    expect(recorder.get_by_test_id(f"{testid}-keep")).to_be_enabled()  # she can keep trying, or record again
    _shot(sara, "voice-refused-412")


def test_sara_says_a_small_step_and_lene_hears_it(live_server: LiveServer, new_phone_context: ContextFactory,
                                                  new_desktop_context: ContextFactory, new_page: NewPage) -> None:
    """Her small steps by voice: Sara says her next step on her phone, shares her small steps with Lene, Lene plays
    it on the page of Sara's small steps, and Sara's "who has seen what" links the play to her small steps. Without
    the share, Lene gets a 404. (The demo shares Sara's steps with Lene: the share and the recording are as before
    at the end.)"""
    base = live_server.url
    phone = new_phone_context("sara-phone-steps")
    phone.grant_permissions(["microphone"], origin=base)
    sara = new_page(phone)
    login_as_demo(sara, base, "sara")
    sara.goto(base + "/steps/")
    _record(sara, "voice-step-1")
    sara.get_by_test_id("voice-step-1-keep").click()
    saved = sara.get_by_test_id("voice-step-1-saved")
    expect(saved).to_have_attribute("src", re.compile(rf"/voice/{UUID}$"))
    recording_path = saved.get_attribute("src")
    sara.reload()
    expect(sara.get_by_test_id("voice-step-1-saved")).to_have_attribute("src", recording_path or "")
    check_axe(sara, context_label="small steps with a voice answer at 412 px")
    sara.get_by_test_id("voice-step-1").scroll_into_view_if_needed()
    _shot(sara, "voice-small-step-412")

    sara.goto(base + "/steps/share")
    sara.get_by_test_id("share-lene").check()
    sara.get_by_test_id("save-share").click()

    lene = new_page(new_desktop_context("lene-desktop-steps"))
    login_as_demo(lene, base, "lene")
    lene.goto(base + "/")
    sara_id = sara.evaluate("() => fetch('/api/v1/me').then(r => r.json()).then(me => me.id)")
    lene.goto(base + f"/steps/of/{sara_id}")
    player = lene.locator(f"audio[src='{recording_path}']")
    expect(player).to_have_count(1)
    player.evaluate("audio => { audio.muted = true; return audio.play(); }")
    lene.wait_for_function("audio => audio.currentTime > 0.3", arg=player.element_handle(), timeout=10_000)
    _shot(lene, "voice-lene-small-steps")

    sara.goto(base + "/seen/")
    row = sara.locator("[data-testid=seen-row][data-kinds~=voice_steps]").filter(has_text="Lene").first
    expect(row).to_be_visible()
    expect(row.locator("a[href='/steps/']")).to_have_count(1)
    _shot(sara, "voice-small-step-seen-412")

    # She stops sharing her small steps with Lene: the recording is a 404 for Lene. Then as before.
    sara.goto(base + "/steps/share")
    sara.get_by_test_id("share-lene").uncheck()
    sara.get_by_test_id("save-share").click()
    assert lene.request.get(base + (recording_path or "")).status == 404
    sara.goto(base + "/steps/share")
    sara.get_by_test_id("share-lene").check()
    sara.get_by_test_id("save-share").click()
    sara.goto(base + "/steps/")
    recorder = sara.get_by_test_id("voice-step-1")
    recorder.locator("[data-voice-delete]").click()
    recorder.locator("[data-voice-delete-yes]").click()
    expect(recorder.get_by_test_id("voice-step-1-saved")).to_be_hidden()
