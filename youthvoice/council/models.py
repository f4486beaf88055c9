"""The youth council: councils, terms, members, causes, support, comments, votes, timelines."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from youthvoice.core.model import UTCDateTime, timestamp
from youthvoice.core.personal_data import Erasure, PersonalData
from youthvoice.privacy.sealing import sealed


class CauseStatus(StrEnum):
    DRAFT = "draft"  # private to its author
    SUBMITTED = "submitted"  # the author may still edit
    DISCUSSING = "discussing"  # the council discusses it: editing ends
    VOTING = "voting"  # on the ballot of a voting round
    NOT_CHOSEN = "not_chosen"
    CHOSEN = "chosen"  # one of the term's mærkesager
    IN_PROGRESS = "in_progress"
    PRESENTED = "presented"  # presented to politicians, an answer is promised by answer_due_on
    ANSWERED = "answered"
    ACHIEVED = "achieved"
    NOT_ACHIEVED = "not_achieved"
    MERGED = "merged"  # merged into another proposal with both authors' consent (merged_into_id); stays readable


class CauseCategory(StrEnum):
    SCHOOL = "school"
    LEISURE = "leisure"
    CLIMATE = "climate"
    TRANSPORT = "transport"
    HEALTH = "health"
    JOBS = "jobs"
    SAFETY = "safety"
    DEMOCRACY = "democracy"
    OTHER = "other"


class UpdateKind(StrEnum):
    MEETING = "meeting"  # a meeting with a committee or politicians
    ANSWER = "answer"  # the politicians' answer
    NEXT = "next"  # what happened next
    NOTE = "note"
    STATUS = "status"  # written by a status change, with its explanation
    ANSWER_DATE = "answer_date"  # the promised answer date was moved, with the reason
    COMMITTEE = "committee"  # sent to a committee (its name in the text)


class Council(SQLModel, table=True):
    """A municipality's youth council (ungebyråd): one per municipality."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", unique=True)
    name: str = Field(max_length=120)
    public_page: bool = False  # a read-only public page of the chosen causes
    # A proposal with this many supports is discussed by itself (None: only when the coordinator starts it).
    support_threshold: int | None = None
    created_at: datetime = timestamp()


