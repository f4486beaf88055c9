"""The network and small-steps journey in a real browser: a young person on a phone maps four people, marks
one further away as asked, logs steps and ratings on three dates, sees the chart, and shares both with their
professional, who sees the same picture on a desktop. Runs once per database backend (see `live_server`)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .support import (
    ContextFactory,
    LiveServer,
    add_virtual_authenticator,
    birth_date_years_ago,
    invite_young_person,
    login_as_demo,
    path_is,
    register_with_invite,
)

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]
PEOPLE = (  # name, relation, circle, what they could help with
    ("Emma", "friend", "inner", ("talk", "company")),
    ("Mormor", "family", "middle", ("talk",)),
    ("Søren", "coach_teacher", "outer", ("school_work",)),
    ("Birthe", "neighbour", "outer", ("practical",)),
)


def _at(base: str, path: str) -> re.Pattern[str]:
    """This path on the live server, with or without a query string or a #fragment."""
    return re.compile("^" + re.escape(base + path) + r"(\?[^#]*)?(#.*)?$")


def _picture(page: Page) -> dict[str, tuple[str, bool]]:
    """Who the network picture shows: name -> (circle, could be asked)."""
    groups = page.locator("svg.netmap g.person")
    drawn = {}
    for index in range(groups.count()):
        group = groups.nth(index)
        name = group.locator("text.person-name").text_content() or ""
        drawn[name] = (group.get_attribute("data-circle") or "", "could-ask" in (group.get_attribute("class") or ""))
    return drawn


def _chart_points(page: Page, area: str) -> list[tuple[str, str]]:
    dots = page.locator(f"svg#chart-{area} circle.rating-point")
    return [(dots.nth(i).get_attribute("data-day") or "", dots.nth(i).get_attribute("data-value") or "")
            for i in range(dots.count())]


def _add_person(page: Page, base: str, name: str, relation: str, circle: str, helps: tuple[str, ...]) -> None:
    page.get_by_test_id("add-person").click()
    expect(page).to_have_url(path_is(base, "/network/add"))
    page.locator("#name").fill(name)
    page.get_by_test_id(f"relation-{relation}").check()
    page.get_by_test_id(f"circle-{circle}").check()
    for kind in helps:
        page.get_by_test_id(f"helps-{kind}").check()
    page.get_by_test_id("save-person").click()
    expect(page).to_have_url(_at(base, "/network/"))


def _log_step(page: Page, base: str, area: str, text: str, day: date) -> None:
    page.get_by_test_id("log-step").click()
    expect(page).to_have_url(path_is(base, "/steps/log"))
    page.locator("#area").select_option(area)
    page.locator("#text").fill(text)
    page.locator("#day").fill(day.isoformat())
    page.get_by_test_id("save-step").click()
    expect(page).to_have_url(_at(base, "/steps/"))


def _rate(page: Page, base: str, day: date, values: dict[str, int]) -> None:
    page.get_by_test_id("rate-areas").click()
    expect(page).to_have_url(path_is(base, "/steps/rate"))
    page.locator("#day").fill(day.isoformat())
    for area, value in values.items():
        page.get_by_test_id(f"rate_{area}").fill(str(value))
    page.get_by_test_id("save-ratings").click()
    expect(page).to_have_url(_at(base, "/steps/"))


def _share_with_lene(page: Page, base: str, scope: str) -> None:
    page.goto(f"{base}/{scope}/share")
    page.get_by_test_id("share-lene").check()
    page.get_by_test_id("save-share").click()
    expect(page).to_have_url(_at(base, f"/{scope}/share"))
    expect(page.get_by_test_id("share-lene")).to_be_checked()


