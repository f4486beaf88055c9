"""Automated accessibility checks for the browser tests: axe-core, from the project's own npm package.

`npm ci` (scripts/test.sh does it) installs the pinned axe-core under node_modules/. The app's strict CSP
refuses `page.add_script_tag`, so the script's source is read here and evaluated in the page with
`page.evaluate`, which the CSP does not govern (it runs in the page's main world through the DevTools protocol).

    from .a11y import check_axe
    check_axe(page, context_label="sara: meeting hub")

Scope: the WCAG 2.0 and 2.1 A and AA rules (the level Danish public-sector web must meet). axe covers part of
WCAG only; keyboard use and zoom need their own checks.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from playwright.sync_api import Page

from .support import ROOT

AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

# Runs in the page. `exclude` lists [selector, rule ids] pairs: those rules are switched off for exactly those
# elements (false positives, each with its reason where it is passed in), never for the whole page.
_RUN = """
async ({tags, exclusions}) => {
  const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
  const results = await axe.run(document, options);
  const skipped = (rule, node) => exclusions.some(([selector, rules]) =>
    rules.includes(rule) && node.target.length === 1 && document.querySelector(node.target[0]) !== null
    && document.querySelector(node.target[0]).matches(selector));
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.filter((node) => !skipped(violation.id, node)).map((node) => ({
      target: node.target.map((part) => Array.isArray(part) ? part.join(' >>> ') : part),
      html: node.html,
      summary: node.failureSummary || '',
    })),
  })).filter((violation) => violation.nodes.length > 0);
}
"""


class AxeViolationError(AssertionError):
    """axe-core found WCAG 2.1 A/AA violations on a page."""


@cache
def _axe_source() -> str:
    if not AXE_SCRIPT.is_file():
        raise RuntimeError(f"{AXE_SCRIPT.relative_to(ROOT)} is missing: run `npm ci` in the repository root "
                           "(scripts/test.sh does it)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


def _inject(page: Page) -> None:
    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        # The source is an expression statement (a UMD wrapper); wrapping it in a function body keeps evaluate
        # from treating it as a function to call, and `window.axe` is set by the script itself.
        page.evaluate("(source) => { (0, eval)(source); }", _axe_source())


def run_axe(page: Page, *, exclusions: dict[str, tuple[str, ...]] | None = None) -> list[dict[str, Any]]:
    """The WCAG 2.1 A/AA violations axe-core reports for the page as it is now."""
    _inject(page)
    pairs = [[selector, list(rules)] for selector, rules in (exclusions or {}).items()]
    return page.evaluate(_RUN, {"tags": list(WCAG_TAGS), "exclusions": pairs})


def format_violations(violations: list[dict[str, Any]], *, context_label: str, url: str) -> str:
    lines = [f"axe-core: {sum(len(v['nodes']) for v in violations)} WCAG 2.1 A/AA violation(s) on "
             f"{context_label} ({url}):"]
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}]: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(node['target'])}")
            lines.append(f"       {node['html'][:300]}")
            summary = " ".join(node["summary"].split())
            if summary:
                lines.append(f"       {summary[:400]}")
    return "\n".join(lines)


def check_axe(page: Page, *, context_label: str, exclusions: dict[str, tuple[str, ...]] | None = None) -> None:
    """Fail with a readable list (rule, impact, selectors, HTML) if axe-core finds WCAG 2.1 A/AA violations.

    `exclusions` maps a CSS selector to the rule ids that are false positives for exactly the elements it
    matches; say why at the call site.
    """
    violations = run_axe(page, exclusions=exclusions)
    if violations:
        raise AxeViolationError(format_violations(violations, context_label=context_label, url=page.url))
