"""The caseworker's side in a real browser (issue 18): Lene finds who needs her in her caseload list on a phone
(search, filter, sort), makes a journal note of Sara's meeting at her desk and copies it as text, and Sara, on her
phone, sees that it was made: on the meeting, on the sharing page's warning and under "Who has seen what"."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .support import ContextFactory, LiveServer, login_as_demo, open_shared_meeting_of_sara, shot_if_asked

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]


def test_caseload_list_on_a_phone(live_server: LiveServer, new_phone_context: ContextFactory,
                                  new_page: NewPage) -> None:
    base = live_server.url
    lene = new_page(new_phone_context("lene-phone"))
    login_as_demo(lene, base, "lene")
    lene.goto(base + "/people/")
    rows = lene.get_by_test_id("caseload-row")
    expect(rows.first).to_be_visible()
    assert lene.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # nothing wider than a phone
    shot_if_asked(lene, "caseload-phone")
    lene.get_by_test_id("caseload-search").fill("sar")
    lene.get_by_test_id("caseload-sort").select_option("name")
    lene.get_by_test_id("caseload-search").press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Sara")
    expect(rows.first.locator("[data-status=next]")).to_be_visible()
    lene.get_by_test_id("caseload-show").get_by_role("link", name=re.compile("18")).click()
    expect(lene.get_by_test_id("caseload-none")).to_be_visible()  # Sara is 16: not with "18 or 23 soon"


def test_a_journal_note_made_by_lene_is_seen_by_sara(live_server: LiveServer, new_desktop_context: ContextFactory,
                                                     new_phone_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    desktop = new_desktop_context("lene", permissions=["clipboard-read", "clipboard-write"])
    lene = new_page(desktop)
    login_as_demo(lene, base, "lene")
    meeting_url = open_shared_meeting_of_sara(lene, base)
    lene.get_by_test_id("make-journal-note").click()
    expect(lene).to_have_url(re.compile(r"/people/journal/"))
    note = lene.get_by_test_id("journal-note")
    expect(note).to_contain_text("Lene Holm")
    expect(note).to_contain_text("Sara")
    lene.get_by_test_id("copy-note").click()
    copied = lene.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(lene.get_by_test_id("journal-text").input_value().splitlines()[0])
    assert "Lene Holm" in copied.splitlines()[1]
    expect(lene.get_by_test_id("print-note")).to_be_visible()
    lene.emulate_media(media="print")
    expect(lene.get_by_test_id("copy-note")).to_be_hidden()  # the print shows the note alone
    expect(note).to_be_visible()
    shot_if_asked(lene, "journal-note-print")

    sara = new_page(new_phone_context("sara-phone"))
    login_as_demo(sara, base, "sara")
    sara.goto(meeting_url)
    expect(sara.locator("#case-file")).to_contain_text("Lene Holm")
    sara.goto(meeting_url + "/share")
    expect(sara.get_by_test_id("case-file-notes")).to_contain_text("Lene Holm")
    sara.get_by_test_id("case-file-link").click()
    expect(sara.get_by_test_id("case-file-row").first).to_contain_text("Lene Holm")
    shot_if_asked(sara, "case-file-seen")
