"""Two app servers in front of one database: nothing a request needs may live in one process's memory.

Two gunicorn processes (so nothing is shared in memory: each builds its own app) listen on two ports and share
one PostgreSQL database, one Redis for the rate limits, and the same SECRET_KEY and MASTER_KEYS, as several
instances behind a load balancer do. A passkey ceremony begun on instance A finishes on instance B (the
challenge is a database row, not process memory), its replay on A is refused, the session it starts works on
both, and the log-in rate limit counts the attempts made on A and B together.

About the origin: a browser signs the origin it sees, and behind a load balancer that is the one public
address, whichever instance answers. Two ports would be two origins, so both instances get the same
WEBAUTHN_ORIGIN (a made-up public address, http://localhost:8443) and the software authenticator signs that
origin in clientDataJSON while the test talks to each instance on its own port, as the balancer would. Cookies
are not marked Secure here, because the test talks plain HTTP to the instances (behind a TLS-terminating
balancer they would be).

Runs only where PostgreSQL and Redis answer on 127.0.0.1 (skipped otherwise).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from support.database import PG_ADMIN_URL, postgres_reachable
from support.softauthn import SoftAuthenticator

from youthvoice import create_app
from youthvoice.core.cli import upgrade_database
from youthvoice.core.db import new_session
from youthvoice.identity import accounts
from youthvoice.identity.models import AccountStatus, InviteKind, Municipality, Role
from youthvoice.privacy.sealing import MasterKeys

PUBLIC_ORIGIN = "http://localhost:8443"
REDIS_URL = "redis://127.0.0.1:6379/0"
LOGIN_LIMIT = 6
ROOT = Path(__file__).resolve().parent.parent


def _redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except Exception:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Answer:
    status_code: int
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


@dataclass
class Browser:
    """A browser's cookie jar for one site: the cookies go to whichever instance answers (as behind a balancer).
    (Written out because http.cookiejar treats "localhost" specially.)"""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, url: str, *, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> Answer:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        assert url.startswith("http://localhost:")
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            request = urllib.request.Request(url, data=body, headers=sent, method=method)  # noqa: S310 - http only
            with opener.open(request, timeout=10) as r:
                status, raw, set_cookies = r.status, r.read(), r.headers.get_all("Set-Cookie") or []
        except urllib.error.HTTPError as error:
            status, raw, set_cookies = error.code, error.read(), error.headers.get_all("Set-Cookie") or []
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Answer(status, raw.decode("utf-8", "replace"))

    def get(self, url: str) -> Answer:
        return self.request("GET", url)

    def post_form(self, url: str, data: dict[str, str]) -> Answer:
        return self.request("POST", url, body=urllib.parse.urlencode(data).encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})

    def post_json(self, url: str, token: str, body: dict[str, Any] | None = None) -> Answer:
        return self.request("POST", url, body=json.dumps(body or {}).encode(),
                            headers={"Content-Type": "application/json", "X-CSRFToken": token})


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"instance {base} exited:\n{log.read_text()[-3000:]}")
        try:
            if Browser().get(f"{base}/healthz").status_code == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"instance {base} did not answer:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def instances(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if "postgresql" not in request.config.getoption("backends"):
        pytest.skip("PostgreSQL not selected (--backends / YV_TEST_BACKENDS): the two-instance test needs it")
    if not postgres_reachable():
        pytest.skip("PostgreSQL not reachable at 127.0.0.1:5432: the two-instance test needs it")
    if not _redis_reachable():
        pytest.skip("Redis not reachable at 127.0.0.1:6379: the two-instance test needs it")
    name = f"yv_two_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    folder = tmp_path_factory.mktemp("two-instances")
    env = {
        **os.environ,
        "DATABASE_URL": PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name,
        "SECRET_KEY": secrets.token_urlsafe(32),
        "MASTER_KEYS": MasterKeys.new_key_text("k1"),
        "AUDIT_KEYS": MasterKeys.new_key_text("a1"),  # every instance signs the one audit log with the same key
        "REDIS_URL": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": f"yv-two-{uuid.uuid4().hex[:8]}",
        "RATELIMIT_LOGIN": f"{LOGIN_LIMIT} per minute",
        "RATELIMIT_ENABLED": "true",
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": "false",  # a Redis problem must not pass as per-process counts
        "WEBAUTHN_RP_ID": "localhost",
        "WEBAUTHN_ORIGIN": PUBLIC_ORIGIN,
        "SESSION_COOKIE_SECURE": "false",
        "DEMO_MODE": "false",
        "YOUTHVOICE_INSTANCE": str(folder),
    }
    config = {key: env[key] for key in ("DATABASE_URL", "SECRET_KEY", "MASTER_KEYS", "AUDIT_KEYS", "WEBAUTHN_RP_ID",
                                         "WEBAUTHN_ORIGIN")} | {"RATELIMIT_ENABLED": False}
    app = create_app(config, instance_path=str(folder))
    upgrade_database(app)
    with new_session(app) as db:
        town = Municipality(slug=f"roskilde-{uuid.uuid4().hex[:6]}", name="Roskilde")
        db.add(town)
        db.flush()
        pro = accounts.create_person(db, municipality_id=town.id, role=Role.PROFESSIONAL, display_name="Lene",
                                     status=AccountStatus.ACTIVE)
        young = accounts.create_person(db, municipality_id=town.id, role=Role.YOUNG_PERSON, display_name="Sara",
                                       status=AccountStatus.PENDING)
        token = accounts.issue_invite(db, person=young, created_by=pro, kind=InviteKind.ACCOUNT,
                                      lifetime=timedelta(days=1)).token
        db.commit()
    app.extensions["yv_engine"].dispose()
    processes, bases = [], []
    try:
        for label in ("a", "b"):
            port = _free_port()
            log = folder / f"{label}.log"
            with log.open("wb") as output:  # the child keeps its own copy of the file
                process = subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "-k", "gthread", "--threads", "4", "-w", "1",
                     "-b", f"127.0.0.1:{port}", "youthvoice.wsgi:app"],
                    cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
            processes.append(process)
            bases.append((f"http://localhost:{port}", process, log))
        for base, process, log in bases:
            _wait_until_up(base, process, log)
        yield {"a": bases[0][0], "b": bases[1][0], "token": token, "pids": {p.pid for p in processes},
               "config": config, "folder": str(folder)}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def _csrf(browser: Browser, url: str) -> str:
    page = browser.get(url)
    match = _CSRF.search(page.text)
    assert match, f"no CSRF token on {url} ({page.status_code})"
    return match.group(1)


def test_instances_are_separate_processes(instances: dict[str, Any]) -> None:
    assert len(instances["pids"]) == 2
    assert instances["a"] != instances["b"]


def test_a_passkey_ceremony_begun_on_one_instance_finishes_on_the_other(instances: dict[str, Any]) -> None:
    a, b, invite = instances["a"], instances["b"], instances["token"]
    phone = SoftAuthenticator()
    # Registration: the options (and the stored challenge) come from A, the answer goes to B.
    browser = Browser()
    token = _csrf(browser, f"{a}/i/{invite}")
    options = browser.post_json(f"{a}/i/{invite}/options", token)
    assert options.status_code == 200, options.text
    created = phone.create(options.json(), origin=PUBLIC_ORIGIN)
    registered = browser.post_json(f"{b}/i/{invite}/verify", token, {"credential": created, "name": "Phone"})
    assert registered.status_code == 200, registered.text
    assert registered.json()["redirect"] == "/account/welcome"
    replayed = browser.post_json(f"{a}/i/{invite}/verify", token, {"credential": created})
    assert replayed.status_code == 400, replayed.text  # its challenge was used up on B
    # The session B started is a database row: A knows it too.
    assert browser.get(f"{a}/account/").status_code == 200

    # Log-in in a fresh browser: the challenge from B, the answer to A; the same answer again is refused by both.
    visitor = Browser()
    token = _csrf(visitor, f"{b}/login")
    challenge = visitor.post_json(f"{b}/login/options", token)
    assert challenge.status_code == 200, challenge.text
    assertion = phone.get(challenge.json(), origin=PUBLIC_ORIGIN)
    assert visitor.get(f"{a}/account/").status_code == 302  # not logged in yet: to the log-in page
    logged_in = visitor.post_json(f"{a}/login/verify", token, {"credential": assertion})
    assert logged_in.status_code == 200, logged_in.text
    assert visitor.get(f"{b}/account/").status_code == 200
    for base in (a, b):
        stranger = Browser()
        replay = stranger.post_json(f"{base}/login/verify", _csrf(stranger, f"{base}/login"),
                                    {"credential": assertion})
        assert replay.status_code == 400, replay.text  # the challenge was used up by the first answer
        assert stranger.get(f"{base}/account/").status_code == 302


def test_the_log_in_rate_limit_counts_across_instances(instances: dict[str, Any]) -> None:
    a, b = instances["a"], instances["b"]
    browser = Browser()
    token = _csrf(browser, f"{a}/recover")
    codes = []
    for attempt in range(LOGIN_LIMIT + 2):
        base = (a, b)[attempt % 2]
        codes.append(browser.post_form(f"{base}/recover", {"csrf_token": token, "code": "wrong-code-1"}).status_code)
    assert codes == [400] * LOGIN_LIMIT + [429, 429], codes


def test_both_instances_sign_one_audit_log(instances: dict[str, Any]) -> None:
    """Entries written by either process form one chain, signed with the AUDIT_KEYS they share."""
    from youthvoice.privacy.audit_anchor import verify

    app = create_app(instances["config"], instance_path=instances["folder"])
    try:
        with new_session(app, write=False) as db:
            report = verify(db, app.extensions["yv_audit"])
        assert report.problems == []
        assert report.chain.checked >= 4  # the invite, its redemption, the passkey, the log-ins
    finally:
        app.extensions["yv_engine"].dispose()
