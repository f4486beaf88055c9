"""Does having a say make a difference? (issue 22.3-22.5): the municipality's figures per quarter, counted by the
database; small groups hidden (counting young people, not answers); the partnership's evaluators see only the
municipalities that opted in, never a young person; and no CSV ever holds a small or derivable figure."""

from __future__ import annotations

import csv
import io
import random
from collections import defaultdict
from datetime import date, timedelta

from sqlmodel import select
from support.client import post_form
from support.database import reread
from support.evidence import meeting, young_people
from support.people import login_as, make_municipality, make_person
from support.querycount import statements_for

from youthvoice.admin import evidence
from youthvoice.admin.evidence_export import COLUMNS
from youthvoice.admin.statistics import MIN_YOUNG_PEOPLE, Hidden, check_row
from youthvoice.identity.models import Municipality, Role, User
from youthvoice.meetings import receipts
from youthvoice.meetings.models import MeetingDecision

WINTER, SPRING = date(2026, 2, 3), date(2026, 5, 5)
NOW_LATER = date(2026, 11, 1)


def _client(app, person):
    client = app.test_client()
    login_as(app, client, person)
    return client


def _figures(db, town, breakdown="kind"):
    from datetime import UTC, datetime

    return evidence.evidence(db, [town.id], due_days=5, breakdown=breakdown, now=datetime(2026, 11, 1, tzinfo=UTC))[
        town.id
    ]


def _row(found, measure, key):
    return next(row for row in found.trends[measure].rows if row.quarter.key == key)


def test_the_figures_per_quarter_kind_and_age(db):
    town = make_municipality(db)
    minors = young_people(db, town, 6, born=date(2010, 1, 1))
    adults = young_people(db, town, 5, born=date(2005, 1, 1))
    for index, person in enumerate(minors + adults):
        meeting(
            db,
            person,
            day=WINTER,
            kind="plan",
            heard=5 if index % 2 else 2,
            said=4,
            knows=1,
            receipts=[("followed", 2), ("not_followed", 9), (None, None)],
        )
    db.commit()
    found = _figures(db, town)
    winter = _row(found, "listened", "2026-Q1")
    assert winter.total.young_people == 11 and winter.total.value == round(100 * 5 / 11)
    assert winter.groups["plan"].young_people == 11 and winter.groups["network"].young_people is None
    assert _row(found, "said_what_mattered", "2026-Q1").total.value == 100
    assert _row(found, "knows_what_happens", "2026-Q1").total.value == 0
    # three wishes each: one answered after 2 working days, one after 9, one never (overdue by November)
    assert _row(found, "on_time", "2026-Q1").total.value == 33
    assert _row(found, "wishes", "2026-Q1").total.values == (50, 0, 50)
    assert _row(found, "answer_days", "2026-Q1").total.value == 5.5
    by_age = _row(_figures(db, town, "age"), "listened", "2026-Q1")
    assert by_age.groups["under_18"].young_people == 6 and by_age.groups["18_plus"].young_people == 5
    assert found.trends["listened"].baseline.percent == 75
    assert found.trends["on_time"].baseline is None


def test_young_people_are_counted_not_answers(db):
    """Four young people with three meetings each in a quarter are a group of four: nothing is shown."""
    town = make_municipality(db)
    for person in young_people(db, town, 4):
        for day in (WINTER, WINTER + timedelta(days=7), WINTER + timedelta(days=14)):
            meeting(db, person, day=day, receipts=[("followed", 1)])
    db.commit()
    for measure, trend in _figures(db, town).trends.items():
        for row in trend.rows:
            assert row.total.young_people is None and row.total.values is None, measure
            assert all(figure.young_people is None for figure in row.groups.values())


def test_a_small_kind_of_meeting_is_hidden_with_the_next_smallest(db):
    town = make_municipality(db)
    people = young_people(db, town, 10)
    for index, person in enumerate(people):
        meeting(db, person, day=SPRING, kind="plan" if index < 7 else "network")
    db.commit()
    row = _row(_figures(db, town), "listened", "2026-Q2")
    assert row.total.young_people == 10
    assert row.groups["network"].hidden == Hidden.SMALL
    assert row.groups["plan"].hidden == Hidden.PROTECTS and row.groups["plan"].values is None


def test_a_total_one_breakdown_must_hide_is_hidden_in_the_other_too(db):
    """Five young people, each at a different kind of meeting, all under 18: by kind, five groups of one each
    would follow from a shown total of five, so the total hides; the age band "under 18" (five) would show that
    total again, so it hides too."""
    town = make_municipality(db)
    kinds = ["child_conversation", "plan", "network", "transition", "other"]
    for person, kind in zip(young_people(db, town, 5), kinds, strict=True):
        meeting(db, person, day=WINTER, kind=kind)
    db.commit()
    for breakdown in ("kind", "age"):
        row = _row(_figures(db, town, breakdown), "listened", "2026-Q1")
        assert row.total.young_people is None and row.total.hidden == Hidden.PROTECTS, breakdown
        assert all(figure.young_people is None for figure in row.groups.values()), breakdown
    assert _row(_figures(db, town, "age"), "listened", "2026-Q1").groups["under_18"].hidden == Hidden.PROTECTS


