"""All tables and enums. Every person and record belongs to exactly one municipality."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from youthvoice.personal_data import Erasure, PersonalData
from youthvoice.sealing import sealed

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp that is always timezone-aware UTC in Python, whatever the database keeps."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _when(*, index: bool = False, nullable: bool = False) -> object:
    """A timestamp column; `created_at`-style columns default to now."""
    if nullable:
        return Field(default=None, sa_type=UTCDateTime, index=index, nullable=True)
    return Field(default_factory=utcnow, sa_type=UTCDateTime, index=index)


class Role(StrEnum):
    YOUNG_PERSON = "young_person"
    PROFESSIONAL = "professional"
    ADMIN = "admin"
    BISIDDER = "bisidder"


class AccountStatus(StrEnum):
    PENDING = "pending"  # invited, no passkey yet
    ACTIVE = "active"
    DEACTIVATED = "deactivated"


class InviteKind(StrEnum):
    ACCOUNT = "account"
    RECOVERY = "recovery"


class CeremonyPurpose(StrEnum):
    REGISTER = "register"  # redeeming an account or recovery invite
    ADD = "add"  # a logged-in person adds another passkey
    RECOVER = "recover"  # after a valid recovery code
    LOGIN = "login"


class Municipality(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=120)
    created_at: datetime = _when()


class User(SQLModel, table=True):
    """A person: young person, professional, admin or bisidder. Flask-Login's user object."""
    __personal_data__ = PersonalData(("id",), "account", Erasure.WITH_ACCOUNT,
                                     'the account itself: deleted last, after the data key')

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    role: str = Field(sa_type=sa.String(20))
    status: str = Field(default=AccountStatus.PENDING, sa_type=sa.String(20))
    display_name: str = Field(max_length=80)
    # Shown by phones in their passkey picker, so it must not reveal who the person is.
    pseudonym: str = Field(max_length=40, unique=True)
    webauthn_user_handle: bytes = Field(sa_type=sa.LargeBinary(64), unique=True)
    title: str | None = Field(default=None, max_length=80)  # professionals: a free title
    is_coordinator: bool = False  # professionals: youth-council coordinator
    is_council_member: bool = False  # young people: youth-council member
    birth_date: date | None = None  # young people
    locale: str | None = Field(default=None, max_length=5)
    # Professionals: when they are at work (ISO weekdays 1-7, local times), so "help now" can say so.
    work_days: str = Field(default="12345", max_length=7)
    work_start: str = Field(default="08:00", max_length=5)
    work_end: str = Field(default="16:00", max_length=5)
    created_at: datetime = _when()
    activated_at: datetime | None = _when(nullable=True)
    deactivated_at: datetime | None = _when(nullable=True)
    last_login_at: datetime | None = _when(nullable=True)
    # Erasure on request: the account is deleted for real after a grace period in which it can be undone.
    erase_after: datetime | None = _when(nullable=True)
    erasure_requested_by_id: uuid.UUID | None = None

    # Flask-Login's protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.status == AccountStatus.ACTIVE

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def is_young_person(self) -> bool:
        return self.role == Role.YOUNG_PERSON

    @property
    def is_professional(self) -> bool:
        return self.role == Role.PROFESSIONAL

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_bisidder(self) -> bool:
        return self.role == Role.BISIDDER

    @property
    def is_staff(self) -> bool:
        """Professionals and admins get the stricter session limits."""
        return self.role in (Role.PROFESSIONAL, Role.ADMIN)

    @property
    def takes_part_in_council(self) -> bool:
        """A youth-council member (young person) or coordinator (professional); see council.py for the rules."""
        return (self.role == Role.YOUNG_PERSON and self.is_council_member) or (
            self.role == Role.PROFESSIONAL and self.is_coordinator)


class Passkey(SQLModel, table=True):
    __personal_data__ = PersonalData(("user_id",), "account", Erasure.WITH_ACCOUNT)
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    credential_id: bytes = Field(sa_type=sa.LargeBinary(1024), unique=True)
    public_key: bytes = Field(sa_type=sa.LargeBinary(2048))
    sign_count: int = Field(default=0, sa_type=sa.BigInteger)
    transports: str = Field(default="", max_length=200)
    backed_up: bool = False
    name: str = Field(max_length=60)
    created_at: datetime = _when()
    last_used_at: datetime | None = _when(nullable=True)
    # Set up through a recovery link made by staff: a log-in with it does not open the young person's own words
    # until then (recovery.py), unless one of their recovery codes says it is them.
    content_locked_until: datetime | None = _when(nullable=True)


