"""A youth council to test with: Roskilde's (members, coordinator, outsiders) and Ballerup's next door."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session

from support.people import login_as, make_municipality, make_person
from youthvoice.core import danish_calendar
from youthvoice.council import causes as council_causes
from youthvoice.council import rules as council
from youthvoice.council.models import Cause, CauseStatus, Council, Term
from youthvoice.identity.models import Municipality, Role, User


@dataclass
class Town:
    roskilde: Municipality
    ballerup: Municipality
    people: dict[str, User]
    council: Council
    term: Term
    other_council: Council

    def __getitem__(self, key: str) -> User:
        return self.people[key]


def today() -> date:
    return danish_calendar.local_today()


def build_town(db: Session) -> Town:
    roskilde, ballerup = make_municipality(db, "Roskilde"), make_municipality(db, "Ballerup")
    member = {"is_council_member": True}
    people = {
        "amira": make_person(db, roskilde, name="Amira Hansen", **member),
        "freja": make_person(db, roskilde, name="Freja Nielsen", **member),
        "oliver": make_person(db, roskilde, name="Oliver Berg", **member),
        "karina": make_person(db, roskilde, Role.PROFESSIONAL, name="Karina Olsen", is_coordinator=True),
        "sara": make_person(db, roskilde, name="Sara"),  # a young person, not on the council
        "lene": make_person(db, roskilde, Role.PROFESSIONAL, name="Lene Holm"),  # not a coordinator
        "henrik": make_person(db, roskilde, Role.ADMIN, name="Henrik Madsen"),
        "bisidder": make_person(db, roskilde, Role.BISIDDER, name="Birte Bisidder"),
        "emil": make_person(db, ballerup, name="Emil", **member),
        "sofie": make_person(db, ballerup, Role.PROFESSIONAL, name="Sofie Berg", is_coordinator=True),
    }
    start, end = today() - timedelta(days=60), today() + timedelta(days=300)
    home = council.create_council(db, actor=people["karina"], name="Roskilde Ungebyråd", term_name="2026/27",
                                  starts_on=start, ends_on=end)
    other = council.create_council(db, actor=people["sofie"], name="Ballerup Ungeråd", term_name="2026/27",
                                   starts_on=start, ends_on=end)
    db.commit()
    term = council.current_term(db, home, today())
    assert term is not None
    return Town(roskilde, ballerup, people, home, term, other)


def propose(db: Session, town: Town, author: str = "amira", *, title: str = "Gratis bus",
            change: str = "Gratis bus for unge", why: str = "Det er for dyrt", submit: bool = True,
            term: Term | None = None, **fields: Any) -> Cause:
    """A proposal written and (by default) shared by a member, committed."""
    cause = council_causes.start_draft(db, actor=town[author], term=term or town.term, today=today(),
                                       fields={"title": title, "change": change, "why": why, **fields})
    if submit:
        council_causes.submit(db, actor=town[author], cause=cause, today=today())
    db.commit()
    return cause


def choose(db: Session, cause: Cause) -> Cause:
    """Make a proposal one of the term's mærkesager (as a counted vote would)."""
    cause.status = CauseStatus.CHOSEN
    db.add(cause)
    db.commit()
    return cause


def client_for(app: Flask, person: User) -> FlaskClient:
    browser = app.test_client()
    login_as(app, browser, person)
    return browser
