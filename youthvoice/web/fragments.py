"""Pieces of pages rendered once and kept: the page frame, and the rows of long lists.

The frame: pieces rendered once per process and key, with holes for what changes per request.

Every page repeats the same frame: the top bar with its navigation, the outbox panel's forty translated
messages, the footer's language switch. They depend only on the language, the kind of person, where in the app
the page is, and the mount point; rendering them anew cost a tenth of a page's time. A fragment is a template
under `templates/fragments/` rendered with its keys as its only variables (no `current_user`, no page data:
whatever it shows must be in its key), so one person's page can never show another's. What does change per
request (a CSRF token, the unread count, the current path) goes into a hole: `{{ hole("name") }}` in the
fragment, filled from `holes=` on every call, escaped like any other variable.

The rows: a professional's dashboard lists fifty rows, a proposal list twenty, and a row cost more to render
than its data cost to read. `kept_rows` keeps a row macro's output for a few minutes, keyed on the macro's
arguments (frozen records of exactly what the row shows), the language, the time zone and the mount point. Row
macros live in their own templates (`{{ kept_rows("people/_rows.html", "board_row", rows) }}`), and it can only
be served for a key computed from rows the viewer was allowed to read (who may see which row is decided by the
statements, on every request).

Both are rendered in an environment of their own (`kept_environment`): the app's filters, but of its globals only
those that are the same for everyone (KEPT_GLOBALS: translations, links, static files; no `csrf_token`,
`request`, `session`, `g` or `config`, and no context processors, so no `current_user`), and StrictUndefined. A
kept piece that reaches for a per-request or per-person value fails at once instead of keeping that value for
the next person; its output cannot depend on anything its key leaves out.
Entries expire after ROW_SECONDS and are swept out by the next request after that (at most once a minute), even
when no list is shown again, so a name shown in a row does not stay in a worker's memory for long, erasure
included.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Hashable, Iterable, Mapping
from typing import Any

from flask import Flask, current_app, request
from flask_babel import force_locale, get_locale, get_timezone
from jinja2 import Environment, StrictUndefined
from markupsafe import Markup, escape

_HOLE = "\x00hole:{}\x00"  # split out when the fragment is rendered; hole values are never split
_HOLES = re.compile("\x00hole:([a-z_]+)\x00")
MAX_KEPT = 4096  # keys are few (languages × kinds of person × pages); a bound all the same
ROW_SECONDS = 600  # a row is kept ten minutes: long enough for a working session, short enough not to linger
MAX_ROWS = 20_000
# The app's template globals a kept piece may use: the same for every request and person (a link is kept per
# mount point, a translation per language, both in the key). Anything else, such as an area's new global, is left
# out until it is added here.
KEPT_GLOBALS = ("range", "dict", "lipsum", "cycler", "joiner", "namespace", "_", "gettext", "ngettext", "pgettext",
                "npgettext", "url_for", "asset", "language_names")
KEPT_TEMPLATES = 100  # compiled templates the kept environment holds: the fragments, the row templates, their imports


def hole(name: str) -> Markup:
    """Where a fragment leaves room for a per-request value (only inside a fragment template)."""
    return Markup(_HOLE.format(name))  # noqa: S704 - a fixed marker, no input


def fragment(name: str, /, holes: Mapping[str, Any] | None = None, **keys: Hashable) -> Markup:
    """`fragments/<name>.html` for these keys (rendered on first use), with its holes filled."""
    kept: dict[tuple[Any, ...], list[str]] = current_app.extensions["yv_fragments"]
    key = (name, request.script_root, *sorted(keys.items()))
    parts = kept.get(key)
    if parts is None:
        parts = kept[key] = _render(name, keys)
        if len(kept) > MAX_KEPT:
            kept.clear()
            kept[key] = parts
    if len(parts) == 1:
        return Markup(parts[0])  # noqa: S704 - our own template's output
    holes = holes or {}
    out = [parts[0]]
    for index in range(1, len(parts), 2):
        out.append(escape(holes[parts[index]]))
        out.append(parts[index + 1])
    return Markup("".join(out))  # noqa: S704 - our own template's output, holes escaped


def kept_environment(app: Flask) -> Environment:
    """The Jinja environment kept pieces are rendered in: the app's templates and filters, KEPT_GLOBALS and `hole`
    only, StrictUndefined. Made on first use, when every area has added its filters and globals."""
    env: Environment | None = app.extensions.get("yv_kept_environment")
    if env is None:
        # its own template cache: templates the app's environment compiled see the app's globals
        env = app.jinja_env.overlay(undefined=StrictUndefined, cache_size=KEPT_TEMPLATES)
        env.globals = {name: app.jinja_env.globals[name] for name in KEPT_GLOBALS if name in app.jinja_env.globals}
        env.globals["hole"] = hole
        app.extensions["yv_kept_environment"] = env
    return env


def _render(name: str, keys: Mapping[str, Hashable]) -> list[str]:
    """The fragment's text split at its holes: [text, hole name, text, hole name, text, …]."""
    template = kept_environment(current_app).get_template(f"fragments/{name}.html")
    locale = keys.get("locale")
    if isinstance(locale, str):
        with force_locale(locale):
            text = template.render(**keys)
    else:
        text = template.render(**keys)
    return _HOLES.split(text)


