"""Ties to my home municipality in a real browser (issue 19.3): Sara lives in Roskilde but comes from Ballerup. On a
412 px phone she opens her home municipality from her start page, sees Ballerup's news and its youth council's
causes, and offers her help to Rikke, Ballerup's youth-council coordinator, who sees it on her desktop. Sara sees in
"who has seen what" that Rikke saw it. Runs once per database backend (see `live_server`)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .a11y import check_axe
from .support import ContextFactory, LiveServer, danish, exactly_at, login_as_demo, shot_if_asked, unique_tag

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]


def test_home_municipality_journey(
    live_server: LiveServer, new_desktop_context: ContextFactory, new_phone_context: ContextFactory, new_page: NewPage
) -> None:
    base = live_server.url
    offer = f"Jeg kan fortælle yngre i pleje, hvordan det var for mig {unique_tag()}"

    page = new_page(new_phone_context("sara"))
    assert page.viewport_size is not None and page.viewport_size["width"] == 412
    login_as_demo(page, base, "sara")

    # From her start page to her home municipality: Ballerup's news and its youth council's causes.
    page.get_by_test_id("home-ties").scroll_into_view_if_needed()
    shot_if_asked(page, "hometies-start-412")
    page.get_by_test_id("home-ties-link").click()
    expect(page).to_have_url(exactly_at(base, "/home-municipality/"))
    expect(page.get_by_test_id("home-municipality")).to_contain_text("Ballerup")
    expect(page.get_by_test_id("home-news").filter(has_text="Sommerjob for unge i Ballerup")).to_have_count(1)
    expect(page.get_by_test_id("home-cause").filter(has_text="Gratis buskort til unge")).to_have_count(1)
    expect(page.get_by_test_id("home-cause").filter(has_text="Roskilde")).to_have_count(0)
    shot_if_asked(page, "hometies-index-412")
    check_axe(page, context_label="sara: my home municipality")

    # "I would like to help": her words, shown to Rikke, the coordinator of her home municipality.
    page.get_by_test_id("offer-help").click()
    expect(page).to_have_url(exactly_at(base, "/home-municipality/offer"))
    page.get_by_test_id("offer-text").fill(offer)
    page.get_by_test_id("save-offer").click()
    expect(page.get_by_test_id("share-karina")).to_have_count(0)  # Roskilde's coordinator: not her home's
    page.get_by_test_id("share-rikke").check()
    shot_if_asked(page, "hometies-offer-412")
    check_axe(page, context_label="sara: I would like to help")
    page.get_by_test_id("save-offer-share").click()
    expect(page).to_have_url(exactly_at(base, "/home-municipality/"))
    expect(page.get_by_test_id("help-card")).to_contain_text(offer)

    # At 320 px nothing is cut off.
    page.set_viewport_size({"width": 320, "height": 640})
    for path, name in (("/home-municipality/", "hometies-index-320"),
                       ("/home-municipality/offer", "hometies-offer-320"),
                       ("/home-municipality/choose", "hometies-choose-320")):
        page.goto(base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        shot_if_asked(page, name)
    page.set_viewport_size({"width": 412, "height": 839})

    # Rikke, on her desktop, sees Sara's offer on her coordinator page.
    rikke = new_page(new_desktop_context("rikke"))
    login_as_demo(rikke, base, "rikke")
    rikke.goto(base + "/home-municipality/coordinator")
    expect(rikke.get_by_test_id("offer").filter(has_text="Sara")).to_contain_text(offer)
    shot_if_asked(rikke, "hometies-coordinator-desktop")
    check_axe(rikke, context_label="rikke: news for young people from our municipality")
    rikke.get_by_role("link", name=danish("Change").danish or "Change").first.click()
    expect(rikke.get_by_test_id("news-title")).not_to_have_value("")
    expect(rikke.get_by_test_id("news-form")).to_have_attribute("action",
                                                             re.compile(r"/coordinator/news/[0-9a-f-]{36}$"))
    shot_if_asked(rikke, "hometies-news-edit-desktop")

    # Sara sees that Rikke saw it.
    page.goto(base + "/seen/")
    row = (
        page.get_by_test_id("seen-row")
        .filter(has_text="Rikke Friis")
        .filter(has_text=danish("what you could offer others").danish or "")
    )
    expect(row).to_have_count(1)
    expect(row.get_by_role("link")).to_have_attribute("href", "/home-municipality/offer")
