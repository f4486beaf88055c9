"""Staff log in with their municipality's log-in (issue 23.1), in a real browser: Henrik (admin) sets up the
municipality's OpenID Connect provider (a real one, built with Authlib's server side on 127.0.0.1) and links Lene
by her subject there; Lene then logs in through the provider's own page and lands on her home, logged in."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .conftest import RESULTS_DIR
from .support import ContextFactory, LiveServer, login_as_demo

# the tests' provider, shared with tests/test_oidc.py (tests/ is on the path only when its conftest is loaded)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support.oidc_provider import OidcProvider

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]


@pytest.fixture
def provider(live_server: LiveServer) -> Iterator[OidcProvider]:
    running = OidcProvider().start()
    running.add_client("youthvoice-e2e", "e2e-secret-1234", live_server.url + "/login/staff/callback")
    running.add_user("lene-at-roskilde", "Lene Holm")
    yield running
    running.stop()


def _shot(page: Page, name: str) -> None:
    """A screenshot under test-results/ when E2E_SCREENSHOTS is set (for looking at the pages)."""
    if os.environ.get("E2E_SCREENSHOTS"):
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(RESULTS_DIR / f"oidc-{name}.png"), full_page=True)


def test_a_professional_logs_in_with_the_municipality(live_server: LiveServer, provider: OidcProvider,
                                                     new_desktop_context: ContextFactory,
                                                     new_phone_context: ContextFactory, new_page: NewPage) -> None:
    base = live_server.url
    henrik = new_page(new_phone_context("henrik"))
    login_as_demo(henrik, base, "henrik")
    henrik.goto(base + "/admin/")
    henrik.get_by_test_id("login-provider-link").click()
    expect(henrik.get_by_test_id("oidc-redirect-uri")).to_have_text(base + "/login/staff/callback")
    henrik.locator("#issuer").fill(provider.issuer)
    henrik.locator("#client_id").fill("youthvoice-e2e")
    henrik.locator("#client_secret").fill("e2e-secret-1234")
    henrik.get_by_test_id("oidc-save").click()
    expect(henrik.get_by_test_id("oidc-secret-saved")).to_be_visible()
    expect(henrik.locator("#client_secret")).to_have_value("")  # never shown back
    _shot(henrik, "provider-412")
    try:
        henrik.goto(base + "/admin/?q=Lene")
        henrik.get_by_role("link", name=re.compile(r"^Lene")).first.click()
        henrik.locator("#subject").fill("lene-at-roskilde")
        henrik.get_by_test_id("provider-link-save").click()
        expect(henrik.get_by_test_id("provider-link")).to_contain_text("lene-at-roskilde")

        lene = new_page(new_desktop_context("lene"))
        lene.goto(base + "/login")
        lene.get_by_test_id("login-staff").click()
        lene.get_by_test_id("oidc-start-demo-roskilde").click()
        expect(lene).to_have_url(re.compile(re.escape(provider.issuer) + "/authorize"))
        lene.get_by_test_id("provider-username").fill("lene-at-roskilde")
        lene.get_by_test_id("provider-sign-in").click()
        expect(lene).to_have_url(re.compile("^" + re.escape(base) + "/"))
        expect(lene.get_by_test_id("logout")).to_be_visible()
        lene.goto(base + "/account/")
        expect(lene.locator("main")).to_contain_text("Lene")

        # disabled at the provider: the provider refuses, and the page says so (no 500)
        provider.people["lene-at-roskilde"].disabled = True
        other = new_page(new_desktop_context("lene-again"))
        other.goto(base + "/login/staff")
        other.get_by_test_id("oidc-start-demo-roskilde").click()
        other.get_by_test_id("provider-username").fill("lene-at-roskilde")
        other.get_by_test_id("provider-sign-in").click()
        expect(other.get_by_test_id("oidc-error")).to_be_visible()
        expect(other.get_by_test_id("logout")).to_have_count(0)
    finally:
        # the live server is shared by the other journeys: switch the municipality's provider off again
        henrik.goto(base + "/admin/login-provider")
        henrik.locator("#enabled").uncheck()
        henrik.get_by_test_id("oidc-save").click()
