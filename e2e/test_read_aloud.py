"""Read aloud where it helps (issue 24.15): the button sits beside the heading or question it reads, on the same
line, and the pages during the meeting, after it and the decision receipt (where the answer to her wish is read
to her) have it too. The phone has a Danish voice (faked: headless Chromium has none)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .support import ContextFactory, LiveServer, html_lang, login_as_demo, shot_if_asked

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
def test_read_aloud_sits_beside_what_it_reads(
    live_server: LiveServer, new_phone_context: ContextFactory, new_page: NewPage, width: int
) -> None:
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
    # The professional's answer is read with its reason, in one go: what she most needs read.
    said = page.locator(".receipt-said[data-read-aloud]").first
    page.locator(".receipt-said + .read-aloud").first.click()
    spoken = page.evaluate("() => window.spoken.at(-1)")
    assert spoken == " ".join(said.text_content().split())
    assert said.locator(".receipt-answer strong").inner_text().strip() in spoken
    assert said.locator(".receipt-reason").inner_text().strip() in spoken
    assert re.search(r"\S", said.locator(".receipt-reason").inner_text())
    shot_if_asked(page, f"read-aloud-receipt-{width}")


def _phone(
    new_phone_context: ContextFactory, new_page: NewPage, voices: str, *, width: int = 412, late: bool = False
) -> Page:
    """A phone whose speech synthesis has `voices` (a JS array), the first time or only after "voiceschanged"."""
    context = new_phone_context("voices", viewport={"width": width, "height": 800})
    context.add_init_script(PHONE_VOICES.replace("VOICES", voices).replace("LATE", "true" if late else "false"))
    return new_page(context)


# speechSynthesis with the given voices, recording what is spoken and in which language; with LATE, the voices
# come a moment after the page loads, announced by "voiceschanged" (as Chromium does on a real phone).
PHONE_VOICES = """
(() => {
  const voices = VOICES, listeners = [];
  let ready = !LATE;
  window.spoken = []; window.spokenLangs = [];
  Object.defineProperty(window, "speechSynthesis", {value: {
    getVoices: () => ready ? voices : [], cancel() {}, addEventListener(name, f) { listeners.push(f); },
    speak(u) { window.spoken.push(u.text); window.spokenLangs.push(u.lang); }}});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
  if (LATE) setTimeout(() => { ready = true; listeners.forEach((f) => f()); }, 300);
})();
"""
DANISH = '[{lang: "da-DK", name: "Dansk", localService: true}]'
ENGLISH_ONLY = '[{lang: "en-US", name: "English"}, {lang: "en_GB", name: "British", localService: true}]'


def _spoken(page: Page) -> str:
    return str(page.evaluate("() => window.spoken.at(-1)"))


def _upcoming(page: Page, base: str) -> str:
    login_as_demo(page, base, "sara")
    page.goto(base + "/meetings/")
    page.get_by_test_id("meeting-card").first.click()
    return page.url


def test_say_it_for_me_cards_speak_to_the_room(
    live_server: LiveServer, new_phone_context: ContextFactory, new_page: NewPage
) -> None:
    """On a full-screen "say it for me" card a big speaker says the card out loud; the card still goes back."""
    base = live_server.url
    page = _phone(new_phone_context, new_page, DANISH)
    page.goto(_upcoming(page, base) + "/during")
    expect(page.locator("#say-title + .read-aloud")).to_be_visible()
    expect(page.locator(".say-pick .read-aloud, .say-grid > .read-aloud")).to_have_count(0)  # the picks stay tidy
    page.get_by_test_id("say-pick-stop").click()
    card = page.get_by_test_id("say-card-stop")
    speaker = card.locator("> .read-aloud")
    expect(speaker).to_be_visible()
    box = speaker.bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44 and box["y"] < 200, box  # big, at the top, on screen
    speaker.click()
    assert _spoken(page) == card.locator(".say-words").inner_text().strip()
    assert page.evaluate("() => location.hash") == "#say-stop"  # the speaker does not close the card
    shot_if_asked(page, "read-aloud-say-card")
    card.locator(".say-words").click()
    expect(card).to_be_hidden()  # one tap on the card goes back, as before
    own = page.get_by_test_id("say-card-own")
    if own.count():
        page.get_by_test_id("say-pick-own").first.click()
        own.first.locator("> .read-aloud").click()
        words = own.first.locator(".say-words").inner_text().strip()
        assert _spoken(page).endswith(words) and _spoken(page) != words  # "Important to me: …"
    assert set(page.evaluate("() => window.spokenLangs")) == {"da-DK"}


def test_picture_cards_are_read_without_ticking_them(
    live_server: LiveServer, new_phone_context: ContextFactory, new_page: NewPage
) -> None:
    base = live_server.url
    page = _phone(new_phone_context, new_page, DANISH, width=320)
    page.goto(_upcoming(page, base) + "/prepare/cards")
    cards = page.locator(".pick-card")
    expect(cards.first.locator("> .read-aloud")).to_be_visible()
    assert cards.locator("> .read-aloud").count() == cards.count()  # every picture has its speaker
    assert page.locator("label .read-aloud").count() == 0  # never inside the box's label (its name stays the topic)
    first = cards.first
    box = first.locator("input.pick-box")
    was_ticked = box.is_checked()
    first.locator("> .read-aloud").click()
    assert _spoken(page) == first.locator(".pick-name").inner_text().strip()
    assert box.is_checked() == was_ticked  # hearing a card does not choose it
    shot_if_asked(page, "read-aloud-cards-320")


@pytest.mark.parametrize("width", [412, 320])
def test_rights_home_and_notifications_read_aloud(
    live_server: LiveServer, new_phone_context: ContextFactory, new_page: NewPage, width: int
) -> None:
    base = live_server.url
    page = _phone(new_phone_context, new_page, DANISH, width=width)
    page.goto(base + "/rights/")
    _beside(page, "h1[data-read-aloud]")
    link = page.locator(".read-aloud-card").first
    link.locator("> .read-aloud").click()
    assert page.url == base + "/rights/"  # the speaker reads the card; it does not open it
    assert _spoken(page) == " ".join(link.locator(".card-link-text").text_content().split())
    speaker_box, link_box = link.locator("> .read-aloud").bounding_box(), link.locator("a").bounding_box()
    text_box = link.locator(".card-link-text").bounding_box()
    assert speaker_box and link_box and text_box
    assert speaker_box["x"] + speaker_box["width"] <= link_box["x"] + link_box["width"]  # within the card
    assert text_box["x"] + text_box["width"] <= speaker_box["x"] + 1  # never over its words
    shot_if_asked(page, f"read-aloud-rights-{width}")
    login_as_demo(page, base, "sara")
    page.goto(base + "/")
    expect(page.locator(".next-meeting + .read-aloud, #next-meeting-title + .read-aloud").first).to_be_visible()
    page.goto(base + "/notifications/")
    _beside(page, "h1[data-read-aloud]")


def test_hidden_where_the_phone_has_no_voice_for_the_page_language(
    live_server: LiveServer, new_phone_context: ContextFactory, new_page: NewPage
) -> None:
    """Only English voices: a Danish page shows no speaker at all; the same page in English reads in English."""
    base = live_server.url
    page = _phone(new_phone_context, new_page, ENGLISH_ONLY)
    page.goto(base + "/rights/bisidder")
    assert html_lang(page) == "da"
    expect(page.get_by_test_id("rights-page")).to_be_visible()
    page.wait_for_load_state("load")
    expect(page.locator(".read-aloud")).to_have_count(0)
    page.context.add_cookies([{"name": "yv_lang", "value": "en", "url": base}])
    page.goto(base + "/rights/bisidder")
    assert html_lang(page) == "en"
    page.locator(".read-aloud").first.click()
    assert _spoken(page) == page.locator("h1").inner_text().strip()
    assert page.evaluate("() => window.spokenLangs") == ["en_GB"]  # the phone's own English voice, not the network one


def test_voices_that_come_late_still_bring_the_speakers(
    live_server: LiveServer, new_phone_context: ContextFactory, new_page: NewPage
) -> None:
    """Chromium on a phone loads its voices after the page: the speakers appear when they come, once."""
    base = live_server.url
    page = _phone(new_phone_context, new_page, DANISH, late=True)
    page.goto(base + "/rights/bisidder")
    expect(page.locator(".read-aloud").first).to_be_visible()
    count = page.locator("[data-read-aloud]").count()
    expect(page.locator(".read-aloud")).to_have_count(count)