class CouncilMembership(SQLModel, table=True):
    """A member's place in the council: when they joined or left, and their consent to be named publicly."""
    __personal_data__ = PersonalData(("user_id",), "council", Erasure.DELETED)

    __table_args__ = (sa.UniqueConstraint("council_id", "user_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    council_id: uuid.UUID = Field(foreign_key="council.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    show_name_publicly: bool = False  # the member's own choice: first name on the public page
    joined_at: datetime = timestamp()
    left_at: datetime | None = timestamp(nullable=True)


class Term(SQLModel, table=True):
    """A council year (e.g. a school year). Past terms stay readable."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    council_id: uuid.UUID = Field(foreign_key="council.id", index=True)
    name: str = Field(max_length=60)
    starts_on: date
    ends_on: date
    created_at: datetime = timestamp()


class Cause(SQLModel, table=True):
    """A proposal, and once chosen, one of the term's mærkesager."""
    __personal_data__ = PersonalData(("author_id",), "council", Erasure.FORMER_MEMBER,
                                     "a proposal others supported, discussed or voted on stays, under 'a "
                                     "former member'; any other goes")

    # the proposal list's newest-first page is an index walk (council_lists.list_causes)
    __table_args__ = (sa.Index("ix_cause_term_id_submitted_at", "term_id", "submitted_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    term_id: uuid.UUID = Field(foreign_key="term.id", index=True)
    author_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", index=True)  # None: a former member
    status: str = Field(default=CauseStatus.DRAFT, sa_type=sa.String(20), index=True)
    category: str = Field(default=CauseCategory.OTHER, sa_type=sa.String(20))
    title: str = Field(default="", max_length=120)
    change: str = Field(default="", sa_type=sa.Text)  # what should change
    why: str = Field(default="", sa_type=sa.Text)  # why it matters
    who: str = Field(default="", sa_type=sa.Text)  # who it concerns
    answer_due_on: date | None = None  # when presented: the date the politicians promised an answer by
    # Accountability (chosen causes): the committee it was sent to, how far it has come (0-100, set by the
    # coordinator), and the committee's official answer, posted by one of its respondents.
    committee_id: uuid.UUID | None = Field(default=None, foreign_key="committee.id", index=True)
    progress: int = 0
    official_answer: str | None = Field(default=None, sa_type=sa.Text)
    official_answer_at: datetime | None = timestamp(nullable=True)
    merged_into_id: uuid.UUID | None = Field(default=None, foreign_key="cause.id", index=True)  # status "merged"
    created_at: datetime = timestamp()
    submitted_at: datetime | None = timestamp(nullable=True, index=True)
    last_activity_at: datetime = timestamp(index=True)


class CauseRevision(SQLModel, table=True):
    """The text of a proposal as it was submitted, and after each edit by its author."""
    __personal_data__ = PersonalData(("editor_id",), "council", Erasure.FROM_THE_CAUSE,
                                     'the versions of a proposal go or stay with it')

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cause_id: uuid.UUID = Field(foreign_key="cause.id", index=True)
    editor_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")  # None: a former member
    title: str = Field(max_length=120)
    change: str = Field(sa_type=sa.Text)
    why: str = Field(sa_type=sa.Text)
    who: str = Field(sa_type=sa.Text)
    category: str = Field(sa_type=sa.String(20))
    created_at: datetime = timestamp()


class MergeOutcome(StrEnum):
    MERGED = "merged"  # both authors said yes: the proposal was merged
    DECLINED = "declined"  # an author said no


class CauseImage(SQLModel, table=True):
    """A picture on a proposal (at most causes_pictures.MAX_PER_CAUSE): the picture as core/images.py made it again
    (a JPEG with nothing but its pixels, never the uploaded bytes), with the words its author wrote for those who
    cannot see it. Only its author adds or removes it; it goes or stays with the proposal."""
    __personal_data__ = PersonalData(("added_by_id",), "council", Erasure.FROM_THE_CAUSE,
                                     "the pictures of a proposal go or stay with it, under 'a former member'")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cause_id: uuid.UUID = Field(foreign_key="cause.id", index=True, ondelete="CASCADE")
    added_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", index=True)  # None: a former member
    data: bytes = Field(sa_type=sa.LargeBinary)
    width: int
    height: int
    alt: str = Field(default="", max_length=200)  # what the picture shows, in the author's words ("": the title)
    created_at: datetime = timestamp(index=True)


class CauseMerge(SQLModel, table=True):
    """A request to merge proposal `from_cause` into `into_cause` (duplicates), and each author's answer.

    An answer is None while awaited; a side whose author is a former member (or the one who asked) needs none.
    The outcome is set when both have said yes (merged) or one has said no (declined)."""
    __personal_data__ = PersonalData(("requested_by_id",), "council", Erasure.FORMER_MEMBER,
                                     "a request they made stays with the proposals, without their name; an open "
                                     "request about their proposals ends")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    from_cause_id: uuid.UUID = Field(foreign_key="cause.id", index=True)
    into_cause_id: uuid.UUID = Field(foreign_key="cause.id", index=True)
    requested_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", index=True)  # None: former member
    from_answer: bool | None = None  # the merged proposal's author: yes, no, or not yet
    into_answer: bool | None = None  # the kept proposal's author
    outcome: str | None = Field(default=None, sa_type=sa.String(20))
    created_at: datetime = timestamp()
    settled_at: datetime | None = timestamp(nullable=True)


class Support(SQLModel, table=True):
    """One member supports one cause, at most once; withdrawing deletes the row."""
    __personal_data__ = PersonalData(("member_id",), "council", Erasure.DELETED)

    __table_args__ = (sa.UniqueConstraint("cause_id", "member_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cause_id: uuid.UUID = Field(foreign_key="cause.id", index=True)
    member_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    created_at: datetime = timestamp()


class Comment(SQLModel, table=True):
    """A comment on a cause, or a reply to one. A coordinator may hide it, with a reason that stays visible, and
    show it again, with a reason that stays visible too."""
    __personal_data__ = PersonalData(("author_id", "hidden_by_id", "restored_by_id"), "council", Erasure.DELETED,
                                     "their comments go; others' replies to them stay")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cause_id: uuid.UUID = Field(foreign_key="cause.id", index=True)
    author_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    parent_id: uuid.UUID | None = Field(default=None, foreign_key="comment.id", index=True)
    text: str = Field(sa_type=sa.Text)
    created_at: datetime = timestamp(index=True)
    hidden_at: datetime | None = timestamp(nullable=True)
    hidden_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    hidden_reason: str | None = Field(default=None, max_length=300)
    restored_at: datetime | None = timestamp(nullable=True)  # shown again after it was hidden
    restored_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    restored_reason: str | None = Field(default=None, max_length=300)


class CommentFlag(SQLModel, table=True):
    """A member asks the coordinator to look at a comment (once per member and comment). Who flagged it is never
    shown; the flag is settled when the coordinator hides the comment or leaves it as it is."""
    __personal_data__ = PersonalData(("flagged_by_id",), "council", Erasure.DELETED)

    __table_args__ = (sa.UniqueConstraint("comment_id", "flagged_by_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    comment_id: uuid.UUID = Field(foreign_key="comment.id", index=True)
    flagged_by_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    reason: str = Field(default="", max_length=300)
    created_at: datetime = timestamp()
    settled_at: datetime | None = timestamp(nullable=True)


class VotingRound(SQLModel, table=True):
    """A vote between proposals: open from starts_at until ends_at, each member spreading votes_per_member."""
    __personal_data__ = PersonalData(("created_by_id",), None, Erasure.NOT_THEIRS,
                                     'made by the coordinator')

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    term_id: uuid.UUID = Field(foreign_key="term.id", index=True)
    created_by_id: uuid.UUID = Field(foreign_key="user.id")
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime = Field(sa_type=UTCDateTime, index=True)
    votes_per_member: int
    choose_count: int  # how many causes the round chooses
    # The result is shown (and chooses causes) only if at least this many members voted; fixed when it opens.
    min_voters: int = 5
    created_at: datetime = timestamp()
    settled_at: datetime | None = timestamp(nullable=True)  # results counted, chosen causes marked


class RoundEntry(SQLModel, table=True):
    """A proposal on a round's ballot: its running total of votes, and whether the round chose it.

    Ballots add to `votes` and leave no row of their own per cause, so only totals are ever stored.
    """

    __table_args__ = (sa.UniqueConstraint("round_id", "cause_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    round_id: uuid.UUID = Field(foreign_key="votinground.id", index=True)
    cause_id: uuid.UUID = Field(foreign_key="cause.id", index=True)
    votes: int = 0
    chosen: bool = False


class Ballot(SQLModel, table=True):
    """That a member has voted in a round (never what): the unique pair makes a second vote impossible."""
    __personal_data__ = PersonalData(("voter_id",), "council", Erasure.DELETED,
                                     'that they voted goes; what they voted was never stored, only totals')

    __table_args__ = (sa.UniqueConstraint("round_id", "voter_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    round_id: uuid.UUID = Field(foreign_key="votinground.id", index=True)
    voter_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    cast_at: datetime = timestamp()


class CauseUpdate(SQLModel, table=True):
    """An entry on a cause's timeline: a meeting, the politicians' answer, what happened next, a status change."""
    __personal_data__ = PersonalData(("author_id",), "council", Erasure.FORMER_MEMBER,
                                     "an entry on a cause's public timeline stays with the cause, under 'a "
                                     "former member'")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cause_id: uuid.UUID = Field(foreign_key="cause.id", index=True)
    author_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")  # None: a former member
    kind: str = Field(sa_type=sa.String(20))
    status: str | None = Field(default=None, sa_type=sa.String(20))  # the new status, for kind "status"
    text: str = Field(default="", sa_type=sa.Text)
    happened_on: date
    answer_due_on: date | None = None  # the new promised answer date, for kind "answer_date"
    created_at: datetime = timestamp(index=True)


class Committee(SQLModel, table=True):
    """A political committee of the municipality (e.g. Børne- og Ungeudvalget) that a chosen cause is sent to, and
    that gives the official answer."""

    __table_args__ = (sa.UniqueConstraint("council_id", "name"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    council_id: uuid.UUID = Field(foreign_key="council.id", index=True)
    name: str = Field(max_length=120)
    created_at: datetime = timestamp()


class CommitteeRespondent(SQLModel, table=True):
    """A respondent (a politician or committee secretary, invited by the admin) who answers for a committee."""
    __personal_data__ = PersonalData(("user_id",), None, Erasure.NOT_THEIRS,
                                     'a respondent is a politician or committee secretary, never a young person')

    __table_args__ = (sa.UniqueConstraint("committee_id", "user_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    committee_id: uuid.UUID = Field(foreign_key="committee.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    created_at: datetime = timestamp()


class Milestone(SQLModel, table=True):
    """A planned step of a chosen cause with its date, shown on the cause's public page; done on a date or not."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cause_id: uuid.UUID = Field(foreign_key="cause.id", index=True)
    title: str = Field(max_length=120)
    due_on: date
    done_on: date | None = None
    created_at: datetime = timestamp()


class CauseSummary(NamedTuple):
    """What a list row shows of a proposal (its texts stay in the database until it is opened). Rows are tuples:
    the list keeps rendered rows keyed on them (fragments.kept_rows), and tuples hash and compare in C."""

    id: uuid.UUID
    title: str
    status: str
    category: str
    answer_due_on: date | None


class PanelMember(SQLModel, table=True):
    """A young person with experience of care on the municipality's youth panel (Rudersdal's ungepanel), added by
    the coordinator; she can leave at any time."""
    __personal_data__ = PersonalData(("user_id", "added_by_id"), "youth_panel", Erasure.WITH_ACCOUNT)
    __table_args__ = (sa.UniqueConstraint("municipality_id", "user_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    added_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    joined_at: datetime = timestamp()
    left_at: datetime | None = timestamp(nullable=True)


class Consultation(SQLModel, table=True):
    """A question the municipality puts to its youth panel, open until `closes_on`; after that the coordinator
    publishes a summary and what the municipality did with it."""
    __personal_data__ = PersonalData(("created_by_id",), None, Erasure.NOT_THEIRS, "made by the coordinator")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    question: str = Field(max_length=200)
    background: str = Field(default="", sa_type=sa.Text)
    closes_on: date
    # The coordinator closed it before its date (so the answer can be published sooner); the planned date stays.
    closed_early_on: date | None = None
    summary: str | None = Field(default=None, sa_type=sa.Text)
    outcome: str | None = Field(default=None, sa_type=sa.Text)  # what the municipality did with it
    published_at: datetime | None = timestamp(nullable=True)
    created_at: datetime = timestamp()


class ConsultationAnswer(SQLModel, table=True):
    """A panel member's answer, in her words (sealed with her key); with `anonymous` the municipality sees it
    without her name. Only she writes or removes it, until the consultation closes."""
    __personal_data__ = PersonalData(("owner_id",), "youth_panel", Erasure.WITH_ACCOUNT)
    __table_args__ = (sa.UniqueConstraint("consultation_id", "owner_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    consultation_id: uuid.UUID = Field(foreign_key="consultation.id", index=True, ondelete="CASCADE")
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    anonymous: bool = False
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp()

    __seen_as__ = ("panel", "consultation_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed")


class PanelSubmission(SQLModel, table=True):
    """An anonymous copy of one young person's point, sent by herself to her municipality's youth panel ("this is
    not only about me", issue 21.6). Nothing in it leads back to her: no owner, no point, no meeting, and only the
    day it came (no time of day, and a random id, so neither order nor clock can be matched with her visits). So it
    is not in her "my data" and erasure does not find it: once sent it is the panel's, as the preview tells her
    before she sends it. The coordinator can hide it (and show it again)."""
    __personal_data__ = PersonalData(("hidden_by_id",), None, Erasure.NOT_THEIRS,
                                     "an anonymous copy the young person sent to the panel: nothing names her; only "
                                     "the coordinator who hid it")
    __table_args__ = (sa.UniqueConstraint("fingerprint"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    text: str = Field(sa_type=sa.Text)
    received_on: date = Field(index=True)
    # sha256 of the municipality, the day and the words: the same words sent twice the same day are stored once
    fingerprint: str = Field(max_length=64)
    hidden_at: datetime | None = timestamp(nullable=True)
    hidden_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")


# --- ties to my home municipality (issue 19.3) -------------------------------------------------------------------


class HomeNewsKind(StrEnum):
    """What a piece of news from the home municipality is about."""

    COUNCIL = "council"  # the youth council
    JOB = "job"  # a job for young people
    EVENT = "event"


class HomeNews(SQLModel, table=True):
    """News or an opportunity from a municipality's youth-council coordinator for its young people, also those
    placed elsewhere: a title, a short text, an optional link and an optional date."""
    __personal_data__ = PersonalData(("author_id",), None, Erasure.NOT_THEIRS, "posted by the coordinator")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    author_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    kind: str = Field(default=HomeNewsKind.COUNCIL, sa_type=sa.String(20))
    title: str = Field(max_length=120)
    text: str = Field(default="", max_length=600)
    link: str | None = Field(default=None, max_length=300)
    day: date | None = None
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp()


class HelpOffer(SQLModel, table=True):
    """"I would like to help": what a young person could offer others, in her words, sealed with her key, shown
    only to the professionals or the home municipality's coordinator she chooses."""
    __personal_data__ = PersonalData(("owner_id",), "home_ties", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)  # where she lives
    owner_id: uuid.UUID = Field(foreign_key="user.id", unique=True, ondelete="CASCADE")
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = timestamp()
    updated_at: datetime = timestamp()

    __seen_as__ = ("help_offer", "owner_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed")
