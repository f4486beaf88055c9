"""How the app names people's roles and what happened on an account (the audit log's events)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from youthvoice.identity.models import Role
from youthvoice.privacy.audit import Action

ROLE_LABELS = {
    Role.YOUNG_PERSON: _l("Young person"),
    Role.PROFESSIONAL: _l("Professional"),
    Role.ADMIN: _l("Administrator"),
    Role.BISIDDER: _l("Support person"),
    Role.PARTNER: _l("Partner (evaluator)"),
    Role.RESPONDENT: _l("Committee respondent"),
    Role.SUPPORTER: _l("Supporter"),
    Role.FACILITATOR: _l("Group facilitator"),
    Role.PEER: _l("Group member"),
}
EVENT_LABELS = {
    Action.LOGIN: _l("Logged in"),
    Action.LOGIN_FAILED: _l("Failed log-in"),
    Action.LOGOUT: _l("Logged out"),
    Action.PASSKEY_ADDED: _l("Passkey added"),
    Action.PASSKEY_REMOVED: _l("Passkey removed"),
    Action.PASSKEY_RENAMED: _l("Passkey renamed"),
    Action.INVITE_ISSUED: _l("Invite link made"),
    Action.INVITE_REDEEMED: _l("Invite link used"),
    Action.RECOVERY_INVITE_ISSUED: _l("Recovery link made"),
    Action.RECOVERED: _l("Account recovered, other log-ins ended"),
    Action.RECOVERY_APPROVED: _l("A recovery link was approved by a second person"),
    Action.RECOVERY_STOPPED: _l("A recovery link was stopped"),
    Action.RECOVERY_UNLOCKED: _l("A new phone was unlocked with a recovery code"),
    Action.RECOVERY_CODES_CREATED: _l("New recovery codes made"),
    Action.SESSIONS_ENDED: _l("Logged out on other devices"),
    Action.ACCOUNT_DEACTIVATED: _l("Account deactivated"),
}
