"""Pictures on proposals (council/pictures.py): each served to whoever may see its proposal, and removed by its
author. They are added with the proposal's text (council_causes.step_two and .edit)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from youthvoice.core import images
from youthvoice.core.db import get_session
from youthvoice.council import pictures, rules
from youthvoice.council.models import CauseImage, CauseStatus
from youthvoice.web.view_helpers import confirmed

bp = Blueprint("council_pictures", __name__, url_prefix="/council")  # (no counting of votes before a picture)


def served(picture: CauseImage, cache: str) -> Response:
    """The picture as we made it: a JPEG, said so, and never to be read as anything else."""
    response = Response(picture.data, mimetype=images.CONTENT_TYPE)
    response.headers["Cache-Control"] = cache
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    return response


@bp.get("/causes/<cause_id>/pictures/<picture_id>")
@login_required
def picture(cause_id: str, picture_id: str) -> Any:
    """A picture of a proposal, for the members and coordinator of its council (its author alone while a draft)."""
    db = get_session()
    cause = rules.cause_for(db, current_user, cause_id)
    return served(pictures.picture_of(db, cause, picture_id), "private, max-age=300")


@bp.post("/causes/<cause_id>/pictures/<picture_id>/remove")
@login_required
def remove(cause_id: str, picture_id: str) -> Any:
    """Its author removes a picture from their proposal (nobody else can)."""
    db = get_session()
    cause = rules.cause_for(db, current_user, cause_id)
    found = pictures.picture_of(db, cause, picture_id)
    rules.require(found.added_by_id == current_user.id)
    back = (url_for("council_causes.step_two", cause_id=cause.id) if cause.status == CauseStatus.DRAFT
            else url_for("council_causes.cause", cause_id=cause.id))
    if confirmed():
        pictures.remove(db, actor=current_user, picture=found)
        flash(_("The picture is removed."), "success")
    return redirect(back + "#pictures")
