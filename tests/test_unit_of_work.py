"""One unit of work per request (db._end_unit_of_work): what a request changed is committed when its answer is
below 400 and rolled back otherwise; a commit that fails ends in the app's error page, never a traceback; a rule's
refusal goes next to its field (view_helpers.refused_input) and the page is a 400; views do not commit on their
own; and a refused page that showed her words to someone else still writes that it did."""

from __future__ import annotations

import ast
import re
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Blueprint, Flask, abort, flash, get_flashed_messages, jsonify, redirect, request
from flask_wtf import FlaskForm
from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlmodel import select
from support.client import post_form
from support.database import reread
from support.netcase import build_net_case
from support.people import login_as
from wtforms import StringField

import youthvoice
from youthvoice.core.db import get_session
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.extensions import csrf
from youthvoice.core.idempotency_model import RequestKey
from youthvoice.identity.models import Municipality
from youthvoice.network import steps
from youthvoice.network.models import Step, StepSuggestion
from youthvoice.privacy.models import AuditEvent
from youthvoice.web.view_helpers import form_status, refused_input

PACKAGE = Path(youthvoice.__file__).parent
KEY_FIELD = re.compile(r'name="request_key" value="([A-Za-z0-9_-]+)"')


def _with_test_routes(app: Flask) -> Flask:
    """Routes that write a municipality and answer with a chosen status (registered before the first request)."""
    bp = Blueprint("uow_test", __name__)

    def _write() -> None:
        get_session().add(Municipality(slug=request.form["slug"], name="Unit of work"))
        flash(request.form.get("message", "Saved."), "success")

    @bp.post("/uow-test/answer/<int:status>")
    def answer(status: int) -> Any:
        _write()
        if 300 <= status < 400:
            return redirect("/", code=status)
        return "answered", status

    @bp.post("/uow-test/raise/<kind>")
    def fail(kind: str) -> Any:
        _write()
        if kind == "not-found":
            raise NotFound
        raise RuntimeError("a bug in a view")

    @bp.post("/uow-test/abort")
    def refuse() -> Any:
        _write()
        abort(409)

    @bp.post("/uow-test/duplicate")
    def duplicate() -> Any:
        """A new row, then one whose slug is taken: the commit fails at the end of the request."""
        db = get_session()
        db.add(Municipality(slug=request.form["fresh"], name="Would be new"))
        _write()
        return redirect("/")

    @bp.post("/uow-test/database-gone")
    def database_gone() -> Any:
        db = get_session()

        def _gone(_session: Any) -> None:
            raise OperationalError("COMMIT", {}, Exception("server closed the connection"))

        event.listen(db, "before_commit", _gone, once=True)
        _write()
        return redirect("/")

    @bp.get("/uow-test/flashes")
    def flashes() -> Any:
        return jsonify(list(get_flashed_messages()))

    csrf.exempt(bp)
    app.register_blueprint(bp)
    return app


def _kept(db: Any, slug: str) -> bool:
    reread(db)
    return db.exec(select(Municipality).where(Municipality.slug == slug)).first() is not None


@pytest.mark.parametrize(("status", "kept"), [(200, True), (201, True), (302, True), (303, True), (400, False),
                                              (403, False), (404, False), (409, False), (422, False), (500, False),
                                              (503, False)])
def test_a_request_is_committed_below_400_and_rolled_back_otherwise(app, db, status, kept):
    client = _with_test_routes(app).test_client()
    slug = f"uow-{uuid.uuid4().hex[:8]}"
    assert client.post(f"/uow-test/answer/{status}", data={"slug": slug}).status_code == status
    assert _kept(db, slug) is kept


@pytest.mark.parametrize(("path", "status"), [("/uow-test/raise/not-found", 404), ("/uow-test/raise/bug", 500),
                                              ("/uow-test/abort", 409)])
def test_a_request_that_fails_keeps_nothing(app, db, path, status):
    client = _with_test_routes(app).test_client()
    slug = f"uow-{uuid.uuid4().hex[:8]}"
    assert client.post(path, data={"slug": slug}).status_code == status
    assert not _kept(db, slug)


