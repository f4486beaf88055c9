"""Pieces of the page frame rendered once per process and key, with holes for what changes per request.

Every page repeats the same frame: the top bar with its navigation, the outbox panel's forty translated
messages, the footer's language switch. They depend only on the language, the kind of person, where in the app
the page is, and the mount point; rendering them anew cost a tenth of a page's time. A fragment is a template
under `templates/fragments/` rendered with its keys as its only variables (no `current_user`, no page data:
whatever it shows must be in its key), so one person's page can never show another's. What does change per
request (a CSRF token, the unread count, the current path) goes into a hole: `{{ hole("name") }}` in the
fragment, filled from `holes=` on every call, escaped like any other variable.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from typing import Any

from flask import Flask, current_app, request
from flask_babel import force_locale
from markupsafe import Markup, escape

_HOLE = "\x00hole:{}\x00"  # split out when the fragment is rendered; hole values are never split
_HOLES = re.compile("\x00hole:([a-z_]+)\x00")
MAX_KEPT = 4096  # keys are few (languages × kinds of person × pages); a bound all the same


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


def _render(name: str, keys: Mapping[str, Hashable]) -> list[str]:
    """The fragment's text split at its holes: [text, hole name, text, hole name, text, …]."""
    template = current_app.jinja_env.get_template(f"fragments/{name}.html")
    locale = keys.get("locale")
    if isinstance(locale, str):
        with force_locale(locale):
            text = template.render(**keys)
    else:
        text = template.render(**keys)
    return _HOLES.split(text)


def init_app(app: Flask) -> None:
    app.extensions["yv_fragments"] = {}
    app.add_template_global(fragment, "fragment")
    app.add_template_global(hole, "hole")
