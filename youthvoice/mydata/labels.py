"""How the app names the sections of "my data" and what someone else was shown ("who has seen what")."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# What someone else was shown, by the kind of thing in the audit log (models' __seen_as__), as "Lene saw …".
SEEN_KIND_LABELS = {
    "meeting": _l("the time and place of your meeting"),
    "meetings": _l("when your meetings are"),  # a list of meetings (the dashboard): one entry per young person
    "preparation": _l("your preparation"),
    "decision": _l("your wishes and decisions"),
    "decisions": _l("your replies to the receipt"),
    "after": _l("what you wrote after the meeting"),
    "conversation": _l("your answers in the conversation"),
    "urgent": _l("your urgent message"),
    "network": _l("your network"),
    "steps": _l("your small steps"),
    "housing": _l("your housing wishes"),
    "transition": _l("your plan for adult life"),
    "goals": _l("the goals you share with a supporter"),
    "supporters": _l("messages from your supporters"),
    "panel": _l("your answer to the youth panel"),
    "voice": _l("your voice recording"),
    "voice_steps": _l("your voice recording"),  # on a small step or goal: the line links to the small steps
    "help_offer": _l("what you could offer others"),
}
DATA_SECTION_LABELS = {
    "account": _l("Your account"),
    "meetings": _l("Your meetings"),
    "decisions": _l("Your wishes and decisions"),
    "sharing": _l("What you shared, with whom"),
    "who_has_seen_what": _l("Who has seen what"),
    "account_events": _l("What happened with your account"),
    "urgent_messages": _l("Your urgent messages"),
    "voice_recordings": _l("Your voice recordings"),
}
