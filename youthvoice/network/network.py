"""My network: the people around a young person, how close they are, and who could help with what.

Names and notes are the young person's own words and are sealed with their key. Inspired by "Be my Back":
the outer circle (a neighbour, a parent's friend, a former coach) often holds adults who could help.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from youthvoice.core.db import owned
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings.meetings import meetings_of, touch
from youthvoice.meetings.models import Meeting
from youthvoice.network.models import AskStatus, Circle, HelpKind, NetworkPerson, Relation

NAME_LIMIT = 80
NOTE_LIMIT = 500
OTHERS_LIMIT = 500  # what a meeting keeps of named others (see meetings.create_meeting)

RELATION_LABELS = {
    Relation.FAMILY: _l("Family"),
    Relation.FRIEND: _l("Friend"),
    Relation.NEIGHBOUR: _l("Neighbour"),
    Relation.COACH_TEACHER: _l("Former coach or teacher"),
    Relation.PROFESSIONAL: _l("Professional"),
    Relation.OTHER: _l("Other"),
}
CIRCLE_LABELS = {
    Circle.INNER: _l("Close to me"),
    Circle.MIDDLE: _l("In between"),
    Circle.OUTER: _l("Further away"),
}
CIRCLE_HINTS = {
    Circle.INNER: _l("the inner circle"),
    Circle.MIDDLE: _l("the middle circle"),
    Circle.OUTER: _l("the outer circle"),
}
HELP_LABELS = {
    HelpKind.HOUSING: _l("Housing"),
    HelpKind.SCHOOL_WORK: _l("School or work"),
    HelpKind.MONEY: _l("Money"),
    HelpKind.PRACTICAL: _l("Practical help"),
    HelpKind.TALK: _l("Someone to talk to"),
    HelpKind.COMPANY: _l("Company"),
}
ASK_LABELS = {
    AskStatus.NOT_YET: _l("Not asked yet"),
    AskStatus.ASKED: _l("Asked, waiting for an answer"),
    AskStatus.YES: _l("Said yes"),
    AskStatus.NO: _l("Said no"),
}
CIRCLE_ORDER: dict[str, int] = {circle: index for index, circle in enumerate(Circle)}


@dataclass
class PersonInput:
    name: str
    relation: str
    circle: str
    helps: list[str]


def helps_of(person: NetworkPerson) -> list[str]:
    """What the person could help with, in the fixed order of HelpKind."""
    chosen = set(person.helps.split(",")) if person.helps else set()
    return [kind.value for kind in HelpKind if kind.value in chosen]


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(str(_l("Please write a name or a nickname.")), field="name")
    if len(name) > NAME_LIMIT:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=NAME_LIMIT)), field="name")
    return name


def _check(data: PersonInput) -> tuple[str, str, str, str]:
    name = _clean_name(data.name)
    if data.relation not in set(Relation):
        raise InvalidInput(str(_l("Choose how you know them.")), field="relation")
    if data.circle not in set(Circle):
        raise InvalidInput(str(_l("Choose how close they are.")), field="circle")
    unknown = set(data.helps) - {kind.value for kind in HelpKind}
    if unknown:
        raise InvalidInput(str(_l("Choose from the list.")), field="helps")
    helps = ",".join(kind.value for kind in HelpKind if kind.value in set(data.helps))
    return name, data.relation, data.circle, helps


def add_person(db: Session, *, owner: User, data: PersonInput) -> NetworkPerson:
    """Put someone in my network."""
    name, relation, circle, helps = _check(data)
    person = NetworkPerson(municipality_id=owner.municipality_id, owner_id=owner.id, relation=relation,
                           circle=circle, helps=helps)
    person.name = name
    db.add(person)
    db.flush()
    return person


def own_person(db: Session, owner: User, entry_id: object) -> NetworkPerson:
    """A person in the owner's own network; anything else is NotFound."""
    return owned(db, NetworkPerson, entry_id, owner_id=owner.id)


