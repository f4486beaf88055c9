"""The youth council journey in a real browser: a member proposes on her phone (the draft saved as she types),
two other members support and comment, the coordinator runs a vote on her desktop, five members vote on their
phones (the proposal discussed by itself once it had the supports the coordinator asked for, and a comment flagged
to her and left), the result picture shows, the coordinator posts an update and the supporters see it, as a
notification and on the cause. Then the coordinator sends the chosen cause to a committee, sets its progress and a
milestone, the committee's respondent posts the official answer, and a citizen reads it all on the cause's own
public page. Runs once per database backend (see `live_server`)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .support import ContextFactory, LiveServer, danish, login_as_demo, path_is

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]
CAUSE_PATH = re.compile(r"/council/causes/([0-9a-f-]{36})$")


def _translated(msgid: str) -> str:
    text = danish(msgid).danish
    assert text, f"no Danish for {msgid!r}"
    return text


def _member(new_phone_context: ContextFactory, new_page: NewPage, base: str, name: str) -> Page:
    page = new_page(new_phone_context(name))
    login_as_demo(page, base, name)
    return page


def _propose(page: Page, base: str, title: str) -> str:
    """Two short steps on a phone; returns the cause's address."""
    page.get_by_test_id("nav-council").click()
    expect(page).to_have_url(path_is(base, "/council/"))
    page.get_by_test_id("propose").click()
    expect(page.get_by_test_id("step-1")).to_be_visible()
    page.wait_for_load_state("domcontentloaded")  # council.js (deferred) listens from then on
    page.locator("#title").fill(title)
    # Saved as typed: the first save makes a private draft, and the page now belongs to it.
    expect(page.locator("[data-autosave-status]")).to_have_text(_translated("Draft saved. Only you can see it."))
    expect(page).to_have_url(re.compile(r"/council/causes/[0-9a-f-]{36}/step-1$"))
    page.locator("#change").fill("Flere cykelstativer med tag ved skolerne, så cyklerne ikke ruster.")
    page.get_by_test_id("step1-next").click()
    expect(page.get_by_test_id("step-2")).to_be_visible()
    page.locator("#why").fill("Mange cykler til skole, og der er ikke plads. Cyklerne står i regnen.")
    page.locator("#category").select_option("transport")
    page.get_by_test_id("submit-proposal").click()
    expect(page).to_have_url(CAUSE_PATH)
    expect(page.get_by_test_id("cause-title")).to_have_text(title)
    cause_url = page.url
    # Shared, so no longer among her private drafts, and the autosave left no second draft behind.
    page.goto(base + "/council/")
    expect(page.get_by_test_id("drafts").get_by_text(title)).to_have_count(0)
    return cause_url


def _support_and_comment(page: Page, cause_url: str, text: str, supporters: int) -> None:
    page.goto(cause_url)
    page.get_by_test_id("support").click()
    expect(page.get_by_test_id("unsupport")).to_be_visible()
    expect(page.get_by_test_id("support-count")).to_contain_text(str(supporters))
    page.locator("#text").fill(text)
    page.get_by_test_id("post-comment").click()
    expect(page.get_by_test_id("comment-text").filter(has_text=text)).to_be_visible()


def _vote(page: Page, base: str, title: str) -> None:
    page.goto(base + "/council/")
    page.get_by_test_id("vote-banner").get_by_test_id("go-vote").click()
    expect(page).to_have_url(re.compile(r"/council/rounds/[0-9a-f-]{36}$"))
    page.wait_for_load_state("domcontentloaded")
    page.get_by_label(title, exact=True).fill("3")
    expect(page.locator("[data-votes-left]")).to_contain_text("0")
    page.get_by_test_id("cast-votes").click()
    expect(page.get_by_test_id("voted")).to_be_visible()


