"""The guided preparation: one question per screen, every answer saved as it is typed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, exists
from sqlmodel import Session, col, select

from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings import decisions, meetings
from youthvoice.meetings.meetings import touch
from youthvoice.meetings.models import Decision, Meeting, MeetingDecision, MeetingPoint, PreparationAnswer

ANSWER_LIMIT = 2000
INTERPRETER = "setup_interpreter"
BISIDDER_CHOICES = ("yes", "no", "unsure")


@dataclass(frozen=True)
class Question:
    """A question asked of the young person (`label`, to "you"); `about` names her answer to everyone else
    ("%(name)s" is her name), so a professional's page never reads as if it asked the professional."""

    key: str
    label: object
    about: object
    hint: object = ""
    multiline: bool = True
    limit: int = ANSWER_LIMIT


@dataclass(frozen=True)
class Step:
    key: str
    title: object
    intro: object = ""
    questions: tuple[Question, ...] = field(default_factory=tuple)


STEPS: tuple[Step, ...] = (
    Step("mood", _l("How are you doing right now?"),
         _l("Choose the face that fits best. Nobody sees it unless you share it.")),
    Step("going_well", _l("What is going well?"), questions=(
        Question("going_well", _l("What is going well for you?"), _l("What is going well for %(name)s"),
                 _l("School, friends, home, something you are proud of…")),)),
    Step("hard", _l("What is hard?"), questions=(
        Question("hard", _l("What is hard for you right now?"), _l("What is hard for %(name)s right now"),
                 _l("Only write what you want to.")),)),
    Step("points", _l("What do you want to talk about?"),
         _l("Add your points. At the meeting you can tick them off when they have been talked about.")),
    Step("decisions", _l("What do you want, and what have you decided?"),
         _l("A wish is something you would like. A decision is something you have made up your mind about.")),
    Step("people", _l("Who should be there?"), questions=(
        Question("want_present", _l("Who do you want at the meeting?"),
                 _l("Who %(name)s wants at the meeting")),
        Question("not_present", _l("Is there anyone you do not want at the meeting?"),
                 _l("Who %(name)s does not want at the meeting")),)),
    Step("bisidder", _l("Do you want a support person with you?"),
         _l("A support person (bisidder) is someone you choose to be with you at the meeting. "
            "You always have the right to one."),
         questions=(Question("bisidder_who", _l("Who would you like as your support person?"),
                             _l("Who %(name)s would like as support person"), multiline=False, limit=200),)),
    Step("setup", _l("How should the meeting be?"), questions=(
        Question("setup_place", _l("Where would you like to meet?"), _l("Where %(name)s would like to meet"),
                 multiline=False, limit=200),
        Question("setup_time", _l("What time suits you?"), _l("The time that suits %(name)s"),
                 multiline=False, limit=200),
        Question("setup_first", _l("Who should speak first?"), _l("Who %(name)s wants to speak first"),
                 multiline=False, limit=200),
        Question("setup_breaks", _l("Do you want breaks? When?"), _l("Breaks %(name)s wants, and when"),
                 multiline=False, limit=200),
        # Issue 17: asked here so the professional sees it in time to book one (professional.html shows it on top).
        Question(INTERPRETER, _l("Do you want an interpreter? In which language?"),
                 _l("The interpreter %(name)s wants (language)"), _l("For example: Yes, in Arabic."),
                 multiline=False, limit=100),)),
    Step("questions", _l("What questions do you want answered?"), questions=(
        Question("questions", _l("Your questions"), _l("Questions from %(name)s"),
                 _l("Write each question on its own line.")),)),
)
STEP_KEYS = tuple(step.key for step in STEPS)
QUESTIONS = {question.key: question for step in STEPS for question in step.questions}
TEXT_KEYS = (*QUESTIONS, "bisidder_choice")


def step_by_key(key: str) -> Step:
    for step in STEPS:
        if step.key == key:
            return step
    raise NotFound


def neighbours(key: str) -> tuple[str | None, str | None]:
    index = STEP_KEYS.index(key)
    return (STEP_KEYS[index - 1] if index else None, STEP_KEYS[index + 1] if index + 1 < len(STEP_KEYS) else None)


@cache
def _answers_query() -> Any:
    # Built once, run with a parameter: every preparation page asks (and the autosave after each edit).
    return select(PreparationAnswer).where(PreparationAnswer.meeting_id == bindparam("meeting_id"))


@cache
def _points_and_decisions_query() -> Any:

    return select(exists().where(col(MeetingPoint.meeting_id) == bindparam("meeting_id")),
                  exists().where(col(MeetingDecision.meeting_id) == bindparam("meeting_id")))


def answers_of(db: Session, meeting: Meeting) -> dict[str, PreparationAnswer]:
    rows = db.exec(_answers_query(), params={"meeting_id": meeting.id}).all()
    return {row.question: row for row in rows}


def answer_texts(db: Session, meeting: Meeting, answers: dict[str, PreparationAnswer] | None = None) -> dict[str, str]:
    """The answers' texts; pass `answers` (from `answers_of`) when you already have them."""
    return {key: row.text or "" for key, row in (answers_of(db, meeting) if answers is None else answers).items()}


def validate(values: dict[str, str]) -> dict[str, str]:
    """Check answers before saving; the messages name the field so the form can show them in place."""
    cleaned: dict[str, str] = {}
    for key, value in values.items():
        if key not in TEXT_KEYS:
            continue
        value = (value or "").replace("\r\n", "\n")
        if key == "bisidder_choice":
            if value and value not in BISIDDER_CHOICES:
                raise InvalidInput(str(_l("Choose one of the answers.")), field=key)
        elif len(value) > QUESTIONS[key].limit:
            raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=QUESTIONS[key].limit)),
                               field=key)
        cleaned[key] = value
    return cleaned


