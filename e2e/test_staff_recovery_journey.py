"""Recovery by staff is not a way in, in a real browser (issue 15, point 5): Lene makes a recovery link for Ida,
it does nothing until Henrik approves it, Ida's phone says at once that someone is setting up a new phone, and
when Lene opens the link on a phone of her own she finds Ida's account locked; Ida logs in with her own passkey
and removes the stranger's phone, which logs it out."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable
from datetime import date

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .conftest import RESULTS_DIR
from .support import (
    ContextFactory,
    LiveServer,
    add_virtual_authenticator,
    birth_date_years_ago,
    expect_login_page,
    expect_young_home,
    invite_young_person,
    login_as_demo,
    path_is,
    press_passkey_button,
    register_with_invite,
)

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]


def _shot(page: Page, name: str) -> None:
    """A screenshot under test-results/ when E2E_SCREENSHOTS is set (for looking at the pages)."""
    if os.environ.get("E2E_SCREENSHOTS"):
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(RESULTS_DIR / f"recovery-{name}.png"), full_page=True)


def test_staff_recovery_is_not_a_way_in(live_server: LiveServer, new_desktop_context: ContextFactory,
                                        new_phone_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    name = f"Ida {secrets.token_hex(3).upper()}"
    secret = f"Jeg har søgt en lejlighed i Roskilde {secrets.token_hex(3)}"

    # Lene invites Ida; Ida makes her passkey and writes a small step she shares with nobody.
    lene = new_page(new_desktop_context("lene"))
    login_as_demo(lene, base, "lene")
    invite_url = invite_young_person(lene, base, name, birth_date_years_ago(17.0))
    ida_url = lene.url
    phone = new_phone_context("ida-phone")
    ida = new_page(phone)
    add_virtual_authenticator(phone, ida)
    register_with_invite(ida, base, invite_url)
    ida.get_by_test_id("codes-done").click()
    expect_young_home(ida, base, name)
    ida.goto(base + "/steps/log")
    ida.locator("#area").select_option("housing")
    ida.locator("#text").fill(secret)
    ida.locator("#day").fill(date.today().isoformat())
    ida.get_by_test_id("save-step").click()
    expect(ida.locator("main")).to_contain_text(secret)

    # Lene makes a recovery link: it does nothing until a second member of staff approves it.
    lene.goto(ida_url)
    lene.get_by_test_id("recovery-link").click()
    expect(lene.get_by_test_id("link-waits")).to_be_visible()
    expect(lene.get_by_test_id("recovery-waiting")).to_be_visible()
    link = lene.get_by_test_id("invite-url").input_value()
    stranger_phone = new_phone_context("lene-phone")
    stranger = new_page(stranger_phone)
    add_virtual_authenticator(stranger_phone, stranger)
    stranger.goto(link)
    expect(stranger.get_by_test_id("waiting-approval")).to_be_visible()

    # Ida's phone says so at once, with a way to stop it.
    ida.goto(base + "/")
    expect(ida.get_by_test_id("recovery-started")).to_be_visible()
    _shot(ida, "01-ida-told-phone")

    # Henrik (admin) approves it on Ida's page.
    henrik = new_page(new_desktop_context("henrik"))
    login_as_demo(henrik, base, "henrik")
    henrik.goto(base + "/admin/people/" + ida_url.rstrip("/").rsplit("/", 1)[1])
    henrik.get_by_test_id("approve-recovery").click()
    expect(henrik.get_by_test_id("recovery-approved")).to_be_visible()

    # Lene opens the link with her own phone's passkey: Ida's account, but nothing of Ida's opens.
    stranger.goto(link)
    press_passkey_button(stranger, "create-passkey")
    expect(stranger).to_have_url(re.compile(re.escape(base) + r"/account/"))
    expect(stranger.get_by_test_id("locked-notice")).to_be_visible()
    for path in ("/", "/steps/", "/meetings/", "/network/", "/account/data"):
        stranger.goto(base + path)
        expect(stranger.get_by_test_id("content-locked")).to_be_visible()
        assert secret not in stranger.content(), path
    _shot(stranger, "02-locked-phone")
    stranger.set_viewport_size({"width": 320, "height": 800})
    _shot(stranger, "03-locked-phone-320")

    # Ida was logged out by the recovery; she logs in with her own passkey and removes the stranger's phone.
    ida.goto(base + "/")
    expect_login_page(ida, base)
    press_passkey_button(ida, "login-passkey")
    expect_young_home(ida, base, name)
    ida.goto(base + "/account/")
    expect(ida.get_by_test_id("locked-passkey")).to_be_visible()
    _shot(ida, "04-ida-sees-the-new-phone")
    newest = ida.get_by_test_id("passkey-list").locator("li", has=ida.get_by_test_id("staff-made-passkey"))
    expect(newest).to_have_count(1)
    newest.locator("summary").click()
    newest.get_by_role("button", name=re.compile("Fjern|Remove")).click()
    expect(ida.get_by_test_id("locked-passkey")).to_have_count(0)
    stranger.goto(base + "/account/")
    expect(stranger).to_have_url(path_is(base, "/login"))
