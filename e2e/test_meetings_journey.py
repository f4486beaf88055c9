"""The meetings journey in a real browser, with two people at once: Sara (a young person, on a phone) prepares a
meeting and shares it with Lene (her caseworker, on a desktop); Lene responds and answers the decision receipt;
Sara sees both and contests the answer; Sara withdraws sharing and Lene loses the content; Sara's "who has seen
what" page lists Lene. Runs once per database backend (see `live_server`).

Assertions are on data-testid attributes and on the text typed in this test, not on UI wording, so the journey
holds in Danish (the phone's default) and English alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .support import (
    ConsoleWatch,
    ContextFactory,
    LiveServer,
    exactly_at,
    login_as_demo,
    move_meeting_start,
    path_is,
    shot_if_asked,
    unique_tag,
)

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]

LOCAL_ZONE = ZoneInfo("Europe/Copenhagen")  # the app's BABEL_DEFAULT_TIMEZONE: the form's date and time are local
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
PREPARATION_STEPS = ("mood", "going_well", "hard", "points", "decisions", "people", "bisidder", "setup", "questions")





def _scripts_ready(page: Page) -> None:
    """Deferred scripts (autosave.js, signals.js) have run by DOMContentLoaded."""
    page.wait_for_load_state("domcontentloaded")


def _next_step(page: Page, base: str, meeting_id: str, key: str) -> None:
    page.get_by_test_id("next").click()
    expect(page).to_have_url(path_is(base, f"/meetings/{meeting_id}/prepare/{key}"))
    _scripts_ready(page)


def _expect_none_of(locator: Locator, texts: list[str]) -> None:
    for text in texts:
        expect(locator).not_to_contain_text(text)


def test_meetings_journey(live_server: LiveServer, new_phone_context: ContextFactory,
                          new_desktop_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    tag = unique_tag()
    place = f"Rådhuset, mødelokale {tag}"
    going_well = f"Jeg er startet til fodbold igen og det går godt {tag}"
    hard = f"Det er svært at sove om natten {tag}"
    points = [f"Min lommepengeaftale {tag}", f"Skift af skole efter sommer {tag}"]
    decision = f"Jeg vil bo hos min moster i weekenderne {tag}"
    question = f"Hvad betyder weekenderne konkret for dig {tag}?"
    reason = f"Din moster har ikke plads lige nu, vi kigger på det igen i maj {tag}"
    contest = f"Min moster har selv sagt at der er plads {tag}"
    second_reason = f"Du kan være hos hende hver anden weekend, fra næste måned {tag}"
    sara_texts = [place, going_well, hard, *points, decision, contest]
    console = ConsoleWatch()

    # --- 1. Sara, on her phone, adds a meeting a few days ahead, with Lene taking part ------------------
    sara = console.watch("sara", new_page(new_phone_context("sara")))
    login_as_demo(sara, base, "sara")
    sara.goto(base + "/meetings/")
    sara.get_by_test_id("new-meeting").click()
    expect(sara).to_have_url(path_is(base, "/meetings/new"))
    starts_local = datetime.now(LOCAL_ZONE) + timedelta(days=4)
    sara.locator("#kind").select_option("plan")
    sara.locator("#day").fill(starts_local.date().isoformat())
    sara.locator("#clock").fill("14:30")
    sara.locator("#place").fill(place)
    lene_box = sara.locator("label", has_text="Lene Holm").locator("input[name=participants]")
    expect(lene_box).to_have_count(1)
    lene_box.check()
    shot_if_asked(sara, "meetings-01-new-meeting-phone")
    sara.get_by_test_id("save-meeting").click()
    expect(sara).to_have_url(re.compile("^" + re.escape(base) + f"/meetings/({UUID})$"))
    match = re.search(f"/meetings/({UUID})$", sara.url)
    assert match, sara.url
    meeting_id = match.group(1)
    meeting_url = f"{base}/meetings/{meeting_id}"
    expect(sara.locator("main")).to_contain_text(place)
    shot_if_asked(sara, "meetings-02-hub-phone")

    # --- 2. She prepares: a face, "going well" saved by autosave alone, points, a decision -------------
    sara.get_by_test_id("prepare").click()
    expect(sara).to_have_url(path_is(base, f"/meetings/{meeting_id}/prepare/mood"))
    mood = sara.get_by_test_id("mood-4")
    sara.locator("label.face-choice", has=mood).click()  # the radio itself is visually hidden inside its face
    expect(mood).to_be_checked()
    shot_if_asked(sara, "meetings-03-mood-phone")
    _next_step(sara, base, meeting_id, "going_well")

    answer = sara.get_by_test_id("answer-going_well")
    status = sara.locator("[data-autosave-status]")
    saved_message = sara.locator("form[data-sync-url]").get_attribute("data-msg-saved")
    assert saved_message, "the step form carries its 'saved' message for autosave.js"
    sync_path = f"/api/v1/meetings/{meeting_id}/preparation"
    with sara.expect_response(lambda r: r.request.method == "PUT" and r.url == base + sync_path) as saved:
        answer.fill(going_well)
    assert saved.value.ok, saved.value.status
    expect(status).not_to_be_empty()
    expect(status).to_have_text(saved_message)
    shot_if_asked(sara, "meetings-04-going-well-autosaved-phone")
    # Reload without pressing Next: the server's HTML has the text (not just autosave.js's copy on the phone).
    reloaded = sara.reload()
    assert reloaded is not None and reloaded.ok
    assert going_well in reloaded.text(), "the answer was not saved on the server by autosave"
    waiting = sara.evaluate("window.yvOutbox.pending().then(rows => rows.length)")
    assert waiting == 0, f"{waiting} entries are still waiting on the phone"
    expect(sara.get_by_test_id("answer-going_well")).to_have_value(going_well)
    _scripts_ready(sara)

    _next_step(sara, base, meeting_id, "hard")
    sara.get_by_test_id("answer-hard").fill(hard)
    _next_step(sara, base, meeting_id, "points")
    for number, point in enumerate(points, start=1):
        sara.get_by_test_id("new-point").fill(point)
        sara.get_by_test_id("add-point").click()
        expect(sara.get_by_test_id("points").locator("li")).to_have_count(number)
        expect(sara.get_by_test_id("points").locator("input[type=text]").nth(number - 1)).to_have_value(point)
    shot_if_asked(sara, "meetings-05-points-phone")
    _next_step(sara, base, meeting_id, "decisions")
    sara.get_by_test_id("new-decision").fill(decision)
    sara.get_by_test_id("status-decision").check()
    sara.get_by_test_id("add-decision").click()
    expect(sara.get_by_test_id("decisions").locator("li")).to_have_count(1)
    expect(sara.get_by_test_id("decisions").locator("textarea")).to_have_value(decision)
    expect(sara.get_by_test_id("decisions").locator("select")).to_have_value("decision")
    shot_if_asked(sara, "meetings-06-decisions-phone")
    for key in PREPARATION_STEPS[PREPARATION_STEPS.index("decisions") + 1:]:
        _next_step(sara, base, meeting_id, key)
    sara.get_by_test_id("done").click()
    expect(sara).to_have_url(path_is(base, f"/meetings/{meeting_id}"))
    expect(sara.get_by_test_id("receipt-link")).to_be_visible()  # a decision is on the meeting now

    # --- 3. She shares everything (time and place, and the three parts) with Lene only ------------------
    sara.get_by_test_id("share").click()
    expect(sara).to_have_url(path_is(base, f"/meetings/{meeting_id}/share"))
    expect(sara.get_by_role("note")).to_be_visible()  # what is shared may end up in the case file
    lene_parts = sara.get_by_test_id("share-lene").locator("input[type=checkbox]")
    peter_parts = sara.get_by_test_id("share-peter").locator("input[type=checkbox]")
    expect(lene_parts).to_have_count(4)
    for box in lene_parts.all():
        box.check()
    sara.get_by_test_id("save-share").click()
    expect(sara).to_have_url(path_is(base, f"/meetings/{meeting_id}/share"))
    for box in lene_parts.all():
        expect(box).to_be_checked()
    for box in peter_parts.all():
        expect(box).not_to_be_checked()
    expect(sara.get_by_test_id("stop-sharing")).to_be_visible()
    shot_if_asked(sara, "meetings-07-share-phone")
    sara.get_by_test_id("share-lene").locator("a[href*='/preview/']").click()
    expect(sara.get_by_test_id("preview-note")).to_be_visible()
    expect(sara.get_by_test_id("shared-preparation")).to_contain_text(going_well)
    expect(sara.get_by_test_id("shared-decisions")).to_contain_text(decision)
    shot_if_asked(sara, "meetings-08-preview-phone")

    # --- 4. Lene, at her desk: the meeting is new on her dashboard; she asks a question ------------------
    lene = console.watch("lene", new_page(new_desktop_context("lene")))
    login_as_demo(lene, base, "lene")
    lene.goto(base + "/people/")
    new_row = lene.get_by_test_id("new-shared").locator(f'a[href="/meetings/{meeting_id}"]')
    expect(new_row).to_be_visible()
    new_row.click()
    expect(lene).to_have_url(path_is(base, f"/meetings/{meeting_id}"))
    preparation = lene.get_by_test_id("shared-preparation")
    expect(preparation).to_contain_text(going_well)
    expect(preparation).to_contain_text(hard)
    for point in points:
        expect(preparation).to_contain_text(point)
    expect(lene.get_by_test_id("shared-decisions")).to_contain_text(decision)
    expect(lene.locator("main")).to_contain_text(place)
    expect(lene.get_by_test_id("receipt-form")).to_have_count(0)  # the meeting has not happened yet
    answer_block = preparation.locator(".answer", has_text=going_well)
    answer_block.locator("details.respond > summary").click()
    answer_block.locator("input[name=kind][value=question]").check()
    answer_block.locator("textarea[name=text]").fill(question)
    answer_block.locator("details.respond button[type=submit]").click()
    expect(lene).to_have_url(exactly_at(base, f"/meetings/{meeting_id}"))
    # her question is shown under the answer it asks about (issue 18.6), not in a list of its own
    expect(preparation.locator(".answer", has_text=going_well)).to_contain_text(question)
    # She cannot change Sara's words: no field on her page holds them.
    for text in (going_well, hard, decision):
        expect(lene.locator(f"textarea:has-text('{text}'), input[value='{text}']")).to_have_count(0)

    # --- 5. The meeting takes place (moved into the past in the database); Lene answers the receipt ------
    move_meeting_start(live_server, meeting_id, datetime.now(UTC) - timedelta(days=1))
    lene.reload()
    receipt_form = lene.get_by_test_id("receipt-form")
    expect(receipt_form).to_be_visible()
    item = receipt_form.locator(".receipt-item", has_text=decision)
    expect(item).to_have_count(1)
    item.locator("input[name=answer][value=not_followed]").check()
    item.locator("textarea[name=reason]").fill(reason)
    item.locator("button[type=submit]").click()
    expect(lene).to_have_url(re.compile("^" + re.escape(meeting_url) + "#receipt-"))
    # Her answer is an entry of the receipt now, with her name; the form is ready for a new one beside it.
    expect(item.get_by_test_id("receipt-entry-answer")).to_contain_text(reason)
    expect(item.get_by_test_id("receipt-entry-answer")).to_contain_text("Lene Holm")
    expect(item.locator("input[name=answer][value=not_followed]")).to_be_checked()
    expect(item.locator("textarea[name=reason]")).to_have_value("")

    # --- 6. Sara sees Lene's question and the receipt, and contests the answer ---------------------------
    sara.goto(meeting_url)
    expect(sara.locator("main")).to_contain_text(question)
    shot_if_asked(sara, "meetings-09-hub-with-response-phone")
    sara.get_by_test_id("receipt-link").click()
    expect(sara).to_have_url(path_is(base, f"/meetings/{meeting_id}/receipt"))
    receipt = sara.get_by_test_id("receipt-item").filter(has_text=decision)
    expect(receipt).to_have_count(1)
    expect(receipt).to_contain_text(reason)
    receipt.locator("details > summary").click()
    contest_box = receipt.get_by_test_id("contest-text")
    expect(contest_box).to_be_visible()
    contest_box.fill(contest)
    receipt.get_by_test_id("contest").click()
    expect(sara).to_have_url(re.compile("^" + re.escape(f"{meeting_url}/receipt") + "#item-"))
    expect(sara.get_by_test_id("receipt-item").filter(has_text=decision)).to_contain_text(contest)
    shot_if_asked(sara, "meetings-10-receipt-contested-phone")

    # --- 7. Lene sees the contest and answers it: Sara's words stay, the earlier answer one tap away ------
    lene.reload()
    expect(lene.get_by_test_id("receipt-form")).to_contain_text(contest)
    item = lene.get_by_test_id("receipt-form").locator(".receipt-item", has_text=decision)
    item.locator("input[name=answer][value=partly]").check()
    item.locator("textarea[name=reason]").fill(second_reason)
    item.locator("button[type=submit]").click()
    expect(item.get_by_test_id("receipt-entry-answer").first).to_contain_text(second_reason)
    sara.reload()
    receipt = sara.get_by_test_id("receipt-item").filter(has_text=decision)
    expect(receipt).to_contain_text(second_reason)
    expect(receipt.get_by_test_id("receipt-earlier")).to_contain_text(contest)  # kept, one tap away
    receipt.get_by_test_id("receipt-earlier").locator("summary").click()
    expect(receipt.get_by_test_id("receipt-earlier")).to_contain_text(reason)
    shot_if_asked(sara, "meetings-10b-receipt-thread-phone")

    # --- 8. Sara withdraws all sharing; Lene loses the content at once -----------------------------------
    sara.goto(f"{meeting_url}/share")
    sara.get_by_test_id("stop-sharing").click()
    expect(sara).to_have_url(path_is(base, f"/meetings/{meeting_id}/share"))
    for box in lene_parts.all():
        expect(box).not_to_be_checked()
    expect(sara.get_by_test_id("stop-sharing")).to_have_count(0)

    console.allowed_404_prefix = meeting_url  # the page itself and its signals poll may now answer 404
    after_withdrawal = lene.reload()
    assert after_withdrawal is not None
    withdrawal_status = after_withdrawal.status
    main = lene.locator("main")
    expect(main).to_be_visible()
    _expect_none_of(main, [*sara_texts, question, reason, second_reason])
    assert not any(text in after_withdrawal.text() for text in [*sara_texts, question, reason, second_reason]), \
        "something Sara wrote (or said in answer to it) is still in the HTML after she stopped sharing"
    # Lene takes part in the meeting, but seeing even its time and place is something Sara shares: withdrawn,
    # the meeting is gone for her.
    assert withdrawal_status == 404, withdrawal_status
    shot_if_asked(lene, "meetings-12-lene-after-withdrawal-desktop")
    # Nor does anything of it stay in her notifications.
    lene.goto(base + "/notifications/")
    _expect_none_of(lene.locator("main"), [*sara_texts, reason, second_reason])

    # --- 9. Sara's "who has seen what" lists Lene's visit ------------------------------------------------
    sara.goto(base + "/")
    sara.get_by_test_id("seen-link").click()
    expect(sara).to_have_url(path_is(base, "/seen/"))
    seen = sara.get_by_test_id("seen-list")
    expect(seen.locator("li", has_text="Lene Holm").first).to_be_visible()
    expect(seen.locator(f'li:has-text("Lene Holm") a[href="/meetings/{meeting_id}"]').first).to_be_visible()
    shot_if_asked(sara, "meetings-11-seen-phone")

    # --- no console errors or uncaught exceptions on either screen ---------------------------------------
    assert console.problems == [], "\n".join(console.problems)
