"""Issue 8, data rights: my data, real erasure after a grace period, retention, leaving professionals, backups."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlmodel import select
from support.casebuilder import build_case
from support.client import post_form
from support.database import PG_ADMIN_URL, base_config, reread
from support.people import login_as, make_municipality, make_person

from youthvoice import create_app
from youthvoice.core import personal_data
from youthvoice.core.db import new_session
from youthvoice.core.model import utcnow
from youthvoice.identity import accounts
from youthvoice.identity.models import Role, User
from youthvoice.meetings.models import Decision, Meeting, PreparationAnswer, Response
from youthvoice.mydata import data_print, data_rights
from youthvoice.notify.models import Notification
from youthvoice.privacy.models import AuditEvent, DataKey
from youthvoice.privacy.sealing import MasterKeys


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def test_my_data_holds_everything_and_nothing_of_others(app, db):
    case = build_case(db)
    client = _client(app, case.people["sara"])
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))
    dumped = json.dumps(data, ensure_ascii=False)
    for piece in ("place", "aunt", "going-well", "hard", "point", "decision", "note", "decided", "step", "response"):
        assert f"{case.marker}-{piece}" in dumped, piece
    assert {"meetings", "decisions", "sharing", "who_has_seen_what", "account_events"} <= set(data)
    assert any(share["with"] == "Lene Holm" for share in data["sharing"])
    printable = client.get("/account/data/print").get_data(as_text=True)
    assert f"{case.marker}-decided" in printable
    assert "Your meetings" in printable
    # Another young person's export holds nothing of Sara's; professionals have no such page.
    assert case.marker not in _client(app, case.people["mads"]).get("/account/data.json").get_data(as_text=True)
    assert _client(app, case.people["lene"]).get("/account/data.json").status_code == 404



def _keys(value, parent=""):  # type: ignore[no-untyped-def]
    """Every (parent key, key) pair of the export's dictionaries."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield parent, key
            yield from _keys(inner, key)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner, parent)


