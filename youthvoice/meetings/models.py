"""Meetings, and the young person's voice before, during and after them: preparation, points, decisions, the receipt,
notes, follow-up, responses."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from youthvoice.core.model import UTCDateTime, timestamp
from youthvoice.core.personal_data import Erasure, PersonalData
from youthvoice.privacy.sealing import sealed


class MeetingKind(StrEnum):
    CHILD_CONVERSATION = "child_conversation"  # børnesamtale
    PLAN = "plan"  # handleplan / barnets plan
    NETWORK = "network"
    TRANSITION = "transition"  # efterværn / ungestøtte, the move to adult life
    OTHER = "other"


class DecisionStatus(StrEnum):
    WISH = "wish"
    DECISION = "decision"  # "my decision"
    AGREED = "agreed"  # agreed at a meeting
    DONE = "done"
    CHANGED = "changed"


class DecisionOutcome(StrEnum):
    """How a decision went at a meeting, in the young person's own words."""

    MINE = "mine"
    AGREED_TOGETHER = "agreed_together"
    DECIDED_BY_OTHERS = "decided_by_others"
    DISAGREE = "disagree"


class ReceiptAnswer(StrEnum):
    FOLLOWED = "followed"
    PARTLY = "partly"
    NOT_FOLLOWED = "not_followed"


class ResponseKind(StrEnum):
    COMMENT = "comment"
    QUESTION = "question"
    SUGGESTION = "suggestion"
    BRING_UP = "bring_up"  # "I will bring this up"
    REPLY = "reply"  # the young person's answer to a response