def test_the_first_answer_of_a_receipt_is_kept_in_working_days(db):
    from support.casebuilder import build_case

    from youthvoice.sharing.access import meeting_for

    case = build_case(db)
    view = meeting_for(db, case.people["lene"], case.meeting.id, log_view=False)
    receipts.answer(db, access=view, link_id=case.ids["link_id"], answer_value="partly", reason="Delvist")
    db.commit()
    link = db.get(MeetingDecision, case.ids["link_id"])
    first = link.first_answer_at
    assert first is not None and link.answer_working_days is not None
    receipts.answer(db, access=view, link_id=case.ids["link_id"], answer_value="followed", reason="Nu helt")
    db.commit()
    reread(db)
    link = db.get(MeetingDecision, case.ids["link_id"])
    assert link.first_answer_at == first and link.receipt_answer == "followed"  # the first answer stays first
    assert receipts.working_days_until(date(2026, 12, 4), date(2026, 12, 4)) == 0
    assert receipts.working_days_until(date(2026, 12, 4), date(2026, 12, 7)) == 1  # Friday to Monday
    assert receipts.working_days_until(date(2026, 12, 4), date(2026, 12, 12)) == 6  # a Saturday after the 5th day


def _rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


def _check_export(rows):
    """Every row group of an export (municipality, quarter, breakdown, measure): nothing under the minimum is
    shown, and no hidden cell can be worked out from the shown total and the shown cells."""
    groups = defaultdict(list)
    for row in rows:
        groups[(row["municipality"], row["quarter"], row["breakdown"], row["measure"])].append(row)
    problems = []
    for key, members in groups.items():
        total = next((row for row in members if row["group"] == "all"), None)
        cells = [row for row in members if row["group"] != "all"]
        shown = {row["group"]: int(row["young_people"]) for row in cells if row["young_people"]}
        hidden = {row["group"] for row in cells if not row["young_people"]}
        for row in members:
            assert bool(row["young_people"]) != bool(row["suppressed"]), row
            assert row["value"] == "" or row["young_people"], row
        shown_total = int(total["young_people"]) if total and total["young_people"] else None
        problems += [f"{key}: {problem}" for problem in check_row(shown, hidden, shown_total)]
    totals = defaultdict(set)  # a quarter's total is the same in both breakdowns, or hidden in both
    for (town, quarter, _breakdown, measure), members in groups.items():
        totals[(town, quarter, measure)] |= {row["young_people"] for row in members if row["group"] == "all"}
    problems += [f"{key}: totals {found}" for key, found in totals.items() if len(found) > 1]
    return problems


def test_no_export_holds_a_small_or_derivable_figure(app, db):
    """Random municipalities, small and large, one or several kinds of meeting and ages: the admin's and the
    partner's CSV hold no figure under five and nothing a reader could work out."""
    rng = random.Random(22)
    towns = []
    for size in (3, 4, 6, 9, 17, 40):
        town = make_municipality(db, f"By{size}")
        town.shares_evidence = True
        db.add(town)
        db.commit()
        towns.append(town)
        for person in young_people(db, town, size, born=None) + young_people(db, town, size // 3):
            for _ in range(rng.randint(1, 3)):
                day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 600))
                meeting(
                    db,
                    person,
                    day=day,
                    kind=rng.choice(["plan", "plan", "network", "transition"]),
                    heard=rng.choice([None, 1, 3, 4, 5]),
                    said=rng.choice([None, 2, 5]),
                    knows=rng.choice([None, 4]),
                    receipts=[
                        rng.choice([("followed", 3), ("partly", 7), (None, None)]) for _ in range(rng.randint(0, 2))
                    ],
                )
    db.commit()
    admin = make_person(db, towns[-1], Role.ADMIN)
    partner = make_person(db, towns[0], Role.PARTNER)
    admin_csv = _client(app, admin).get("/admin/evidence.csv")
    partner_csv = _client(app, partner).get("/partner/evidence.csv")
    assert admin_csv.status_code == 200 and partner_csv.status_code == 200
    assert admin_csv.mimetype == "text/csv"
    for text in (admin_csv.get_data(as_text=True), partner_csv.get_data(as_text=True)):
        rows = _rows_of(text)
        assert rows and tuple(rows[0]) == COLUMNS
        assert not _check_export(rows)
        assert all(int(row["young_people"]) >= MIN_YOUNG_PEOPLE for row in rows if row["young_people"])
    partner_rows = _rows_of(partner_csv.get_data(as_text=True))
    assert {row["municipality"] for row in partner_rows} <= {town.name for town in towns}
    assert not [row for row in partner_rows if row["municipality"] in ("By3", "By4") and row["young_people"]]
    assert {row["suppressed"] for row in partner_rows} >= {"", "fewer_than_5", "protects_another"}


