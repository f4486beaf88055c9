"""Members moderate together: a member asks the coordinator to look at a comment; the coordinator hides it (see
council_causes.hide_comment) or leaves it as it is."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from youthvoice.core.db import get_session
from youthvoice.council import causes, rules
from youthvoice.council.views.causes import _cause, _render
from youthvoice.council.views.council import before_council_request, today
from youthvoice.web.view_helpers import refused_input

bp = Blueprint("council_moderation", __name__, url_prefix="/council")
bp.before_request(before_council_request)


def _to_comment(comment: Any) -> Any:
    return redirect(url_for("council_causes.cause", cause_id=comment.cause_id) + f"#comment-{comment.id}")


@bp.post("/comments/<comment_id>/flag")
@login_required
def flag(comment_id: str) -> Any:
    """A member asks the coordinator to look at a comment (the coordinator never learns who asked)."""
    db = get_session()
    comment = rules.comment_for(db, current_user, comment_id)
    reason = request.form.get("reason", "")
    with refused_input() as refused:
        if causes.flag_comment(db, actor=current_user, comment=comment, reason=reason, today=today()):
            flash(
                _("Thank you. The coordinator is asked to look at the comment. Nobody is told it was you."), "success"
            )
        else:
            flash(_("You have asked the coordinator about this comment already."), "success")
        return _to_comment(comment)
    return _render(
        _cause(str(comment.cause_id)),
        status=400,
        item_error={"flag": str(comment.id), "message": refused.message, "text": reason},
    )


@bp.post("/comments/<comment_id>/leave")
@login_required
def leave(comment_id: str) -> Any:
    """The coordinator looked at a flagged comment and leaves it as it is."""
    db = get_session()
    comment = rules.comment_for(db, current_user, comment_id)
    causes.leave_comment(db, actor=current_user, comment=comment)
    flash(_("The comment stays as it is."), "success")
    return _to_comment(comment)
