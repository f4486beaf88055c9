"""Staff log in with their municipality's OpenID Connect provider (identity/oidc.py), against a real provider built
with Authlib's server side on 127.0.0.1 (tests/support/oidc_provider.py): the log-in, and every refusal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select
from support.client import post_form
from support.oidc_provider import OidcProvider
from support.people import login_as, make_municipality, make_person

from youthvoice.core.db import new_session
from youthvoice.identity.models import AccountStatus, LoginProvider, LoginSession, Municipality, Role, User
from youthvoice.privacy.models import AuditEvent
from youthvoice.privacy.sealing import MasterKeys

pytestmark = pytest.mark.app_config(OIDC_ALLOW_HTTP=True)
CALLBACK = "http://localhost/login/staff/callback"
SECRET = "the-client-secret-1234"


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    running = OidcProvider().start()
    running.add_client("youthvoice", SECRET, CALLBACK)
    running.add_user("lene-sub", "Lene")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def provider_b() -> Iterator[OidcProvider]:
    running = OidcProvider().start()
    running.add_client("youthvoice-b", "b-secret", CALLBACK)
    running.add_user("lene-sub", "Lene at B")
    yield running
    running.stop()


@pytest.fixture(autouse=True)
def _behave(provider: OidcProvider) -> Iterator[None]:
    provider.behaviour.clear()
    for person in provider.people.values():
        person.disabled = False
    yield
    provider.behaviour.clear()


def _set_up(app: Flask, db: Session, provider: OidcProvider, *, client_id: str = "youthvoice",
            secret: str = SECRET, subject: str = "lene-sub", name: str = "Roskilde") -> dict[str, Any]:
    """A municipality whose admin configures the provider and links Lene, through the admin's own pages."""
    town = make_municipality(db, name)
    admin = make_person(db, town, Role.ADMIN)
    lene = make_person(db, town, Role.PROFESSIONAL, name="Lene")
    admin_client = app.test_client()
    login_as(app, admin_client, admin)
    saved = post_form(admin_client, "/admin/login-provider", {"issuer": provider.issuer, "client_id": client_id,
                                                               "client_secret": secret, "subject_claim": "sub",
                                                               "enabled": "y"}, token_page="/admin/login-provider")
    assert saved.status_code == 302, saved.get_data(as_text=True)
    linked = post_form(admin_client, f"/admin/people/{lene.id}/login-link", {"subject": subject},
                       token_page=f"/admin/people/{lene.id}")
    assert linked.status_code == 302, linked.get_data(as_text=True)
    return {"town": town, "admin": admin, "lene": lene, "admin_client": admin_client}


def _to_provider(client: FlaskClient, town: Municipality) -> str:
    started = client.get(f"/login/staff/{town.slug}")
    assert started.status_code == 303, started.get_data(as_text=True)
    return started.headers["Location"]


def _sign_in(authorize_url: str, username: str) -> str:
    """The person signs in at the provider's page; where the provider sends the browser back to."""
    answer = requests.post(authorize_url, data={"username": username}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def _back(client: FlaskClient, callback_url: str) -> Any:
    parts = urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}")


def _log_in(client: FlaskClient, town: Municipality, username: str = "lene-sub") -> Any:
    return _back(client, _sign_in(_to_provider(client, town), username))


def _sessions_of(db: Session, person: User) -> list[LoginSession]:
    db.rollback()
    return list(db.exec(select(LoginSession).where(LoginSession.user_id == person.id)).all())


def _failures(db: Session) -> list[str]:
    db.rollback()
    return [event.object_id for event in db.exec(select(AuditEvent).where(AuditEvent.action == "login_failed",
                                                                          AuditEvent.object_type == "oidc")).all()]


def test_a_professional_logs_in_through_the_provider(app: Flask, db: Session, provider: OidcProvider,
                                                     client: FlaskClient) -> None:
    world = _set_up(app, db, provider)
    authorize_url = _to_provider(client, world["town"])
    query = authorize_url.split("?", 1)[1]
    assert "code_challenge_method=S256" in query and "nonce=" in query and "state=" in query
    assert "scope=openid+profile" in query
    answer = _back(client, _sign_in(authorize_url, "lene-sub"))
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/")
    account = client.get("/account/")
    assert account.status_code == 200 and "Lene" in account.get_data(as_text=True)
    rows = _sessions_of(db, world["lene"])
    assert len(rows) == 1  # a normal server-side session: revocable
    assert rows[0].idle_minutes == app.config["SESSION_IDLE_MINUTES_STAFF"]
    logins = db.exec(select(AuditEvent).where(AuditEvent.action == "login", AuditEvent.object_type == "oidc")).all()
    assert [event.actor_id for event in logins] == [world["lene"].id]
    post_form(client, "/logout", token_page="/")
    assert _sessions_of(db, world["lene"]) == []


