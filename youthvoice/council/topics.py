"""From my case to our cause (issue 21.6): the topics young people mark when they prepare their own meetings (the
picture cards, meetings/cards.py), counted per quarter for the municipality's youth panel and its coordinator.

Anonymous by construction: only a point's card topic, its meeting's municipality, its owner (to count different
young people, never points) and the day it was marked are read, never a text or a name; the database counts (GROUP
BY: two statements whatever the number of points); what may be shown is decided by `statistics.protect`, the
same rule the admin's figures follow (no figure for fewer than 5 young people, and nothing that lets a hidden
figure be worked out from the quarter's total and the others).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, distinct, literal
from sqlmodel import Session, col, func, select

from youthvoice.core.danish_calendar import local_midnight
from youthvoice.core.statistics import MIN_YOUNG_PEOPLE, Hidden, Quarter, protect
from youthvoice.meetings.cards import CARD_TOPICS
from youthvoice.meetings.models import Meeting, MeetingPoint

QUARTERS_SHOWN = 4  # this quarter and the three before it


@dataclass(frozen=True)
class TopicCount:
    topic: str
    young_people: int


@dataclass(frozen=True)
class QuarterTopics:
    """One quarter: the young people who marked any topic (None: hidden), and the topics that may be shown, most
    marked first. Topics that may not be shown are not named at all; `some_hidden` says there were some."""

    quarter: Quarter
    total: int | None
    topics: list[TopicCount]
    some_hidden: bool


def quarters_until(today: date, count: int = QUARTERS_SHOWN) -> list[Quarter]:
    """The `count` quarters up to the one holding `today`, oldest first."""
    quarters = [Quarter.of(today)]
    while len(quarters) < count:
        previous = quarters[0].first_day.toordinal() - 1
        quarters.insert(0, Quarter.of(date.fromordinal(previous)))
    return quarters


def topic_counts(db: Session, municipality_id: int, *, today: date) -> list[QuarterTopics]:
    """Per quarter (newest first): how many different young people of the municipality marked each topic."""
    quarters = quarters_until(today)
    marked = col(MeetingPoint.created_at)
    quarter: Any = (literal(quarters[0].key) if len(quarters) == 1 else
                    case(*[(marked < local_midnight(q.next.first_day), q.key) for q in quarters[:-1]],
                         else_=quarters[-1].key))
    # A subquery, so the GROUP BY names its columns (PostgreSQL would see the CASE's parameters twice otherwise).
    inner = (select(quarter.label("quarter"), col(MeetingPoint.topic).label("topic"),
                    col(MeetingPoint.owner_id).label("owner"))
             .join(Meeting, col(Meeting.id) == MeetingPoint.meeting_id)
             .where(col(Meeting.municipality_id) == municipality_id,
                    col(MeetingPoint.topic).in_(list(CARD_TOPICS)),
                    marked >= local_midnight(quarters[0].first_day),
                    marked < local_midnight(quarters[-1].next.first_day))
             .subquery())
    cells: dict[str, dict[str, int]] = {}
    for key, topic, people in db.exec(select(inner.c.quarter, inner.c.topic, func.count(distinct(inner.c.owner)))
                                      .group_by(inner.c.quarter, inner.c.topic)):
        cells.setdefault(key, {})[topic] = people
    totals = dict(db.exec(select(inner.c.quarter, func.count(distinct(inner.c.owner))).group_by(inner.c.quarter))
                  .all())
    rows = []
    for q in reversed(quarters):
        counted = cells.get(q.key, {})
        shown = protect(counted, totals.get(q.key, 0), minimum=MIN_YOUNG_PEOPLE)
        topics = sorted((TopicCount(topic, people) for topic, people in counted.items() if shown.shows(topic)
                         and shown.total == Hidden.SHOWN), key=lambda t: (-t.young_people, list(CARD_TOPICS)
                                                                          .index(t.topic)))
        rows.append(QuarterTopics(q, totals.get(q.key) if shown.total == Hidden.SHOWN else None, topics,
                                  some_hidden=len(topics) < len(counted)))
    return rows


def shown_topic(db: Session, municipality_id: int, *, today: date, topic: str) -> tuple[Quarter, int] | None:
    """The newest quarter in which `topic` is shown, with its figure; None when it is shown in none (a coordinator
    may start a consultation or a cause only from a topic the page shows)."""
    for row in topic_counts(db, municipality_id, today=today):
        for count in row.topics:
            if count.topic == topic:
                return row.quarter, count.young_people
    return None
