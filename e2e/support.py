"""What the e2e journeys share: the browser set-up, virtual passkeys, and the steps every journey repeats."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, CDPSession, ConsoleMessage, Page, expect

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "test-results"
DA_CATALOGUE = ROOT / "youthvoice" / "translations" / "da" / "LC_MESSAGES" / "messages.po"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
PHONE = "Pixel 7"
PHONE_LOCALE = "da-DK"
DESKTOP_VIEWPORT = {"width": 1280, "height": 800}
CODE_PATTERN = re.compile(r"^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$")

ContextFactory = Callable[..., BrowserContext]

# Chromium's virtual authenticator answers a passkey-autofill request (mediation "conditional") at once, as if
# the person had picked the passkey from the autofill list. A real person has to act, so in these journeys an
# autofill request waits until the page aborts it: the log-in page then stays the log-in page until the
# button is pressed, which runs the real WebAuthn ceremony.
IGNORE_PASSKEY_AUTOFILL = """
(() => {
  if (!navigator.credentials || !navigator.credentials.get) return;
  const realGet = navigator.credentials.get.bind(navigator.credentials);
  navigator.credentials.get = (options) => {
    if (!options || options.mediation !== "conditional") return realGet(options);
    return new Promise((resolve, reject) => {
      const signal = options.signal;
      if (signal) signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    });
  };
})();
"""


@dataclass
class LiveServer:
    backend: str
    url: str
    port: int
    log_path: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"


def add_virtual_authenticator(context: BrowserContext, page: Page) -> tuple[CDPSession, str]:
    """A platform authenticator with user verification, on this page. Add it BEFORE a ceremony starts."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    result = cdp.send("WebAuthn.addVirtualAuthenticator", {
        "options": {
            "protocol": "ctap2",
            "transport": "internal",
            "hasResidentKey": True,
            "hasUserVerification": True,
            "isUserVerified": True,
            "automaticPresenceSimulation": True,
        },
    })
    return cdp, result["authenticatorId"]


def credentials_of(cdp: CDPSession, authenticator_id: str) -> list[dict[str, Any]]:
    """The passkeys a virtual authenticator holds."""
    return cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]


def html_lang(page: Page) -> str:
    return page.locator("html").get_attribute("lang") or ""


def path_is(base_url: str, path: str) -> re.Pattern[str]:
    """A URL pattern for exactly this path on the live server, with or without a query string."""
    return re.compile("^" + re.escape(base_url + path) + r"(\?.*)?$")


def href_of(page: Page, selector: str) -> str:
    """The href of the first element matching a selector, which must be there."""
    link = page.locator(selector).first
    expect(link).to_be_attached()
    href = link.get_attribute("href")
    assert href, f"{selector} has no href on {page.url}"
    return href


def press_passkey_button(page: Page, test_id: str) -> None:
    """Press a button that starts a passkey ceremony, once passkeys.js (a deferred script) has wired it up.

    The button is in the HTML, enabled, before the script runs; a press before then does nothing.
    """
    button = page.get_by_test_id(test_id)
    expect(button).to_be_enabled()
    page.wait_for_load_state("domcontentloaded")  # deferred scripts have run by then
    button.click()


def login_as_demo(page: Page, base_url: str, first_name: str) -> None:
    """Log in as a demo persona with its "log in as" button on /demo/."""
    page.goto(base_url + "/demo/")
    button = page.get_by_test_id(f"login-as-{first_name.lower()}")
    expect(button).to_have_count(1)
    button.click()
    expect(page).not_to_have_url(re.compile(r"/demo/"))
    expect(page.get_by_test_id("logout")).to_be_visible()


def birth_date_years_ago(years: float) -> date:
    return date.today() - timedelta(days=round(years * 365.25))


def invite_young_person(page: Page, base_url: str, name: str, birth_date: date) -> str:
    """As a logged-in professional: invite a young person and return the one-time link shown."""
    page.goto(base_url + "/people/")
    page.get_by_test_id("invite-young").click()
    expect(page).to_have_url(path_is(base_url, "/people/invite"))
    page.locator("#display_name").fill(name)
    page.locator("#birth_date").fill(birth_date.isoformat())
    page.get_by_test_id("create-invite").click()
    url_input = page.get_by_test_id("invite-url")
    expect(url_input).to_be_visible()
    expect(page.locator("h1")).to_have_text(name)
    url = url_input.input_value()
    assert re.fullmatch(re.escape(base_url) + r"/i/[A-Za-z0-9_\-]{20,}", url), url
    return url


def register_with_invite(page: Page, base_url: str, invite_url: str) -> list[str]:
    """Open an invite link, create a passkey, and return the recovery codes shown once (page ends on them)."""
    page.goto(invite_url)
    press_passkey_button(page, "create-passkey")
    expect(page).to_have_url(path_is(base_url, "/account/welcome"))
    items = page.get_by_test_id("recovery-codes").locator("li")
    expect(items).to_have_count(10)
    codes = [text.strip() for text in items.all_inner_texts()]
    assert all(CODE_PATTERN.match(code) for code in codes), codes
    assert len(set(codes)) == 10, codes
    return codes


def expect_young_home(page: Page, base_url: str, name: str) -> None:
    """The young person's own home page, with their name in the heading (in whichever language)."""
    expect(page).to_have_url(path_is(base_url, "/"))
    expect(page.locator("h1")).to_contain_text(name)
    expect(page.get_by_test_id("logout")).to_be_visible()


