"""The key pages stay cheap as the data grows (issue 7): the professional dashboard shows bounded lists with
"and N more" and a way to see everything, and the SQL statements per request of the young person's home, the
preparation page and the dashboard do not grow with the number of meetings, shares, answers or messages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session
from support.people import link, login_as, make_municipality, make_person
from support.querycount import statements_for

from youthvoice.casework import casework
from youthvoice.core import danish_calendar
from youthvoice.core.model import utcnow
from youthvoice.identity.models import Role, User
from youthvoice.meetings import decisions, meetings, preparation, receipts
from youthvoice.meetings.models import DecisionStatus, Meeting
from youthvoice.notify import notifications
from youthvoice.sharing import sharing
from youthvoice.sharing.models import SharePart
from youthvoice.support import support

ALL = [SharePart.BASICS, SharePart.PREPARATION, SharePart.DECISIONS, SharePart.AFTER]


def _meeting(db: Session, owner: User, *, days: float, shared_with: User | None = None,
             parts: list[str] = ALL, decision: bool = False) -> Meeting:
    meeting = meetings.create_meeting(db, owner=owner, created_by=owner, data=meetings.MeetingInput(
        kind="plan", starts_at=utcnow() + timedelta(days=days), place="Rådhuset", others="", participant_ids=[]),
        allowed_participants=[])
    preparation.save_answers(db, meeting=meeting, values={"hard": "Det er svært", "going_well": "Skolen"})
    meetings.add_point(db, meeting=meeting, text="Lommepenge")
    if decision:
        decisions.create_decision(db, owner=owner, text="Jeg vil bo her", status=DecisionStatus.DECISION,
                                  meeting=meeting)
    if shared_with is not None:
        sharing.set_meeting_share(db, owner=owner, meeting=meeting, grantee=shared_with, parts=parts)
    db.commit()
    return meeting


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


@pytest.fixture
def office(app, db):  # type: ignore[no-untyped-def]
    town = make_municipality(db, "Roskilde")
    lene = make_person(db, town, Role.PROFESSIONAL, name="Lene Holm")
    sara = make_person(db, town, name="Sara", birth_date=date(2009, 5, 1))
    link(db, sara, lene)
    return {"town": town, "lene": lene, "sara": sara}


def test_dashboard_lists_are_bounded_and_everything_stays_reachable(app, db, office):
    lene, sara = office["lene"], office["sara"]
    size = casework.LIST_SIZE
    upcoming = [_meeting(db, sara, days=n + 1, shared_with=lene) for n in range(size + 3)]
    basics_only = _meeting(db, sara, days=0.5, shared_with=lene, parts=[SharePart.BASICS])
    _meeting(db, sara, days=2.5)  # not shared with Lene at all: never on her dashboard
    client = _client(app, lene)

    page = client.get("/people/").get_data(as_text=True)
    upcoming_part = page.split('data-testid="upcoming"')[1].split("</ul>")[0]
    assert upcoming_part.count("<li") == size
    assert f"/meetings/{basics_only.id}" in upcoming_part  # the soonest first, even with the basics only
    assert f"/meetings/{upcoming[size - 2].id}" in upcoming_part
    assert f"/meetings/{upcoming[size - 1].id}" not in upcoming_part  # the eleventh one is cut off
    more = len(upcoming) + 1 - size
    assert 'data-testid="upcoming-more"' in page and f"and {more} more" in page
    assert "/people/?all=upcoming#upcoming-title" in page
    new_part = page.split('data-testid="new-shared"')[1].split("</ul>")[0]
    assert new_part.count("<li") == size  # content shared and never opened: new
    assert f"/meetings/{basics_only.id}" not in new_part  # the basics only are never "new"

    everything = client.get("/people/?all=upcoming").get_data(as_text=True)
    upcoming_part = everything.split('data-testid="upcoming"')[1].split("</ul>")[0]
    assert upcoming_part.count("<li") == len(upcoming) + 1
    assert all(f"/meetings/{m.id}" in upcoming_part for m in upcoming)
    assert 'data-testid="upcoming-more"' not in everything and 'href="/people/"' in everything  # show fewer
    assert everything.split('data-testid="new-shared"')[1].split("</ul>")[0].count("<li") == size  # still cut

    everything_new = client.get("/people/?all=new").get_data(as_text=True)
    assert everything_new.split('data-testid="new-shared"')[1].split("</ul>")[0].count("<li") == len(upcoming)
    assert client.get("/people/?all=nonsense").status_code == 200


def test_new_since_the_last_visit_is_newest_first_and_a_visit_clears_it(app, db, office):
    lene, sara = office["lene"], office["sara"]
    first = _meeting(db, sara, days=3, shared_with=lene)
    second = _meeting(db, sara, days=4, shared_with=lene)
    first.updated_at = utcnow() + timedelta(minutes=5)  # changed after the second one was made
    db.add(first)
    db.commit()
    board = casework.dashboard(db, lene, receipt_days=5)
    assert [row.meeting.id for row in board.new.rows] == [first.id, second.id]
    assert all(row.is_new and row.shared for row in board.new.rows)
    meetings.record_visit(db, lene, db.get(Meeting, second.id))
    db.commit()
    board = casework.dashboard(db, lene, receipt_days=5)
    assert [row.meeting.id for row in board.new.rows] == [first.id]
    assert [(row.meeting.id, row.is_new) for row in board.upcoming.rows] == [(first.id, True), (second.id, False)]


def test_overdue_receipts_on_the_dashboard_match_the_working_day_rule(app, db, office):
    lene, sara = office["lene"], office["sara"]
    past = {days: _meeting(db, sara, days=-days, shared_with=lene, decision=True) for days in range(1, 16)}
    _meeting(db, sara, days=-20, shared_with=lene, parts=[SharePart.BASICS, SharePart.PREPARATION], decision=True)
    _meeting(db, sara, days=-20, shared_with=lene)  # nothing brought to it: no receipt to give
    today = danish_calendar.local_today()  # receipts count Danish dates
    expected = [m.id for days, m in sorted(past.items(), reverse=True)
                if receipts.due_date(m, 5) < today]
    assert expected  # some are overdue, some are not yet
    assert len(expected) < len(past)
    assert [m.id for m in receipts.overdue_for(db, lene, 5)] == expected
    board = casework.dashboard(db, lene, receipt_days=5, limit=3)
    assert [row.meeting.id for row in board.overdue.rows] == expected[:3]
    assert board.overdue.total == len(expected)
    full = casework.dashboard(db, lene, receipt_days=5, limit=3, full="overdue")
    assert [row.meeting.id for row in full.overdue.rows] == expected


def test_the_last_overdue_day_agrees_with_the_due_date_on_every_day():
    for offset in range(400):  # a year and more: Easter, Whitsun and Christmas closures included
        today = date(2026, 11, 1) + timedelta(days=offset)
        for working_days in (1, 3, 5, 10):
            last = receipts.last_overdue_day(today, working_days)
            assert receipts.add_working_days(last, working_days) < today
            assert receipts.add_working_days(last + timedelta(days=1), working_days) >= today


def _grow(db: Session, office: dict, extra: int) -> None:  # type: ignore[type-arg]
    """More of everything the three pages read: meetings (past, upcoming, overdue), shares, answers, points,
    decisions, next steps, notifications, and urgent messages from more young people."""
    lene, sara, town = office["lene"], office["sara"], office["town"]
    for n in range(extra):
        young = make_person(db, town, name=f"Ung {n}")
        link(db, young, lene)
        _meeting(db, young, days=n + 2, shared_with=lene)
        _meeting(db, young, days=-(n + 10), shared_with=lene, decision=True)
        support.send_urgent(db, young_person=young, professional_id=lene.id, text=f"Ring til mig {n}")
        db.commit()
    for n in range(extra):
        meeting = _meeting(db, sara, days=n + 1, shared_with=lene, decision=True)
        _meeting(db, sara, days=-(n + 10), shared_with=lene, decision=True)
        meetings.add_next_step(db, meeting=meeting, what=f"Skridt {n}", who="Sara", due=None)
        notifications.notify(db, user=sara, kind="meeting_shared", link="/")
        notifications.notify(db, user=lene, kind="meeting_shared", link="/")
        db.commit()


def test_statements_per_page_do_not_grow_with_the_data(app, db, office, backend):
    lene, sara = office["lene"], office["sara"]
    app.extensions["yv_audit"].every = 0  # a checkpoint every 50th audit entry is not the page's growth
    target = _meeting(db, sara, days=1, shared_with=lene, decision=True)
    young = make_person(db, office["town"], name="Ung")
    link(db, young, lene)
    support.send_urgent(db, young_person=young, professional_id=lene.id, text="Ring til mig")
    db.commit()
    sara_client, lene_client = _client(app, sara), _client(app, lene)
    pages = [(sara_client, "/"), (sara_client, f"/meetings/{target.id}/prepare/hard"), (lene_client, "/people/")]
    small = [statements_for(app, client, url) for client, url in pages]
    _grow(db, office, 12)
    large = [statements_for(app, client, url) for client, url in pages]
    for (_who, url), (before, _), (after, _page) in zip(pages, small, large, strict=True):
        assert after == before, (url, before, after)
    # Exactly these, so that a statement more fails here (issue 25). Home: the session row (with the unread count,
    # her data key and whether she is on the youth panel, read along), her account's notices, the next meeting,
    # her professionals, her open next steps. Preparation: the session row, the meeting, the answers, whether
    # points and decisions exist, the voice recordings on what it shows (issue 17.1). Dashboard: the session row,
    # the three lists and the caseload's status lines (one statement: the visible meetings are found once), the
    # urgent messages with their senders' data keys, the interpreter wishes with theirs (issue 17.5); and the
    # audit entries of what it shows of young people (the log's last entry, one insert, and on PostgreSQL the
    # lock that keeps appends in order).
    audit_writes = 2 if backend == "sqlite" else 3
    assert [count for count, _ in large] == [5, 5, 4 + audit_writes], [count for count, _ in large]
    dashboard = large[2][1]
    assert dashboard.count("Ring til mig") == 13  # every urgent message, each with its sender's own words
    assert 'data-testid="upcoming-more"' in dashboard


def test_the_live_signal_poll_is_a_short_request_of_few_statements(app, db, office):
    """Issue 25.7: the professional's open meeting page asks for new signals every second; each ask is an ordinary
    request that answers at once (no thread held open for the page, no stream) and costs the same few statements
    however many signals and meetings there are."""
    lene, sara = office["lene"], office["sara"]
    meeting = _meeting(db, sara, days=0.1, shared_with=lene)
    client = _client(app, lene)
    url = f"/meetings/{meeting.id}/signals?since=2000-01-01T00:00:00"
    small, _ = statements_for(app, client, url)
    for kind in ("break", "dont_understand") * 5:
        meetings.send_signal(db, meeting=meeting, kind=kind)
    _grow(db, office, 3)
    large, body = statements_for(app, client, url)
    assert large == small == 7, (small, large)  # the session, the access rule (meeting, owner, link, share,
    # participant), the signals
    response = client.get(url)
    assert response.mimetype == "application/json"  # one answer, not a stream that keeps a thread
    assert len(response.get_json()["signals"]) == 10 and '"break"' in body
