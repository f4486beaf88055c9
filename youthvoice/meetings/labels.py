"""How the app names the codes of meetings: kinds, decisions' statuses and outcomes, receipt answers, moods and
responses."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MEETING_KIND_LABELS = {
    "child_conversation": _l("Children's conversation"),
    "plan": _l("Meeting about my plan"),
    "network": _l("Network meeting"),
    "transition": _l("Meeting about moving to adult life"),
    "other": _l("Other meeting"),
}
DECISION_STATUS_LABELS = {
    "wish": _l("Wish"),
    "decision": _l("My decision"),
    "agreed": _l("Agreed at a meeting"),
    "done": _l("Done"),
    "changed": _l("Changed"),
}
OUTCOME_LABELS = {
    "mine": _l("My decision"),
    "agreed_together": _l("Agreed together"),
    "decided_by_others": _l("Decided by others"),
    "disagree": _l("I disagree"),
}
# The same codes named on the pages of anyone but the young person ("%(name)s" is hers): nothing there says "my".
MEETING_KIND_ABOUT_LABELS = {**MEETING_KIND_LABELS, "plan": _l("Meeting about the plan")}
DECISION_STATUS_ABOUT_LABELS = {**DECISION_STATUS_LABELS, "decision": _l("Decided by %(name)s")}
OUTCOME_ABOUT_LABELS = {**OUTCOME_LABELS, "mine": _l("Decided by %(name)s"), "disagree": _l("%(name)s disagrees")}
RECEIPT_LABELS = {
    "followed": _l("Followed"),
    "partly": _l("Partly followed"),
    "not_followed": _l("Not followed"),
}
RECEIPT_ENTRY_LABELS = {
    "answer": _l("An answer"),
    "accepted": _l("I accepted the answer"),
    "disagreed": _l("I disagreed"),
}
# "Were you heard?" and "Who decided?" after the meeting: answered with the preparation's faces, 1 to 5.
HEARD_LABELS = {1: _l("Not at all"), 2: _l("Not really"), 3: _l("Partly"), 4: _l("Mostly"), 5: _l("Completely")}
WHO_DECIDED_LABELS = {1: _l("The others decided"), 2: _l("Mostly the others"), 3: _l("Together"),
                      4: _l("Mostly me"), 5: _l("I decided")}
MOOD_LABELS = {1: _l("Really bad"), 2: _l("Not so good"), 3: _l("Okay"), 4: _l("Good"), 5: _l("Really good")}
RESPONSE_KIND_LABELS = {
    "comment": _l("Comment"),
    "question": _l("Question"),
    "suggestion": _l("Suggestion"),
    "bring_up": _l("I will bring this up"),
    "reply": _l("Reply"),
}
