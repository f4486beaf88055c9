"""The home page of each kind of person, and the language switch."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from youthvoice.core.db import get_session
from youthvoice.council import panel
from youthvoice.groups import rules as group_rules
from youthvoice.identity import accounts, ages
from youthvoice.meetings import meetings
from youthvoice.rights import rights
from youthvoice.sharing import access
from youthvoice.support import support
from youthvoice.web.i18n import LANGUAGE_COOKIE
from youthvoice.web.view_helpers import safe_next

bp = Blueprint("main", __name__, template_folder="templates")


@bp.get("/")
def home() -> Any:
    """Where each person starts: their own home, or the log-in page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    if current_user.is_admin:
        return redirect(url_for("admin.index"))
    if current_user.is_partner:
        return redirect(url_for("evidence.partner_index"))
    if current_user.is_respondent:
        return redirect(url_for("council_answers.index"))
    if current_user.is_supporter:
        return redirect(url_for("backing.home"))
    if current_user.is_facilitator:
        return redirect(url_for("groups.index"))  # a facilitator's start: the groups they run
    db = get_session()
    if current_user.is_peer:  # a young person not in care: their groups, and nothing of a case
        return render_template("main/peer_home.html", groups=group_rules.groups_of(db, current_user))
    if current_user.is_professional:
        if current_user.is_coordinator and not access.young_people_of(db, current_user):
            return redirect(url_for("council.overview"))  # a coordinator with no young people of her own
        return redirect(url_for("people.dashboard"))
    if current_user.is_bisidder:
        supported = support.young_people_supported_by(db, current_user)
        return render_template("main/bisidder_home.html", supported=[
            (person, access.meetings_visible_to(db, current_user, person)) for person in supported])
    notices = accounts.account_notices(db, current_user)
    next_meeting, upcoming_count = meetings.next_meeting_of(db, current_user)
    return render_template(
        "main/young_home.html",
        passkey_count=notices.passkey_count,
        recovered_at=notices.recovered_at,
        recovery_link_at=notices.recovery_link_at,
        professionals=access.professionals_of(db, current_user),
        next_meeting=next_meeting,
        more_meetings=max(upcoming_count - 1, 0),
        open_steps=meetings.open_steps_of(db, current_user),
        stage=ages.life_stage(current_user.birth_date) if current_user.birth_date else None,
        support_page=next(iter(rights.for_context(str(get_locale()), "turning_18")), None),
        on_panel=panel.on_panel(db, current_user),
        groups=group_rules.groups_on_home(db, current_user),
    )


@bp.post("/language")
def set_language() -> Any:
    """Switch language; kept on the account when logged in, and in a cookie before."""
    language = request.form.get("language", "")
    target = safe_next(request.form.get("next"), url_for("main.home"))
    response = redirect(target)
    if language not in current_app.config["LANGUAGES"]:
        return response
    if current_user.is_authenticated:
        db = get_session()
        current_user.locale = language
        db.add(current_user)
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=60 * 60 * 24 * 365, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True)
    return response