def test_network_and_steps_journey(live_server: LiveServer, new_desktop_context: ContextFactory,
                                   new_phone_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    name = f"Ida {secrets.token_hex(3).upper()}"

    # Lene invites a young person; the young person makes a passkey on their phone.
    lene = new_page(new_desktop_context("lene"))
    login_as_demo(lene, base, "lene")
    invite_url = invite_young_person(lene, base, name, birth_date_years_ago(16.5))
    phone = new_phone_context("phone")
    page = new_page(phone)
    add_virtual_authenticator(phone, page)
    register_with_invite(page, base, invite_url)
    page.get_by_test_id("codes-done").click()
    expect(page).to_have_url(path_is(base, "/"))

    # My network: four people, seen in the picture in their own circles.
    page.get_by_test_id("network-link").click()
    expect(page).to_have_url(_at(base, "/network/"))
    for person in PEOPLE:
        _add_person(page, base, *person)
    expect(page.locator("svg.netmap g.person")).to_have_count(4)
    assert _picture(page) == {n: (circle, False) for n, _relation, circle, _helps in PEOPLE}
    expect(page.get_by_test_id("network-person")).to_have_count(4)

    # Søren, further away, could be asked: I asked him.
    soren = page.get_by_test_id("network-person").filter(has_text="Søren")
    soren.get_by_test_id("ask-person").click()
    page.get_by_test_id("status-asked").check()
    page.locator("#note").fill("Jeg spurgte, om han kender nogen med et fritidsjob.")
    page.get_by_test_id("save-ask").click()
    expect(page).to_have_url(_at(base, "/network/"))
    expect(page.locator("svg.netmap g.person.could-ask")).to_have_count(1)
    assert _picture(page)["Søren"] == ("outer", True)
    expect(soren.get_by_test_id("ask-status")).to_be_visible()
    mine = _picture(page)

    # How my network has grown: everyone was added this month, so only "now" (in Danish: "nu").
    page.get_by_test_id("growth-link").click()
    expect(page).to_have_url(_at(base, "/network/growth"))
    expect(page.get_by_test_id("growth-everyone")).to_contain_text("4 nu")
    expect(page.get_by_test_id("growth-talk")).to_contain_text("2 nu")
    expect(page.locator("svg.growth-chart rect.growth-bar.help-talk")).to_have_attribute("data-count", "2")

    # My small steps on three dates, with ratings, typed into the forms.
    page.goto(base + "/")
    page.get_by_test_id("steps-link").click()
    expect(page).to_have_url(_at(base, "/steps/"))
    today = date.today() - timedelta(days=1)
    days = [today - timedelta(days=60), today - timedelta(days=30), today]
    for day, (housing, school), text in zip(days, ((3, 4), (5, 4), (7, 6)), (
            "Jeg skrev mig op til en ungdomsbolig", "Jeg så en lejlighed", "Jeg fik et svar fra boligforeningen"),
            strict=True):
        _log_step(page, base, "housing", text, day)
        _rate(page, base, day, {"housing": housing, "school_work": school})
    expected = [(days[0].isoformat(), "3"), (days[1].isoformat(), "5"), (days[2].isoformat(), "7")]
    assert _chart_points(page, "housing") == expected
    assert [value for _day, value in _chart_points(page, "school_work")] == ["4", "4", "6"]
    expect(page.get_by_test_id("latest-housing")).to_contain_text("7")
    expect(page.get_by_test_id("achieved").locator("li")).to_have_count(3)

    # Share both with Lene.
    _share_with_lene(page, base, "network")
    _share_with_lene(page, base, "steps")

    # Lene, on her desktop, finds them on the young person's page and sees the same picture and chart.
    lene.goto(base + "/people/")
    lene.get_by_role("link", name=name).first.click()
    lene.get_by_test_id("open-network").click()
    expect(lene.locator("svg.netmap g.person")).to_have_count(4)
    assert _picture(lene) == mine
    expect(lene.get_by_text("Jeg spurgte, om han kender nogen med et fritidsjob.")).to_be_visible()
    lene.get_by_test_id("growth-link").click()
    expect(lene.get_by_test_id("growth-talk")).to_contain_text("2 nu")
    lene.go_back()
    lene.go_back()
    lene.get_by_test_id("open-steps").click()
    assert _chart_points(lene, "housing") == expected
    expect(lene.get_by_test_id("achieved").locator("li")).to_have_count(3)

    # Her visits are on the young person's "who has seen what".
    page.goto(base + "/seen/")
    expect(page.get_by_test_id("seen-list").locator("li")).to_have_count(2)  # (the growth page is her network too)
