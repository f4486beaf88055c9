"""Supporters from my network (issue 20, "Be my Back") in a real browser, on two phones (412 px wide).

Sara sets a housing goal with a next step, invites her former football coach (Søren, in her network) as a supporter
with a one-time link, and shares her housing goal with him. The coach, on his own phone with its own virtual
authenticator, makes a passkey, sees her housing goal and its step (and nothing else of hers), and offers help.
Sara sees his offer. She ends him as a supporter: his page is gone at once (his session has ended, so it sends
him to log in) and her page of him is empty.

With E2E_SCREENSHOTS set, the supporter's view at 412 px (the Pixel 7) goes to docs/screenshots/supporter.png
(the README's) and at 320 px to test-results/.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

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
    readme_shots,
    register_with_invite,
    shot_if_asked,
    unique_tag,
)

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def test_supporter_journey(live_server: LiveServer, new_phone_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    tag = unique_tag()
    goal = f"Min egen lejlighed i Roskilde {tag}"
    step = f"Skrive mig op til en ungdomsbolig {tag}"
    relation = f"Min gamle fodboldtræner {tag}"
    coach = f"Søren{tag}"
    offer = f"Jeg kan hjælpe dig med at flytte på lørdag, jeg har en trailer {tag}"
    console = ConsoleWatch()

    # --- 1. Sara, on her phone, writes a housing goal and a next step ---------------------------------------
    sara = console.watch("sara", new_page(new_phone_context("sara")))
    assert sara.viewport_size and sara.viewport_size["width"] == 412
    login_as_demo(sara, base, "sara")
    sara.goto(base + "/steps/goal/housing")
    sara.locator("#text").fill(goal)
    sara.get_by_test_id("save-goal").click()
    sara.goto(base + "/steps/log?area=housing")
    sara.locator("#text").fill(step)
    sara.locator("#not_yet").check()
    sara.get_by_test_id("save-step").click()
    expect(sara.locator("main")).to_contain_text(step)

    # --- 2. From her network she invites her former football coach: a link, a QR code, a share button -------
    sara.goto(base + "/network/")
    sara.get_by_test_id("supporters-link").click()
    expect(sara).to_have_url(path_is(base, "/network/supporters/"))
    sara.get_by_test_id("supporter-entry").select_option(label="Søren")
    sara.get_by_test_id("supporter-name").fill(coach)
    sara.get_by_test_id("supporter-relation").fill(relation)
    sara.get_by_test_id("invite-supporter").click()
    card = sara.get_by_test_id(f"supporter-{coach.lower()}")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(relation)
    expect(card.locator(".qr-wrap svg")).to_have_count(1)
    can_share = sara.evaluate("() => typeof navigator.share === 'function'")
    expect(card.get_by_test_id("share-invite")).to_be_visible() if can_share else \
        expect(card.get_by_test_id("share-invite")).to_be_hidden()
    invite_url = card.get_by_test_id("invite-url").input_value()
    assert re.fullmatch(re.escape(base) + r"/i/[A-Za-z0-9_\-]{20,}", invite_url), invite_url
    # She shares her housing goal with him, and nothing else.
    card.get_by_test_id("share-area-housing").check()
    card.get_by_test_id("save-supporter-share").click()
    expect(card.get_by_test_id("share-area-housing")).to_be_checked()
    expect(card.get_by_test_id("share-area-school_work")).not_to_be_checked()
    shot_if_asked(sara, "supporters-01-sara-invited-phone")

    # --- 3. The coach, on his own phone with its own authenticator, makes a passkey and sees her goal --------
    coach_context = new_phone_context("coach")
    him = console.watch("coach", new_page(coach_context))
    cdp, authenticator = add_virtual_authenticator(coach_context, him)
    him.goto(invite_url)
    expect(him.get_by_test_id("supporter-welcome")).to_contain_text(coach)
    register_with_invite(him, base, invite_url)
    assert len(credentials_of(cdp, authenticator)) == 1
    him.get_by_test_id("codes-done").click()
    expect(him).to_have_url(re.compile("^" + re.escape(base) + f"/backing/({UUID})$"))
    backing_url = him.url
    shared = him.get_by_test_id("shared-goals")
    expect(shared).to_contain_text(goal)
    expect(shared).to_contain_text(step)
    main = him.locator("main")
    for private in ("Bestå 9. klasse", "Se min mor", "Spille håndbold", "Jeg sparede 200 kr."):
        expect(main).not_to_contain_text(private)  # her other goals and steps were not shared
    expect(him.get_by_test_id("help-now")).to_have_count(0)
    for path in ("/meetings/", "/network/", "/steps/", "/people/"):
        assert him.request.get(base + path, max_redirects=0).status == 404, path

    # --- 4. He offers concrete help -------------------------------------------------------------------------
    him.get_by_test_id("kind-help").check()
    him.get_by_test_id("supporter-text").fill(offer)
    him.get_by_test_id("send-supporter-message").click()
    expect(him).to_have_url(exactly_at(base, backing_url.removeprefix(base)))
    expect(him.get_by_test_id("sent-messages")).to_contain_text(offer)
    him.reload()
    readme_shots(him, "supporter")

    # --- 5. Sara sees his offer ------------------------------------------------------------------------------
    sara.goto(base + "/network/supporters/")
    expect(sara.get_by_test_id("supporter-messages")).to_contain_text(offer)
    expect(sara.get_by_test_id("supporter-messages")).to_contain_text(coach)
    expect(card.get_by_test_id("invite-url")).to_have_count(0)  # he said yes: the link is gone
    shot_if_asked(sara, "supporters-02-sara-sees-offer-phone")

    # --- 6. She ends him as a supporter: at once, his page is gone ------------------------------------------
    card.get_by_test_id("end-supporter").click()
    card.get_by_test_id("end-supporter-yes").click()
    expect(sara).to_have_url(path_is(base, "/network/supporters/"))
    expect(card).to_have_count(0)
    expect(sara.get_by_test_id("supporter-messages")).to_contain_text(offer)  # what he sent stays hers
    response = him.request.get(backing_url, max_redirects=0)
    assert response.status in (302, 303) and "/login" in response.headers["location"], response.status
    him.reload()
    expect_login_page(him, base)
    expect(him.locator("main")).not_to_contain_text(goal)
    assert console.problems == [], "\n".join(console.problems)
