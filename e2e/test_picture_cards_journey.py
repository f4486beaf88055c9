"""Issue 17: Sara prepares her meeting with picture cards only, on her phone: no reading or writing needed.

She taps "Mum" and "Money", gives each a face, and adds them; they are her points, with their pictures and faces,
during the meeting too; Lene, with whom Sara shares her preparation, sees them on the meeting page.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .a11y import check_axe
from .support import ContextFactory, LiveServer, login_as_demo

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("live_server", ["sqlite"], indirect=True)]

NewPage = Callable[[BrowserContext], Page]
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def test_a_meeting_prepared_with_pictures_only(live_server: LiveServer, new_phone_context: ContextFactory,
                                               new_desktop_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    sara = new_page(new_phone_context("sara-phone"))
    login_as_demo(sara, base, "sara")
    sara.goto(base + "/meetings/")
    sara.get_by_test_id("meeting-card").first.click()
    expect(sara).to_have_url(re.compile(rf"/meetings/{UUID}$"))
    meeting_path = sara.url.removeprefix(base)
    sara.goto(base + meeting_path + "/prepare/points")
    sara.get_by_test_id("choose-with-pictures").click()
    expect(sara.locator(".pick-card")).to_have_count(14)
    check_axe(sara, context_label="picture cards at 412 px")
    for topic, face in (("mum", "5"), ("money", "2")):
        sara.locator(f"label[for=card-{topic}]").click()
        expect(sara.get_by_test_id(f"card-{topic}")).to_be_checked()
        sara.get_by_test_id(f"face-{topic}-{face}").locator("..").click()  # the face, shown once the card is tapped
        expect(sara.get_by_test_id(f"face-{topic}-{face}")).to_be_checked()
    sara.get_by_test_id("add-cards").click()
    expect(sara).to_have_url(re.compile(r"/prepare/points$"))
    for name in ("Mor", "Økonomi"):  # her points now, which she can still change like typed ones
        expect(sara.get_by_test_id("points").locator(f"input[value='{name}']")).to_have_count(1)
    sara.goto(base + meeting_path + "/during/")
    expect(sara.get_by_test_id("during-points").locator(".point-card")).to_have_count(2)

    lene = new_page(new_desktop_context("lene-desktop"))
    login_as_demo(lene, base, "lene")
    lene.goto(base + meeting_path)
    expect(lene.locator(".point-card")).to_have_count(2)
    expect(lene.locator("li:has(.point-card)").filter(has_text="Økonomi")).to_be_visible()
