"""Does having a say make a difference? (issue 22.3-22.5) in a real browser.

Henrik, the demo's admin, opens the figures from his overview: a trend per quarter drawn as SVG with the national
baseline as a dashed line and a table beside it, by kind of meeting and by age, hidden groups marked, and a CSV.
Eva, the partnership's evaluator, finds Roskilde among the municipalities that share their figures and sees the
same trends on her phone; everything else is a 404 for her. When Henrik stops sharing, Roskilde is gone from Eva's
list at once (and he shares again, leaving the demo as it was).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .support import ContextFactory, LiveServer, login_as_demo

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("live_server", ["sqlite"], indirect=True)]

NewPage = Callable[[BrowserContext], Page]


def _sees_the_trends(page: Page) -> None:
    listened = page.get_by_test_id("trend-listened")
    expect(listened.locator("svg.trend-chart")).to_be_visible()
    expect(listened.locator("svg.trend-chart .trend-point").first).to_be_attached()
    expect(listened.locator("svg.trend-chart .baseline")).to_be_attached()  # the national figure, dashed
    expect(listened.get_by_test_id("baseline-listened")).to_contain_text("VIVE 2020")
    expect(listened.get_by_test_id("table-listened").locator("tbody tr").first).to_contain_text(re.compile(r"\d+\s%"))
    for measure in ("said_what_mattered", "knows_what_happens", "on_time", "wishes", "answer_days"):
        expect(page.get_by_test_id(f"trend-{measure}")).to_be_visible()
    expect(page.get_by_test_id("trend-wishes").locator("svg.share-bar").first).to_be_visible()


def test_the_admin_and_the_partner_see_the_trends(
    live_server: LiveServer, new_phone_context: ContextFactory, new_desktop_context: ContextFactory, new_page: NewPage
) -> None:
    base = live_server.url
    henrik = new_page(new_desktop_context("henrik-desktop"))
    login_as_demo(henrik, base, "henrik")
    henrik.get_by_test_id("evidence-link").click()
    expect(henrik).to_have_url(re.compile(r"/admin/evidence$"))
    _sees_the_trends(henrik)
    henrik.get_by_test_id("trend-listened").locator("summary").click()  # the figures per kind of meeting
    expect(henrik.get_by_test_id("groups-listened")).to_contain_text("Møde om min plan")
    henrik.get_by_test_id("by-age").click()
    expect(henrik.get_by_test_id("groups-listened")).to_contain_text("Under 18")
    with henrik.expect_download() as download:
        henrik.get_by_test_id("evidence-csv").click()
    csv_text = Path(download.value.path()).read_text(encoding="utf-8")
    assert csv_text.startswith("municipality,quarter,breakdown,group,measure,young_people,value,unit,suppressed")
    assert "Roskilde Kommune (demo)" in csv_text and "Sara" not in csv_text
    henrik.get_by_test_id("evidence-about").click()
    expect(henrik.get_by_test_id("columns")).to_contain_text("protects_another")

    eva = new_page(new_phone_context("eva-phone"))
    login_as_demo(eva, base, "eva")
    expect(eva).to_have_url(re.compile(r"/partner/$"))
    eva.get_by_test_id("partner-town").filter(has_text="Roskilde").click()
    _sees_the_trends(eva)
    expect(eva.get_by_test_id("evidence-sharing")).to_have_count(0)  # only the admin decides
    width = eva.evaluate("() => document.documentElement.scrollWidth")
    assert width <= eva.viewport_size["width"], width  # nothing wider than the phone
    for path in ("/admin/", "/admin/evidence", "/meetings/", "/people/"):
        response = eva.goto(base + path)
        assert response is not None and response.status == 404, path

    henrik.goto(base + "/admin/evidence")
    henrik.get_by_test_id("stop-sharing").click()
    expect(henrik.get_by_test_id("start-sharing")).to_be_visible()
    eva.goto(base + "/partner/")
    expect(eva.get_by_test_id("partner-town")).to_have_count(0)
    henrik.get_by_test_id("start-sharing").click()
    expect(henrik.get_by_test_id("stop-sharing")).to_be_visible()
    eva.goto(base + "/partner/")
    expect(eva.get_by_test_id("partner-town")).to_have_count(1)
