"""Municipalities, people, their links and log-ins, and invites, made the way the app makes them."""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.json.tag import TaggedJSONSerializer
from flask.testing import FlaskClient
from sqlmodel import Session

from youthvoice.core.db import new_session
from youthvoice.core.model import utcnow
from youthvoice.identity import accounts, recovery
from youthvoice.identity.models import AccountStatus, InviteKind, LoginSession, Municipality, Role, User
from youthvoice.identity.sessions import hash_session_id


def make_municipality(db: Session, name: str = "Roskilde") -> Municipality:
    """A municipality with a unique slug, committed."""
    db.commit()  # end any open snapshot (keeping pending work): on SQLite a stale read transaction cannot write
    municipality = Municipality(slug=f"{name.lower()}-{uuid.uuid4().hex[:6]}", name=name)
    db.add(municipality)
    db.commit()
    return municipality


def make_person(db: Session, municipality: Municipality, role: Role = Role.YOUNG_PERSON, *,
                name: str | None = None, status: AccountStatus = AccountStatus.ACTIVE, **fields: Any) -> User:
    """A person made by the app's own `create_person` (with their data key), committed."""
    db.commit()  # see make_municipality
    person = accounts.create_person(db, municipality_id=municipality.id or 0, role=role,
                                    display_name=name or f"{role.value}-{uuid.uuid4().hex[:4]}", status=status,
                                    **fields)
    db.commit()
    return person


def link(db: Session, young: User, other: User) -> None:
    """Link a young person with a professional or bisidder of theirs."""
    accounts.link(db, young_person=young, other=other)
    db.commit()


def login_as(app: Flask, client: FlaskClient, person: User) -> str:
    """Log a test client in through a real server-side session row; returns the raw session id."""
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    data = TaggedJSONSerializer().dumps({"_user_id": str(person.id), "_fresh": True})
    with new_session(app) as session:
        session.add(LoginSession(id=hash_session_id(raw), user_id=person.id, data=data, created_at=now,
                                 last_seen_at=now, idle_minutes=30, expires_at=now + timedelta(hours=12)))
        session.commit()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], raw, domain="localhost")
    return raw


def issue_invite(app: Flask, person: User, created_by: User, *, kind: str = "account",
                 lifetime: timedelta = timedelta(days=7)) -> str:
    """Issue an invite as `created_by` and return the raw token from the link."""
    with new_session(app) as session:
        invited = session.get(User, person.id)
        issued = accounts.issue_invite(session, person=invited, created_by=session.get(User, created_by.id),
                                       kind=InviteKind(kind), lifetime=lifetime)
        recovery.after_issue(session, invite=issued.invite, person=invited)  # as recovery.issue_link does
        session.commit()
    return issued.token


def saras_circle(db: Session, *, with_bisidder: bool = True) -> dict[str, User]:
    """Sara and the people around her, for the access and leak tests: Lene, Peter and Mette are linked with her
    (what each may see is the builder's to share), Ali works in the same municipality with Mads but not with
    Sara, Henrik is Roskilde's admin, Sofie and Emil are in another municipality, and Hanne (with_bisidder) is
    Mads's bisidder, not Sara's."""
    roskilde, ballerup = make_municipality(db, "Roskilde"), make_municipality(db, "Ballerup")
    people = {
        "sara": make_person(db, roskilde, name="Sara"),
        "mads": make_person(db, roskilde, name="Mads"),
        "lene": make_person(db, roskilde, Role.PROFESSIONAL, name="Lene Holm"),
        "peter": make_person(db, roskilde, Role.PROFESSIONAL, name="Peter Sørensen"),
        "mette": make_person(db, roskilde, Role.PROFESSIONAL, name="Mette Larsen"),
        "ali": make_person(db, roskilde, Role.PROFESSIONAL, name="Ali Demir"),
        "henrik": make_person(db, roskilde, Role.ADMIN, name="Henrik Madsen"),
        "sofie": make_person(db, ballerup, Role.PROFESSIONAL, name="Sofie Berg"),
        "emil": make_person(db, ballerup, name="Emil"),
    }
    if with_bisidder:
        people["hanne"] = make_person(db, roskilde, Role.BISIDDER, name="Hanne Kjær")
    for pro in ("lene", "peter", "mette"):
        link(db, people["sara"], people[pro])
    link(db, people["mads"], people["ali"])
    if with_bisidder:
        link(db, people["mads"], people["hanne"])
    link(db, people["emil"], people["sofie"])
    return people
