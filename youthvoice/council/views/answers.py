"""The respondent's pages (a politician or committee secretary): the causes sent to their committees, and the
official answer to each. A respondent has no other page in the app; anyone else gets a 404 here."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from youthvoice.core.db import get_session
from youthvoice.council import accountability, follow, rules
from youthvoice.council.views.council import today
from youthvoice.council.views.forms import OfficialAnswerForm
from youthvoice.web.view_helpers import refused_input

bp = Blueprint("council_answers", __name__, url_prefix="/council/answers")


@bp.get("/")
@login_required
def index() -> Any:
    """The causes sent to the respondent's committees: those waiting for an answer first."""
    db = get_session()
    rows = accountability.causes_for_respondent(db, current_user)
    return render_template(
        "council/answers.html",
        rows=rows,
        today=today(),
        is_overdue=follow.is_overdue,
        committees=accountability.committees_of_respondent(db, current_user),
    )


def _page(cause_id: str, form: OfficialAnswerForm | None = None, status: int = 200) -> Any:
    db = get_session()
    cause, committee = accountability.cause_for_respondent(db, current_user, cause_id)
    page = render_template(
        "council/answer.html",
        cause=cause,
        committee=committee,
        form=form or OfficialAnswerForm(formdata=None),
        today=today(),
        overdue=follow.is_overdue(cause, today()),
        can_answer=cause.status in accountability.ANSWERABLE and cause.official_answer is None,
    )
    return page, status


@bp.get("/<cause_id>")
@login_required
def cause(cause_id: str) -> Any:
    """One cause sent to the respondent's committee: what the young people ask for, and the answer form."""
    return _page(cause_id)


@bp.post("/<cause_id>")
@login_required
def answer(cause_id: str) -> Any:
    """The committee's official answer, posted once; it shows at once on the cause's public page."""
    db = get_session()
    found, _committee = accountability.cause_for_respondent(db, current_user, cause_id)
    # answered meanwhile (from another tab), or finished: there is no form to show again
    rules.require(found.status in accountability.ANSWERABLE and found.official_answer is None)
    form = OfficialAnswerForm()
    if form.validate_on_submit():
        with refused_input(form):
            accountability.post_official_answer(
                db, actor=current_user, cause=found, text=form.text.data or "", today=today()
            )
            flash(_("The answer is posted. The youth council is told, and it shows on the public page."), "success")
            return redirect(url_for("council_answers.cause", cause_id=found.id))
    return _page(cause_id, form, 400)