def update_person(db: Session, *, person: NetworkPerson, data: PersonInput) -> NetworkPerson:
    """Change a name, how I know them, how close they are or what they could help with.

    Whether they could be asked, and what happened, is kept when they move closer: "said yes" is worth keeping.
    """
    person.name, person.relation, person.circle, person.helps = _check(data)
    person.updated_at = utcnow()
    db.add(person)
    db.flush()
    return person


def remove_person(db: Session, *, person: NetworkPerson) -> None:
    db.delete(person)
    db.flush()


def people_of(db: Session, owner: User) -> list[NetworkPerson]:
    """Everyone in a young person's network: inner circle first, then by name."""
    rows = list(db.exec(select(NetworkPerson).where(NetworkPerson.owner_id == owner.id)
                        .order_by(col(NetworkPerson.created_at))))
    return sorted(rows, key=lambda person: (CIRCLE_ORDER.get(person.circle, 9), (person.name or "").casefold()))


def by_circle(people: Iterable[NetworkPerson]) -> dict[str, list[NetworkPerson]]:
    grouped: dict[str, list[NetworkPerson]] = {circle.value: [] for circle in Circle}
    for person in people:
        grouped.setdefault(person.circle, []).append(person)
    return grouped


def mark_ask(db: Session, *, person: NetworkPerson, status: str | None, note: str = "") -> NetworkPerson:
    """Mark an outer-circle person as someone I could ask for help, and note what happened when I asked.

    No status takes the mark away again. Someone marked while in the outer circle keeps the mark if they move
    closer (asking may be exactly why they did); only outer-circle people can be newly marked.
    """
    status = status or None
    if status is not None and status not in set(AskStatus):
        raise InvalidInput(str(_l("Choose one of the answers.")), field="status")
    if status is not None and person.circle != Circle.OUTER and not person.could_ask:
        raise InvalidInput(str(_l("Only people in the outer circle can be marked like this.")), field="status")
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=NOTE_LIMIT)), field="note")
    person.ask_status = status
    person.ask_note = (note or None) if status else None
    person.updated_at = utcnow()
    db.add(person)
    db.flush()
    return person


def meetings_to_invite_to(db: Session, owner: User) -> list[Meeting]:
    """The young person's upcoming meetings: where someone from the network can be brought along."""
    upcoming, _past = meetings_of(db, owner)
    return upcoming


def is_invited(person: NetworkPerson, meeting: Meeting) -> bool:
    wanted = (person.name or "").casefold()
    return any(line.strip().casefold() == wanted for line in (meeting.others or "").splitlines())


def invite_to_meeting(db: Session, *, person: NetworkPerson, meeting: Meeting) -> bool:
    """Add the person's name to a meeting's named others (once). Returns False if they were already there."""
    if meeting.owner_id != person.owner_id:
        raise NotFound
    if meeting not in meetings_to_invite_to(db, db.get_one(User, person.owner_id)):
        raise InvalidInput(str(_l("Choose one of your meetings that is still to come.")), field="meeting")
    if is_invited(person, meeting):
        return False
    lines = [line for line in (meeting.others or "").splitlines() if line.strip()]
    others = "\n".join([*lines, person.name or ""])
    if len(others) > OTHERS_LIMIT:
        raise InvalidInput(str(_l("This meeting already has a long list of people. Change it on the meeting.")),
                           field="meeting")
    meeting.others = others
    touch(db, meeting)
    db.flush()
    return True


# How the printable "my data" names this section, its fields and its codes (personal_data.add_section).
EXPORT_WORDS = {"title": _l("Your network"), "fields": {
    "relation": _l("Who they are to me"), "circle": _l("How close"), "helps": _l("Can help with"),
    "asked": _l("Asked for help"), "note": _l("Note")},
    "codes": {("network", "relation"): RELATION_LABELS, ("network", "circle"): CIRCLE_LABELS,
           ("network", "helps"): HELP_LABELS, ("network", "asked"): ASK_LABELS}}


def export_network(db: Session, person: User) -> list[dict[str, object]]:
    """For "my data": everyone in my network, as I wrote them down."""
    return [{"name": p.name, "relation": p.relation, "circle": p.circle, "helps": p.helps, "asked": p.ask_status,
             "note": p.ask_note, "added": p.created_at.isoformat()} for p in people_of(db, person)]
