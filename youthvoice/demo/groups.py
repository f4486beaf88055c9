"""The demo's peer group (issue 20.3): Maja, a volunteer facilitator (tovholder), runs "Boligjagt forår 2027" for
Sara and Jonas (in care) and Nikolaj (not in care: a peer-only account), with a few housing leads, tips and a task."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, delete

from youthvoice.core.danish_calendar import local_today
from youthvoice.groups import rules
from youthvoice.groups.models import GroupMember, PeerGroup
from youthvoice.identity.models import User

GROUP_NAME = "Boligjagt forår 2027"


def delete_groups(db: Session, municipality_id: int) -> None:
    """Remove a municipality's groups and everything in them (before its people are removed)."""
    db.exec(delete(PeerGroup).where(col(PeerGroup.municipality_id) == municipality_id))
    db.flush()


def seed_groups(db: Session, people: dict[str, User]) -> PeerGroup:
    maja = people["maja"]
    about = "Vi hjælper hinanden med at finde et sted at bo: tips, boligtips og fremvisninger."
    group = rules.create_group(db, actor=maja, name=GROUP_NAME, about=about)
    for key in ("sara", "nikolaj", "jonas"):
        db.add(GroupMember(municipality_id=group.municipality_id, group_id=group.id, user_id=people[key].id))
    db.flush()
    as_member = {key: rules.GroupAccess(group, people[key], runs=False) for key in ("sara", "nikolaj", "jonas")}
    runs = rules.GroupAccess(group, maja, runs=True)
    rules.add_meeting(db, seen=runs, day=(local_today() + timedelta(days=6)).isoformat(), at="17:00",
                      place="Ungdommens Røde Kors, Algade 12")
    rules.add_post(db, seen=as_member["jonas"], kind="tip",
                   text="Skriv dig op på boligportalen for unge i kommunen. Det er gratis, og ventetiden tæller fra "
                        "den dag, du skriver dig op.")
    lead = rules.add_post(db, seen=as_member["nikolaj"], kind="housing_lead",
                          text="Værelse i Roskilde midtby, 3.200 kr. om måneden. Udlejer vil gerne have en ung.")
    rules.add_post(db, seen=as_member["sara"], kind="post", parent_id=lead.id,
                   text="Fedt! Må jeg skrive til udlejeren, hvis du ikke tager det?")
    rules.add_post(db, seen=runs, kind="task", text="Hvem kommer med til fremvisningen på tirsdag kl. 16?")
    return group
