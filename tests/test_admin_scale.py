"""Admin pages do not grow with the data (issue 25.5): the account lists come a page at a time and can be searched
by name, the security events name only the people in them, and "how it feels" is counted by the database. The
statements per page are the same for a few accounts and for many."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from support.people import login_as, make_municipality, make_person
from support.querycount import statements_for

from youthvoice.identity.accounts import PAGE_SIZE
from youthvoice.identity.models import Role
from youthvoice.meetings import meetings


def _young_with_answers(db, town, count: int, start: int) -> None:
    for index in range(start, start + count):
        person = make_person(db, town, name=f"Ung {index:03d}")
        when = datetime(2026, 1 + index % 10, 15, 10, 0, tzinfo=UTC) + timedelta(days=index % 3)
        meeting = meetings.create_meeting(db, owner=person, created_by=person, data=meetings.MeetingInput(
            kind="plan", starts_at=when, place="", others="", participant_ids=[]), allowed_participants=[])
        meetings.save_follow_up(db, meeting=meeting, heard=1 + index % 5, who_decided=3, decided="", agree="",
                                disagree="", follow_up="")
    db.commit()


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_admin_pages_cost_the_same_with_ten_times_the_people(app, db):
    town = make_municipality(db)
    admin = make_person(db, town, Role.ADMIN, name="Henrik Madsen")
    _young_with_answers(db, town, 8, 0)
    client = app.test_client()
    login_as(app, client, admin)
    small = {url: statements_for(app, client, url)[0] for url in ("/admin/", "/admin/voice")}
    _young_with_answers(db, town, 80, 8)
    large = {url: statements_for(app, client, url)[0] for url in ("/admin/", "/admin/voice")}
    assert large == small

    _count, page = statements_for(app, client, "/admin/")
    assert page.count('href="/admin/people/') == PAGE_SIZE + 1  # a page of young people, and Henrik
    assert 'data-testid="young_page-next"' in page
    _count, second = statements_for(app, client, "/admin/?young_page=2")
    assert "Ung 087" in second and "Ung 000" not in second and 'rel="prev"' in second
    _count, found = statements_for(app, client, "/admin/?q=ung+04")
    assert found.count('href="/admin/people/') == 10 and "Henrik Madsen</a>" not in found
    _count, none = statements_for(app, client, "/admin/?q=%25")  # a wildcard typed is a character, not "all"
    assert "No one found." in none
