"""The support journey in a real browser, with three people at once.

A. The bisidder: Sara (a young person, on a phone) adds a meeting and prepares one answer, invites a bisidder of
   her own choosing with a one-time link; the bisidder registers a passkey in a second phone context, is shown
   the meeting's preparation, helps write an answer (marked "written with my bisidder" for Sara) and sends Sara a
   private note that Lene (her caseworker, on a desktop, shown the same preparation) never sees. Sara removes the
   bisidder and they lose access at once.
B. Help now: Sara presses the help button, sees the helplines and sends Lene an urgent message; it is at the top
   of Lene's dashboard until she acknowledges it, and Sara sees that it has been seen.

Runs once per database backend (see `live_server`). Assertions are on data-testid attributes and on the text
typed in this test, not on UI wording, so the journey holds in Danish (the phone's default) and English alike.
The demo bisidder (Hanne) is not used: this journey invites its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .support import (
    ConsoleWatch,
    ContextFactory,
    LiveServer,
    add_virtual_authenticator,
    credentials_of,
    exactly_at,
    expect_login_page,
    login_as_demo,
    path_is,
    register_with_invite,
    shot_if_asked,
    unique_tag,
)

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]

LOCAL_ZONE = ZoneInfo("Europe/Copenhagen")  # the app's BABEL_DEFAULT_TIMEZONE: the form's date and time are local
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"





def _expect_help_button(page: Page) -> None:
    """The young person's "help now" button is on every page of hers."""
    expect(page.get_by_test_id("help-now")).to_be_visible()


def _expect_none_of(locator: Locator, texts: list[str]) -> None:
    for text in texts:
        expect(locator).not_to_contain_text(text)


def _add_meeting(sara: Page, base: str, place: str) -> str:
    """As Sara: a meeting of her own a few days ahead, with Lene taking part; returns its id."""
    sara.goto(base + "/meetings/")
    sara.get_by_test_id("new-meeting").click()
    expect(sara).to_have_url(path_is(base, "/meetings/new"))
    starts_local = datetime.now(LOCAL_ZONE) + timedelta(days=3)
    sara.locator("#kind").select_option("plan")
    sara.locator("#day").fill(starts_local.date().isoformat())
    sara.locator("#clock").fill("10:00")
    sara.locator("#place").fill(place)
    lene_box = sara.locator("label", has_text="Lene Holm").locator("input[name=participants]")
    expect(lene_box).to_have_count(1)
    lene_box.check()
    sara.get_by_test_id("save-meeting").click()
    expect(sara).to_have_url(re.compile("^" + re.escape(base) + f"/meetings/({UUID})$"))
    match = re.search(f"/meetings/({UUID})$", sara.url)
    assert match, sara.url
    expect(sara.locator("main")).to_contain_text(place)
    return match.group(1)


