"""Web Push, against a local stand-in for the push service (the real ones cannot be reached from here).

The stand-in is a small HTTP server in a thread that records every request. Each fake browser has its own P-256
key pair and auth secret, as a real one does, so the tests decrypt what youthvoice sent and read it.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select
from support.client import csrf_token, post_form, post_json
from support.database import base_config, reread
from support.people import link, login_as, make_municipality, make_person

from youthvoice import create_app
from youthvoice.core.db import new_session
from youthvoice.core.model import utcnow
from youthvoice.identity.models import Role, User
from youthvoice.meetings import meetings
from youthvoice.meetings.models import Meeting
from youthvoice.mydata.data_rights import erase
from youthvoice.notify import notifications, push
from youthvoice.notify.models import Notification, PushSubscription
from youthvoice.sharing import sharing


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --- the stand-in push service and a fake browser ------------------------------------------------------


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakePushService:
    """Answers 201 unless told otherwise per path (a status, or a delay first)."""

    received: list[Received] = field(default_factory=list)
    status: dict[str, int] = field(default_factory=dict)
    delay: dict[str, float] = field(default_factory=dict)
    port: int = 0

    def endpoint(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/push/{name}-{secrets.token_urlsafe(8)}"

    def to(self, endpoint: str) -> list[Received]:
        path = endpoint.split(str(self.port), 1)[1]
        return [request for request in self.received if request.path == path]


@pytest.fixture
def push_service() -> Iterator[FakePushService]:
    service = FakePushService()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            service.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            name = self.path.split("/")[-1].split("-")[0]
            time.sleep(service.delay.get(name, 0))
            self.send_response(service.status.get(name, 201))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    service.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield service
    server.shutdown()
    server.server_close()


class FakeBrowser:
    """What a browser's PushManager keeps: a P-256 key pair and an auth secret, and the endpoint it was given."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)

    def to_json(self) -> dict[str, Any]:
        point = self.key.public_key().public_bytes(serialization.Encoding.X962,
                                                   serialization.PublicFormat.UncompressedPoint)
        return {"endpoint": self.endpoint, "expirationTime": None,
                "keys": {"p256dh": b64url(point), "auth": b64url(self.auth)}}

    def decrypt(self, body: bytes) -> dict[str, Any]:
        return json.loads(http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"))


def client_for(app: Flask, person: User, language: str = "en") -> FlaskClient:
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    login_as(app, client, person)
    return client


def turn_on(client: FlaskClient, browser: FakeBrowser) -> None:
    response = post_json(client, "/account/push/subscribe", browser.to_json(), token_page="/account/")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json() == {"on": True}


def check_vapid(app: Flask, received: Received, service: FakePushService) -> None:
    """The Authorization header is a VAPID JWT for this push service, signed with the app's key."""
    scheme, _, params = received.headers["authorization"].partition(" ")
    assert scheme == "vapid"
    values = dict(part.strip().split("=", 1) for part in params.split(","))
    assert values["k"] == push.service(app).public_key
    header, claims, signature = values["t"].split(".")
    decoded = json.loads(unb64url(claims))
    assert decoded["aud"] == f"http://127.0.0.1:{service.port}"
    assert decoded["sub"].startswith("mailto:") and decoded["exp"] > time.time()
    raw = unb64url(signature)
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(values["k"]))
    public.verify(encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")),
                  f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))


@dataclass
class World:
    sara: User
    lene: User
    meeting: Meeting


def make_world(db: Session, *, hours_ahead: int = 72) -> World:
    town = make_municipality(db)
    sara = make_person(db, town, name="Sara Secretname")
    lene = make_person(db, town, Role.PROFESSIONAL, name="Lene Holm")
    link(db, sara, lene)
    meeting = meetings.create_meeting(db, owner=sara, created_by=sara, data=meetings.MeetingInput(
        kind="plan", starts_at=utcnow() + timedelta(hours=hours_ahead), place="MARKER-place", others="",
        participant_ids=[]), allowed_participants=[])
    db.commit()
    return World(sara, lene, meeting)


def subscriptions(db: Session) -> list[PushSubscription]:
    reread(db)
    return list(db.exec(select(PushSubscription)))


