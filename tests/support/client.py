"""Requests as a browser makes them: English unless asked, with the CSRF token read from a page, and passkeys."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

ORIGIN = "http://localhost"
_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class EnglishClient(FlaskClient):
    """Tests read English text unless they ask for Danish (`headers={"Accept-Language": "da"}`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def csrf_token(client: FlaskClient, page: str = "/login") -> str:
    """A CSRF token for this client's session, read from a page like a browser would."""
    response = client.get(page, follow_redirects=True)
    match = _CSRF.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {page} ({response.status_code})"
    return match.group(1)


def post_form(client: FlaskClient, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> TestResponse:
    """Post a form with this client's CSRF token (read from `token_page`, /login unless given)."""
    payload = dict(data or {})
    payload.setdefault("csrf_token", csrf_token(client, kwargs.pop("token_page", "/login")))
    return client.post(url, data=payload, **kwargs)


def post_json(client: FlaskClient, url: str, body: dict[str, Any] | None = None, **kwargs: Any) -> TestResponse:
    """Post JSON with the CSRF token in its header, as the app's fetch calls do."""
    token = csrf_token(client, kwargs.pop("token_page", "/login"))
    return client.post(url, json=body or {}, headers={"X-CSRFToken": token}, **kwargs)


def register_with_invite(client: FlaskClient, token: str, authenticator: Any, **create_kwargs: Any) -> TestResponse:
    """Redeem an invite with a software passkey, as the browser script does."""
    options = post_json(client, f"/i/{token}/options")
    assert options.status_code == 200, options.get_data(as_text=True)
    credential = authenticator.create(options.get_json(), origin=create_kwargs.pop("origin", ORIGIN), **create_kwargs)
    return post_json(client, f"/i/{token}/verify", {"credential": credential, "name": "Test phone"})


def passkey_login(client: FlaskClient, authenticator: Any, **get_kwargs: Any) -> TestResponse:
    """Log in with a software passkey (usernameless)."""
    options = post_json(client, "/login/options")
    assert options.status_code == 200
    credential = authenticator.get(options.get_json(), origin=get_kwargs.pop("origin", ORIGIN), **get_kwargs)
    return post_json(client, "/login/verify", {"credential": credential})
