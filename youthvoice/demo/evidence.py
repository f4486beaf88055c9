"""A year of the background young people's meetings, answered, so the demo's "Does having a say make a difference?"
shows a trend (issue 22.3). Nobody but the young people themselves could see these meetings: nothing is shared."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from youthvoice.core.danish_calendar import local_date
from youthvoice.demo.meetings import _at, _meeting
from youthvoice.identity.models import User
from youthvoice.meetings import decisions, meetings
from youthvoice.meetings.models import FollowUp, Meeting, ReceiptEntry, ReceiptEntryKind
from youthvoice.meetings.receipts import working_days_until

ANSWERS = ("followed", "partly", "followed", "not_followed", "followed", "partly")
# The picture cards the background young people chose for their meeting three months ago (issue 21.6): enough
# young people per topic for the youth panel's counts page to show figures (five or more each).
CARD_PICKS = {"school": range(6), "friends": range(2, 7), "money": range(3, 8)}
CARD_NAMES_DA = {"school": "Skole", "friends": "Venner", "money": "Økonomi"}

WISHES = (
    "Jeg vil have mere tid med min søster",
    "Jeg vil selv vælge min fritidsaktivitet",
    "Jeg vil gerne have en fast kontaktperson",
    "Jeg vil flytte tættere på min skole",
)


def seed_evidence(db: Session, people: list[User], answerer: User) -> None:
    """Meetings 3, 6, 9 and 12 months ago, each with the three questions answered (more often "Mostly" as the year
    goes on) and a wish whose receipt the professional answered after a few working days."""
    for index, person in enumerate(people):
        for quarter, months_ago in enumerate((12, 9, 6, 3)):
            kind = "plan" if quarter < 3 else ("network" if index % 3 else "child_conversation")
            when = _at(-(months_ago * 30 + index % 5), 10)
            meeting = _meeting(db, person, kind, when, "")
            if months_ago == 3:
                _cards(db, meeting, index, when)
            base = 2 + (index + quarter) % 3 + (1 if quarter >= 2 else 0)
            db.add(
                FollowUp(
                    meeting_id=meeting.id,
                    owner_id=person.id,
                    heard=min(base, 5),
                    said_what_mattered=min(base + index % 2, 5),
                    knows_what_happens=max(1, base - 1),
                )
            )
            decisions.create_decision(db, owner=person, text=WISHES[(index + quarter) % len(WISHES)], meeting=meeting)
            link, _decision = decisions.meeting_decisions(db, meeting)[0]
            answered = when + timedelta(days=2 + (index * 3 + quarter) % 9)
            entry = ReceiptEntry(
                owner_id=person.id,
                meeting_id=meeting.id,
                item_id=link.id,
                kind=ReceiptEntryKind.ANSWER,
                author_id=answerer.id,
                author_name=answerer.display_name,
                answer=ANSWERS[(index + quarter) % len(ANSWERS)],
                created_at=answered,
            )
            entry.text = "Vi har talt om det på mødet"
            db.add(entry)
            link.receipt_answer, link.receipt_by_id, link.receipt_at = entry.answer, answerer.id, answered
            link.first_answer_at = answered
            link.answer_working_days = working_days_until(local_date(when), local_date(answered))
            db.add(link)
    db.flush()
    earlier = select(FollowUp).where(
        col(FollowUp.owner_id).in_([person.id for person in people]), col(FollowUp.said_what_mattered).is_(None)
    )
    for row in db.exec(earlier):  # the background's recent meetings: the two newer questions too
        row.said_what_mattered, row.knows_what_happens = row.heard, max(1, (row.heard or 2) - 1)
        db.add(row)
    db.flush()


def _cards(db: Session, meeting: Meeting, index: int, when: datetime) -> None:
    """Her cards as points, as cards.add_cards makes them (the card's name in Danish: the demo is seeded outside
    any request, so without a language to translate into)."""
    for topic, who in CARD_PICKS.items():
        if index in who:
            point = meetings.add_point(db, meeting=meeting, text=CARD_NAMES_DA[topic])
            point.topic, point.face = topic, 2 + index % 3
            point.created_at = when - timedelta(days=2)  # chosen while preparing, two days before
            db.add(point)
