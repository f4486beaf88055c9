"""Sharing a whole scope (my network, or all my small steps): the same three pages for each.

Who may see it (with a link to exactly what each professional sees), stop sharing with everyone, and that preview.
`add_share_pages` adds them to the scope's blueprint, so the network and the steps cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlmodel import Session

from youthvoice.core.db import get_session
from youthvoice.identity.models import Role, User
from youthvoice.sharing import access, sharing
from youthvoice.sharing.models import ShareScope
from youthvoice.web.view_helpers import role_required

# What the shared page shows of the owner's scope to one professional: (db, owner, professional) -> context.
SharedContext = Callable[[Session, User, User], dict[str, Any]]


def add_share_pages(bp: Blueprint, scope: ShareScope, *, shared_template: str, shared_context: SharedContext,
                    stopped: object) -> None:
    """Add `share`, `stop_sharing` and `preview` for `scope` to the blueprint (/share, /share/stop, /preview/<id>).

    `shared_template` is the page a professional sees (the preview shows it as they see it), `shared_context` what
    it shows, and `stopped` the message after sharing was stopped with everyone.
    """

    @role_required(Role.YOUNG_PERSON)
    def share() -> Any:
        """Choose which of my professionals can see it, with a preview of exactly what they see."""
        db = get_session()
        people = access.professionals_of(db, current_user)
        if request.method == "POST":
            sharing.share_scope_with(db, owner=current_user, people=people, scope=scope,
                                     chosen=set(request.form.getlist("share")))
            flash(_("Saved. Changes count from right now."), "success")
            return redirect(url_for(f"{bp.name}.share"))
        current = sharing.scope_grantee_ids(db, owner=current_user, scope=scope)
        return render_template("network/share.html", people=people, current=current, scope=bp.name)

    @role_required(Role.YOUNG_PERSON)
    def stop_sharing() -> Any:
        """Stop sharing it with everyone at once."""
        db = get_session()
        sharing.withdraw_scope(db, owner=current_user, scope=scope)
        flash(str(stopped), "success")
        return redirect(url_for(f"{bp.name}.share"))

    @role_required(Role.YOUNG_PERSON)
    def preview(grantee_id: str) -> Any:
        """Exactly what one of my professionals sees of it (nothing is logged)."""
        db = get_session()
        person = access.own_professional(db, current_user, grantee_id)
        shared = access.active_share(db, owner_id=current_user.id, grantee_id=person.id, scope=scope) is not None
        context = shared_context(db, current_user, person) if shared else {}
        return render_template(shared_template, owner=current_user, preview_for=person, shared=shared, **context)

    bp.add_url_rule("/share", view_func=share, methods=["GET", "POST"])
    bp.add_url_rule("/share/stop", view_func=stop_sharing, methods=["POST"])
    bp.add_url_rule("/preview/<grantee_id>", view_func=preview, methods=["GET"])
