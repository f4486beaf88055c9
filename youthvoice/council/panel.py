"""The youth panel (issue 21.5, after Rudersdal's ungepanel): young people with experience of care advise the
municipality on its practice. The coordinator puts a question with a closing date; members answer in their own
words, optionally without their name towards the municipality; after the closing date the coordinator publishes a
summary and what the municipality did with it, which every member (and the public page) sees.

The rules of who may see and do what are here; the views only call them. A member's answer is hers: sealed with
her key, changed or removed only by her and only while the question is open; the coordinator's reading of it is
logged as a view like every read of her words by someone else.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlmodel import Session, col, select
from werkzeug.exceptions import NotFound

from youthvoice.core.errors import InvalidInput
from youthvoice.core.model import utcnow
from youthvoice.council.models import Consultation, ConsultationAnswer, PanelMember
from youthvoice.council.rules import is_coordinator
from youthvoice.identity.models import AccountStatus, Role, User
from youthvoice.notify import notifications

QUESTION_LIMIT = 200
TEXT_LIMIT = 4000
LONGEST_OPEN_DAYS = 120

NOTIFICATION_KINDS = {
    "panel_added": _l("You are on the youth panel"),
    "panel_question": _l("The youth panel has a new question"),
    "panel_published": _l("The youth panel's answer is published"),
}
EXPORT_WORDS = {
    "title": _l("Your youth panel"),
    "fields": {"from": _l("From"), "until": _l("Until"), "question": _l("Question"), "answer": _l("Your answer"),
               "anonymous": _l("Without your name"), "changed": _l("Last changed")},
}


def membership(db: Session, person: User | None) -> PanelMember | None:
    """The person's current place on the panel of her municipality, if she has one."""
    if person is None or not getattr(person, "is_authenticated", False) or not person.is_active:
        return None
    if person.role != Role.YOUNG_PERSON:
        return None
    return db.exec(select(PanelMember).where(PanelMember.user_id == person.id,
                                             PanelMember.municipality_id == person.municipality_id,
                                             col(PanelMember.left_at).is_(None))).first()


_PANEL_READ = "yv_panel_member"  # db.info key: (person id, whether she is on the panel), read with the session row


def member_of_panel(person_id: Any) -> Any:
    """Whether the person is on the panel of her municipality, as a correlated EXISTS to read along with the
    session row (council/area.py), which has joined her account: no statement of its own on her home page."""
    return (select(PanelMember.id)
            .where(col(PanelMember.user_id) == person_id, col(PanelMember.municipality_id) == User.municipality_id,
                   col(PanelMember.left_at).is_(None))
            .exists())


def remember_panel(db: Session, person_id: uuid.UUID, values: tuple[Any, ...]) -> None:
    db.info[_PANEL_READ] = (person_id, bool(values[0]))


def on_panel(db: Session, person: User | None) -> bool:
    """Whether the person has a place on the panel now, for pages that only show a link: read with her session
    row when it was (a page that changes a membership asks `membership`, which reads the row itself)."""
    if person is None or not getattr(person, "is_authenticated", False) or not person.is_active:
        return False
    if person.role != Role.YOUNG_PERSON:
        return False
    read = db.info.get(_PANEL_READ)
    if read is not None and read[0] == person.id:
        return bool(read[1])
    return membership(db, person) is not None


def require_panel(db: Session, person: User | None) -> str:
    """'member' or 'coordinator'; the panel's pages do not exist for anyone else (a 404)."""
    if is_coordinator(person):
        return "coordinator"
    if membership(db, person) is not None:
        return "member"
    raise NotFound


def require_coordinator(person: User | None) -> None:
    if not is_coordinator(person):
        raise NotFound


def members(db: Session, municipality_id: int) -> list[tuple[PanelMember, User]]:
    return list(db.exec(select(PanelMember, User).join(User, col(User.id) == PanelMember.user_id)
                        .where(PanelMember.municipality_id == municipality_id, col(PanelMember.left_at).is_(None))
                        .order_by(col(User.display_name))))


def candidates(db: Session, municipality_id: int) -> list[User]:
    """Young people of the municipality who could be added (active, not on the panel)."""
    on_panel = select(PanelMember.user_id).where(PanelMember.municipality_id == municipality_id,
                                                 col(PanelMember.left_at).is_(None))
    return list(db.exec(select(User).where(User.municipality_id == municipality_id, User.role == Role.YOUNG_PERSON,
                                           User.status == AccountStatus.ACTIVE, col(User.id).not_in(on_panel))
                        .order_by(col(User.display_name))))


