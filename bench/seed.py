"""Seed a large (or small) made-up municipality for the load benchmark, fast.

Rows are written in batches straight into the tables, not through the web pages or the one-at-a-time domain
functions (20,000 meetings through `meetings.create_meeting` would take an hour). Two rules still hold:

* every young person's free text is sealed by the models' own `sealed` properties, with the keyring that
  `youthvoice.db.new_session` installs (rows with sealed text go through the ORM; its before-flush hook seals
  them under the owner's data key, created with `Keyring.key_for(..., create=True)`);
* plain rows are inserted in bulk (SQLAlchemy Core `insert(...)` with many parameter sets), with the models'
  own defaults filled in.

The data is shaped like a real municipality: each young person has 1 to 19 meetings (10 on average), one or two
professionals (10 to 30 young people per professional), preparation answers, points, wishes and decisions with
receipts (some overdue), shares of every kind, notifications, a hash-chained audit log, and a youth council with
a current and a past term, causes in every status, supports, comments and a counted vote. Per-person amounts
vary on purpose, so "queries per request" is measured for light and heavy users alike.
"""

from __future__ import annotations

import random
import secrets
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask import Flask
from flask.json.tag import TaggedJSONSerializer
from pydantic_core import PydanticUndefined
from sqlalchemy import insert, text
from sqlmodel import Session, SQLModel

from youthvoice.core.db import new_session
from youthvoice.council.models import (
    Ballot,
    Cause,
    CauseRevision,
    CauseStatus,
    CauseUpdate,
    Comment,
    Council,
    CouncilMembership,
    RoundEntry,
    Support,
    Term,
    UpdateKind,
    VotingRound,
)
from youthvoice.identity.models import AccountStatus, Link, LoginSession, Municipality, Passkey, Role, User
from youthvoice.identity.sessions import hash_session_id
from youthvoice.meetings import preparation
from youthvoice.meetings.models import (
    Decision,
    DecisionRevision,
    FollowUp,
    LastVisit,
    Meeting,
    MeetingDecision,
    MeetingParticipant,
    MeetingPoint,
    NextStep,
    PreparationAnswer,
    ReceiptEntry,
)
from youthvoice.notify.models import Notification
from youthvoice.privacy import audit
from youthvoice.privacy.audit import GENESIS
from youthvoice.privacy.models import AuditEvent
from youthvoice.sharing.models import Share
from youthvoice.support.models import UrgentMessage

BATCH = 5000  # objects per flush / rows per bulk insert
PARENTS_FIRST = (Meeting, PreparationAnswer, MeetingPoint, FollowUp, Decision, DecisionRevision, MeetingDecision,
                 ReceiptEntry, NextStep, UrgentMessage)


@dataclass(frozen=True)
class Sizes:
    young: int
    professionals: int
    meetings: int
    causes: int
    supports: int
    members: int
    comments: int

    def scaled(self, factor: float) -> Sizes:
        young = max(20, int(self.young * factor))
        causes = max(5, int(self.causes * factor))
        members = min(young, max(50, int(self.members * factor)))
        return Sizes(young=young, professionals=max(2, int(self.professionals * factor)),
                     meetings=max(young, int(self.meetings * factor)), causes=causes,
                     supports=min(int(self.supports * factor), causes * members * 2 // 3),
                     members=members, comments=int(self.comments * factor))


LARGE = Sizes(young=2000, professionals=100, meetings=20000, causes=300, supports=10000, members=200, comments=3000)
QUICK = Sizes(young=300, professionals=15, meetings=3000, causes=60, supports=1500, members=60, comments=400)


@dataclass
class Seeded:
    """What the benchmark needs to know about a seeded municipality."""

    sizes: Sizes
    municipality_id: int
    young_ids: list[uuid.UUID] = field(default_factory=list)  # active young people
    professional_ids: list[uuid.UUID] = field(default_factory=list)
    member_ids: list[uuid.UUID] = field(default_factory=list)  # active council members
    next_meeting: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)  # young person -> an upcoming meeting
    meetings_of: dict[uuid.UUID, int] = field(default_factory=dict)  # young person -> how many meetings
    young_of: dict[uuid.UUID, int] = field(default_factory=dict)  # professional -> how many young people
    rows: dict[str, int] = field(default_factory=dict)  # table -> rows written
    seconds: float = 0.0


