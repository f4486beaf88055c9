"""Away and cover, and a meeting moved, in a real browser on phones (412 px wide; issue 18.3 and 18.6).

A. Henrik (the admin) sets the municipality's out-of-hours service. Lene sets an absence with Ali covering. Sara sees
   on the help page that Lene is away and who covers, and the out-of-hours number as a tel: link; she sends Lene an
   urgent message. Ali has it at the top of his dashboard, marked as covering, but Sara's meeting shared with Lene
   stays a 404 for him. He marks it seen and Sara sees that.
B. Lene puts a meeting in Sara's list, then gives it a new time; Sara sees the new time and is told.

Assertions are on data-testid attributes and on text typed in this test, so the journey holds in Danish and English.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .support import ContextFactory, LiveServer, login_as_demo, open_shared_meeting_of_sara, shot_if_asked, unique_tag

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]
LOCAL_ZONE = ZoneInfo("Europe/Copenhagen")


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_an_urgent_message_reaches_the_cover_while_lene_is_away(live_server: LiveServer,
                                                                 new_phone_context: ContextFactory,
                                                                 new_page: NewPage) -> None:
    base = live_server.url
    tag = unique_tag()
    urgent_text = f"Kan nogen ringe til mig i dag {tag}"

    henrik = new_page(new_phone_context("henrik"))
    login_as_demo(henrik, base, "henrik")
    henrik.goto(base + "/admin/")
    henrik.get_by_test_id("out_of_hours_name").fill(f"Socialvagten {tag}")
    henrik.get_by_test_id("out_of_hours_phone").fill("46 31 00 00")
    henrik.get_by_test_id("save-out-of-hours").click()
    expect(henrik.get_by_test_id("out_of_hours_phone")).to_have_value("46 31 00 00")

    lene = new_page(new_phone_context("lene"))
    login_as_demo(lene, base, "lene")
    assert lene.viewport_size and lene.viewport_size["width"] == 412
    lene_meeting = open_shared_meeting_of_sara(lene, base)  # a meeting Sara shares with Lene, for Ali's 404 below
    lene.goto(base + "/people/")
    lene.get_by_test_id("absence-link").click()
    today = datetime.now(LOCAL_ZONE).date()
    lene.get_by_test_id("absence-starts_on").fill(today.isoformat())
    lene.get_by_test_id("absence-ends_on").fill((today + timedelta(days=5)).isoformat())
    ali_option = lene.get_by_test_id("absence-cover").locator("option", has_text="Ali Demir")
    lene.get_by_test_id("absence-cover").select_option(ali_option.get_attribute("value"))
    lene.get_by_test_id("save-absence").click()
    expect(lene.get_by_test_id("absence-current")).to_contain_text("Ali Demir")
    _fits(lene)
    shot_if_asked(lene, "absence-lene-412")

    sara = new_page(new_phone_context("sara"))
    login_as_demo(sara, base, "sara")
    sara.get_by_test_id("help-now").first.click()
    expect(sara.get_by_test_id("away")).to_have_count(1)
    expect(sara.locator("main")).to_contain_text("Ali Demir")
    call = sara.get_by_test_id("out-of-hours")
    expect(call).to_contain_text(f"Socialvagten {tag}")
    expect(call).to_have_attribute("href", "tel:46310000")
    _fits(sara)
    shot_if_asked(sara, "absence-help-412")
    sara.get_by_test_id("urgent-to-lene").check()
    sara.get_by_test_id("urgent-text").fill(urgent_text)
    sara.get_by_test_id("send-urgent").click()
    expect(sara.get_by_test_id("urgent-sent")).to_contain_text(urgent_text)

    ali = new_page(new_phone_context("ali"))
    login_as_demo(ali, base, "ali")
    ali.goto(base + "/people/")
    urgent = ali.get_by_test_id("urgent")
    expect(urgent).to_contain_text(urgent_text)
    expect(urgent.get_by_test_id("urgent-covering")).to_contain_text("Lene Holm")
    _fits(ali)
    shot_if_asked(ali, "absence-cover-dashboard-412")
    # Covering gives him the urgent message, nothing Sara shared with Lene.
    response = ali.goto(lene_meeting)
    assert response is not None and response.status == 404
    ali.goto(base + "/people/")
    ali.get_by_test_id("urgent").get_by_test_id("acknowledge").click()
    expect(ali.get_by_test_id("urgent")).to_have_count(0)

    sara.goto(base + "/help/")
    expect(sara.get_by_test_id("urgent-seen").first).to_be_visible()


def test_lene_moves_a_meeting_she_made_and_sara_sees_the_new_time(live_server: LiveServer,
                                                                  new_phone_context: ContextFactory,
                                                                  new_page: NewPage) -> None:
    base = live_server.url
    tag = unique_tag()
    place = f"Rådhuset, lokale {tag}"
    lene = new_page(new_phone_context("lene"))
    login_as_demo(lene, base, "lene")
    lene.goto(base + "/people/")
    lene.get_by_test_id("caseload").locator("a[href^='/people/']").filter(has_text="Sara").first.click()
    lene.get_by_test_id("pro-new-meeting").click()
    first = (datetime.now(LOCAL_ZONE) + timedelta(days=4)).date()
    lene.locator("#kind").select_option("plan")
    lene.locator("#day").fill(first.isoformat())
    lene.locator("#clock").fill("10:00")
    lene.locator("#place").fill(place)
    lene.get_by_test_id("save-meeting").click()
    expect(lene).to_have_url(re.compile(r"/meetings/[0-9a-f-]{36}$"))
    meeting_path = lene.url.removeprefix(base)

    lene.get_by_test_id("move-meeting").click()
    moved = (datetime.now(LOCAL_ZONE) + timedelta(days=11)).date()
    lene.locator("#day").fill(moved.isoformat())
    lene.locator("#clock").fill("14:30")
    _fits(lene)
    shot_if_asked(lene, "move-meeting-412")
    lene.get_by_test_id("save-move").click()
    expect(lene).to_have_url(base + meeting_path)
    expect(lene.locator("main time").first).to_have_attribute("datetime", re.compile(moved.isoformat()[:10]))

    sara = new_page(new_phone_context("sara"))
    login_as_demo(sara, base, "sara")
    sara.goto(base + "/notifications/")
    sara.get_by_test_id("notifications").locator("li").first.get_by_role("button").click()  # the newest: moved
    expect(sara).to_have_url(re.compile(re.escape(base + meeting_path) + r"(#.*)?$"))
    expect(sara.locator("main")).to_contain_text(place)
    expect(sara.locator("main time").first).to_have_attribute("datetime", re.compile(moved.isoformat()[:10]))
    _fits(sara)
    shot_if_asked(sara, "moved-meeting-sara-412")