class RecoveryCode(SQLModel, table=True):
    __personal_data__ = PersonalData(("user_id",), "account", Erasure.WITH_ACCOUNT,
                                     'shown as how many are left: only hashes are kept')
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = _when()
    used_at: datetime | None = _when(nullable=True)


class Invite(SQLModel, table=True):
    """A one-time link that lets a pending (or recovering) person register a passkey."""
    __personal_data__ = PersonalData(("user_id", "created_by_id", "approved_by_id"), "account", Erasure.WITH_ACCOUNT,
                                     'their own invites; the accounts they invited (a bisidder) are erased with them')

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    kind: str = Field(sa_type=sa.String(20))
    token_hash: str = Field(max_length=64, unique=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = _when()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = _when(nullable=True)
    revoked_at: datetime | None = _when(nullable=True)
    # A recovery link staff made for someone works only once a second member of staff has approved it.
    approved_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    approved_at: datetime | None = _when(nullable=True)


class Challenge(SQLModel, table=True):
    """A WebAuthn challenge: stored server-side, consumed once, expiring."""
    __personal_data__ = PersonalData(("user_id",), None, Erasure.WITH_ACCOUNT,
                                     "a passkey ceremony's challenge: gone within minutes")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    challenge_hash: str = Field(max_length=64, unique=True)
    purpose: str = Field(sa_type=sa.String(20))
    user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="CASCADE")
    invite_id: uuid.UUID | None = Field(default=None, foreign_key="invite.id", ondelete="CASCADE")
    created_at: datetime = _when()
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)


class LoginSession(SQLModel, table=True):
    """A server-side web session. Deleting the row logs the browser out, wherever it is."""
    __personal_data__ = PersonalData(("user_id",), "account", Erasure.WITH_ACCOUNT)

    id: str = Field(max_length=64, primary_key=True)  # sha256 of the cookie value
    user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", index=True, ondelete="CASCADE")
    data: str = Field(default="{}", sa_type=sa.Text)
    created_at: datetime = _when()
    last_seen_at: datetime = _when()
    idle_minutes: int
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
    user_agent: str = Field(default="", max_length=200)
    via_recovery: bool = False
    # The passkey it was opened with: removing the passkey ends the sessions it opened.
    passkey_id: uuid.UUID | None = Field(default=None, foreign_key="passkey.id", ondelete="CASCADE")