def test_a_pending_professional_becomes_active_at_their_first_log_in(app: Flask, db: Session,
                                                                      provider: OidcProvider,
                                                                      client: FlaskClient) -> None:
    world = _set_up(app, db, provider)
    lene = world["lene"]
    lene.status = AccountStatus.PENDING
    db.add(lene)
    db.commit()
    answer = _log_in(client, world["town"])
    assert answer.status_code == 302, answer.get_data(as_text=True)
    with new_session(app, write=False) as fresh:
        assert fresh.get(User, lene.id).status == AccountStatus.ACTIVE


@pytest.mark.parametrize(("behaviour", "reason"), [
    ({"iss": "https://login.example.invalid/other"}, "claim_iss"),
    ({"aud": "another-app"}, "claim_aud"),
    ({"exp_in": -600}, "claim_exp"),
    ({"nonce": "not-the-nonce-we-sent"}, "claim_nonce"),
], ids=["wrong-issuer", "wrong-audience", "expired", "nonce-mismatch"])
def test_a_token_that_does_not_hold_is_refused(app: Flask, db: Session, provider: OidcProvider,
                                               client: FlaskClient, behaviour: dict[str, Any], reason: str) -> None:
    world = _set_up(app, db, provider)
    provider.behaviour.update(behaviour)
    answer = _log_in(client, world["town"])
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "We could not check the answer from your municipality" in page and 'data-testid="oidc-error"' in page
    assert _sessions_of(db, world["lene"]) == []
    assert _failures(db) == [reason]


def test_a_replayed_state_is_refused(app: Flask, db: Session, provider: OidcProvider, client: FlaskClient) -> None:
    world = _set_up(app, db, provider)
    callback = _sign_in(_to_provider(client, world["town"]), "lene-sub")
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value  # the browser's state, before it is used
    assert _back(client, callback).status_code == 302
    replay = app.test_client()
    replay.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie, domain="localhost")
    answer = _back(replay, callback)
    assert answer.status_code == 400
    assert "already used or took too long" in answer.get_data(as_text=True)
    assert len(_sessions_of(db, world["lene"])) == 1  # only the first log-in
    # and a state the browser never started is refused too
    stranger = app.test_client()
    assert _back(stranger, callback).status_code == 400


def test_a_person_disabled_at_the_provider_cannot_log_in(app: Flask, db: Session, provider: OidcProvider,
                                                          client: FlaskClient) -> None:
    world = _set_up(app, db, provider)
    provider.people["lene-sub"].disabled = True
    answer = _log_in(client, world["town"])
    assert answer.status_code == 400
    assert "did not let you in" in answer.get_data(as_text=True)
    assert _sessions_of(db, world["lene"]) == [] and _failures(db) == ["provider_refused"]


def test_a_person_deactivated_here_cannot_log_in(app: Flask, db: Session, provider: OidcProvider,
                                                 client: FlaskClient) -> None:
    world = _set_up(app, db, provider)
    lene = world["lene"]
    lene.status = AccountStatus.DEACTIVATED
    db.add(lene)
    db.commit()
    answer = _log_in(client, world["town"])
    assert answer.status_code == 400 and "not active" in answer.get_data(as_text=True)
    assert _sessions_of(db, lene) == []


def test_an_unlinked_subject_is_refused_never_matched_by_anything_else(app: Flask, db: Session,
                                                                       provider: OidcProvider,
                                                                       client: FlaskClient) -> None:
    world = _set_up(app, db, provider, subject="someone-else")
    answer = _log_in(client, world["town"])
    assert answer.status_code == 400 and "not linked" in answer.get_data(as_text=True)
    assert _sessions_of(db, world["lene"]) == []


