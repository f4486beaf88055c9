"""Keyboard focus is never hidden under the phone's bottom menu (issue 24.8, WCAG 2.4.11 "focus not obscured").

On a phone the main menu is a bar fixed to the bottom of the screen. Tabbing through a page scrolls each focused
element into view, and without room kept for the bar the browser scrolled it just under the bar (on the young
person's home, "Hvem har set hvad" was focused out of sight). Sara tabs through every page her home and her
meetings link to, at 412 x 915 and 320 x 640, and every focused element must show above the bar (all of it, or at
least its first 24 pixels for a tall text box).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page

from .support import ContextFactory, LiveServer, login_as_demo

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("live_server", ["sqlite"], indirect=True)]

NewPage = Callable[[BrowserContext], Page]
MAX_TABS = 60

# Where the focused element is, and where the bar starts (Infinity when the page has no bar).
FOCUS_AND_BAR = """() => {
  const element = document.activeElement;
  const bar = document.querySelector("nav.topnav");
  const barTop = bar && getComputedStyle(bar).position === "fixed" ? bar.getBoundingClientRect().top : Infinity;
  if (!element || element === document.body) return null;
  const box = element.getBoundingClientRect();
  const name = (element.getAttribute("aria-label") || element.textContent || element.name || element.tagName)
    .trim().replace(/\\s+/g, " ").slice(0, 40);
  return {top: box.top, bottom: box.bottom, height: box.height, barTop, inBar: !!(bar && bar.contains(element)),
          name, viewport: window.innerHeight};
}"""

SAME_SITE_LINKS = """() => [...document.querySelectorAll("main a[href^='/']")].map((a) => a.getAttribute("href"))"""


def _pages_of_sara(page: Page, base: str) -> list[str]:
    """Her home, and the pages her home and her meetings list link to (no ids written in here)."""
    paths = ["/"]
    for start in ("/", "/meetings/"):
        page.goto(base + start)
        for href in page.evaluate(SAME_SITE_LINKS):
            path = href.split("#")[0]
            if path and path not in paths and not path.startswith(("/logout", "/static")):
                paths.append(path)
    return paths[:25]


def _hidden_focus(page: Page, path: str) -> list[str]:
    hidden = []
    page.keyboard.press("Tab")
    for _ in range(MAX_TABS):
        where = page.evaluate(FOCUS_AND_BAR)
        if where and where["height"] > 0 and not where["inBar"]:
            visible = min(where["bottom"], where["barTop"], where["viewport"]) - max(where["top"], 0)
            if visible < min(where["height"], 24):  # a tall text box may go on under the bar, not its start
                hidden.append(f"{path}: {where['name']!r} at {where['top']:.0f}-{where['bottom']:.0f}, "
                              f"bar from {where['barTop']:.0f}")
        page.keyboard.press("Tab")
    return hidden


@pytest.mark.parametrize("size", [(412, 915), (320, 640)], ids=["412", "320"])
def test_focus_stays_above_the_bottom_menu(live_server: LiveServer, new_phone_context: ContextFactory,
                                           new_page: NewPage, size: tuple[int, int]) -> None:
    base = live_server.url
    page = new_page(new_phone_context("sara-keyboard", viewport={"width": size[0], "height": size[1]}))
    login_as_demo(page, base, "sara")
    paths = _pages_of_sara(page, base)
    assert len(paths) >= 8, paths
    hidden: list[str] = []
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.locator("nav.topnav").is_visible(), f"{path}: no bottom menu"
        hidden += _hidden_focus(page, path)
    assert not hidden, "focused but hidden:\n" + "\n".join(dict.fromkeys(hidden))
