"""Issue 17.4: the whole preparation of a meeting right to left, on a phone (Pixel 7, 412 px): in Arabic (ar) and
in Dari (دری, fa_AF), one journey for each.

Sara picks her language in the footer's language picker (each language in its own name), adds a meeting and walks
every step of the preparation. On every page: `<html lang="ar" dir="rtl">` (Dari: `lang="fa-AF"`, the BCP 47 tag),
the text comes from the language's catalogue (the headings and the note on the rights page are what the compiled
catalogue says for them, not English under another lang), the "next" arrow and the progress bar are mirrored, and axe
(WCAG 2.1 A/AA) finds nothing. The same pages at 320 px do not scroll sideways. Sara is set back to Danish
afterwards, and her meeting lies after the demo's (the journeys after this one take her first meeting). With
E2E_SCREENSHOTS set, each page is saved under test-results/arabic-*.png / dari-*.png (412 px) and arabic-320-*.png /
dari-320-*.png.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from youthvoice.core.languages import NAMES

from .a11y import check_axe
from .support import (
    ROOT,
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
# Each step of the preparation and its heading (English message ids; the page shows the catalogue's translation).
STEPS = {
    "mood": "How are you doing right now?",
    "going_well": "What is going well?",
    "hard": "What is hard?",
    "points": "What do you want to talk about?",
    "decisions": "What do you want, and what have you decided?",
    "people": "Who should be there?",
    "bisidder": "Do you want a support person with you?",
    "setup": "How should the meeting be?",
    "questions": "What questions do you want answered?",
}
AUTHORITATIVE_NOTE = "This is a translation. For what the law says, the Danish text is the one that counts."
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")  # Arabic and Dari alike


@dataclass(frozen=True)
class Language:
    code: str  # the app's (Babel's) code
    shots: str  # the screenshots' prefix
    # What Sara writes: her own words, in her language (not the app's text, so not in the catalogue).
    going_well: str
    point: str
    decision: str

    @property
    def tag(self) -> str:
        """The BCP 47 tag the page's lang attribute carries (fa_AF -> fa-AF)."""
        return self.code.replace("_", "-")

    def text(self, msgid: str) -> str:
        """What the compiled catalogue says for an English message id; a missing translation fails here."""
        translated = _catalogue(self.code).gettext(msgid)
        assert translated != msgid, f"the {self.code} catalogue has no translation for {msgid!r}"
        return translated


@cache
def _catalogue(code: str) -> gettext.GNUTranslations:
    return gettext.translation("messages", ROOT / "youthvoice" / "translations", [code])  # the .mo the server reads


LANGUAGES = (
    pytest.param(Language("ar", "arabic", "أنا أحب المدرسة", "مصروفي", "أريد أن أزور خالتي"), id="ar"),
    pytest.param(Language("fa_AF", "dari", "من مکتب را دوست دارم", "پول جیب من", "می‌خواهم خاله‌ام را ببینم"),
                 id="fa_AF"),
)


def _right_to_left(page: Page, language: Language, label: str, heading: str | None = None) -> None:
    """The page is in the language, right to left, and axe finds nothing; `heading`: the h1's English message id."""
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language.tag)
    expect(html).to_have_attribute("dir", "rtl")
    h1 = page.locator("main h1").first
    if heading is not None:
        expect(h1).to_have_text(language.text(heading))
    text = h1.inner_text()
    assert ARABIC_SCRIPT.search(text), f"{label}: the heading is not in {language.code}: {text!r}"
    check_axe(page, context_label=f"sara in {language.code}: {label}")


def _mirrored(page: Page, selector: str) -> bool:
    return bool(page.locator(selector).first.evaluate("e => getComputedStyle(e).transform.startsWith('matrix(-1')"))


@pytest.fixture
def sara_back_in_danish(live_server: LiveServer, new_phone_context: ContextFactory,
                        new_page: NewPage) -> Iterator[None]:
    yield
    back_to_danish(new_phone_context, new_page, live_server.url, "sara")


