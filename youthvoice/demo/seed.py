"""Demo data: a municipality with realistic Danish personas, and a neighbour to show the wall between them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import Flask
from sqlmodel import Session, col, delete, select

from youthvoice.core.danish_calendar import local_today
from youthvoice.core.db import session_scope
from youthvoice.council import panel
from youthvoice.council.models import PanelSubmission
from youthvoice.demo.council import delete_council, seed_council
from youthvoice.demo.evidence import seed_evidence
from youthvoice.demo.groups import delete_groups, seed_groups
from youthvoice.demo.hometies import delete_home_news, seed_home_ties
from youthvoice.demo.meetings import BACKGROUND, seed_background, seed_meetings
from youthvoice.demo.network import seed_network
from youthvoice.identity import accounts
from youthvoice.identity.models import AccountStatus, Municipality, Role, User

DEMO_SLUG = "demo-roskilde"
NEIGHBOUR_SLUG = "demo-ballerup"


@dataclass(frozen=True)
class Persona:
    key: str
    name: str
    role: Role
    title: str | None = None
    age_days: int | None = None  # young people: age in days today
    coordinator: bool = False
    council_member: bool = False
    pending: bool = False


YEAR = 365.25
PERSONAS = (
    Persona("sara", "Sara", Role.YOUNG_PERSON, age_days=int(16.4 * YEAR)),
    Persona("mads", "Mads", Role.YOUNG_PERSON, age_days=int(17.7 * YEAR)),
    Persona("amira", "Amira", Role.YOUNG_PERSON, age_days=int(15.3 * YEAR), council_member=True),
    Persona("jonas", "Jonas", Role.YOUNG_PERSON, age_days=int(22.7 * YEAR)),
    Persona("freja", "Freja", Role.YOUNG_PERSON, age_days=int(17.8 * YEAR), council_member=True),
    Persona("noah", "Noah", Role.YOUNG_PERSON, age_days=int(15.8 * YEAR), pending=True),
    # Youth council members who have no case of their own here.
    Persona("oliver", "Oliver", Role.YOUNG_PERSON, age_days=int(16.9 * YEAR), council_member=True),
    Persona("yasmin", "Yasmin", Role.YOUNG_PERSON, age_days=int(15.6 * YEAR), council_member=True),
    Persona("lukas", "Lukas", Role.YOUNG_PERSON, age_days=int(18.2 * YEAR), council_member=True),
    Persona("nora", "Nora", Role.YOUNG_PERSON, age_days=int(15.4 * YEAR), council_member=True),
    Persona("victor", "Victor", Role.YOUNG_PERSON, age_days=int(17.4 * YEAR), council_member=True),
    Persona("alma", "Alma", Role.YOUNG_PERSON, age_days=int(16.1 * YEAR), council_member=True),
    Persona("lene", "Lene Holm", Role.PROFESSIONAL, title="Sagsbehandler"),
    Persona("peter", "Peter Sørensen", Role.PROFESSIONAL, title="Kontaktperson"),
    Persona("mette", "Mette Larsen", Role.PROFESSIONAL, title="Mentor"),
    Persona("ali", "Ali Demir", Role.PROFESSIONAL, title="Jobcenter-rådgiver"),
    Persona("karina", "Karina Olsen", Role.PROFESSIONAL, title="Ungebyrådskoordinator", coordinator=True),
    Persona("henrik", "Henrik Madsen", Role.ADMIN, title="Kommunal administrator"),
    Persona("eva", "Eva Lund", Role.PARTNER, title="Evaluator i partnerskabet"),
    Persona("hanne", "Hanne Kjær", Role.BISIDDER, title="Bisidder fra Børns Vilkår"),
    Persona("birgit", "Birgit Lund", Role.RESPONDENT, title="Formand for Teknik- og Miljøudvalget"),
    # Peer groups (issue 20.3): a volunteer facilitator (tovholder), and a young person not in care (a peer).
    Persona("maja", "Maja Holt", Role.FACILITATOR, title="Tovholder, Ungdommens Røde Kors"),
    Persona("nikolaj", "Nikolaj", Role.PEER, age_days=int(18.6 * YEAR)),
)
PROFILES = (
    ("lene", "Man-tors 9-11", "Jeg har været sagsbehandler i 12 år. Jeg kan godt lide at gå ture, også til møder."),
    ("ali", "Man-fre 10-12", "Jeg hjælper unge med job og uddannelse. Jeg taler dansk, arabisk og engelsk."),
)

# Ballerup's youth-council coordinator: Sara's home municipality's (issue 19.3); she can log in on the demo page.
HOME_COORDINATOR = Persona("rikke", "Rikke Friis", Role.PROFESSIONAL, title="Ungebyrådskoordinator, Ballerup",
                           coordinator=True)

LINKS = {
    "lene": ("sara", "mads", "jonas", "noah"),
    "peter": ("sara",),
    "mette": ("jonas", "mads"),
    "ali": ("jonas",),
    "hanne": ("sara",),
}


def seed_panel(db: Session, people: dict[str, User]) -> None:
    """The youth panel (issue 21.5): Amira and Sara on it, one open question Amira answered without her name, and
    one closed question with the summary and what the municipality did."""
    from datetime import timedelta


    today, karina = local_today(), people["karina"]
    for key in ("amira", "sara"):
        panel.add_member(db, actor=karina, young_person_id=people[key].id)
    done = panel.put_question(db, actor=karina, question="Hvordan vil I helst høre fra jeres sagsbehandler?",
                              background="Vi vil ændre, hvordan vi skriver til unge.",
                              closes_on=today + timedelta(days=1), today=today)
    panel.save_answer(db, person=people["sara"], consultation=done, text="En sms først, så et opkald.",
                      anonymous=True, today=today)
    done.closes_on = today - timedelta(days=14)
    panel.publish(db, actor=karina, consultation=done, today=today,
                  summary="De fleste vil have en kort sms først og et opkald bagefter. Ingen lange breve.",
                  outcome="Fra 1. januar skriver sagsbehandlerne en sms, før de ringer.")
    question = panel.put_question(db, actor=karina, question="Hvordan skal det første møde med en ny sagsbehandler gå?",
                                  background="Vi laver en ny måde at skifte sagsbehandler på. Hvad er vigtigt for jer?",
                                  closes_on=today + timedelta(days=10), today=today)
    panel.save_answer(db, person=people["amira"], consultation=question, anonymous=True, today=today,
                      text="At vi mødes et sted, jeg kender, og at hun har læst min sag før.")
    # A point a young person sent the panel without her name (issue 21.6): stored with no owner, as the app does.
    db.add(PanelSubmission(municipality_id=karina.municipality_id, received_on=today - timedelta(days=5),
                           text="Jeg får altid en ny sagsbehandler, lige når jeg har lært den gamle at kende.",
                           fingerprint="demo-sent-to-panel"))


def _municipality(db: Session, slug: str, name: str, *, replace: bool) -> Municipality:
    existing = db.exec(select(Municipality).where(Municipality.slug == slug)).first()
    if existing is not None and replace:
        delete_council(db, existing.id or 0)
        delete_home_news(db, existing.id or 0)
        delete_groups(db, existing.id or 0)
        db.exec(delete(User).where(col(User.municipality_id) == existing.id))
        db.flush()
        return existing
    if existing is not None:
        return existing
    municipality = Municipality(slug=slug, name=name)
    db.add(municipality)
    db.flush()
    return municipality


def _person(db: Session, municipality: Municipality, persona: Persona) -> User:
    birth = date.today() - timedelta(days=persona.age_days) if persona.age_days else None
    return accounts.create_person(
        db, municipality_id=municipality.id or 0, role=persona.role, display_name=persona.name,
        title=persona.title, birth_date=birth, is_coordinator=persona.coordinator,
        is_council_member=persona.council_member,
        status=AccountStatus.PENDING if persona.pending else AccountStatus.ACTIVE)


def seed_demo(app: Flask, *, only_if_empty: bool = False) -> str:
    """Create the demo municipalities. With `only_if_empty`, leave existing demo data alone."""
    with session_scope(app) as db:
        present = db.exec(select(Municipality).where(Municipality.slug == DEMO_SLUG)).first()
        if present is not None and only_if_empty:
            return "demo data already present"
        roskilde = _municipality(db, DEMO_SLUG, "Roskilde Kommune (demo)", replace=True)
        people = {p.key: _person(db, roskilde, p) for p in PERSONAS}
        for professional, young_keys in LINKS.items():
            for key in young_keys:
                accounts.link(db, young_person=people[key], other=people[professional])
        background = []
        for index, name in enumerate(BACKGROUND):
            age = 22.8 if name == "Sofus" else 15.5 + index * 0.8
            person = _person(db, roskilde, Persona(name.lower(), name, Role.YOUNG_PERSON, age_days=int(age * YEAR)))
            accounts.link(db, young_person=person, other=people["lene"])
            background.append(person)
        seed_meetings(db, people)
        seed_background(db, background)
        seed_evidence(db, background, people["lene"])
        roskilde.shares_evidence = True  # the demo's admin has let the partnership's evaluator (Eva) see the figures
        # The short profiles a young person sees of her professionals (issue 18.2); Lene leads the team.
        for key, hours, about in PROFILES:
            people[key].phone_hours, people[key].about = hours, about
        people["lene"].is_team_lead = True
        seed_council(db, roskilde.id or 0, people)
        seed_panel(db, people)
        seed_network(db, people, background)
        seed_groups(db, people)
        ballerup = _municipality(db, NEIGHBOUR_SLUG, "Ballerup Kommune (demo)", replace=True)
        other_young = _person(db, ballerup, Persona("emil", "Emil", Role.YOUNG_PERSON, age_days=int(16 * YEAR)))
        other_pro = _person(db, ballerup, Persona("sofie", "Sofie Berg", Role.PROFESSIONAL, title="Sagsbehandler"))
        accounts.link(db, young_person=other_young, other=other_pro)
        _person(db, ballerup, Persona("bo", "Bo Kristensen", Role.ADMIN, title="Kommunal administrator"))
        # Sara comes from Ballerup (issue 19.3): its youth-council coordinator posts news for its young people.
        rikke = _person(db, ballerup, HOME_COORDINATOR)
        seed_home_ties(db, sara=people["sara"], coordinator=rikke)
    return (f"demo data created: {len(PERSONAS)} personas and {len(BACKGROUND)} more young people in Roskilde, "
            "4 personas in Ballerup")