class RowMemo:
    """Rendered rows by key, each with its expiry; expired rows are swept out at least once a minute."""

    def __init__(self) -> None:
        self.rows: dict[tuple[Any, ...], tuple[float, Markup]] = {}
        self.next_sweep = 0.0
        self.lock = threading.Lock()  # a sweep must not run while another thread adds a row

    def get(self, key: tuple[Any, ...], now: float) -> Markup | None:
        entry = self.rows.get(key)
        return entry[1] if entry is not None and entry[0] > now else None

    def put(self, key: tuple[Any, ...], html: Markup, now: float) -> None:
        self.sweep_if_due(now)
        with self.lock:
            if len(self.rows) >= MAX_ROWS:
                self.rows = {k: entry for k, entry in self.rows.items() if entry[0] > now}
                if len(self.rows) >= MAX_ROWS:
                    self.rows = {}
            self.rows[key] = (now + ROW_SECONDS, html)

    def sweep_if_due(self, now: float) -> None:
        """Drop expired rows, at most once a minute; called at the start of every request too, so a row leaves
        memory within its lifetime and a minute even when no list is shown again (an erased name included)."""
        if now < self.next_sweep:
            return
        with self.lock:
            self.next_sweep = now + 60
            self.rows = {k: entry for k, entry in self.rows.items() if entry[0] > now}


def kept_template_rows(template: str, macro: str, rows: Iterable[Hashable], *extra: Hashable) -> Markup:
    """`kept_rows` in templates: the macro `macro` of the row template `template`, loaded in the kept environment
    (so a row sees only its arguments and the globals that are the same for everyone)."""
    row_macro = getattr(kept_environment(current_app).get_template(template).module, macro)
    return kept_rows(f"{template}:{macro}", row_macro, rows, *extra)


def kept_rows(name: str, macro: Any, rows: Iterable[Hashable], *extra: Hashable) -> Markup:
    """`macro(row, *extra)` for each row, each kept for ROW_SECONDS per name, row, extra arguments, language,
    time zone and mount point (a row that cannot be a key is rendered every time)."""
    locale, tzinfo = get_locale(), get_timezone()
    where = (name, locale.language, locale.territory, tzinfo, request.script_root, extra)
    memo: RowMemo = current_app.extensions["yv_rows"]
    now = time.monotonic()
    out = []
    for row in rows:
        key = (where, row)
        try:
            html = memo.get(key, now)
        except TypeError:
            out.append(Markup(macro(row, *extra)))  # noqa: S704 - a template macro's output
            continue
        if html is None:
            html = Markup(macro(row, *extra))  # noqa: S704 - a template macro's output
            memo.put(key, html, now)
        out.append(html)
    return Markup("\n".join(out))  # noqa: S704 - template macros' output


def init_app(app: Flask) -> None:
    app.extensions["yv_fragments"] = {}
    memo = app.extensions["yv_rows"] = RowMemo()
    app.before_request(lambda: memo.sweep_if_due(time.monotonic()))
    app.add_template_global(fragment, "fragment")
    app.add_template_global(hole, "hole")
    app.add_template_global(kept_template_rows, "kept_rows")
