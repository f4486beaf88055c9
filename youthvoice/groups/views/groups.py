"""Peer groups (issue 20.3): the members' and the facilitator's pages. Every page about one group asks
`rules.group_for` (or `rules.run_group` for the facilitator's tools) first: anyone else gets a 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthvoice.core.db import get_session
from youthvoice.core.errors import NotFound
from youthvoice.groups import rules
from youthvoice.identity.invite_links import remember_invite_link, shown_invite
from youthvoice.identity.models import Role
from youthvoice.web.qr import qr_svg
from youthvoice.web.view_helpers import confirmed, idempotent, issuing_refused, refused_input, role_required

bp = Blueprint("groups", __name__, url_prefix="/groups", template_folder="../templates")

MEMBERS = (Role.YOUNG_PERSON, Role.PEER)
RUNNERS = (Role.FACILITATOR, Role.PROFESSIONAL)
JOIN_LINKS = "group_join_links"


def _group_url(group_id: object, anchor: str = "") -> str:
    return url_for("groups.show", group_id=group_id) + (f"#{anchor}" if anchor else "")


# --- the list of my groups, and starting one ---------------------------------------------------------------


def _render_index(*, values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                  status: int = 200) -> Any:
    db = get_session()
    return render_template("groups/index.html", groups=rules.groups_of(db, current_user),
                           removals=rules.removals_of(db, current_user), runs=rules.runs_groups(current_user),
                           values=values or {}, errors=errors or {}), status


@bp.get("/")
@role_required(*MEMBERS, *RUNNERS)
def index() -> Any:
    """My groups: the groups I am in, or (a facilitator) the groups I run and a box to start one."""
    return _render_index()


@bp.post("/new")
@role_required(*RUNNERS)
def create() -> Any:
    """Start a group for a course ("Boligjagt forår 2027")."""
    values = {key: request.form.get(key, "") for key in ("name", "about")}
    with refused_input() as refusal:
        group = rules.create_group(get_session(), actor=current_user, name=values["name"], about=values["about"])
        flash(_("The group is ready. Invite the young people now."), "success")
        return redirect(url_for("groups.manage", group_id=group.id))
    return _render_index(values=values, errors={refusal.field or "": refusal.message}, status=400)


# --- the group page -----------------------------------------------------------------------------------------


def _render_group(group_id: str, *, values: dict[str, str] | None = None, status: int = 200) -> Any:
    db = get_session()
    seen = rules.group_for(db, current_user, group_id)
    return render_template("groups/show.html", seen=seen, group=seen.group,
                           members=rules.members_of(db, seen.group), meetings=rules.meetings_of(db, seen.group),
                           board=rules.board_of(db, seen), values=values or {},
                           errors=g.get("group_errors", {})), status


@bp.get("/<group_id>")
@role_required(*MEMBERS, *RUNNERS)
def show(group_id: str) -> Any:
    """The group page: first names, the group's dates, and the board of tips, housing leads, tasks and posts."""
    return _render_group(group_id)


@bp.post("/<group_id>/posts")
@role_required(*MEMBERS, *RUNNERS)
@idempotent(lambda _record, group_id: redirect(_group_url(group_id, "board")))
def post(group_id: str) -> Any:
    """Post on the board, or reply to a post."""
    db = get_session()
    seen = rules.group_for(db, current_user, group_id)
    values = {key: request.form.get(key, "") for key in ("kind", "text", "parent_id")}
    with refused_input() as refusal:
        made = rules.add_post(db, seen=seen, kind=values["kind"] or "post", text=values["text"],
                              parent_id=values["parent_id"] or None)
        flash(_("Posted. The group can see it now."), "success")
        return redirect(_group_url(seen.group.id, f"post-{made.parent_id or made.id}"))
    g.group_errors = {refusal.field or "": refusal.message}
    return _render_group(group_id, values=values, status=400)


@bp.post("/<group_id>/posts/<post_id>/delete")
@role_required(*MEMBERS, *RUNNERS)
def delete_post(group_id: str, post_id: str) -> Any:
    """Delete my own post (others' replies to it stay)."""
    db = get_session()
    seen = rules.group_for(db, current_user, group_id)
    found = rules.post_for(db, seen, post_id)
    if found.owner_id != current_user.id:
        raise NotFound
    if not confirmed():
        return redirect(_group_url(seen.group.id, f"post-{found.id}"))
    rules.delete_post(db, seen=seen, post=found)
    flash(_("Your post is deleted."), "success")
    return redirect(_group_url(seen.group.id, "board"))


