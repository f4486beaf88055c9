"""Typed text is never thrown away, in Chromium on a 412 px phone: a point, a wish, a note and a next step typed in
their add box but never added are kept when the page's main button is tapped (with JavaScript through the
outbox, and without it by the form itself), exactly once; and "Next" tapped while an autosave is still on its
way waits for it and moves on, without ever saying "not sent … when you are online" while the phone is online."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, Request, Route, expect

from .a11y import check_axe
from .support import RESULTS_DIR, ContextFactory, LiveServer, login_as_demo, path_is

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]
PHONE_412 = {"viewport": {"width": 412, "height": 915}}
OFFLINE_WORDS = "når du er online"  # in each Danish "not sent yet / waiting … when you are online" message

# Everything the autosave status line and the outbox panel say, reported to the test as it is said (the
# binding outlives the page, so what was said just before "Next" navigated away is kept).
LISTEN = """() => {
  for (const selector of ["[data-autosave-status]", "[data-outbox]"]) {
    const el = document.querySelector(selector);
    if (!el) continue;
    const tell = () => window.yvSaid(selector + ": " + (el.hidden ? "" : el.textContent));
    new MutationObserver(tell).observe(el, {childList: true, characterData: true, subtree: true, attributes: true});
  }
}"""


def _shot(page: Page, name: str) -> None:
    """A full-page screenshot under test-results/ when E2E_SCREENSHOTS is set (for looking at the pages)."""
    if os.environ.get("E2E_SCREENSHOTS"):
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(RESULTS_DIR / f"typed-{name}.png"), full_page=True)


def _meeting_of_sara(page: Page, base: str) -> str:
    """Sara's next meeting (the demo has one coming up), asked with her log-in (works without page scripts)."""
    response = page.request.get(base + "/api/v1/meetings")
    assert response.ok, response.status
    return str(response.json()["upcoming"][0]["id"])


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_what_is_typed_in_an_add_box_is_kept_by_the_main_button(live_server: LiveServer,
                                                                 new_phone_context: ContextFactory,
                                                                 new_page: NewPage, javascript: bool) -> None:
    base, tag = live_server.url, secrets.token_hex(3).upper()
    page = new_page(new_phone_context("sara", java_script_enabled=javascript, **PHONE_412))
    login_as_demo(page, base, "sara")
    meeting_id = _meeting_of_sara(page, base)
    prepare = f"/meetings/{meeting_id}/prepare"
    api_posts: list[str] = []
    page.on("request", lambda request: api_posts.append(request.url) if request.method == "POST"
            and "/api/v1/meetings/" in request.url else None)

    # A point typed, "Add point" never tapped: "Next" takes it along.
    point, wish = f"Min lommepengeaftale {tag}", f"Jeg vil selv vælge min skole {tag}"
    page.goto(base + prepare + "/points")
    page.get_by_test_id("new-point").fill(point)
    _shot(page, f"points-typed-{'js' if javascript else 'nojs'}")
    if javascript:  # the screens changed shape (one form each): still WCAG 2.1 A/AA
        check_axe(page, context_label="points screen, one form")
    page.get_by_test_id("next").click()
    expect(page).to_have_url(path_is(base, prepare + "/decisions"))
    # The same for a wish (chosen as a decision) on the next screen.
    page.get_by_test_id("new-decision").fill(wish)
    page.get_by_test_id("status-decision").check()
    if javascript:
        check_axe(page, context_label="wishes and decisions screen, one form")
    page.get_by_test_id("next").click()
    expect(page).to_have_url(path_is(base, prepare + "/people"))

    # On the summary, once, and still once after a reload.
    page.goto(f"{base}/meetings/{meeting_id}/summary")
    for _ in range(2):
        html = page.content()
        assert html.count(point) == 1, point
        assert html.count(wish) == 1, wish
        page.reload()
    if javascript:  # it went through the outbox (to the API, under the form's key), then the form followed
        assert any(url.endswith(f"/api/v1/meetings/{meeting_id}/points") for url in api_posts), api_posts
        assert any(url.endswith(f"/api/v1/meetings/{meeting_id}/decisions") for url in api_posts), api_posts
        assert page.evaluate("window.yvOutbox.pending().then(rows => rows.length)") == 0
    else:
        assert api_posts == []

    page.goto(base + prepare + "/points")
    expect(page.get_by_test_id("points").locator(f"input[value='{point}']")).to_have_count(1)
    expect(page.get_by_test_id("new-point")).to_have_value("")
    page.goto(base + prepare + "/decisions")
    expect(page.get_by_test_id("decisions").locator("textarea", has_text=wish)).to_have_count(1)
    expect(page.get_by_test_id("decisions").locator("li", has_text=wish).locator("select")).to_have_value("decision")

    # During the meeting: a note typed but not noted goes along with "The meeting is over".
    note = f"Lene ringer til mig fredag {tag}"
    page.goto(f"{base}/meetings/{meeting_id}/during/")
    page.get_by_test_id("note").fill(note)
    _shot(page, f"during-typed-{'js' if javascript else 'nojs'}")
    if javascript:
        check_axe(page, context_label="during the meeting")
    page.get_by_test_id("meeting-over").click()
    expect(page).to_have_url(path_is(base, f"/meetings/{meeting_id}/after"))
    page.goto(f"{base}/meetings/{meeting_id}/during/")
    expect(page.locator("#notes li", has_text=note)).to_have_count(1)

    # After the meeting: a next step typed below "Save" is added by "Save" (and the account above it saved).
    step, decided = f"Søge en lejlighed {tag}", f"Jeg flytter til sommer {tag}"
    page.goto(f"{base}/meetings/{meeting_id}/after")
    page.get_by_test_id("after-decided").fill(decided)
    page.get_by_test_id("step-what").fill(step)
    if javascript:
        check_axe(page, context_label="after the meeting, one form")
    page.get_by_test_id("save-after").click()
    expect(page).to_have_url(path_is(base, f"/meetings/{meeting_id}/after"))
    expect(page.locator("#next-steps li", has_text=step)).to_have_count(1)
    expect(page.get_by_test_id("after-decided")).to_have_value(decided)
    expect(page.get_by_test_id("step-what")).to_have_value("")


