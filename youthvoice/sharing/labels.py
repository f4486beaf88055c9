"""How the app names what a share covers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

PART_LABELS = {
    "basics": _l("Time and place"),
    "preparation": _l("My preparation"),
    "decisions": _l("My wishes and decisions"),
    "after": _l("After the meeting"),
}
SCOPE_LABELS = {"meeting": _l("A meeting"), "network": _l("Your network"), "steps": _l("Your small steps"),
                "housing": _l("Your housing wishes"),
                "help_offer": _l("What you could offer others")}