@pytest.mark.usefixtures("sara_back_in_danish")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_whole_preparation_right_to_left(live_server: LiveServer, new_phone_context: ContextFactory,
                                             new_page: NewPage, language: Language) -> None:
    base = live_server.url
    tag = unique_tag()
    shots = language.shots
    console = ConsoleWatch()
    sara = console.watch("sara", new_page(new_phone_context("sara")))
    login_as_demo(sara, base, "sara")
    assert sara.viewport_size is not None and sara.viewport_size["width"] == 412

    # She picks her language in the footer: every language is named in itself.
    picker = sara.locator("footer form.lang-switch")
    expect(picker).to_contain_text(NAMES[language.code])
    expect(picker).to_contain_text(NAMES["da"])
    picker.locator(f"button[name='language'][value='{language.code}']").click()
    expect(sara.locator("html")).to_have_attribute("dir", "rtl")
    _right_to_left(sara, language, "home")
    hello = re.escape(language.text("Hi %(name)s")).replace(re.escape("%(name)s"), ".+")
    expect(sara.locator("main h1").first).to_have_text(re.compile(f"^{hello}$"))
    shot_if_asked(sara, f"{shots}-01-home")

    # A meeting two months ahead: after the demo's meetings.
    sara.goto(base + "/meetings/")
    _right_to_left(sara, language, "my meetings", "My meetings")
    sara.get_by_test_id("new-meeting").click()
    expect(sara).to_have_url(path_is(base, "/meetings/new"))
    _right_to_left(sara, language, "new meeting", "Add a meeting")
    day = (datetime.now(LOCAL_ZONE) + timedelta(days=60)).date()
    sara.locator("#kind").select_option("plan")
    sara.locator("#day").fill(day.isoformat())
    sara.locator("#clock").fill("14:30")
    sara.locator("#place").fill(f"Rådhuset {tag}")
    shot_if_asked(sara, f"{shots}-02-new-meeting")
    sara.get_by_test_id("save-meeting").click()
    expect(sara).to_have_url(re.compile("^" + re.escape(base) + f"/meetings/({UUID})$"))
    meeting_id = sara.url.rsplit("/", 1)[1]
    _right_to_left(sara, language, "meeting hub")
    shot_if_asked(sara, f"{shots}-03-hub")

    # Every step of the preparation, in her language.
    sara.get_by_test_id("prepare").click()
    keys = list(STEPS)
    for number, (key, title) in enumerate(STEPS.items(), start=1):
        expect(sara).to_have_url(path_is(base, f"/meetings/{meeting_id}/prepare/{key}"))
        sara.wait_for_load_state("domcontentloaded")
        _right_to_left(sara, language, f"preparation: {key}", title)
        assert _mirrored(sara, ".meter svg"), f"{key}: the progress bar is not mirrored"
        if key == "mood":
            sara.locator("label.face-choice", has=sara.get_by_test_id("mood-4")).click()
        elif key == "going_well":
            sara.get_by_test_id("answer-going_well").fill(f"{language.going_well} {tag}")
        elif key == "points":
            sara.get_by_test_id("new-point").fill(f"{language.point} {tag}")
            sara.get_by_test_id("add-point").click()
            expect(sara.get_by_test_id("points").locator("li")).to_have_count(1)
        elif key == "decisions":
            sara.get_by_test_id("new-decision").fill(f"{language.decision} {tag}")
            sara.get_by_test_id("add-decision").click()
            expect(sara.get_by_test_id("decisions").locator("li")).to_have_count(1)
        shot_if_asked(sara, f"{shots}-{number + 3:02d}-step-{key}")
        if key != keys[-1]:
            assert _mirrored(sara, "[data-testid=next] .dir-arrow"), f"{key}: the next arrow points the wrong way"
            sara.get_by_test_id("next").click()
    sara.get_by_test_id("done").click()
    expect(sara).to_have_url(path_is(base, f"/meetings/{meeting_id}"))
    _right_to_left(sara, language, "meeting hub, prepared")
    shot_if_asked(sara, f"{shots}-13-hub-prepared")

    # Her rights, in her language, with the note that the Danish text is the one that counts.
    sara.goto(base + "/rights/bisidder")
    _right_to_left(sara, language, "rights: bisidder")
    expect(sara.get_by_test_id("authoritative-note")).to_have_text(language.text(AUTHORITATIVE_NOTE))
    shot_if_asked(sara, f"{shots}-14-rights")

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
            expect(sara.get_by_test_id("points").locator("input[type=text]").first).to_have_value(
                f"{language.point} {tag}")
        shot_if_asked(sara, f"{shots}-320-{name}")
    assert not console.problems, console.problems
