"""Page-weight budgets (issue 7, points 5 and 6), measured on the wire in Chromium.

Every page a young person uses must transfer at most 50 KB on a first load and at most 15 KB on a later load,
and no page may make a request to any other origin.

How it is measured:

* **First load**: a fresh browser context (empty HTTP cache, no service worker) carrying only the logged-in
  session cookie opens the page, and everything the visit causes is counted until the service worker is active
  and the network is quiet. That includes the service worker's install, which fetches the app shell (every
  script, the stylesheet, an icon and the offline page) in the background: those bytes really cross the wire on
  a young person's first visit, so they count, and the table shows their share separately ("of which SW").
* **Later load**: the same page again in the same context. What crosses the wire is the page's HTML (the
  service worker fetches it from the server: pages are never cached, they may be personal); every static file
  must come from the service worker's cache or the HTTP cache, and the test checks that none is fetched again.
  On both loads the web-app manifest is fetched as a phone's Chrome does (headless Chromium skips it unless
  asked); it may be kept for an hour, so a later load takes it from the cache.
  A second check does the same with service workers blocked, so the hashed, immutable static files are also
  kept by the plain HTTP cache (a browser without a service worker).
* **Bytes** are Chromium's own count per response: response headers plus the encoded (compressed) body, as
  Playwright reports them (`request.sizes()`, from the DevTools protocol's `encodedDataLength`). A response
  served from a cache counts 0. Requests made by the service worker are reported too (`request.service_worker`);
  a page request the service worker answered (`response.from_service_worker`) is not counted, since the worker's
  own fetch for it, if any, is. Chromium reports no body size for the service-worker script itself, so its
  Content-Length is used for that one response.
* **Compression**: every request that reached the network carried `Accept-Encoding` with br (as Chromium sends
  it), and every text response larger than 1 KB came back brotli- or gzip-compressed.
* **Caching**: every static file has a content hash in its name and `Cache-Control: max-age=31536000, immutable`.

The table of results is written to test-results/page-weight.md. A page over budget is a bug in the page (too
much HTML, a new script, ...), not a budget to raise.

Runs on the SQLite live server only: the pages are the same templates on either database.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Request

from .support import PHONE, PHONE_LOCALE, RESULTS_DIR, TIMEOUT_MS, LiveServer, href_of, login_as_demo

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.parametrize("live_server", ["sqlite"], indirect=True),
]

FIRST_LOAD_BUDGET = 50 * 1024
LATER_LOAD_BUDGET = 15 * 1024
YEAR = 31_536_000
PREPARATION_STEPS = ("mood", "going_well", "hard", "points", "decisions", "people", "bisidder", "setup", "questions")
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
HASHED_STATIC = re.compile(r"^/static/.+\.[0-9a-f]{10}(\.[a-z0-9]+)?$")
TEXT_TYPES = ("text/", "javascript", "json", "svg", "manifest")
WORKER_READY = """() => Promise.race([navigator.serviceWorker.ready.then(() => true),
                                       new Promise((resolve) => setTimeout(() => resolve(false), 10000))])"""
TABLE = RESULTS_DIR / "page-weight.md"
ROWS: dict[str, list[tuple[str, str, int, int, int]]] = {}  # test name -> (page, path, first, of which SW, later)


@dataclass
class Transfer:
    url: str
    by_worker: bool
    from_worker: bool
    status: int
    size: int  # bytes on the wire: headers + encoded body; 0 when served from a cache
    accept_encoding: str | None
    content_encoding: str | None
    content_type: str
    cache_control: str
    decoded_size: int


def _transfer(request: Request) -> Transfer:
    response = request.response()
    assert response is not None, request.url
    sizes = request.sizes()
    headers = response.headers
    size = sizes["responseHeadersSize"] + sizes["responseBodySize"]
    if sizes["responseBodySize"] == 0 and response.status == 200 and headers.get("content-length"):
        size += int(headers["content-length"])  # the service-worker script: Chromium reports no body size
    try:
        decoded = len(response.body()) if response.status == 200 else 0
    except Exception:  # a body the browser no longer holds (the service worker's cache fetches)
        decoded = int(headers.get("content-length", 0)) if not headers.get("content-encoding") else 0
    return Transfer(
        url=request.url, by_worker=request.service_worker is not None, from_worker=response.from_service_worker,
        status=response.status, size=max(size, 0), accept_encoding=request.all_headers().get("accept-encoding"),
        content_encoding=headers.get("content-encoding"), content_type=headers.get("content-type", ""),
        cache_control=headers.get("cache-control", ""), decoded_size=decoded,
    )


@dataclass
class Recorder:
    """Every request a browser context makes (its pages and its service worker) and what each transferred.

    The event handlers only note the requests; their sizes and headers are read afterwards (`transfers`), while
    the context is still open: asking the browser from inside an event handler races with the next event.
    """

    origin: str
    started: list[str] = field(default_factory=list)
    done: list[Request] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    pending: dict[int, Request] = field(default_factory=dict)  # holding the objects keeps their ids unique

    def attach(self, context: BrowserContext) -> None:
        context.on("request", self._request)
        context.on("requestfinished", self._finished)
        context.on("requestfailed", self._failed)

    def reset(self) -> None:
        self.done.clear()
        self.failed.clear()

    def _request(self, request: Request) -> None:
        self.started.append(request.url)
        self.pending[id(request)] = request

    def _failed(self, request: Request) -> None:
        self.pending.pop(id(request), None)
        self.failed.append(f"{request.url}: {request.failure}")

    def _finished(self, request: Request) -> None:
        self.pending.pop(id(request), None)
        self.done.append(request)

    def transfers(self) -> list[Transfer]:
        return [_transfer(request) for request in self.done]

    def settle(self, page: Page, quiet_s: float = 0.4, limit_s: float = 15) -> None:
        """Wait until no request has been open for `quiet_s` (the service worker's fetches included).

        Waits with `page.wait_for_timeout`, not `time.sleep`: Playwright's sync API delivers events only while
        one of its calls is running.
        """
        deadline = time.monotonic() + limit_s
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            page.wait_for_timeout(50)
            if self.pending:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= quiet_s:
                return
        still_open = ", ".join(request.url for request in self.pending.values())
        raise AssertionError(f"requests still open after {limit_s} s: {still_open}")

    def on_wire(self) -> list[Transfer]:
        """The responses that crossed the network (a page request answered by the service worker did not)."""
        return [t for t in self.transfers() if not t.from_worker and t.size > 0]

    def foreign(self) -> list[str]:
        return [url for url in self.started if not url.startswith(("data:", "blob:"))
                and f"{urlsplit(url).scheme}://{urlsplit(url).netloc}" != self.origin]


@dataclass
class Measurement:
    first: int
    first_by_worker: int
    later: int
    problems: list[str]


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _check_first_load(rec: Recorder, wire: list[Transfer], label: str) -> list[str]:
    problems = []
    document = [t for t in wire if not t.by_worker and "text/html" in t.content_type]
    if not document:
        problems.append(f"{label}: no HTML document was transferred")
    for t in wire:
        path = _path(t.url)
        if "br" not in (t.accept_encoding or "") and not path.endswith("/sw.js"):
            # Chromium does not report the request headers of the service-worker script's own fetch.
            problems.append(f"{label}: {path} was requested without Accept-Encoding: br ({t.accept_encoding!r})")
        if any(kind in t.content_type for kind in TEXT_TYPES) and t.decoded_size > 1024 \
                and t.content_encoding not in ("br", "gzip"):
            problems.append(f"{label}: {path} ({t.decoded_size} bytes of {t.content_type}) was sent uncompressed")
        if path.startswith("/static/"):
            if not HASHED_STATIC.match(path):
                problems.append(f"{label}: static file without a content hash in its name: {path}")
            if f"max-age={YEAR}" not in t.cache_control or "immutable" not in t.cache_control:
                problems.append(f"{label}: {path} is not cached for a year ({t.cache_control!r})")
    problems += [f"{label}: request failed: {failure}" for failure in rec.failed]
    return problems


def _check_later_load(rec: Recorder, wire: list[Transfer], label: str) -> list[str]:
    problems = [f"{label} (later load): {_path(t.url)} was fetched again ({t.size} bytes)"
                for t in wire if _path(t.url).startswith("/static/")]
    problems += [f"{label} (later load): request failed: {failure}" for failure in rec.failed]
    return problems


def _visit(page: Page, url: str, label: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{label}: {url} answered {response and response.status}"
    page.wait_for_load_state("load")


def _fetch_manifest(context: BrowserContext, page: Page) -> None:
    """Fetch the page's web-app manifest, as Chrome on a phone does on every page that links one (headless
    Chromium only fetches it when asked). Its icons are fetched only when someone installs the app; the one the
    service worker keeps (icon-192) is in the shell anyway."""
    if page.locator("link[rel='manifest']").count():
        cdp = context.new_cdp_session(page)
        try:
            assert cdp.send("Page.getAppManifest").get("url"), f"{page.url}: no manifest fetched"
        finally:
            cdp.detach()


def _measure(make_context: Callable[..., BrowserContext], base: str, path: str, label: str) -> Measurement:
    """First and later load of one page, in a fresh context with service workers allowed."""
    context = make_context()
    rec = Recorder(base)
    rec.attach(context)
    try:
        page = context.new_page()
        _visit(page, base + path, label)
        # app.js registers the worker on `load`; it installs (fetching the shell) before it is ready. The offline
        # page has no app.js (the worker itself shows it) and so registers nothing.
        if page.locator("script[src^='/static/js/app.']").count():
            assert page.evaluate(WORKER_READY), f"{label}: the service worker did not become active"
        _fetch_manifest(context, page)
        rec.settle(page)
        wire = rec.on_wire()
        problems = _check_first_load(rec, wire, label)
        first = sum(t.size for t in wire)
        first_by_worker = sum(t.size for t in wire if t.by_worker)

        rec.reset()
        _visit(page, base + path, label)
        _fetch_manifest(context, page)
        rec.settle(page)
        wire = rec.on_wire()
        problems += _check_later_load(rec, wire, label)
        later = sum(t.size for t in wire)
        problems += [f"{label}: request to another origin: {url}" for url in rec.foreign()]
        return Measurement(first, first_by_worker, later, problems)
    finally:
        context.close()


def _check_http_cache(make_context: Callable[..., BrowserContext], base: str, path: str, label: str) -> list[str]:
    """Without a service worker, the second visit must take every static file from the HTTP cache."""
    context = make_context(service_workers="block")
    rec = Recorder(base)
    rec.attach(context)
    try:
        page = context.new_page()
        _visit(page, base + path, label)
        rec.settle(page)
        statics = [t for t in rec.on_wire() if _path(t.url).startswith("/static/")]
        problems = [] if statics else [f"{label}: the first load fetched no static file at all"]
        rec.reset()
        _visit(page, base + path, label)
        rec.settle(page)
        return problems + _check_later_load(rec, rec.on_wire(), f"{label}, no service worker")
    finally:
        context.close()


def _write_table() -> None:
    lines = ["# Page weight (bytes on the wire, Chromium, phone)", "",
             f"Budgets: first load ≤ {FIRST_LOAD_BUDGET // 1024} KB (service-worker install included), "
             f"later load ≤ {LATER_LOAD_BUDGET // 1024} KB. Written by e2e/test_page_weight.py.", "",
             "| page | path | first KB | of which SW install KB | later KB |", "|---|---|---:|---:|---:|"]
    for rows in ROWS.values():
        for label, path, first, by_worker, later in rows:
            lines.append(f"| {label} | `{path}` | {first / 1024:.1f} | {by_worker / 1024:.1f} | {later / 1024:.1f} |")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    TABLE.write_text("\n".join(lines) + "\n")


def _run_budget(name: str, make_context: Callable[..., BrowserContext], base: str,
                pages: list[tuple[str, str]]) -> None:
    rows = ROWS.setdefault(name, [])
    rows.clear()
    failures: list[str] = []
    for label, path in pages:
        measured = _measure(make_context, base, path, label)
        rows.append((label, path, measured.first, measured.first_by_worker, measured.later))
        failures += measured.problems
        if measured.first > FIRST_LOAD_BUDGET:
            failures.append(f"{label} ({path}): first load {measured.first} bytes > {FIRST_LOAD_BUDGET}")
        if measured.later > LATER_LOAD_BUDGET:
            failures.append(f"{label} ({path}): later load {measured.later} bytes > {LATER_LOAD_BUDGET}")
    _write_table()
    print("\n" + TABLE.read_text())
    assert not failures, "\n".join(failures)


# --- the contexts -----------------------------------------------------------------------------------------------


@pytest.fixture
def phone_options(playwright_instance: Playwright) -> dict[str, Any]:
    device = {key: value for key, value in playwright_instance.devices[PHONE].items()
              if key != "default_browser_type"}
    return {**device, "locale": PHONE_LOCALE}


def _factory(browser: Browser, options: dict[str, Any], storage_state: Any = None) -> Callable[..., BrowserContext]:
    def make(**overrides: Any) -> BrowserContext:
        context = browser.new_context(**{**options, "storage_state": storage_state, **overrides})
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        return context

    return make


def _logged_in(browser: Browser, options: dict[str, Any], base: str, name: str) -> tuple[Any, Page, BrowserContext]:
    """Log a demo persona in once; later contexts get only its session cookie (and so an empty cache)."""
    context = browser.new_context(**options, service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    login_as_demo(page, base, name)
    return context.storage_state(), page, context


# --- the pages ------------------------------------------------------------------------------------------------


def _young_pages(page: Page, base: str) -> list[tuple[str, str]]:
    """Every page Sara uses, its addresses found by following links from the demo data."""
    page.goto(base + "/meetings/")
    meeting = href_of(page, "[data-testid='meeting-card']")
    assert re.fullmatch(rf"/meetings/{UUID}", meeting), meeting
    past = [link.get_attribute("href") or "" for link in page.locator("section[aria-labelledby='past-title'] a").all()]
    past_meeting = None
    for href in past:
        page.goto(base + href)
        if page.get_by_test_id("receipt-link").count():
            past_meeting = href
            break
    assert past_meeting, "none of Sara's earlier meetings has a decision receipt"
    page.goto(base + "/decisions/")
    decision = href_of(page, "[data-testid='decision-card']")
    page.goto(base + "/rights/")
    rights_page = href_of(page, "[data-testid^='rights-']")
    page.goto(base + "/steps/")
    goal = href_of(page, "[data-testid^='goal-link-']")
    page.goto(base + "/network/")
    person = href_of(page, "[data-testid='edit-person']")

    pages = [("home", "/"), ("meetings", "/meetings/"), ("add a meeting", "/meetings/new"),
             ("a meeting (upcoming)", meeting)]
    pages += [(f"preparation: {key}", f"{meeting}/prepare/{key}") for key in PREPARATION_STEPS]
    pages += [("meeting room (during)", f"{meeting}/during/"), ("share a meeting", f"{meeting}/share"),
              ("my voice on one page", f"{meeting}/summary"), ("a meeting (past)", past_meeting),
              ("after the meeting", f"{past_meeting}/after"), ("decision receipt", f"{past_meeting}/receipt"),
              ("decisions", "/decisions/"), ("a decision", decision),
              ("network", "/network/"), ("network: add a person", "/network/add"), ("network: a person", person),
              ("small steps", "/steps/"), ("small steps: log", "/steps/log"), ("small steps: rate", "/steps/rate"),
              ("small steps: goal", goal), ("my bisidder (support)", "/support/"), ("help now", "/help/"),
              ("rights", "/rights/"), ("a rights page", rights_page), ("notifications", "/notifications/"),
              ("me (account)", "/account/"), ("my data", "/account/data"), ("who has seen what", "/seen/")]
    return pages


def _council_pages(page: Page, base: str) -> list[tuple[str, str]]:
    """The youth council as a member (Amira) sees it."""
    page.goto(base + "/council/")
    voting_round = href_of(page, "[data-testid='rounds'] a[href^='/council/rounds/'], a[data-testid='go-vote']")
    page.goto(base + "/council/causes")
    cause = href_of(page, ".cause-link")
    return [("council", "/council/"), ("council: proposals", "/council/causes"), ("council: a mærkesag", cause),
            ("council: a vote", voting_round), ("council: propose", "/council/propose")]


def _budget_of(browser: Browser, phone_options: dict[str, Any], base: str, name: str,
               pages_of: Callable[[Page, str], list[tuple[str, str]]]) -> None:
    """Log in as a demo persona, collect the pages they use, then measure each in a fresh context."""
    state, page, context = _logged_in(browser, phone_options, base, name)
    try:
        pages = pages_of(page, base)
    finally:
        context.close()
    _run_budget(name, _factory(browser, phone_options, state), base, pages)


def test_young_person_pages_within_budget(live_server: LiveServer, browser: Browser,
                                          phone_options: dict[str, Any]) -> None:
    _budget_of(browser, phone_options, live_server.url, "sara", _young_pages)


def test_council_member_pages_within_budget(live_server: LiveServer, browser: Browser,
                                            phone_options: dict[str, Any]) -> None:
    _budget_of(browser, phone_options, live_server.url, "amira", _council_pages)


def test_public_pages_within_budget(live_server: LiveServer, browser: Browser, phone_options: dict[str, Any]) -> None:
    """Before log-in: the log-in page, account recovery and the offline page."""
    pages = [("log-in page", "/login"), ("recovery code", "/recover"), ("offline page", "/offline")]
    _run_budget("public", _factory(browser, phone_options), live_server.url, pages)


def test_static_files_stay_in_the_http_cache(live_server: LiveServer, browser: Browser,
                                             phone_options: dict[str, Any]) -> None:
    """Without a service worker too, a later load fetches no static file again (immutable, hashed names)."""
    base = live_server.url
    state, _page, context = _logged_in(browser, phone_options, base, "sara")
    context.close()
    make = _factory(browser, phone_options, state)
    problems = _check_http_cache(make, base, "/", "home") + _check_http_cache(make, base, "/steps/log", "log a step")
    assert not problems, "\n".join(problems)
