"""Health check, demo mode, configuration and the SQLite settings."""

from __future__ import annotations

import shutil

from sqlalchemy import text
from support.client import csrf_token
from support.database import base_config

from youthvoice import create_app
from youthvoice.core.config import from_environment
from youthvoice.demo.seed import seed_demo


def test_healthz(client, backend):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "sqlite" if backend == "sqlite" else "postgresql"}


def test_healthz_reports_an_unreachable_database(tmp_path):
    app = create_app(base_config("postgresql+psycopg://nobody@127.0.0.1:1/none", tmp_path))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "unavailable"


def test_demo_page_only_in_demo_mode(app, client):
    assert client.get("/demo/").status_code == 404
    demo_app = create_app(dict(app.config) | {"DEMO_MODE": True})
    seed_demo(demo_app)
    demo = demo_app.test_client()
    page = demo.get("/demo/").get_data(as_text=True)
    assert "Lene Holm" in page and "Sara" in page
    assert "Emil" not in page  # the neighbour municipality is not mixed in
    import re

    personas = {name: person_id for person_id, name in re.findall(
        r'action="/demo/login/([0-9a-f-]{36})".*?data-testid="login-as-([a-z]+)"', page, flags=re.S)}
    assert "sara" in personas and "lene" in personas
    response = demo.post(f"/demo/login/{personas['sara']}", data={"csrf_token": csrf_token(demo, "/demo/")})
    assert response.status_code == 302
    home = demo.get("/")
    assert home.status_code == 200  # a young person's home, not a redirect to the log-in page
    assert "Hej Sara" in home.get_data(as_text=True)  # her home, in Danish (this client sends no language)
    demo_app.extensions["yv_engine"].dispose()


def test_seed_demo_can_run_twice(app):
    demo_app = create_app(dict(app.config) | {"DEMO_MODE": True})
    seed_demo(demo_app)
    assert "already" in seed_demo(demo_app, only_if_empty=True)
    seed_demo(demo_app)  # re-creating replaces the demo people instead of failing
    demo_app.extensions["yv_engine"].dispose()


def test_sqlite_runs_in_wal_mode_with_full_sync(app, backend):
    if backend != "sqlite":
        return
    with app.extensions["yv_engine"].connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_secret_key_is_generated_once_per_instance(tmp_path, sqlite_template, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    path = tmp_path / "yv.db"
    shutil.copy(sqlite_template, path)
    config = base_config(f"sqlite:///{path}", tmp_path)
    config.pop("SECRET_KEY")
    instance = tmp_path / "instance"
    first = create_app(config, instance_path=str(instance))
    second = create_app(config, instance_path=str(instance))
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) > 40
    key_file = instance / "secret_key"
    assert key_file.read_text() == first.config["SECRET_KEY"]
    assert key_file.stat().st_mode & 0o777 == 0o600
    other = create_app(config, instance_path=str(tmp_path / "elsewhere"))
    assert other.config["SECRET_KEY"] != first.config["SECRET_KEY"]
    for application in (first, second, other):
        application.extensions["yv_engine"].dispose()


def test_configuration_comes_from_the_environment():
    values = from_environment({"DEMO_MODE": "yes", "SESSION_IDLE_MINUTES_YOUNG": "45", "WEBAUTHN_RP_ID": "yv.dk",
                               "DATABASE_URL": "postgresql+psycopg://x@y/z", "LANGUAGES": "da,en",
                               "AUDIT_KEYS": "a1:key", "AUDIT_CHECKPOINT_EVERY": "20"})
    assert values["DEMO_MODE"] is True
    assert values["AUDIT_KEYS"] == "a1:key" and values["AUDIT_CHECKPOINT_EVERY"] == 20
    assert values["SESSION_IDLE_MINUTES_YOUNG"] == 45
    assert values["WEBAUTHN_RP_ID"] == "yv.dk"
    assert values["DATABASE_URL"].startswith("postgresql")
    assert values["LANGUAGES"] == ("da", "en")