def _on_a_post(group_id: str, post_id: str, action: str, *, runs: bool) -> Any:
    """Flag, hide or show a post again, with the reason in the form: done and told, or the group page again with
    the refusal under that post's form and the reason kept."""
    db = get_session()
    seen = rules.run_group(db, current_user, group_id) if runs else rules.group_for(db, current_user, group_id)
    found = rules.post_for(db, seen, post_id)
    reason = request.form.get("reason", "")
    rule, done = _POST_ACTIONS[action]
    with refused_input() as refusal:
        rule(db, seen=seen, post=found, reason=reason)
        flash(done(), "success")
        return redirect(_group_url(seen.group.id, f"post-{found.id}"))
    g.group_errors = {f"{action}-{found.id}": refusal.message}
    return _render_group(group_id, values={"reason": reason}, status=400)


_POST_ACTIONS: dict[str, tuple[Callable[..., object], Callable[[], str]]] = {
    "flag": (rules.flag_post, lambda: _("Thank you. The facilitator will look at it. They are not told who asked.")),
    "hide": (rules.hide_post, lambda: _("The post is hidden. The group sees your reason instead.")),
    "show": (rules.show_post, lambda: _("The post is shown again.")),
}


@bp.post("/<group_id>/posts/<post_id>/flag")
@role_required(*MEMBERS)
def flag(group_id: str, post_id: str) -> Any:
    """Ask the facilitator to look at a post (they are not told who asked)."""
    return _on_a_post(group_id, post_id, "flag", runs=False)


@bp.post("/<group_id>/posts/<post_id>/hide")
@role_required(*RUNNERS)
def hide(group_id: str, post_id: str) -> Any:
    """The facilitator hides a post, with a reason the group sees in its place."""
    return _on_a_post(group_id, post_id, "hide", runs=True)


@bp.post("/<group_id>/posts/<post_id>/show")
@role_required(*RUNNERS)
def show_again(group_id: str, post_id: str) -> Any:
    """The facilitator shows a hidden post again, with a reason."""
    return _on_a_post(group_id, post_id, "show", runs=True)


@bp.post("/<group_id>/leave")
@role_required(*MEMBERS)
def leave(group_id: str) -> Any:
    """Leave the group: from right away it is closed to me (my posts stay mine: I can delete them first)."""
    db = get_session()
    seen = rules.group_for(db, current_user, group_id)
    if not confirmed():
        return redirect(_group_url(seen.group.id, "leave"))
    rules.leave(db, seen=seen)
    flash(_("You have left %(name)s.", name=seen.group.name), "success")
    return redirect(url_for("groups.index"))


# --- the facilitator's tools ----------------------------------------------------------------------------------


def _join_link(invite_id: object) -> dict[str, Any] | None:
    token = session.get(JOIN_LINKS, {}).get(str(invite_id))
    if not token:
        return None
    url = url_for("groups.join", token=token, _external=True)
    if current_app.config.get("WEBAUTHN_ORIGIN"):
        url = current_app.config["WEBAUTHN_ORIGIN"] + url_for("groups.join", token=token)
    return {"url": url, "qr": qr_svg(url), "key": f"join-{invite_id}", "recovery": False, "waiting": False}


def _render_manage(group_id: str, *, values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                   status: int = 200) -> Any:
    db = get_session()
    seen = rules.run_group(db, current_user, group_id)
    peers = rules.pending_peers(db, seen.group)
    join_link = _join_link(session.get("group_last_join", {}).get(str(seen.group.id), ""))
    return render_template("groups/manage.html", seen=seen, group=seen.group,
                           members=rules.members_of(db, seen.group), meetings=rules.meetings_of(db, seen.group),
                           peer_links=[(peer, shown_invite(peer)) for peer in peers], join_link=join_link,
                           values=values or {}, errors=errors or {}), status


@bp.get("/<group_id>/manage")
@role_required(*RUNNERS)
def manage(group_id: str) -> Any:
    """The facilitator's page: invite young people (with and without youthvoice) and set the group's dates."""
    return _render_manage(group_id)


@bp.post("/<group_id>/invite-peer")
@role_required(*RUNNERS)
def invite_peer(group_id: str) -> Any:
    """A young person not in care: a peer-only account and an invite link (link and QR code)."""
    db = get_session()
    seen = rules.run_group(db, current_user, group_id)
    values = {key: request.form.get(key, "") for key in ("display_name", "birth_date")}
    refused = issuing_refused()
    if refused:
        flash(refused, "error")
        return _render_manage(group_id, values=values, status=429)
    try:
        born = date.fromisoformat(values["birth_date"]) if values["birth_date"] else None
    except ValueError:
        born = None
    with refused_input() as refusal:
        issued = rules.invite_peer(db, seen=seen, name=values["display_name"], birth_date=born,
                                   lifetime=timedelta(days=current_app.config["INVITE_DAYS"]))
        remember_invite_link(issued.invite.user_id, issued.token)
        flash(_("Show the link or the QR code to %(name)s. It works once.", name=values["display_name"].strip()),
              "success")
        return redirect(url_for("groups.manage", group_id=seen.group.id) + f"#peer-{issued.invite.user_id}")
    return _render_manage(group_id, values=values, errors={refusal.field or "": refusal.message}, status=400)


