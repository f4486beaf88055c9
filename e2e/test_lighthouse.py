"""Lighthouse on the young person's main pages (issue 7, point 8): performance at least 95 and accessibility 100,
at Lighthouse's mobile settings (its defaults: a phone screen, simulated slow 4G and a 4x slower CPU).

Lighthouse is the pinned npm package (package.json; `npm ci` installs it) driving Debian's Chromium, through its
Node API in e2e/lighthouse.mjs: one fresh Chromium per page, with the Chromium flags the other browser tests use
plus `--headless=new`. The pages behind log-in get the session of Sara (the demo young person) as a `Cookie`
header (Lighthouse's `extraHeaders`): she logs in through the real demo log-in in Playwright first, and the test
checks that Lighthouse really audited the page asked for, not the log-in page it would otherwise be sent to.

One Lighthouse run per page, on the SQLite live server only (the pages are the same templates on either
database): about 10 s a page. Scores and metrics go to test-results/lighthouse.md; a failure lists the audits
that cost points.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from youthvoice.core.config import Defaults

from .support import CHROMIUM, CHROMIUM_ARGS, RESULTS_DIR, ROOT, TIMEOUT_MS, LiveServer, login_as_demo

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.parametrize("live_server", ["sqlite"], indirect=True),
]

RUNNER = ROOT / "e2e" / "lighthouse.mjs"
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "package.json"
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS]
MIN_PERFORMANCE = 0.95
MIN_ACCESSIBILITY = 1.0
RUN_TIMEOUT_S = 420


def _session_and_pages(browser: Browser, base: str) -> tuple[str, dict[str, str]]:
    """Log Sara in and find the addresses of a preparation step and a rights page from the demo data."""
    context = browser.new_context(service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        login_as_demo(page, base, "sara")
        page.goto(base + "/meetings/")
        card = page.get_by_test_id("meeting-card").first
        expect(card).to_be_attached()
        meeting = card.get_attribute("href")
        assert meeting and re.fullmatch(r"/meetings/[0-9a-f-]{36}", meeting), meeting
        page.goto(base + "/rights/")
        rights = page.locator("[data-testid^='rights-']").first
        expect(rights).to_be_attached()
        rights_page = rights.get_attribute("href")
        assert rights_page, "no rights page linked from /rights/"
        cookie_name = Defaults.SESSION_COOKIE_NAME
        cookies = [c for c in context.cookies() if c["name"] == cookie_name]
        assert cookies, f"no {cookie_name} cookie after logging in"
        cookie = f"{cookie_name}={cookies[0]['value']}"
    finally:
        context.close()
    pages = {"home": "/", "preparation step": f"{meeting}/prepare/mood", "small steps": "/steps/",
             "meetings": "/meetings/", "a rights page": rights_page}
    return cookie, pages


def _run_lighthouse(job: dict[str, Any]) -> list[dict[str, Any]]:
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    try:
        result = subprocess.run(["node", str(RUNNER)], input=json.dumps(job), capture_output=True, text=True,
                                cwd=ROOT, env=env, timeout=RUN_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"Lighthouse did not finish within {RUN_TIMEOUT_S} s:\n{error.stderr}", pytrace=False)
    if result.returncode != 0:
        pytest.fail(f"Lighthouse failed (exit {result.returncode}):\n{result.stderr[-4000:]}", pytrace=False)
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def _write_table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    lines = ["# Lighthouse (mobile, simulated throttling)", "",
             f"Goals: performance ≥ {round(MIN_PERFORMANCE * 100)}, accessibility {round(MIN_ACCESSIBILITY * 100)}."
             " Written by e2e/test_lighthouse.py.", "",
             "| page | performance | accessibility | FCP | LCP | TBT | CLS | SI |",
             "|---|---:|---:|---|---|---|---|---|"]
    for label, result in rows:
        scores, metrics = result["scores"], result["metrics"]

        def score(key: str, scores: dict[str, Any] = scores) -> str:
            return "—" if scores.get(key) is None else str(round(scores[key] * 100))

        values = [str(metrics.get(key) or "—").replace("\xa0", " ") for key in (
            "first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
            "speed-index")]
        lines.append(f"| {label} | {score('performance')} | {score('accessibility')} | " + " | ".join(values) + " |")
    text = "\n".join(lines) + "\n"
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "lighthouse.md").write_text(text)
    return text


def test_main_pages_score_well_in_lighthouse(live_server: LiveServer, browser: Browser) -> None:
    if shutil.which("node") is None:
        pytest.fail("Node.js is needed to run Lighthouse (Debian: apt-get install nodejs)", pytrace=False)
    if not LIGHTHOUSE.exists():
        pytest.fail("Lighthouse is not installed: run `npm ci` (scripts/test.sh does)", pytrace=False)
    base = live_server.url
    cookie, pages = _session_and_pages(browser, base)
    labels = ["log-in page", *pages]
    job = {"chromePath": CHROMIUM, "chromeFlags": CHROME_FLAGS,
           "pages": [{"url": base + "/login"}]
           + [{"url": base + path, "headers": {"Cookie": cookie}} for path in pages.values()]}
    results = _run_lighthouse(job)
    assert len(results) == len(labels), f"Lighthouse reported {len(results)} of {len(labels)} pages"
    print("\n" + _write_table(list(zip(labels, results, strict=True))))

    failures = []
    for label, result in zip(labels, results, strict=True):
        if result["runtimeError"]:
            failures.append(f"{label} ({result['url']}): Lighthouse could not audit it: {result['runtimeError']}")
            continue
        if result["finalUrl"] != result["url"]:
            failures.append(f"{label}: Lighthouse audited {result['finalUrl']} instead of {result['url']} "
                            "(the session cookie did not work?)")
            continue
        performance, accessibility = result["scores"]["performance"], result["scores"]["accessibility"]
        if performance is None or performance < MIN_PERFORMANCE or accessibility is None \
                or accessibility < MIN_ACCESSIBILITY:
            audits = "\n".join(f"    [{a['category']}] {a['id']} ({a['title']}): score {a['score']} "
                               f"{a['displayValue']} {' | '.join(filter(None, a['items']))}"
                               for a in result["failing"])
            failures.append(f"{label} ({result['url']}): performance {performance}, accessibility "
                            f"{accessibility}; audits that cost points:\n{audits}")
    assert not failures, "\n".join(failures)
