"""Faster stand-ins for two template globals every page calls many times (`url_for`, `csrf_token`).

A page links to twenty-odd places and carries its CSRF token in several forms; Flask builds every URL anew and
Flask-WTF signs the token anew on each page. Both results only change with what they are keyed on here, so
they are kept per process. Same output, less CPU per page (see bench/README.md).
"""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any, cast

from flask import Flask, current_app, g, request, session, url_for
from flask_wtf.csrf import generate_csrf
from itsdangerous import URLSafeTimedSerializer

CSRF_FIELD = "csrf_token"
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


@lru_cache(maxsize=4096)
def _signed_token(secret_key: Any, raw: str) -> str:
    return URLSafeTimedSerializer(secret_key, salt="wtf-csrf-token").dumps(raw)


def page_csrf_token() -> str:
    """Flask-WTF's token for this session, signed once per process rather than once per page.

    Tokens have no time limit here (`WTF_CSRF_TIME_LIMIT = None`), so a token signed earlier for the same
    session secret is exactly as valid as a fresh one; a new session gets a new secret and so a new token.
    """
    token = g.get(CSRF_FIELD)
    if token is not None:  # a page shows it in several forms: once found, it is Flask-WTF's own for the request
        return token
    raw = session.get(CSRF_FIELD)
    if isinstance(raw, str) and not current_app.config.get("WTF_CSRF_TIME_LIMIT"):
        secret_key = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
        setattr(g, CSRF_FIELD, _signed_token(secret_key, raw))
    return generate_csrf()


def init_app(app: Flask) -> None:
    app.extensions["yv_plain_urls"] = {}
    app.extensions["yv_urls_with_args"] = {}
    app.add_template_global(page_url_for, "url_for")
    app.add_template_global(page_csrf_token, "csrf_token")