def test_the_admin_page_shows_the_trends_beside_the_baseline(app, db):
    town = make_municipality(db)
    other = make_municipality(db, "Ballerup")
    for person in young_people(db, town, 6):
        meeting(db, person, day=WINTER, heard=5, receipts=[("followed", 1)])
        meeting(db, person, day=SPRING, heard=3)
    for person in young_people(db, other, 30):  # another municipality's meetings never count here
        meeting(db, person, day=WINTER, heard=1)
    db.commit()
    admin = make_person(db, town, Role.ADMIN)
    page = _client(app, admin).get("/admin/evidence").get_data(as_text=True)
    for measure in evidence.MEASURES:
        assert f'data-testid="trend-{measure}"' in page
    assert 'class="trend-chart"' in page and 'class="baseline"' in page and "VIVE 2020" in page
    assert "Q1 2026" in page and ">6<" in page and "100" in page and ">30<" not in page
    assert 'data-testid="baseline-listened"' in page and 'data-testid="baseline-said_what_mattered"' not in page
    by_age = _client(app, admin).get("/admin/evidence?by=age").get_data(as_text=True)
    assert "Under 18" in by_age
    about = _client(app, admin).get("/evidence/about").get_data(as_text=True)
    for column in COLUMNS:
        assert f"<code>{column}</code>" in about
    assert "protects_another" in about


def test_the_page_costs_the_same_statements_for_more_meetings(app, db):
    town = make_municipality(db)
    admin = make_person(db, town, Role.ADMIN)
    client = _client(app, admin)
    counts = []
    for _round in range(2):
        for person in young_people(db, town, 6):
            meeting(db, person, day=WINTER, receipts=[("followed", 1)])
            meeting(db, person, day=SPRING)
        db.commit()
        counts.append(statements_for(app, client, "/admin/evidence")[0])
    assert counts[0] == counts[1]


def _share(admin, value):
    return post_form(admin, "/admin/evidence/sharing", {"share": value}, token_page="/admin/evidence")


def test_an_admin_opts_in_and_out_and_the_partner_sees_only_opted_in_municipalities(app, db):
    town = make_municipality(db)
    neighbour = make_municipality(db, "Ballerup")
    for place in (town, neighbour):
        for person in young_people(db, place, 6):
            meeting(db, person, day=WINTER, heard=5)
    db.commit()
    admin = _client(app, make_person(db, town, Role.ADMIN))
    partner_person = make_person(db, neighbour, Role.PARTNER)
    partner = _client(app, partner_person)
    assert partner.get("/").headers["Location"].endswith("/partner/")
    assert town.name not in partner.get("/partner/").get_data(as_text=True)
    assert partner.get(f"/partner/municipality/{town.slug}").status_code == 404
    assert _share(admin, "yes").status_code == 302
    reread(db)
    assert db.get(Municipality, town.id).shares_evidence
    listing = partner.get("/partner/").get_data(as_text=True)
    assert town.name in listing and neighbour.name not in listing  # the partner's own "home" did not opt in
    page = partner.get(f"/partner/municipality/{town.slug}")
    assert page.status_code == 200 and 'data-testid="trend-listened"' in page.get_data(as_text=True)
    assert 'data-testid="evidence-sharing"' not in page.get_data(as_text=True)
    assert partner.get(f"/partner/municipality/{neighbour.slug}").status_code == 404
    names = {user.display_name for user in db.exec(select(User).where(User.municipality_id == town.id))}
    text = page.get_data(as_text=True) + partner.get("/partner/evidence.csv").get_data(as_text=True)
    assert not [name for name in names if name in text]  # no young person's (or anyone's) name
    assert _share(admin, "no").status_code == 302
    assert partner.get(f"/partner/municipality/{town.slug}").status_code == 404
    assert "Roskilde" not in partner.get("/partner/evidence.csv").get_data(as_text=True)
    for path in ("/admin/", "/admin/evidence", "/admin/evidence.csv", "/people/", "/meetings/", "/admin/voice"):
        assert partner.get(path).status_code == 404, path


def test_an_admin_invites_a_partner_who_gets_staff_session_limits(app, db):
    from youthvoice.identity.sessions import limits_for

    town = make_municipality(db)
    admin = _client(app, make_person(db, town, Role.ADMIN))
    response = post_form(
        admin,
        "/admin/invite",
        {"display_name": "Eva Lund", "title": "Evaluator", "role": "partner"},
        token_page="/admin/invite",
    )
    assert response.status_code == 302
    reread(db)
    eva = db.exec(select(User).where(User.display_name == "Eva Lund")).one()
    assert eva.role == Role.PARTNER and eva.municipality_id == town.id and not eva.is_coordinator
    assert "Eva Lund" in admin.get(f"/admin/people/{eva.id}").get_data(as_text=True)
    assert limits_for(app, eva) == limits_for(app, make_person(db, town, Role.ADMIN))
