"""Small helpers the areas' views share: role checks, exactly-once creates, safe redirects, JSON bodies, link limits."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from limits import parse_many
from sqlmodel import col, delete
from werkzeug.exceptions import HTTPException

from youthvoice.core import idempotency
from youthvoice.core.db import get_session
from youthvoice.core.errors import InvalidInput, NotFound, wants_json
from youthvoice.core.extensions import limiter
from youthvoice.core.idempotency_model import RequestKey


def confirmed() -> bool:
    """The second tap of a destructive button ("Yes, delete it"; see the `confirm_button` macro) was sent. Without
    it nothing is done and the person is told so: a stray tap, or a form sent by a page without the question."""
    if request.form.get("confirm") == "yes":
        return True
    flash(_("Nothing was changed. To go ahead, tap the button and then confirm."), "error")
    return False


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site paths are followed after log-in or a language switch."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


def role_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Logged in with one of these roles; anyone else gets a 404 (the page does not exist for them)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                raise NotFound
            return view(*args, **kwargs)

        return wrapped

    return decorator


class Refusal:
    """What `refused_input` caught: the rule's refusal, or nothing when the block ran through (then it is falsy)."""

    error: InvalidInput | None = None

    def __bool__(self) -> bool:
        return self.error is not None

    @property
    def message(self) -> str:
        return str(self.error.message) if self.error is not None else ""

    @property
    def field(self) -> str | None:
        return self.error.field if self.error is not None else None


def show_error(form: FlaskForm | None, error: InvalidInput, field: str | None = None) -> None:
    """A rule's message next to its field (the rule's, else `field`), or as a flash message when the page has no
    such field."""
    name = error.field if form is not None and error.field and error.field in form else field
    if form is not None and name and name in form:
        form[name].errors = [*form[name].errors, str(error.message)]
    else:
        flash(str(error.message), "error")


@contextmanager
def refused_input(form: FlaskForm | None = None, *, field: str | None = None) -> Iterator[Refusal]:
    """Around a view's call of the domain with what was typed: a rule's `InvalidInput` is caught, what the block
    wrote is rolled back at once (the page shown again reads what is saved), and the message goes on `form` (see
    `show_error`; without a form the view shows `Refusal.message` itself). The view then renders its form again
    with `form_status(form)`, a 400, so the unit of work keeps nothing of the request; what was typed stays in
    the form.

        with refused_input(form, field="text"):
            steps.set_goal(db, owner=current_user, area=area, text=form.text.data)
            flash(_("Your goal is saved."), "success")
            return redirect(url_for("steps.index"))
        return render_template("steps/goal.html", form=form), form_status(form)
    """
    refusal = Refusal()
    try:
        yield refusal
    except InvalidInput as error:
        get_session().rollback()
        refusal.error = error
        g.yv_refused = True
        if form is not None:
            show_error(form, error, field)


def form_status(form: FlaskForm | None = None) -> int:
    """The status of a page with a form: 400 when it is shown again because of what was typed (the form's own
    checks or a rule's refusal), so the unit of work rolls back; else 200."""
    return 400 if g.get("yv_refused") or (form is not None and form.errors) else 200


# What a key creates where a page's form and the API create the same thing: the outbox sends a form's own key
# to the API first, and the form that follows with it must find that key used, not used for something else.
ADDS_POINT, ADDS_DECISION, ADDS_NOTE, ADDS_NEXT_STEP = "meeting_point", "meeting_decision", "meeting_note", "next_step"