def test_council_journey(live_server: LiveServer, new_desktop_context: ContextFactory,
                         new_phone_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    title = f"Cykelstativer med tag {secrets.token_hex(2).upper()}"

    # A member proposes on her phone.
    amira = _member(new_phone_context, new_page, base, "amira")
    cause_url = _propose(amira, base, title)

    # The coordinator, on her desktop, lands on her start page with what waits for her, and lets two supports
    # start a proposal's discussion by themselves.
    karina = new_page(new_desktop_context("karina"))
    login_as_demo(karina, base, "karina")
    expect(karina).to_have_url(re.compile(r"/council/$"))
    expect(karina.get_by_test_id("waiting")).to_be_visible()
    karina.goto(base + "/council/settings")
    karina.locator("#support_threshold").fill("2")
    karina.get_by_test_id("save-settings").click()
    expect(karina.locator("#support_threshold")).to_have_value("2")

    # Two other members support it and comment, one of them in reply; the second support starts the discussion.
    freja = _member(new_phone_context, new_page, base, "freja")
    _support_and_comment(freja, cause_url, "Godt forslag! Min cykel står altid i regnen.", supporters=1)
    expect(freja.get_by_test_id("status-badge").first).to_have_attribute("data-status", "submitted")
    oliver = _member(new_phone_context, new_page, base, "oliver")
    _support_and_comment(oliver, cause_url, "Enig, og gerne med lys.", supporters=2)
    expect(oliver.get_by_test_id("status-badge").first).to_have_attribute("data-status", "discussing")
    oliver.get_by_test_id("reply-toggle").first.click()
    oliver.get_by_test_id("reply-text").first.fill("Ja, også ved hallen.")
    oliver.get_by_test_id("post-reply").first.click()
    expect(oliver.get_by_test_id("comment-text").filter(has_text="Ja, også ved hallen.")).to_be_visible()

    # Amira asks the coordinator to look at a comment; the coordinator sees why (not who) and leaves it.
    amira.goto(cause_url)
    flagged = amira.get_by_test_id("comment").filter(has_text="Enig, og gerne med lys.").first
    flagged.get_by_test_id("flag-toggle").first.click()
    flagged.get_by_test_id("flag-reason").first.fill("Er det ikke for dyrt?")
    flagged.get_by_test_id("flag-comment").first.click()
    expect(amira.get_by_test_id("flagged-by-me")).to_be_visible()
    karina.goto(base + "/council/")
    karina.get_by_test_id("waiting-flagged").click()
    expect(karina.get_by_test_id("flag-note")).to_contain_text("Er det ikke for dyrt?")
    expect(karina.get_by_test_id("flag-note")).not_to_contain_text("Amira")
    karina.get_by_test_id("leave-comment").click()
    expect(karina.get_by_test_id("flag-note")).to_have_count(0)

    # The coordinator opens a vote.
    karina.get_by_test_id("nav-council").click()
    karina.get_by_test_id("start-round").click()
    first_day = karina.locator("#starts_on").input_value()
    karina.locator("#ends_on").fill(first_day)  # a vote of one day
    karina.locator("#votes_per_member").fill("3")
    karina.locator("#choose_count").fill("1")
    ballot = karina.get_by_test_id("round-causes")
    expect(ballot.get_by_role("checkbox", checked=True)).to_have_count(0)  # nothing is ticked for her
    ballot.get_by_label(title, exact=True).check()
    ballot.get_by_role("checkbox", checked=False).first.check()
    karina.get_by_test_id("open-round").click()
    expect(karina).to_have_url(re.compile(r"/council/rounds/[0-9a-f-]{36}$"))
    round_url = karina.url

    # Members vote on their phones: five of them, the fewest whose votes make a result (COUNCIL_MIN_VOTERS).
    for member in (amira, freja, oliver):
        _vote(member, base, title)
    for name in ("yasmin", "lukas"):
        _vote(_member(new_phone_context, new_page, base, name), base, title)

    # The coordinator ends the vote; the result shows as a bar picture with its numbers.
    karina.goto(round_url)
    expect(karina.get_by_test_id("turnout")).to_contain_text("5")
    karina.get_by_test_id("end-round").click()
    expect(karina.get_by_test_id("results")).to_be_visible()
    row = karina.get_by_test_id("result-row").filter(has_text=title)
    expect(row.get_by_test_id("chosen-badge")).to_be_visible()
    expect(row.get_by_test_id("result-votes")).to_contain_text("15")
    expect(row.locator("rect.bar-fill")).to_have_attribute("width", "100")
    freja.goto(round_url)
    expect(freja.get_by_test_id("result-row").filter(has_text=title).get_by_test_id("chosen-badge")).to_be_visible()

    # The coordinator posts an update on the chosen cause.
    update = "Vi har fået et møde med Teknik- og Miljøudvalget."
    karina.goto(cause_url)
    expect(karina.get_by_test_id("status-badge").first).to_have_attribute("data-status", "chosen")
    karina.get_by_test_id("add-update-toggle").click()
    karina.locator("#update-kind").select_option("meeting")
    karina.locator("#update-text").fill(update)
    karina.get_by_test_id("post-update").click()
    expect(karina.get_by_test_id("timeline")).to_contain_text(update)

    # A supporter sees it: a notification naming the cause (the list is behind log-in; a push never names it)
    # that leads to the cause, and the update on it.
    label = _translated("There is news on “%(name)s”") % {"name": title}
    for supporter in (freja, oliver):
        supporter.goto(base + "/council/")
        expect(supporter.get_by_test_id("nav-notifications").locator(".count-badge")).to_be_visible()
        supporter.get_by_test_id("nav-notifications").click()
        item = supporter.get_by_test_id("notifications").locator("li").filter(has_text=label).first
        expect(item).to_be_visible()
        item.get_by_role("button").click()
        expect(supporter).to_have_url(cause_url)
        expect(supporter.get_by_test_id("timeline")).to_contain_text(update)

    # The coordinator sends the chosen cause to a committee, sets how far it has come and plans a milestone.
    karina.goto(cause_url)
    karina.get_by_test_id("send-committee-toggle").click()
    karina.locator("#send-committee_id").select_option(label="Teknik- og Miljøudvalget")
    karina.get_by_test_id("send-committee").click()
    expect(karina.get_by_test_id("committee")).to_contain_text("Teknik- og Miljøudvalget")
    karina.get_by_test_id("progress-toggle").click()
    karina.locator("#progress-progress").fill("30")
    karina.get_by_test_id("save-progress").click()
    expect(karina.get_by_test_id("progress")).to_contain_text("30")
    karina.get_by_test_id("milestone-toggle-form").click()
    karina.locator("#milestone-title").fill("Møde med udvalget")
    karina.locator("#milestone-due_on").fill(first_day)
    karina.get_by_test_id("add-milestone").click()
    expect(karina.get_by_test_id("milestone")).to_contain_text("Møde med udvalget")

    # The committee's respondent, told on her phone, posts the official answer; it is all she can do here.
    answer = "Udvalget siger ja: der kommer cykelstativer med tag ved tre skoler til sommer."
    birgit = _member(new_phone_context, new_page, base, "birgit")
    expect(birgit).to_have_url(path_is(base, "/council/answers/"))
    expect(birgit.get_by_test_id("nav-notifications").locator(".count-badge")).to_be_visible()
    birgit.get_by_test_id("answer-list").get_by_role("link", name=title).click()
    birgit.locator("#text").fill(answer)
    birgit.get_by_test_id("post-official-answer").click()
    expect(birgit.get_by_test_id("official-answer")).to_have_text(answer)
    expect(birgit.get_by_test_id("nav-council")).to_have_count(0)
    assert birgit.goto(cause_url).status == 404

    # Anyone can follow it on its own public page, found from the council's public page.
    amira.goto(cause_url)
    expect(amira.get_by_test_id("official-answer")).to_have_text(answer)
    public_url = base + amira.get_by_test_id("public-page-link").get_attribute("href")
    citizen = new_page(new_phone_context("citizen"))
    citizen.goto(base + "/public/council/demo-roskilde")
    citizen.get_by_test_id("public-cause").filter(has_text=title).get_by_test_id("public-cause-link").click()
    expect(citizen).to_have_url(public_url)
    expect(citizen.get_by_test_id("public-cause-title")).to_have_text(title)
    expect(citizen.get_by_test_id("official-answer")).to_have_text(answer)
    expect(citizen.get_by_test_id("committee")).to_contain_text("Teknik- og Miljøudvalget")
    expect(citizen.get_by_test_id("progress")).to_contain_text("30")
    expect(citizen.get_by_test_id("milestone")).to_contain_text("Møde med udvalget")
    expect(citizen.locator('meta[property="og:title"]')).to_have_attribute("content", title)
    expect(citizen.locator('meta[property="og:url"]')).to_have_attribute("content", public_url)
