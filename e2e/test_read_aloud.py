"""Read aloud where it helps (issue 24.15): the button sits beside the heading or question it reads, on the same
line, and the pages during the meeting, after it and the decision receipt (where the answer to her wish is read
to her) have it too. The phone has a Danish voice (faked: headless Chromium has none)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .support import ContextFactory, LiveServer, login_as_demo

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("live_server", ["sqlite"], indirect=True)]

NewPage = Callable[[BrowserContext], Page]
FAKE_DANISH_VOICE = """
Object.defineProperty(window, "speechSynthesis", {value: {
  getVoices: () => [{lang: "da-DK", name: "Test"}], cancel() {}, addEventListener() {},
  speak(u) { window.spoken = (window.spoken || []).concat([u.text]); }}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def _beside(page: Page, target: str) -> None:
    """The first read-aloud button is on the same line as the text it reads, and reads it."""
    text = page.locator(target).first
    button = page.locator(".read-aloud").first
    expect(button).to_be_visible()
    text_box, button_box = text.bounding_box(), button.bounding_box()
    assert text_box and button_box
    assert button_box["y"] < text_box["y"] + text_box["height"], (text_box, button_box)  # not on a line below
    assert button_box["x"] >= text_box["x"] + text_box["width"] - 1, (text_box, button_box)  # to its right
    button.click()
    assert page.evaluate("() => window.spoken.at(-1)") == text.inner_text().strip()


@pytest.mark.parametrize("width", [412, 320])
def test_read_aloud_sits_beside_what_it_reads(live_server: LiveServer, new_phone_context: ContextFactory,
                                              new_page: NewPage, width: int) -> None:
    base = live_server.url
    context = new_phone_context("sara-listens", viewport={"width": width, "height": 800})
    context.add_init_script(FAKE_DANISH_VOICE)
    page = new_page(context)
    login_as_demo(page, base, "sara")
    page.goto(base + "/meetings/")
    page.get_by_test_id("meeting-card").first.click()
    upcoming = page.url
    page.goto(upcoming + "/prepare/hard")
    _beside(page, "h1[data-read-aloud]")
    page.goto(upcoming + "/during")
    _beside(page, "h1[data-read-aloud]")

    page.goto(base + "/meetings/")
    for href in [a.get_attribute("href") for a in page.locator("section[aria-labelledby='past-title'] a").all()]:
        page.goto(base + href)
        if page.get_by_test_id("receipt-link").count():
            break
    past = page.url
    page.goto(past + "/after")
    _beside(page, "h1[data-read-aloud]")
    expect(page.locator("legend .read-aloud")).to_have_count(4)  # the four questions answered with faces
    page.goto(past + "/receipt")
    _beside(page, "h1[data-read-aloud]")
    answer = page.locator(".receipt-reason[data-read-aloud]").first
    page.locator(".receipt-reason + .read-aloud").first.click()
    assert page.evaluate("() => window.spoken.at(-1)") == answer.inner_text().strip()
    assert re.search(r"\S", answer.inner_text())
