"""Issue 17.4: the whole preparation of a meeting in Arabic, on a phone (Pixel 7, 412 px), right to left.

Sara picks العربية in the footer's language picker (each language in its own name), adds a meeting and walks every
step of the preparation. On every page: `<html lang="ar" dir="rtl">`, the text comes from the Arabic catalogue
(not English under lang="ar"), the "next" arrow and the progress bar are mirrored, and axe (WCAG 2.1 A/AA) finds
nothing. The same pages at 320 px do not scroll sideways. With E2E_SCREENSHOTS set, each page is saved under
test-results/arabic-*.png (412 px) and arabic-320-*.png.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .a11y import check_axe
from .support import (
    ConsoleWatch,
    ContextFactory,
    LiveServer,
    back_to_danish,
    login_as_demo,
    path_is,
    shot_if_asked,
    unique_tag,
)

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]
LOCAL_ZONE = ZoneInfo("Europe/Copenhagen")
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
STEPS = ("mood", "going_well", "hard", "points", "decisions", "people", "bisidder", "setup", "questions")
ARABIC = re.compile(r"[\u0600-\u06FF]")


def _right_to_left(page: Page, label: str) -> None:
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "ar")
    expect(html).to_have_attribute("dir", "rtl")
    heading = page.locator("main h1").first.inner_text()
    assert ARABIC.search(heading), f"{label}: the heading is not Arabic: {heading!r}"
    check_axe(page, context_label=f"sara in Arabic: {label}")


def _mirrored(page: Page, selector: str) -> bool:
    return bool(page.locator(selector).first.evaluate("e => getComputedStyle(e).transform.startsWith('matrix(-1')"))


@pytest.fixture
def sara_back_in_danish(live_server: LiveServer, new_phone_context: ContextFactory,
                        new_page: NewPage) -> Iterator[None]:
    yield
    back_to_danish(new_phone_context, new_page, live_server.url, "sara")


@pytest.mark.usefixtures("sara_back_in_danish")
def test_the_whole_preparation_in_arabic(live_server: LiveServer, new_phone_context: ContextFactory,
                                         new_page: NewPage) -> None:
    base = live_server.url
    tag = unique_tag()
    console = ConsoleWatch()
    sara = console.watch("sara", new_page(new_phone_context("sara")))
    login_as_demo(sara, base, "sara")
    assert sara.viewport_size is not None and sara.viewport_size["width"] == 412

    # She picks her language in the footer: every language is named in itself.
    picker = sara.locator("footer form.lang-switch")
    expect(picker).to_contain_text("العربية")
    expect(picker).to_contain_text("Dansk")
    picker.locator("button[name='language'][value='ar']").click()
    expect(sara.locator("html")).to_have_attribute("dir", "rtl")
    _right_to_left(sara, "home")
    shot_if_asked(sara, "arabic-01-home")

    # A meeting four days ahead.
    sara.goto(base + "/meetings/")
    _right_to_left(sara, "my meetings")
    sara.get_by_test_id("new-meeting").click()
    expect(sara).to_have_url(path_is(base, "/meetings/new"))
    _right_to_left(sara, "new meeting")
    day = (datetime.now(LOCAL_ZONE) + timedelta(days=60)).date()  # after the demo's meetings
    sara.locator("#kind").select_option("plan")
    sara.locator("#day").fill(day.isoformat())
    sara.locator("#clock").fill("14:30")
    sara.locator("#place").fill(f"Rådhuset {tag}")
    shot_if_asked(sara, "arabic-02-new-meeting")
    sara.get_by_test_id("save-meeting").click()
    expect(sara).to_have_url(re.compile("^" + re.escape(base) + f"/meetings/({UUID})$"))
    meeting_id = sara.url.rsplit("/", 1)[1]
    _right_to_left(sara, "meeting hub")
    shot_if_asked(sara, "arabic-03-hub")

    # Every step of the preparation, in Arabic.
    sara.get_by_test_id("prepare").click()
    for number, key in enumerate(STEPS, start=1):
        expect(sara).to_have_url(path_is(base, f"/meetings/{meeting_id}/prepare/{key}"))
        sara.wait_for_load_state("domcontentloaded")
        _right_to_left(sara, f"preparation: {key}")
        assert _mirrored(sara, ".meter svg"), f"{key}: the progress bar is not mirrored"
        if key == "mood":
            sara.locator("label.face-choice", has=sara.get_by_test_id("mood-4")).click()
        elif key == "going_well":
            sara.get_by_test_id("answer-going_well").fill(f"أنا أحب المدرسة {tag}")
        elif key == "points":
            sara.get_by_test_id("new-point").fill(f"مصروفي {tag}")
            sara.get_by_test_id("add-point").click()
            expect(sara.get_by_test_id("points").locator("li")).to_have_count(1)
        elif key == "decisions":
            sara.get_by_test_id("new-decision").fill(f"أريد أن أزور خالتي {tag}")
            sara.get_by_test_id("add-decision").click()
            expect(sara.get_by_test_id("decisions").locator("li")).to_have_count(1)
        shot_if_asked(sara, f"arabic-{number + 3:02d}-step-{key}")
        if key != STEPS[-1]:
            assert _mirrored(sara, "[data-testid=next] .dir-arrow"), f"{key}: the next arrow points the wrong way"
            sara.get_by_test_id("next").click()
    sara.get_by_test_id("done").click()
    expect(sara).to_have_url(path_is(base, f"/meetings/{meeting_id}"))
    _right_to_left(sara, "meeting hub, prepared")
    shot_if_asked(sara, "arabic-13-hub-prepared")

    # Her rights, in Arabic, with the note that the Danish text is the one that counts.
    sara.goto(base + "/rights/bisidder")
    _right_to_left(sara, "rights: bisidder")
    expect(sara.get_by_test_id("authoritative-note")).to_be_visible()
    shot_if_asked(sara, "arabic-14-rights")

    # The same pages on a small phone (320 px): nothing scrolls sideways.
    sara.set_viewport_size({"width": 320, "height": 800})
    for path, name in ((f"/meetings/{meeting_id}", "hub"), (f"/meetings/{meeting_id}/prepare/points", "points"),
                       (f"/meetings/{meeting_id}/prepare/setup", "setup"), ("/", "home"),
                       ("/rights/bisidder", "rights")):
        sara.goto(base + path)
        sara.wait_for_load_state("domcontentloaded")
        expect(sara.locator("html")).to_have_attribute("dir", "rtl")
        width = sara.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide at 320 px"
        if name == "points":  # her own words, kept as she wrote them
            expect(sara.get_by_test_id("points").locator("input[type=text]").first).to_have_value(f"مصروفي {tag}")
        shot_if_asked(sara, f"arabic-320-{name}")
    assert not console.problems, console.problems
