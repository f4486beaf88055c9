"""The casework area's part of "my data": the dates of the case and the journal notes made of their meetings."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from youthvoice.casework.models import CaseDates
from youthvoice.core.personal_data import when
from youthvoice.identity.accounts import name_of
from youthvoice.identity.models import User
from youthvoice.meetings.models import JournalNote


def export_case_dates(db: Session, person: User) -> dict[str, Any] | None:
    dates = db.get(CaseDates, person.id)
    if dates is None:
        return None
    return {
        "plan_made": when(dates.plan_date),
        "plan_review": when(dates.plan_review),
        "transition_meeting": when(dates.transition_meeting),
        "support_decision": when(dates.support_decision),
        "support_ends": when(dates.support_ends),
        "changed_by": name_of(db, dates.updated_by_id),
        "changed": when(dates.updated_at),
    }


def export_journal_notes(db: Session, person: User) -> list[dict[str, Any]]:
    return [
        {"meeting": str(note.meeting_id), "made_by": note.made_by_name, "parts": note.parts, "made": when(note.made_at)}
        for note in db.exec(
            select(JournalNote).where(JournalNote.owner_id == person.id).order_by(col(JournalNote.made_at))
        )
    ]
