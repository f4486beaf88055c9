"""A journal note of a meeting for the municipality's case file (issue 18.4): what the young person shared, in
their own words, unchanged, with the decision receipt (who answered what, when), who made the note and when, and
the line that the young person shared it and can withdraw the sharing in youthvoice.

Making one is recorded (a JournalNote row and an audit entry) and shown to the young person. The note's words are
never stored: each time it is opened it is built from what is shared with its maker at that moment, so a
withdrawn share makes it a 404 like everything else; the parts it holds are at most those shared when it was made.
The page and the "copy as text" button show the same `Note`, so the copy holds exactly what the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from youthvoice.core.db import owned
from youthvoice.core.errors import NotFound
from youthvoice.identity.models import User
from youthvoice.meetings import decisions, meetings, preparation, receipts
from youthvoice.meetings.labels import (
    DECISION_STATUS_ABOUT_LABELS,
    HEARD_LABELS,
    MEETING_KIND_ABOUT_LABELS,
    MOOD_LABELS,
    OUTCOME_ABOUT_LABELS,
    RECEIPT_LABELS,
    WHO_DECIDED_LABELS,
)
from youthvoice.meetings.models import JournalNote, ReceiptEntryKind
from youthvoice.notify import notifications
from youthvoice.privacy import audit
from youthvoice.sharing import access
from youthvoice.sharing.models import CONTENT_PARTS, SharePart
from youthvoice.web.i18n import format_when

NOTIFICATION_KINDS = {"journal_note": _l("A professional saved something you shared to your case file")}


@dataclass(frozen=True)
class Line:
    """One line of the note: a label and a text; `own_words` marks the young person's words, quoted unchanged."""

    label: str
    text: str
    own_words: bool = False


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Note:
    title: str
    made: str  # who made the note, and when
    shared: str  # the young person shared this and can withdraw it
    sections: tuple[Section, ...]

    def text(self) -> str:
        """The note as plain text, for pasting into the case system: the same lines as the page."""
        out = [self.title, self.made, self.shared]
        for section in self.sections:
            out.append("")
            out.append(section.title.upper())
            for line in section.lines:
                text = f"»{line.text}«" if line.own_words else line.text
                out.append(f"{line.label}: {text}" if line.label else text)
        return "\n".join(out) + "\n"


def content_parts(seen: access.MeetingAccess) -> list[str]:
    return [part for part in CONTENT_PARTS if seen.sees(part)]


def make(db: Session, *, seen: access.MeetingAccess) -> JournalNote:
    """A professional makes a journal note of a meeting whose content is shared with them: recorded, logged, and
    the young person is told."""
    parts = content_parts(seen)
    if seen.is_owner or not seen.actor.is_professional or not parts:
        raise NotFound
    note = JournalNote(
        municipality_id=seen.meeting.municipality_id,
        owner_id=seen.owner.id,
        meeting_id=seen.meeting.id,
        made_by_id=seen.actor.id,
        made_by_name=seen.actor.display_name,
        parts=",".join(parts),
    )
    db.add(note)
    db.flush()
    audit.record(
        session=db,
        action=audit.Action.CREATE,
        actor=seen.actor,
        subject=seen.owner,
        object_type="journal_note",
        object_id=note.id,
    )
    notifications.notify(
        db, user=seen.owner, kind="journal_note", link=f"/meetings/{seen.meeting.id}#case-file", about_id=seen.owner.id
    )
    return note


def note_for(db: Session, professional: User, note_id: object) -> tuple[JournalNote, access.MeetingAccess]:
    """A journal note as its maker may open it: only while the meeting is still shared with them (logged)."""
    note = owned(db, JournalNote, note_id, made_by_id=professional.id, municipality_id=professional.municipality_id)
    seen = access.meeting_for(db, professional, note.meeting_id)
    if not set(note.parts.split(",")) & set(content_parts(seen)):
        raise NotFound
    return note, seen


def build(db: Session, note: JournalNote, seen: access.MeetingAccess) -> Note:
    """The note's words: the parts in the note that are still shared, the young person's words unchanged."""
    name = seen.owner.display_name
    meeting = seen.meeting
    parts = set(note.parts.split(",")) & set(content_parts(seen))
    kind = str(MEETING_KIND_ABOUT_LABELS.get(meeting.kind, meeting.kind))
    sections = []
    if SharePart.PREPARATION in parts:
        sections.append(_preparation(db, seen, name))
    if SharePart.DECISIONS in parts:
        sections.append(_decisions(db, seen, name))
    if SharePart.AFTER in parts:
        sections.append(_after(db, seen, name))
    return Note(
        title=_(
            "Journal note: %(kind)s with %(name)s, %(when)s", kind=kind, name=name, when=format_when(meeting.starts_at)
        ),
        made=_("Made by %(who)s in youthvoice, %(when)s.", who=note.made_by_name, when=format_when(note.made_at)),
        shared=_(
            "%(name)s shared this with %(who)s in youthvoice and can withdraw the sharing there. "
            "%(name)s's words are quoted unchanged.",
            name=name,
            who=note.made_by_name,
        ),
        sections=tuple(sections),
    )