PHRASES = (
    "Jeg er begyndt til håndbold igen, og det går godt.", "Det er svært at sove om natten.",
    "Jeg vil gerne blive boende, hvor jeg bor nu.", "Min kontaktperson lytter til mig.",
    "Jeg savner min lillebror.", "Skolen går bedre end sidste år.", "Jeg vil gerne have et fritidsjob.",
    "Nogle gange føler jeg, at ingen spørger mig.", "Jeg har fået en ny ven i klassen.",
    "Jeg vil tale om lommepenge.", "Hvornår kan jeg se min mor?", "Jeg vil gerne selv bestemme mit værelse.",
    "Det er dejligt, at Lene kommer til mødet.", "Jeg er bange for at skulle flytte igen.",
    "Jeg vil gerne starte på en uddannelse efter sommerferien.", "Kan jeg få et buskort?",
    "Jeg synes ikke, at det er fair.", "Jeg har brug for en pause midt i mødet.",
)
PLACES = ("Familieafdelingen, Køgevej 80", "Rådhuset, mødelokale 2", "Jobcenter Roskilde", "Ungdomsboligerne",
          "Café Korn", "Skolen, lokale 12", "Hjemme hos plejefamilien")
FIRST_NAMES = ("Sara", "Mads", "Amira", "Jonas", "Freja", "Noah", "Oliver", "Yasmin", "Lukas", "Nora", "Victor",
               "Alma", "Liva", "Noor", "Oscar", "Ida", "Karl", "Ella", "Malik", "Sofus", "Emil", "Clara", "William",
               "Asta", "Ahmad", "Maja", "Elias", "Zainab", "Aksel", "Josefine")
STAFF_TITLES = ("Sagsbehandler", "Kontaktperson", "Mentor", "Jobcenter-rådgiver", "Familiebehandler")
TEXT_KEYS = tuple(preparation.QUESTIONS)


def _sentence(rng: random.Random, low: int = 1, high: int = 4) -> str:
    return " ".join(rng.choice(PHRASES) for _ in range(rng.randint(low, high)))


class _Writer:
    """Batched writes with a count of rows per table."""

    def __init__(self, db: Session) -> None:
        self.db = db
        self.rows: dict[str, int] = {}
        self._defaults: dict[type, list[tuple[str, Any, Any]]] = {}
        self._pending: list[SQLModel] = []

    def _count(self, model: type, n: int) -> None:
        name = model.__tablename__  # type: ignore[attr-defined]
        self.rows[name] = self.rows.get(name, 0) + n

    def plain(self, model: type, rows: list[dict[str, Any]]) -> None:
        """Bulk-insert rows of a table without sealed text, filling in the model's defaults."""
        if not rows:
            return
        if model not in self._defaults:
            self._defaults[model] = [(name, info.default, info.default_factory)
                                     for name, info in model.model_fields.items()]  # type: ignore[attr-defined]
        defaults = self._defaults[model]
        for row in rows:
            for name, default, factory in defaults:
                if name not in row:
                    if factory is not None:
                        row[name] = factory()
                    elif default is not PydanticUndefined:
                        row[name] = default
        table = model.__table__  # type: ignore[attr-defined]
        for start in range(0, len(rows), BATCH):
            self.db.execute(insert(table), rows[start:start + BATCH])
        self._count(model, len(rows))

    def sealed(self, obj: SQLModel) -> None:
        """An ORM object with sealed text: sealed by the model's hook when the batch is flushed."""
        self._pending.append(obj)
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        by_class: dict[type, list[SQLModel]] = {}
        for obj in self._pending:
            by_class.setdefault(type(obj), []).append(obj)
        # parents before children (the models have no ORM relationships to order the inserts by)
        for model, objects in sorted(by_class.items(), key=lambda item: PARENTS_FIRST.index(item[0])):
            self._count(model, len(objects))
            self.db.add_all(objects)
            self.db.flush()
        self.db.expunge_all()  # keep the identity map small; the keyring keeps its unwrapped keys
        self._pending = []

    def commit(self) -> None:
        self.flush()
        self.db.commit()


def _spread(total: int, people: int, rng: random.Random, low: int = 1, high: int = 19) -> list[int]:
    """`total` split over `people`, each between low and high-ish, varied (so light and heavy users exist)."""
    raw = [rng.randint(low, high) for _ in range(people)]
    scale = total / sum(raw)
    counts = [max(1, int(r * scale)) for r in raw]
    i = 0
    while sum(counts) < total:
        counts[i % people] += 1
        i += 1
    while sum(counts) > total:
        if counts[i % people] > 1:
            counts[i % people] -= 1
        i += 1
    return counts


