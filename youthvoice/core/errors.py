"""Domain errors and the friendly, translated error pages every failure ends in."""

from __future__ import annotations

import logging

from flask import Flask, Response, g, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from youthvoice.core.logs import request_id
from youthvoice.core.request import UnreadableJson

log = logging.getLogger("youthvoice")


class NotFound(Exception):  # noqa: N818 - reads as the HTTP status it becomes
    """The thing does not exist for this person. Never says whether it exists for someone else."""


class NotAllowed(Exception):  # noqa: N818
    """The person may see the thing but not do this with it."""


class InvalidInput(Exception):  # noqa: N818
    """Input a person typed that the rules refuse; carries a translated message."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


TITLES = {
    400: _l("Something in the request was not right"),
    401: _l("Please log in"),
    403: _l("You cannot do that"),
    404: _l("We could not find that page"),
    405: _l("That did not work"),
    413: _l("That was too much at once"),
    429: _l("Slow down a little"),
    500: _l("Sorry, something went wrong on our side"),
    503: _l("youthvoice is resting for a moment"),
}
EXPLANATIONS = {
    400: _l("Please go back and try again."),
    401: _l("Log in to see this page."),
    403: _l("You do not have access to this."),
    404: _l("The page may have moved, or you do not have access to it."),
    405: _l("Please go back and try again."),
    413: _l("Please send a shorter text or a smaller file."),
    429: _l("You have tried many times in a short while. Wait a minute and try again."),
    500: _l("It is not your fault. Nothing you wrote was lost. Please try again in a moment."),
    503: _l("Please try again in a moment."),
}


def wants_json() -> bool:
    """A script's request (the API, a fetch that asks for JSON or sends JSON) is answered in JSON, not a page."""
    return request.accept_mimetypes.best == "application/json" or request.path.startswith("/api/") or request.is_json


def _page(status: int, *, correlation_id: str | None = None, explanation: object = None,
          reason: str | None = None, field: str | None = None) -> ResponseReturnValue:
    if wants_json():
        body: dict[str, object] = {"error": str(explanation or TITLES.get(status, TITLES[400])), "status": status}
        if reason:
            body["reason"] = reason  # for scripts: e.g. "csrf" means fetch a fresh token and try again
        if field:
            body["field"] = field
        if correlation_id:
            body["correlation_id"] = correlation_id
        return body, status
    return (
        render_template(
            "errors/error.html",
            status=status,
            title=TITLES.get(status, TITLES[400]),
            explanation=explanation or EXPLANATIONS.get(status, EXPLANATIONS[400]),
            correlation_id=correlation_id,
        ),
        status,
    )


def _drop_request_session() -> None:
    """A failed request's session may be unusable; the error page must not reuse it."""
    session = g.pop("db_session", None)
    if session is not None:
        try:
            session.close()
        except Exception:  # closing a broken connection may fail too; nothing to do about it
            log.debug("closing the request's session failed")


def _reset_request_session() -> None:
    """After an unexpected error: roll the request's database session back (nothing half-done is kept), so the
    error page can still read what it shows (the person's language, the menu). Dropping it instead would leave
    the logged-in person's row detached, and the error page would fail in its turn. A session that cannot even
    roll back is dropped."""
    session = g.get("db_session")
    if session is None:
        return
    try:
        session.rollback()
    except Exception:
        _drop_request_session()


def _stand_alone(app: Flask, template: str, status: int, **context: object) -> Response:
    """A page rendered without the request's context processors (language, person, menu): nothing it shows can
    fail, because it looks nothing up."""
    return app.response_class(app.jinja_env.get_template(template).render(**context), status=status)


def failure_response(error: Exception) -> Response:
    """The friendly 500 page as a response object, for code that runs after the view (an after_request hook)."""
    from flask import current_app, make_response

    return make_response(current_app.handle_user_exception(error))


def init_app(app: Flask) -> None:
    @app.errorhandler(NotFound)
    def _not_found(_error: NotFound) -> ResponseReturnValue:
        return _page(404)

    @app.errorhandler(NotAllowed)
    def _not_allowed(_error: NotAllowed) -> ResponseReturnValue:
        return _page(403)

    @app.errorhandler(CSRFError)
    def _csrf(_error: CSRFError) -> ResponseReturnValue:
        from flask_babel import gettext as _

        return _page(400, explanation=_("The page had been open too long. Please reload it and try again."),
                     reason="csrf")

    @app.errorhandler(UnreadableJson)
    def _unreadable_json(error: UnreadableJson) -> ResponseReturnValue:
        """A body sent as JSON that cannot be read (request.py): a 400 that says why, never a 500."""
        return _page(400, explanation=error.description, field=error.field)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> ResponseReturnValue:
        if error.code is None or error.code < 400:
            return error
        response = _page(error.code)
        if error.code == 405 and hasattr(error, "valid_methods"):
            return response
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def _database_unavailable(error: Exception) -> ResponseReturnValue:
        """The database cannot be reached (a restart, a failover): a 503 that asks to try again shortly.
        Rendered without the database, since nothing can be looked up now."""
        _drop_request_session()
        log.warning("database unavailable on %s %s: %s", request.method, request.path, type(error).__name__)
        if wants_json():
            response = app.response_class('{"error": "unavailable", "status": 503}', status=503,
                                          mimetype="application/json")
        else:
            response = _stand_alone(app, "errors/unavailable.html", 503)
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> ResponseReturnValue:
        _reset_request_session()
        correlation_id = request_id()  # the id on every JSON log line of this request (core/logs.py)
        log.error("unexpected error %s on %s %s", correlation_id, request.method, request.path, exc_info=error)
        try:
            return _page(500, correlation_id=correlation_id)
        except Exception as second:  # the error page itself failed: one that cannot
            log.error("the error page for %s failed too", correlation_id, exc_info=second)
            _drop_request_session()
            if wants_json():
                return {"error": "error", "status": 500, "correlation_id": correlation_id}, 500
            return _stand_alone(app, "errors/failed.html", 500, correlation_id=correlation_id)
