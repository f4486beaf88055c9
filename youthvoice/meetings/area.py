"""How this area joins the app: my voice in my meetings: before, during and after, the decisions, the receipt,
the conversation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from youthvoice.core import personal_data
from youthvoice.meetings import cards, case_file, commands, data, labels, meetings, recordings
from youthvoice.meetings.models import MeetingDecision
from youthvoice.meetings.preparation import QUESTIONS
from youthvoice.meetings.views import decisions, follow_up, preparation, room, voice
from youthvoice.meetings.views import meetings as meeting_views
from youthvoice.privacy import words
from youthvoice.web.i18n import add_labels

LABELS: dict[str, Mapping[Any, Any]] = {
    "meeting_kind": labels.MEETING_KIND_LABELS, "decision_status": labels.DECISION_STATUS_LABELS,
    "outcome": labels.OUTCOME_LABELS, "receipt_answer": labels.RECEIPT_LABELS,
    "response_kind": labels.RESPONSE_KIND_LABELS, "mood": labels.MOOD_LABELS,
    "heard": labels.HEARD_LABELS, "who_decided": labels.WHO_DECIDED_LABELS,
    "meeting_kind_about": labels.MEETING_KIND_ABOUT_LABELS,
    "decision_status_about": labels.DECISION_STATUS_ABOUT_LABELS, "outcome_about": labels.OUTCOME_ABOUT_LABELS}


def init_app(app: Flask) -> None:
    """Register the area's pages, its command, its words, its sections of "my data" and its notifications."""
    for module in (meeting_views, preparation, room, follow_up, decisions, voice):
        app.register_blueprint(module.bp)
    commands.init_app(app)
    for name, table in LABELS.items():
        add_labels(app, name, table)
    add_labels(app, "signal", data.SIGNAL_LABELS)
    add_labels(app, "notification", meetings.NOTIFICATION_KINDS)
    add_labels(app, "notification_about", meetings.NOTIFICATIONS_ABOUT)
    preparation_words = {key: question.label for key, question in QUESTIONS.items()}
    preparation_words["bisidder_choice"] = _l("Do you want a support person with you?")
    personal_data.add_section(app, "meetings", data.export_meetings,
                              fields={"with": _l("With"), "signals": _l("Signals during the meeting"),
                                      "card": _l("Picture card"), "face": _l("Face")},
                              codes={("signals", "what"): data.SIGNAL_LABELS,
                                     ("points", "card"): cards.CARD_TOPICS,
                                     ("points", "face"): labels.MOOD_LABELS,
                                     ("meetings", "kind"): labels.MEETING_KIND_LABELS,
                                     ("meetings", "mood"): labels.MOOD_LABELS,
                                     ("responses_received", "kind"): labels.RESPONSE_KIND_LABELS,
                                     ("wishes_and_decisions", "outcome"): labels.OUTCOME_LABELS,
                                     ("receipt_thread", "answer"): labels.RECEIPT_LABELS,
                                     ("receipt_thread", "what"): labels.RECEIPT_ENTRY_LABELS},
                              keys={"preparation": preparation_words})
    personal_data.add_section(app, "bisidder_notes", data.export_notes, title=_l("Notes from your bisidder"))
    personal_data.add_section(app, "decisions", data.export_decisions,
                              codes={("decisions", "status"): labels.DECISION_STATUS_LABELS,
                                     ("history", "status"): labels.DECISION_STATUS_LABELS})
    personal_data.add_section(app, "voice_recordings", recordings.export_recordings,
                              fields={"answers": _l("What it answers"), "item": _l("Item"), "meeting": _l("Meeting"),
                                      "seconds": _l("Seconds"), "file": _l("File")},
                              codes={("voice_recordings", "answers"): recordings.ANSWERS_LABELS})
    app.add_template_filter(case_file.seen_kinds, "journal_note_kinds")
    words.guard_parent(MeetingDecision)  # deleting it takes the receipt's thread with it
