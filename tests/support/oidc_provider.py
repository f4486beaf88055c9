"""A real OpenID Connect provider for the tests, built with Authlib's server side, served over HTTP on 127.0.0.1.

It publishes its discovery document and signing keys, asks who you are on its own page (a user name; no password:
it stands in for the municipality's log-in), refuses people disabled there (`access_denied`), and issues codes
(PKCE required) and RS256 ID tokens. `behaviour` makes it misbehave on purpose: another issuer, another audience,
an expired token, another nonce.

    provider = OidcProvider().start()
    provider.add_client("youthvoice", "secret", "http://localhost/login/staff/callback")
    provider.add_user("lene-sub", "Lene")
    ...
    provider.stop()
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, request
from joserfc.jwk import RSAKey
from markupsafe import escape
from werkzeug.serving import make_server

os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # this provider is on http://127.0.0.1 only


@dataclass
class Person:
    sub: str
    name: str
    disabled: bool = False

    def get_user_id(self) -> str:
        return self.sub


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: list[str]

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(part for part in (scope or "").split() if part in ("openid", "profile"))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return client_secret == self.client_secret

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: Person
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> None:
        return None

    def get_amr(self) -> None:
        return None


class OidcProvider:
    """The provider, its clients and people, and how it should misbehave (`behaviour`)."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
        self.clients: dict[str, Client] = {}
        self.people: dict[str, Person] = {}
        self.codes: dict[str, Code] = {}
        self.behaviour: dict[str, Any] = {}
        self.issuer = ""
        self.app = self._build()
        self._server: Any = None
        self._thread: threading.Thread | None = None

    # --- set-up --------------------------------------------------------------------------------------------

    def add_client(self, client_id: str, secret: str, redirect_uri: str) -> Client:
        self.clients[client_id] = Client(client_id, secret, [redirect_uri])
        return self.clients[client_id]

    def add_user(self, sub: str, name: str) -> Person:
        self.people[sub] = Person(sub, name)
        return self.people[sub]

    def start(self) -> OidcProvider:
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    # --- the Flask app -------------------------------------------------------------------------------------

    def _build(self) -> Flask:
        provider = self
        app = Flask("oidc_provider")
        app.config["OAUTH2_TOKEN_EXPIRES_IN"] = {"authorization_code": 300}

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ("client_secret_basic", "client_secret_post")

            def save_authorization_code(self, code: str, req: Any) -> None:
                payload = req.payload.data
                provider.codes[code] = Code(code, req.client.client_id, req.payload.redirect_uri, req.scope,
                                            req.user, payload.get("nonce"), payload.get("code_challenge"),
                                            payload.get("code_challenge_method"))

            def query_authorization_code(self, code: str, client: Client) -> Code | None:
                found = provider.codes.get(code)
                return found if found is not None and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code: Code) -> None:
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code: Code) -> Person:
                return authorization_code.user

        class IdToken(OpenIDCode):
            def exists_nonce(self, nonce: str, req: Any) -> bool:
                return False

            def resolve_client_private_key(self, client: Client) -> RSAKey:
                return provider.key

            def get_client_algorithm(self, client: Client) -> str:
                return "RS256"

            def get_encode_header(self, client: Client) -> dict[str, str]:
                return {"alg": "RS256", "kid": "test-key"}

            def get_client_claims(self, client: Client) -> dict[str, Any]:
                now = int(time.time())
                return {"iss": provider.behaviour.get("iss", provider.issuer),
                        "aud": [provider.behaviour.get("aud", client.client_id)],
                        "iat": now - 5, "exp": now + provider.behaviour.get("exp_in", 300)}

            def get_authorization_code_claims(self, authorization_code: Code) -> dict[str, Any]:
                claims = super().get_authorization_code_claims(authorization_code)
                if "nonce" in provider.behaviour:
                    claims["nonce"] = provider.behaviour["nonce"]
                return claims

            def generate_user_info(self, user: Person, scope: str) -> UserInfo:
                return UserInfo(sub=user.sub, oid=f"oid-{user.sub}", name=user.name)

        server = AuthorizationServer(app, query_client=self.clients.get, save_token=lambda token, req: None)
        server.register_grant(CodeGrant, [IdToken(require_nonce=True), CodeChallenge(required=True)])

        @app.get("/.well-known/openid-configuration")
        def discovery() -> Any:
            return jsonify({"issuer": provider.issuer, "authorization_endpoint": f"{provider.issuer}/authorize",
                            "token_endpoint": f"{provider.issuer}/token", "jwks_uri": f"{provider.issuer}/jwks",
                            "response_types_supported": ["code"], "subject_types_supported": ["public"],
                            "id_token_signing_alg_values_supported": ["RS256"],
                            "code_challenge_methods_supported": ["S256"]})

        @app.get("/jwks")
        def jwks() -> Any:
            return jsonify({"keys": [provider.key.as_dict(private=False)]})

        @app.route("/authorize", methods=["GET", "POST"])
        def authorize() -> Any:
            if request.method == "GET":
                server.get_consent_grant(end_user=None)  # checks the request (client, redirect, PKCE) first
                return (f'<!doctype html><html lang="en"><title>Municipal log-in</title><h1>Municipal log-in</h1>'
                        f'<form method="post" action="/authorize?{escape(request.query_string.decode())}">'
                        f'<label>User name <input name="username" data-testid="provider-username"></label>'
                        f'<button type="submit" data-testid="provider-sign-in">Sign in</button></form>')
            person = provider.people.get(request.form.get("username", ""))
            allowed = person if person is not None and not person.disabled else None
            grant = server.get_consent_grant(end_user=allowed)
            # no user: `access_denied`, sent back to the client
            return server.create_authorization_response(grant_user=allowed, grant=grant)

        @app.post("/token")
        def token() -> Any:
            return server.create_token_response()

        return app
