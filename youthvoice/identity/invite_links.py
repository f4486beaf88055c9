"""The one-time links a person made (an invite, a recovery link), kept in their web session so the page can show
them again with their QR code until they are used or expire. Only the link's maker ever sees it."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, session, url_for
from flask_babel import gettext as _

from youthvoice.core.db import get_session
from youthvoice.identity import accounts, recovery
from youthvoice.identity.models import Invite, InviteKind, User
from youthvoice.web.qr import qr_svg


def remember_invite_link(person_id: object, token: str) -> None:
    """Keep a freshly issued link in the issuer's session so the page can show it again."""
    links = dict(session.get("invite_links", {}))
    links[str(person_id)] = token
    session["invite_links"] = links


def new_link_message(invite: Invite) -> str:
    """What the issuer of a new link is told: it works now (earlier ones stop), or once a second person of the staff
    has approved it."""
    if not accounts.waiting_for_approval(invite):
        return _("A new link is ready. Earlier links no longer work.")
    return _("A new recovery link is ready. It works once a second person from the staff has approved it: "
             "they are told now.")


def issue_new_link(db: Any, *, person: User, created_by: User) -> None:
    """A new one-time link for someone (a first invite again, or a recovery link for a lost phone): recorded, kept
    to be shown once on their page, and announced."""
    issued = recovery.issue_link(db, person=person, created_by=created_by,
                                 invite_days=current_app.config["INVITE_DAYS"],
                                 recovery_hours=current_app.config["RECOVERY_INVITE_HOURS"])
    remember_invite_link(person.id, issued.token)
    flash(new_link_message(issued.invite), "success")


def shown_invite(person: User) -> dict[str, Any] | None:
    """The link this issuer made for `person`, while it can still be used (a used or expired one is not shown)."""
    token = session.get("invite_links", {}).get(str(person.id))
    if not token:
        return None
    try:
        invite, invited = accounts.find_invite(get_session(), token)
    except accounts.InviteProblem:
        return None
    if invited.id != person.id:
        return None
    url = url_for("auth.invite", token=token, _external=True)
    if current_app.config.get("WEBAUTHN_ORIGIN"):
        url = current_app.config["WEBAUTHN_ORIGIN"] + url_for("auth.invite", token=token)
    return {"url": url, "qr": qr_svg(url), "key": str(person.id), "recovery": invite.kind == InviteKind.RECOVERY,
            "waiting": accounts.waiting_for_approval(invite)}
