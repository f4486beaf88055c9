"""Issue 19: "What I have achieved": a printable page with only what the young person picks, never her case."""

from __future__ import annotations

from datetime import date

from support.casebuilder import build_case
from support.people import login_as

from youthvoice.meetings import decisions
from youthvoice.meetings.models import DecisionStatus
from youthvoice.network import steps


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def test_the_portfolio_shows_only_what_she_picked_and_nothing_of_her_case(app, db):
    case = build_case(db)  # a meeting with preparation, points, a decision and notes, all marked
    sara = case.people["sara"]
    goal = steps.set_goal(db, owner=sara, area="housing", text="PICKED-goal: my own flat")
    steps.reach_goal(db, owner=sara, area="housing", on=date(2026, 10, 1))
    course = steps.log_step(db, owner=sara, area="school_work", text="PICKED-step: first aid course",
                            day=date(2026, 9, 14))
    diary = steps.log_step(db, owner=sara, area="everyday", text="UNPICKED-step: cried all evening",
                           day=date(2026, 9, 15))
    planned = steps.log_step(db, owner=sara, area="housing", text="PLANNED-step: call the landlord", day=None,
                             done=False)  # a next step, not taken yet: not an achievement
    decision = decisions.create_decision(db, owner=sara, text="UNPICKED-decision: move out in May",
                                         status=DecisionStatus.DECISION)
    db.commit()
    client = _client(app, sara)
    chooser = client.get("/account/portfolio").get_data(as_text=True)
    for text in ("PICKED-goal", "PICKED-step", "UNPICKED-step", "UNPICKED-decision"):
        assert text in chooser  # everything of hers that may go in is offered ...
    assert case.marker not in chooser.replace(f"{case.marker}-decision", "")  # ... nothing of the meeting's
    assert "PLANNED-step" not in chooser and str(planned.id) not in chooser

    page = client.get(f"/account/portfolio/print?goal={goal.id}&step={course.id}&decision=not-an-id"
                      f"&step={case.ids['step_id']}").get_data(as_text=True)
    assert "PICKED-goal: my own flat" in page and "PICKED-step: first aid course" in page
    assert "UNPICKED" not in page and case.marker not in page  # a meeting's next step is not hers to pick here
    assert str(diary.id) not in page and str(decision.id) not in page

    mads = _client(app, case.people["mads"])  # another young person with Sara's ids gets nothing of hers
    other = mads.get(f"/account/portfolio/print?goal={goal.id}&step={course.id}").get_data(as_text=True)
    assert "PICKED" not in other and 'data-testid="portfolio-nothing"' in other
    for name in ("lene", "henrik"):
        assert _client(app, case.people[name]).get("/account/portfolio").status_code == 404


def test_an_empty_portfolio_says_what_to_do(app, db):
    case = build_case(db)
    page = _client(app, case.people["mads"]).get("/account/portfolio").get_data(as_text=True)
    assert 'data-testid="portfolio-empty"' in page
