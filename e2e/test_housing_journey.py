"""My housing wishes in a real browser (issue 19.2): Sara, on a 412 px phone, answers the five questions one screen
at a time, shares her wishes with Lene, Lene sees them on her desktop, and Sara sees in "who has seen what" that
Lene saw them. Runs once per database backend (see `live_server`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .support import ContextFactory, LiveServer, danish, exactly_at, login_as_demo, shot_if_asked, unique_tag

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]


def test_housing_wishes_journey(
    live_server: LiveServer, new_desktop_context: ContextFactory, new_phone_context: ContextFactory, new_page: NewPage
) -> None:
    base = live_server.url
    tag = unique_tag()
    town, near, with_whom = f"Roskilde {tag}", f"Mormor {tag}", f"Min kæreste {tag}"
    afford, help_needed = f"Omkring 4.000 kr {tag}", f"Hjælp til at flytte {tag}"

    page = new_page(new_phone_context("sara"))
    assert page.viewport_size is not None and page.viewport_size["width"] == 412
    login_as_demo(page, base, "sara")

    # From "My small steps" to the guide: one question per screen.
    page.goto(base + "/steps/")
    page.get_by_test_id("housing-link").click()
    expect(page).to_have_url(exactly_at(base, "/housing/"))
    page.get_by_test_id("start-housing").click()
    expect(page).to_have_url(exactly_at(base, "/housing/ask/kind"))
    page.get_by_test_id("kind-youth_housing").check()
    shot_if_asked(page, "housing-kind-412")
    page.get_by_test_id("next").click()
    expect(page).to_have_url(exactly_at(base, "/housing/ask/where"))
    page.get_by_test_id("answer-town").fill(town)
    page.get_by_test_id("answer-near_whom").fill(near)
    page.get_by_test_id("next").click()
    page.get_by_test_id("answer-with_whom").fill(with_whom)
    page.get_by_test_id("next").click()
    page.get_by_test_id("answer-afford").fill(afford)
    page.get_by_test_id("next").click()
    expect(page).to_have_url(exactly_at(base, "/housing/ask/help"))
    page.get_by_test_id("answer-help_needed").fill(help_needed)
    page.get_by_test_id("done").click()

    # Her wishes on one page, in her words.
    expect(page).to_have_url(exactly_at(base, "/housing/"))
    answers = page.get_by_test_id("housing-answers")
    expect(answers.get_by_test_id("housing-kind")).to_have_text(danish("Youth housing").danish or "")
    for text in (town, near, with_whom, afford, help_needed):
        expect(answers).to_contain_text(text)
    shot_if_asked(page, "housing-index-412")
    # At 320 px (the smallest phones) nothing is cut off: no sideways scrolling, on the summary or a question.
    page.set_viewport_size({"width": 320, "height": 640})
    for path, name in (
        ("/housing/", "housing-index-320"),
        ("/housing/ask/kind", "housing-kind-320"),
        ("/housing/ask/where", "housing-where-320"),
    ):
        page.goto(base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        shot_if_asked(page, name)
    page.set_viewport_size({"width": 412, "height": 839})
    page.goto(base + "/housing/")

    # She shares them with Lene (after the case-file warning), and the preview shows what Lene will see.
    page.get_by_test_id("share-housing").click()
    expect(page).to_have_url(exactly_at(base, "/housing/share"))
    page.get_by_test_id("share-lene").check()
    page.get_by_test_id("save-share").click()
    expect(page.get_by_test_id("share-lene")).to_be_checked()

    # Lene, on her desktop, opens them from Sara's page.
    lene = new_page(new_desktop_context("lene"))
    login_as_demo(lene, base, "lene")
    lene.goto(base + "/people/")
    lene.get_by_role("link", name="Sara", exact=True).first.click()
    lene.get_by_test_id("open-housing").click()
    seen = lene.get_by_test_id("housing-answers")
    expect(seen.get_by_test_id("housing-kind")).to_have_text(danish("Youth housing").danish or "")
    for text in (town, near, with_whom, afford, help_needed):
        expect(seen).to_contain_text(text)
    expect(lene.get_by_test_id("change-kind")).to_have_count(0)  # hers to change, not Lene's
    shot_if_asked(lene, "housing-lene-desktop")

    # Sara sees that Lene saw them.
    page.goto(base + "/seen/")
    row = (
        page.get_by_test_id("seen-row")
        .filter(has_text="Lene Holm")
        .filter(has_text=danish("your housing wishes").danish or "")
    )
    expect(row).to_have_count(1)
    expect(row.get_by_role("link")).to_have_attribute("href", "/housing/")
    shot_if_asked(page, "housing-seen-412")
