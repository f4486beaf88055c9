"""Colleagues and handover on the young person's terms (issue 18.2), and the team lead's figures (issue 18.8).

A handover shares nothing: the new caseworker sees none of her words until she shares; the old links and the
shares given with them end; she is told and sees the new person's profile; the leaving caseworker's note holds only
their own words; she can ask for a different contact and the admin sees it; colleagues add colleagues only where
the admin allows it; the team's figures are counts and medians per caseworker, no young person's name, in one
statement.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
from sqlalchemy import event
from sqlmodel import col, select
from support.client import post_form
from support.people import link, login_as, make_municipality, make_person

from youthvoice.casework import handover, team
from youthvoice.core.model import utcnow
from youthvoice.identity.models import ContactRequest, Handover, Link, Role
from youthvoice.meetings import decisions, meetings, preparation, receipts
from youthvoice.meetings.models import MeetingDecision
from youthvoice.notify.models import Notification
from youthvoice.privacy.models import AuditEvent
from youthvoice.sharing import access, sharing
from youthvoice.sharing.models import Share, SharePart, ShareScope


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


@pytest.fixture
def case(app, db):  # type: ignore[no-untyped-def]
    """Lene works with Sara and Mads; Sara shares her meeting (everything) and her network with Lene. Ali and
    Peter are colleagues; Henrik is the admin."""
    marker = "KANARIE" + secrets.token_hex(4)
    town = make_municipality(db, "Roskilde")
    people = {
        "lene": make_person(db, town, Role.PROFESSIONAL, name="Lene Holm"),
        "ali": make_person(db, town, Role.PROFESSIONAL, name="Ali Demir"),
        "peter": make_person(db, town, Role.PROFESSIONAL, name="Peter Berg"),
        "henrik": make_person(db, town, Role.ADMIN, name="Henrik Madsen"),
        "sara": make_person(db, town, name="Sara"),
        "mads": make_person(db, town, name="Mads"),
    }
    sara, lene = people["sara"], people["lene"]
    link(db, sara, lene)
    link(db, people["mads"], lene)
    meeting = meetings.create_meeting(db, owner=sara, created_by=sara, data=meetings.MeetingInput(
        kind="plan", starts_at=utcnow() + timedelta(days=3), place=f"{marker}-place", others="",
        participant_ids=[]), allowed_participants=[])
    preparation.save_answers(db, meeting=meeting, values={"hard": f"{marker}-hard"})
    sharing.set_meeting_share(db, owner=sara, meeting=meeting, grantee=lene,
                              parts=[SharePart.BASICS, SharePart.PREPARATION, SharePart.DECISIONS])
    sharing.set_scope_share(db, owner=sara, grantee=lene, scope=ShareScope.NETWORK, shared=True)
    db.commit()
    return {**people, "town": town, "meeting": meeting, "marker": marker}


def _move_all(app, case, to="ali"):  # type: ignore[no-untyped-def]
    admin = _client(app, case["henrik"])
    lene = case["lene"]
    page = f"/admin/people/{lene.id}/handover"
    return post_form(admin, page, {"all_to": str(case[to].id)}, token_page=page)


def test_a_handover_shares_nothing_and_ends_the_old_links_and_shares(app, db, case):
    sara, lene, ali = case["sara"], case["lene"], case["ali"]
    moved = _move_all(app, case)
    assert moved.status_code == 302
    db.commit()  # a fresh read: the requests wrote in sessions of their own
    assert access.is_linked(db, sara.id, ali.id) and access.is_linked(db, case["mads"].id, ali.id)
    assert not access.is_linked(db, sara.id, lene.id)
    # nothing of hers is shared with the new caseworker, and nothing she gave Lene is in force any more
    assert db.exec(select(Share).where(Share.grantee_id == ali.id)).all() == []
    assert db.exec(select(Share).where(Share.grantee_id == lene.id, col(Share.withdrawn_at).is_(None))).all() == []
    ali_client = _client(app, ali)
    assert ali_client.get(f"/meetings/{case['meeting'].id}").status_code == 404
    assert ali_client.get(f"/network/of/{sara.id}").status_code == 404
    person_page = ali_client.get(f"/people/{sara.id}").get_data(as_text=True)
    assert case["marker"] not in person_page
    # Lene no longer reaches Sara
    assert _client(app, lene).get(f"/people/{sara.id}").status_code == 404
    # Sara and Mads are told, and Ali too
    kinds = {(row.user_id, row.kind) for row in db.exec(select(Notification))}
    assert (sara.id, "new_professional") in kinds and (case["mads"].id, "new_professional") in kinds
    assert (ali.id, "handover") in kinds and (lene.id, "handover_note") in kinds
    assert len(db.exec(select(Handover).where(Handover.from_id == lene.id)).all()) == 2


def test_per_young_person_and_a_refusal_keeps_everything(app, db, case):
    sara, mads, lene = case["sara"], case["mads"], case["lene"]
    admin = _client(app, case["henrik"])
    page = f"/admin/people/{lene.id}/handover"
    nothing = post_form(admin, page, {}, token_page=page)
    assert nothing.status_code == 400 and "Choose who takes over" in nothing.get_data(as_text=True)
    to_self = post_form(admin, page, {f"to-{sara.id}": str(lene.id)}, token_page=page)
    assert to_self.status_code == 400  # Lene is not one of the choices: nothing moved
    db.commit()  # a fresh read: the requests wrote in sessions of their own
    assert access.is_linked(db, sara.id, lene.id)
    moved = post_form(admin, page, {f"to-{sara.id}": str(case["peter"].id)}, token_page=page)
    assert moved.status_code == 302, moved.get_data(as_text=True)
    db.commit()  # a fresh read: the requests wrote in sessions of their own
    assert access.is_linked(db, sara.id, case["peter"].id) and not access.is_linked(db, sara.id, lene.id)
    assert access.is_linked(db, mads.id, lene.id)  # Mads was left as he was


def test_sara_sees_the_new_person_and_chooses_what_to_share(app, db, case):
    sara, ali = case["sara"], case["ali"]
    ali_client = _client(app, ali)
    saved = post_form(ali_client, "/people/profile", {"phone_hours": "Man-tors 9-11", "about": "Jeg spiller fodbold"},
                      token_page="/people/profile")
    assert saved.status_code == 302
    _move_all(app, case)
    sara_client = _client(app, sara)
    home = sara_client.get("/").get_data(as_text=True)
    assert f'href="/my-people/{ali.id}"' in home
    profile = sara_client.get(f"/my-people/{ali.id}").get_data(as_text=True)
    assert "Ali Demir" in profile and "Man-tors 9-11" in profile and "Jeg spiller fodbold" in profile
    assert "Nothing shared" in profile and f'/meetings/{case["meeting"].id}/share' in profile
    # Lene is no longer hers; a professional she does not work with has no profile for her
    assert sara_client.get(f"/my-people/{case['lene'].id}").status_code == 404
    assert sara_client.get(f"/my-people/{case['peter'].id}").status_code == 404
    # she shares her preparation: now, and only now, Ali sees it
    sharing.set_meeting_share(db, owner=db.merge(sara), meeting=db.merge(case["meeting"]), grantee=db.merge(ali),
                              parts=[SharePart.BASICS, SharePart.PREPARATION])
    db.commit()
    assert case["marker"] + "-hard" in ali_client.get(f"/meetings/{case['meeting'].id}").get_data(as_text=True)


def test_the_handover_note_holds_only_the_leaving_caseworkers_words(app, db, case):
    sara, lene, ali = case["sara"], case["lene"], case["ali"]
    _move_all(app, case)
    lene_client = _client(app, lene)
    page = lene_client.get("/people/handovers").get_data(as_text=True)
    assert "Sara, now with Ali Demir" in page
    assert case["marker"] not in page  # the form starts empty: never a word of hers
    row = db.exec(select(Handover).where(Handover.young_person_id == sara.id)).one()
    empty = post_form(lene_client, f"/people/handovers/{row.id}", {"note": "  "}, token_page="/people/handovers")
    assert empty.status_code == 400
    written = post_form(lene_client, f"/people/handovers/{row.id}", {"note": "Sara kan lide at gå ture"},
                        token_page="/people/handovers")
    assert written.status_code == 302
    # only the one who left writes it: Ali (the new one) and Peter cannot
    for other in ("ali", "peter"):
        assert post_form(_client(app, case[other]), f"/people/handovers/{row.id}", {"note": "x"},
                         token_page="/people/handovers").status_code == 404
    ali_page = _client(app, ali).get(f"/people/{sara.id}").get_data(as_text=True)
    assert "Sara kan lide at gå ture" in ali_page and "From Lene Holm" in ali_page
    db.commit()  # a fresh read: the requests wrote in sessions of their own
    seen = db.exec(select(AuditEvent).where(AuditEvent.actor_id == ali.id, AuditEvent.subject_id == sara.id,
                                            AuditEvent.object_type == "handover")).all()
    assert seen, "Ali's reading of the note about Sara is in her 'who has seen what'"
    db.expunge_all()  # (the row read above keeps the note as it was then)
    assert "Sara kan lide at gå ture" in str(handover.export_handovers(db, db.merge(sara)))


def test_colleagues_add_colleagues_only_where_the_admin_allows(app, db, case):
    sara, lene, peter = case["sara"], case["lene"], case["peter"]
    lene_client = _client(app, lene)
    url = f"/people/{sara.id}/colleague"
    assert lene_client.get(url).status_code == 404
    admin = _client(app, case["henrik"])
    assert post_form(admin, "/admin/settings/colleagues", {"allow": "yes"},
                     token_page="/admin/requests").status_code == 302
    assert lene_client.get(url).status_code == 200
    assert _client(app, peter).get(url).status_code == 404  # Peter does not work with Sara
    added = post_form(lene_client, url, {"professional_id": str(peter.id)}, token_page=url)
    assert added.status_code == 302
    db.commit()  # a fresh read: the requests wrote in sessions of their own
    assert access.is_linked(db, sara.id, peter.id)
    assert db.exec(select(Share).where(Share.grantee_id == peter.id)).all() == []
    assert db.exec(select(Notification).where(Notification.user_id == sara.id,
                                              col(Notification.kind) == "new_professional")).first() is not None


def test_the_admin_adds_a_professional(app, db, case):
    sara, ali = case["sara"], case["ali"]
    admin = _client(app, case["henrik"])
    page = f"/admin/people/{sara.id}"
    assert 'data-testid="add-professional"' in admin.get(page).get_data(as_text=True)
    assert post_form(admin, f"{page}/professionals", {"professional_id": str(ali.id)},
                     token_page=page).status_code == 302
    db.commit()  # a fresh read: the requests wrote in sessions of their own
    assert access.is_linked(db, sara.id, ali.id) and access.is_linked(db, sara.id, case["lene"].id)
    assert db.exec(select(Share).where(Share.grantee_id == ali.id)).all() == []


def test_she_asks_for_a_different_contact_and_the_admin_sees_it(app, db, case):
    sara, lene = case["sara"], case["lene"]
    sara_client = _client(app, sara)
    url = f"/my-people/{lene.id}"
    for _ in range(2):  # asking twice is one request
        assert post_form(sara_client, f"{url}/ask", token_page=url).status_code == 302
    assert 'data-testid="asked"' in sara_client.get(url).get_data(as_text=True)
    assert post_form(_client(app, case["mads"]), f"/my-people/{case['ali'].id}/ask",
                     token_page="/").status_code == 404  # not one of his people
    db.commit()  # a fresh read: the requests wrote in sessions of their own
    request = db.exec(select(ContactRequest)).one()
    admin = _client(app, case["henrik"])
    page = admin.get("/admin/requests").get_data(as_text=True)
    assert "Sara" in page and "instead of Lene Holm" in page
    assert post_form(admin, f"/admin/requests/{request.id}/done", token_page="/admin/requests").status_code == 302
    assert "instead of Lene Holm" not in admin.get("/admin/requests").get_data(as_text=True)


def _answered(db, case, days_list):  # type: ignore[no-untyped-def]
    """Past meetings of Sara's shared with Lene, one decision each, answered by Lene after `days` working days
    (None: unanswered, and overdue)."""
    sara, lene = case["sara"], case["lene"]
    for days in days_list:
        meeting = meetings.create_meeting(db, owner=sara, created_by=sara, data=meetings.MeetingInput(
            kind="plan", starts_at=utcnow() - timedelta(days=30), place="", others="", participant_ids=[]),
            allowed_participants=[])
        decisions.create_decision(db, owner=sara, text="Et ønske", meeting=meeting)
        sharing.set_meeting_share(db, owner=sara, meeting=meeting, grantee=lene,
                                  parts=[SharePart.BASICS, SharePart.DECISIONS])
        db.flush()
        if days is not None:
            item = db.exec(select(MeetingDecision).where(MeetingDecision.meeting_id == meeting.id)).one()
            receipts.answer(db, access=access.meeting_for(db, lene, meeting.id, log_view=False), link_id=item.id,
                            answer_value="followed", reason="Fordi")
            item.answer_working_days = days
            db.add(item)
    db.commit()


def test_team_figures_are_counts_and_medians_per_caseworker_in_one_statement(app, db, case):
    _answered(db, case, [1, 3, 8, 2, None, None])
    statements = []

    def count(*_args):  # type: ignore[no-untyped-def]
        statements.append(1)

    engine = db.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        rows = team.team_figures(db, case["town"].id, 5)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1
    by_name = {row.display_name: row for row in rows}
    assert set(by_name) == {"Lene Holm", "Ali Demir", "Peter Berg"}  # professionals only
    lene = by_name["Lene Holm"]
    assert (lene.overdue, lene.answered, lene.median_days) == (2, 4, 2.5)
    assert (by_name["Ali Demir"].overdue, by_name["Ali Demir"].median_days) == (0, None)


def test_who_sees_the_team_figures(app, db, case):
    _answered(db, case, [4])
    assert _client(app, case["lene"]).get("/team").status_code == 404
    assert _client(app, case["sara"]).get("/team").status_code == 404
    page = _client(app, case["henrik"]).get("/team").get_data(as_text=True)
    assert "Lene Holm" in page and "Sara" not in page and "Mads" not in page
    admin = _client(app, case["henrik"])
    lead = f"/admin/people/{case['ali'].id}"
    assert post_form(admin, f"{lead}/team-lead", {"lead": "yes"}, token_page=lead).status_code == 302
    ali_page = _client(app, case["ali"]).get("/team")
    assert ali_page.status_code == 200 and "Sara" not in ali_page.get_data(as_text=True)
    assert post_form(admin, f"{lead}/team-lead", {}, token_page=lead).status_code == 302
    assert _client(app, case["ali"]).get("/team").status_code == 404


def test_a_link_row_per_move(app, db, case):
    """The old link is ended, not deleted: her people's history stays in "my data"."""
    _move_all(app, case)
    db.commit()  # a fresh read: the requests wrote in sessions of their own
    rows = db.exec(select(Link).where(Link.young_person_id == case["sara"].id)).all()
    assert {(row.other_id, row.ended_at is None) for row in rows} == {(case["lene"].id, False),
                                                                      (case["ali"].id, True)}
