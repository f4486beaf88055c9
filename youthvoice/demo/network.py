"""Demo networks and small steps for every young persona: people in all three circles, someone asked for help,
goals, steps and ratings over several months, an idea from Lene waiting for Sara's answer; and ratings from the
background young people, so the municipality's overview has groups of five or more."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import Session, col, select

from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.network import network, steps
from youthvoice.network.models import NetworkPerson
from youthvoice.sharing import sharing
from youthvoice.sharing.access import steps_for
from youthvoice.sharing.models import ShareScope

# name, relation, circle, helps, ask status
NETWORKS: dict[str, list[tuple[str, str, str, tuple[str, ...], str | None]]] = {
    "sara": [
        ("Hanne", "family", "inner", ("talk", "practical"), None),
        ("Jens", "family", "inner", ("practical", "money"), None),
        ("Emma", "friend", "inner", ("talk", "company"), None),
        ("Mor", "family", "middle", ("company",), None),
        ("Mormor", "family", "middle", ("talk", "company"), None),
        ("Lene", "professional", "middle", ("housing", "school_work"), None),
        ("Søren", "coach_teacher", "outer", ("school_work", "company"), "yes"),
        ("Fatima", "other", "outer", ("school_work",), "asked"),
        ("Birthe", "neighbour", "outer", ("practical",), "not_yet"),
    ],
    "mads": [
        ("Oliver", "family", "inner", ("company",), None),
        ("Kasper", "friend", "inner", ("talk", "company"), None),
        ("Mette", "professional", "middle", ("housing", "money"), None),
        ("Far", "family", "outer", ("money",), "no"),
        ("Onkel Kim", "family", "outer", ("housing", "practical"), "yes"),
        ("Bente", "coach_teacher", "outer", ("school_work",), "not_yet"),
    ],
    "amira": [
        ("Mor", "family", "inner", ("talk", "practical"), None),
        ("Yasmin", "family", "inner", ("school_work", "talk"), None),
        ("Sofia", "friend", "inner", ("company",), None),
        ("Ungebyrådet", "other", "middle", ("company",), None),
        ("Poul", "neighbour", "outer", ("practical",), None),
        ("Jakob, træner", "coach_teacher", "outer", ("school_work",), "asked"),
    ],
    "jonas": [
        ("Line", "friend", "inner", ("talk", "company"), None),
        ("Mor", "family", "middle", ("talk",), None),
        ("Ali", "professional", "middle", ("school_work", "money"), None),
        ("Mette", "professional", "middle", ("talk",), None),
        ("Henrik", "coach_teacher", "outer", ("school_work",), "no"),
        ("Morten", "friend", "outer", ("practical",), "yes"),
    ],
    "freja": [
        ("Far", "family", "inner", ("talk", "money"), None),
        ("Ida", "friend", "inner", ("company", "talk"), None),
        ("Farmor", "family", "middle", ("talk",), None),
        ("Tine", "professional", "outer", ("talk",), "asked"),
        ("Karen", "coach_teacher", "outer", ("school_work", "company"), "not_yet"),
    ],
}
ASK_NOTES = {
    ("sara", "Søren"): "Han vil gerne skrive en anbefaling, når jeg søger fritidsjob.",
    ("mads", "Onkel Kim"): "Han låner mig sin trailer, når jeg skal flytte.",
    ("jonas", "Henrik"): "De har ikke brug for nogen lige nu. Måske til sommer.",
}

GOALS = {
    "sara": {"school_work": "Bestå 9. klasse med mindst 7 i dansk",
             "relationships": "Se min mor hver anden weekend",
             "leisure": "Spille håndbold to gange om ugen"},
    "mads": {"housing": "Have min egen lejlighed, når jeg fylder 18", "money": "Have styr på et budget"},
    "amira": {"school_work": "Komme på gymnasiet", "leisure": "Blive livredder i svømmeklubben"},
    "jonas": {"school_work": "Gennemføre grundforløbet på EUD", "money": "Betale af på min gæld hver måned"},
    "freja": {"health": "Sove mindst 8 timer de fleste nætter", "everyday": "Stå op til første time hver dag"},
}

# area, days ago, what I did (None days: my next step)
STEPS: dict[str, list[tuple[str, int | None, str]]] = {
    "sara": [
        ("school_work", 80, "Jeg spurgte min dansklærer, hvad jeg skal øve mig på"),
        ("leisure", 72, "Jeg startede til håndbold igen"),
        ("relationships", 55, "Jeg ringede til min mor på hendes fødselsdag"),
        ("school_work", 40, "Jeg afleverede alle danskopgaver til tiden i en måned"),
        ("money", 21, "Jeg sparede 200 kr. op af mine lommepenge"),
        ("leisure", 9, "Jeg spillede min første kamp på holdet"),
        ("everyday", None, "Lave aftensmad hjemme én gang om ugen"),
    ],
    "mads": [
        ("housing", 70, "Jeg skrev mig op til en ungdomsbolig"),
        ("money", 48, "Jeg lavede et budget sammen med Mette"),
        ("housing", 30, "Jeg så en lejlighed på Hyrdehøj"),
        ("money", 12, "Jeg betalte min telefonregning selv"),
        ("housing", None, "Spørge Onkel Kim, hvornår han kan hjælpe med flytningen"),
    ],
    "amira": [
        ("school_work", 60, "Jeg var til åbent hus på gymnasiet"),
        ("leisure", 35, "Jeg bestod svømmeprøven på 600 meter"),
        ("school_work", 14, "Jeg fik 10 i matematik-prøven"),
    ],
    "jonas": [
        ("school_work", 85, "Jeg startede på grundforløbet"),
        ("money", 62, "Jeg lavede en aftale med inkasso om at betale af"),
        ("school_work", 33, "Jeg mødte op hver dag i tre uger"),
        ("money", 5, "Jeg betalte tredje rate af min gæld"),
        ("school_work", None, "Søge en praktikplads i januar"),
    ],
    "freja": [
        ("health", 50, "Jeg lagde telefonen i køkkenet om natten en hel uge"),
        ("everyday", 25, "Jeg kom til første time fire dage i træk"),
        ("health", 7, "Jeg gik en tur hver dag efter skole"),
    ],
}

# days ago -> {area: rating}
RATINGS: dict[str, dict[int, dict[str, int]]] = {
    "sara": {88: {"housing": 7, "school_work": 3, "health": 5, "relationships": 3, "leisure": 4},
             64: {"school_work": 4, "health": 5, "relationships": 4, "leisure": 6},
             42: {"housing": 7, "school_work": 5, "health": 6, "relationships": 3, "money": 4, "leisure": 7},
             20: {"school_work": 6, "health": 6, "relationships": 5, "money": 5, "leisure": 8},
             3: {"housing": 8, "school_work": 7, "health": 7, "relationships": 5, "money": 6, "leisure": 8}},
    "mads": {75: {"housing": 2, "money": 3, "everyday": 5}, 45: {"housing": 3, "money": 5, "everyday": 5},
             15: {"housing": 5, "money": 6, "everyday": 6}},
    "amira": {70: {"school_work": 6, "leisure": 7, "relationships": 6}, 30: {"school_work": 7, "leisure": 8},
              6: {"school_work": 8, "leisure": 9, "relationships": 7}},
    "jonas": {90: {"school_work": 4, "money": 2, "health": 4}, 60: {"school_work": 5, "money": 3, "health": 5},
              30: {"school_work": 6, "money": 4, "health": 5}, 4: {"school_work": 7, "money": 5, "health": 6}},
    "freja": {55: {"health": 3, "everyday": 4, "relationships": 6}, 28: {"health": 5, "everyday": 5},
              2: {"health": 6, "everyday": 7, "relationships": 7}},
}


def _ago(days: int) -> date:
    return steps.today() - timedelta(days=days)


def _seed_person(db: Session, key: str, owner: User) -> None:
    for name, relation, circle, helps, ask in NETWORKS[key]:
        person = network.add_person(db, owner=owner, data=network.PersonInput(
            name=name, relation=relation, circle=circle, helps=list(helps)))
        if ask:
            network.mark_ask(db, person=person, status=ask, note=ASK_NOTES.get((key, name), ""))
    for area, text in GOALS[key].items():
        steps.set_goal(db, owner=owner, area=area, text=text)
    for area, days, text in STEPS[key]:
        steps.log_step(db, owner=owner, area=area, text=text, day=_ago(days) if days is not None else None,
                       done=days is not None)
    for days, values in sorted(RATINGS[key].items(), reverse=True):
        steps.rate(db, owner=owner, day=_ago(days), values=dict(values))


def seed_network(db: Session, people: dict[str, User], background: list[User]) -> None:
    for key in NETWORKS:
        _seed_person(db, key, people[key])
    sara, lene, mads, mette = people["sara"], people["lene"], people["mads"], people["mette"]
    steps.reach_goal(db, owner=sara, area="leisure", on=_ago(9))
    for scope in (ShareScope.NETWORK, ShareScope.STEPS):
        sharing.set_scope_share(db, owner=sara, grantee=lene, scope=scope, shared=True)
    sharing.set_scope_share(db, owner=mads, grantee=mette, scope=ShareScope.STEPS, shared=True)
    lene_view = steps_for(db, lene, sara.id, log_view=False)
    taken = steps.suggest(db, access=lene_view, area="everyday", text="Øv dig i at vaske dit eget tøj")
    steps.accept_suggestion(db, owner=sara, suggestion_id=taken.id)
    steps.suggest(db, access=lene_view, area="leisure",
                  text="Spørg Søren, om du kan hjælpe med at træne de små hold om lørdagen")
    mette_view = steps_for(db, mette, mads.id, log_view=False)
    steps.suggest(db, access=mette_view, area="money", text="Læg 500 kr. til side hver måned til depositum")
    # The background young people rate a few areas twice, so the overview shows groups of five or more.
    for index, person in enumerate(background):
        for area, start in (("housing", 3), ("school_work", 4), ("health", 5), ("money", 4)):
            first = start + index % 3
            steps.rate(db, owner=person, day=_ago(80 - index), values={area: first})
            steps.rate(db, owner=person, day=_ago(10 + index), values={area: min(10, first + (index + 1) % 4)})
    _grown_over_months(db, [people[key] for key in NETWORKS], background)


GROWN_OVER_DAYS = 150  # the personas' first person was added about five months ago
BACKGROUND_HELPS = (("housing",), ("talk", "company"), (), ("practical", "money"), ("school_work",),
                    ("housing", "talk"))


def _grown_over_months(db: Session, personas: list[User], background: list[User]) -> None:
    """Networks that grew (issue 20.2): each persona added their people one by one over about five months, and
    the background young people have small networks started at different times, so "how my network has grown"
    and the municipality's overview (groups of five or more) show something."""
    now = utcnow()
    for owner in personas:
        people = db.exec(select(NetworkPerson).where(NetworkPerson.owner_id == owner.id)
                         .order_by(col(NetworkPerson.created_at))).all()
        for index, person in enumerate(people):
            person.created_at = person.updated_at = now - timedelta(
                days=GROWN_OVER_DAYS - index * GROWN_OVER_DAYS // len(people))
            db.add(person)
    for index, owner in enumerate(background):
        started = 40 + index * 45
        for number in range(2 + index % 4):
            person = network.add_person(db, owner=owner, data=network.PersonInput(
                name=f"Person {number + 1}", relation="friend", circle=("inner", "middle", "outer")[number % 3],
                helps=list(BACKGROUND_HELPS[(index + number) % len(BACKGROUND_HELPS)])))
            person.created_at = person.updated_at = now - timedelta(days=max(started - number * 30, 1))
            db.add(person)
    db.flush()
