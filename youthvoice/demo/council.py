"""Demo data for the youth council: a current term in the middle of its year and a finished past term.

Every state a proposal can be in is here: private drafts, shared and discussed proposals, a counted vote with
its result (and, in the past term, a vote too few members voted in, so it has none), and chosen mærkesager at
every step of their follow-through (one with an overdue answer), with timelines, supports and comments (one
hidden by the coordinator). Dates are relative to today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from sqlmodel import Session, col, delete

from youthvoice.core.danish_calendar import local_midnight
from youthvoice.council.models import (
    Ballot,
    Cause,
    CauseRevision,
    CauseStatus,
    CauseUpdate,
    Comment,
    CommentFlag,
    Committee,
    CommitteeRespondent,
    Consultation,
    ConsultationAnswer,
    Council,
    CouncilMembership,
    Milestone,
    PanelMember,
    PanelSubmission,
    RoundEntry,
    Support,
    Term,
    UpdateKind,
    VotingRound,
)
from youthvoice.identity.models import User
from youthvoice.notify import notifications

COUNCIL_TABLES = (Ballot, RoundEntry, VotingRound, CauseUpdate, CommentFlag, Comment, Support, CauseRevision,
                  Milestone, Cause, CommitteeRespondent, Committee, Term, CouncilMembership, Council,
                  ConsultationAnswer, Consultation, PanelMember, PanelSubmission)  # the youth panel
COMMITTEES = ("Børne- og Ungeudvalget", "Kultur- og Fritidsudvalget", "Skoleudvalget", "Teknik- og Miljøudvalget")
MEMBERS = ("amira", "freja", "oliver", "yasmin", "lukas", "nora", "victor", "alma")
SHOWS_NAME = ("amira", "oliver", "yasmin", "lukas")  # members who said yes to their first name in public

S = CauseStatus
Row = TypeVar("Row")


def delete_council(db: Session, municipality_id: int) -> None:
    """Remove a municipality's council and everything in it (before its people are removed)."""
    for table in COUNCIL_TABLES:
        if table is Comment:  # replies before the comments they answer
            db.exec(delete(Comment).where(col(Comment.municipality_id) == municipality_id,
                                          col(Comment.parent_id).is_not(None)))
        db.exec(delete(table).where(col(table.municipality_id) == municipality_id))
    db.flush()


def _at(day: date, hour: int = 16) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


@dataclass(frozen=True)
class Proposal:
    key: str
    author: str
    status: CauseStatus
    category: str
    title: str
    change: str
    why: str
    who: str = ""
    supporters: tuple[str, ...] = ()
    votes: int = 0