def _preparation(db: Session, seen: access.MeetingAccess, name: str) -> Section:
    lines = []
    if seen.meeting.mood:
        lines.append(Line(_("How %(name)s is doing", name=name), str(MOOD_LABELS[seen.meeting.mood])))
    answers = preparation.answer_texts(db, seen.meeting)
    for key, question in preparation.QUESTIONS.items():
        if answers.get(key):
            lines.append(Line(str(question.about) % {"name": name}, answers[key], own_words=True))
    for point in meetings.points_of(db, seen.meeting):
        lines.append(Line(_("What %(name)s wants to talk about", name=name), point.text or "", own_words=True))
    return Section(_("Preparation"), tuple(lines) or (Line("", _("Nothing written yet.")),))


def _decisions(db: Session, seen: access.MeetingAccess, name: str) -> Section:
    lines: list[Line] = []
    threads = receipts.threads_of(db, seen.meeting)
    for item, decision in decisions.meeting_decisions(db, seen.meeting):
        status = str(DECISION_STATUS_ABOUT_LABELS.get(decision.status, decision.status)) % {"name": name}
        lines.append(Line(status, decision.text or "", own_words=True))
        if item.outcome:
            lines.append(Line(_("At the meeting"), str(OUTCOME_ABOUT_LABELS[item.outcome]) % {"name": name}))
        for entry in reversed(threads.get(item.id, receipts.EMPTY_THREAD).entries):  # the oldest first
            lines.append(_receipt_line(entry))
    return Section(
        _("Wishes and decisions, with the decision receipt"),
        tuple(lines) or (Line("", _("No wishes or decisions for this meeting yet.")),),
    )


def _receipt_line(entry: Any) -> Line:
    when = format_when(entry.created_at)
    if entry.kind == ReceiptEntryKind.ANSWER:
        return Line(
            _("Receipt from %(who)s, %(when)s", who=entry.author_name, when=when),
            f"{RECEIPT_LABELS.get(entry.answer or '', entry.answer)}. {entry.text or ''}".strip(),
        )
    if entry.kind == ReceiptEntryKind.ACCEPTED:
        return Line(_("%(who)s accepted the answer, %(when)s", who=entry.author_name, when=when), "")
    return Line(_("%(who)s disagreed, %(when)s", who=entry.author_name, when=when), entry.text or "", own_words=True)


def _after(db: Session, seen: access.MeetingAccess, name: str) -> Section:
    lines: list[Line] = []
    follow_up = meetings.follow_up_of(db, seen.meeting)
    if follow_up is not None:
        for label, value, words in (
            (_("Did %(name)s feel heard?", name=name), follow_up.heard, HEARD_LABELS),
            (_("Did %(name)s get to say what mattered?", name=name), follow_up.said_what_mattered, HEARD_LABELS),
            (
                _("Does %(name)s know what happens with what they said?", name=name),
                follow_up.knows_what_happens,
                HEARD_LABELS,
            ),
            (_("Who decided?"), follow_up.who_decided, WHO_DECIDED_LABELS),
        ):
            if value:
                lines.append(Line(label, f"{value}/5 ({words[value]})"))
        for label, text in (
            (_("What was decided"), follow_up.decided),
            (_("What %(name)s agrees with", name=name), follow_up.agree),
            (_("What %(name)s disagrees with", name=name), follow_up.disagree),
            (_("What %(name)s wants to follow up on", name=name), follow_up.follow_up),
        ):
            if text:
                lines.append(Line(label, text, own_words=True))
    for note in meetings.notes_of(db, seen.meeting):
        lines.append(Line(_("Noted during the meeting"), note.text or "", own_words=True))
    for step in meetings.next_steps_of(db, seen.meeting):
        lines.append(Line(_("Next step"), step.what or "", own_words=True))
        if step.who:
            lines.append(Line(_("Who does it"), step.who, own_words=True))
    return Section(_("After the meeting"), tuple(lines) or (Line("", _("Nothing written yet.")),))
