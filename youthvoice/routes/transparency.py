"""Who has seen what: every time someone else opened something of mine, from the audit log itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Blueprint, render_template
from flask_login import current_user
from sqlmodel import col, select

from ..audit import Action
from ..db import get_session
from ..models import AuditEvent, Meeting, Role, User
from ._util import role_required

bp = Blueprint("transparency", __name__, url_prefix="/seen")


@bp.get("/")
@role_required(Role.YOUNG_PERSON)
def index() -> Any:
    """The log of views of my things by anyone else, newest first."""
    db = get_session()
    events = db.exec(select(AuditEvent).where(AuditEvent.subject_id == current_user.id,
                                              AuditEvent.action == Action.VIEW,
                                              col(AuditEvent.actor_id) != current_user.id)
                     .order_by(col(AuditEvent.id).desc()).limit(200)).all()
    actor_ids = {event.actor_id for event in events if event.actor_id}
    people = {person.id: person for person in db.exec(select(User).where(col(User.id).in_(actor_ids)))}
    meeting_ids = {event.object_id for event in events if event.object_type == "meeting"}
    meetings = {str(m.id): m for m in db.exec(select(Meeting).where(Meeting.owner_id == current_user.id))
                if str(m.id) in meeting_ids}
    return render_template("transparency/seen.html", rows=group_views(events), people=people, meetings=meetings)


@dataclass
class SeenRow:
    """Views of one thing by one person on one day, shown as one line (with how many times)."""

    event: AuditEvent
    first_at: datetime
    count: int


def group_views(events: list[AuditEvent]) -> list[SeenRow]:
    rows: list[SeenRow] = []
    for event in events:  # newest first
        last = rows[-1] if rows else None
        if (last and last.event.actor_id == event.actor_id and last.event.object_type == event.object_type
                and last.event.object_id == event.object_id and last.event.at.date() == event.at.date()):
            last.first_at = event.at
            last.count += 1
        else:
            rows.append(SeenRow(event, event.at, 1))
    return rows