CURRENT = (
    Proposal("bus", "amira", S.PRESENTED, "transport", "Gratis bus for unge under 18",
             "Alle under 18 skal kunne køre gratis med bus i kommunen.",
             "Mange af os har langt til skole, fritidsjob og sport. Et buskort koster mere, end mange familier har "
             "råd til, så nogle bliver hjemme.", "Alle unge under 18 i kommunen.",
             ("freja", "oliver", "yasmin", "lukas", "nora", "victor"), 8),
    Proposal("psychologist", "freja", S.IN_PROGRESS, "health", "Mere tid med en psykolog på skolen",
             "Hver skole skal have en psykolog, man kan tale med hver uge, uden at skulle vente i månedsvis.",
             "Mange unge har det svært og ved ikke, hvem de skal tale med. Ventetiden er alt for lang.",
             "Elever i 7.-10. klasse og på ungdomsuddannelser.", ("amira", "yasmin", "alma", "nora"), 7),
    Proposal("youth-house", "oliver", S.PRESENTED, "leisure", "Et ungehus med åbent om aftenen",
             "Et sted i midtbyen, hvor unge kan være om aftenen og i weekenden, med voksne man kan stole på.",
             "Der er ikke noget sted at være, når det er koldt. Så ender man bare på gaden eller derhjemme alene.",
             "Unge fra 13 til 20 år.", ("amira", "victor", "lukas"), 5),
    Proposal("light", "yasmin", S.ACHIEVED, "safety", "Lys på stien langs fjorden",
             "Stien langs fjorden skal have lys hele vejen, så man tør gå der, når det er mørkt.",
             "Mange går hjem fra træning ad stien, og den er helt mørk om vinteren.", "",
             ("freja", "nora", "alma"), 5),
    Proposal("sports", "lukas", S.ANSWERED, "leisure", "Billigere kontingent i sportsklubber",
             "Kommunen skal betale en del af kontingentet for unge, hvis familien ikke har råd.",
             "Sport er godt for trivslen, men det er dyrt. Nogle stopper, fordi der ikke er penge.", "",
             ("oliver", "victor"), 4),
    Proposal("toilets", "nora", S.NOT_ACHIEVED, "school", "Rene toiletter på skolerne",
             "Toiletterne skal gøres rent to gange om dagen og have lås, der virker.",
             "Mange elever holder sig hele dagen, fordi toiletterne er beskidte og ikke kan låses.", "",
             ("amira", "yasmin"), 3),
    Proposal("food", "victor", S.NOT_CHOSEN, "school", "Skolemad til alle",
             "Alle elever skal have et gratis måltid mad hver dag.",
             "Man lærer ikke noget, når man er sulten.", "", ("alma",), 1),
    Proposal("bins", "alma", S.NOT_CHOSEN, "climate", "Flere skraldespande i byen",
             "Der skal være flere skraldespande ved busstoppesteder og i parkerne.",
             "Der ligger skrald overalt, især om sommeren.", "", (), 1),
    Proposal("phones", "freja", S.NOT_CHOSEN, "school", "Mobilfri frikvarterer",
             "Et frikvarter om dagen uden mobiler, med spil og aktiviteter.",
             "Vi taler for lidt sammen i frikvarteret.", "", ("lukas",), 1),
    Proposal("skatepark", "oliver", S.DISCUSSING, "leisure", "En ny skatepark",
             "Den gamle skatepark skal renoveres, og der skal være lys om aftenen.",
             "Skateparken er brugt af rigtig mange, men den er ved at falde fra hinanden.", "",
             ("victor", "lukas", "amira")),
    Proposal("mental-days", "yasmin", S.DISCUSSING, "health", "Trivselsdage i alle klasser",
             "To dage om året, hvor klassen arbejder med trivsel i stedet for almindelige timer.",
             "Det er lettere at sige, hvordan man har det, når der er tid til det.", "", ("freja", "nora")),
    Proposal("night-bus", "lukas", S.SUBMITTED, "transport", "Natbus i weekenden",
             "En bus, der kører fra midtbyen til de små byer fredag og lørdag nat.",
             "Det er ikke trygt at gå hjem, og ikke alle kan blive hentet.", "", ("alma",)),
    Proposal("repair", "alma", S.SUBMITTED, "climate", "Reparationscafé for unge",
             "Et sted, hvor man kan lære at reparere tøj, cykler og telefoner.",
             "Det er bedre for klimaet og for pengepungen.", ""),
)
PAST = (
    Proposal("benches", "amira", S.ACHIEVED, "leisure", "Bænke og wifi ved stationen",
             "Der skal være bænke og gratis wifi, hvor unge venter på toget.",
             "Mange venter længe på toget efter skole.", "", ("freja", "oliver"), 12),
    Proposal("jobs", "freja", S.NOT_ACHIEVED, "jobs", "Sommerjob til unge i kommunen",
             "Kommunen skal tilbyde 50 sommerjob til unge mellem 15 og 17 år.",
             "Det er svært at få sit første job.", "", ("amira",), 9),
    Proposal("library", "oliver", S.NOT_CHOSEN, "school", "Længere åbent på biblioteket",
             "Biblioteket skal have åbent til kl. 22 i eksamensperioden.",
             "Der er ikke ro til at læse derhjemme.", "", (), 4),
)


