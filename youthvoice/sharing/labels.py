"""How the app names what a share covers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

PART_LABELS = {
    "basics": _l("Time and place"),
    "preparation": _l("My preparation"),
    "decisions": _l("My wishes and decisions"),
    "after": _l("After the meeting"),
    # the life areas whose goals a supporter sees (a "goals" share, issue 20); the same words as network/steps.py
    "housing": _l("Housing"), "school_work": _l("School and work"), "health": _l("Health and well-being"),
    "relationships": _l("Relationships"), "money": _l("Money"), "everyday": _l("Everyday life"),
    "leisure": _l("Leisure"),
}
SCOPE_LABELS = {"meeting": _l("A meeting"), "network": _l("Your network"), "steps": _l("Your small steps"),
                "housing": _l("Your housing wishes"), "transition": _l("Your plan for adult life"),
                "goals": _l("Your goals, for a supporter"),
                "help_offer": _l("What you could offer others")}
