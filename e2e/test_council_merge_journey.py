"""Merging two proposals that say the same, on phones (412 px): Freja asks to merge her proposal into Amira's,
Amira says yes on her proposal's page, Freja's now points to Amira's, and Amira's names Freja too."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .support import ContextFactory, LiveServer, login_as_demo
from .test_council_journey import _propose

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]


def test_two_authors_merge_their_proposals(live_server: LiveServer, new_phone_context: ContextFactory,
                                           new_page: NewPage) -> None:
    base = live_server.url
    amira = new_page(new_phone_context("amira"))
    login_as_demo(amira, base, "amira")
    kept_url = _propose(amira, base, "Cykelstativer med tag")
    freja = new_page(new_phone_context("freja"))
    login_as_demo(freja, base, "freja")
    gone_url = _propose(freja, base, "Tag over cyklerne")

    freja.goto(gone_url)
    freja.get_by_test_id("propose-merge").click()
    freja.locator("#into").select_option(label="Cykelstativer med tag")
    freja.get_by_test_id("ask-merge").click()
    expect(freja.get_by_test_id("merge-request")).to_contain_text("Cykelstativer med tag")
    expect(freja.get_by_test_id("merge-yes")).to_have_count(0)  # she asked: her yes is given

    amira.goto(kept_url)
    expect(amira.get_by_test_id("merge-request")).to_be_visible()
    amira.get_by_test_id("merge-yes").click()
    expect(amira.get_by_test_id("coauthors")).to_contain_text("Freja")

    freja.goto(gone_url)
    merged = freja.get_by_test_id("merged-into")
    expect(merged).to_be_visible()
    expect(freja.get_by_test_id("support")).to_have_count(0)
    merged.get_by_role("link").click()
    expect(freja.get_by_test_id("cause-title")).to_have_text("Cykelstativer med tag")
