"""My housing wishes: a short guide (one question per screen), my answers on one page, sharing them."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from youthvoice.core.db import get_session
from youthvoice.core.forms import clean_text
from youthvoice.identity.models import Role, User
from youthvoice.network import housing
from youthvoice.network.views.scope_sharing import add_share_pages
from youthvoice.sharing import access, sharing
from youthvoice.sharing.models import ShareScope
from youthvoice.web.view_helpers import confirmed, refused_input, role_required

bp = Blueprint("housing", __name__, url_prefix="/housing", template_folder="../templates")


@bp.get("/")
@role_required(Role.YOUNG_PERSON)
def index() -> Any:
    """My housing wishes on one page: each answer with a way to change it, and who can see them."""
    db = get_session()
    wish = housing.wish_of(db, current_user)
    return render_template(
        "housing/index.html",
        wish=wish,
        answers=housing.answers(wish),
        empty=housing.is_empty(wish),
        questions=housing.QUESTIONS,
        shares=sharing.scope_shares(db, owner=current_user, scope=ShareScope.HOUSING),
    )


def _render(key: str, values: dict[str, str | None], errors: dict[str, str] | None = None, status: int = 200) -> Any:
    screen = housing.question(key)
    previous, following = housing.neighbours(key)
    return render_template(
        "housing/step.html",
        step=screen,
        texts=values,
        errors=errors or {},
        previous=previous,
        following=following,
        number=housing.QUESTION_KEYS.index(key) + 1,
        total=len(housing.QUESTIONS),
        kinds=housing.KIND_LABELS,
    ), status


@bp.get("/ask/<key>")
@role_required(Role.YOUNG_PERSON)
def step(key: str) -> Any:
    """One question of the guide, with what I answered before."""
    housing.question(key)
    return _render(key, housing.answers(housing.wish_of(get_session(), current_user)))


@bp.post("/ask/<key>")
@role_required(Role.YOUNG_PERSON)
def save_step(key: str) -> Any:
    """Save this screen, then go to the next one (or back, or to my wishes when done). Any answer may be empty."""
    screen = housing.question(key)
    values = {field: clean_text(request.form.get(field)) for field in screen.fields}
    with refused_input() as refused:
        housing.save_answers(get_session(), owner=current_user, key=key, values=dict(values))
        previous, following = housing.neighbours(key)
        go = request.form.get("go", "next")
        if go == "back" and previous:
            return redirect(url_for("housing.step", key=previous))
        if go == "next" and following:
            return redirect(url_for("housing.step", key=following))
        flash(_("Your housing wishes are saved."), "success")
        return redirect(url_for("housing.index"))
    return _render(key, dict(values), errors={refused.field or "": refused.message}, status=400)


@bp.post("/remove")
@role_required(Role.YOUNG_PERSON)
def remove() -> Any:
    """Take away all my housing wishes (after "Yes, remove")."""
    if confirmed():
        housing.remove(get_session(), owner=current_user)
        flash(_("Your housing wishes are gone."), "success")
    return redirect(url_for("housing.index"))


# --- sharing: who can see my housing wishes, stop sharing, and exactly what one professional sees ---------------


def _shared_context(db: Any, owner: User, _professional: User) -> dict[str, Any]:
    return {"answers": housing.answers(housing.wish_of(db, owner)), "questions": housing.QUESTIONS}


add_share_pages(
    bp,
    ShareScope.HOUSING,
    shared_template="housing/shared.html",
    shared_context=_shared_context,
    stopped=_l("Nobody else can see your housing wishes any more."),
)


@bp.get("/of/<young_id>")
@login_required
def of(young_id: str) -> Any:
    """A young person's housing wishes as a professional they share them with sees them (every view is logged)."""
    db = get_session()
    seen = access.housing_for(db, current_user, young_id)
    if seen.is_owner:
        return redirect(url_for("housing.index"))
    return render_template(
        "housing/shared.html",
        owner=seen.owner,
        preview_for=None,
        shared=True,
        **_shared_context(db, seen.owner, current_user),
    )
