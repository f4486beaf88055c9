"""My transition plan (issue 19.1) and the preparation of the meeting about moving to adult life with it (19.5):
the milestones from the birth date and the dates the caseworker records, goals and steps shared with the small
steps, the checklist only she ticks (in "my data", gone with her), sharing per professional (logged, withdrawn at
once), and the plan's parts offered as points with one tap."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlmodel import select
from support.client import post_form
from support.database import reread
from support.netcase import logged_in
from support.people import saras_circle

from youthvoice.casework import deadlines
from youthvoice.core import personal_data
from youthvoice.core.danish_calendar import DANISH_TIME
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings import meetings
from youthvoice.meetings.models import MeetingPoint
from youthvoice.network import housing, network, steps
from youthvoice.privacy.models import AuditEvent
from youthvoice.transition import plan, preparation
from youthvoice.transition.models import ChecklistTick


def _marker() -> str:
    return "MARKER" + uuid.uuid4().hex[:10]


def _meeting(db, owner: User, kind: str = "transition"):  # type: ignore[no-untyped-def]
    return meetings.create_meeting(db, owner=owner, created_by=owner, data=meetings.MeetingInput(
        kind=kind, starts_at=utcnow() + timedelta(days=5), place="", others="", participant_ids=[]),
        allowed_participants=[])


# --- the rules: milestones ------------------------------------------------------------------------------------


def test_milestones_follow_the_birth_date_until_the_caseworker_records_a_day():
    on = date(2027, 1, 1)
    law = {m.key: m for m in plan.milestones(birth_date=date(2009, 6, 15), on=on)}
    assert list(law) == ["transition_meeting", "support_decision", "turns_18", "support_ends"]
    assert law["transition_meeting"].day == law["support_decision"].day == date(2026, 12, 15)  # at 17½
    assert law["transition_meeting"].passed and not law["transition_meeting"].recorded
    assert law["turns_18"].day == date(2027, 6, 15) and not law["turns_18"].passed
    assert law["support_ends"].day == date(2032, 6, 15)  # the 23rd birthday
    recorded = {m.key: m for m in plan.milestones(
        birth_date=date(2009, 6, 15), transition_meeting=date(2027, 1, 20), support_decision=date(2026, 12, 1),
        support_ends=date(2030, 6, 1), on=on)}
    assert recorded["transition_meeting"].day == date(2027, 1, 20) and recorded["transition_meeting"].recorded
    assert not recorded["transition_meeting"].passed and recorded["support_decision"].passed
    assert recorded["support_ends"].day == date(2030, 6, 1) and recorded["support_ends"].recorded
    assert not recorded["turns_18"].recorded  # the law's, never recorded
    unknown = {m.key: m for m in plan.milestones(birth_date=None, support_ends=date(2030, 1, 1), on=on)}
    assert unknown["turns_18"].day is None and unknown["transition_meeting"].day is None
    assert unknown["support_ends"].day == date(2030, 1, 1)
    leap = {m.key: m for m in plan.milestones(birth_date=date(2008, 2, 29), on=on)}
    assert leap["support_ends"].day == date(2031, 2, 28) and leap["turns_18"].day == date(2026, 2, 28)


def test_the_plan_is_offered_from_17_and_a_half_until_23():
    class Person:
        birth_date = date(2009, 6, 15)

    young = Person()
    assert not plan.offered(young, on=date(2026, 12, 14))  # type: ignore[arg-type]
    assert plan.offered(young, on=date(2026, 12, 15))  # type: ignore[arg-type]
    assert plan.offered(young, on=date(2032, 6, 14))  # type: ignore[arg-type]
    assert not plan.offered(young, on=date(2032, 6, 15))  # type: ignore[arg-type]


def test_the_caseworker_records_the_support_dates_and_she_sees_them(app, db):
    people = saras_circle(db, with_bisidder=False)
    sara, lene = people["sara"], people["lene"]
    sara.birth_date = date.today() - timedelta(days=int(17.6 * 365.25))
    db.add(sara)
    db.commit()
    birthday_23 = plan.milestones(birth_date=sara.birth_date, on=date.today())[-1].day
    assert birthday_23 is not None
    with pytest.raises(InvalidInput) as late:
        deadlines.record(db, professional=lene, young_person=sara, plan_date=None, plan_review=None,
                         transition_meeting=None, support_decision=None, support_ends=birthday_23 + timedelta(days=1))
    assert late.value.field == "support_ends"
    with pytest.raises(InvalidInput):
        deadlines.record(db, professional=lene, young_person=sara, plan_date=None, plan_review=None,
                         transition_meeting=None, support_decision=date(2027, 5, 1), support_ends=date(2027, 4, 1))
    db.rollback()
    lene_client = logged_in(app, lene)
    meeting_day, decision_day, end_day = (date.today() + timedelta(days=20), date.today() + timedelta(days=40),
                                          birthday_23 - timedelta(days=200))
    refused = post_form(lene_client, f"/people/{sara.id}/dates", {
        "support_ends": (birthday_23 + timedelta(days=3)).isoformat()}, token_page=f"/people/{sara.id}")
    assert refused.status_code == 400 and "ends at 23 at the latest" in refused.get_data(as_text=True)
    saved = post_form(lene_client, f"/people/{sara.id}/dates", {
        "transition_meeting": meeting_day.isoformat(), "support_decision": decision_day.isoformat(),
        "support_ends": end_day.isoformat()}, token_page=f"/people/{sara.id}")
    assert saved.status_code == 302
    page = logged_in(app, sara).get("/transition/").get_data(as_text=True)
    for day in (meeting_day, decision_day, end_day):
        assert f'datetime="{day.isoformat()}"' in page
    assert page.count('data-testid="recorded"') == 3
    # With no day recorded, the meeting about moving to adult life is the one in her meetings, if she has one.
    assert plan.milestones_of(db, db.get(User, sara.id))[0].planned is False
    deadlines.record(db, professional=lene, young_person=db.get(User, sara.id), plan_date=None, plan_review=None,
                     transition_meeting=None)
    planned = _meeting(db, db.get(User, sara.id))
    first = plan.milestones_of(db, db.get(User, sara.id))[0]
    assert first.planned and not first.recorded and first.day == planned.starts_at.astimezone(DANISH_TIME).date()
    reread(db)
    exported = personal_data.registry_of(app).sections["case_dates"].export(db, db.get(User, sara.id))
    assert exported["support_decision"] == decision_day.isoformat()
    assert exported["support_ends"] == end_day.isoformat()


# --- the plan: her goals and steps, her checklist ---------------------------------------------------------------


def test_goals_and_steps_are_the_small_steps_and_the_way_back_is_the_plan(app, db):
    people = saras_circle(db, with_bisidder=False)
    sara = people["sara"]
    sara_id = sara.id
    client = logged_in(app, sara)
    empty = client.get("/transition/").get_data(as_text=True)
    for area in plan.AREAS:
        assert f'data-testid="plan-area-{area}"' in empty and f'href="/steps/goal/{area}?from=plan"' in empty
    assert "Education or work" in empty and "People around me" in empty and "Everyday skills" in empty
    marker = _marker()
    goal = post_form(client, "/steps/goal/housing?from=plan", {"text": f"{marker}-goal"},
                     token_page="/steps/goal/housing?from=plan")
    assert goal.headers["Location"].endswith("/transition/#area-housing")
    step = post_form(client, "/steps/log?area=housing&from=plan&next=1",
                     {"area": "housing", "text": f"{marker}-step", "not_yet": "y"},
                     token_page="/steps/log?area=housing&from=plan&next=1")
    assert step.headers["Location"].endswith("/transition/#area-housing")
    leisure = steps.log_step(db, owner=db.get(User, sara_id), area="leisure", text=f"{marker}-leisure", day=None,
                             done=False)
    db.commit()
    page = client.get("/transition/").get_data(as_text=True)
    assert f"{marker}-goal" in page and f"{marker}-step" in page
    assert f"{marker}-leisure" not in page  # not an area of the plan
    assert f"{marker}-goal" in client.get("/steps/").get_data(as_text=True)  # one goal, both pages
    reread(db)
    next_step = db.exec(select(steps.Step).where(steps.Step.owner_id == sara_id, steps.Step.area == "housing")).one()
    done = post_form(client, f"/steps/{next_step.id}/done", {"from": "plan"}, token_page="/transition/")
    assert done.headers["Location"].endswith("/transition/#area-housing")
    assert leisure.id is not None


def test_only_she_ticks_the_checklist_and_it_is_in_her_data(app, db):
    people = saras_circle(db, with_bisidder=False)
    sara, lene = people["sara"], people["lene"]
    sara_id = sara.id
    client = logged_in(app, sara)
    page = client.get("/transition/").get_data(as_text=True)
    for key in ("bank", "mitid", "youth_flat", "su", "doctor", "moving"):
        assert f'data-testid="tick-{key}"' in page, key
    assert "Source:" in page and "checked" in page and "0 of 6" in page
    for _ in range(2):  # a double tap is one tick
        assert post_form(client, "/transition/checklist/bank", {"done": "1"},
                         token_page="/transition/").status_code == 302
    post_form(client, "/transition/checklist/su", {"done": "1"}, token_page="/transition/")
    reread(db)
    assert sorted(t.item for t in db.exec(select(ChecklistTick).where(ChecklistTick.owner_id == sara_id))) == [
        "bank", "su"]
    assert "2 of 6" in client.get("/transition/").get_data(as_text=True)
    post_form(client, "/transition/checklist/su", {"done": "0"}, token_page="/transition/")
    assert post_form(client, "/transition/checklist/castle", {"done": "1"},
                     token_page="/transition/").status_code == 404
    # Nobody else ticks for her: a professional's post is refused (404) and changes nothing.
    assert post_form(logged_in(app, lene), "/transition/checklist/mitid", {"done": "1"},
                     token_page="/").status_code == 404
    reread(db)
    assert [t.item for t in db.exec(select(ChecklistTick).where(ChecklistTick.owner_id == sara_id))] == ["bank"]
    exported = plan.export_plan(db, db.get(User, sara_id))
    assert [row["item"] for row in exported["ticked"]] == ["bank"]  # type: ignore[index]
    with pytest.raises(NotFound):
        plan.tick(db, owner=sara, item="nope", done=True)


# --- sharing --------------------------------------------------------------------------------------------------


def test_shared_with_one_professional_logged_and_withdrawn_at_once(app, db):
    people = saras_circle(db, with_bisidder=False)
    sara, lene, peter = people["sara"], people["lene"], people["peter"]
    marker = _marker()
    steps.set_goal(db, owner=sara, area="money", text=f"{marker}-goal")
    steps.log_step(db, owner=sara, area="money", text=f"{marker}-step", day=None, done=False)
    plan.tick(db, owner=sara, item="bank", done=True)
    db.commit()
    of_sara = f"/transition/of/{sara.id}"
    for who in ("lene", "peter", "mette", "ali", "sofie", "henrik", "mads"):
        response = logged_in(app, people[who]).get(of_sara)
        assert response.status_code == 404 and marker not in response.get_data(as_text=True), who
    sara_client = logged_in(app, sara)
    assert 'data-testid="not-shared"' in sara_client.get(f"/transition/preview/{lene.id}").get_data(as_text=True)
    post_form(sara_client, "/transition/share", {"share": [str(lene.id)]}, token_page="/transition/")
    preview = sara_client.get(f"/transition/preview/{lene.id}").get_data(as_text=True)
    assert 'data-testid="preview-note"' in preview and f"{marker}-goal" in preview
    lene_client = logged_in(app, lene)
    seen = lene_client.get(of_sara).get_data(as_text=True)
    assert f"{marker}-goal" in seen and f"{marker}-step" in seen and 'data-testid="thing-bank"' in seen
    assert 'data-testid="open-transition"' in lene_client.get(f"/people/{sara.id}").get_data(as_text=True)
    assert logged_in(app, peter).get(of_sara).status_code == 404  # shared with Lene only
    assert lene_client.get(f"/steps/of/{sara.id}").status_code == 404  # one scope is not another
    reread(db)
    kinds = {e.object_type for e in db.exec(select(AuditEvent).where(
        AuditEvent.actor_id == lene.id, AuditEvent.subject_id == sara.id, AuditEvent.action == "view"))}
    assert "transition" in kinds
    listed = sara_client.get("/seen/").get_data(as_text=True)
    assert "your plan for adult life" in listed and 'href="/transition/"' in listed
    post_form(sara_client, "/transition/share/stop", {}, token_page="/transition/")
    gone = lene_client.get(of_sara)
    assert gone.status_code == 404 and marker not in gone.get_data(as_text=True)


# --- preparing the meeting about moving to adult life --------------------------------------------------------


def test_the_transition_meeting_is_prepared_with_the_plan_one_tap_per_point(app, db):
    people = saras_circle(db, with_bisidder=False)
    sara, mads = people["sara"], people["mads"]
    marker = _marker()
    steps.set_goal(db, owner=sara, area="housing", text=f"{marker}-goal")
    steps.log_step(db, owner=sara, area="housing", text=f"{marker}-step", day=None, done=False)
    housing.save_answers(db, owner=sara, key="where", values={"town": f"{marker}-town", "near_whom": ""})
    network.add_person(db, owner=sara, data=network.PersonInput(name=f"{marker}-gran", relation="family",
                                                                circle="inner", helps=["housing", "money"]))
    transition, other = _meeting(db, sara), _meeting(db, sara, kind="plan")
    madss = _meeting(db, mads)
    db.commit()
    client = logged_in(app, sara)
    points_step = client.get(f"/meetings/{transition.id}/prepare/points").get_data(as_text=True)
    assert f'href="/transition/meeting/{transition.id}"' in points_step
    assert 'data-testid="bring-plan"' not in client.get(f"/meetings/{other.id}/prepare/points").get_data(as_text=True)
    assert client.get(f"/transition/meeting/{other.id}").status_code == 404  # only the meeting about adult life
    assert client.get(f"/transition/meeting/{madss.id}").status_code == 404  # and only her own
    page = client.get(f"/transition/meeting/{transition.id}").get_data(as_text=True)
    for key in ("area-housing", "housing", "help-housing", "help-money", "ask-support_decision"):
        assert f'data-testid="offer-{key}"' in page, key
    assert f"{marker}-goal" in page and f"{marker}-town" in page and f"{marker}-gran" in page
    for _ in range(2):  # the second tap adds nothing
        added = post_form(client, f"/transition/meeting/{transition.id}", {"offer": "area-housing"},
                          token_page=f"/transition/meeting/{transition.id}")
        assert added.status_code == 302
    post_form(client, f"/transition/meeting/{transition.id}", {"offer": "help-housing"},
              token_page=f"/transition/meeting/{transition.id}")
    gone = post_form(client, f"/transition/meeting/{transition.id}", {"offer": "nothing"},
                     token_page=f"/transition/meeting/{transition.id}")
    assert gone.status_code == 400 and 'data-testid="offer-error"' in gone.get_data(as_text=True)
    assert post_form(client, f"/transition/meeting/{other.id}", {"offer": "area-housing"},
                     token_page=f"/transition/meeting/{transition.id}").status_code == 404
    reread(db)
    texts = [p.text for p in db.exec(select(MeetingPoint).where(MeetingPoint.meeting_id == transition.id)
                                     .order_by(MeetingPoint.position))]
    assert len(texts) == 2
    assert f"{marker}-goal" in texts[0] and f"{marker}-step" in texts[0] and f"{marker}-gran" in texts[1]
    assert 'data-testid="offer-added"' in client.get(f"/transition/meeting/{transition.id}").get_data(as_text=True)
    with pytest.raises(NotFound):
        preparation.for_meeting(db.get(type(other), other.id))
