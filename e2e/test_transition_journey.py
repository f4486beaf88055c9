"""My plan for adult life in a real browser (issue 19.1 and 19.5): Mads, 17.7 and on a 412 px phone, opens his plan
from the start page, sets a housing goal in his own words, adds a next step and takes it, adds the one after it,
ticks off a practical thing, shares the plan with Lene (who sees it on her desktop), and prepares the meeting about
moving to adult life with it: one tap and his housing goal is one of his points, one more and his housing wishes are
too. Then he prints a page of what he has achieved (the portfolio) with the step he took. Runs once per database
backend."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .support import ContextFactory, LiveServer, danish, exactly_at, login_as_demo, shot_if_asked, unique_tag

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]


def test_transition_plan_journey(
    live_server: LiveServer, new_desktop_context: ContextFactory, new_phone_context: ContextFactory, new_page: NewPage
) -> None:
    base = live_server.url
    tag = unique_tag()
    goal, first_step, next_step = f"Min egen lejlighed i Roskilde {tag}", f"Ring til boligforeningen {tag}", (
        f"Skriv mig op til en ungdomsbolig {tag}")

    page = new_page(new_phone_context("mads"))
    assert page.viewport_size is not None and page.viewport_size["width"] == 412
    login_as_demo(page, base, "mads")

    # From 17½ the start page offers the plan.
    page.goto(base + "/")
    page.get_by_test_id("open-plan").click()
    expect(page).to_have_url(exactly_at(base, "/transition/"))
    expect(page.get_by_test_id("milestones").get_by_test_id("milestone-turns_18")).to_be_visible()

    # A housing goal in his own words; back on the plan.
    page.locator("[data-testid=set-goal-housing], [data-testid=change-goal-housing]").first.click()
    page.get_by_test_id("goal-form").get_by_role("textbox").fill(goal)
    page.get_by_test_id("save-goal").click()
    expect(page).to_have_url(exactly_at(base, "/transition/"))
    housing = page.get_by_test_id("plan-area-housing")
    expect(housing.get_by_test_id("plan-goal")).to_have_text(goal)

    # A next step, taken ("I did it!"), and the one after it.
    for text in (first_step, next_step):
        housing.get_by_test_id("add-step-housing").click()
        form = page.get_by_test_id("step-form")
        expect(form.locator("input[type=checkbox]")).to_be_checked()  # from the plan: a next step
        form.get_by_role("textbox").first.fill(text)
        form.locator("button[type=submit]").last.click()
        expect(page).to_have_url(exactly_at(base, "/transition/"))
        expect(housing.get_by_test_id("plan-steps-housing")).to_contain_text(text)
        if text == first_step:
            housing.locator("li").filter(has_text=first_step).get_by_test_id("plan-step-done").click()
            expect(housing.get_by_test_id("plan-steps-housing")).not_to_contain_text(first_step)

    # A practical thing ticked off.
    page.get_by_test_id("tick-bank").click()
    expect(page.get_by_test_id("tick-bank")).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("checklist-count")).to_contain_text("1 af 6")
    shot_if_asked(page, "transition-plan-412")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(base + "/transition/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    shot_if_asked(page, "transition-plan-320")
    page.set_viewport_size({"width": 412, "height": 839})

    # He shares the plan with Lene, who sees it on her desktop.
    page.goto(base + "/transition/")
    page.get_by_test_id("share-plan").click()
    expect(page).to_have_url(exactly_at(base, "/transition/share"))
    page.get_by_test_id("share-lene").check()
    page.get_by_test_id("save-share").click()
    expect(page.get_by_test_id("share-lene")).to_be_checked()
    lene = new_page(new_desktop_context("lene"))
    login_as_demo(lene, base, "lene")
    lene.goto(base + "/people/")
    lene.get_by_role("link", name="Mads", exact=True).first.click()
    lene.get_by_test_id("open-transition").click()
    seen = lene.get_by_test_id("plan-area-housing")
    expect(seen.get_by_test_id("plan-goal")).to_have_text(goal)
    expect(seen).to_contain_text(next_step)
    expect(lene.get_by_test_id("change-goal-housing")).to_have_count(0)  # his to change, not Lene's
    shot_if_asked(lene, "transition-lene-desktop")

    # His housing wishes, in his words: the first question is enough to bring them to the meeting.
    page.goto(base + "/housing/")
    page.get_by_test_id("start-housing").click()
    page.get_by_test_id("kind-youth_housing").check()
    page.get_by_test_id("next").click()
    page.get_by_test_id("answer-town").fill(f"Roskilde {tag}")
    page.get_by_test_id("next").click()
    expect(page).to_have_url(exactly_at(base, "/housing/ask/with_whom"))

    # He prepares the meeting about moving to adult life with his plan: one tap, one point.
    page.goto(base + "/meetings/")
    page.get_by_test_id("meeting-card").filter(
        has_text=danish("Meeting about moving to adult life").danish or "").first.click()
    expect(page.get_by_test_id("prepare")).to_be_visible()
    page.goto(page.url.split("#")[0].rstrip("/") + "/prepare/points")
    page.get_by_test_id("bring-plan").click()
    offer = page.get_by_test_id("offer-area-housing")
    expect(offer).to_contain_text(goal)
    offer.get_by_test_id("add-offer").click()
    expect(page.get_by_test_id("offer-area-housing").get_by_test_id("offer-added")).to_be_visible()
    shot_if_asked(page, "transition-prepare-412")
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    shot_if_asked(page, "transition-prepare-320")
    page.set_viewport_size({"width": 412, "height": 839})
    housing_wishes = page.get_by_test_id("offer-housing")
    expect(housing_wishes).to_contain_text(f"Roskilde {tag}")
    housing_wishes.get_by_test_id("add-offer").click()
    expect(page.get_by_test_id("offer-housing").get_by_test_id("offer-added")).to_be_visible()
    page.get_by_test_id("back-to-points").click()
    points = page.get_by_test_id("points").locator("input")
    expect(points.first).to_have_value(re.compile(r"^Bolig: mit mål er: " + re.escape(goal) + r"\. Næste skridt: "))
    values = [points.nth(i).input_value() for i in range(points.count())]
    assert any(goal in value and next_step in value and first_step not in value for value in values), values
    assert any(f"Roskilde {tag}" in value for value in values), values

    # What he has achieved, on a page he can print for a landlord: he picks the step he took.
    page.goto(base + "/account/portfolio")
    form = page.get_by_test_id("portfolio-form")
    form.locator("label").filter(has_text=first_step).locator("input").check()
    form.get_by_test_id("portfolio-show").click()
    expect(page.get_by_test_id("portfolio")).to_contain_text(first_step)
    expect(page.get_by_test_id("portfolio")).not_to_contain_text(next_step)  # not taken yet, not picked
    expect(page.get_by_test_id("portfolio-print")).to_be_visible()