class Link(SQLModel, table=True):
    """A young person's own people: a professional (or later a bisidder) who works with them."""
    __personal_data__ = PersonalData(("young_person_id", "other_id"), "my_people", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    young_person_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    other_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = _when()
    ended_at: datetime | None = _when(nullable=True)


class DataKey(SQLModel, table=True):
    """A young person's own content key, wrapped by a master key. Deleting it makes their content unreadable."""
    __personal_data__ = PersonalData(("owner_id",), None, Erasure.WITH_ACCOUNT,
                                     "the key their words are sealed with, never shown; destroyed first, so a "
                                     "backup's copy cannot be read")

    owner_id: uuid.UUID = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    master_key_id: str = Field(max_length=40)
    wrapped: bytes = Field(sa_type=sa.LargeBinary(128))
    created_at: datetime = _when()


class AuditEvent(SQLModel, table=True):
    """Append-only, signed and chained (audit.py): who, what kind of thing, which record and when; never content."""
    __personal_data__ = PersonalData(("actor_id", "subject_id"), "who_has_seen_what", Erasure.RECORD_ONLY,
                                     "the log keeps who did what to which record when (ids, never words or "
                                     "names); also 'account_events'")

    # a person's own events of one kind (the home page's "your account was recovered")
    __table_args__ = (sa.Index("ix_auditevent_subject_id_action", "subject_id", "action"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _when(index=True)
    municipality_id: int | None = Field(default=None, index=True)
    actor_id: uuid.UUID | None = Field(default=None, index=True)
    subject_id: uuid.UUID | None = Field(default=None, index=True)  # whose data or account
    action: str = Field(max_length=40)
    object_type: str = Field(default="", max_length=40)
    object_id: str = Field(default="", max_length=64)
    seq: int = 0  # its place in the log: 1, 2, 3, ... (signed, so entries cannot be removed and renumbered)
    key_id: str = Field(default="", max_length=40)  # the audit key its hash was signed with
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64, unique=True)


class Notification(SQLModel, table=True):
    """An in-app notice: a kind of event and a link to it, never content (it may be read on a shared phone)."""
    __personal_data__ = PersonalData(("user_id", "about_id"), "notifications", Erasure.DELETED)

    __table_args__ = (sa.Index("ix_notification_user_id_read_at", "user_id", "read_at"),)  # the unread count

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=40)
    link: str = Field(max_length=200)
    # Whose case or which cause it is about, so it can be removed with it (never shown as content).
    about_id: uuid.UUID | None = Field(default=None, index=True)
    created_at: datetime = _when(index=True)
    read_at: datetime | None = _when(nullable=True)


class RequestKey(SQLModel, table=True):
    """A create request already carried out, by its client's key: a retry after a lost answer (a dropped
    connection, a killed server, an offline queue sending again) is answered without creating a second row."""
    __personal_data__ = PersonalData(("user_id",), None, Erasure.WITH_ACCOUNT,
                                     'which requests were already carried out (keys, never content): forgotten '
                                     'after 30 days')

    __table_args__ = (sa.UniqueConstraint("user_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=64)
    endpoint: str = Field(max_length=80)
    # What the request created, so an API retry can answer with it (an id, never content).
    resource_id: str | None = Field(default=None, max_length=64)
    # The sha256 of what was asked (the URL's values and the body, canonical): a key sent again with something else
    # is refused, never answered with the first request's result. None for keys recorded before it was kept.
    body_hash: str | None = Field(default=None, max_length=64)
    created_at: datetime = _when(index=True)


class PushSubscription(SQLModel, table=True):
    """A browser that asked to be told when something is new (Web Push). The endpoint and keys are the browser's
    address at its push service: not the young person's content, but never written to a log."""
    __personal_data__ = PersonalData(("user_id",), "push_devices", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    endpoint: str = Field(sa_type=sa.String(1024), unique=True)
    p256dh: str = Field(max_length=100)  # the browser's public key (base64url, 65 bytes)
    auth: str = Field(max_length=40)  # the browser's auth secret (base64url, 16 bytes)
    device: str = Field(default="", max_length=80)  # "Chrome on Android", from the user agent
    locale: str | None = Field(default=None, max_length=5)  # the page's language when it was turned on
    created_at: datetime = _when()
    last_success_at: datetime | None = _when(nullable=True)
    failure_count: int = 0


# --- meetings: the young person's voice before, during and after (issue 3) ---------------------------

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


class ShareScope(StrEnum):
    MEETING = "meeting"
    NETWORK = "network"
    STEPS = "steps"


class SharePart(StrEnum):
    """What of a meeting a share covers. Any share shows the meeting's time and place (its basics)."""

    BASICS = "basics"
    PREPARATION = "preparation"
    DECISIONS = "decisions"
    AFTER = "after"


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
    prepared_at: datetime | None = _when(nullable=True)
    created_at: datetime = _when()
    updated_at: datetime = _when(index=True)

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
    updated_at: datetime = _when(index=True)

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
    discussed_at: datetime | None = _when(nullable=True)
    created_at: datetime = _when()

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
    created_at: datetime = _when()
    updated_at: datetime = _when(index=True)

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
    at: datetime = _when()

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
    receipt_at: datetime | None = _when(nullable=True)


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
    created_at: datetime = _when(index=True)

    __seen_as__ = ("decisions", "meeting_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed", author="author_id")


class MeetingNote(SQLModel, table=True):
    """Something agreed, noted by the young person during the meeting."""
    __personal_data__ = PersonalData(("owner_id",), "meetings", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = _when()

    __seen_as__ = ("after", "meeting_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed")


class MeetingSignal(SQLModel, table=True):
    """"I need a break" or "I don't understand", sent to the professionals in the room."""
    __personal_data__ = PersonalData((), "meetings", Erasure.WITH_ACCOUNT,
                                     "the break and 'I don't understand' signals, by meeting")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", index=True, ondelete="CASCADE")
    kind: str = Field(sa_type=sa.String(20))
    created_at: datetime = _when()


class FollowUp(SQLModel, table=True):
    """After the meeting: was I heard, who decided, and what I agree and disagree with."""
    __personal_data__ = PersonalData(("owner_id",), "meetings", Erasure.WITH_ACCOUNT)

    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    heard: int | None = None  # 1 (not at all) .. 5 (completely)
    who_decided: int | None = None  # 1 (others decided) .. 5 (I decided)
    decided_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    agree_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    disagree_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    follow_up_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    updated_at: datetime = _when(index=True)

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
    done_at: datetime | None = _when(nullable=True)
    created_at: datetime = _when()

    __seen_as__ = ("after", "meeting_id")  # how a view by someone else reads in "who has seen what"
    what = sealed("what_sealed")
    who = sealed("who_sealed")


class Share(SQLModel, table=True):
    """The young person lets one of their people see one thing (a meeting's parts, the network, the steps)."""
    __personal_data__ = PersonalData(("owner_id", "grantee_id"), "sharing", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    grantee_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    scope: str = Field(sa_type=sa.String(20))
    meeting_id: uuid.UUID | None = Field(default=None, foreign_key="meeting.id", index=True, ondelete="CASCADE")
    parts: str = Field(default="", max_length=100)  # comma-separated SharePart values for meetings
    created_at: datetime = _when()
    withdrawn_at: datetime | None = _when(nullable=True)


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
    helpful_at: datetime | None = _when(nullable=True)
    created_at: datetime = _when(index=True)

    __seen_as__ = ("conversation", "meeting_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed", author="author_id")


class LastVisit(SQLModel, table=True):
    """When a person last opened a meeting page, for "new since your last visit" markers."""
    __personal_data__ = PersonalData(("user_id",), None, Erasure.NOT_THEIRS,
                                     'when a professional last opened a meeting: their own bookmark')

    user_id: uuid.UUID = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    seen_at: datetime = _when()


# --- support around the young person: bisidder notes and urgent messages (issue 4) --------------------


class BisidderNote(SQLModel, table=True):
    """A private note from the young person's bisidder to them; professionals never see it."""
    __personal_data__ = PersonalData(("owner_id", "author_id"), "meetings", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    author_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    author_name: str = Field(max_length=80)
    meeting_id: uuid.UUID | None = Field(default=None, foreign_key="meeting.id", index=True, ondelete="CASCADE")
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = _when()

    __seen_as__ = ("bisidder_note", "id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed", author="author_id")


class UrgentMessage(SQLModel, table=True):
    """"I need help now", sent to one of the young person's professionals; urgent until acknowledged."""
    __personal_data__ = PersonalData(("owner_id", "professional_id"), "urgent_messages", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    professional_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = _when(index=True)
    acknowledged_at: datetime | None = _when(nullable=True)

    __seen_as__ = ("urgent", "id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed")

# --- youth council (issue 5) ---
# The council's shared content: not sealed with a young person's key. Every row carries municipality_id.


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


class Council(SQLModel, table=True):
    """A municipality's youth council (ungebyråd): one per municipality."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", unique=True)
    name: str = Field(max_length=120)
    public_page: bool = False  # a read-only public page of the chosen causes
    created_at: datetime = _when()


class CouncilMembership(SQLModel, table=True):
    """A member's place in the council: when they joined or left, and their consent to be named publicly."""
    __personal_data__ = PersonalData(("user_id",), "council", Erasure.DELETED)

    __table_args__ = (sa.UniqueConstraint("council_id", "user_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    council_id: uuid.UUID = Field(foreign_key="council.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    show_name_publicly: bool = False  # the member's own choice: first name on the public page
    joined_at: datetime = _when()
    left_at: datetime | None = _when(nullable=True)


class Term(SQLModel, table=True):
    """A council year (e.g. a school year). Past terms stay readable."""

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    council_id: uuid.UUID = Field(foreign_key="council.id", index=True)
    name: str = Field(max_length=60)
    starts_on: date
    ends_on: date
    created_at: datetime = _when()


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
    created_at: datetime = _when()
    submitted_at: datetime | None = _when(nullable=True, index=True)
    last_activity_at: datetime = _when(index=True)


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
    created_at: datetime = _when()


class Support(SQLModel, table=True):
    """One member supports one cause, at most once; withdrawing deletes the row."""
    __personal_data__ = PersonalData(("member_id",), "council", Erasure.DELETED)

    __table_args__ = (sa.UniqueConstraint("cause_id", "member_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cause_id: uuid.UUID = Field(foreign_key="cause.id", index=True)
    member_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    created_at: datetime = _when()


class Comment(SQLModel, table=True):
    """A comment on a cause, or a reply to one. A coordinator may hide it, with a reason that stays visible."""
    __personal_data__ = PersonalData(("author_id", "hidden_by_id"), "council", Erasure.DELETED,
                                     "their comments go; others' replies to them stay")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    cause_id: uuid.UUID = Field(foreign_key="cause.id", index=True)
    author_id: uuid.UUID = Field(foreign_key="user.id", index=True)
    parent_id: uuid.UUID | None = Field(default=None, foreign_key="comment.id", index=True)
    text: str = Field(sa_type=sa.Text)
    created_at: datetime = _when(index=True)
    hidden_at: datetime | None = _when(nullable=True)
    hidden_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id")
    hidden_reason: str | None = Field(default=None, max_length=300)


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
    created_at: datetime = _when()
    settled_at: datetime | None = _when(nullable=True)  # results counted, chosen causes marked


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
    cast_at: datetime = _when()


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
    created_at: datetime = _when(index=True)

# --- network and small steps (issue 6) ---------------------------------------------------------------

class Relation(StrEnum):
    FAMILY = "family"
    FRIEND = "friend"
    NEIGHBOUR = "neighbour"
    COACH_TEACHER = "coach_teacher"  # a former coach or teacher
    PROFESSIONAL = "professional"
    OTHER = "other"


class Circle(StrEnum):
    """How close someone is: the three circles of the network picture."""

    INNER = "inner"
    MIDDLE = "middle"
    OUTER = "outer"


class HelpKind(StrEnum):
    """What someone in the network could help with."""

    HOUSING = "housing"
    SCHOOL_WORK = "school_work"
    MONEY = "money"
    PRACTICAL = "practical"
    TALK = "talk"  # someone to talk to
    COMPANY = "company"


class AskStatus(StrEnum):
    """What happened when an outer-circle person was asked for help."""

    NOT_YET = "not_yet"
    ASKED = "asked"
    YES = "yes"
    NO = "no"


class LifeArea(StrEnum):
    HOUSING = "housing"
    SCHOOL_WORK = "school_work"
    HEALTH = "health"  # health and well-being
    RELATIONSHIPS = "relationships"
    MONEY = "money"
    EVERYDAY = "everyday"
    LEISURE = "leisure"


class NetworkPerson(SQLModel, table=True):
    """Someone in a young person's network. The name and the note are sealed with the young person's key."""
    __personal_data__ = PersonalData(("owner_id",), "network", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    name_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    relation: str = Field(sa_type=sa.String(20))
    circle: str = Field(sa_type=sa.String(10))
    helps: str = Field(default="", max_length=100)  # comma-separated HelpKind values
    # Set when the young person marks an outer-circle person as someone they could ask for help (AskStatus).
    ask_status: str | None = Field(default=None, sa_type=sa.String(10))
    ask_note_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = _when()
    updated_at: datetime = _when(index=True)

    __seen_as__ = ("network", "owner_id")  # how a view by someone else reads in "who has seen what"
    name = sealed("name_sealed")
    ask_note = sealed("ask_note_sealed")

    @property
    def could_ask(self) -> bool:
        return self.ask_status is not None


class Goal(SQLModel, table=True):
    """What the young person wants to reach in one life area, in their own words."""
    __personal_data__ = PersonalData(("owner_id",), "small_steps", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    area: str = Field(sa_type=sa.String(20))
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    reached_on: date | None = None
    created_at: datetime = _when()
    updated_at: datetime = _when()

    __seen_as__ = ("steps", "owner_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed")


class Step(SQLModel, table=True):
    """A small step: done on a day ("what I have achieved"), or, without a day, my next step."""
    __personal_data__ = PersonalData(("owner_id",), "small_steps", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    area: str = Field(sa_type=sa.String(20))
    day: date | None = Field(default=None, index=True)
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = _when()

    __seen_as__ = ("steps", "owner_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed")


class AreaRating(SQLModel, table=True):
    """How the young person rates one life area on one day, 1 (bad) to 10 (really good). One per area per day."""
    __personal_data__ = PersonalData(("owner_id",), "small_steps", Erasure.WITH_ACCOUNT)

    __table_args__ = (sa.UniqueConstraint("owner_id", "area", "day"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    area: str = Field(sa_type=sa.String(20))
    day: date = Field(index=True)
    value: int
    created_at: datetime = _when()


class StepSuggestion(SQLModel, table=True):
    """A professional's idea for a next step. It becomes the young person's step only if they accept it."""
    __personal_data__ = PersonalData(("owner_id", "author_id"), "small_steps", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    owner_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")  # the young person
    author_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    author_name: str = Field(max_length=80)
    area: str = Field(sa_type=sa.String(20))
    text_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    created_at: datetime = _when(index=True)
    accepted_at: datetime | None = _when(nullable=True)
    declined_at: datetime | None = _when(nullable=True)
    step_id: uuid.UUID | None = Field(default=None, foreign_key="step.id", ondelete="SET NULL")

    __seen_as__ = ("steps", "owner_id")  # how a view by someone else reads in "who has seen what"
    text = sealed("text_sealed", author="author_id")
