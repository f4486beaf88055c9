"""People and getting in: municipalities, people, passkeys, recovery codes, invites, sessions, links."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from youthvoice.core.model import UTCDateTime, timestamp
from youthvoice.core.personal_data import Erasure, PersonalData
from youthvoice.privacy.sealing import sealed


class Role(StrEnum):
    YOUNG_PERSON = "young_person"
    PROFESSIONAL = "professional"
    ADMIN = "admin"
    BISIDDER = "bisidder"
    PARTNER = "partner"  # the partnership's evaluator: anonymous figures of the municipalities that opted in, only
    RESPONDENT = "respondent"  # a politician or committee secretary: posts the official answer to council causes
    SUPPORTER = "supporter"  # someone from her network (Be my Back): sees only what she shares with them (issue 20)
    FACILITATOR = "facilitator"  # runs peer groups (tovholder): a professional's or a volunteer's limited account
    PEER = "peer"  # a young person not in care, in a peer group only: no case, no meetings, no caseworker (issue 20)


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
    OIDC = "oidc"  # the state of a log-in through the municipality's provider (oidc.py): used once


class Municipality(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=120)
    created_at: datetime = timestamp()
    # The municipality's admin lets the partnership's evaluators see its anonymous figures (issue 22.4).
    shares_evidence: bool = False
    # The municipality's out-of-hours social service (socialvagt), set by its admin and shown on the help page.
    out_of_hours_name: str | None = Field(default=None, max_length=120)
    out_of_hours_phone: str | None = Field(default=None, max_length=30)
    # The admin lets a professional already linked to a young person add a colleague to them (issue 18.2).
    colleagues_may_add: bool = False


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
    # Young people placed outside their home municipality keep it as theirs (issue 19.3); None: where they live.
    home_municipality_id: int | None = Field(default=None, foreign_key="municipality.id")
    locale: str | None = Field(default=None, max_length=5)
    # Professionals: when they are at work (ISO weekdays 1-7, local times), so "help now" can say so.
    work_days: str = Field(default="12345", max_length=7)
    work_start: str = Field(default="08:00", max_length=5)
    work_end: str = Field(default="16:00", max_length=5)
    # Professionals: the short profile a young person sees of a new professional (issue 18.2), and the team lead
    # flag an admin sets (the team's anonymous receipt figures, issue 18.8).
    phone_hours: str | None = Field(default=None, max_length=80)
    about: str | None = Field(default=None, max_length=400)
    is_team_lead: bool = False
    created_at: datetime = timestamp()
    activated_at: datetime | None = timestamp(nullable=True)
    deactivated_at: datetime | None = timestamp(nullable=True)
    last_login_at: datetime | None = timestamp(nullable=True)
    # Erasure on request: the account is deleted for real after a grace period in which it can be undone.
    erase_after: datetime | None = timestamp(nullable=True)
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
    def is_partner(self) -> bool:
        return self.role == Role.PARTNER

    @property
    def is_respondent(self) -> bool:
        return self.role == Role.RESPONDENT

    @property
    def is_supporter(self) -> bool:
        return self.role == Role.SUPPORTER

    @property
    def is_facilitator(self) -> bool:
        return self.role == Role.FACILITATOR

    @property
    def is_peer(self) -> bool:
        return self.role == Role.PEER

    @property
    def is_staff(self) -> bool:
        """Professionals, admins and respondents get the stricter session limits."""
        return self.role in (Role.PROFESSIONAL, Role.ADMIN, Role.RESPONDENT, Role.FACILITATOR)

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
    created_at: datetime = timestamp()
    last_used_at: datetime | None = timestamp(nullable=True)
    # Set up through a recovery link made by staff: a log-in with it does not open the young person's own words
    # until then (recovery.py), unless one of their recovery codes says it is them.
    content_locked_until: datetime | None = timestamp(nullable=True)


class RecoveryCode(SQLModel, table=True):
    __personal_data__ = PersonalData(("user_id",), "account", Erasure.WITH_ACCOUNT,
                                     'shown as how many are left: only hashes are kept')
    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = timestamp()
    used_at: datetime | None = timestamp(nullable=True)


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
    created_at: datetime = timestamp()
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = timestamp(nullable=True)
    revoked_at: datetime | None = timestamp(nullable=True)
    # A recovery link staff made for someone works only once a second member of staff has approved it.
    approved_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    approved_at: datetime | None = timestamp(nullable=True)


class Challenge(SQLModel, table=True):
    """A WebAuthn challenge: stored server-side, consumed once, expiring."""
    __personal_data__ = PersonalData(("user_id",), None, Erasure.WITH_ACCOUNT,
                                     "a passkey ceremony's challenge: gone within minutes")

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    challenge_hash: str = Field(max_length=64, unique=True)
    purpose: str = Field(sa_type=sa.String(20))
    user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="CASCADE")
    invite_id: uuid.UUID | None = Field(default=None, foreign_key="invite.id", ondelete="CASCADE")
    created_at: datetime = timestamp()
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)


class LoginSession(SQLModel, table=True):
    """A server-side web session. Deleting the row logs the browser out, wherever it is."""
    __personal_data__ = PersonalData(("user_id",), "account", Erasure.WITH_ACCOUNT)

    id: str = Field(max_length=64, primary_key=True)  # sha256 of the cookie value
    user_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", index=True, ondelete="CASCADE")
    data: str = Field(default="{}", sa_type=sa.Text)
    created_at: datetime = timestamp()
    last_seen_at: datetime = timestamp()
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
    created_at: datetime = timestamp()
    ended_at: datetime | None = timestamp(nullable=True)


class LoginProvider(SQLModel, table=True):
    """A municipality's OpenID Connect provider for its staff (oidc.py): one per municipality, set by its admin.
    The client secret is sealed with the master key (never shown again); `secret_key_id` names which."""

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", unique=True)
    issuer: str = Field(max_length=300)
    client_id: str = Field(max_length=200)
    client_secret_sealed: bytes = Field(sa_type=sa.LargeBinary(1024))
    secret_key_id: str = Field(max_length=40)
    subject_claim: str = Field(default="sub", max_length=20)  # "sub", or "oid" for Microsoft Entra ID
    enabled: bool = True
    updated_at: datetime = timestamp()


class ProviderLink(SQLModel, table=True):
    """A member of staff's account at their municipality's provider: (issuer, subject) is how a log-in finds them,
    never an e-mail address. Set by the admin (oidc.py)."""
    __personal_data__ = PersonalData(("user_id", "linked_by_id"), None, Erasure.NOT_THEIRS,
                                     "staff only: a professional's or admin's account at the municipality's log-in")
    __table_args__ = (sa.UniqueConstraint("issuer", "subject"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", unique=True, ondelete="CASCADE")
    issuer: str = Field(max_length=300)
    subject: str = Field(max_length=200)
    linked_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = timestamp()
    last_login_at: datetime | None = timestamp(nullable=True)


class Handover(SQLModel, table=True):
    """A young person's caseworker changed (issue 18.2): who left, who came, who moved them and when, and the
    leaving caseworker's note to the new one. The note holds only what the leaving caseworker writes (it is never
    filled with the young person's words); it is sealed under the young person's key, and the new caseworker's
    reading of it is in her "who has seen what". Nothing of hers is shared by a handover."""

    __personal_data__ = PersonalData(("young_person_id", "from_id", "to_id", "moved_by_id"), "handovers",
                                     Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    young_person_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    from_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", index=True, ondelete="SET NULL")
    to_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", index=True, ondelete="SET NULL")
    moved_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = timestamp()
    note_sealed: bytes | None = Field(default=None, sa_type=sa.LargeBinary)
    note_at: datetime | None = timestamp(nullable=True)

    __seen_as__ = ("handover", "young_person_id")  # how a view by someone else reads in "who has seen what"
    note = sealed("note_sealed", owner="young_person_id", author="from_id")


class ContactRequest(SQLModel, table=True):
    """A young person asks for a different contact than one of her professionals (issue 18.2): which one and when,
    never why in words (the admin sees it); the admin marks it done when they have acted."""

    __personal_data__ = PersonalData(("young_person_id", "professional_id", "done_by_id"), "handovers",
                                     Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id", index=True)
    young_person_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    professional_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
    created_at: datetime = timestamp()
    done_at: datetime | None = timestamp(nullable=True)
    done_by_id: uuid.UUID | None = Field(default=None, foreign_key="user.id", ondelete="SET NULL")