class _Seeder:
    def __init__(self, db: Session, municipality_id: int, people: dict[str, User], today: date) -> None:
        self.db, self.municipality_id, self.people, self.today = db, municipality_id, people, today
        self.karina = people["karina"]

    def add(self, row: Row) -> Row:
        self.db.add(row)
        return row

    def term(self, council: Council, name: str, starts_on: date, ends_on: date) -> Term:
        return self.add(Term(municipality_id=self.municipality_id, council_id=council.id, name=name,
                             starts_on=starts_on, ends_on=ends_on, created_at=_at(starts_on - timedelta(days=14))))

    def cause(self, term: Term, proposal: Proposal, shared_on: date) -> Cause:
        cause = Cause(municipality_id=self.municipality_id, term_id=term.id,
                      author_id=self.people[proposal.author].id, status=proposal.status, category=proposal.category,
                      title=proposal.title, change=proposal.change, why=proposal.why, who=proposal.who,
                      created_at=_at(shared_on, 15), submitted_at=_at(shared_on), last_activity_at=_at(shared_on))
        self.add(cause)
        self.db.flush()
        self.add(CauseRevision(municipality_id=self.municipality_id, cause_id=cause.id, editor_id=cause.author_id,
                               title=cause.title, change=cause.change, why=cause.why, who=cause.who,
                               category=cause.category, created_at=_at(shared_on)))
        for number, key in enumerate(proposal.supporters):
            self.add(Support(municipality_id=self.municipality_id, cause_id=cause.id, member_id=self.people[key].id,
                             created_at=_at(shared_on + timedelta(days=1 + number % 5))))
        return cause

    def vote(self, term: Term, causes: dict[str, Cause], proposals: tuple[Proposal, ...], first_day: date,
             choose: int, voters: int = 7) -> None:
        """A counted vote: seven of the eight members voted, five votes each. With fewer voters than the
        round's minimum it has no result (as council_rounds.settle leaves it): no totals, nothing chosen."""
        on_ballot = [p for p in proposals if p.votes]
        last_day = first_day + timedelta(days=6)
        voting_round = VotingRound(
            municipality_id=self.municipality_id, term_id=term.id, created_by_id=self.karina.id,
            starts_at=local_midnight(first_day), ends_at=local_midnight(last_day + timedelta(days=1)),
            votes_per_member=5, choose_count=choose, created_at=_at(first_day - timedelta(days=2)),
            settled_at=_at(last_day + timedelta(days=1), 8))
        self.add(voting_round)
        self.db.flush()
        counted = voters >= voting_round.min_voters
        assert not counted or sum(p.votes for p in on_ballot) <= voters * voting_round.votes_per_member
        for proposal in on_ballot:
            cause = causes[proposal.key]
            self.add(RoundEntry(municipality_id=self.municipality_id, round_id=voting_round.id, cause_id=cause.id,
                                votes=proposal.votes if counted else 0,
                                chosen=counted and proposal.status not in (S.NOT_CHOSEN,)))
        for key in MEMBERS[:voters]:
            self.add(Ballot(municipality_id=self.municipality_id, round_id=voting_round.id,
                            voter_id=self.people[key].id, cast_at=_at(first_day + timedelta(days=2))))

    def update(self, cause: Cause, who: str, kind: UpdateKind, day: date, text: str,
               status: CauseStatus | None = None) -> None:
        self.add(CauseUpdate(municipality_id=self.municipality_id, cause_id=cause.id, author_id=self.people[who].id,
                             kind=kind, status=status, text=text, happened_on=day, created_at=_at(day, 18)))
        cause.last_activity_at = max(cause.last_activity_at, _at(day, 18))

    def comment(self, cause: Cause, who: str, day: date, text: str, parent: Comment | None = None) -> Comment:
        row = Comment(municipality_id=self.municipality_id, cause_id=cause.id, author_id=self.people[who].id,
                      parent_id=parent.id if parent else None, text=text, created_at=_at(day, 17))
        self.add(row)
        self.db.flush()
        return row


