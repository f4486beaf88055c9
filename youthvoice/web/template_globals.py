"""A faster stand-in for the template global every page calls most (`url_for`).

A page links to twenty-odd places; Flask builds every URL anew, though a link only changes with what it is keyed
on here, so links are kept per process. Same output, less CPU per page (see bench/README.md). The CSRF token is
Flask-WTF's own `generate_csrf` (kept by Flask-WTF for the request): a stand-in signing it once per process
relied on Flask-WTF's private salt and saved nothing, as Flask-WTF's context processor hands templates its own.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from flask import Flask, current_app, request, url_for

MAX_URLS_WITH_ARGS = 4096


# Stands in for a record's id while a link's shape is built; a UUID's text needs no quoting in a URL.
_ID_MARK = uuid.UUID("00000000-0000-4000-8000-00000000beef")


def page_url_for(endpoint: str, **values: Any) -> str:
    """`url_for`, remembered for links without arguments (the navigation, the footer, the quick links), as a
    shape to fill in for links with one record id (the rows of a list), and in a bounded table for others."""
    if endpoint.startswith("."):
        return url_for(endpoint, **values)
    if not values:
        key: tuple[Any, ...] = (endpoint, request.script_root)
        cache = current_app.extensions["yv_plain_urls"]
        found = cache.get(key)
        if found is None:
            found = cache[key] = url_for(endpoint)
        return found
    if len(values) == 1:
        ((name, value),) = values.items()
        if type(value) is uuid.UUID:
            key = (endpoint, name, request.script_root)
            cache = current_app.extensions["yv_plain_urls"]
            shape = cache.get(key)
            if shape is None:
                shape = cache[key] = url_for(endpoint, **{name: cast(Any, _ID_MARK)})
            return shape.replace(str(_ID_MARK), str(value))
    if any(name.startswith("_") for name in values):  # _external, _anchor, …: as Flask makes them
        return url_for(endpoint, **values)
    # Other arguments (a list's "show all", a pager's page and filters): kept in a bounded table, as they
    # repeat from page to page but may also come from what someone typed.
    try:
        key = (endpoint, request.script_root, *sorted(values.items()))
        hash(key)
    except TypeError:
        return url_for(endpoint, **values)
    cache = current_app.extensions["yv_urls_with_args"]
    found = cache.get(key)
    if found is None:
        if len(cache) >= MAX_URLS_WITH_ARGS:
            cache.clear()
        found = cache[key] = url_for(endpoint, **values)
    return found


def init_app(app: Flask) -> None:
    app.extensions["yv_plain_urls"] = {}
    app.extensions["yv_urls_with_args"] = {}
    app.add_template_global(page_url_for, "url_for")
