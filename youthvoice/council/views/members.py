"""The council's members: the coordinator invites and removes them; each member chooses whether the public
page may show their first name."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from youthvoice.core.db import get_session
from youthvoice.core.forms import clean_text
from youthvoice.council import rules
from youthvoice.council.views.council import before_council_request
from youthvoice.council.views.forms import ConsentForm, InviteMemberForm
from youthvoice.identity import accounts
from youthvoice.identity.invite_links import new_link_message, remember_invite_link, shown_invite
from youthvoice.identity.models import AccountStatus, InviteKind
from youthvoice.web.view_helpers import issuing_refused

bp = Blueprint("council_members", __name__, url_prefix="/council/members")
bp.before_request(before_council_request)


@bp.get("/")
@login_required
def index() -> Any:
    """Who is on the council; for a member also their own choice about the public page."""
    db = get_session()
    council = rules.council_for(db, current_user)
    membership = rules.membership_of(db, council, current_user) if rules.is_member(current_user) else None
    consent = ConsentForm(formdata=None, show_name_publicly=bool(membership and membership.show_name_publicly))
    return render_template("council/members.html", council=council, members=rules.members_of(db, council),
                           is_coordinator=rules.is_coordinator(current_user),
                           is_member=rules.is_member(current_user), consent=consent)


@bp.post("/consent")
@login_required
def consent() -> Any:
    """A member's own choice: first name on the public page, or not."""
    db = get_session()
    council = rules.council_for(db, current_user)
    form = ConsentForm()
    if form.validate_on_submit():
        rules.set_public_name(db, actor=current_user, council=council, show=bool(form.show_name_publicly.data))
        flash(_("Your first name is shown on the public page.") if form.show_name_publicly.data
              else _("Your name is not shown on the public page."), "success")
    return redirect(url_for("council_members.index"))


@bp.route("/invite", methods=["GET", "POST"])
@login_required
def invite() -> Any:
    """The coordinator invites a new member: a one-time link and QR code."""
    db = get_session()
    council = rules.council_for(db, current_user)
    rules.require_coordinator(current_user)
    form = InviteMemberForm()
    if form.validate_on_submit():
        refused = issuing_refused()
        if refused:
            flash(refused, "error")
            return render_template("council/member_invite.html", form=form), 429
        issued = rules.invite_member(db, actor=current_user, council=council,
                                     display_name=clean_text(form.display_name.data),
                                     birth_date=form.birth_date.data, invite_days=current_app.config["INVITE_DAYS"])
        person = issued.invite.user_id
        remember_invite_link(person, issued.token)
        return redirect(url_for("council_members.member", user_id=person))
    return render_template("council/member_invite.html", form=form), 400 if form.errors else 200


@bp.get("/<user_id>")
@login_required
def member(user_id: str) -> Any:
    """One member as the coordinator sees them: their invite link while they have not started."""
    db = get_session()
    rules.council_for(db, current_user)
    person = rules.member_for(db, current_user, user_id)
    return render_template("council/member.html", person=person, link=shown_invite(person),
                           pending_invite=accounts.pending_invite(db, person))


@bp.post("/<user_id>/invite-link")
@login_required
def new_link(user_id: str) -> Any:
    """A new first invite for a member who has not started (earlier links stop working)."""
    db = get_session()
    rules.council_for(db, current_user)
    person = rules.member_for(db, current_user, user_id)
    if person.status != AccountStatus.PENDING:
        flash(_("%(name)s has already started. With a lost phone, a recovery code or an administrator helps.",
                name=person.display_name), "error")
        return redirect(url_for("council_members.member", user_id=person.id))
    refused = issuing_refused()
    if refused:
        flash(refused, "error")
        return member(user_id), 429
    issued = accounts.issue_invite(db, person=person, created_by=current_user, kind=InviteKind.ACCOUNT,
                                   lifetime=timedelta(days=current_app.config["INVITE_DAYS"]))
    remember_invite_link(person.id, issued.token)
    flash(new_link_message(issued.invite), "success")
    return redirect(url_for("council_members.member", user_id=person.id))


@bp.post("/<user_id>/remove")
@login_required
def remove(user_id: str) -> Any:
    """Take someone off the council; what they wrote stays."""
    db = get_session()
    council = rules.council_for(db, current_user)
    person = rules.member_for(db, current_user, user_id)
    rules.remove_member(db, actor=current_user, council=council, member=person)
    flash(_("%(name)s is no longer on the youth council.", name=person.display_name), "success")
    return redirect(url_for("council_members.index"))
