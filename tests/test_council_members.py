"""Setting up the council and managing its members: invites with a link and QR code, removal, new links."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select
from support.client import post_form
from support.council_setup import build_town, client_for, today
from support.database import reread
from support.people import make_municipality, make_person

from youthvoice.council import rules as council
from youthvoice.council.models import Council, CouncilMembership, Term
from youthvoice.identity.models import AccountStatus, Invite, Role, User
from youthvoice.privacy.models import AuditEvent


def test_a_coordinator_sets_up_the_council(app, db):
    town = make_municipality(db, "Køge")
    karina = make_person(db, town, Role.PROFESSIONAL, name="Karina", is_coordinator=True)
    member = make_person(db, town, name="Ida", is_council_member=True)
    assert "not started using youthvoice yet" in client_for(app, member).get("/council/").get_data(as_text=True)
    browser = client_for(app, karina)
    assert 'data-testid="setup-council"' in browser.get("/council/").get_data(as_text=True)
    bad = post_form(browser, "/council/setup", {"name": "Køge Ungeråd", "term_name": "2026/27",
                                               "starts_on": "2026-08-01", "ends_on": "2026-07-01"},
                    token_page="/council/")
    assert bad.status_code == 400 and "The end must come after the start." in bad.get_data(as_text=True)
    assert "Køge Ungeråd" in bad.get_data(as_text=True)
    start = today() - timedelta(days=10)
    ok = post_form(browser, "/council/setup", {"name": "Køge Ungeråd", "term_name": "2026/27",
                                              "starts_on": start.isoformat(),
                                              "ends_on": (start + timedelta(days=300)).isoformat()},
                   token_page="/council/")
    assert ok.status_code == 302
    reread(db)
    made = db.exec(select(Council)).one()
    assert made.municipality_id == town.id and db.exec(select(Term)).one().council_id == made.id
    assert "Køge Ungeråd" in client_for(app, member).get("/council/").get_data(as_text=True)
    assert post_form(client_for(app, member), "/council/setup", {"name": "x"},
                     token_page="/council/").status_code == 404


def test_the_coordinator_invites_a_member_with_a_link_and_qr_code(app, db):
    town = build_town(db)
    karina = client_for(app, town["karina"])
    bad = post_form(karina, "/council/members/invite", {"display_name": "Nadia", "birth_date": "2020-01-01"},
                    token_page="/council/")
    assert bad.status_code == 400 and "Nadia" in bad.get_data(as_text=True)
    birth = date(today().year - 16, 3, 1).isoformat()
    response = post_form(karina, "/council/members/invite", {"display_name": "Nadia", "birth_date": birth},
                         token_page="/council/")
    assert response.status_code == 302
    page = karina.get(response.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="invite-url"' in page and "<svg" in page and "/i/" in page
    reread(db)
    nadia = db.exec(select(User).where(User.display_name == "Nadia")).one()
    assert (nadia.role, nadia.status, nadia.is_council_member, nadia.municipality_id) == (
        Role.YOUNG_PERSON, AccountStatus.PENDING, True, town.roskilde.id)
    assert db.exec(select(CouncilMembership).where(CouncilMembership.user_id == nadia.id)).one()
    assert db.exec(select(Invite).where(Invite.user_id == nadia.id)).one().created_by_id == town["karina"].id
    assert "Nadia" in karina.get("/council/members/").get_data(as_text=True)
    # Members see each other once they have started; an invite that was never used stays with the coordinator.
    assert "Nadia" not in client_for(app, town["amira"]).get("/council/members/").get_data(as_text=True)
    assert post_form(karina, f"/council/members/{nadia.id}/invite-link", token_page="/council/").status_code == 302
    reread(db)
    assert len(db.exec(select(Invite).where(Invite.user_id == nadia.id)).all()) == 2
    # An active member gets no new link from the coordinator (that would let someone into their account).
    refused = post_form(karina, f"/council/members/{town['amira'].id}/invite-link", token_page="/council/",
                        follow_redirects=True)
    assert "has already started" in refused.get_data(as_text=True)
    assert post_form(client_for(app, town["amira"]), "/council/members/invite",
                     {"display_name": "X", "birth_date": birth}, token_page="/council/").status_code == 404


def test_the_coordinator_removes_a_member(app, db):
    town = build_town(db)
    karina = client_for(app, town["karina"])
    for outsider in ("sara", "emil", "lene"):  # only members of this council can be managed
        assert karina.get(f"/council/members/{town[outsider].id}").status_code == 404
        assert post_form(karina, f"/council/members/{town[outsider].id}/remove",
                         token_page="/council/").status_code == 404
    assert post_form(karina, f"/council/members/{town['freja'].id}/remove", token_page="/council/").status_code == 302
    reread(db)
    freja = db.get(User, town["freja"].id)
    assert not freja.is_council_member and freja.status == AccountStatus.ACTIVE  # still has her own account
    row = council.membership_of(db, town.council, freja)
    assert row is not None and row.left_at is not None
    assert db.exec(select(AuditEvent).where(AuditEvent.action == council.MEMBER_REMOVED)).one().subject_id == freja.id
    members = karina.get("/council/members/").get_data(as_text=True)
    assert "is no longer on the youth council" in members
    assert "Freja" not in members.split('data-testid="members"')[1]