def test_a_commit_that_fails_answers_with_the_error_page_and_takes_back_its_flash(app, db):
    client = _with_test_routes(app).test_client()
    taken = f"uow-{uuid.uuid4().hex[:8]}"
    earlier = client.post("/uow-test/answer/200", data={"slug": taken, "message": "Earlier news."})
    assert earlier.status_code == 200  # its flash is not shown yet
    fresh = f"uow-{uuid.uuid4().hex[:8]}"
    failed = client.post("/uow-test/duplicate", data={"fresh": fresh, "slug": taken, "message": "Saved twice."})
    page = failed.get_data(as_text=True)
    assert failed.status_code == 500 and "Sorry, something went wrong on our side" in page
    assert "Traceback" not in page and "IntegrityError" not in page
    assert failed.headers["Content-Security-Policy"] and failed.headers["X-Frame-Options"] == "DENY"
    shown = page + client.get("/uow-test/flashes").get_data(as_text=True)
    assert "Saved twice." not in shown  # what it announced was not saved
    assert "Earlier news." in shown  # an earlier request's message is still shown
    assert not _kept(db, fresh)


def test_a_failed_commit_answers_a_script_in_json(app, db):
    client = _with_test_routes(app).test_client()
    taken = f"uow-{uuid.uuid4().hex[:8]}"
    client.post("/uow-test/answer/200", data={"slug": taken})
    failed = client.post("/uow-test/duplicate", data={"fresh": "uow-fresh", "slug": taken},
                         headers={"Accept": "application/json"})
    assert failed.status_code == 500 and failed.is_json
    assert failed.get_json()["status"] == 500 and failed.get_json()["correlation_id"]


def test_a_commit_the_database_does_not_answer_is_a_503_that_asks_to_try_again(app, db):
    client = _with_test_routes(app).test_client()
    slug = f"uow-{uuid.uuid4().hex[:8]}"
    failed = client.post("/uow-test/database-gone", data={"slug": slug, "message": "Saved."})
    assert failed.status_code == 503 and failed.headers["Retry-After"] == "5"
    assert "Saved." not in failed.get_data(as_text=True) + client.get("/uow-test/flashes").get_data(as_text=True)
    assert not _kept(db, slug)


# --- refused_input ---------------------------------------------------------------------------------------


class _Form(FlaskForm):
    class Meta:
        csrf = False

    text = StringField()
    area = StringField()


@pytest.mark.parametrize(("field", "fallback", "lands_on"), [("area", "text", "area"), ("nowhere", "text", "text"),
                                                             (None, "text", "text"), (None, None, None)])
def test_refused_input_puts_the_message_by_its_field_or_flashes_it(app, field, fallback, lands_on):
    with app.test_request_context("/", method="POST", data={"text": "What she typed", "area": "x"}):
        form = _Form()
        assert form.validate() and form_status(form) == 200
        with refused_input(form, field=fallback) as refused:
            raise InvalidInput("Not like that.", field=field)
        assert refused and refused.message == "Not like that." and refused.field == field
        assert form_status(form) == 400 and form.text.data == "What she typed"
        placed = {name: list(form[name].errors) for name in ("text", "area") if form[name].errors}
        assert placed == ({lands_on: ["Not like that."]} if lands_on else {})
        assert get_flashed_messages() == ([] if lands_on else ["Not like that."])


def test_refused_input_rolls_back_what_the_block_wrote(app, db):
    slug = f"uow-{uuid.uuid4().hex[:8]}"
    with app.test_request_context("/", method="POST"):
        session = get_session()
        with refused_input() as refused:
            session.add(Municipality(slug=slug, name="Half done"))
            session.flush()
            raise InvalidInput("Refused.")
        assert refused and get_flashed_messages() == []  # without a form the view shows the message itself
        assert session.exec(select(Municipality).where(Municipality.slug == slug)).first() is None
        assert form_status() == 400