def test_support_journey(live_server: LiveServer, new_phone_context: ContextFactory,
                         new_desktop_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    tag = unique_tag()
    place = f"Ungdomshuset, lokale {tag}"
    going_well = f"Jeg har fået en praktikplads i en cykelbutik {tag}"
    bisidder_first = f"Birgit{tag}"
    bisidder_name = f"{bisidder_first} Nielsen"
    relation = f"Min vens mor {tag}"
    help_text = f"Jeg vil gerne have en pause efter en halv time {tag}"
    note = f"Husk at du må bede om en pause når som helst {tag}"
    urgent_text = f"Jeg har brug for at tale med dig i dag {tag}"
    sara_texts = [place, going_well, help_text, note]
    console = ConsoleWatch()

    # === A. The bisidder =================================================================================

    # --- 1. Sara, on her phone, adds her own meeting and prepares one answer ------------------------------
    sara = console.watch("sara", new_page(new_phone_context("sara")))
    login_as_demo(sara, base, "sara")
    _expect_help_button(sara)
    meeting_id = _add_meeting(sara, base, place)
    meeting_url = f"{base}/meetings/{meeting_id}"
    _expect_help_button(sara)
    sara.goto(f"{meeting_url}/prepare/going_well")
    _expect_help_button(sara)
    sara.get_by_test_id("answer-going_well").fill(going_well)
    sara.get_by_test_id("next").click()
    expect(sara).to_have_url(path_is(base, f"/meetings/{meeting_id}/prepare/hard"))
    sara.goto(f"{meeting_url}/prepare/going_well")
    expect(sara.get_by_test_id("answer-going_well")).to_have_value(going_well)

    # --- 2. She invites a bisidder from "My bisidder" and gets a one-time link ----------------------------
    sara.goto(base + "/")
    sara.get_by_test_id("bisidder-link").click()
    expect(sara).to_have_url(path_is(base, "/support/"))
    _expect_help_button(sara)
    sara.get_by_test_id("bisidder-name").fill(bisidder_name)
    sara.locator("#relation").fill(relation)
    sara.get_by_test_id("invite-bisidder").click()
    expect(sara).to_have_url(exactly_at(base, "/support/"))
    listed = sara.get_by_test_id("bisidder-list").locator("li", has_text=bisidder_name)
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(relation)
    url_input = listed.get_by_test_id("invite-url")
    expect(url_input).to_be_visible()
    invite_url = url_input.input_value()
    assert re.fullmatch(re.escape(base) + r"/i/[A-Za-z0-9_\-]{20,}", invite_url), invite_url
    # The phone offers to copy the link (and to share it, where the browser can share: not Chromium on Linux).
    sara.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    can_share = sara.evaluate("() => typeof navigator.share === 'function'")
    expect(listed.get_by_test_id("share-invite")).to_be_visible() if can_share else \
        expect(listed.get_by_test_id("share-invite")).to_be_hidden()
    listed.get_by_test_id("copy-invite").click()
    expect(listed.get_by_role("status")).to_have_text("Kopieret. Sæt det ind i en besked til personen.")
    assert sara.evaluate("() => navigator.clipboard.readText()") == invite_url
    shot_if_asked(sara, "support-01-support-invited-phone")

    # --- 3. The bisidder, on their own phone with a new passkey: welcome, recovery codes, their home ------
    bisidder_context = new_phone_context("bisidder")
    bisidder = console.watch("bisidder", new_page(bisidder_context))
    cdp, authenticator = add_virtual_authenticator(bisidder_context, bisidder)
    bisidder.goto(invite_url)
    expect(bisidder.locator("h1")).to_contain_text(bisidder_name)
    expect(bisidder.get_by_test_id("create-passkey")).to_be_visible()
    shot_if_asked(bisidder, "support-02-bisidder-welcome-phone")
    register_with_invite(bisidder, base, invite_url)  # opens the link again (not yet used) and creates the passkey
    stored = credentials_of(cdp, authenticator)
    assert len(stored) == 1 and stored[0]["rpId"] == "localhost", stored
    bisidder.get_by_test_id("codes-done").click()
    expect(bisidder).to_have_url(path_is(base, "/"))
    expect(bisidder.get_by_test_id("logout")).to_be_visible()
    expect(bisidder.locator("h1")).to_contain_text(bisidder_name)
    supported = bisidder.get_by_test_id("supported-sara")
    expect(supported).to_be_visible()
    expect(supported.locator(f'a[href="/meetings/{meeting_id}"]')).to_have_count(0)  # nothing shared yet
    expect(bisidder.get_by_test_id("help-now")).to_have_count(0)  # the help button is the young person's
    _expect_none_of(bisidder.locator("main"), [place, going_well])

    # On Sara's list the bisidder has accepted: the link is gone.
    sara.goto(base + "/support/")
    expect(listed).to_have_count(1)
    expect(listed.get_by_test_id("invite-url")).to_have_count(0)

    # --- 4. Sara shares the meeting's preparation with the bisidder, and with Lene -------------------------
    sara.goto(f"{meeting_url}/share")
    _expect_help_button(sara)
    bisidder_parts = sara.get_by_test_id(f"share-{bisidder_first.lower()}")
    expect(bisidder_parts).to_have_count(1)
    expect(bisidder_parts).to_contain_text(bisidder_name)
    bisidder_parts.locator("input[type=checkbox][value=preparation]").check()
    lene_parts = sara.get_by_test_id("share-lene")
    lene_parts.locator("input[type=checkbox][value=preparation]").check()
    sara.get_by_test_id("save-share").click()
    expect(sara).to_have_url(path_is(base, f"/meetings/{meeting_id}/share"))
    expect(bisidder_parts.locator("input[type=checkbox][value=preparation]")).to_be_checked()
    expect(lene_parts.locator("input[type=checkbox][value=preparation]")).to_be_checked()
    for part in ("decisions", "after"):
        expect(bisidder_parts.locator(f"input[type=checkbox][value={part}]")).not_to_be_checked()

    # --- 5. The bisidder sees the meeting, helps with an answer and sends Sara a private note --------------
    bisidder.reload()
    meeting_link = supported.locator(f'a[href="/meetings/{meeting_id}"]')
    expect(meeting_link).to_have_count(1)
    shot_if_asked(bisidder, "support-03-bisidder-home-phone")
    meeting_link.click()
    expect(bisidder).to_have_url(path_is(base, f"/meetings/{meeting_id}"))
    expect(bisidder.get_by_test_id("shared-preparation")).to_contain_text(going_well)
    expect(bisidder.locator("main")).to_contain_text(place)
    expect(bisidder.get_by_test_id("shared-decisions")).to_have_count(0)  # not shared with them
    bisidder.get_by_test_id("help-prepare").click()
    expect(bisidder).to_have_url(path_is(base, f"/meetings/{meeting_id}/help-prepare"))
    # Sara's own words are shown, not editable: a bisidder helps with what is empty, never changes hers.
    expect(bisidder.get_by_test_id("help-going_well")).to_have_count(0)
    expect(bisidder.locator(".answer-readonly", has_text=going_well)).to_be_visible()
    bisidder.get_by_test_id("help-setup_breaks").fill(help_text)
    shot_if_asked(bisidder, "support-04-bisidder-help-prepare-phone")
    bisidder.get_by_test_id("save-help").click()
    expect(bisidder).to_have_url(path_is(base, f"/meetings/{meeting_id}"))
    expect(bisidder.get_by_test_id("shared-preparation")).to_contain_text(help_text)
    bisidder.get_by_test_id("bisidder-note").fill(note)
    bisidder.get_by_test_id("send-note").click()
    expect(bisidder).to_have_url(exactly_at(base, f"/meetings/{meeting_id}"))
    expect(bisidder.locator("#notes")).to_contain_text(note)
    expect(bisidder.get_by_test_id("bisidder-note")).to_have_value("")
    shot_if_asked(bisidder, "support-05-bisidder-meeting-phone")

    # --- 6. Sara: the answer is marked as written with her bisidder; the note is on her meeting page -------
    sara.goto(f"{meeting_url}/summary")
    preparation = sara.get_by_test_id("shared-preparation")
    helped = preparation.locator(".answer", has_text=help_text)
    expect(helped).to_have_count(1)
    expect(helped.locator(".with-bisidder")).to_have_count(1)
    own = preparation.locator(".answer", has_text=going_well)
    expect(own).to_have_count(1)
    expect(own.locator(".with-bisidder")).to_have_count(0)  # her own answer is still hers alone
    sara.goto(meeting_url)
    _expect_help_button(sara)
    expect(sara.locator("#notes")).to_contain_text(note)
    expect(sara.locator("#notes")).to_contain_text(bisidder_name)
    shot_if_asked(sara, "support-06-hub-with-note-phone")

    # --- 7. Lene, shown the same preparation, does not see the bisidder's note -----------------------------
    lene = console.watch("lene", new_page(new_desktop_context("lene")))
    login_as_demo(lene, base, "lene")
    lene_view = lene.goto(meeting_url)
    assert lene_view is not None and lene_view.ok, lene_view and lene_view.status
    expect(lene.get_by_test_id("shared-preparation")).to_contain_text(going_well)
    expect(lene.get_by_test_id("shared-preparation")).to_contain_text(help_text)
    expect(lene.locator("main")).not_to_contain_text(note)
    assert note not in lene_view.text(), "the bisidder's private note is in the HTML of Lene's meeting page"
    expect(lene.get_by_test_id("help-now")).to_have_count(0)

    # Every view by the bisidder is logged like a professional's: Sara's "who has seen what" lists them.
    sara.goto(base + "/seen/")
    expect(sara.get_by_test_id("seen-list").locator("li", has_text=bisidder_name).first).to_be_visible()

    # --- 8. Sara removes the bisidder; they lose access at once --------------------------------------------
    sara.goto(base + "/support/")
    listed.get_by_test_id("remove-bisidder-toggle").click()  # removing asks first: a second, named button
    expect(listed.get_by_test_id("remove-bisidder")).to_contain_text(bisidder_first)
    listed.get_by_test_id("remove-bisidder").click()
    expect(sara).to_have_url(exactly_at(base, "/support/"))
    expect(sara.get_by_test_id("bisidder-list").locator("li", has_text=bisidder_name)).to_have_count(0)
    sara.goto(f"{meeting_url}/share")
    expect(sara.get_by_test_id(f"share-{bisidder_first.lower()}")).to_have_count(0)

    console.allowed_404_prefix = meeting_url  # the bisidder's page itself may now answer 404
    after_removal = bisidder.goto(meeting_url)
    assert after_removal is not None
    html = after_removal.text()
    leaked = [text for text in sara_texts if text in html]
    assert leaked == [], f"the removed bisidder still gets Sara's words in the HTML: {leaked}"
    if after_removal.status == 404:
        expect(bisidder.locator("main")).to_be_visible()
        _expect_none_of(bisidder.locator("main"), sara_texts)
    else:  # the account was deactivated and its sessions ended: the log-in page
        expect_login_page(bisidder, base)
    # Nor is anything of hers left on the bisidder's home (or they are logged out there too).
    home = bisidder.goto(base + "/")
    assert home is not None
    leaked = [text for text in sara_texts if text in home.text()]
    assert leaked == [], f"the removed bisidder's home still shows Sara's words: {leaked}"
    console.allowed_404_prefix = None

    # === B. Help now =====================================================================================

    # --- 9. Sara presses the help button: helplines to call, and an urgent message to Lene -----------------
    sara.goto(base + "/")
    sara.get_by_test_id("help-now").click()
    expect(sara).to_have_url(path_is(base, "/help/"))
    helplines = sara.get_by_test_id("helplines")
    expect(helplines.locator('a[href^="tel:"]').first).to_be_visible()
    expect(helplines.locator('a[href="tel:116111"]')).to_have_count(1)  # BørneTelefonen
    shot_if_asked(sara, "support-07-help-phone")
    sara.get_by_test_id("urgent-to-lene").check()
    sara.get_by_test_id("urgent-text").fill(urgent_text)
    sara.get_by_test_id("send-urgent").click()
    expect(sara).to_have_url(exactly_at(base, "/help/"))
    sent = sara.get_by_test_id("urgent-sent").locator("li", has_text="Lene Holm")
    expect(sent.first).to_be_visible()
    expect(sara.get_by_test_id("urgent-sent").locator("li").first.get_by_test_id("urgent-seen")).to_have_count(0)
    shot_if_asked(sara, "support-08-help-sent-phone")

    # --- 10. Lene: the urgent message at the top of her dashboard until she acknowledges it -----------------
    lene.goto(base + "/people/")
    urgent = lene.get_by_test_id("urgent")
    expect(urgent).to_be_visible()
    expect(urgent).to_contain_text(urgent_text)
    expect(urgent).to_contain_text("Sara")
    above_all = lene.evaluate(
        """() => {
          const urgent = document.querySelector('[data-testid="urgent"]');
          const top = urgent.getBoundingClientRect().top;
          return [...document.querySelectorAll('main .card')]
            .filter(card => card !== urgent && !urgent.contains(card) && card.getClientRects().length > 0)
            .every(card => card.getBoundingClientRect().top > top);
        }"""
    )
    assert above_all, "the urgent section is not above every other section of Lene's dashboard"
    # The demo data has an unacknowledged urgent message of its own (from Mads), so the section itself stays
    # when there are others; Sara's message leaves it, and the section goes with the last one.
    others = urgent.locator("li").filter(has_not_text=urgent_text).count()
    urgent.locator("li", has_text=urgent_text).get_by_test_id("acknowledge").click()
    expect(lene).to_have_url(exactly_at(base, "/people/"))
    expect(lene.locator("main")).not_to_contain_text(urgent_text)
    if others:
        expect(urgent.locator("li")).to_have_count(others)
    else:
        expect(urgent).to_have_count(0)

    # --- 11. Sara sees that it has been seen -------------------------------------------------------------
    sara.reload()
    expect(sara.get_by_test_id("urgent-sent").locator("li").first.get_by_test_id("urgent-seen")).to_be_visible()
    shot_if_asked(sara, "support-09-help-seen-phone")

    # --- no console errors or uncaught exceptions on any screen -------------------------------------------
    assert console.problems == [], "\n".join(console.problems)
