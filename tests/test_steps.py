"""My small steps: goals, steps, ratings, the progress chart, ideas from professionals and the municipality's
anonymous overview (the sharing pages and the access matrix for every /steps route are in test_scope_sharing.py)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from sqlmodel import select
from support.client import post_form
from support.database import reread
from support.netcase import SVG, build_net_case, chart_of, logged_in, points_of
from support.people import link, make_municipality, make_person

from youthvoice.admin import overview
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.identity.models import Role
from youthvoice.network import steps
from youthvoice.network.models import AreaRating, Goal, Step, StepSuggestion
from youthvoice.notify.models import Notification
from youthvoice.privacy.models import AuditEvent
from youthvoice.web.charts import RatingPoint, progress_svg

# --- steps ---------------------------------------------------------------------------------------------


def test_log_a_step_and_bad_input_keeps_what_was_typed(app, db):
    sara = make_person(db, make_municipality(db))
    client = logged_in(app, sara)
    typed = {"area": "housing", "text": "Jeg ringede til boligforeningen & <spurgte>", "day": "24/11/2026"}
    bad = post_form(client, "/steps/log", typed, token_page="/steps/log")
    assert bad.status_code == 400
    body = bad.get_data(as_text=True)
    assert "YYYY-MM-DD" in body and "Jeg ringede til boligforeningen &amp; &lt;spurgte&gt;" in body
    assert 'value="24/11/2026"' in body
    tomorrow = (steps.today() + timedelta(days=1)).isoformat()
    for changes, message in (({"day": tomorrow}, "has not come yet"), ({"day": "1999-12-31"}, "2000 or later"),
                             ({"day": ""}, "Please fill this in."), ({"text": ""}, "Please fill this in."),
                             ({"text": "x" * 501}, "under 500 characters"),
                             ({"area": "space"}, "Choose one of the areas")):
        response = post_form(client, "/steps/log", typed | {"day": "2026-01-05"} | changes, token_page="/steps/log")
        assert response.status_code == 400, changes
        assert message in response.get_data(as_text=True), changes
    good = post_form(client, "/steps/log", typed | {"day": "2026-01-05"}, token_page="/steps/log")
    assert good.status_code == 302
    next_step = post_form(client, "/steps/log", {"area": "money", "text": "Lave et budget", "day": "",
                                                  "not_yet": "y"}, token_page="/steps/log")
    assert next_step.status_code == 302
    reread(db)
    rows = {step.text: step for step in db.exec(select(Step))}
    assert rows[typed["text"]].day == date(2026, 1, 5) and rows[typed["text"]].area == "housing"
    assert rows["Lave et budget"].day is None
    assert b"boligforeningen" not in rows[typed["text"]].text_sealed
    page = client.get("/steps/").get_data(as_text=True)
    assert "Lave et budget" in page and 'data-testid="next-steps"' in page


def test_a_next_step_becomes_achieved_when_done(app, db):
    sara = make_person(db, make_municipality(db))
    step = steps.log_step(db, owner=sara, area="everyday", text="Vaske mit tøj", day=None, done=False)
    db.commit()
    client = logged_in(app, sara)
    assert post_form(client, f"/steps/{step.id}/done", token_page="/steps/").status_code == 302
    reread(db)
    assert db.get(Step, step.id).day == steps.today()
    achieved = steps.achieved(db, sara)
    assert [(a.text, a.kind) for a in achieved] == [("Vaske mit tøj", "step")]
    assert post_form(client, f"/steps/{step.id}/remove", token_page="/steps/").status_code == 302
    reread(db)
    assert db.exec(select(Step)).all() == []


# --- ratings -------------------------------------------------------------------------------------------


def test_rate_areas_and_bad_input(app, db):
    sara = make_person(db, make_municipality(db))
    client = logged_in(app, sara)
    for values, message in (({"rate_housing": "0"}, "Choose a number from 1 to 10."),
                            ({"rate_housing": "11"}, "Choose a number from 1 to 10."),
                            ({"rate_money": "seven"}, "Choose a number from 1 to 10."),
                            ({}, "Rate at least one area."),
                            ({"rate_housing": "5", "day": "2026-13-01"}, "YYYY-MM-DD"),
                            ({"rate_housing": "5", "day": (steps.today() + timedelta(days=3)).isoformat()},
                             "has not come yet")):
        response = post_form(client, "/steps/rate", {"day": "2026-03-01", "rate_leisure": "8"} | values
                             if values else {"day": "2026-03-01"}, token_page="/steps/rate")
        assert response.status_code == 400, values
        body = response.get_data(as_text=True)
        assert message in body, values
        if values:
            assert 'value="8"' in body  # what was typed stays
    for value in ("3", "6"):  # the same day twice: the second replaces the first
        response = post_form(client, "/steps/rate", {"day": "2026-03-01", "rate_housing": value, "rate_money": ""},
                             token_page="/steps/rate")
        assert response.status_code == 302
    reread(db)
    rows = db.exec(select(AreaRating)).all()
    assert [(r.area, r.day, r.value) for r in rows] == [("housing", date(2026, 3, 1), 6)]


def test_the_chart_is_valid_svg_with_every_rating(app, db):
    sara = make_person(db, make_municipality(db))
    days = [date(2026, 1, 10), date(2026, 2, 14), date(2026, 4, 2)]
    for day, value in zip(days, (3, 5, 8), strict=True):
        steps.rate(db, owner=sara, day=day, values={"housing": value, "leisure": 10 - value})
    steps.rate(db, owner=sara, day=days[1], values={"money": 1})
    db.commit()
    page = logged_in(app, sara).get("/steps/").get_data(as_text=True)
    housing = chart_of(page, "housing")
    assert housing.get("role") == "img" and housing.get("aria-labelledby") == "chart-housing-title chart-housing-desc"
    assert points_of(housing) == [(d.isoformat(), v) for d, v in zip(days, (3, 5, 8), strict=True)]
    assert points_of(chart_of(page, "leisure")) == [(d.isoformat(), v) for d, v in zip(days, (7, 5, 2), strict=True)]
    assert points_of(chart_of(page, "money")) == [(days[1].isoformat(), 1)]
    assert 'id="chart-health"' not in page and "Not rated yet." in page
    # Higher ratings are drawn higher, later days further right.
    dots = [d for d in housing.iter(f"{SVG}circle") if d.get("class") == "rating-point"]
    assert float(dots[0].get("cy")) > float(dots[1].get("cy")) > float(dots[2].get("cy"))
    assert float(dots[0].get("cx")) < float(dots[1].get("cx")) < float(dots[2].get("cx"))
    # The same numbers as a table beside it.
    table = page[page.index('id="area-housing"'):page.index('id="area-school_work"')]
    for value in ("3", "5", "8"):
        assert f"<td>{value}</td>" in table


def test_the_chart_escapes_every_text():
    svg = str(progress_svg([RatingPoint(date(2026, 1, 1), 4), RatingPoint(date(2026, 2, 1), 10)], svg_id="c",
                           title="<script>alert(1)</script>", description="Tom & Jerry",
                           day_label=lambda day: f"<{day.month}>"))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "Tom &amp; Jerry" in svg
    parsed = ET.fromstring(svg)  # noqa: S314 - our own markup
    assert parsed.find(f"{SVG}title").text == "<script>alert(1)</script>"
    assert [t.text for t in parsed.iter(f"{SVG}text") if t.get("class") == "axis"][-2:] == ["<1>", "<2>"]
    assert [t.text for t in parsed.iter(f"{SVG}text") if t.get("class") == "rating-value"] == ["4", "10"]


def test_ratings_out_of_range_are_refused_by_the_rules(app, db):
    sara = make_person(db, make_municipality(db))
    with app.test_request_context():
        for values in ({"housing": 0}, {"housing": 11}, {"nowhere": 5}, {}):
            with pytest.raises(InvalidInput):
                steps.rate(db, owner=sara, day=steps.today(), values=values)


# --- goals ---------------------------------------------------------------------------------------------


def test_goals_set_change_reach_and_remove(app, db):
    sara = make_person(db, make_municipality(db))
    client = logged_in(app, sara)
    assert client.get("/steps/goal/space").status_code == 404
    empty = post_form(client, "/steps/goal/housing", {"text": ""}, token_page="/steps/")
    assert empty.status_code == 400 and "Please fill this in." in empty.get_data(as_text=True)
    long = post_form(client, "/steps/goal/housing", {"text": "y" * 501}, token_page="/steps/")
    assert long.status_code == 400 and "y" * 501 in long.get_data(as_text=True)
    for text in ("Min egen lejlighed", "Min egen lejlighed før sommer"):
        assert post_form(client, "/steps/goal/housing", {"text": text}, token_page="/steps/").status_code == 302
    reread(db)
    goals = db.exec(select(Goal)).all()
    assert [(g.area, g.text) for g in goals] == [("housing", "Min egen lejlighed før sommer")]
    assert "Min egen lejlighed før sommer" in client.get("/steps/").get_data(as_text=True)
    assert post_form(client, "/steps/goal/housing/reached", token_page="/steps/").status_code == 302
    reread(db)
    assert [(a.kind, a.text) for a in steps.achieved(db, sara)] == [("goal", "Min egen lejlighed før sommer")]
    assert post_form(client, "/steps/goal/housing/remove", token_page="/steps/").status_code == 404  # none open
    assert post_form(client, "/steps/goal/money", {"text": "Et budget"}, token_page="/steps/").status_code == 302
    assert post_form(client, "/steps/goal/money/remove", token_page="/steps/").status_code == 302
    reread(db)
    assert steps.open_goals(db, sara) == {}


# --- ideas from professionals --------------------------------------------------------------------------


def test_a_suggestion_becomes_a_step_only_when_the_young_person_accepts(app, db):
    case = build_net_case(db)
    sara, lene = case.people["sara"], case.people["lene"]
    lene_client = logged_in(app, lene)
    bad = post_form(lene_client, f"/steps/of/{sara.id}/suggest", {"area": "money", "text": ""},
                    token_page="/people/")
    assert bad.status_code == 400 and "Please fill this in." in bad.get_data(as_text=True)
    typed = post_form(lene_client, f"/steps/of/{sara.id}/suggest", {"area": "moon", "text": "Kept words"},
                      token_page="/people/")
    assert typed.status_code == 400 and "Kept words" in typed.get_data(as_text=True)
    steps_before = len(db.exec(select(Step)).all())
    sent = post_form(lene_client, f"/steps/of/{sara.id}/suggest", {"area": "money", "text": "Åbn en opsparing"},
                     token_page="/people/")
    assert sent.status_code == 302
    reread(db)
    assert len(db.exec(select(Step)).all()) == steps_before  # nothing changes for Sara yet
    idea = db.exec(select(StepSuggestion).where(StepSuggestion.area == "money")).one()
    assert idea.author_name == "Lene Holm" and idea.accepted_at is None
    kinds = [n.kind for n in db.exec(select(Notification).where(Notification.user_id == sara.id))]
    assert kinds.count("step_suggested") == 1  # two ideas while she had not looked: one notification
    sara_client = logged_in(app, sara)
    page = sara_client.get("/steps/").get_data(as_text=True)
    assert "Åbn en opsparing" in page and "Idea from Lene Holm" in page
    # Lene cannot accept on Sara's behalf.
    assert post_form(lene_client, f"/steps/suggestions/{idea.id}/accept", token_page="/people/").status_code == 404
    assert post_form(sara_client, f"/steps/suggestions/{idea.id}/accept", token_page="/steps/").status_code == 302
    assert post_form(sara_client, f"/steps/suggestions/{idea.id}/accept", token_page="/steps/").status_code == 404
    reread(db)
    made = db.exec(select(Step).where(Step.area == "money", Step.day.is_(None))).all()  # type: ignore[union-attr]
    assert "Åbn en opsparing" in [s.text for s in made]
    assert db.get(StepSuggestion, idea.id).step_id in [s.id for s in made]
    assert "suggestion_answered" in [n.kind for n in db.exec(select(Notification).where(
        Notification.user_id == lene.id))]
    assert "Taken as a step" in lene_client.get(f"/steps/of/{sara.id}").get_data(as_text=True)
    # Declining makes no step.
    first = case.ids["suggestion_id"]
    assert post_form(sara_client, f"/steps/suggestions/{first}/decline", token_page="/steps/").status_code == 302
    reread(db)
    assert f"{case.marker}-idea" not in [s.text for s in db.exec(select(Step))]
    assert db.get(StepSuggestion, first).declined_at is not None


def test_only_a_professional_the_steps_are_shared_with_can_suggest(app, db):
    case = build_net_case(db)
    sara = case.people["sara"]
    for who in ("peter", "mette", "ali", "sofie", "henrik", "mads"):
        response = post_form(logged_in(app, case.people[who]), f"/steps/of/{sara.id}/suggest",
                             {"area": "money", "text": "x"}, token_page="/account/")
        assert response.status_code == 404, who
    from youthvoice.sharing.access import steps_for

    with pytest.raises(NotFound):
        steps.suggest(db, access=steps_for(db, sara, sara.id), area="money", text="to myself")
    assert len(db.exec(select(StepSuggestion)).all()) == 1


# --- the municipality's overview -----------------------------------------------------------------------


def _young_people(db, municipality, count):  # type: ignore[no-untyped-def]
    return [make_person(db, municipality, name=f"Ung {n}") for n in range(count)]


def test_overview_hides_groups_smaller_than_five(app, db):
    roskilde, ballerup = make_municipality(db, "Roskilde"), make_municipality(db, "Ballerup")
    first, latest = steps.today() - timedelta(days=60), steps.today() - timedelta(days=5)
    people = _young_people(db, roskilde, 5)
    for index, person in enumerate(people):
        steps.rate(db, owner=person, day=first, values={"housing": 3 + index % 2, "money": 5})
        steps.rate(db, owner=person, day=latest, values={"housing": 6})
        if index < 4:
            steps.rate(db, owner=person, day=latest, values={"money": 7})  # only four rated money twice
    for person in _young_people(db, ballerup, 6):  # the other municipality never counts here
        steps.rate(db, owner=person, day=first, values={"health": 1})
        steps.rate(db, owner=person, day=latest, values={"health": 9})
    db.commit()
    use = overview.steps_use(db, roskilde.id, since=first - timedelta(days=1), until=steps.today())
    assert (use.young_people, use.ratings) == (5, 19)
    moves = {move.area: move for move in use.areas}
    assert (moves["housing"].young_people, moves["housing"].first, moves["housing"].latest) == (5, 3.4, 6.0)
    assert moves["housing"].change == 2.6
    assert moves["money"].hidden and moves["money"].young_people is None and moves["money"].first is None
    assert moves["health"].hidden
    # A period in which fewer than five used the steps: no figure at all.
    hidden = overview.steps_use(db, roskilde.id, since=latest + timedelta(days=1), until=steps.today())
    assert (hidden.young_people, hidden.steps_done, hidden.ratings) == (None, None, None)


def test_overview_page_for_admins_only(app, db):
    roskilde = make_municipality(db)
    henrik = make_person(db, roskilde, Role.ADMIN, name="Henrik")
    lene = make_person(db, roskilde, Role.PROFESSIONAL, name="Lene")
    people = _young_people(db, roskilde, 4)
    for person in people:
        steps.log_step(db, owner=person, area="housing", text="SECRET-TEXT", day=steps.today())
        link(db, person, lene)
    db.commit()
    admin = logged_in(app, henrik)
    page = admin.get("/admin/steps").get_data(as_text=True)
    assert "SECRET-TEXT" not in page and 'data-testid="steps-use-hidden"' in page
    fifth = make_person(db, roskilde, name="Ung 5")
    steps.log_step(db, owner=fifth, area="money", text="SECRET-TEXT", day=steps.today())
    db.commit()
    page = admin.get("/admin/steps").get_data(as_text=True)
    assert 'data-testid="steps-use"' in page and "<strong>5</strong>" in page and "SECRET-TEXT" not in page
    bad = admin.get("/admin/steps?since=yesterday&until=2026-01-01")
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.get_data(as_text=True)
    backwards = admin.get("/admin/steps?since=2026-05-01&until=2026-01-01")
    assert backwards.status_code == 400 and "before the end" in backwards.get_data(as_text=True)
    assert admin.get("/admin/steps?since=2026-01-01&until=2026-05-01").status_code == 200
    assert logged_in(app, lene).get("/admin/steps").status_code == 404
    assert logged_in(app, people[0]).get("/admin/steps").status_code == 404


# --- what a professional sees (the sharing pages and the access matrix: test_scope_sharing.py) -------------


def test_every_view_by_a_professional_is_logged_before_it_is_shown(app, db):
    case = build_net_case(db)
    lene, sara = case.people["lene"], case.people["sara"]
    client = logged_in(app, lene)
    client.get(f"/steps/of/{sara.id}")
    post_form(client, f"/steps/of/{sara.id}/suggest", {"area": "money", "text": ""}, token_page="/account/")
    reread(db)
    views = db.exec(select(AuditEvent).where(AuditEvent.action == "view", AuditEvent.actor_id == lene.id)).all()
    assert [(v.object_type, v.subject_id) for v in views] == [("steps", sara.id), ("steps", sara.id)]
