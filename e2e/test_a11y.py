"""Accessibility in a real browser: axe-core (WCAG 2.0/2.1 A and AA rules) on every kind of page each demo persona
sees, and a keyboard check of the skip link.

The personas are the demo's: Sara (young person, phone), Lene (professional, phone and desktop), Henrik (admin,
phone and desktop), Hanne (bisidder, phone), Amira (youth council member, phone) and Karina (council coordinator,
phone). Addresses with ids are found by following links from the demo data, not written in here.

Each test visits all its pages and reports every violation at the end (not only the first page's), so one run
shows what to fix. Runs on the SQLite live server only: the pages are the same templates on either database, and
the PostgreSQL journeys already cover the data layer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .a11y import AxeViolationError, check_axe
from .support import ContextFactory, LiveServer, href_of, login_as_demo, open_shared_meeting_of_sara, path_is

pytestmark = [
    pytest.mark.e2e,
    # Indirect parametrisation of the session-scoped `live_server`: only its SQLite instance (see module docstring).
    pytest.mark.parametrize("live_server", ["sqlite"], indirect=True),
]

NewPage = Callable[[BrowserContext], Page]
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
# A phone with a Danish voice, so read-aloud.js adds its buttons (they are part of the page where a voice exists).
FAKE_DANISH_VOICE = """
Object.defineProperty(window, "speechSynthesis", {value: {
  getVoices: () => [{lang: "da-DK", name: "Test"}], cancel() {}, addEventListener() {}, speak() {}}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""
PREPARATION_STEPS = ("mood", "going_well", "hard", "points", "decisions", "people", "bisidder", "setup", "questions")


@dataclass
class Sweep:
    """axe-core on page after page; the violations of all of them, reported together at the end."""

    base: str
    failures: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    def check(self, page: Page, label: str) -> None:
        page.wait_for_load_state("load")
        # Folded-away forms (<details>: reply, hide, change status...) are checked too: axe skips hidden content.
        page.evaluate("() => document.querySelectorAll('details:not([open])').forEach((d) => { d.open = true; })")
        self.checked.append(f"{label}: {page.url.removeprefix(self.base)}")
        try:
            check_axe(page, context_label=label)
        except AxeViolationError as error:
            self.failures.append(str(error))

    def visit(self, page: Page, path: str, label: str, *, status: int = 200) -> None:
        response = page.goto(path if path.startswith("http") else self.base + path)
        assert response is not None and response.status == status, \
            f"{label}: {path} answered {response and response.status}, expected {status}"
        self.check(page, label)

    def follow(self, page: Page, test_id: str, label: str, *, url: re.Pattern[str] | None = None) -> None:
        """Click the link with this data-testid (the first, if several) and check where it leads."""
        page.get_by_test_id(test_id).first.click()
        if url is not None:
            expect(page).to_have_url(url)
        self.check(page, label)

    def submit_empty(self, page: Page, test_id: str, label: str) -> None:
        """Send a form as it is (its fields empty) and check the page that shows the errors."""
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.get_by_test_id(test_id).first.click()
        assert answer.value.status == 400, f"{label}: the empty form was answered with {answer.value.status}"
        expect(page.locator(".error").first).to_be_visible()
        self.check(page, label)

    def assert_clean(self) -> None:
        assert not self.failures, (f"{len(self.failures)} of {len(self.checked)} pages have WCAG 2.1 A/AA "
                                   "violations:\n\n" + "\n\n".join(self.failures))


def _persona(make_context: ContextFactory, new_page: NewPage, base: str, name: str, label: str) -> Page:
    context = make_context(label)
    context.add_init_script(FAKE_DANISH_VOICE)
    page = new_page(context)
    login_as_demo(page, base, name)
    return page


# --- pages before log-in ----------------------------------------------------------------------------------------


def test_public_pages(live_server: LiveServer, new_phone_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    sweep = Sweep(base)
    page = new_page(new_phone_context("visitor"))
    sweep.visit(page, "/login", "log-in page")
    sweep.visit(page, "/login/staff", "staff log-in through the municipality")
    sweep.visit(page, "/demo/", "demo page")
    sweep.visit(page, "/offline", "offline page")
    sweep.visit(page, "/this-page-does-not-exist", "404 page", status=404)
    page.goto(base + "/login")
    page.locator("a[href='/recover']").click()
    expect(page).to_have_url(path_is(base, "/recover"))
    sweep.check(page, "recovery-code page")
    # The pages the law asks for, reached from the footer, in every language of the app (Danish first).
    page.get_by_test_id("footer-accessibility").click()
    expect(page).to_have_url(path_is(base, "/accessibility"))
    assert page.locator("html").get_attribute("lang") == "da"
    from youthvoice.core.languages import CODES

    for language in CODES:  # Arabic too: right to left, axe must pass there as well
        if language != "da":
            page.locator(f"footer button[name='language'][value='{language}']").click()
            expect(page.locator("html")).to_have_attribute("lang", language.replace("_", "-"))  # the BCP 47 tag: fa-AF
        sweep.visit(page, "/accessibility", f"accessibility statement ({language})")
        sweep.visit(page, "/privacy", f"privacy notice for young people ({language})")
        sweep.visit(page, "/privacy/staff", f"privacy notice for staff ({language})")
    sweep.assert_clean()


# --- the young person ----------------------------------------------------------------------------------------


def _young_meeting_pages(sweep: Sweep, page: Page) -> None:
    base = sweep.base
    page.goto(base + "/")
    sweep.follow(page, "nav-meetings", "sara: meetings list", url=path_is(base, "/meetings/"))

    # An upcoming meeting: its hub, every preparation step, "during", sharing and the one-page summary.
    sweep.follow(page, "meeting-card", "sara: meeting hub (upcoming)", url=re.compile(rf"/meetings/{UUID}$"))
    hub = page.url
    meeting_path = hub.removeprefix(base)
    for key in PREPARATION_STEPS:
        sweep.visit(page, f"{meeting_path}/prepare/{key}", f"sara: preparation step {key!r}")
    page.goto(hub)
    sweep.follow(page, "during", "sara: during the meeting", url=re.compile(rf"{meeting_path}/during/?$"))
    page.goto(hub)
    sweep.follow(page, "share", "sara: share the meeting", url=re.compile(rf"{meeting_path}/share$"))
    page.goto(hub)
    sweep.follow(page, "summary", "sara: my voice on one page", url=re.compile(rf"{meeting_path}/summary$"))

    # A past meeting with an answered decision receipt: its hub, "after" and the receipt.
    page.goto(base + "/meetings/")
    past = [link.get_attribute("href") or "" for link in page.locator("section[aria-labelledby='past-title'] a").all()]
    assert past, "Sara has no earlier meetings in the demo data"
    for href in past:
        page.goto(base + href)
        if page.get_by_test_id("receipt-link").count():
            break
    else:
        pytest.fail("none of Sara's earlier meetings has a decision receipt")
    sweep.check(page, "sara: meeting hub (past)")
    sweep.follow(page, "after", "sara: after the meeting", url=re.compile(rf"/meetings/{UUID}/after$"))
    page.go_back()
    sweep.follow(page, "receipt-link", "sara: decision receipt", url=re.compile(rf"/meetings/{UUID}/receipt$"))


def _young_other_pages(sweep: Sweep, page: Page) -> None:
    base = sweep.base
    sweep.visit(page, "/", "sara: home")
    page.locator("nav.quick-links a[href='/decisions/']").click()
    expect(page).to_have_url(path_is(base, "/decisions/"))
    sweep.check(page, "sara: my decisions")
    sweep.follow(page, "decision-card", "sara: a decision", url=re.compile(rf"/decisions/{UUID}$"))
    page.goto(base + "/")
    sweep.follow(page, "seen-link", "sara: who has seen what", url=path_is(base, "/seen/"))
    sweep.follow(page, "help-now", "sara: help now", url=path_is(base, "/help/"))
    page.goto(base + "/")
    sweep.follow(page, "bisidder-link", "sara: my bisidder (support)", url=path_is(base, "/support/"))
    page.goto(base + "/")
    page.locator("nav.quick-links a[href='/rights/']").click()
    expect(page).to_have_url(path_is(base, "/rights/"))
    sweep.check(page, "sara: my rights")
    page.locator("[data-testid^='rights-']").first.click()
    expect(page).to_have_url(re.compile(r"/rights/[a-z0-9-]+$"))
    sweep.check(page, "sara: a rights page")
    page.goto(base + "/")
    sweep.follow(page, "network-link", "sara: my network", url=path_is(base, "/network/"))
    page.goto(base + "/")
    sweep.follow(page, "steps-link", "sara: my small steps", url=path_is(base, "/steps/"))
    sweep.follow(page, "nav-notifications", "sara: notifications", url=path_is(base, "/notifications/"))
    page.locator("nav.topnav a[href='/account/']").click()
    expect(page).to_have_url(path_is(base, "/account/"))
    sweep.check(page, "sara: my account")
    page.goto(base + "/")
    page.locator("nav.quick-links a[href='/account/data']").click()
    expect(page).to_have_url(path_is(base, "/account/data"))
    sweep.check(page, "sara: my data")
    sweep.follow(page, "data-print", "sara: my data, print version", url=path_is(base, "/account/data/print"))


def test_young_person_pages(live_server: LiveServer, new_phone_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    sweep = Sweep(base)
    sara = _persona(new_phone_context, new_page, base, "sara", "sara-phone")
    _young_meeting_pages(sweep, sara)
    _young_other_pages(sweep, sara)
    sweep.assert_clean()


def _young_form_pages(sweep: Sweep, page: Page) -> None:
    """The forms a young person fills in (opened, and sent empty to see the errors), without saving anything."""
    base = sweep.base
    page.goto(base + "/meetings/")
    sweep.follow(page, "new-meeting", "sara: add a meeting", url=path_is(base, "/meetings/new"))
    sweep.submit_empty(page, "save-meeting", "sara: add a meeting, with errors")
    page.goto(base + "/meetings/")
    page.get_by_test_id("meeting-card").first.click()
    page.locator("main a[href$='/edit']").first.click()
    expect(page).to_have_url(re.compile(rf"/meetings/{UUID}/edit$"))
    sweep.check(page, "sara: change a meeting")
    page.go_back()
    page.get_by_test_id("share").click()
    page.locator("main a[href*='/preview/']").first.click()
    expect(page).to_have_url(re.compile(rf"/meetings/{UUID}/preview/{UUID}$"))
    sweep.check(page, "sara: what a professional sees of a meeting")

    page.goto(base + "/network/")
    sweep.follow(page, "add-person", "sara: add a person to the network", url=path_is(base, "/network/add"))
    sweep.submit_empty(page, "save-person", "sara: add a person, with errors")
    for test_id, what in (("edit-person", "change a person"), ("ask-person", "could they help?"),
                          ("invite-person", "invite to a meeting")):
        page.goto(base + "/network/")
        sweep.follow(page, test_id, f"sara: network, {what}", url=re.compile(rf"/network/people/{UUID}(/\w+)?$"))
    page.goto(base + "/network/")
    sweep.follow(page, "share-network", "sara: share the network", url=path_is(base, "/network/share"))
    page.locator("main a[href*='/network/preview/']").first.click()
    expect(page).to_have_url(re.compile(rf"/network/preview/{UUID}$"))
    sweep.check(page, "sara: what a professional sees of the network")

    page.goto(base + "/steps/")
    sweep.follow(page, "log-step", "sara: log a small step", url=path_is(base, "/steps/log"))
    sweep.submit_empty(page, "save-step", "sara: log a small step, with errors")
    page.goto(base + "/steps/")
    sweep.follow(page, "rate-areas", "sara: rate the areas", url=path_is(base, "/steps/rate"))
    page.goto(base + "/steps/")
    page.locator("[data-testid^='goal-link-']").first.click()
    expect(page).to_have_url(re.compile(r"/steps/goal/\w+$"))
    sweep.check(page, "sara: set a goal")
    page.goto(base + "/steps/")
    sweep.follow(page, "share-steps", "sara: share the small steps", url=path_is(base, "/steps/share"))
    page.locator("main a[href*='/steps/preview/']").first.click()
    expect(page).to_have_url(re.compile(rf"/steps/preview/{UUID}$"))
    sweep.check(page, "sara: what a professional sees of the small steps")
    page.goto(base + "/steps/")
    sweep.follow(page, "housing-link", "sara: my housing wishes", url=path_is(base, "/housing/"))
    sweep.follow(page, "start-housing", "sara: housing wishes, the kind of home",
                 url=path_is(base, "/housing/ask/kind"))
    sweep.visit(page, "/housing/ask/where", "sara: housing wishes, a question to write")
    sweep.visit(page, "/housing/share", "sara: share the housing wishes")
    page.goto(base + "/steps/")
    sweep.follow(page, "plan-link", "sara: my plan for adult life", url=path_is(base, "/transition/"))
    sweep.visit(page, "/transition/share", "sara: share the plan for adult life")

    page.goto(base + "/account/data")
    sweep.follow(page, "delete-account", "sara: delete my account (asks first)", url=path_is(base, "/account/delete"))


def test_young_person_forms(live_server: LiveServer, new_phone_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    sweep = Sweep(base)
    sara = _persona(new_phone_context, new_page, base, "sara", "sara-phone")
    _young_form_pages(sweep, sara)
    sweep.assert_clean()


def test_staff_forms(live_server: LiveServer, new_desktop_context: ContextFactory, new_phone_context: ContextFactory,
                     new_page: NewPage) -> None:
    """The professional's, admin's and bisidder's other pages: invitations, a young person's shared network and
    steps, a new meeting for someone, a person as the admin sees them, helping with a preparation."""
    base = live_server.url
    sweep = Sweep(base)
    lene = _persona(new_desktop_context, new_page, base, "lene", "lene-desktop")
    lene.goto(base + "/people/")
    sweep.follow(lene, "invite-young", "lene: invite a young person", url=path_is(base, "/people/invite"))
    sweep.submit_empty(lene, "create-invite", "lene: invite a young person, with errors")
    lene.goto(base + "/people/")
    lene.get_by_test_id("caseload").locator("a[href^='/people/']").filter(has_text="Sara").first.click()
    person = lene.url
    sweep.follow(lene, "pro-new-meeting", "lene: add a meeting to Sara's list",
                 url=re.compile(rf"/people/{UUID}/meetings/new$"))
    lene.goto(person)
    sweep.follow(lene, "open-network", "lene: Sara's network", url=re.compile(rf"/network/of/{UUID}$"))
    lene.goto(person)
    sweep.follow(lene, "open-steps", "lene: Sara's small steps", url=re.compile(rf"/steps/of/{UUID}$"))

    henrik = _persona(new_desktop_context, new_page, base, "henrik", "henrik-desktop")
    henrik.goto(base + "/admin/")
    sweep.follow(henrik, "invite-staff", "henrik: invite a professional", url=path_is(base, "/admin/invite"))
    sweep.submit_empty(henrik, "create-invite", "henrik: invite a professional, with errors")
    henrik.goto(base + "/admin/")
    sweep.follow(henrik, "login-provider-link", "henrik: the municipality's log-in",
                 url=path_is(base, "/admin/login-provider"))
    sweep.submit_empty(henrik, "oidc-save", "henrik: the municipality's log-in, with errors")
    henrik.goto(base + "/admin/")
    henrik.locator("table a[href^='/admin/people/']").first.click()
    expect(henrik).to_have_url(re.compile(rf"/admin/people/{UUID}$"))
    sweep.check(henrik, "henrik: a person as the admin sees them")
    henrik.goto(base + "/admin/")
    sweep.follow(henrik, "housing-overview-link", "henrik: housing wishes, counted",
                 url=path_is(base, "/admin/housing"))

    hanne = _persona(new_phone_context, new_page, base, "hanne", "hanne-phone")
    hanne.get_by_test_id("supported-sara").locator("a").first.click()
    sweep.follow(hanne, "help-prepare", "hanne: help with the preparation",
                 url=re.compile(rf"/meetings/{UUID}/help-prepare$"))
    sweep.assert_clean()


# --- professional and admin, on a phone and on a desktop ------------------------------------------------------


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_professional_pages(live_server: LiveServer, new_phone_context: ContextFactory,
                            new_desktop_context: ContextFactory, new_page: NewPage, screen: str) -> None:
    base = live_server.url
    sweep = Sweep(base)
    make = new_phone_context if screen == "phone" else new_desktop_context
    lene = _persona(make, new_page, base, "lene", f"lene-{screen}")
    sweep.visit(lene, "/people/", f"lene ({screen}): dashboard")
    lene.get_by_test_id("caseload").locator("a[href^='/people/']").filter(has_text="Sara").first.click()
    expect(lene).to_have_url(re.compile(rf"/people/{UUID}$"))
    sweep.check(lene, f"lene ({screen}): Sara's page")
    lene.get_by_test_id("person-meetings").locator("a").first.click()
    expect(lene).to_have_url(re.compile(rf"/meetings/{UUID}$"))
    sweep.check(lene, f"lene ({screen}): a meeting as professional")
    open_shared_meeting_of_sara(lene, base)
    lene.get_by_test_id("make-journal-note").click()
    expect(lene).to_have_url(re.compile(rf"/people/journal/{UUID}$"))
    sweep.check(lene, f"lene ({screen}): a journal note for the case file")

    henrik = _persona(make, new_page, base, "henrik", f"henrik-{screen}")
    sweep.visit(henrik, "/admin/", f"henrik ({screen}): admin overview")
    sweep.follow(henrik, "voice-link", f"henrik ({screen}): voice", url=path_is(base, "/admin/voice"))
    henrik.go_back()
    sweep.follow(henrik, "transitions-link", f"henrik ({screen}): transitions",
                 url=path_is(base, "/admin/transitions"))
    henrik.go_back()
    sweep.follow(henrik, "steps-overview-link", f"henrik ({screen}): small steps overview",
                 url=path_is(base, "/admin/steps"))
    henrik.go_back()
    sweep.follow(henrik, "evidence-link", f"henrik ({screen}): does having a say make a difference",
                 url=path_is(base, "/admin/evidence"))
    sweep.follow(henrik, "evidence-about", f"henrik ({screen}): what the figures mean",
                 url=path_is(base, "/evidence/about"))

    eva = _persona(make, new_page, base, "eva", f"eva-{screen}")
    sweep.visit(eva, "/partner/", f"eva ({screen}): the partnership's municipalities")
    sweep.follow(eva, "partner-town", f"eva ({screen}): a municipality's figures",
                 url=re.compile(r"/partner/municipality/demo-roskilde$"))
    sweep.assert_clean()


# --- bisidder -------------------------------------------------------------------------------------------------


def test_bisidder_pages(live_server: LiveServer, new_phone_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    sweep = Sweep(base)
    hanne = _persona(new_phone_context, new_page, base, "hanne", "hanne-phone")
    sweep.visit(hanne, "/", "hanne: bisidder home")
    hanne.get_by_test_id("supported-sara").locator("a").first.click()
    expect(hanne).to_have_url(re.compile(rf"/meetings/{UUID}$"))
    sweep.check(hanne, "hanne: Sara's meeting as bisidder")
    sweep.assert_clean()


# --- youth council --------------------------------------------------------------------------------------------


def test_council_pages(live_server: LiveServer, new_phone_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    sweep = Sweep(base)
    amira = _persona(new_phone_context, new_page, base, "amira", "amira-phone")
    sweep.follow(amira, "nav-council", "amira: council overview", url=path_is(base, "/council/"))
    round_href = href_of(amira, "[data-testid='rounds'] a[href^='/council/rounds/'], a[data-testid='go-vote']")
    sweep.follow(amira, "all-proposals", "amira: all proposals", url=re.compile(r"/council/causes(\?.*)?$"))
    amira.locator(".cause-link").first.click()
    expect(amira).to_have_url(re.compile(rf"/council/causes/{UUID}$"))
    cause_href = amira.url
    sweep.check(amira, "amira: a mærkesag")
    sweep.visit(amira, round_href, "amira: a vote")

    amira.goto(base + "/council/")
    sweep.follow(amira, "propose", "amira: propose a mærkesag", url=path_is(base, "/council/propose"))
    sweep.visit(amira, cause_href, "amira: a mærkesag")  # again: was there a history of changes?
    if amira.get_by_test_id("history-link").count():
        sweep.follow(amira, "history-link", "amira: a mærkesag's changes",
                     url=re.compile(rf"/council/causes/{UUID}/history$"))

    karina = _persona(new_phone_context, new_page, base, "karina", "karina-phone")
    karina.get_by_test_id("nav-council").click()
    council = karina.url
    sweep.visit(karina, cause_href, "karina: a mærkesag, with the coordinator's tools")
    karina.goto(council)
    sweep.follow(karina, "members-link", "karina: council members", url=path_is(base, "/council/members/"))
    sweep.follow(karina, "manage-member", "karina: a member", url=re.compile(rf"/council/members/{UUID}$"))
    karina.go_back()
    sweep.follow(karina, "invite-member", "karina: invite a member", url=path_is(base, "/council/members/invite"))
    karina.goto(council)
    karina.locator("a[href='/council/terms']").last.click()
    expect(karina).to_have_url(path_is(base, "/council/terms"))
    sweep.check(karina, "karina: terms")
    karina.goto(council)
    if karina.get_by_test_id("start-round").count():
        sweep.follow(karina, "start-round", "karina: start a vote", url=path_is(base, "/council/rounds/new"))
        karina.goto(council)
    karina.locator("a[href='/council/settings']").click()
    expect(karina).to_have_url(path_is(base, "/council/settings"))
    sweep.check(karina, "karina: council settings")
    public_href = href_of(karina, "[data-testid='public-link']")

    visitor = new_page(new_phone_context("visitor"))
    sweep.visit(visitor, public_href, "public council page (logged out)")
    sweep.assert_clean()


# --- the checker itself ----------------------------------------------------------------------------------------


def test_checker_reports_violations(live_server: LiveServer, new_phone_context: ContextFactory,
                                    new_page: NewPage) -> None:
    """axe-core really runs inside the app's CSP, a violation fails with its rule and element, and an exclusion
    silences one rule on one element only (so a green run above means something)."""
    page = new_page(new_phone_context("visitor"))
    page.goto(live_server.url + "/login")
    page.evaluate("""() => document.querySelector('main').insertAdjacentHTML('beforeend',
        '<input id="a11y-probe-input" type="text"><button id="a11y-probe-button" type="button"></button>')""")
    with pytest.raises(AxeViolationError) as caught:
        check_axe(page, context_label="probe")
    message = str(caught.value)
    assert "- label [critical]" in message and "#a11y-probe-input" in message, message
    assert "- button-name [critical]" in message and "#a11y-probe-button" in message, message

    with pytest.raises(AxeViolationError) as caught:
        check_axe(page, context_label="probe", exclusions={"#a11y-probe-input": ("label",)})
    message = str(caught.value)
    assert "#a11y-probe-input" not in message and "#a11y-probe-button" in message, message

    check_axe(page, context_label="probe", exclusions={"#a11y-probe-input": ("label",),
                                                       "#a11y-probe-button": ("button-name",)})


# --- keyboard -------------------------------------------------------------------------------------------------


def test_skip_link_is_first_and_visible_on_focus(live_server: LiveServer, new_phone_context: ContextFactory,
                                                 new_page: NewPage) -> None:
    base = live_server.url
    sara = _persona(new_phone_context, new_page, base, "sara", "sara-phone")
    sara.goto(base + "/")
    skip = sara.locator("a.skip-link")
    expect(skip).to_have_attribute("href", "#main")
    box = skip.bounding_box()
    assert box is None or box["y"] + box["height"] <= 0, "the skip link shows before it has focus"

    sara.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    viewport = sara.viewport_size
    assert box is not None and viewport is not None
    assert box["y"] >= 0 and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    # Nothing covers it (the sticky top bar sits under it), and the focus ring is drawn.
    on_top = sara.evaluate("""() => {
        const link = document.querySelector('a.skip-link');
        const r = link.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return hit === link || link.contains(hit);
    }""")
    assert on_top, "the focused skip link is covered by another element"
    outline = sara.evaluate("""() => {
        const s = getComputedStyle(document.querySelector('a.skip-link'));
        return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)};
    }""")
    assert outline["style"] != "none" and outline["width"] >= 2, f"no visible focus indicator: {outline}"

    # Enter moves focus to the main content.
    sara.keyboard.press("Enter")
    expect(sara.locator("main#main")).to_be_focused()
