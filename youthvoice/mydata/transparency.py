"""Who has seen what: every time someone else was shown something of mine, from the audit log itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import Blueprint, render_template
from flask_babel import get_timezone
from flask_login import current_user
from sqlmodel import col, select

from youthvoice.core.db import get_session
from youthvoice.identity.models import Role, User
from youthvoice.meetings import case_file
from youthvoice.meetings.models import Meeting
from youthvoice.privacy.audit import Action
from youthvoice.privacy.models import AuditEvent
from youthvoice.web.view_helpers import role_required

bp = Blueprint("transparency", __name__, url_prefix="/seen", template_folder="templates")

# Parts of a meeting: their views are about the meeting whose id they carry (models' __seen_as__).
MEETING_KINDS = ("meeting", "preparation", "decisions", "after", "conversation", "voice")
# The order the kinds are named in a line: "your preparation, your wishes and decisions and what you wrote after".
KIND_ORDER = ("meeting", "meetings", "preparation", "decision", "decisions", "after", "conversation", "voice",
              "urgent", "network", "steps", "voice_steps", "housing", "transition", "panel", "help_offer")


@bp.get("/")
@role_required(Role.YOUNG_PERSON)
def index() -> Any:
    """The log of views of my things by anyone else, newest first."""
    db = get_session()
    events = db.exec(select(AuditEvent).where(AuditEvent.subject_id == current_user.id,
                                              AuditEvent.action == Action.VIEW,
                                              col(AuditEvent.actor_id) != current_user.id)
                     .order_by(col(AuditEvent.id).desc()).limit(500)).all()
    actor_ids = {event.actor_id for event in events if event.actor_id}
    people = {person.id: person for person in db.exec(select(User).where(col(User.id).in_(actor_ids)))}
    meeting_ids = {event.object_id for event in events if event.object_type in MEETING_KINDS}
    meetings = {str(m.id): m for m in db.exec(select(Meeting).where(Meeting.owner_id == current_user.id))
                if str(m.id) in meeting_ids}
    notes = case_file.notes_about(db, current_user.id)
    meetings.update({str(m.id): m for m in db.exec(select(Meeting).where(
        col(Meeting.id).in_({note.meeting_id for note in notes}), Meeting.owner_id == current_user.id))})
    return render_template("transparency/seen.html", rows=group_views(events, str(get_timezone())), people=people,
                           meetings=meetings, case_file=notes)


@dataclass
class SeenRow:
    """What one person was shown of one thing (a meeting and its parts, the network, …) on one day."""

    actor_id: Any
    anchor: tuple[str, str]  # ("meeting", id) for a meeting and what was shown with it; else the kind and id
    last_at: datetime
    first_at: datetime
    kind_set: set[str] = field(default_factory=set)
    count: int = 0  # how many times that day

    @property
    def kinds(self) -> list[str]:
        return sorted(self.kind_set, key=lambda kind: KIND_ORDER.index(kind) if kind in KIND_ORDER else 99)


def group_views(events: Sequence[AuditEvent], zone: str = "Europe/Copenhagen") -> list[SeenRow]:
    """One line per person, thing and (local) day, naming each part they were shown, newest first.

    The views of one page are written together with one time: a page that showed a meeting counts as one visit of
    that meeting, with everything else it showed (the wishes on it, say) named on the meeting's line."""
    from zoneinfo import ZoneInfo

    local = ZoneInfo(zone)
    visits: dict[tuple[Any, datetime], list[AuditEvent]] = {}
    for event in events:  # newest first
        visits.setdefault((event.actor_id, event.at), []).append(event)
    rows: dict[tuple[Any, tuple[str, str], Any], SeenRow] = {}
    for (actor_id, at), shown in visits.items():
        meeting = next((event.object_id for event in shown if event.object_type in MEETING_KINDS), None)
        anchors = [("meeting", meeting)] if meeting else \
            list(dict.fromkeys((event.object_type, event.object_id) for event in shown))
        for anchor in anchors:
            key = (actor_id, anchor, at.astimezone(local).date())
            row = rows.get(key)
            if row is None:
                row = rows[key] = SeenRow(actor_id, anchor, at, at)
            row.first_at = at
            row.count += 1
            row.kind_set.update(event.object_type for event in shown
                                if meeting or (event.object_type, event.object_id) == anchor)
    return list(rows.values())