def save_answers(db: Session, *, meeting: Meeting, values: dict[str, str], written_with: User | None = None) -> int:
    """Save the answers given (an empty answer is kept as empty: skipping is allowed). Returns how many changed."""
    cleaned = validate(values)
    existing = answers_of(db, meeting)
    changed = 0
    for key, value in cleaned.items():
        row = existing.get(key) or PreparationAnswer(owner_id=meeting.owner_id, meeting_id=meeting.id, question=key)
        if key in existing and (row.text or "") == value:
            continue
        if key not in existing and not value:
            continue
        if written_with is not None and row.text and row.written_with_id != written_with.id:
            continue  # a bisidder helps with what is empty or theirs; the young person's own words stay theirs
        row.text = value
        row.updated_at = utcnow()
        row.written_with_id = written_with.id if written_with else None
        db.add(row)
        changed += 1
    if changed:
        meeting.prepared_at = utcnow()
        touch(db, meeting)
    return changed


def save_mood(db: Session, *, meeting: Meeting, mood: int | None) -> None:
    if mood is not None and not 1 <= mood <= 5:
        raise InvalidInput(str(_l("Choose one of the faces.")), field="mood")
    meeting.mood = mood
    meeting.prepared_at = utcnow()
    touch(db, meeting)


def answered_steps(db: Session, meeting: Meeting, texts: dict[str, str] | None = None) -> list[bool]:
    """For each step, in order: has the young person answered anything in it? `texts` from `answer_texts`."""
    texts = answer_texts(db, meeting) if texts is None else texts
    has_points, has_decisions = db.exec(_points_and_decisions_query(), params={"meeting_id": meeting.id}).one()
    answered = []
    for step in STEPS:
        if step.key == "mood":
            answered.append(meeting.mood is not None)
        elif step.key == "points":
            answered.append(bool(has_points))
        elif step.key == "decisions":
            answered.append(bool(has_decisions))
        elif step.key == "bisidder":
            answered.append(bool(texts.get("bisidder_choice") or texts.get("bisidder_who")))
        else:
            answered.append(any(texts.get(question.key) for question in step.questions))
    return answered


def progress(db: Session, meeting: Meeting, texts: dict[str, str] | None = None) -> tuple[int, int]:
    """(answered steps, all steps), to show how far the preparation has come; `texts` from `answer_texts`."""
    return sum(answered_steps(db, meeting, texts)), len(STEPS)


def step_to_continue(db: Session, meeting: Meeting) -> str:
    """Where "Continue preparing" goes: the first step with nothing in it yet (the first step once all have)."""
    answered = answered_steps(db, meeting)
    return next((step.key for step, done in zip(STEPS, answered, strict=True) if not done), STEP_KEYS[0])


# --- the points and the decisions screens: each is saved as a whole, whichever of its buttons was tapped ----


@contextmanager
def _in_box(name: str) -> Iterator[None]:
    """The rules name their own field ("text"); on a screen of several boxes the message belongs to one box."""
    try:
        yield
    except InvalidInput as error:
        raise InvalidInput(error.message, field=name) from error


def save_points(db: Session, *, meeting: Meeting, edits: dict[str, str], remove: str | None = None,
                new: str | None = None) -> MeetingPoint | None:
    """Save the points screen: changed points (by id), the point to remove, and `new`, the text in the add box
    (None: nothing to add, or this request's key already added it). Ids of points no longer there are
    skipped (removed meanwhile, in another tab)."""
    current = {str(point.id): point for point in meetings.points_of(db, meeting)}
    for point_id, text in edits.items():
        point = current.get(point_id)
        if point is not None and point_id != remove and " ".join((text or "").split()) != (point.text or ""):
            with _in_box(f"point-{point_id}"):
                meetings.edit_point(db, meeting=meeting, point_id=point_id, text=text)
    if remove in current:
        meetings.remove_point(db, meeting=meeting, point_id=remove)
    if new is None:
        return None
    with _in_box("new_point"):
        return meetings.add_point(db, meeting=meeting, text=new)


def save_decisions(db: Session, *, owner: User, meeting: Meeting, edits: dict[str, tuple[str | None, str | None]],
                   leave: str | None = None, bring: str | None = None, new: str | None = None,
                   new_status: str = "wish") -> Decision | None:
    """Save the wishes-and-decisions screen: changed words or status of the ones brought to this meeting
    (id: (text, status)), one to leave out of it, an earlier one to bring, and `new`, the text in the add box
    (None: nothing to add, or this request's key already added it). Every change is kept in the history."""
    brought = {str(decision.id): decision for _link, decision in decisions.meeting_decisions(db, meeting)}
    for decision_id, (text, status) in edits.items():
        decision = brought.get(decision_id)
        if decision is not None and decision_id != leave:
            with _in_box(f"decision-{decision_id}"):
                decisions.update_decision(db, decision=decision, text=text, status=status or None, meeting=meeting)
    if leave in brought:
        decisions.leave_out_of_meeting(db, meeting=meeting, decision=brought[leave])
    if bring:
        decisions.bring_to_meeting(db, meeting=meeting, decision=decisions.own_decision(db, owner, bring))
    if new is None:
        return None
    with _in_box("new_decision"):
        return decisions.create_decision(db, owner=owner, text=new, status=new_status, meeting=meeting)