def test_refused_input_lets_the_block_through_and_other_errors_pass(app):
    with app.test_request_context("/", method="POST"):
        with refused_input() as refused:
            pass
        assert not refused and refused.message == "" and form_status() == 200
        with pytest.raises(NotFound), refused_input():
            raise NotFound


def test_refused_input_on_a_real_page_keeps_what_was_typed_and_the_key_free(app, db):
    """A rule refuses the day: the page is a 400 in Danish with what was typed, nothing is kept, and the form's
    key still makes the corrected entry."""
    netcase = build_net_case(db)
    client = app.test_client()
    login_as(app, client, netcase.people["sara"])
    key = KEY_FIELD.search(client.get("/steps/log").get_data(as_text=True)).group(1)
    steps_before = len(db.exec(select(Step)).all())
    entry = {"area": "housing", "text": "Ringede til boligforeningen", "request_key": key,
             "day": (steps.today() + timedelta(days=1)).isoformat()}
    refused = post_form(client, "/steps/log", entry, token_page="/steps/log", headers={"Accept-Language": "da"})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Den dag er ikke kommet endnu." in body and "Ringede til boligforeningen" in body
    reread(db)
    assert db.exec(select(RequestKey).where(RequestKey.key == key)).first() is None
    corrected = post_form(client, "/steps/log", entry | {"day": steps.today().isoformat()}, token_page="/steps/log")
    assert corrected.status_code == 302
    reread(db)
    assert len(db.exec(select(Step)).all()) == steps_before + 1


# --- her words: a refused page that showed them is still logged -----------------------------------------


def test_a_refused_form_that_showed_her_words_to_a_professional_still_logs_the_view(app, db):
    netcase = build_net_case(db)
    sara, lene = netcase.people["sara"], netcase.people["lene"]
    client = app.test_client()
    login_as(app, client, lene)
    page = client.get(f"/steps/of/{sara.id}").get_data(as_text=True)
    key = KEY_FIELD.search(page).group(1)
    reread(db)
    views_before = len(db.exec(select(AuditEvent).where(AuditEvent.action == "view",
                                                        AuditEvent.actor_id == lene.id)).all())
    suggestions_before = len(db.exec(select(StepSuggestion)).all())
    refused = post_form(client, f"/steps/of/{sara.id}/suggest", {"area": "moon", "text": "An idea",
                                                                 "request_key": key}, token_page="/people/")
    assert refused.status_code == 400 and "An idea" in refused.get_data(as_text=True)
    reread(db)
    views = db.exec(select(AuditEvent).where(AuditEvent.action == "view", AuditEvent.actor_id == lene.id)).all()
    assert len(views) == views_before + 1 and (views[-1].object_type, views[-1].subject_id) == ("steps", sara.id)
    # the refused request's own writes are not kept: its key is free and no suggestion was made
    assert db.exec(select(RequestKey).where(RequestKey.key == key)).first() is None
    assert len(db.exec(select(StepSuggestion)).all()) == suggestions_before


# --- views leave the commit to the unit of work -----------------------------------------------------------


def _view_modules() -> list[Path]:
    found = {*PACKAGE.rglob("views.py"), *PACKAGE.rglob("views/*.py"), *PACKAGE.rglob("*_views.py"),
             PACKAGE / "web" / "view_helpers.py"}
    return sorted(found)


def commits_without_a_reason(source: str) -> list[int]:
    """The lines of `source` that call `.commit()` without a `# kept although` comment saying why."""
    lines = source.splitlines()
    return [node.lineno for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "commit"
            and "# kept although" not in lines[node.lineno - 1]]


def test_no_view_commits_except_where_it_says_why():
    modules = _view_modules()
    assert len(modules) >= 20 and PACKAGE / "meetings" / "views" / "meetings.py" in modules
    unexplained = {str(path.relative_to(PACKAGE)): lines for path in modules
                   if (lines := commits_without_a_reason(path.read_text()))}
    assert unexplained == {}


def test_the_commit_check_sees_a_commit():
    assert commits_without_a_reason("def view():\n    db.commit()\n    return 'ok'\n") == [2]
    assert commits_without_a_reason("def view():\n    get_session().commit()  # kept although: why\n") == []