# --- keys and configuration ----------------------------------------------------------------------------


def test_keys_command_prints_a_pair_that_belongs_together(app):
    result = app.test_cli_runner().invoke(args=["push", "keys", "--subject", "mailto:it@roskilde.dk"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split("=", 1) for line in result.output.strip().splitlines())
    assert set(lines) == {"VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY", "VAPID_SUBJECT"}
    assert push.public_key_for(lines["VAPID_PRIVATE_KEY"]) == lines["VAPID_PUBLIC_KEY"]
    assert len(unb64url(lines["VAPID_PUBLIC_KEY"])) == 65 and lines["VAPID_SUBJECT"] == "mailto:it@roskilde.dk"
    again = app.test_cli_runner().invoke(args=["push", "keys"]).output
    assert lines["VAPID_PRIVATE_KEY"] not in again  # a new pair every time
    assert app.test_cli_runner().invoke(args=["push", "keys", "--subject", "it@roskilde.dk"]).exit_code != 0


def test_push_is_off_without_keys_and_on_with_them(tmp_path):
    config = {**base_config(f"sqlite:///{tmp_path / 'x.db'}", tmp_path), "TESTING": False}
    assert push.service(create_app(config, instance_path=str(tmp_path / "a"))) is None
    assert not (tmp_path / "a" / "vapid_private_key").exists()  # only the demo and tests make a key themselves
    private = push.new_vapid_private_key()
    on = create_app({**config, "VAPID_PRIVATE_KEY": private, "VAPID_SUBJECT": "mailto:it@roskilde.dk"},
                    instance_path=str(tmp_path / "b"))
    assert push.service(on).public_key == push.public_key_for(private)
    with pytest.raises(RuntimeError, match="VAPID_PUBLIC_KEY"):
        create_app({**config, "VAPID_PRIVATE_KEY": private, "VAPID_SUBJECT": "mailto:it@roskilde.dk",
                    "VAPID_PUBLIC_KEY": push.public_key_for(push.new_vapid_private_key())},
                   instance_path=str(tmp_path / "c"))
    with pytest.raises(RuntimeError, match="VAPID_SUBJECT"):
        create_app({**config, "VAPID_PRIVATE_KEY": private}, instance_path=str(tmp_path / "d"))
    demo = create_app({**config, "DEMO_MODE": True}, instance_path=str(tmp_path / "e"))
    assert push.service(demo) is not None
    assert oct((tmp_path / "e" / "vapid_private_key").stat().st_mode & 0o777) == "0o600"
    again = create_app({**config, "DEMO_MODE": True}, instance_path=str(tmp_path / "e"))
    assert push.service(again).public_key == push.service(demo).public_key  # kept, not made anew


def test_without_keys_the_switch_is_not_offered_and_the_list_still_works(app, db):
    app.extensions["yv_push"] = None
    world = make_world(db)
    client = client_for(app, world.lene)
    assert "Notifications on this phone" not in client.get("/account/").get_data(as_text=True)
    assert client.get("/account/push/key").get_json() == {"enabled": False, "publicKey": None}
    refused = post_json(client, "/account/push/subscribe", FakeBrowser("https://fcm.googleapis.com/fcm/send/x")
                        .to_json(), token_page="/account/")
    assert refused.status_code == 400 and "not set up" in refused.get_json()["error"]
    post_form(client_for(app, world.sara), f"/meetings/{world.meeting.id}/share",
              {f"parts-{world.lene.id}": "preparation"}, token_page="/account/")
    assert "count-badge" in client.get("/notifications/").get_data(as_text=True)


def test_the_account_page_offers_the_switch_with_the_key(app, db):
    world = make_world(db)
    client = client_for(app, world.sara)
    page = client.get("/account/").get_data(as_text=True)
    assert 'data-testid="push-switch"' in page and "/static/js/push." in page
    assert "always under “What is new”" in page
    key = client.get("/account/push/key").get_json()
    assert key == {"enabled": True, "publicKey": push.service(app).public_key}
    danish = client_for(app, world.sara, "da").get("/account/").get_data(as_text=True)
    assert "Notifikationer på denne telefon" in danish


# --- turning it on and off -----------------------------------------------------------------------------


def _bad_bodies(endpoint: str) -> list[Any]:
    good = FakeBrowser(endpoint).to_json()
    off_curve = b64url(b"\x04" + b"\x01" * 64)
    return [
        [], "x", {}, {"endpoint": endpoint}, {**good, "endpoint": None}, {**good, "endpoint": 42},
        {**good, "endpoint": "http://fcm.googleapis.com/fcm/send/x"},  # not https
        {**good, "endpoint": "https://evil.example/collect"},  # not a push service
        {**good, "endpoint": "https://fcm.googleapis.com.evil.example/x"},
        {**good, "endpoint": "https://user:pw@fcm.googleapis.com/x"},
        {**good, "endpoint": "https://fcm.googleapis.com/" + "x" * 1100},
        {**good, "endpoint": "https://fcm.googleapis.com/a b"},
        {**good, "endpoint": "javascript:alert(1)"},
        {**good, "keys": "x"}, {**good, "keys": {"p256dh": good["keys"]["p256dh"]}},
        {**good, "keys": {**good["keys"], "p256dh": off_curve}},
        {**good, "keys": {**good["keys"], "p256dh": "a" * 87}},
        {**good, "keys": {**good["keys"], "auth": b64url(b"short")}},
        {**good, "keys": {**good["keys"], "auth": "not base64!"}},
        {**good, "keys": {**good["keys"], "p256dh": 7}},
        {**good, "padding": "x" * 5000},  # too big
    ]


def test_bad_subscriptions_are_refused_with_a_translated_400(app, db):
    world = make_world(db)
    client = client_for(app, world.sara)
    for body in _bad_bodies("https://fcm.googleapis.com/fcm/send/abc"):
        response = post_json(client, "/account/push/subscribe", body, token_page="/account/")
        assert response.status_code == 400, body
        assert "could not be used" in response.get_json()["error"]
    not_json = post_json(client, "/account/push/subscribe", None, token_page="/account/")
    assert not_json.status_code == 400
    danish = client_for(app, world.sara, "da")
    answer = post_json(danish, "/account/push/subscribe", {"endpoint": "https://evil.example/x"},
                       token_page="/account/").get_json()
    assert "Du kan stadig se alt nyt" in answer["error"]
    assert subscriptions(db) == []
    # A real push service's endpoint is fine; a local one only while testing or debugging (the stand-in).
    turn_on(client, FakeBrowser("https://fcm.googleapis.com/fcm/send/abc"))
    turn_on(client, FakeBrowser("https://web.push.apple.com/QGz"))
    app.config["TESTING"] = False
    local = post_json(client, "/account/push/subscribe", FakeBrowser("http://127.0.0.1:9/push/x").to_json(),
                      token_page="/account/")
    assert local.status_code == 400
    assert len(subscriptions(db)) == 2


def test_subscribing_needs_the_csrf_header_and_a_log_in(app, db):
    world = make_world(db)
    body = FakeBrowser("https://fcm.googleapis.com/fcm/send/abc").to_json()
    assert client_for(app, world.sara).post("/account/push/subscribe", json=body).status_code == 400
    anonymous = app.test_client()
    response = post_json(anonymous, "/account/push/subscribe", body)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login?next=")
    assert subscriptions(db) == []


def test_a_person_can_only_turn_off_their_own(app, db, push_service):
    world = make_world(db)
    sara, lene = client_for(app, world.sara), client_for(app, world.lene)
    browser = FakeBrowser(push_service.endpoint("sara"))
    turn_on(sara, browser)
    row = subscriptions(db)[0]
    assert row.user_id == world.sara.id and row.device and row.locale == "en"
    state = {"endpoint": browser.endpoint}
    assert post_json(sara, "/account/push/state", state, token_page="/account/").get_json() == {"on": True}
    assert post_json(lene, "/account/push/state", state, token_page="/account/").get_json() == {"on": False}
    assert post_json(lene, "/account/push/unsubscribe", state, token_page="/account/").status_code == 200
    assert len(subscriptions(db)) == 1
    assert post_json(sara, "/account/push/unsubscribe", {"endpoint": "nonsense"},
                     token_page="/account/").status_code == 400
    assert post_json(sara, "/account/push/state", {"endpoint": ["x"]}, token_page="/account/").status_code == 400
    assert post_json(sara, "/account/push/unsubscribe", state, token_page="/account/").get_json() == {"on": False}
    assert subscriptions(db) == []
    # Off means off: nothing is sent any more.
    with app.app_context(), new_session(app) as session:
        notifications.notify(session, user=world.sara.id, kind="x", link="/")
        session.commit()
    push.drain(app)
    assert push_service.received == []


def test_the_same_browser_belongs_to_whoever_turned_it_on_last_and_devices_are_bounded(app, db):
    world = make_world(db)
    browser = FakeBrowser("https://fcm.googleapis.com/fcm/send/shared-phone")
    turn_on(client_for(app, world.sara), browser)
    turn_on(client_for(app, world.lene), browser)
    rows = subscriptions(db)
    assert [row.user_id for row in rows] == [world.lene.id]
    app.config["PUSH_MAX_PER_PERSON"] = 3
    lene = client_for(app, world.lene)
    for index in range(4):
        turn_on(lene, FakeBrowser(f"https://fcm.googleapis.com/fcm/send/{index}"))
    endpoints = {row.endpoint for row in subscriptions(db)}
    assert endpoints == {f"https://fcm.googleapis.com/fcm/send/{index}" for index in (1, 2, 3)}


# --- sending -------------------------------------------------------------------------------------------


def test_sharing_preparation_sends_one_generic_encrypted_push_to_the_professional(app, db, push_service):
    world = make_world(db)
    lene_phone = FakeBrowser(push_service.endpoint("lene"))
    sara_phone = FakeBrowser(push_service.endpoint("sara"))
    turn_on(client_for(app, world.lene, "da"), lene_phone)
    turn_on(client_for(app, world.sara), sara_phone)
    response = post_form(client_for(app, world.sara), f"/meetings/{world.meeting.id}/share",
                         {f"parts-{world.lene.id}": "preparation"}, token_page="/account/")
    assert response.status_code == 302
    push.drain(app)
    assert push_service.to(sara_phone.endpoint) == []
    [received] = push_service.to(lene_phone.endpoint)
    assert received.headers["content-encoding"] == "aes128gcm"
    assert received.headers["ttl"] == str(app.config["PUSH_TTL_SECONDS"])
    assert received.headers["topic"] == "yv-new" and received.headers["urgency"] == "normal"
    check_vapid(app, received, push_service)
    assert b"youthvoice" not in received.body  # encrypted on the wire
    message = lene_phone.decrypt(received.body)
    assert message == {"title": "youthvoice", "body": "Du har noget nyt", "url": "/notifications/"}
    text = json.dumps(message, ensure_ascii=False)
    for secret in ("Sara", "Secretname", "Lene", "MARKER", "meeting", str(world.meeting.id), "shared"):
        assert secret not in text
    [row] = [row for row in subscriptions(db) if row.user_id == world.lene.id]
    assert row.last_success_at is not None and row.failure_count == 0
    reread(db)
    assert db.exec(select(Notification).where(Notification.user_id == world.lene.id)).one().kind == "meeting_shared"


def test_a_response_sends_one_push_to_the_young_person(app, db, push_service):
    world = make_world(db)
    sharing.set_meeting_share(db, owner=world.sara, meeting=world.meeting, grantee=world.lene,
                              parts=["preparation", "decisions"])
    db.commit()
    phone = FakeBrowser(push_service.endpoint("sara"))
    turn_on(client_for(app, world.sara), phone)
    response = post_form(client_for(app, world.lene), f"/meetings/{world.meeting.id}/responses",
                         {"part": "decisions", "target": "decision:x", "kind": "question", "text": "Hvad med X?"},
                         token_page="/people/")
    assert response.status_code == 302
    push.drain(app)
    [received] = push_service.to(phone.endpoint)
    assert phone.decrypt(received.body) == {"title": "youthvoice", "body": "You have something new",
                                            "url": "/notifications/"}


def test_the_person_s_saved_language_wins(app, db, push_service):
    world = make_world(db)
    phone = FakeBrowser(push_service.endpoint("sara"))
    turn_on(client_for(app, world.sara), phone)  # turned on from an English page
    person = db.get(User, world.sara.id)
    person.locale = "da"
    db.add(person)
    db.commit()
    with app.app_context(), new_session(app) as session:
        notifications.notify(session, user=world.sara.id, kind="x", link="/")
        session.commit()
    push.drain(app)
    assert phone.decrypt(push_service.to(phone.endpoint)[0].body)["body"] == "Du har noget nyt"


def test_remind_sends_a_push_for_tomorrows_meeting(app, db, push_service):
    world = make_world(db, hours_ahead=20)
    phone = FakeBrowser(push_service.endpoint("sara"))
    turn_on(client_for(app, world.sara), phone)
    result = app.test_cli_runner().invoke(args=["remind"])
    assert "reminded about 1 meetings" in result.output
    assert len(push_service.to(phone.endpoint)) == 1  # sent before the command returned
    assert phone.decrypt(push_service.to(phone.endpoint)[0].body)["body"] == "You have something new"
    app.test_cli_runner().invoke(args=["remind"])
    push.drain(app)
    assert len(push_service.to(phone.endpoint)) == 1  # reminded once


def test_several_notifications_in_one_transaction_are_one_push(app, db, push_service):
    world = make_world(db)
    phone = FakeBrowser(push_service.endpoint("sara"))
    turn_on(client_for(app, world.sara), phone)
    with app.app_context(), new_session(app) as session:
        for _ in range(3):
            notifications.notify(session, user=world.sara.id, kind="x", link="/")
        session.commit()
    push.drain(app)
    assert len(push_service.to(phone.endpoint)) == 1


def test_nothing_is_sent_for_a_transaction_that_is_rolled_back_or_a_deactivated_person(app, db, push_service):
    world = make_world(db)
    phone = FakeBrowser(push_service.endpoint("lene"))
    turn_on(client_for(app, world.lene), phone)
    with app.app_context(), new_session(app) as session:
        notifications.notify(session, user=world.lene.id, kind="x", link="/")
        session.rollback()
        session.commit()
        person = session.get(User, world.lene.id)
        person.status = "deactivated"
        session.add(person)
        notifications.notify(session, user=world.lene.id, kind="x", link="/")
        session.commit()
    push.drain(app)
    assert push_service.received == []


@pytest.mark.parametrize("status", [404, 410])
def test_a_subscription_the_push_service_has_forgotten_is_removed(app, db, push_service, status):
    world = make_world(db)
    push_service.status["gone"] = status
    phone = FakeBrowser(push_service.endpoint("gone"))
    turn_on(client_for(app, world.sara), phone)
    other = FakeBrowser(push_service.endpoint("fine"))
    turn_on(client_for(app, world.sara), other)
    with app.app_context(), new_session(app) as session:
        notifications.notify(session, user=world.sara.id, kind="x", link="/")
        session.commit()
    push.drain(app)
    assert len(push_service.to(phone.endpoint)) == 1 and len(push_service.to(other.endpoint)) == 1
    assert [row.endpoint for row in subscriptions(db)] == [other.endpoint]


def test_a_push_service_that_is_down_breaks_nothing_and_the_endpoint_stays_out_of_the_log(app, db, caplog):
    world = make_world(db)
    app.config["PUSH_MAX_FAILURES"] = 2
    port = unused_port()
    endpoint = f"http://127.0.0.1:{port}/push/secret-token-{secrets.token_hex(4)}"
    turn_on(client_for(app, world.lene), FakeBrowser(endpoint))
    caplog.set_level(logging.INFO, logger="youthvoice.notify.push")
    sara = client_for(app, world.sara)
    response = post_form(sara, f"/meetings/{world.meeting.id}/share", {f"parts-{world.lene.id}": "preparation"},
                         token_page="/account/")
    assert response.status_code == 302
    push.drain(app)
    [row] = subscriptions(db)
    assert row.failure_count == 1 and row.last_success_at is None
    assert "push to subscription" in caplog.text and "secret-token" not in caplog.text
    assert str(port) not in caplog.text
    reread(db)
    assert db.exec(select(Notification).where(Notification.user_id == world.lene.id)).one()  # the list has it
    # Failing PUSH_MAX_FAILURES times in a row removes it.
    with app.app_context(), new_session(app) as session:
        notifications.notify(session, user=world.lene.id, kind="x", link="/")
        session.commit()
    push.drain(app)
    assert subscriptions(db) == []


def test_a_slow_push_service_does_not_slow_the_request(app, db, push_service):
    world = make_world(db)
    app.config["PUSH_TIMEOUT_SECONDS"] = 1
    push_service.delay["slow"] = 3
    phone = FakeBrowser(push_service.endpoint("slow"))
    turn_on(client_for(app, world.lene), phone)
    sara = client_for(app, world.sara)
    token = csrf_token(sara, "/account/")
    started = time.monotonic()
    response = sara.post(f"/meetings/{world.meeting.id}/share",
                         data={"csrf_token": token, f"parts-{world.lene.id}": "preparation"})
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 1.5, f"the request took {elapsed:.2f} s"
    push.drain(app)
    assert len(push_service.to(phone.endpoint)) == 1
    [row] = subscriptions(db)
    assert row.failure_count == 1  # timed out after PUSH_TIMEOUT_SECONDS, counted


def test_the_retry_job_sends_again_where_the_last_push_failed_while_something_is_unread(app, db, push_service):
    world = make_world(db)
    push_service.status["flaky"] = 503
    phone = FakeBrowser(push_service.endpoint("flaky"))
    fine = FakeBrowser(push_service.endpoint("fine"))
    turn_on(client_for(app, world.lene), phone)
    turn_on(client_for(app, world.sara), fine)
    with app.app_context(), new_session(app) as session:
        notifications.notify(session, user=world.lene.id, kind="x", link="/")
        notifications.notify(session, user=world.sara.id, kind="x", link="/")
        session.commit()
    push.drain(app)
    assert {row.endpoint: row.failure_count for row in subscriptions(db)} == {phone.endpoint: 1, fine.endpoint: 0}
    push_service.status["flaky"] = 201  # the push service is back
    result = app.test_cli_runner().invoke(args=["push", "retry"])
    assert result.exit_code == 0 and "sent again to 1 devices" in result.output
    assert len(push_service.to(phone.endpoint)) == 2 and len(push_service.to(fine.endpoint)) == 1
    assert {row.endpoint: row.failure_count for row in subscriptions(db)} == {phone.endpoint: 0, fine.endpoint: 0}
    assert "sent again to 0 devices" in app.test_cli_runner().invoke(args=["push", "retry"]).output
    # Failed again, but Lene has read everything meanwhile: nothing to tell her phone.
    push_service.status["flaky"] = 503
    with app.app_context(), new_session(app) as session:
        notifications.notify(session, user=world.lene.id, kind="x", link="/")
        session.commit()
    push.drain(app)
    with app.app_context(), new_session(app) as session:
        for row in session.exec(select(Notification).where(Notification.user_id == world.lene.id)):
            row.read_at = utcnow()
            session.add(row)
        session.commit()
    assert "sent again to 0 devices" in app.test_cli_runner().invoke(args=["push", "retry"]).output


def test_my_data_lists_the_devices_without_their_addresses(app, db):
    world = make_world(db)
    sara = client_for(app, world.sara)
    sara.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (Linux; Android 14; Pixel 7) Chrome/130.0 Mobile Safari/537"
    turn_on(sara, FakeBrowser("https://fcm.googleapis.com/fcm/send/sara-secret-address"))
    data = sara.get("/account/data.json").get_json()
    assert [row["device"] for row in data["push_devices"]] == ["Chrome on Android"]
    assert "sara-secret-address" not in json.dumps(data)
    assert "Phones that tell you when something is new" in sara.get("/account/data/print").get_data(as_text=True)


def test_erasure_removes_the_subscriptions(app, db):
    world = make_world(db)
    turn_on(client_for(app, world.sara), FakeBrowser("https://fcm.googleapis.com/fcm/send/sara"))
    turn_on(client_for(app, world.lene), FakeBrowser("https://fcm.googleapis.com/fcm/send/lene"))
    with app.app_context(), new_session(app) as session:
        erase(session, person=session.get(User, world.sara.id), actor=None, reason="request", erasers=[])
        session.commit()
    assert [row.user_id for row in subscriptions(db)] == [world.lene.id]


def unused_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
