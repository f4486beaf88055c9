"""Picture cards: the topics young people bring to case meetings, chosen by tapping pictures and given a face, for
those who read or write little (issue 17). A chosen card becomes a point of the meeting like a typed one: its text
is the card's name in her language (and a word of her own if she adds one), so every page that shows points shows
it; the topic and the face are kept beside it for the card's picture and face."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from youthvoice.core.errors import InvalidInput
from youthvoice.meetings import meetings
from youthvoice.meetings.models import Meeting, MeetingPoint

# The order young people see them in; the pictures are in templates/cards/<topic>.svg (scripts/card_icons.sh).
CARD_TOPICS = {
    "school": _l("School"),
    "home": _l("At home"),
    "foster_family": _l("Foster family or care home"),
    "mum": _l("Mum"),
    "dad": _l("Dad"),
    "siblings": _l("Brothers and sisters"),
    "friends": _l("Friends"),
    "money": _l("Money"),
    "health": _l("Health"),
    "leisure": _l("Free time"),
    "phone": _l("Phone and internet"),
    "contact_person": _l("My contact person"),
    "moving": _l("Moving"),
    "future": _l("The future"),
}
WORDS_LIMIT = 200


@dataclass(frozen=True)
class CardChoice:
    topic: str
    face: int | None
    words: str


def read_choices(form: Mapping[str, str], chosen: list[str]) -> list[CardChoice]:
    """The cards ticked on the page, each with its face and words; anything not a card is left out."""
    choices = []
    for topic in dict.fromkeys(chosen):
        if topic not in CARD_TOPICS:
            continue
        raw_face = form.get(f"face-{topic}", "")
        face = int(raw_face) if raw_face in {"1", "2", "3", "4", "5"} else None
        choices.append(CardChoice(topic, face, " ".join(form.get(f"words-{topic}", "").split())))
    return choices


def topics_in(points: list[MeetingPoint]) -> set[str]:
    return {point.topic for point in points if point.topic}


def add_cards(db: Session, *, meeting: Meeting, choices: list[CardChoice]) -> list[MeetingPoint]:
    """The chosen cards as points of the meeting (a card already among its points is not added twice)."""
    if not choices:
        raise InvalidInput(str(_l("Tap at least one card.")), field="topic")
    for choice in choices:
        if len(choice.words) > WORDS_LIMIT:
            raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=WORDS_LIMIT)),
                               field=f"words-{choice.topic}")
    there = topics_in(meetings.points_of(db, meeting))
    added = []
    for choice in choices:
        if choice.topic in there:
            continue
        name = str(CARD_TOPICS[choice.topic])
        point = meetings.add_point(db, meeting=meeting, text=f"{name}: {choice.words}" if choice.words else name)
        point.topic, point.face = choice.topic, choice.face
        db.add(point)
        added.append(point)
    return added