def add_member(db: Session, *, actor: User, young_person_id: object) -> PanelMember:
    """The coordinator adds a young person of her municipality; she is told, and can leave at once."""
    require_coordinator(actor)
    person = next((p for p in candidates(db, actor.municipality_id) if str(p.id) == str(young_person_id)), None)
    if person is None:
        raise InvalidInput(_("Please choose one of these."), field="young_person_id")
    place = db.exec(select(PanelMember).where(PanelMember.user_id == person.id,
                                              PanelMember.municipality_id == actor.municipality_id)).first()
    if place is None:
        place = PanelMember(municipality_id=actor.municipality_id, user_id=person.id, added_by_id=actor.id)
        db.add(place)
    else:  # back on the panel after leaving
        place.left_at, place.joined_at, place.added_by_id = None, utcnow(), actor.id
    db.flush()
    notifications.notify(db, user=person, kind="panel_added", link="/panel/")
    return place


def leave(db: Session, *, person: User) -> None:
    """A member leaves the panel; her answers stay hers (she can see and remove them in "my data")."""
    place = membership(db, person)
    if place is None:
        raise NotFound
    place.left_at = utcnow()


def remove_member(db: Session, *, actor: User, member_id: object) -> None:
    require_coordinator(actor)
    place = db.exec(select(PanelMember).where(col(PanelMember.id) == _uuid(member_id),
                                              PanelMember.municipality_id == actor.municipality_id,
                                              col(PanelMember.left_at).is_(None))).first()
    if place is None:
        raise NotFound
    place.left_at = utcnow()


def consultations(db: Session, municipality_id: int) -> list[Consultation]:
    return list(db.exec(select(Consultation).where(Consultation.municipality_id == municipality_id)
                        .order_by(col(Consultation.closes_on).desc(), col(Consultation.created_at).desc())))


def consultation_for(db: Session, person: User, consultation_id: object) -> Consultation:
    """A consultation of the person's municipality, for a member or the coordinator; a 404 for anyone else."""
    require_panel(db, person)
    found = db.exec(select(Consultation).where(col(Consultation.id) == _uuid(consultation_id),
                                               Consultation.municipality_id == person.municipality_id)).first()
    if found is None:
        raise NotFound
    return found


def is_open(consultation: Consultation, today: date) -> bool:
    return consultation.closed_early_on is None and today <= consultation.closes_on


def close_early(db: Session, *, actor: User, consultation: Consultation, today: date) -> None:
    """The coordinator ends answering before the planned date (the panel met, or enough has been said); the
    planned date is kept beside it."""
    require_coordinator(actor)
    if not is_open(consultation, today):
        raise InvalidInput(_("This question has closed."), field="summary")
    consultation.closed_early_on = today


def put_question(db: Session, *, actor: User, question: str, background: str, closes_on: date | None,
                 today: date) -> Consultation:
    """The coordinator asks the panel; every member is told."""
    require_coordinator(actor)
    if not question:
        raise InvalidInput(_("Please write the question."), field="question")
    if len(question) > QUESTION_LIMIT:
        raise InvalidInput(_("At most %(num)d characters.", num=QUESTION_LIMIT), field="question")
    if len(background) > TEXT_LIMIT:
        raise InvalidInput(_("At most %(num)d characters.", num=TEXT_LIMIT), field="background")
    if closes_on is None or closes_on <= today:
        raise InvalidInput(_("The closing date must be after today."), field="closes_on")
    if closes_on > today + timedelta(days=LONGEST_OPEN_DAYS):
        raise InvalidInput(ngettext("The closing date can be at most %(num)d day away.",
                                    "The closing date can be at most %(num)d days away.", LONGEST_OPEN_DAYS),
                           field="closes_on")
    consultation = Consultation(municipality_id=actor.municipality_id, created_by_id=actor.id, question=question,
                                background=background, closes_on=closes_on)
    db.add(consultation)
    db.flush()
    for _place, member in members(db, actor.municipality_id):
        notifications.notify(db, user=member, kind="panel_question", link=f"/panel/{consultation.id}")
    return consultation


def answer_of(db: Session, consultation: Consultation, person: User) -> ConsultationAnswer | None:
    return db.exec(select(ConsultationAnswer).where(ConsultationAnswer.consultation_id == consultation.id,
                                                    ConsultationAnswer.owner_id == person.id)).first()