def test_the_municipality_wall(app: Flask, db: Session, provider: OidcProvider, provider_b: OidcProvider,
                               client: FlaskClient) -> None:
    roskilde = _set_up(app, db, provider, name="Roskilde")
    # Køge has its own provider, where a person with the same subject exists, and links nobody to it
    koege = _set_up(app, db, provider_b, client_id="youthvoice-b", secret="b-secret", subject="somebody",
                    name="Koege")
    # Lene's subject at Køge's provider logs nobody in: (issuer, subject) is Roskilde's, not Køge's
    answer = _log_in(client, koege["town"])
    assert answer.status_code == 400 and "not linked" in answer.get_data(as_text=True)
    # a code from Roskilde's provider, brought back into a log-in started at Køge, is refused
    callback_a = _sign_in(_to_provider(app.test_client(), roskilde["town"]), "lene-sub")
    started_b = _to_provider(client, koege["town"])
    state_b = dict(part.split("=", 1) for part in started_b.split("?", 1)[1].split("&"))["state"]
    code_a = dict(part.split("=", 1) for part in urlsplit(callback_a).query.split("&"))["code"]
    answer = client.get(f"/login/staff/callback?state={state_b}&code={code_a}")
    assert answer.status_code == 400
    assert _sessions_of(db, roskilde["lene"]) == [] and _sessions_of(db, koege["lene"]) == []
    # and Køge's admin, pointing Køge at Roskilde's provider, cannot take over Roskilde's subject
    post_form(koege["admin_client"], "/admin/login-provider",
              {"issuer": provider.issuer, "client_id": "youthvoice", "client_secret": "guess", "subject_claim": "sub",
               "enabled": "y"}, token_page="/admin/login-provider")
    taken = post_form(koege["admin_client"], f"/admin/people/{koege['lene'].id}/login-link", {"subject": "lene-sub"},
                      token_page=f"/admin/people/{koege['lene'].id}")
    assert taken.status_code == 400 and "already linked to another account" in taken.get_data(as_text=True)


def test_the_secret_is_sealed_and_never_shown_back(app: Flask, db: Session, provider: OidcProvider) -> None:
    world = _set_up(app, db, provider)
    page = world["admin_client"].get("/admin/login-provider").get_data(as_text=True)
    assert SECRET not in page and provider.issuer in page and "A client secret is saved." in page
    db.rollback()
    row = db.exec(select(LoginProvider).where(LoginProvider.municipality_id == world["town"].id)).one()
    assert SECRET.encode() not in row.client_secret_sealed
    # saving again without a secret keeps the saved one: a log-in still works
    post_form(world["admin_client"], "/admin/login-provider", {"issuer": provider.issuer, "client_id": "youthvoice",
                                                               "client_secret": "", "subject_claim": "sub",
                                                               "enabled": "y"}, token_page="/admin/login-provider")
    assert _log_in(app.test_client(), world["town"]).status_code == 302


def test_only_staff_are_linked_and_the_form_refuses_clearly(app: Flask, db: Session, provider: OidcProvider) -> None:
    world = _set_up(app, db, provider)
    young = make_person(db, world["town"], Role.YOUNG_PERSON)
    answer = post_form(world["admin_client"], f"/admin/people/{young.id}/login-link", {"subject": "young-sub"},
                       token_page="/admin/login-provider")
    assert answer.status_code == 404  # young people log in with passkeys only: there is nothing to link
    bad = post_form(world["admin_client"], "/admin/login-provider",
                    {"issuer": "ftp://nowhere", "client_id": "x", "client_secret": "y", "subject_claim": "sub"},
                    token_page="/admin/login-provider")
    assert bad.status_code == 400 and "starting with https://" in bad.get_data(as_text=True)


def test_an_unreachable_provider_is_a_clear_refusal(app: Flask, db: Session, provider: OidcProvider,
                                                    client: FlaskClient) -> None:
    world = _set_up(app, db, provider)
    db.rollback()
    row = db.exec(select(LoginProvider).where(LoginProvider.municipality_id == world["town"].id)).one()
    row.issuer = "http://127.0.0.1:9"  # nothing listens there
    db.add(row)
    db.commit()
    answer = client.get(f"/login/staff/{world['town'].slug}")
    assert answer.status_code == 400 and "cannot be reached" in answer.get_data(as_text=True)


def test_the_log_in_page_offers_it_only_when_set_up(app: Flask, db: Session, provider: OidcProvider,
                                                    client: FlaskClient) -> None:
    assert 'data-testid="login-staff"' not in client.get("/login").get_data(as_text=True)
    world = _set_up(app, db, provider)
    assert 'data-testid="login-staff"' in client.get("/login").get_data(as_text=True)
    staff_page = client.get("/login/staff").get_data(as_text=True)
    assert f'data-testid="oidc-start-{world["town"].slug}"' in staff_page


def test_rotating_the_master_key_reseals_the_secret(app: Flask, db: Session, provider: OidcProvider) -> None:
    world = _set_up(app, db, provider)
    old = app.extensions["yv_master_keys"]
    rotated = MasterKeys.parse(MasterKeys.new_key_text("rotated") + "," + old.serialise())
    app.extensions["yv_master_keys"] = rotated
    result = app.test_cli_runner().invoke(args=["rotate-master-key"])
    assert result.exit_code == 0 and "and 1 other secrets" in result.output, result.output
    app.extensions["yv_master_keys"] = MasterKeys.parse(rotated.serialise().split(",")[0])  # the old key removed
    assert _log_in(app.test_client(), world["town"]).status_code == 302