def seed_municipality(app: Flask, sizes: Sizes, *, name: str, rng_seed: int = 7) -> Seeded:
    """Write one municipality of the given size; returns ids the benchmark needs."""
    started = time.perf_counter()
    rng = random.Random(rng_seed)
    now = datetime.now(UTC).replace(microsecond=0)
    today = now.date()
    db = new_session(app)
    w = _Writer(db)
    try:
        municipality = Municipality(slug=f"bench-{secrets.token_hex(4)}", name=name)
        db.add(municipality)
        db.flush()
        mid = municipality.id or 0
        out = Seeded(sizes=sizes, municipality_id=mid)

        # --- people ----------------------------------------------------------------------------------
        def user_row(role: Role, display: str, **extra: Any) -> dict[str, Any]:
            return {"id": uuid.uuid4(), "municipality_id": mid, "role": role, "display_name": display,
                    "pseudonym": "youthvoice-" + secrets.token_hex(8), "webauthn_user_handle": secrets.token_bytes(32),
                    "created_at": now - timedelta(days=rng.randint(30, 900)), **extra}

        pros = [user_row(Role.PROFESSIONAL, f"{rng.choice(FIRST_NAMES)} {chr(65 + p % 26)}. (pro {p})",
                         title=STAFF_TITLES[p % len(STAFF_TITLES)], status=AccountStatus.ACTIVE, activated_at=now,
                         is_coordinator=p == 0)
                for p in range(sizes.professionals)]
        member_every = max(1, sizes.young // sizes.members)
        young = []
        members_so_far = 0
        for i in range(sizes.young):
            status = AccountStatus.ACTIVE
            if i % 40 == 39:
                status = AccountStatus.PENDING
            elif i % 97 == 96:
                status = AccountStatus.DEACTIVATED
            member = i % member_every == 0 and status == AccountStatus.ACTIVE and members_so_far < sizes.members
            members_so_far += member
            young.append(user_row(
                Role.YOUNG_PERSON, f"{rng.choice(FIRST_NAMES)} {i}", status=status,
                birth_date=today - timedelta(days=rng.randint(int(14.5 * 365), int(22.9 * 365))),
                is_council_member=member, activated_at=now if status == AccountStatus.ACTIVE else None))
        w.plain(User, pros + young)
        admin = user_row(Role.ADMIN, "Admin", status=AccountStatus.ACTIVE, activated_at=now)
        w.plain(User, [admin])
        pro_ids = [p["id"] for p in pros]
        active_young = [y for y in young if y["status"] == AccountStatus.ACTIVE]
        out.professional_ids = pro_ids
        out.young_ids = [y["id"] for y in active_young]
        out.member_ids = [y["id"] for y in active_young if y["is_council_member"]]
        w.plain(Passkey, [{"user_id": u["id"], "credential_id": secrets.token_bytes(32),
                           "public_key": secrets.token_bytes(77), "name": "Phone",
                           "created_at": u["created_at"]}
                          for u in pros + young + [admin] if u["status"] == AccountStatus.ACTIVE])

        # Links: one professional per young person (10 to 30 young people each), a second one for a quarter.
        weights = [0.5 + (p % 5) / 4 for p in range(sizes.professionals)]
        primary: dict[uuid.UUID, uuid.UUID] = {}
        second: dict[uuid.UUID, uuid.UUID] = {}
        links = []
        for i, y in enumerate(young):
            p = rng.choices(range(sizes.professionals), weights)[0]
            primary[y["id"]] = pro_ids[p]
            links.append({"municipality_id": mid, "young_person_id": y["id"], "other_id": pro_ids[p]})
            if i % 4 == 0 and sizes.professionals > 1:
                q = (p + 1 + rng.randrange(sizes.professionals - 1)) % sizes.professionals
                second[y["id"]] = pro_ids[q]
                links.append({"municipality_id": mid, "young_person_id": y["id"], "other_id": pro_ids[q]})
        w.plain(Link, links)
        for link in links:
            out.young_of[link["other_id"]] = out.young_of.get(link["other_id"], 0) + 1
        w.commit()

        # Data keys, through the keyring (wrapped by the current master key).
        keyring = db.info["keyring"]
        for y in young:
            keyring.key_for(y["id"], create=True)
        w.commit()

        # --- meetings and everything in them ---------------------------------------------------------------
        counts = _spread(sizes.meetings, len(young), rng)
        shares, participants, visits = [], [], []
        decision_links: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID, bool]] = []  # (owner, meeting, pro, past)
        for y, n in zip(young, counts, strict=True):
            owner = y["id"]
            out.meetings_of[owner] = n
            upcoming = min(n, 1 + rng.randrange(3))
            past = n - upcoming
            for j in range(n):
                if j < past:
                    starts = now - timedelta(days=5 + (j + 1) * 360 // max(past, 1), hours=rng.randint(0, 6))
                else:
                    starts = now + timedelta(days=1 + (j - past) * 12 + rng.randint(0, 9), hours=rng.randint(0, 6))
                pro = primary[owner]
                meeting = Meeting(municipality_id=mid, owner_id=owner, created_by_id=owner,
                                  kind=rng.choice(("child_conversation", "plan", "network", "transition", "other")),
                                  starts_at=starts, created_at=starts - timedelta(days=20), updated_at=starts)
                meeting.place = rng.choice(PLACES)
                if rng.random() < 0.3:
                    meeting.others = "min moster Lise\nmin træner"
                prepared = starts < now or rng.random() < 0.7
                if prepared:
                    meeting.mood = rng.randint(1, 5)
                    meeting.prepared_at = starts - timedelta(days=2)
                w.sealed(meeting)
                if starts > now and owner not in out.next_meeting:
                    out.next_meeting[owner] = meeting.id
                if prepared:
                    for key in rng.sample(TEXT_KEYS, rng.randint(2, 6)):
                        answer = PreparationAnswer(owner_id=owner, meeting_id=meeting.id, question=key,
                                                   updated_at=starts - timedelta(days=2))
                        answer.text = _sentence(rng)
                        w.sealed(answer)
                    for position in range(rng.randint(0, 3)):
                        point = MeetingPoint(owner_id=owner, meeting_id=meeting.id, position=position,
                                             discussed_at=starts if starts < now and position == 0 else None)
                        point.text = rng.choice(PHRASES)
                        w.sealed(point)
                if starts < now and rng.random() < 0.6:
                    follow = FollowUp(meeting_id=meeting.id, owner_id=owner, heard=rng.randint(1, 5),
                                      who_decided=rng.randint(1, 5), updated_at=starts + timedelta(days=1))
                    if rng.random() < 0.5:
                        follow.decided = _sentence(rng, 1, 2)
                    w.sealed(follow)
                roll = rng.random()
                if roll < 0.75:
                    parts = "basics,preparation,decisions,after"
                elif roll < 0.9:
                    parts = "basics"
                else:
                    parts = ""
                if parts:
                    shares.append({"municipality_id": mid, "owner_id": owner, "grantee_id": pro, "scope": "meeting",
                                   "meeting_id": meeting.id, "parts": parts,
                                   "created_at": starts - timedelta(days=3)})
                    if rng.random() < 0.5:
                        visits.append({"user_id": pro, "meeting_id": meeting.id,
                                       "seen_at": starts - timedelta(days=rng.randint(-2, 10))})
                if rng.random() < 0.8:
                    participants.append({"meeting_id": meeting.id, "user_id": pro})
                if owner in second and rng.random() < 0.3:
                    shares.append({"municipality_id": mid, "owner_id": owner, "grantee_id": second[owner],
                                   "scope": "meeting", "meeting_id": meeting.id, "parts": "basics,decisions",
                                   "created_at": starts - timedelta(days=3)})
                if "decisions" in parts:
                    decision_links.append((owner, meeting.id, pro, starts < now))
        w.commit()
        w.plain(Share, shares)
        w.plain(MeetingParticipant, participants)
        w.plain(LastVisit, visits)
        w.commit()

        # Wishes and decisions, brought to meetings, with receipts (answered, accepted, contested, overdue).
        by_owner: dict[uuid.UUID, list[tuple[uuid.UUID, bool]]] = {}
        for owner, meeting_id, _pro, past in decision_links:
            by_owner.setdefault(owner, []).append((meeting_id, past))
        for y in young:
            owner = y["id"]
            for k in range(rng.randint(1, 5)):
                decision = Decision(municipality_id=mid, owner_id=owner,
                                    status=rng.choice(("wish", "decision", "agreed", "done")),
                                    created_at=now - timedelta(days=300 - k))
                decision.text = rng.choice(PHRASES)
                w.sealed(decision)
                revision = DecisionRevision(owner_id=owner, decision_id=decision.id, status=decision.status,
                                            at=decision.created_at)
                revision.text = decision.text
                w.sealed(revision)
                for meeting_id, past in rng.sample(by_owner.get(owner, []), min(2, len(by_owner.get(owner, [])))):
                    link = MeetingDecision(owner_id=owner, meeting_id=meeting_id, decision_id=decision.id)
                    if past:
                        link.outcome = rng.choice(("mine", "agreed_together", "decided_by_others"))
                    entries = []
                    if past and rng.random() < 0.7:
                        link.receipt_answer = rng.choice(("followed", "partly", "not_followed"))
                        link.receipt_by_id = primary[owner]
                        link.receipt_at = now - timedelta(days=rng.randint(1, 200))
                        answer = ReceiptEntry(owner_id=owner, meeting_id=meeting_id, item_id=link.id, kind="answer",
                                              author_id=primary[owner], author_name="", answer=link.receipt_answer,
                                              created_at=link.receipt_at)
                        answer.text = _sentence(rng, 1, 2)
                        entries.append(answer)
                        if rng.random() < 0.2:
                            disagreed = ReceiptEntry(owner_id=owner, meeting_id=meeting_id, item_id=link.id,
                                                     kind="disagreed", author_id=owner, author_name="",
                                                     position=2, created_at=link.receipt_at)
                            disagreed.text = rng.choice(PHRASES)
                            entries.append(disagreed)
                    w.sealed(link)
                    for entry in entries:
                        w.sealed(entry)
            for k in range(rng.randint(0, 3)):
                step = NextStep(owner_id=owner, meeting_id=by_owner[owner][0][0] if by_owner.get(owner) else None,
                                due=today + timedelta(days=rng.randint(-5, 30)) if k else None)
                if step.meeting_id is None:
                    continue
                step.what = rng.choice(PHRASES)
                step.who = rng.choice(("Lene", "mig", "min kontaktperson"))
                w.sealed(step)
            if rng.random() < 0.05:
                urgent = UrgentMessage(municipality_id=mid, owner_id=owner, professional_id=primary[owner],
                                       created_at=now - timedelta(hours=rng.randint(1, 48)))
                urgent.text = rng.choice(PHRASES)
                w.sealed(urgent)
        w.commit()

        # Notifications (no content), some read.
        notes = []
        for y in young:
            for _ in range(rng.randint(0, 8)):
                notes.append({"user_id": y["id"], "kind": rng.choice(("meeting_created", "response", "receipt")),
                              "link": "/meetings/", "about_id": y["id"],
                              "created_at": now - timedelta(days=rng.randint(0, 200)),
                              "read_at": now if rng.random() < 0.7 else None})
        for p in pros:
            for _ in range(rng.randint(5, 30)):
                notes.append({"user_id": p["id"], "kind": "meeting_shared", "link": "/people/",
                              "created_at": now - timedelta(days=rng.randint(0, 200)),
                              "read_at": now if rng.random() < 0.8 else None})
        w.plain(Notification, notes)

        # --- the youth council ----------------------------------------------------------------------------
        _seed_council(w, rng, mid, now, today, pros[0]["id"], out.member_ids or [young[0]["id"]], sizes)
        w.commit()

        # --- the audit log: a valid hash chain continuing the existing one ----------------------------------
        last = db.execute(text("SELECT id, hash, seq FROM auditevent ORDER BY id DESC LIMIT 1")).first()
        next_id, previous, seq = (last[0] + 1, last[1], last[2]) if last else (1, GENESIS, 0)
        keys = audit.settings_of(db).keys
        events = []
        subjects = [(u["id"], u["id"]) for u in pros + young]
        views = [(share["grantee_id"], share["owner_id"], share["meeting_id"]) for share in shares[: sizes.meetings]]
        moment = now - timedelta(days=365)
        step = timedelta(seconds=max(1, int(365 * 86400 / (len(subjects) * 2 + len(views) + 1))))
        plan = [(actor, subject, "login", "", "") for actor, subject in subjects]
        plan += [(actor, subject, "passkey_added", "passkey", "") for actor, subject in subjects]
        plan += [(actor, subject, "view", "meeting", str(meeting)) for actor, subject, meeting in views]
        rng.shuffle(plan)
        for actor, subject, action, object_type, object_id in plan:
            moment += step
            event = AuditEvent(id=next_id, at=moment, municipality_id=mid, actor_id=actor, subject_id=subject,
                               action=action, object_type=object_type, object_id=object_id)
            audit.link(event, prev_hash=previous, prev_seq=seq, keys=keys)
            events.append({"id": next_id, "at": moment, "municipality_id": mid, "actor_id": actor,
                           "subject_id": subject, "action": action, "object_type": object_type,
                           "object_id": object_id, "seq": event.seq, "key_id": event.key_id,
                           "prev_hash": previous, "hash": event.hash})
            previous, seq = event.hash, event.seq
            next_id += 1
        w.plain(AuditEvent, events)
        if db.get_bind().dialect.name == "postgresql":
            db.execute(text("SELECT setval(pg_get_serial_sequence('auditevent', 'id'), "
                            "(SELECT max(id) FROM auditevent))"))
        w.commit()
        out.rows = w.rows
    finally:
        db.close()
    out.seconds = time.perf_counter() - started
    return out


def _seed_council(w: _Writer, rng: random.Random, mid: int, now: datetime, today: date, coordinator: uuid.UUID,
                  members: list[uuid.UUID], sizes: Sizes) -> None:
    council_id = uuid.uuid4()
    w.plain(Council, [{"id": council_id, "municipality_id": mid, "name": "Bench Ungebyråd", "public_page": True}])
    w.plain(CouncilMembership, [{"municipality_id": mid, "council_id": council_id, "user_id": member,
                                 "show_name_publicly": rng.random() < 0.5,
                                 "joined_at": now - timedelta(days=400)} for member in members])
    current_id, past_id = uuid.uuid4(), uuid.uuid4()
    start = today - timedelta(days=150)
    w.plain(Term, [
        {"id": current_id, "municipality_id": mid, "council_id": council_id, "name": "Dette år",
         "starts_on": start, "ends_on": start + timedelta(days=364)},
        {"id": past_id, "municipality_id": mid, "council_id": council_id, "name": "Sidste år",
         "starts_on": start - timedelta(days=365), "ends_on": start - timedelta(days=1)},
    ])
    s = CauseStatus
    follow = (s.CHOSEN, s.IN_PROGRESS, s.PRESENTED, s.ANSWERED, s.ACHIEVED, s.NOT_ACHIEVED)
    categories = ("school", "leisure", "climate", "transport", "health", "jobs", "safety", "democracy", "other")

    def cause_row(term_id: uuid.UUID, n: int, status: str, shared_days_ago: int) -> dict[str, Any]:
        shared = now - timedelta(days=shared_days_ago)
        return {"id": uuid.uuid4(), "municipality_id": mid, "term_id": term_id, "author_id": rng.choice(members),
                "status": status, "category": rng.choice(categories),
                "title": f"Forslag {n}: " + rng.choice(PHRASES)[:80], "change": _sentence(rng, 2, 4),
                "why": _sentence(rng, 2, 5),
                "who": rng.choice(("", "Alle unge i kommunen.", "Elever i 7.-10. klasse.")),
                "answer_due_on": today + timedelta(days=rng.randint(-30, 30)) if status in (s.PRESENTED,) else None,
                "created_at": shared - timedelta(days=1), "submitted_at": shared,
                "last_activity_at": shared + timedelta(days=rng.randint(0, 10))}

    causes = []
    for n in range(sizes.causes):
        roll = n % 10
        status = (s.SUBMITTED if roll < 4 else s.DISCUSSING if roll < 6 else s.NOT_CHOSEN if roll < 8
                  else follow[n % len(follow)])
        causes.append(cause_row(current_id, n, status, rng.randint(1, 140)))
    past = [cause_row(past_id, n, rng.choice((s.NOT_CHOSEN, s.ACHIEVED, s.NOT_ACHIEVED)), rng.randint(200, 500))
            for n in range(max(3, sizes.causes // 10))]
    drafts = [{**cause_row(current_id, n, s.DRAFT, 1), "submitted_at": None} for n in range(max(2, sizes.causes // 15))]
    w.plain(Cause, causes + past + drafts)
    w.plain(CauseRevision, [{"municipality_id": mid, "cause_id": c["id"], "editor_id": c["author_id"],
                             "title": c["title"], "change": c["change"], "why": c["why"], "who": c["who"],
                             "category": c["category"], "created_at": c["submitted_at"]} for c in causes + past])
    # Supports: unique (cause, member) pairs, popular causes getting more.
    pairs: set[tuple[int, int]] = set()
    weights = [1 + (n % 7) ** 2 for n in range(len(causes))]
    while len(pairs) < sizes.supports:
        pairs.add((rng.choices(range(len(causes)), weights)[0], rng.randrange(len(members))))
    w.plain(Support, [{"municipality_id": mid, "cause_id": causes[c]["id"], "member_id": members[m],
                       "created_at": causes[c]["submitted_at"] + timedelta(days=1)} for c, m in sorted(pairs)])
    comments = []
    for n in range(sizes.comments):
        cause = rng.choice(causes)
        hidden = n % 50 == 49
        parent = comments[-1]["id"] if comments and n % 4 == 3 and comments[-1]["cause_id"] == cause["id"] else None
        comments.append({"id": uuid.uuid4(), "municipality_id": mid, "cause_id": cause["id"],
                         "author_id": rng.choice(members), "parent_id": parent, "text": _sentence(rng, 1, 3),
                         "created_at": cause["submitted_at"] + timedelta(hours=n % 200),
                         "hidden_at": now if hidden else None, "hidden_by_id": coordinator if hidden else None,
                         "hidden_reason": "Vi skriver ikke navne." if hidden else None})
    w.plain(Comment, comments)
    # A counted vote of the current term.
    round_id = uuid.uuid4()
    first_day = now - timedelta(days=100)
    w.plain(VotingRound, [{"id": round_id, "municipality_id": mid, "term_id": current_id, "created_by_id": coordinator,
                           "starts_at": first_day, "ends_at": first_day + timedelta(days=7), "votes_per_member": 5,
                           "choose_count": 6, "settled_at": first_day + timedelta(days=7, hours=8)}])
    on_ballot = [c for c in causes if c["status"] in (s.NOT_CHOSEN, *follow)]
    w.plain(RoundEntry, [{"municipality_id": mid, "round_id": round_id, "cause_id": c["id"],
                          "votes": rng.randint(0, 40), "chosen": c["status"] != s.NOT_CHOSEN} for c in on_ballot])
    w.plain(Ballot, [{"municipality_id": mid, "round_id": round_id, "voter_id": member,
                      "cast_at": first_day + timedelta(days=2)} for member in members[: len(members) * 3 // 4]])
    updates = []
    for c in causes:
        if c["status"] in follow:
            for k in range(3):
                updates.append({"municipality_id": mid, "cause_id": c["id"], "author_id": coordinator,
                                "kind": (UpdateKind.STATUS, UpdateKind.MEETING, UpdateKind.NOTE)[k],
                                "status": c["status"] if k == 0 else None, "text": _sentence(rng, 1, 2),
                                "happened_on": today - timedelta(days=90 - 20 * k)})
    w.plain(CauseUpdate, updates)


# --- log-ins without passkeys ---------------------------------------------------------------------------


def login_sessions(app: Flask, user_ids: Iterable[uuid.UUID], *, staff: bool) -> dict[uuid.UUID, str]:
    """Insert a live server-side session per person (as tests/support/people.py `login_as` does); returns raw ids.

    The session data holds a CSRF token, as a real session does after its first page, so pages do not write
    a new token on first view.
    """
    serializer = TaggedJSONSerializer()
    now = datetime.now(UTC)
    raw_ids: dict[uuid.UUID, str] = {}
    rows = []
    for user_id in user_ids:
        raw = secrets.token_urlsafe(32)
        raw_ids[user_id] = raw
        data = serializer.dumps({"_user_id": str(user_id), "_fresh": True, "csrf_token": secrets.token_hex(20)})
        rows.append({"id": hash_session_id(raw), "user_id": user_id, "data": data, "created_at": now,
                     "last_seen_at": now, "idle_minutes": 15 if staff else 30,
                     "expires_at": now + timedelta(hours=8 if staff else 12), "user_agent": "bench"})
    with new_session(app) as db:
        for start in range(0, len(rows), BATCH):
            db.execute(insert(LoginSession.__table__), rows[start:start + BATCH])  # type: ignore[attr-defined]
        db.commit()
    return raw_ids