def idempotent(replay: Callable[..., Any], *, kind: str | None = None) -> Callable[[Callable[..., Any]],
                                                                                   Callable[..., Any]]:
    """A create request with a key (see idempotency.py) runs once; a retry gets `replay(record, **view_args)`.

    Goes below the log-in and role checks. The key is recorded in the request's transaction: committed with
    what the view creates, or rolled back with it when the view refuses the input (the unit of work, db.py).
    `kind` names what the key creates when another endpoint creates the same thing with the same keys (default:
    this endpoint)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            key = idempotency.key_of(request) if request.method == "POST" else None
            if key is None or not current_user.is_authenticated:
                return view(*args, **kwargs)
            db = get_session()
            try:
                record, retry = idempotency.claim(db, current_user, key, kind or request.endpoint or "",
                                                  _fingerprint(kind))
            except idempotency.KeyReused:
                db.rollback()
                return key_reused()
            if retry:
                db.rollback()
                return replay(record, *args, **kwargs)
            g.request_key = record
            response = make_response(view(*args, **kwargs))
            if response.status_code >= 400:
                # Refused input: the key must stay free for the corrected entry. The unit of work rolls the claim
                # back with the rest; a view that had to commit on the way may have committed it, so it goes.
                db = get_session()
                db.rollback()
                db.exec(delete(RequestKey).where(col(RequestKey.id) == record.id))
                db.commit()  # kept although the request is refused: the unit of work would roll the deletion back
            return response

        wrapped.keyed = True  # type: ignore[attr-defined]
        return wrapped

    return decorator


def key_reused() -> Any:
    """The answer to a key sent again with another request: a 422 that says so. A script gets JSON; a form gets a
    page with what was typed, to send it as a new entry (with a new key) or go back."""
    if wants_json():
        return {"error": _("This Idempotency-Key was already used for a different request. Use a new key for a "
                           "new entry."), "status": 422}, 422
    sent = [(name, value) for name, value in request.form.items(multi=True) if name not in (idempotency.FIELD,
                                                                                            "csrf_token")]
    return render_template("errors/key_reused.html", sent=sent, fresh_key=idempotency.new_key(),
                           back=_form_page()), 422


def _form_page() -> str:
    """Where the form that was posted is shown: its own address when that is a page, else the start page."""
    try:
        current_app.url_map.bind_to_environ(request.environ).match(request.path, method="GET")
    except HTTPException:
        return url_for("main.home")
    return request.path


def created(resource_id: object) -> None:
    """Tell a keyed request what it created (for an API retry to answer with the same thing)."""
    record = g.get("request_key")
    if record is not None:
        idempotency.note_created(get_session(), record, resource_id)


def issuing_refused() -> str | None:
    """Count one more invite or recovery link made by the logged-in person, against their own limit and their
    municipality's (RATELIMIT_ISSUE_PERSON, RATELIMIT_ISSUE_MUNICIPALITY); the translated refusal when one is
    used up, else None. Every route that issues a link asks this first (tests/test_fuzz.py checks that it did).

    Counted where the other limits are (Redis when REDIS_URL is set), so every process counts together. A link
    refused by a limit is not counted; if the counter cannot be reached, the link is issued (as the other limits do)."""
    g.issue_limits_checked = True
    config = current_app.config
    if not config.get("RATELIMIT_ENABLED", True):
        return None
    prefix = [config["RATELIMIT_KEY_PREFIX"]] if config.get("RATELIMIT_KEY_PREFIX") else []
    checks = [
        (config["RATELIMIT_ISSUE_PERSON"], [*prefix, "issue-links", "person", str(current_user.id)],
         _("You have made many links in a short while. Please wait a little and try again.")),
        (config["RATELIMIT_ISSUE_MUNICIPALITY"],
         [*prefix, "issue-links", "municipality", str(current_user.municipality_id)],
         _("Many links have been made in your municipality in a short while. Please wait a little and try again, "
           "or ask your administrator.")),
    ]
    try:
        strategy = limiter.limiter
        for limits, key, message in checks:
            if not all(strategy.test(item, *key) for item in parse_many(limits)):
                return message
        for limits, key, _message in checks:
            for item in parse_many(limits):
                strategy.hit(item, *key)
    except Exception as error:  # the counter is away (Redis down): issue, as the other limits let requests through
        logging.getLogger("youthvoice").warning("issue limit not counted: %s", type(error).__name__)
    return None


def creates_once(view: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a view that saves a whole page and also creates what was typed in the page's add box: it asks
    `first_time` just before creating, so a retry skips only the creation and still saves the rest."""
    view.keyed = True  # type: ignore[attr-defined]
    return view


# Where each kind's text is in a page's form (the API sends it as "text").
ADD_BOXES = {ADDS_POINT: "new_point", ADDS_DECISION: "new_decision", ADDS_NOTE: "note", ADDS_NEXT_STEP: "step_what"}


def _fingerprint(kind: str | None) -> str:
    """What a keyed request asks for. A thing both a form and the API create (`kind`) is identified by what it
    says and where, so the form sent after the outbox's API call with the same key is the same request."""
    if kind is None:
        return idempotency.fingerprint(request)
    body = request.get_json(silent=True) if request.is_json else None
    text = body.get("text") if isinstance(body, dict) else request.form.get(ADD_BOXES.get(kind, ""), "")
    return idempotency.content_fingerprint(kind, (request.view_args or {}).get("meeting_id"), text)


def first_time(kind: str) -> bool:
    """Claim the request's key for creating one `kind` (in the open transaction): False when that key already
    created it (a double tap, a retry, or the outbox sent it to the API first). Without a key: True."""
    key = idempotency.key_of(request)
    if key is None:
        return True
    try:
        record, retry = idempotency.claim(get_session(), current_user, key, kind, _fingerprint(kind))
    except idempotency.KeyReused:
        # the key made something else (a page shown again from the browser's memory, say): this is new text,
        # and what was typed is saved
        return True
    if not retry:
        g.request_key = record
    return not retry


def room_for_uploads(bp: Blueprint, limits: dict[str, int]) -> None:
    """Forms that carry a file (a picture, a recording) may be bigger than MAX_CONTENT_LENGTH. Their endpoints get
    room before anything reads the body (the CSRF check runs first), so a too-big file reaches the view and is
    refused there with its own message beside what was typed, instead of a bare 413 page. `limits`: endpoint ->
    the most bytes its body may have."""

    @bp.url_value_preprocessor
    def _room(endpoint: str | None, _values: Any) -> None:
        if endpoint in limits:
            request.max_content_length = limits[endpoint]


def uploaded_file(name: str, limit: int) -> bytes | None:
    """The bytes of the file sent in field `name` (at most `limit` + 1, so "too big" can be told), or None when no
    file was chosen. A big upload waits in a temporary file: it is closed now, not when it is collected."""
    upload = request.files.get(name)
    if upload is None or not upload.filename:
        return None
    try:
        return upload.read(limit + 1)
    finally:
        upload.close()