def test_next_while_an_autosave_is_in_flight_waits_for_it_and_moves_on(live_server: LiveServer,
                                                                       new_phone_context: ContextFactory,
                                                                       new_page: NewPage) -> None:
    base, tag = live_server.url, secrets.token_hex(3).upper()
    context = new_phone_context("sara", **PHONE_412)
    page = new_page(context)
    said: list[str] = []
    page.expose_binding("yvSaid", lambda _source, text: said.append(text))
    login_as_demo(page, base, "sara")
    meeting_id = _meeting_of_sara(page, base)
    sync = re.compile(re.escape(f"{base}/api/v1/meetings/{meeting_id}/preparation") + "$")

    # The first autosave's request is held on its way (a slow network), until the test lets it go.
    held: list[Route] = []
    sent: list[Request] = []

    def slow_first_save(route: Route) -> None:
        if route.request.method == "PUT" and not held:
            held.append(route)
            return
        sent.append(route.request)
        route.continue_()

    page.route(sync, slow_first_save)
    page.goto(f"{base}/meetings/{meeting_id}/prepare/hard")
    page.wait_for_load_state("domcontentloaded")
    page.evaluate(LISTEN)
    answer = f"Det er svært at sove om natten {tag}"
    page.get_by_test_id("answer-hard").fill(answer)
    for _ in range(50):  # the autosave goes 0.7 s after typing
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the autosave did not start"
    page.get_by_test_id("next").click()  # well within 0.3 s of the autosave leaving
    page.wait_for_timeout(300)
    held[0].continue_()  # the slow answer arrives

    expect(page).to_have_url(path_is(base, f"/meetings/{meeting_id}/prepare/points"))
    _shot(page, "after-next-in-flight")
    assert not [text for text in said if OFFLINE_WORDS in text], said
    stored = page.evaluate(f"fetch('/api/v1/meetings/{meeting_id}/preparation').then(r => r.json())")
    answers = {q["key"]: q["answer"] for step in stored["steps"] for q in step["questions"]}
    assert answers["hard"] == answer
    assert page.evaluate("window.yvOutbox.pending().then(rows => rows.length)") == 0
    page.goto(f"{base}/meetings/{meeting_id}/prepare/hard")
    expect(page.get_by_test_id("answer-hard")).to_have_value(answer)


def test_a_point_typed_without_a_connection_waits_in_the_outbox_and_is_sent_once(live_server: LiveServer,
                                                                                   new_phone_context: ContextFactory,
                                                                                   new_page: NewPage) -> None:
    base, tag = live_server.url, secrets.token_hex(3).upper()
    context = new_phone_context("sara", **PHONE_412)
    page = new_page(context)
    login_as_demo(page, base, "sara")
    meeting_id = _meeting_of_sara(page, base)
    points_url = f"/meetings/{meeting_id}/prepare/points"
    page.goto(base + points_url)
    page.wait_for_load_state("domcontentloaded")

    # No signal: "Next" keeps the point on the phone, stays, and says so; the box is free for the next one.
    point = f"Hvem jeg kan ringe til om natten {tag}"
    context.set_offline(True)
    page.get_by_test_id("new-point").fill(point)
    page.get_by_test_id("next").click()
    status = page.locator("[data-autosave-status]")
    expect(status).to_contain_text(OFFLINE_WORDS)
    expect(page).to_have_url(path_is(base, points_url))
    expect(page.get_by_test_id("outbox-entry")).to_have_count(1)
    expect(page.get_by_test_id("outbox")).to_contain_text(point)
    expect(page.get_by_test_id("new-point")).to_have_value("")

    # Online again: sent by itself, and "Next" then moves on without sending it a second time.
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_test_id("outbox")).to_be_hidden()
    page.get_by_test_id("next").click()
    expect(page).to_have_url(path_is(base, f"/meetings/{meeting_id}/prepare/decisions"))
    page.goto(f"{base}/meetings/{meeting_id}/summary")
    assert page.content().count(point) == 1
