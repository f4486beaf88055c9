"""Preparing the meeting about moving to adult life (issue 19.5): her plan, her housing wishes and who in her
network can help with what, each offered as a point of the meeting with one tap.

A point is her own words copied into her own meeting's points (shared only as her preparation is shared); a point
already there is not offered again, so a second tap adds nothing."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.identity.models import User
from youthvoice.meetings import meetings
from youthvoice.meetings.models import Meeting, MeetingKind, MeetingPoint
from youthvoice.network import housing, network
from youthvoice.network.models import HelpKind
from youthvoice.transition import plan

POINT_LIMIT = 500
# The kinds of help asked about in the move to adult life, in the plan's order.
HELP_KINDS = (HelpKind.HOUSING, HelpKind.MONEY, HelpKind.SCHOOL_WORK, HelpKind.PRACTICAL)


@dataclass(frozen=True)
class Offer:
    key: str  # stable: "area-housing", "housing", "help-money", "ask-support_decision"
    group: str  # "plan", "housing", "network", "dates"
    text: str  # the point as it will read
    added: bool  # already one of the meeting's points


def for_meeting(meeting: Meeting) -> Meeting:
    """Only a meeting about moving to adult life is prepared with the plan; any other is NotFound."""
    if meeting.kind != MeetingKind.TRANSITION:
        raise NotFound
    return meeting


def _sentence(text: str) -> str:
    """A part of a point ends like a sentence, so the next part reads as one."""
    text = text.strip()
    return text if not text or text[-1] in ".!?:" else text + "."


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= POINT_LIMIT else text[: POINT_LIMIT - 1].rstrip() + "…"


def _texts(db: Session, owner: User, *, language: str) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []
    for area in plan.plan_of(db, owner, language=language).areas:
        if area.goal is None and not area.next_steps:
            continue
        parts = [_("%(area)s: my goal is: %(goal)s", area=area.label, goal=area.goal.text) if area.goal
                 else str(area.label) + ":"]
        parts += [_("Next step: %(step)s", step=step.text) for step in area.next_steps[:3]]
        found.append((f"area-{area.area}", "plan", " ".join(_sentence(part) for part in parts)))
    answers = housing.answers(housing.wish_of(db, owner))
    if any(answers.values()):
        said = [str(housing.KIND_LABELS.get(answers["kind"] or "", ""))] if answers["kind"] else []
        said += [f"{housing.FIELD_LABELS[field]}: {answers[field]}" for field in housing.TEXT_FIELDS
                 if answers[field]]
        found.append(("housing", "housing", _("My housing wishes: %(wishes)s", wishes="; ".join(said))))
    people = network.people_of(db, owner)
    for kind in HELP_KINDS:
        names = [person.name or "" for person in people if kind in network.helps_of(person)]
        if names:
            found.append((f"help-{kind}", "network", _("Who can help me with %(what)s: %(names)s",
                                                          what=str(network.HELP_LABELS[kind]).lower(),
                                                          names=", ".join(names))))
    for milestone in plan.milestones_of(db, owner):
        if milestone.key in (plan.SUPPORT_DECISION, plan.SUPPORT_ENDS) and not milestone.recorded:
            question = (_("When will my support after 18 be decided, and what will it be?")
                        if milestone.key == plan.SUPPORT_DECISION else _("When does my support after 18 end?"))
            found.append((f"ask-{milestone.key}", "dates", question))
    return [(key, group, _short(text)) for key, group, text in found]


def offers(db: Session, owner: User, meeting: Meeting, *, language: str) -> list[Offer]:
    """What can become a point of this meeting, and which already are."""
    there = {point.text for point in meetings.points_of(db, meeting)}
    return [Offer(key, group, text, text in there) for key, group, text in _texts(db, owner, language=language)]


def add(db: Session, *, owner: User, meeting: Meeting, key: str, language: str) -> MeetingPoint | None:
    """Make one offer a point of the meeting (None when it already is one). An offer no longer there (her plan
    changed in another tab) is refused with a message."""
    offer = next((offer for offer in offers(db, owner, meeting, language=language) if offer.key == key), None)
    if offer is None:
        raise InvalidInput(str(_l("That is not in your plan any more. Choose from the list.")), field="offer")
    if offer.added:
        return None
    return meetings.add_point(db, meeting=meeting, text=offer.text)
