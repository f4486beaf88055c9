"""The caseload list ("Mine unge", issue 18.1): a status line per young person from what the professional is party
to, sorted by who needs them first, by name or by the next meeting, searched by name and filtered; the statements
per page do not grow with the caseload, and nothing unshared shows."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select
from support.people import link, login_as, make_municipality, make_person
from support.querycount import statements_for

from youthvoice.casework import caseload, deadlines
from youthvoice.casework.models import CaseDates
from youthvoice.core.danish_calendar import local_today
from youthvoice.core.model import utcnow
from youthvoice.identity.ages import add_months
from youthvoice.identity.models import Role, User
from youthvoice.meetings import decisions, meetings, preparation, receipts
from youthvoice.meetings.models import DecisionStatus, Meeting, MeetingDecision
from youthvoice.sharing import access, sharing
from youthvoice.sharing.models import SharePart
from youthvoice.support import support

ALL = [SharePart.BASICS, SharePart.PREPARATION, SharePart.DECISIONS, SharePart.AFTER]


def _meeting(
    db: Session,
    owner: User,
    *,
    days: float,
    shared_with: User | None = None,
    parts: list[str] = ALL,
    decision: bool = False,
    words: str = "Det er svært",
) -> Meeting:
    meeting = meetings.create_meeting(
        db,
        owner=owner,
        created_by=owner,
        data=meetings.MeetingInput(
            kind="plan", starts_at=utcnow() + timedelta(days=days), place="Rådhuset", others="", participant_ids=[]
        ),
        allowed_participants=[],
    )
    preparation.save_answers(db, meeting=meeting, values={"hard": words})
    if decision:
        decisions.create_decision(
            db, owner=owner, text="Jeg vil bo her", status=DecisionStatus.DECISION, meeting=meeting
        )
    if shared_with is not None:
        sharing.set_meeting_share(db, owner=owner, meeting=meeting, grantee=shared_with, parts=parts)
    db.commit()
    return meeting


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def _birth_date_turning(age: int, months_ahead: int) -> date:
    return add_months(add_months(local_today(), months_ahead), -age * 12)


def _disagree(db: Session, meeting: Meeting, lene: User, owner: User) -> None:
    item = db.exec(select(MeetingDecision).where(MeetingDecision.meeting_id == meeting.id)).one()
    receipts.answer(
        db,
        access=access.meeting_for(db, lene, meeting.id),
        link_id=item.id,
        answer_value="not_followed",
        reason="Ikke muligt",
    )
    receipts.contest(db, access=access.own_meeting(db, owner, meeting.id), link_id=item.id, text="Uenig")
    db.commit()


@pytest.fixture
def office(app, db):  # type: ignore[no-untyped-def]
    town = make_municipality(db, "Roskilde")
    lene = make_person(db, town, Role.PROFESSIONAL, name="Lene Holm")
    ali = make_person(db, town, Role.PROFESSIONAL, name="Ali Demir")
    people = {"town": town, "lene": lene, "ali": ali}
    for name, birth in (
        ("Sara", _birth_date_turning(18, 12)),
        ("Mads", _birth_date_turning(18, 3)),
        ("Emma", _birth_date_turning(23, 10)),
        ("Jonas", _birth_date_turning(23, 14)),
    ):
        people[name] = make_person(db, town, name=name, birth_date=birth)
        link(db, people[name], lene)
    link(db, people["Sara"], ali)
    return people


def _row(rows: list[caseload.PersonStatus], name: str) -> caseload.PersonStatus:
    return next(row for row in rows if row.display_name == name)


def test_the_status_line_counts_what_the_professional_is_party_to(app, db, office):
    lene, ali, sara, mads, jonas = (office[k] for k in ("lene", "ali", "Sara", "Mads", "Jonas"))
    soon = _meeting(db, sara, days=2, shared_with=lene, parts=[SharePart.BASICS])
    _meeting(db, sara, days=1)  # not shared with Lene: not her next meeting
    _meeting(db, sara, days=5, shared_with=lene)
    overdue = _meeting(db, sara, days=-20, shared_with=lene, decision=True)
    _meeting(db, sara, days=-1, shared_with=lene, decision=True)  # unanswered, not yet overdue
    _meeting(db, sara, days=-30, shared_with=lene, parts=[SharePart.BASICS, SharePart.PREPARATION], decision=True)
    _meeting(db, sara, days=-25, decision=True)  # not shared: its receipt is not Lene's to know about
    contested = _meeting(db, mads, days=-3, shared_with=lene, decision=True)
    _disagree(db, contested, lene, mads)
    support.send_urgent(db, young_person=jonas, professional_id=lene.id, text="Ring")
    support.send_urgent(db, young_person=sara, professional_id=ali.id, text="Ring til Ali")
    db.commit()

    rows = caseload.caseload(db, lene, receipt_days=5)
    assert [row.display_name for row in rows] == ["Emma", "Jonas", "Mads", "Sara"]
    saras = _row(rows, "Sara")
    assert (saras.next_meeting_id, saras.unanswered, saras.overdue, saras.disagreements, saras.urgent) == (
        soon.id,
        2,
        1,
        0,
        0,
    )
    assert saras.milestone is None
    assert saras.last_activity is not None
    madss = _row(rows, "Mads")
    assert (madss.disagreements, madss.unanswered, madss.milestone_age) == (1, 0, 18)
    assert madss.next_meeting_id is None
    assert _row(rows, "Emma").milestone_age == 23
    assert _row(rows, "Jonas").urgent == 1 and _row(rows, "Jonas").last_activity is None
    assert overdue.id not in {row.next_meeting_id for row in rows}

    # Lene answers the disagreement: it no longer waits; Ali sees only Sara, and nothing Sara shared with Lene
    item = db.exec(select(MeetingDecision).where(MeetingDecision.meeting_id == contested.id)).one()
    receipts.answer(
        db,
        access=access.meeting_for(db, lene, contested.id),
        link_id=item.id,
        answer_value="partly",
        reason="Vi prøver",
    )
    db.commit()
    assert _row(caseload.caseload(db, lene, receipt_days=5), "Mads").disagreements == 0
    alis = caseload.caseload(db, ali, receipt_days=5)
    assert [(row.display_name, row.next_meeting_id, row.unanswered, row.urgent, row.last_activity) for row in alis] == [
        ("Sara", None, 0, 1, None)
    ]


def test_sorting_search_and_filters(app, db, office):
    lene, sara, mads, emma, jonas = (office[k] for k in ("lene", "Sara", "Mads", "Emma", "Jonas"))
    _meeting(db, sara, days=-20, shared_with=lene, decision=True)  # overdue
    _disagree(db, _meeting(db, mads, days=-3, shared_with=lene, decision=True), lene, mads)
    support.send_urgent(db, young_person=jonas, professional_id=lene.id, text="Ring")
    _meeting(db, emma, days=3, shared_with=lene)
    _meeting(db, jonas, days=20, shared_with=lene)
    rows = caseload.caseload(db, lene, receipt_days=5)

    def names(**kwargs):  # type: ignore[no-untyped-def]
        return [row.display_name for row in caseload.arrange(rows, **kwargs)]

    assert names() == ["Jonas", "Mads", "Sara", "Emma"]  # urgent, disagreement, overdue, then 18/23 with a meeting
    assert names(sort="name") == ["Emma", "Jonas", "Mads", "Sara"]
    assert names(sort="next") == ["Emma", "Jonas", "Mads", "Sara"]  # no meeting last, by name
    assert names(show="overdue") == ["Sara"]
    assert names(show="disagreement") == ["Mads"]
    assert names(show="transition") == ["Mads", "Emma"]
    assert names(search="  ma ") == ["Mads", "Emma"]
    assert names(search="MADS", show="transition") == ["Mads"]
    assert caseload.counts(rows) == {"overdue": 1, "disagreement": 1, "transition": 2}
    db.commit()  # the views noted are written; the test's read ends

    client = _client(app, lene)
    page = client.get("/people/?sort=name&show=transition&q=a").get_data(as_text=True)
    listed = page.split('data-testid="caseload"')[1].split("</ul>")[0]
    assert listed.index("Emma") < listed.index("Mads") and "Sara" not in listed and "Jonas" not in listed
    assert 'value="a"' in page and '<option value="name" selected>' in page
    assert client.get("/people/?sort=nonsense&show=nonsense&q=" + "x" * 500).status_code == 200
    empty = client.get("/people/?q=nobody").get_data(as_text=True)
    assert 'data-testid="caseload-none"' in empty


def test_the_status_line_holds_none_of_the_young_persons_words(app, db, office):
    lene, sara = office["lene"], office["Sara"]
    _meeting(db, sara, days=2, words="KANARIE-IKKE-DELT")  # not shared
    _meeting(db, sara, days=3, shared_with=lene, parts=[SharePart.BASICS], words="KANARIE-KUN-TID")
    page = _client(app, lene).get("/people/").get_data(as_text=True)
    assert "KANARIE" not in page
    assert 'data-status="next"' in page


def _grow(db: Session, office: dict, count: int) -> None:  # type: ignore[type-arg]
    lene = office["lene"]
    for n in range(count):
        young = make_person(db, office["town"], name=f"Ung {n:02d}", birth_date=_birth_date_turning(18, 2))
        link(db, young, lene)
        _meeting(db, young, days=n + 2, shared_with=lene)
        contested = _meeting(db, young, days=-(n + 10), shared_with=lene, decision=True)
        if n % 2:
            _disagree(db, contested, lene, young)
        _meeting(db, young, days=-(n + 12), shared_with=lene, decision=True)
        support.send_urgent(db, young_person=young, professional_id=lene.id, text=f"Ring {n}")
        db.commit()


def test_statements_per_page_do_not_grow_with_the_caseload(app, db, office):
    app.extensions["yv_audit"].every = 0  # a checkpoint every 50th audit entry is not the page's growth
    client = _client(app, office["lene"])
    _grow(db, office, 3)
    small, _page = statements_for(app, client, "/people/")
    _grow(db, office, 27)
    large, large_page = statements_for(app, client, "/people/")
    assert large == small, (small, large)
    assert large_page.count('data-testid="caseload-row"') == 34
    assert large_page.count('data-status="disagreement"') == 14
    for url in ("/people/?sort=next", "/people/?show=overdue&q=ung", "/people/?sort=name&show=transition"):
        assert statements_for(app, client, url)[0] == small, url


# --- the dates the law sets (issue 18.5) ---------------------------------------------------------------------


def test_deadlines_within_30_days_and_overdue():
    today = date(2026, 12, 7)
    pid = uuid.uuid4()

    def found(**kwargs):  # type: ignore[no-untyped-def]
        values = {"birth_date": None, "plan_review": None, "transition_meeting": None, **kwargs}
        return [(d.kind, d.day, d.overdue) for d in deadlines.deadlines_of(pid, "Sara", today=today, **values)]

    assert found(plan_review=date(2027, 1, 6)) == [("plan_review", date(2027, 1, 6), False)]  # day 30
    assert found(plan_review=date(2027, 1, 7)) == []  # day 31
    assert found(plan_review=date(2026, 12, 6)) == [("plan_review", date(2026, 12, 6), True)]
    # 17½ in 20 days, no meeting recorded: due then; 17½ passed, not yet 18: overdue; 18 passed: no longer shown
    assert found(birth_date=date(2009, 6, 27)) == [("transition", date(2026, 12, 27), False)]
    assert found(birth_date=date(2009, 3, 1)) == [("transition", date(2026, 9, 1), True)]
    assert found(birth_date=date(2008, 11, 1)) == []
    assert found(birth_date=date(2010, 3, 1)) == []  # 17½ is more than 30 days away
    # a meeting recorded: due on its day within 30 days; held already: nothing
    assert found(birth_date=date(2009, 3, 1), transition_meeting=date(2026, 12, 20)) == [
        ("transition", date(2026, 12, 20), False)
    ]
    assert found(birth_date=date(2009, 3, 1), transition_meeting=date(2026, 11, 20)) == []
    # a meeting about the move to adult life shared with the professional counts as planned
    assert found(birth_date=date(2009, 3, 1), transition_planned=True) == []


def test_a_professional_records_the_dates_and_the_dashboard_shows_what_is_due(app, db, office):
    lene, ali, sara, mads = office["lene"], office["ali"], office["Sara"], office["Mads"]
    today = local_today()
    client = _client(app, lene)
    page = client.get(f"/people/{sara.id}").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    bad = client.post(
        f"/people/{sara.id}/dates",
        data={"csrf_token": token, "plan_date": str(today), "plan_review": str(today - timedelta(days=1))},
    )
    assert bad.status_code == 400 and "The review comes after the plan" in bad.get_data(as_text=True)
    assert db.get(CaseDates, sara.id) is None
    db.commit()
    assert (
        client.post(f"/people/{sara.id}/dates", data={"csrf_token": token, "plan_review": "not a date"}).status_code
        == 400
    )
    review = today + timedelta(days=12)
    saved = client.post(
        f"/people/{sara.id}/dates",
        data={"csrf_token": token, "plan_date": str(today - timedelta(days=170)), "plan_review": str(review)},
    )
    assert saved.status_code == 302
    db.commit()  # a new snapshot
    dates = db.get(CaseDates, sara.id)
    assert (dates.plan_review, dates.updated_by_id) == (review, lene.id)
    page = client.get(f"/people/{sara.id}").get_data(as_text=True)
    assert f'value="{review.isoformat()}"' in page and "Lene Holm" in page

    dashboard = client.get("/people/").get_data(as_text=True)
    due = dashboard.split('data-testid="deadlines"')[1].split("</section>")[0]
    assert "Sara" in due and "In 12 days" in due
    assert "Mads" in due  # 18 in three months, no transition meeting recorded: overdue since 17½
    assert due.index("Mads") < due.index("Sara")  # the earliest first
    # Mads shares a meeting about the move to adult life with Lene: no longer overdue
    db.commit()  # a new snapshot, after the pages' writes
    transition = meetings.create_meeting(
        db,
        owner=mads,
        created_by=mads,
        data=meetings.MeetingInput(
            kind="transition", starts_at=utcnow() + timedelta(days=40), place="", others="", participant_ids=[]
        ),
        allowed_participants=[],
    )
    sharing.set_meeting_share(db, owner=mads, meeting=transition, grantee=lene, parts=[SharePart.BASICS])
    db.commit()
    due = client.get("/people/").get_data(as_text=True).split('data-testid="deadlines"')[1].split("</section>")[0]
    assert "Mads" not in due and "Sara" in due
    # Ali works with Sara: he sees her review too; another professional's caseload is not his
    ali_page = _client(app, ali).get("/people/").get_data(as_text=True)
    ali_due = ali_page.split('data-testid="deadlines"')[1].split("</section>")[0]
    assert "Sara" in ali_due and "Mads" not in ali_due
    # a professional who does not work with Sara cannot record her dates
    other = make_person(db, office["town"], Role.PROFESSIONAL, name="Other")
    other_client = _client(app, other)
    token = other_client.get("/people/").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    assert other_client.post(f"/people/{sara.id}/dates", data={"csrf_token": token}).status_code == 404


def test_the_dashboard_logs_one_entry_per_young_person_for_her_meeting_times(app, db, office):
    """The dashboard shows when meetings are, never what is in them: each young person whose meeting times it
    showed gets one signed "saw when your meetings are" entry per page, not one per meeting (issue 25: a heavy
    dashboard wrote fifty), and her "who has seen what" says so in her language, linking to her meetings."""
    from youthvoice.privacy.audit import Action
    from youthvoice.privacy.models import AuditEvent

    sara, mads, lene = office["Sara"], office["Mads"], office["lene"]
    for days in (-3, 2, 5, 9):
        _meeting(db, sara, days=days, shared_with=lene)
    _meeting(db, mads, days=4, shared_with=lene)
    _meeting(db, office["Emma"], days=6)  # not shared with Lene: not shown, not logged

    def views() -> list[AuditEvent]:
        return list(db.exec(select(AuditEvent).where(AuditEvent.action == Action.VIEW,
                                                     AuditEvent.actor_id == lene.id)))

    before = len(views())
    page = _client(app, lene).get("/people/")
    assert page.status_code == 200
    db.rollback()  # a fresh read of the log
    written = views()[before:]
    assert sorted((event.subject_id, event.object_type) for event in written) == sorted(
        [(sara.id, caseload.MEETING_TIMES), (mads.id, caseload.MEETING_TIMES)])
    assert len({event.at for event in written}) == 1  # one page, one visit

    seen = _client(app, sara).get("/seen/", headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert seen.count('data-testid="seen-row"') == 1
    assert "Lene Holm</strong>\n        så hvornår dine møder er" in seen
    assert 'href="/meetings/"' in seen
    assert "Emma" not in seen
