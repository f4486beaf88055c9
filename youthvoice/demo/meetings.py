"""Demo meetings in every state: not prepared, half prepared, shared, during, after, receipt answered and
contested, a receipt overdue, a meeting tomorrow; and enough answers for the anonymous overview."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings import bisidder_notes, decisions, meetings, preparation, receipts, responses
from youthvoice.meetings.models import DecisionStatus, Meeting
from youthvoice.sharing import sharing
from youthvoice.sharing.access import meeting_for
from youthvoice.sharing.models import SharePart
from youthvoice.support import support

ALL_PARTS = [SharePart.BASICS, SharePart.PREPARATION, SharePart.DECISIONS, SharePart.AFTER]


def _at(days: float, hour: int = 14) -> datetime:
    moment = utcnow() + timedelta(days=days)
    return moment.replace(hour=hour - 1, minute=0, second=0, microsecond=0)  # roughly local time in winter


def _meeting(db: Session, owner: User, kind: str, when: datetime, place: str, *, created_by: User | None = None,
             participants: list[User] | None = None) -> Meeting:
    return meetings.create_meeting(
        db, owner=owner, created_by=created_by or owner,
        data=meetings.MeetingInput(kind=kind, starts_at=when, place=place, others="",
                                   participant_ids=[p.id for p in participants or []]),
        allowed_participants=participants or [])


def seed_meetings(db: Session, people: dict[str, User]) -> None:
    sara, mads, jonas = people["sara"], people["mads"], people["jonas"]
    lene, peter, mette = people["lene"], people["peter"], people["mette"]

    # Sara: a meeting in four days, half prepared and shared; and one three weeks ago, all the way through.
    soon = _meeting(db, sara, "child_conversation", _at(4, 15), "Familieafdelingen, Køgevej 80", participants=[lene])
    preparation.save_mood(db, meeting=soon, mood=3)
    preparation.save_answers(db, meeting=soon, values={
        "going_well": "Jeg er begyndt til håndbold igen, og det går godt i dansk.",
        "hard": "Det er svært, når jeg ikke ved, hvornår jeg kan se min mor.",
        "want_present": "Lene og min plejemor",
    })
    for text in ("Hvornår kan jeg se min mor?", "Lommepenge", "Om jeg kan blive på samme skole"):
        meetings.add_point(db, meeting=soon, text=text)
    decisions.create_decision(db, owner=sara, text="Jeg vil blive boende hos min plejefamilie",
                              status=DecisionStatus.DECISION, meeting=soon)
    decisions.create_decision(db, owner=sara, text="Jeg vil gerne se min mor hver anden weekend", meeting=soon)
    sharing.set_meeting_share(db, owner=sara, meeting=soon, grantee=lene, parts=ALL_PARTS)
    sharing.set_meeting_share(db, owner=sara, meeting=soon, grantee=peter, parts=[SharePart.DECISIONS])
    hanne = people["hanne"]
    sharing.set_meeting_share(db, owner=sara, meeting=soon, grantee=hanne, parts=[SharePart.PREPARATION])
    preparation.save_answers(db, meeting=soon, written_with=hanne, values={
        "questions": "Hvem bestemmer, hvornår jeg kan se min mor?\nKan jeg få lov at sige noget først?"})
    bisidder_notes.add_note(db, access=meeting_for(db, hanne, soon.id, log_view=False),
                     text="Godt gået med forberedelsen! Husk, at du må bede om en pause. Jeg sidder ved siden af dig.")

    earlier = _meeting(db, sara, "plan", _at(-21, 10), "Rådhuset, mødelokale 2", participants=[lene, peter])
    preparation.save_mood(db, meeting=earlier, mood=2)
    preparation.save_answers(db, meeting=earlier, values={"hard": "Jeg føler ikke, at nogen spørger mig.",
                                                          "questions": "Hvem bestemmer, hvor jeg skal gå i skole?"})
    first = meetings.add_point(db, meeting=earlier, text="Skoleskift")
    meetings.toggle_point(db, meeting=earlier, point_id=first.id)
    school = decisions.create_decision(db, owner=sara, text="Jeg vil gå i 9. klasse på Himmelev Skole",
                                       status=DecisionStatus.DECISION, meeting=earlier)
    phone = decisions.create_decision(db, owner=sara, text="Jeg vil have min egen telefon", meeting=earlier)
    items = {decision.id: link for link, decision in decisions.meeting_decisions(db, earlier)}
    decisions.set_outcome(db, meeting=earlier, link_id=items[school.id].id, outcome="agreed_together")
    decisions.set_outcome(db, meeting=earlier, link_id=items[phone.id].id, outcome="decided_by_others")
    meetings.add_note(db, meeting=earlier, text="Lene taler med skolen inden jul.")
    meetings.save_follow_up(db, meeting=earlier, heard=4, who_decided=3,
                            decided="At jeg bliver på Himmelev Skole.", agree="Skolen.",
                            disagree="Telefonen. Alle andre har en.", follow_up="Om jeg kan få et buskort.")
    meetings.add_next_step(db, meeting=earlier, what="Tale med skolen om 9. klasse", who="Lene",
                           due=date.today() + timedelta(days=10))
    done = meetings.add_next_step(db, meeting=earlier, what="Søge om buskort", who="Sara", due=None)
    meetings.toggle_step(db, owner=sara, step_id=done.id)
    sharing.set_meeting_share(db, owner=sara, meeting=earlier, grantee=lene, parts=ALL_PARTS)
    lene_view = meeting_for(db, lene, earlier.id, log_view=False)
    question = responses.respond(db, access=lene_view, part=SharePart.PREPARATION, target="question:hard",
                                 kind="question", text="Hvad ville få dig til at føle, at vi spørger dig mere?")
    responses.reply(db, access=meeting_for(db, sara, earlier.id, log_view=False), parent_id=question.id,
                    text="At I spørger mig først, før I taler med min plejemor.")
    responses.mark_helpful(db, access=meeting_for(db, sara, earlier.id, log_view=False), response_id=question.id)
    receipts.answer(db, access=lene_view, link_id=items[school.id].id, answer_value="followed",
                    reason="Du bliver på Himmelev Skole. Det er aftalt med skolen.")
    receipts.answer(db, access=lene_view, link_id=items[phone.id].id, answer_value="not_followed",
                    reason="Din plejefamilie vil vente til efter sommerferien. Vi tager det op igen i juni.")
    receipts.contest(db, access=meeting_for(db, sara, earlier.id, log_view=False), link_id=items[phone.id].id,
                     text="Jeg synes ikke, at det er fair. Jeg har brug for telefonen til skolen.")
    receipts.accept(db, access=meeting_for(db, sara, earlier.id, log_view=False), link_id=items[school.id].id)

    # Mads: a transition meeting Lene put in his list (not prepared), and a network meeting whose receipt is
    # overdue on Lene's dashboard.
    _meeting(db, mads, "transition", _at(10, 13), "Jobcenter Roskilde", created_by=lene)
    network = _meeting(db, mads, "network", _at(-12, 11), "Ungdomsboligerne", participants=[lene, mette])
    decisions.create_decision(db, owner=mads, text="Jeg vil have min egen lejlighed, når jeg fylder 18",
                              status=DecisionStatus.DECISION, meeting=network)
    meetings.save_follow_up(db, meeting=network, heard=3, who_decided=2, decided="", agree="", disagree="",
                            follow_up="")
    support.send_urgent(db, young_person=mads, professional_id=lene.id,
                        text="Jeg er blevet smidt ud hjemmefra i aften. Kan du ringe?")
    sharing.set_meeting_share(db, owner=mads, meeting=network, grantee=lene, parts=ALL_PARTS)
    sharing.set_meeting_share(db, owner=mads, meeting=network, grantee=mette, parts=[SharePart.DECISIONS])

    # Jonas: a meeting tomorrow (the reminder), and one last month.
    _meeting(db, jonas, "other", _at(1, 10), "Café Korn, med Mette", participants=[mette])
    last = _meeting(db, jonas, "transition", _at(-30, 9), "Jobcenter Roskilde", participants=[people["ali"]])
    meetings.save_follow_up(db, meeting=last, heard=5, who_decided=4, decided="Jeg starter på EUD i januar.",
                            agree="Det hele.", disagree="", follow_up="")
    meetings.remind_tomorrow(db)


BACKGROUND = ("Liva", "Noor", "Oscar", "Ida", "Karl", "Ella", "Malik", "Sofus")


def seed_background(db: Session, people: list[User]) -> None:
    """Past meetings with the two scales answered, so the anonymous overview has groups of five or more."""
    for index, person in enumerate(people):
        for months_ago, kind in ((1, "plan"), (2, "child_conversation"), (0, "plan")):
            when = _at(-(months_ago * 30 + 3 + index % 4), 10)
            meeting = _meeting(db, person, kind, when, "")
            meetings.save_follow_up(db, meeting=meeting, heard=2 + (index + months_ago) % 4,
                                    who_decided=1 + (index * 2 + months_ago) % 5, decided="", agree="",
                                    disagree="", follow_up="")