class Meeting(SQLModel, table=True):
    """A case meeting in a young person's list. Its free text is sealed with the young person's key."""
    __personal_data__ = PersonalData(("owner_id", "created_by_id"), "meetings", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    kind: str = Field(sa_type=sa.String(30))
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    place_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    # Named people who are not in the app ("my aunt Lise"), one per line.
    others_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    mood: int | None = None  # 1-5, the faces scale of the preparation
    prepared_at: datetime | None = timestamp(nullable=True)
    # Cancelled by the professional who made it: it stays in her list, marked, with her preparation (issue 18.6).
    cancelled_at: datetime | None = timestamp(nullable=True)
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp(index=True)

    __seen_as__ = ("meeting", "id")  # how a view by someone else reads in "who has seen what"
    place = sealed("place_sealed", created_by="created_by_id")
    others = sealed("others_sealed", created_by="created_by_id")


class MeetingParticipant(SQLModel, table=True):
    """A professional in the app taking part in a meeting (they see its time and place, not its content)."""
    __personal_data__ = PersonalData(("user_id",), "meetings", Erasure.WITH_ACCOUNT,
                                     'the professionals taking part, shown with each meeting; gone with the meeting')

    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    user_id: uuid.UUID = Field(foreign_key="user.id", primary_key=True, index=True, ondelete="CASCADE")


class PreparationAnswer(SQLModel, table=True):
    """One answer of the guided preparation; saved as it is typed."""
    __personal_data__ = PersonalData(("owner_id", "written_with_id"), "meetings", Erasure.WITH_ACCOUNT)

    __table_args__ = (sa.UniqueConstraint("meeting_id", "question"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    question: str = Field(max_length=40)
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    written_with_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")  # a bisidder
    updated_at: datetime = timestamp(index=True)

    __seen_as__ = ("preparation", "meeting_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed", co_writer="written_with_id")


class MeetingPoint(SQLModel, table=True):
    """Something the young person wants to talk about; ticked off during the meeting."""
    __personal_data__ = PersonalData(("owner_id",), "meetings", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    position: int = 0
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    topic: str | None = Field(default=None, max_length=30)  # from a picture card (meetings/cards.py)
    face: int | None = None  # the card's face, 1-5, when she gave it one
    discussed_at: datetime | None = timestamp(nullable=True)
    created_at: datetime = timestamp()

    __seen_as__ = ("preparation", "meeting_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed")


class Decision(SQLModel, table=True):
    """The young person's own decision or wish, in their words, followed across meetings."""
    __personal_data__ = PersonalData(("owner_id",), "decisions", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    status: str = Field(default=DecisionStatus.WISH, sa_type=sa.String(20))
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp(index=True)

    __seen_as__ = ("decision", "id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed")


class DecisionRevision(SQLModel, table=True):
    """How a decision developed: every change of words or status, and where it happened."""
    __personal_data__ = PersonalData(("owner_id",), "decisions", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    decision_id: uuid.UUID = Field(foreign_key="decision.id", index=True, ondelete="CASCADE")
    meeting_id: uuid.UUID | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL")
    status: str = Field(sa_type=sa.String(20))
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    at: datetime = timestamp()

    __seen_as__ = ("decision", "decision_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed")


class MeetingDecision(SQLModel, table=True):
    """A decision brought to a meeting; its outcome there, and the professional's receipt answer."""
    __personal_data__ = PersonalData(("owner_id", "receipt_by_id"), "meetings", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    decision_id: uuid.UUID = Field(foreign_key="decision.id", index=True, ondelete="CASCADE")
    outcome: str | None = Field(default=None, sa_type=sa.String(30))
    # The latest answer of the receipt, kept here for the overdue lists; the whole back-and-forth (every answer,
    # every acceptance and disagreement, each with who and when) is in ReceiptEntry and is never rewritten.
    receipt_answer: str | None = Field(default=None, sa_type=sa.String(20))
    receipt_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    receipt_at: datetime | None = timestamp(nullable=True)
    # The first answer, kept for the municipality's anonymous figures (issue 22.3): when, and how many working days
    # after the meeting's day (the smallest n with the meeting day + n working days on or after the answer's day).
    first_answer_at: datetime | None = timestamp(nullable=True)
    answer_working_days: int | None = None


class ReceiptEntryKind(StrEnum):
    ANSWER = "answer"  # a professional: followed, partly or not followed, and why
    ACCEPTED = "accepted"  # the young person accepts the answer above it
    DISAGREED = "disagreed"  # the young person disagrees, in their own words


class ReceiptEntry(SQLModel, table=True):
    """One turn of a decision receipt. Entries are only ever added: a new answer never erases an earlier one or
    the young person's reply to it, so the receipt reads as a conversation with who said what and when."""
    __personal_data__ = PersonalData(("owner_id", "author_id"), "meetings", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")  # the young person
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    item_id: uuid.UUID = Field(foreign_key="meetingdecision.id", index=True, ondelete="CASCADE")
    kind: str = Field(sa_type=sa.String(20))
    author_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    author_name: str = Field(max_length=80)  # kept so an answer keeps its professional's name
    answer: str | None = Field(default=None, sa_type=sa.String(20))  # ReceiptAnswer, for answers
    # An answer given after the young person disagreed answers that disagreement.
    answers_id: uuid.UUID | None = Field(default=None, foreign_key="receiptentry.id", ondelete="SET NULL")
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    position: int = 1  # the entry's place in its item's thread: orders entries made in the same instant
    created_at: datetime = timestamp(index=True)

    __seen_as__ = ("decisions", "meeting_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed", author="author_id")


class MeetingNote(SQLModel, table=True):
    """Something agreed, noted by the young person during the meeting."""
    __personal_data__ = PersonalData(("owner_id",), "meetings", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = timestamp()

    __seen_as__ = ("after", "meeting_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed")


class MeetingSignal(SQLModel, table=True):
    """"I need a break" or "I don't understand", sent to the professionals in the room."""
    __personal_data__ = PersonalData((), "meetings", Erasure.WITH_ACCOUNT,
                                     "the break and 'I don't understand' signals, by meeting")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    kind: str = Field(sa_type=sa.String(20))
    created_at: datetime = timestamp()


class FollowUp(SQLModel, table=True):
    """After the meeting: was I heard, who decided, and what I agree and disagree with."""
    __personal_data__ = PersonalData(("owner_id",), "meetings", Erasure.WITH_ACCOUNT)

    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    heard: int | None = None  # 1 (not at all) .. 5 (completely)
    who_decided: int | None = None  # 1 (others decided) .. 5 (I decided)
    # Did I get to say what mattered to me? Do I know what happens with what I said? 1 (not at all) .. 5 (completely)
    said_what_mattered: int | None = None
    knows_what_happens: int | None = None
    decided_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    agree_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    disagree_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    follow_up_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    updated_at: datetime = timestamp(index=True)

    __seen_as__ = ("after", "meeting_id")  # how a view by someone else reads in "who has seen what"
    decided = sealed("decided_sealed")
    agree = sealed("agree_sealed")
    disagree = sealed("disagree_sealed")
    follow_up = sealed("follow_up_sealed")


class NextStep(SQLModel, table=True):
    """Who does what by when; shown on the young person's home until done."""
    __personal_data__ = PersonalData(("owner_id",), "meetings", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    what_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    who_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    due: date | None = None
    done_at: datetime | None = timestamp(nullable=True)
    created_at: datetime = timestamp()

    __seen_as__ = ("after", "meeting_id")  # how a view by someone else reads in "who has seen what"
    what = sealed("what_sealed")
    who = sealed("who_sealed")


class Response(SQLModel, table=True):
    """A sparring partner's comment, question, suggestion or "I will bring this up" - or the young person's reply."""
    __personal_data__ = PersonalData(("owner_id", "author_id"), "meetings", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")  # the young person
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    author_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    author_name: str = Field(max_length=80)  # kept so a deactivated professional's words keep their name
    part: str = Field(sa_type=sa.String(20))  # SharePart the response is about
    target: str = Field(default="", max_length=80)  # e.g. "question:hard", "decision:<id>", "point:<id>"
    kind: str = Field(sa_type=sa.String(20))
    parent_id: uuid.UUID | None = Field(default=None, foreign_key="response.id", ondelete="CASCADE")
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    helpful_at: datetime | None = timestamp(nullable=True)
    created_at: datetime = timestamp(index=True)

    __seen_as__ = ("conversation", "meeting_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed", author="author_id")


class LastVisit(SQLModel, table=True):
    """When a person last opened a meeting page, for "new since your last visit" markers."""
    __personal_data__ = PersonalData(("user_id",), None, Erasure.NOT_THEIRS,
                                     'when a professional last opened a meeting: their own bookmark')

    user_id: uuid.UUID = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    seen_at: datetime = timestamp()


class BisidderNote(SQLModel, table=True):
    """A private note from the young person's bisidder to them; professionals never see it."""
    __personal_data__ = PersonalData(("owner_id", "author_id"), "meetings", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    author_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    author_name: str = Field(max_length=80)
    meeting_id: uuid.UUID | None = Field(default=None, foreign_key="meeting.id", index=True, ondelete="CASCADE")
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = timestamp()

    __seen_as__ = ("bisidder_note", "id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed", author="author_id")


class JournalNote(SQLModel, table=True):
    """A professional made a journal note of a meeting for the municipality's case file: who, when, and which of
    the parts the young person shared went into it. The young person is shown that it was made. The note itself is
    never stored: it is built from what is shared at the moment it is made."""
    __personal_data__ = PersonalData(("owner_id", "made_by_id"), "journal_notes", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")  # the young person
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    made_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", index=True, ondelete="SET NULL")
    made_by_name: str = Field(max_length=80)  # kept so the young person still sees who, if the account goes
    parts: str = Field(default="", max_length=100)  # the SharePart values in the note, comma-separated
    made_at: datetime = timestamp(index=True)


class VoiceAnswerTo(StrEnum):
    """What a voice recording answers: the item it belongs to, and so who may hear it (sharing/access.py)."""

    POINT = "point"  # a point for the meeting (MeetingPoint)
    QUESTION = "question"  # a preparation question (PreparationAnswer)
    DECISION = "decision"  # a wish or decision (Decision)
    DISAGREEMENT = "disagreement"  # her disagreement with a receipt's answer (ReceiptEntry)
    AFTER = "after"  # what she wrote after the meeting (FollowUp, by its meeting)
    NEXT_STEP = "next_step"  # a next step after the meeting (NextStep)
    STEP = "step"  # one of her small steps (network's Step): heard as her small steps are
    GOAL = "goal"  # her goal in a life area (network's Goal): heard as her small steps are


SMALL_STEP_ANSWERS = (VoiceAnswerTo.STEP, VoiceAnswerTo.GOAL)


class VoiceRecording(SQLModel, table=True):
    """A young person's voice answer to one of her items, instead of or beside her text: sealed with her data key
    like her text, heard by whoever may see the item, deleted or replaced by nobody but her."""
    __personal_data__ = PersonalData(("owner_id",), "voice_recordings", Erasure.WITH_ACCOUNT)

    __table_args__ = (sa.UniqueConstraint("answers", "item_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    # the meeting the item is part of (gone with it); None for a wish or decision, which outlives its meetings
    meeting_id: uuid.UUID | None = Field(default=None, foreign_key="meeting.id", index=True, ondelete="CASCADE")
    answers: str = Field(sa_type=sa.String(20))  # VoiceAnswerTo
    item_id: uuid.UUID = Field(index=True)
    container: str = Field(sa_type=sa.String(10))  # webm, ogg or mp4, from the bytes (core/audio.py)
    size: int = 0
    seconds: float | None = None  # None where the container does not say (WebM from MediaRecorder)
    audio_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = timestamp()

    __seen_as__ = (None, "seen_as")  # "who has seen what": each row says which (kind, id) it reads as
    audio = sealed("audio_sealed", binary=True)

    @property
    def seen_as(self) -> tuple[str, uuid.UUID]:
        """With the meeting it is part of; on a small step or goal, with her small steps; else on its own."""
        if self.answers in SMALL_STEP_ANSWERS:
            return "voice_steps", self.owner_id
        return "voice", self.meeting_id or self.id
