"""Peer groups (issue 20.3) in a real browser, on phones 412 px wide.

Maja, a volunteer facilitator (tovholder), starts a housing group for a course, sets a group meeting date and invites
a young person not in care: a peer-only account, shown as a link and a QR code. On his own phone with its own virtual
authenticator he makes a passkey, finds the group on his home page and posts a housing lead, and a message with his
phone number. Maja invites Sara (in care, with youthvoice already) with a join link; Sara joins and replies to the
lead. Maja hides the phone number with a reason: Sara sees the reason, not the number. The peer reaches no case page.
Maja takes the peer out of the group with a reason (refused first without one, what she chose kept): the group is a
404 for him at once, his housing lead stays on the board, and his groups page tells him why. Maja closes the group
(with a confirm tap): Sara sees that it is closed and since when, and no box to write in. Sara leaves the group at
the end (the demo's state as it was; a closed group can still be left): the group is a 404 for her at once.

With E2E_SCREENSHOTS set, Sara's view of the group page at 412 px goes to docs/screenshots/group-page.png (the
README's; the demo's own group, after she left the journey's) and at 320 px to test-results/.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .a11y import check_axe
from .support import (
    ConsoleWatch,
    ContextFactory,
    LiveServer,
    add_virtual_authenticator,
    birth_date_years_ago,
    credentials_of,
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


def test_groups_journey(live_server: LiveServer, new_phone_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    tag = unique_tag()
    group_name = f"Boligjagt forår 2027 {tag}"
    peer_name = f"Oskar{tag}"
    lead = f"Værelse i Roskilde midtby, 3.200 kr. om måneden {tag}"
    phone = f"Ring til mig på 12 34 56 78 {tag}"
    reply = f"Jeg kommer med til fremvisningen på tirsdag {tag}"
    reason = "Ingen telefonnumre på tavlen, skriv til hinanden her"
    console = ConsoleWatch()

    # --- 1. Maja, the facilitator, starts a housing group and sets a meeting date ------------------------------
    maja = console.watch("maja", new_page(new_phone_context("maja")))
    assert maja.viewport_size and maja.viewport_size["width"] == 412
    login_as_demo(maja, base, "maja")
    expect(maja).to_have_url(path_is(base, "/groups/"))  # her start page lists her groups
    expect(maja.get_by_test_id("group-list")).to_contain_text("Boligjagt forår 2027")  # the demo's group
    maja.get_by_test_id("group-name-input").fill(group_name)
    maja.get_by_test_id("group-about-input").fill("Vi hjælper hinanden med at finde et sted at bo.")
    maja.get_by_test_id("create-group").click()
    expect(maja).to_have_url(re.compile("^" + re.escape(base) + f"/groups/({UUID})/manage$"))
    group_url = maja.url.removesuffix("/manage")
    maja.get_by_test_id("meeting-day").fill((date.today() + timedelta(days=6)).isoformat())
    maja.get_by_test_id("meeting-place").fill("Ungdommens Røde Kors, Algade 12")
    maja.get_by_test_id("add-group-meeting").click()
    expect(maja.locator("#meetings")).to_contain_text("Algade 12")
    check_axe(maja, context_label="maja: invite and set dates")

    # --- 2. She invites a young person not in care: a peer-only account, a link and a QR code -----------------
    maja.get_by_test_id("peer-name").fill(peer_name)
    maja.get_by_test_id("peer-birth-date").fill(birth_date_years_ago(18.4).isoformat())
    maja.get_by_test_id("invite-peer").click()
    link = maja.get_by_test_id("invite-link")
    expect(link).to_have_count(1)
    expect(link.locator(".qr-wrap svg")).to_have_count(1)
    invite_url = link.get_by_test_id("invite-url").input_value()
    assert re.fullmatch(re.escape(base) + r"/i/[A-Za-z0-9_\-]{20,}", invite_url), invite_url

    # --- 3. On his own phone he makes a passkey, finds the group and posts a housing lead ----------------------
    peer_context = new_phone_context("peer")
    him = console.watch("peer", new_page(peer_context))
    cdp, authenticator = add_virtual_authenticator(peer_context, him)
    him.goto(invite_url)
    expect(him.get_by_test_id("peer-welcome")).to_contain_text(peer_name)
    register_with_invite(him, base, invite_url)
    assert len(credentials_of(cdp, authenticator)) == 1
    him.get_by_test_id("codes-done").click()
    expect(him).to_have_url(path_is(base, "/"))
    expect(him.get_by_test_id("help-now")).to_have_count(0)  # no case: no "help now" from a caseworker
    him.get_by_test_id("home-groups").get_by_text(group_name).click()
    expect(him).to_have_url(group_url)
    expect(him.locator("#meetings")).to_contain_text("Algade 12")
    him.get_by_test_id("kind-housing_lead").check()
    him.get_by_test_id("group-post-text").fill(lead)
    him.get_by_test_id("send-group-post").click()
    expect(him.get_by_test_id("group-board")).to_contain_text(lead)
    him.get_by_test_id("kind-post").check()
    him.get_by_test_id("group-post-text").fill(phone)
    him.get_by_test_id("send-group-post").click()
    expect(him.get_by_test_id("group-board")).to_contain_text(phone)
    for path in ("/meetings/", "/network/", "/steps/", "/people/", "/decisions/", "/housing/"):
        assert him.request.get(base + path, max_redirects=0).status == 404, path  # a peer reaches no case page

    # --- 4. Maja invites Sara, who has youthvoice already, with a join link; Sara joins and replies ------------
    maja.goto(group_url + "/manage")
    maja.get_by_test_id("member-name").fill("Sara")
    maja.get_by_test_id("invite-member").click()
    join_url = maja.locator("#join-link").get_by_test_id("invite-url").input_value()
    assert re.fullmatch(re.escape(base) + r"/groups/join/[A-Za-z0-9_\-]{20,}", join_url), join_url
    sara = console.watch("sara", new_page(new_phone_context("sara")))
    login_as_demo(sara, base, "sara")
    sara.goto(join_url)
    sara.get_by_test_id("join-group").click()
    expect(sara).to_have_url(group_url)
    members = sara.get_by_test_id("group-members")
    expect(members).to_contain_text("Sara")
    expect(members).to_contain_text(peer_name)
    thread = sara.locator("[data-testid=group-post]", has_text=lead).first
    thread.get_by_test_id("reply-toggle").click()
    thread.get_by_test_id("reply-text").fill(reply)
    thread.get_by_test_id("post-reply").click()
    expect(sara.locator("[data-testid=group-post]", has_text=lead).first).to_contain_text(reply)

    # --- 5. Maja hides the post with the phone number, with a reason the group sees instead --------------------
    maja.goto(group_url)
    post = maja.locator("[data-testid=group-post]", has_text=phone)
    post.get_by_test_id("hide-toggle").click()
    post.get_by_test_id("hide-reason").fill(reason)
    post.get_by_test_id("hide-post").click()
    expect(maja.get_by_test_id("group-board")).to_contain_text(reason)
    sara.reload()
    board = sara.get_by_test_id("group-board")
    expect(board).to_contain_text(reason)
    expect(board).not_to_contain_text("12 34 56 78")
    expect(board).to_contain_text(lead)
    expect(sara.locator("main")).not_to_contain_text("Lene")  # nothing of her case on the group page
    shot_if_asked(sara, "groups-01-sara-group-phone")
    check_axe(sara, context_label="sara: the group page")
    _fits_320(sara, "groups-01-sara-group-320")
    check_axe(maja, context_label="maja: the group page, as its facilitator")

    # --- 6. Maja takes the peer out of the group: a reason is needed, he is told why, his words stay ---------------
    maja.goto(group_url + "/manage")
    member = maja.locator("[data-testid=manage-member]", has_text=peer_name)
    member.get_by_test_id("remove-toggle").click()
    member.get_by_test_id("remove-why-other").check()
    member.get_by_test_id("remove-member").click()  # "something else" without her own words: refused
    member = maja.locator("[data-testid=manage-member]", has_text=peer_name)
    expect(member.locator(".error")).to_have_count(1)
    expect(member.get_by_test_id("remove-why-other")).to_be_checked()  # what she chose is kept
    check_axe(maja, context_label="maja: taking a member out, refused without a reason")
    refused = [problem for problem in console.problems if "/remove:" in problem and "status of 400" in problem]
    assert len(refused) == 1, console.problems  # the refused form's page answers 400, as it should: not a problem
    console.problems.remove(refused[0])
    shot_if_asked(maja, "groups-04-maja-remove-refused")
    _fits_320(maja, "groups-04-maja-remove-refused-320")
    member.get_by_test_id("remove-why-hurt_others").check()
    member.get_by_test_id("remove-reason").fill("Vi snakker sammen om det på torsdag")
    member.get_by_test_id("remove-member").click()
    expect(maja.get_by_test_id("manage-members")).not_to_contain_text(peer_name)
    assert him.request.get(group_url, max_redirects=0).status == 404  # at once
    him.goto(base + "/groups/")
    removal = him.get_by_test_id("group-removal")
    expect(removal).to_contain_text(group_name)
    expect(removal).to_contain_text("Vi snakker sammen om det på torsdag")
    shot_if_asked(him, "groups-02-peer-taken-out")
    _fits_320(him, "groups-02-peer-taken-out-320")
    check_axe(him, context_label="peer: my groups, after being taken out")
    sara.reload()
    expect(sara.get_by_test_id("group-board")).to_contain_text(lead)  # his words stay his, on the board
    expect(sara.get_by_test_id("group-members")).not_to_contain_text(peer_name)

    # --- 7. Maja closes the group (with a confirm tap): read-only for everyone, nothing deleted ------------------
    maja.locator("#close").get_by_test_id("close-group").click()
    maja.locator("#close").get_by_test_id("close-group-yes").click()
    expect(maja).to_have_url(group_url)
    expect(maja.get_by_test_id("group-closed")).to_have_count(1)
    expect(maja.get_by_test_id("group-post-form")).to_have_count(0)
    sara.reload()
    expect(sara.get_by_test_id("group-closed")).to_have_count(1)
    expect(sara.get_by_test_id("group-post-form")).to_have_count(0)
    expect(sara.get_by_test_id("reply-toggle")).to_have_count(0)
    expect(sara.get_by_test_id("group-board")).to_contain_text(reply)
    shot_if_asked(sara, "groups-03-sara-closed-group")
    _fits_320(sara, "groups-03-sara-closed-group-320")
    check_axe(sara, context_label="sara: a closed group")
    maja.goto(group_url + "/manage")
    expect(maja.get_by_test_id("group-closed")).to_have_count(1)
    expect(maja.get_by_test_id("invite-peer")).to_have_count(0)
    shot_if_asked(maja, "groups-05-maja-closed-manage")
    check_axe(maja, context_label="maja: a closed group's page of tools")

    # --- 8. Sara leaves (the demo as it was): the group is gone for her at once --------------------------------
    sara.locator("#leave").get_by_test_id("leave-group").click()
    sara.locator("#leave").get_by_test_id("leave-group-yes").click()
    expect(sara).to_have_url(path_is(base, "/groups/"))
    check_axe(sara, context_label="sara: my groups")
    assert sara.request.get(group_url, max_redirects=0).status == 404
    # The demo's own group is still hers (Nikolaj's housing lead, her reply, Jonas's tip, Maja's task): the README's.
    sara.get_by_test_id("group-list").get_by_text("Boligjagt forår 2027", exact=True).click()
    expect(sara.get_by_test_id("group-board")).to_contain_text("Hvem kommer med til fremvisningen")
    readme_shots(sara, "group-page")
    assert console.problems == [], "\n".join(console.problems)


def _fits_320(page: Page, shot: str) -> None:
    """The smallest phones: nothing wider than the screen (a screenshot of it with E2E_SCREENSHOTS)."""
    phone_size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    shot_if_asked(page, shot)
    if phone_size:
        page.set_viewport_size(phone_size)
