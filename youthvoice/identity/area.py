"""How this area joins the app: people and getting in: log-in with passkeys, accounts, sessions, invites and
recovery."""

from __future__ import annotations

from flask import Flask

from youthvoice.identity import accounts, labels, recovery, sessions
from youthvoice.identity import oidc as oidc_rules
from youthvoice.identity.models import User
from youthvoice.identity.views import account, auth, oidc
from youthvoice.identity.views import recovery as recovery_views
from youthvoice.notify import notifications
from youthvoice.privacy import words
from youthvoice.web.i18n import add_labels


def init_app(app: Flask) -> None:
    """Register the area's pages, the words for roles and account events, and what it tells people about."""
    for module in (auth, account, recovery_views, oidc):
        app.register_blueprint(module.bp)
    # the person read with the web session (sessions.py) joins the request's database session when it opens
    app.extensions.setdefault("yv_session_hooks", []).append(sessions.adopt_person)
    # the log-in providers' client secrets are sealed with the master key: re-sealed when it is rotated
    app.extensions.setdefault("yv_master_key_rotations", []).append(oidc_rules.rotate_secrets)
    add_labels(app, "role", labels.ROLE_LABELS)
    add_labels(app, "event", labels.EVENT_LABELS)
    add_labels(app, "notification", recovery.NOTIFICATION_KINDS)
    notifications.find_names_with(app, accounts.young_names)
    # Deleting a young person's account takes their words with it: only the erasure they asked for may.
    words.guard_account(User, lambda person: person.id if person.is_young_person else None)