def save_answer(db: Session, *, person: User, consultation: Consultation, text: str, anonymous: bool,
                today: date) -> ConsultationAnswer:
    """A member's answer, written or changed by herself while the question is open."""
    if membership(db, person) is None:
        raise NotFound
    if not is_open(consultation, today):
        raise InvalidInput(_("This question has closed."), field="text")
    if not text:
        raise InvalidInput(_("Please write your answer."), field="text")
    if len(text) > TEXT_LIMIT:
        raise InvalidInput(_("At most %(num)d characters.", num=TEXT_LIMIT), field="text")
    answer = answer_of(db, consultation, person)
    if answer is None:
        answer = ConsultationAnswer(municipality_id=person.municipality_id, consultation_id=consultation.id,
                                    owner_id=person.id)
        db.add(answer)
        db.flush()  # its id is bound into the sealed text
    answer.text = text
    answer.anonymous = anonymous
    answer.updated_at = utcnow()
    return answer


def remove_answer(db: Session, *, person: User, consultation: Consultation, today: date) -> None:
    answer = answer_of(db, consultation, person)
    if answer is None:
        raise NotFound
    if not is_open(consultation, today):
        raise InvalidInput(_("This question has closed."), field="text")
    db.delete(answer)


@dataclass(frozen=True)
class ShownAnswer:
    """An answer as the coordinator sees it: the member's name only if she did not ask to be anonymous."""

    name: str | None
    text: str
    when: Any


def answers_for_coordinator(db: Session, *, actor: User, consultation: Consultation) -> list[ShownAnswer]:
    """Every answer, each read logged as seen by the coordinator (the sealed text's own log)."""
    require_coordinator(actor)
    rows = db.exec(select(ConsultationAnswer, User).join(User, col(User.id) == ConsultationAnswer.owner_id)
                   .where(ConsultationAnswer.consultation_id == consultation.id)
                   .order_by(col(ConsultationAnswer.created_at)))
    return [ShownAnswer(None if answer.anonymous else owner.display_name, answer.text or "", answer.updated_at)
            for answer, owner in rows]


def count_answers(db: Session, consultation: Consultation) -> int:
    return len(db.exec(select(ConsultationAnswer.id).where(
        ConsultationAnswer.consultation_id == consultation.id)).all())


def publish(db: Session, *, actor: User, consultation: Consultation, summary: str, outcome: str,
            today: date) -> None:
    """After the closing date: the summary and what the municipality did, for every member to read."""
    require_coordinator(actor)
    if is_open(consultation, today):
        raise InvalidInput(_("You can publish once the question has closed."), field="summary")
    if not summary:
        raise InvalidInput(_("Please write a summary."), field="summary")
    for name, value in (("summary", summary), ("outcome", outcome)):
        if len(value) > TEXT_LIMIT:
            raise InvalidInput(_("At most %(num)d characters.", num=TEXT_LIMIT), field=name)
    first_time = consultation.published_at is None
    consultation.summary, consultation.outcome = summary, outcome or None
    consultation.published_at = consultation.published_at or utcnow()
    if first_time:
        for _place, member in members(db, actor.municipality_id):
            notifications.notify(db, user=member, kind="panel_published", link=f"/panel/{consultation.id}")


def published(db: Session, municipality_id: int) -> list[Consultation]:
    """For the council's public page: questions with their summary and outcome, never an answer."""
    return list(db.exec(select(Consultation).where(Consultation.municipality_id == municipality_id,
                                                   col(Consultation.published_at).is_not(None))
                        .order_by(col(Consultation.published_at).desc())))


def export_panel(db: Session, person: User) -> dict[str, object]:
    """For "my data": my places on the panel and my answers, as I wrote them."""
    places = db.exec(select(PanelMember).where(PanelMember.user_id == person.id)).all()
    rows = db.exec(select(ConsultationAnswer, Consultation)
                   .join(Consultation, col(Consultation.id) == ConsultationAnswer.consultation_id)
                   .where(ConsultationAnswer.owner_id == person.id).order_by(col(ConsultationAnswer.created_at)))
    return {
        "membership": [{"from": place.joined_at.isoformat(),
                        "until": place.left_at.isoformat() if place.left_at else None} for place in places],
        "answers": [{"question": consultation.question, "answer": answer.text, "anonymous": answer.anonymous,
                     "changed": answer.updated_at.isoformat()} for answer, consultation in rows],
    }


def _uuid(value: object) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound from None