def seed_council(db: Session, municipality_id: int, people: dict[str, User], today: date | None = None) -> None:
    """The demo council of the demo municipality, as it looks in the middle of its year."""
    today = today or date.today()
    seeder = _Seeder(db, municipality_id, people, today)
    council = Council(municipality_id=municipality_id, name="Roskilde Ungebyråd", public_page=True)
    db.add(council)
    db.flush()
    for key in MEMBERS:
        db.add(CouncilMembership(municipality_id=municipality_id, council_id=council.id, user_id=people[key].id,
                                 show_name_publicly=key in SHOWS_NAME, joined_at=_at(today - timedelta(days=400))))

    start = today - timedelta(days=150)
    current = seeder.term(council, f"{start.year}/{(start.year + 1) % 100:02d}", start, start + timedelta(days=364))
    past = seeder.term(council, f"{start.year - 1}/{start.year % 100:02d}", start - timedelta(days=365),
                       start - timedelta(days=1))
    db.flush()

    d = lambda days_ago: today - timedelta(days=days_ago)  # noqa: E731 - a short date helper for the story below
    shared_after_the_vote = {"skatepark": 40, "mental-days": 33, "night-bus": 20, "repair": 5}
    causes = {p.key: seeder.cause(current, p, d(shared_after_the_vote.get(p.key, 140 - 3 * n)))
              for n, p in enumerate(CURRENT)}
    seeder.vote(current, causes, CURRENT, d(100), choose=6)
    old = {p.key: seeder.cause(past, p, d(480 - 20 * n)) for n, p in enumerate(PAST)}
    # The past term's first vote: only two members voted, so it had no result.
    seeder.vote(past, old, PAST[:2], d(455), choose=1, voters=2)
    seeder.vote(past, old, PAST, d(430), choose=2)

    # A proposal its author changed before the discussion started: two versions in its history.
    night_bus = causes["night-bus"]
    night_bus.change = "En bus, der kører fra midtbyen til de små byer fredag og lørdag nat, mindst hver time."
    db.add(CauseRevision(municipality_id=municipality_id, cause_id=night_bus.id, editor_id=night_bus.author_id,
                         title=night_bus.title, change=night_bus.change, why=night_bus.why, who=night_bus.who,
                         category=night_bus.category, created_at=_at(d(8))))

    # Follow-through of the current term's mærkesager.
    for key in ("bus", "psychologist", "youth-house", "light", "sports", "toilets"):
        seeder.update(causes[key], "karina", UpdateKind.STATUS, d(92), "", S.CHOSEN)
    bus = causes["bus"]
    seeder.update(bus, "amira", UpdateKind.MEETING, d(60),
                  "Vi mødte Børne- og Ungeudvalget og viste tallene fra vores spørgeskema.")
    seeder.update(bus, "karina", UpdateKind.STATUS, d(45),
                  "Forslaget er fremlagt på udvalgsmødet. Politikerne lovede et svar inden for en måned.", S.PRESENTED)
    bus.answer_due_on = d(12)  # the promised answer is late
    psychologist = causes["psychologist"]
    seeder.update(psychologist, "karina", UpdateKind.STATUS, d(70), "Vi samler erfaringer fra tre skoler.",
                  S.IN_PROGRESS)
    seeder.update(psychologist, "freja", UpdateKind.MEETING, d(20),
                  "Vi talte med skolesundhedsplejen. De vil gerne være med.")
    house = causes["youth-house"]
    seeder.update(house, "oliver", UpdateKind.MEETING, d(35), "Vi besøgte ungehuset i en anden kommune.")
    seeder.update(house, "karina", UpdateKind.STATUS, d(10), "Fremlagt for Kultur- og Fritidsudvalget.", S.PRESENTED)
    house.answer_due_on = d(-21)
    light = causes["light"]
    seeder.update(light, "karina", UpdateKind.STATUS, d(75), "Fremlagt for Teknik- og Miljøudvalget.", S.PRESENTED)
    seeder.update(light, "karina", UpdateKind.ANSWER, d(55), "Udvalget sagde ja: der kommer lys på hele stien.",
                  S.ANSWERED)
    seeder.update(light, "karina", UpdateKind.STATUS, d(15),
                  "Lamperne er sat op. Tak til alle, der støttede!", S.ACHIEVED)
    light.answer_due_on = d(60)
    sports = causes["sports"]
    seeder.update(sports, "karina", UpdateKind.STATUS, d(50), "Fremlagt for Kultur- og Fritidsudvalget.", S.PRESENTED)
    seeder.update(sports, "lukas", UpdateKind.ANSWER, d(25),
                  "Politikerne vil prøve en pulje til kontingenter fra næste år, hvis budgettet tillader det.",
                  S.ANSWERED)
    sports.answer_due_on = d(20)
    toilets = causes["toilets"]
    seeder.update(toilets, "karina", UpdateKind.STATUS, d(80), "Fremlagt for Skoleudvalget.", S.PRESENTED)
    seeder.update(toilets, "karina", UpdateKind.ANSWER, d(62), "Udvalget vil ikke bruge flere penge på rengøring.",
                  S.ANSWERED)
    seeder.update(toilets, "karina", UpdateKind.STATUS, d(40),
                  "Der var ikke flertal for forslaget. Skolerne skal selv se på låsene.", S.NOT_ACHIEVED)
    toilets.answer_due_on = d(65)
    for key, status, text in (("benches", S.ACHIEVED, "Bænkene kom op, og wifi virker."),
                              ("jobs", S.NOT_ACHIEVED, "Der var ikke penge i budgettet.")):
        seeder.update(old[key], "karina", UpdateKind.STATUS, d(300), text, status)

    # The committees the mærkesager went to, with progress and milestones; Birgit answers for Teknik og Miljø.
    committees = {name: seeder.add(Committee(municipality_id=municipality_id, council_id=council.id, name=name))
                  for name in COMMITTEES}
    db.flush()
    if "birgit" in people:
        db.add(CommitteeRespondent(municipality_id=municipality_id, committee_id=committees[COMMITTEES[3]].id,
                                   user_id=people["birgit"].id))
    for cause, committee, progress in ((bus, COMMITTEES[0], 40), (house, COMMITTEES[1], 50),
                                       (light, COMMITTEES[3], 100), (sports, COMMITTEES[1], 60),
                                       (toilets, COMMITTEES[2], 100), (psychologist, None, 20)):
        cause.committee_id = committees[committee].id if committee else None
        cause.progress = progress
    light.official_answer = "Udvalget sagde ja: der kommer lys på hele stien inden jul."
    light.official_answer_at = _at(d(55))
    for title, due, done in (("Spørgeskema til alle skoler", d(90), d(88)), ("Møde med udvalget", d(60), d(60)),
                             ("Udvalget svarer", d(12), None)):
        seeder.add(Milestone(municipality_id=municipality_id, cause_id=bus.id, title=title, due_on=due, done_on=done))

    # Discussion, with a reply thread and a comment the coordinator hid.
    first = seeder.comment(bus, "freja", d(130), "Godt forslag! Jeg bruger selv en time på bussen hver dag.")
    seeder.comment(bus, "oliver", d(129), "Enig. Kunne det også gælde for unge under 20?", parent=first)
    seeder.comment(bus, "amira", d(128), "Måske! Vi kan starte med under 18 og se, hvad politikerne siger.",
                   parent=first)
    hidden = seeder.comment(bus, "victor", d(127), "Hr. Hansen på min skole er en idiot, han hader unge.")
    hidden.hidden_at, hidden.hidden_by_id = _at(d(127), 19), seeder.karina.id
    hidden.hidden_reason = "Vi skriver ikke navne på lærere eller andre, der ikke er her."
    seeder.comment(bus, "karina", d(126), "Husk, at I kan skrive, hvor langt I har til skole. Det hjælper os.")
    seeder.comment(causes["skatepark"], "lukas", d(12), "Jeg skater der hver dag. Rampen er knækket.")
    seeder.comment(causes["skatepark"], "victor", d(11), "Kan vi få en ny bowl?")
    seeder.comment(causes["night-bus"], "nora", d(6), "Ja tak! Jeg bor i Viby.")

    # Private drafts, never seen by anyone but their authors.
    for key, title, change in (("amira", "Flere bænke i skolegården", "Vi mangler steder at sidde."),
                               ("freja", "", "Noget med cykelstier til skolen …"),
                               ("oliver", "Gratis koncerter for unge", "")):
        db.add(Cause(municipality_id=municipality_id, term_id=current.id, author_id=people[key].id,
                     status=S.DRAFT, title=title, change=change, created_at=_at(d(3))))

    # Supporters have heard about the news (notifications carry no content).
    for key in ("freja", "oliver", "yasmin"):
        notifications.notify(db, user=people[key], kind="council_update", link=f"/council/causes/{bus.id}",
                             about_id=bus.id)
    notifications.notify(db, user=people["amira"], kind="council_status", link=f"/council/causes/{house.id}",
                         about_id=house.id)
    db.flush()