@bp.post("/<group_id>/invite-member")
@role_required(*RUNNERS)
def invite_member(group_id: str) -> Any:
    """A young person who already has youthvoice: a one-time join link (link and QR code)."""
    db = get_session()
    seen = rules.run_group(db, current_user, group_id)
    values = {"first_name": request.form.get("first_name", "")}
    refused = issuing_refused()
    if refused:
        flash(refused, "error")
        return _render_manage(group_id, values=values, status=429)
    with refused_input() as refusal:
        invite, token = rules.invite_member(db, seen=seen, name=values["first_name"],
                                            lifetime=timedelta(days=current_app.config["INVITE_DAYS"]))
        session[JOIN_LINKS] = {**session.get(JOIN_LINKS, {}), str(invite.id): token}
        session["group_last_join"] = {**session.get("group_last_join", {}), str(seen.group.id): str(invite.id)}
        flash(_("Show the link or the QR code to %(name)s. It works once.", name=invite.first_name), "success")
        return redirect(url_for("groups.manage", group_id=seen.group.id) + "#join-link")
    return _render_manage(group_id, values=values, errors={refusal.field or "": refusal.message}, status=400)


@bp.post("/<group_id>/meetings")
@role_required(*RUNNERS)
def add_meeting(group_id: str) -> Any:
    """Set a date the group meets."""
    db = get_session()
    seen = rules.run_group(db, current_user, group_id)
    values = {key: request.form.get(key, "") for key in ("day", "at", "place")}
    with refused_input() as refusal:
        rules.add_meeting(db, seen=seen, day=values["day"], at=values["at"], place=values["place"])
        flash(_("The group can see the date now."), "success")
        return redirect(url_for("groups.manage", group_id=seen.group.id) + "#meetings")
    return _render_manage(group_id, values=values, errors={refusal.field or "": refusal.message}, status=400)


@bp.post("/<group_id>/members/<member_id>/remove")
@role_required(*RUNNERS)
def remove_member(group_id: str, member_id: str) -> Any:
    """Take a member out of the group, with a reason she is shown: the group is closed to her at once (her posts
    stay hers)."""
    db = get_session()
    seen = rules.run_group(db, current_user, group_id)
    values = {key: request.form.get(key, "") for key in ("why", "reason")} | {"member": member_id}
    with refused_input() as refusal:
        person = rules.remove_member(db, seen=seen, member_id=member_id, why=values["why"], reason=values["reason"])
        flash(_("%(name)s is out of the group and cannot see it any more.", name=rules.first_name(person)),
              "success")
        return redirect(url_for("groups.manage", group_id=seen.group.id) + "#members-title")
    return _render_manage(group_id, values=values, errors={f"remove-{member_id}": refusal.message}, status=400)


@bp.post("/<group_id>/close")
@role_required(*RUNNERS)
def close(group_id: str) -> Any:
    """Close the group (after a confirm): read-only for everyone from now on; nothing is deleted."""
    db = get_session()
    seen = rules.run_group(db, current_user, group_id)
    if not confirmed():
        return redirect(url_for("groups.manage", group_id=seen.group.id) + "#close")
    rules.close_group(db, seen=seen)
    flash(_("The group is closed. Nothing new can be added, and nothing is deleted."), "success")
    return redirect(_group_url(seen.group.id))


# --- joining through a link -------------------------------------------------------------------------------------


@bp.route("/join/<token>", methods=["GET", "POST"])
@role_required(*MEMBERS)
def join(token: str) -> Any:
    """A young person with youthvoice opens a join link: the group's name, and a button to join."""
    db = get_session()
    _invite, group = rules.open_group_invite(db, current_user, token)
    if request.method == "POST":
        with refused_input() as refusal:
            rules.join(db, actor=current_user, token=token)
            flash(_("Welcome to %(name)s.", name=group.name), "success")
            return redirect(url_for("groups.show", group_id=group.id))
        return render_template("groups/join.html", group=group, token=token, error=refusal.message), 400
    return render_template("groups/join.html", group=group, token=token, error=None)