def test_the_printable_copy_names_every_field_in_the_persons_language(app, db):
    case = build_case(db)
    sara = case.people["sara"]
    registry = personal_data.registry_of(app)
    data = data_rights.my_data(db, sara, registry.sections.values())
    words = data_print.words_of(registry)
    for parent, key in _keys({name: value for name, value in data.items() if name not in ("format", "created")}):
        if parent == "":
            assert key in words.titles, key
        elif parent in words.keys:
            assert key in words.keys[parent], (parent, key)
        else:
            assert key in words.fields, (parent, key)
    client = _client(app, sara)
    client.set_cookie("yv_lang", "da", domain="localhost")
    page = client.get("/account/data/print", headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert f"{case.marker}-decided" in page and f"{case.marker}-disagree" in page  # her own words, as written
    for danish in ("Dine møder", "Fødselsdato", "Blev jeg hørt?", "4 ud af 5", "Skrevet med min bisidder",
                   "Nej"):
        assert danish in page, danish
    # No raw keys, codes or machine time stamps.
    for raw in ("birth date", "written with bisidder", "who decided", "agreed_together", "not_followed", "False",
                "True", "starts at"):
        assert raw not in page, raw
    assert not re.search(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", page)

def test_erasure_has_a_grace_period_and_can_be_undone(app, db):
    case = build_case(db)
    sara = case.people["sara"]
    client = _client(app, sara)
    assert post_form(client, "/account/delete", {}, token_page="/account/").status_code == 400  # not confirmed
    post_form(client, "/account/delete", {"confirm": "yes"}, token_page="/account/")
    assert 'data-testid="erasure-pending"' in client.get("/account/data").get_data(as_text=True)
    again = client.get("/account/delete").get_data(as_text=True)  # the way back is on the delete page too
    assert 'data-testid="undo-delete"' in again and 'data-testid="really-delete"' not in again
    reread(db)
    assert data_rights.erase_due(lambda: new_session(app), erasers=[]).erased == []  # still in the grace period
    post_form(client, "/account/delete/undo", token_page="/account/")
    reread(db)
    assert db.get(User, sara.id).erase_after is None


def test_erasure_deletes_for_real_and_the_log_keeps_only_that_it_happened(app, db):
    case = build_case(db)
    sara_id, meeting_id = case.people["sara"].id, case.meeting.id
    blob = db.exec(select(PreparationAnswer.text_sealed).where(PreparationAnswer.meeting_id == meeting_id)).first()
    assert blob
    reread(db)
    data_rights.request_erasure(db, person=db.get(User, sara_id), requested_by=db.get(User, sara_id), grace_days=7)
    db.commit()
    report = data_rights.erase_due(lambda: new_session(app), erasers=[], now=utcnow() + timedelta(days=8))
    assert report.erased == [sara_id]
    reread(db)
    assert db.get(User, sara_id) is None
    assert db.get(DataKey, sara_id) is None
    for model in (Meeting, Decision, PreparationAnswer, Response):
        assert db.exec(select(model).where(model.owner_id == sara_id)).all() == [], model
    assert db.exec(select(Notification).where(Notification.about_id == sara_id)).all() == []
    erased = db.exec(select(AuditEvent).where(AuditEvent.action == "erased")).one()
    assert erased.object_id == str(sara_id) and erased.object_type == "request"
    from youthvoice.privacy.audit import verify_chain

    assert verify_chain(db.exec(select(AuditEvent).order_by(AuditEvent.id)),
                        keys=app.extensions["yv_audit"].keys).first_broken_id is None
    # A copy of the old row (as in a backup) cannot be opened without the destroyed key.
    from youthvoice.privacy.sealing import SealingError, open_bytes

    try:
        open_bytes(b"\0" * 32, blob, b"x")
        opened = True
    except SealingError:
        opened = False
    assert not opened


def test_admin_requests_erasure_for_their_municipality_only(app, db):
    case = build_case(db)
    henrik = _client(app, case.people["henrik"])
    sara_page = f"/admin/people/{case.people['sara'].id}"
    assert post_form(henrik, f"{sara_page}/erase", token_page="/admin/").status_code == 302  # one tap: asked first
    reread(db)
    assert db.get(User, case.people["sara"].id).erase_after is None
    assert "Nothing was changed" in henrik.get(sara_page).get_data(as_text=True)
    assert post_form(henrik, f"{sara_page}/erase", {"confirm": "yes"}, token_page="/admin/").status_code == 302
    reread(db)
    assert db.get(User, case.people["sara"].id).erase_after is not None
    assert 'data-testid="erasure-waiting"' in henrik.get("/admin/").get_data(as_text=True)  # marked in the list
    assert post_form(henrik, f"/admin/people/{case.people['emil'].id}/erase", {"confirm": "yes"},
                     token_page="/admin/").status_code == 404


def test_retention_dry_run_then_for_real(app, db):
    town = make_municipality(db)
    old = make_person(db, town, name="Old")
    past_23 = make_person(db, town, name="Past23", birth_date=date.today() - timedelta(days=int(23.5 * 365.25)))
    active = make_person(db, town, name="Active")
    for person, days in ((old, 800), (past_23, 200), (active, 5)):
        row = db.get(User, person.id)
        row.created_at = row.activated_at = row.last_login_at = utcnow() - timedelta(days=days)
        db.add(row)
    db.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["retention", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    ids = {"old": old.id}
    assert "2 young people would be deleted" in dry.output
    assert "Old" not in dry.output  # the report names pseudonyms, never people
    reread(db)
    assert db.get(User, old.id) is not None
    ids = {"old": old.id, "past_23": past_23.id, "active": active.id}
    done = runner.invoke(args=["retention"])
    assert "2 young people were deleted" in done.output
    reread(db)
    assert db.get(User, ids["old"]) is None and db.get(User, ids["past_23"]) is None
    assert db.get(User, ids["active"]) is not None


def test_a_deactivated_professional_loses_access_and_their_words_stay_with_their_name(app, db):
    case = build_case(db)
    lene = case.people["lene"]
    lene_client = _client(app, lene)
    assert lene_client.get(f"/meetings/{case.meeting.id}").status_code == 200
    reread(db)
    accounts.deactivate(db, person=db.get(User, lene.id), actor=db.get(User, case.people["henrik"].id))
    db.commit()
    after = lene_client.get(f"/meetings/{case.meeting.id}")  # deactivation ends her sessions: logged out
    assert after.status_code == 302 and after.headers["Location"].startswith("/login?next=")
    page = _client(app, case.people["sara"]).get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert f"{case.marker}-response" in page and "Lene Holm" in page


def test_postgresql_restore_drill(app, db, backend, tmp_path):
    """Issue 23.4, the drill the README describes: `pg_dump -Fc` of a live database, `pg_restore` into an empty one,
    and an app on the copy serves the same data with the same master key, its audit log verifies, and the master
    key can then be rotated on the copy."""
    if backend != "postgresql":
        pytest.skip("the PostgreSQL drill; SQLite's backup is the test below")
    case = build_case(db)
    db.commit()
    source = make_url(app.config["DATABASE_URL"])
    libpq = source.set(drivername="postgresql").render_as_string(hide_password=False)
    dump = tmp_path / "youthvoice.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), libpq], check=True, timeout=120)
    copy_name = f"yv_restore_{secrets.token_hex(4)}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{copy_name}"'))
    try:
        copy_url = source.set(database=copy_name)
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d",
                        copy_url.set(drivername="postgresql").render_as_string(hide_password=False), str(dump)],
                       check=True, timeout=120)
        restored = create_app(base_config(copy_url.render_as_string(hide_password=False), tmp_path)
                              | {"MASTER_KEYS": app.config["MASTER_KEYS"], "AUDIT_KEYS": app.config["AUDIT_KEYS"],
                                 "AUDIT_CHECKPOINT_FILE": app.config["AUDIT_CHECKPOINT_FILE"]})
        try:
            client = restored.test_client()
            login_as(restored, client, case.people["sara"])
            assert f"{case.marker}-place" in client.get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
            verified = restored.test_cli_runner().invoke(args=["audit", "verify"])
            assert verified.exit_code == 0, verified.output
        finally:
            restored.extensions["yv_engine"].dispose()
        new_key = MasterKeys.new_key_text("drill-2")  # rotation on the copy: the new key first, the old after it
        for keys in (f"{new_key},{app.config['MASTER_KEYS']}", new_key):
            restarted = create_app(base_config(copy_url.render_as_string(hide_password=False), tmp_path)
                                   | {"MASTER_KEYS": keys, "AUDIT_KEYS": app.config["AUDIT_KEYS"]})
            try:
                if keys != new_key:
                    rotated = restarted.test_cli_runner().invoke(args=["rotate-master-key"])
                    assert rotated.exit_code == 0 and "drill-2" in rotated.output, rotated.output
                else:  # the old key removed: still readable
                    with new_session(restarted) as session:
                        assert set(session.exec(select(DataKey.master_key_id)).all()) == {"drill-2"}
                        assert session.get(Meeting, case.meeting.id).place == f"{case.marker}-place"
            finally:
                restarted.extensions["yv_engine"].dispose()
        raw = create_engine(copy_url)
        with raw.connect() as connection:  # the copy's text is readable only with a key
            rows = connection.execute(text("SELECT place_sealed FROM meeting WHERE id = :id"),
                                      {"id": case.meeting.id}).all()
        raw.dispose()
        assert rows and f"{case.marker}-place".encode() not in bytes(rows[0][0] or b"")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{copy_name}" WITH (FORCE)'))
        admin.dispose()


def test_sqlite_backup_restores_into_a_fresh_instance(app, db, backend, tmp_path):
    if backend != "sqlite":
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x.db")])
        assert result.exit_code == 2 and "pg_dump" in result.output
        return
    case = build_case(db)
    target = tmp_path / "backup" / "copy.db"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    restored = create_app(base_config(f"sqlite:///{target}", tmp_path) | {"MASTER_KEYS": app.config["MASTER_KEYS"]})
    with new_session(restored) as session:
        meeting = session.get(Meeting, case.meeting.id)
        assert meeting.place == f"{case.marker}-place"  # readable with the same master key
        assert session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    client = restored.test_client()
    login_as(restored, client, case.people["sara"])
    assert f"{case.marker}-place" in client.get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    restored.extensions["yv_engine"].dispose()
    assert Role.YOUNG_PERSON
