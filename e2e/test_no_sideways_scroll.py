"""The pages before log-in fit a phone: nothing wider than the screen at 412 and 320 px, in a left-to-right and a
right-to-left language. (The log-in page's hidden passkey field once made it 34 px too wide: a text field's own
width and padding beat the class that hides it.)"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page

from .support import ContextFactory, LiveServer

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]
PAGES = ("/login", "/rights/", "/rights/bisidder", "/accessibility", "/privacy")


@pytest.mark.parametrize("width", [412, 320])
def test_the_public_pages_fit_a_phone(live_server: LiveServer, new_phone_context: ContextFactory,
                                      new_page: NewPage, width: int) -> None:
    for language in ("da", "ar"):
        page = new_page(new_phone_context(f"phone-{width}-{language}", viewport={"width": width, "height": 800},
                                          extra_http_headers={"Accept-Language": language}))
        for path in PAGES:
            assert page.goto(live_server.url + path).status == 200, path
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{path} in {language} is {wide} px wide at {width} px"
