"""Issue 21.6, from my case to our cause, on phones (412 px, and 320 px for the pages Karina reads).

Sara writes a point for her meeting, decides it is not only about her and, after the preview of exactly what is
sent, sends it to the youth panel without her name. Karina, the coordinator, finds it on the panel's page, reads
the topics young people chose with the picture cards (counted, never under 5) and opens a question to the panel
prefilled from a frequent topic: one tap to a form, nothing sent by itself. Afterwards Sara removes her point and
Karina hides the copy (it cannot be deleted: it is the panel's), so the journeys after this one meet the demo as
they expect.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .a11y import check_axe
from .support import ContextFactory, LiveServer, login_as_demo, shot_if_asked, unique_tag

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("live_server", ["sqlite"], indirect=True)]

NewPage = Callable[[BrowserContext], Page]
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
NARROW = {"viewport": {"width": 320, "height": 740}}


def _no_sideways_scroll(page: Page, label: str) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{label}: {overflow}px sideways scroll"


def test_sara_sends_a_point_to_the_panel_and_karina_reads_it_beside_the_counts(
        live_server: LiveServer, new_phone_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    tag = unique_tag()
    words = f"Jeg får en ny sagsbehandler hvert halve år {tag}"

    sara = new_page(new_phone_context("sara-phone"))
    login_as_demo(sara, base, "sara")
    sara.goto(base + "/meetings/")
    sara.get_by_test_id("meeting-card").first.click()
    expect(sara).to_have_url(re.compile(rf"/meetings/{UUID}$"))
    meeting_path = sara.url.removeprefix(base)
    sara.goto(base + meeting_path + "/prepare/points")
    sara.get_by_test_id("new-point").fill(words)
    sara.get_by_test_id("add-point").click()
    expect(sara).to_have_url(re.compile(r"/prepare/points"))
    mine = sara.get_by_test_id("points").locator("li.edit-item").filter(
        has=sara.locator(f"input[value='{words}']"))
    expect(mine).to_have_count(1)
    shot_if_asked(sara, "points-step-412")
    mine.locator("a[data-testid^='send-to-panel-']").click()

    # The preview: exactly her words, and what sending means, before anything is sent.
    expect(sara).to_have_url(re.compile(rf"/panel/send/{UUID}/{UUID}$"))
    expect(sara.get_by_test_id("panel-copy")).to_have_text(words)
    expect(sara.locator("main")).not_to_contain_text("Sara")
    _no_sideways_scroll(sara, "preview at 412 px")
    check_axe(sara, context_label="send to the panel, preview at 412 px")
    shot_if_asked(sara, "panel-send-preview-412")
    sara.get_by_test_id("panel-send-confirm").click()
    expect(sara).to_have_url(re.compile(r"/prepare/points$"))
    expect(sara.locator(".flash").first).to_be_visible()

    # Karina: the copy on the panel's page, without a name; the counts; a question prefilled from a topic.
    karina = new_page(new_phone_context("karina-phone"))
    login_as_demo(karina, base, "karina")
    karina.goto(base + "/panel/")
    sent = karina.get_by_test_id("panel-submission").filter(has_text=tag)
    expect(sent).to_have_count(1)
    expect(sent).not_to_contain_text("Sara")
    check_axe(karina, context_label="youth panel with what was sent, at 412 px")
    shot_if_asked(karina, "panel-index-412")
    karina.get_by_test_id("panel-topics").click()
    expect(karina).to_have_url(re.compile(r"/panel/topics$"))
    school = karina.locator("[data-testid^='topic-'][data-testid$='-school']").first
    expect(school).to_be_visible()
    figure = school.get_attribute("data-young-people") or "0"
    assert int(figure) >= 5
    expect(karina.locator("main")).not_to_contain_text(tag)  # the counts show no words of anyone's
    _no_sideways_scroll(karina, "topics at 412 px")
    check_axe(karina, context_label="topics counted, at 412 px")
    shot_if_asked(karina, "panel-topics-412")
    school.get_by_test_id("ask-about-school").click()
    expect(karina).to_have_url(re.compile(r"/panel/new\?topic=school$"))
    expect(karina.locator("#question")).not_to_have_value("")
    expect(karina.locator("#background")).to_have_value(re.compile(rf"^{figure}\D"))  # "N young people marked …"
    shot_if_asked(karina, "panel-new-from-topic-412")

    # The same pages at 320 px.
    narrow = new_page(new_phone_context("karina-narrow", **NARROW))
    login_as_demo(narrow, base, "karina")
    for path, name in (("/panel/topics", "panel-topics-320"), ("/panel/", "panel-index-320")):
        narrow.goto(base + path)
        _no_sideways_scroll(narrow, f"{path} at 320 px")
        shot_if_asked(narrow, name)
    sara_narrow = new_page(new_phone_context("sara-narrow", **NARROW))
    login_as_demo(sara_narrow, base, "sara")
    sara_narrow.goto(base + meeting_path + "/prepare/points")
    mine = sara_narrow.get_by_test_id("points").locator("li.edit-item").filter(
        has=sara_narrow.locator(f"input[value='{words}']"))
    mine.locator("a[data-testid^='send-to-panel-']").click()
    _no_sideways_scroll(sara_narrow, "preview at 320 px")
    shot_if_asked(sara_narrow, "panel-send-preview-320")

    # Put the demo back: Sara removes her point (her copy stays the panel's), Karina hides the copy.
    sara.goto(base + meeting_path + "/prepare/points")
    sara.get_by_test_id("points").locator("li.edit-item").filter(
        has=sara.locator(f"input[value='{words}']")).locator("button[name='remove_point']").click()
    expect(sara.get_by_test_id("points").locator(f"input[value='{words}']")).to_have_count(0)
    karina.goto(base + "/panel/")
    karina.get_by_test_id("panel-submission").filter(has_text=tag).get_by_test_id("hide-submission").click()
    expect(karina.get_by_test_id("panel-submission").filter(has_text=tag)
           .get_by_test_id("show-submission")).to_have_count(1)
