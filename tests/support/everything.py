"""Carla, a young person with something in every table that can hold something of hers: each text she (or someone
about her) wrote carries a marker, so export and erasure tests can find every trace of her.

Built with the app's own domain functions, as the routes would. Lene is her professional (shown everything),
Birk the bisidder she invited herself, Sune a supporter from her network, Olga another council member,
Karina the coordinator.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session, select

from support.audio import ogg, webm
from support.people import link, make_municipality, make_person
from youthvoice.casework import deadlines, handover
from youthvoice.core import danish_calendar
from youthvoice.core.model import utcnow
from youthvoice.council import (
    causes as council_causes,
)
from youthvoice.council import (
    follow as council_follow,
)
from youthvoice.council import (
    rounds as council_rounds,
)
from youthvoice.council import (
    rules as council,
)
from youthvoice.council.models import CauseStatus
from youthvoice.identity.models import LoginSession, Passkey, RecoveryCode, Role, User
from youthvoice.identity.sessions import hash_session_id
from youthvoice.meetings import bisidder_notes, decisions, meetings, preparation, receipts, recordings, responses
from youthvoice.meetings.models import VoiceAnswerTo
from youthvoice.network import housing, network, steps, supporters
from youthvoice.notify import mail_settings, notifications
from youthvoice.sharing import sharing
from youthvoice.sharing.access import meeting_for, steps_for, supported_by
from youthvoice.support import absence, support
from youthvoice.transition import plan as transition_plan

ALL_PARTS = ["basics", "preparation", "decisions", "after"]


@dataclass
class Everything:
    marker: str
    carla: User
    people: dict[str, User]
    ids: dict[str, uuid.UUID] = field(default_factory=dict)


def build(db: Session) -> Everything:
    marker = "CANARY" + secrets.token_hex(6)
    town = make_municipality(db, "Roskilde")
    carla = make_person(db, town, name=f"Carla {marker}-name", is_council_member=True)
    people = {
        "lene": make_person(db, town, Role.PROFESSIONAL, name="Lene Holm"),
        "karina": make_person(db, town, Role.PROFESSIONAL, name="Karina Olsen", is_coordinator=True),
        "olga": make_person(db, town, name="Olga", is_council_member=True),
        "mads": make_person(db, town, name="Mads"),
        "henrik": make_person(db, town, Role.ADMIN, name="Henrik Madsen"),
    }
    link(db, carla, people["lene"])
    today = danish_calendar.local_today()
    lene = people["lene"]
    ids: dict[str, uuid.UUID] = {}

    # Her account: a passkey, recovery codes, a session that carries a flashed message.
    db.add(Passkey(user_id=carla.id, credential_id=secrets.token_bytes(16), public_key=b"k", name="Carlas telefon"))
    db.add(RecoveryCode(user_id=carla.id, code_hash=secrets.token_hex(32)))
    db.add(LoginSession(id=hash_session_id(secrets.token_urlsafe(16)), user_id=carla.id, idle_minutes=30,
                        expires_at=utcnow() + timedelta(hours=1), user_agent="Carla's phone"))
    # A bisidder she invited herself: the name and relation she typed are hers.
    issued = support.invite_bisidder(db, young_person=carla, name=f"Birk {marker}-bisidder",
                                     relation=f"{marker}-relation", lifetime=timedelta(days=7))
    birk = db.get(User, issued.invite.user_id)
    birk.status = "active"
    db.add(birk)
    people["birk"] = birk

    # A past meeting with her words in every part, shared with Lene (everything) and Birk (preparation).
    meeting = meetings.create_meeting(db, owner=carla, created_by=carla, data=meetings.MeetingInput(
        kind="plan", starts_at=utcnow() - timedelta(days=1), place=f"{marker}-place", others=f"{marker}-others",
        participant_ids=[lene.id]), allowed_participants=[lene])
    preparation.save_answers(db, meeting=meeting, values={key: f"{marker}-{key}" for key in preparation.QUESTIONS})
    point = meetings.add_point(db, meeting=meeting, text=f"{marker}-point")
    decision = decisions.create_decision(db, owner=carla, text=f"{marker}-decision", meeting=meeting)
    decisions.update_decision(db, decision=decision, text=f"{marker}-decision-changed", meeting=meeting)
    meetings.add_note(db, meeting=meeting, text=f"{marker}-note")
    meetings.send_signal(db, meeting=meeting, kind="break")
    meetings.save_follow_up(db, meeting=meeting, heard=3, who_decided=3, decided=f"{marker}-decided",
                            agree=f"{marker}-agree", disagree=f"{marker}-disagree", follow_up=f"{marker}-follow")
    meetings.add_next_step(db, meeting=meeting, what=f"{marker}-what", who=f"{marker}-who", due=None)
    sharing.set_meeting_share(db, owner=carla, meeting=meeting, grantee=lene, parts=ALL_PARTS)
    sharing.set_meeting_share(db, owner=carla, meeting=meeting, grantee=birk, parts=["preparation"])
    db.flush()
    lene_view = meeting_for(db, lene, meeting.id, log_view=True)  # a logged view: "who has seen what"
    root = responses.respond(db, access=lene_view, part="preparation", target="question:hard", kind="question",
                             text=f"{marker}-lene-asks")
    own = meeting_for(db, carla, meeting.id, log_view=False)
    responses.reply(db, access=own, parent_id=root.id, text=f"{marker}-carla-replies")
    item = decisions.meeting_decisions(db, meeting)[0][0]
    receipts.answer(db, access=lene_view, link_id=item.id, answer_value="partly", reason=f"{marker}-reason")
    disagreement = receipts.contest(db, access=own, link_id=item.id, text=f"{marker}-disagreement")
    # Her voice on a point and on her disagreement (issue 17.1): a marker in the recording's bytes.
    voice = recordings.keep(db, owner=carla, answers=VoiceAnswerTo.POINT, item_id=point.id, meeting_id=meeting.id,
                            data=webm(f"{marker}-voice-point".encode()))
    recordings.keep(db, owner=carla, answers=VoiceAnswerTo.DISAGREEMENT, item_id=disagreement.id,
                    meeting_id=meeting.id, data=ogg(30, f"{marker}-voice-disagreement".encode()))
    ids["recording_id"] = voice.id
    bisidder_notes.add_note(db, access=meeting_for(db, birk, meeting.id, log_view=False),
                            text=f"{marker}-bisidder-note")
    # Lene is away and Karina covers (issue 18.3): the urgent message goes to both.
    absence.set_absence(db, professional=lene, starts_on=today, ends_on=today + timedelta(days=3),
                        cover_id=people["karina"].id)
    support.send_urgent(db, young_person=carla, professional_id=lene.id, text=f"{marker}-urgent")
    notifications.notify(db, user=carla, kind="receipt", link="/", about_id=carla.id)
    mail_settings.turn_on(db, person=carla, address=f"{marker}-carla@example.dk", message="", locale="da")
    ids.update(meeting_id=meeting.id, decision_id=decision.id, link_id=item.id)
    # The dates of her case, as Lene records them.
    deadlines.record(db, professional=lene, young_person=carla, plan_date=today - timedelta(days=90),
                     plan_review=today + timedelta(days=90), transition_meeting=None,
                     support_decision=today + timedelta(days=30), support_ends=today + timedelta(days=365))

    # Her network and small steps, shared with Lene, who suggests a step.
    person = network.add_person(db, owner=carla, data=network.PersonInput(
        name=f"{marker}-network-name", relation="neighbour", circle="outer", helps=["housing", "money"]))
    network.mark_ask(db, person=person, status="asked", note=f"{marker}-ask-note")
    ids["entry_id"] = person.id
    steps.set_goal(db, owner=carla, area="housing", text=f"{marker}-goal")
    steps.log_step(db, owner=carla, area="housing", text=f"{marker}-step", day=None, done=False)
    steps.rate(db, owner=carla, day=today, values={"housing": 7})
    for scope in ("network", "steps"):
        sharing.set_scope_share(db, owner=carla, grantee=lene, scope=scope, shared=True)
    steps.suggest(db, access=steps_for(db, lene, carla.id, log_view=False), area="money",
                  text=f"{marker}-suggestion")
    # Her housing wishes (issue 19.2), shared with Lene too.
    for key, values in (("kind", {"kind": "other", "kind_other": f"{marker}-housing-other"}),
                        ("where", {"town": f"{marker}-housing-town", "near_whom": f"{marker}-housing-near"}),
                        ("with_whom", {"with_whom": f"{marker}-housing-with"}),
                        ("money", {"afford": f"{marker}-housing-afford"}),
                        ("help", {"help_needed": f"{marker}-housing-help"})):
        housing.save_answers(db, owner=carla, key=key, values=values)
    sharing.set_scope_share(db, owner=carla, grantee=lene, scope="housing", shared=True)
    # Her plan for adult life (issue 19.1): a practical thing ticked off, the plan shared with Lene.
    transition_plan.tick(db, owner=carla, item="bank", done=True)
    sharing.set_scope_share(db, owner=carla, grantee=lene, scope="transition", shared=True)
    # A supporter from her network (issue 20): her housing goal shared with him, and his offer of help.
    issued = supporters.invite_supporter(db, young_person=carla, entry=person, name=f"Sune {marker}-supporter",
                                         relation=f"{marker}-supporter-relation", lifetime=timedelta(days=7))
    sune = db.get(User, issued.invite.user_id)
    sune.status = "active"
    db.add(sune)
    people["sune"] = sune
    supporters.share_goals(db, owner=carla, supporter=sune, areas=["housing"])
    supporters.send_message(db, seen=supported_by(db, sune, carla.id, log_view=False), kind="help",
                            text=f"{marker}-supporter-help")
    # Her caseworker Peter left (issue 18.2): the admin moved her to Ida, Peter wrote Ida a note, and she asked
    # for another contact than Lene.
    peter = people["peter"] = make_person(db, town, Role.PROFESSIONAL, name="Peter Berg")
    ida = people["ida"] = make_person(db, town, Role.PROFESSIONAL, name="Ida Friis")
    link(db, carla, peter)
    moved = handover.move_caseload(db, actor=people["henrik"], leaving=peter, moves={carla.id: ida}, message="x")
    handover.write_note(db, handover=moved[0], author=peter, text=f"{marker}-handover-note", message="x")
    handover.ask_for_another_contact(db, young_person=carla, professional=lene)

    # Ties to her home municipality (issue 19.3): she comes from Ballerup, whose coordinator (Bo) posts news; her
    # offer of help, shown to Bo and to Lene.
    from youthvoice.council import hometies

    ballerup = make_municipality(db, "Ballerup")
    bo = make_person(db, ballerup, Role.PROFESSIONAL, name="Bo Holt", is_coordinator=True)
    people["bo"] = bo
    hometies.set_home(db, young_person=carla, municipality_id=ballerup.id)
    hometies.post_news(db, actor=bo, fields={"title": "Sommerjob", "text": "Søg nu", "kind": "job"})
    hometies.save_offer(db, owner=carla, text=f"{marker}-offer")
    for grantee in (bo, lene):
        sharing.set_scope_share(db, owner=carla, grantee=grantee, scope="help_offer", shared=True)

    # The youth council: a draft (goes), a proposal Olga supported (stays, under "a former member"), a duplicate
    # merged into it (stays, a merge request of hers without her name), a comment
    # of hers with Olga's reply (hers goes, Olga's stays), a support, a ballot, a timeline entry.
    karina = people["karina"]
    home = council.create_council(db, actor=karina, name="Roskilde Ungebyråd", term_name="2026/27",
                                  starts_on=today - timedelta(days=60), ends_on=today + timedelta(days=300))
    term = council.current_term(db, home, today)
    for member in (carla, people["olga"]):
        council.membership_of(db, home, member, create=True)
    draft = council_causes.start_draft(db, actor=carla, term=term, today=today, fields={
        "title": f"{marker}-draft", "change": f"{marker}-draft-change", "why": "", "who": "", "category": "school"})
    kept = council_causes.start_draft(db, actor=carla, term=term, today=today, fields={
        "title": f"{marker}-kept", "change": f"{marker}-kept-change", "why": f"{marker}-kept-why",
        "who": f"{marker}-kept-who", "category": "leisure"})
    council_causes.submit(db, actor=carla, cause=kept, today=today)
    council_causes.support(db, actor=people["olga"], cause=kept, today=today)
    others = council_causes.start_draft(db, actor=people["olga"], term=term, today=today, fields={
        "title": "Olgas forslag", "change": "Flere bænke", "why": "Vi står op", "who": "Alle",
        "category": "school"})
    council_causes.submit(db, actor=people["olga"], cause=others, today=today)
    council_causes.support(db, actor=carla, cause=others, today=today)
    # a duplicate of hers she merges into her own proposal (a merge request of hers)
    duplicate = council_causes.start_draft(db, actor=carla, term=term, today=today, fields={
        "title": "Samme forslag igen", "change": "Det samme", "why": "Dobbelt", "who": "", "category": "leisure"})
    council_causes.submit(db, actor=carla, cause=duplicate, today=today)
    council_causes.propose_merge(db, actor=carla, cause=duplicate, into_id=kept.id, today=today)
    # pictures on her draft (go with it) and on the proposal Olga supported (stay with it, as the council's)
    from support.pictures import small_photo
    from youthvoice.council import pictures as council_pictures

    for cause in (draft, kept):
        council_pictures.add(db, actor=carla, cause=cause, today=today, upload=small_photo(),
                             alt=f"{marker}-{'draft' if cause is draft else 'kept'}-picture")
    comment = council_causes.add_comment(db, actor=carla, cause=others, today=today, text=f"{marker}-comment")
    council_causes.add_comment(db, actor=people["olga"], cause=others, today=today, text="Olga svarer",
                               parent_id=comment.id)
    now = utcnow()
    voting_round = council_rounds.open_round(
        db, actor=karina, term=term, starts_on=today, ends_on=today + timedelta(days=7), votes_per_member=2,
        choose_count=1, cause_ids=[str(others.id), str(kept.id)], min_voters=1, now=now)
    council_rounds.cast_ballot(db, actor=carla, voting_round=voting_round, votes={str(others.id): 2}, now=now)
    others.status = CauseStatus.CHOSEN
    db.add(others)
    db.flush()
    council_follow.post_update(db, actor=carla, cause=others, kind="meeting", text=f"{marker}-update",
                               happened_on=today, today=today)
    # The youth panel (issue 21.5): Carla is on it and answers Karina's question without her name.
    from youthvoice.council import panel

    place = panel.add_member(db, actor=karina, young_person_id=carla.id)
    question = panel.put_question(db, actor=karina, question="Hvordan skal det første møde gå?", background="",
                                  closes_on=today + timedelta(days=7), today=today)
    panel.save_answer(db, person=carla, consultation=question, text=f"{marker}-panel-answer", anonymous=True,
                      today=today)
    # "Not only about me" (issue 21.6): she sends a point of hers to the panel as an anonymous copy, which Karina
    # hides. The copy is the panel's (no owner): erasure leaves it, as the preview told her.
    from youthvoice.council import submissions

    sent_point = meetings.add_point(db, meeting=meeting, text=f"{marker}-sent-to-panel")
    sent = submissions.send(db, person=carla, point=sent_point, today=today)
    submissions.set_hidden(db, actor=karina, submission_id=sent.id, hidden=True)
    # A peer group (issue 20.3): Frida runs it; Carla and Pia (a peer, not in care) are in it. Carla posts a housing
    # lead Pia replies to, replies to Pia's tip and asks Frida to look at it.
    from youthvoice.groups import rules as groups
    from youthvoice.groups.models import GroupMember

    frida = people["frida"] = make_person(db, town, Role.FACILITATOR, name="Frida Holt")
    pia = people["pia"] = make_person(db, town, Role.PEER, name="Pia")
    group = groups.create_group(db, actor=frida, name="Boligjagt", about="")
    for member in (carla, pia):
        db.add(GroupMember(municipality_id=town.id, group_id=group.id, user_id=member.id))
    db.flush()
    as_carla, as_pia = groups.GroupAccess(group, carla, runs=False), groups.GroupAccess(group, pia, runs=False)
    lead = groups.add_post(db, seen=as_carla, kind="housing_lead", text=f"{marker}-group-lead")
    groups.add_post(db, seen=as_pia, kind="post", text="Pia svarer", parent_id=lead.id)
    tip = groups.add_post(db, seen=as_pia, kind="tip", text="Pias tip")
    groups.add_post(db, seen=as_carla, kind="post", text=f"{marker}-group-reply", parent_id=tip.id)
    groups.flag_post(db, seen=as_carla, post=tip, reason=f"{marker}-group-flag")
    ids.update(group_id=group.id, group_lead=lead.id)
    ids.update(draft=draft.id, kept=kept.id, others=others.id, comment=comment.id, cause_id=others.id,
               round_id=voting_round.id, term_id=term.id, consultation_id=question.id, member_id=place.id)
    db.commit()
    carla = db.exec(select(User).where(User.id == carla.id)).one()
    return Everything(marker, carla, people, ids)