def expect_login_page(page: Page, base_url: str) -> None:
    expect(page).to_have_url(path_is(base_url, "/login"))
    expect(page.get_by_test_id("login-passkey")).to_be_visible()
    expect(page.get_by_test_id("logout")).to_have_count(0)


@dataclass(frozen=True)
class Translation:
    msgid: str
    danish: str | None  # None while the Danish catalogue has no (non-fuzzy) translation for it


@cache
def _danish_catalogue() -> dict[str, str]:
    from babel.messages.pofile import read_po

    with DA_CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    return {m.id: m.string for m in catalogue
            if isinstance(m.id, str) and isinstance(m.string, str) and m.string and not m.fuzzy}


def danish(msgid: str) -> Translation:
    """What the Danish catalogue says for an English message id (what the server will show under lang=da)."""
    return Translation(msgid, _danish_catalogue().get(msgid))


def database_url_of(server: LiveServer) -> str:
    """The DATABASE_URL a live server runs with, read from its process environment (Linux).

    `youthvoice serve` execs gunicorn in the same process, so the environment it was started with stays there.
    For the rare step a browser cannot take, such as moving a meeting into the past.
    """
    assert server.process is not None, "the live server has not been started"
    raw = Path(f"/proc/{server.process.pid}/environ").read_bytes()
    env = dict(item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return env[b"DATABASE_URL"].decode()


def move_meeting_start(server: LiveServer, meeting_id: str, starts_at: datetime) -> None:
    """Set a meeting's start time directly in the live server's database (time travel for a journey).

    Goes through the app's own table definition, so the value is stored as the app stores it: a naive UTC
    timestamp on SQLite, a timestamptz on PostgreSQL.
    """
    import uuid

    import sqlalchemy as sa

    from youthvoice.meetings.models import Meeting

    assert starts_at.tzinfo is not None, "give an aware datetime"
    table = Meeting.__table__  # type: ignore[attr-defined]
    engine = sa.create_engine(database_url_of(server))
    try:
        with engine.begin() as connection:
            result = connection.execute(
                sa.update(table).where(table.c.id == uuid.UUID(meeting_id)).values(starts_at=starts_at)
            )
            assert result.rowcount == 1, f"meeting {meeting_id} not found in {server.backend}"
    finally:
        engine.dispose()


@dataclass
class ConsoleWatch:
    """Console errors and uncaught exceptions of every page watched, for an assertion at the end."""

    problems: list[str] = field(default_factory=list)
    allowed_404_prefix: str | None = None  # while set: "404" resource errors from URLs under it are expected

    def watch(self, label: str, page: Page) -> Page:
        page.on("console", lambda message: self._console(label, message))
        page.on("pageerror", lambda error: self.problems.append(f"{label}: uncaught {error}"))
        return page

    def _console(self, label: str, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        where = message.location.get("url", "") if message.location else ""
        if (self.allowed_404_prefix and where.startswith(self.allowed_404_prefix)
                and "status of 404" in message.text):
            return
        self.problems.append(f"{label}: console error at {where or '(no location)'}: {message.text}")


def unique_tag() -> str:
    """A marker no other run uses, so the texts typed here are found only where this run put them."""
    return secrets.token_hex(3).upper()


def shot_if_asked(page: Page, name: str) -> None:
    """A full-page screenshot under test-results/ when E2E_SCREENSHOTS is set (for looking at the pages)."""
    if os.environ.get("E2E_SCREENSHOTS"):
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)


def readme_shots(page: Page, name: str) -> None:
    """When E2E_SCREENSHOTS is set: the page for the README (docs/screenshots/, at the page's size) and at 320 px
    under test-results/ to look at; the page's size is put back afterwards."""
    if not os.environ.get("E2E_SCREENSHOTS"):
        return
    page.screenshot(path=str(ROOT / "docs" / "screenshots" / f"{name}.png"), full_page=True)
    width = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(RESULTS_DIR / f"{name}-320.png"), full_page=True)
    if width:
        page.set_viewport_size(width)


def exactly_at(base: str, path: str) -> re.Pattern[str]:
    """Exactly this path on the live server, with or without a query string and a #fragment."""
    return re.compile("^" + re.escape(base + path) + r"(\?[^#]*)?(#.*)?$")


def open_shared_meeting_of_sara(page: Page, base: str) -> str:
    """Go to a meeting whose content Sara shares with the logged-in professional (it has the journal note button)."""
    page.goto(base + "/people/")
    page.get_by_test_id("caseload").locator("a[href^='/people/']").filter(has_text="Sara").first.click()
    links = page.get_by_test_id("person-meetings").locator("a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for href in hrefs:
        page.goto(base + str(href))
        if page.get_by_test_id("make-journal-note").count():
            return page.url
    raise AssertionError("Sara shares the content of no meeting with this professional")


def back_to_danish(new_phone_context: Any, new_page: Any, base: str, who: str) -> None:
    """A journey that chose another language on a demo persona's account sets Danish again, so the journeys after
    it (on the same live server) meet the persona as they expect: a chosen language is kept on the account."""
    page = new_page(new_phone_context(f"{who}-back-to-danish"))
    login_as_demo(page, base, who)
    page.locator("footer form.lang-switch button[name='language'][value='da']").click()
    page.wait_for_load_state()
