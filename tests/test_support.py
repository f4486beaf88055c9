"""Issue 4: a bisidder the young person chooses, help right now, rights where they matter, age awareness."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import select
from support.casebuilder import build_case
from support.client import ORIGIN, csrf_token, post_form, post_json
from support.database import reread
from support.people import login_as, make_municipality, make_person
from support.softauthn import SoftAuthenticator

from youthvoice.admin import transitions
from youthvoice.core.model import utcnow
from youthvoice.identity import ages
from youthvoice.identity.models import AccountStatus, Role, User
from youthvoice.meetings.models import BisidderNote, Meeting, PreparationAnswer
from youthvoice.notify.models import Notification
from youthvoice.privacy.models import AuditEvent
from youthvoice.rights import checklist, rights
from youthvoice.sharing import access, sharing
from youthvoice.sharing.models import SharePart
from youthvoice.support import support
from youthvoice.support.models import UrgentMessage


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def _bisidder_for(app, db, case):  # type: ignore[no-untyped-def]
    """Sara invites Hanne through the page; Hanne registers a passkey with the link."""
    sara_client = _client(app, case.people["sara"])
    response = post_form(sara_client, "/support/invite", {"display_name": "Hanne", "relation": "Min mentor"},
                         token_page="/support/")
    assert response.status_code == 302
    page = sara_client.get("/support/").get_data(as_text=True)
    token = re.search(r"http://localhost/i/([A-Za-z0-9_-]+)", page).group(1)
    hanne_client = app.test_client()
    welcome = hanne_client.get(f"/i/{token}").get_data(as_text=True)
    assert "chosen you as their bisidder" in welcome
    options = post_json(hanne_client, f"/i/{token}/options").get_json()
    credential = SoftAuthenticator().create(options, origin=ORIGIN)
    assert post_json(hanne_client, f"/i/{token}/verify", {"credential": credential}).status_code == 200
    reread(db)
    hanne = db.exec(select(User).where(User.display_name == "Hanne")).one()
    return hanne, hanne_client, sara_client


def test_bisidder_sees_only_what_is_shared_and_helps_write(app, db):
    case = build_case(db, past=False)
    hanne, hanne_client, sara_client = _bisidder_for(app, db, case)
    assert hanne.role == Role.BISIDDER and hanne.status == AccountStatus.ACTIVE
    assert hanne_client.get(f"/meetings/{case.meeting.id}").status_code == 404  # nothing shared yet
    sharing.set_meeting_share(db, owner=db.get(User, case.people["sara"].id), meeting=db.get(Meeting, case.meeting.id),
                              grantee=hanne, parts=[SharePart.PREPARATION])
    db.commit()
    page = hanne_client.get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert f"{case.marker}-hard" in page
    assert f"{case.marker}-decision" not in page  # decisions were not shared with her
    assert f"{case.marker}-response" not in page or "Lene" in page
    token = csrf_token(hanne_client, "/")
    saved = hanne_client.post(f"/meetings/{case.meeting.id}/help-prepare",
                              data={"csrf_token": token, "going_well": f"{case.marker}-going-well",
                                    "setup_breaks": "En pause efter 30 minutter"})
    assert saved.status_code == 302
    reread(db)
    row = db.exec(select(PreparationAnswer).where(PreparationAnswer.question == "setup_breaks")).one()
    assert row.written_with_id == hanne.id
    unchanged = db.exec(select(PreparationAnswer).where(PreparationAnswer.question == "going_well")).one()
    assert unchanged.written_with_id is None  # the same words as before: still Sara's own
    assert "Written with my bisidder" in sara_client.get(f"/meetings/{case.meeting.id}/summary").get_data(as_text=True)
    # The bisidder never sees other young people, nor answers as a professional would.
    assert hanne_client.get(f"/people/{case.people['mads'].id}").status_code == 404
    assert hanne_client.post(f"/meetings/{case.meeting.id}/responses",
                             data={"csrf_token": token, "part": "preparation", "kind": "comment",
                                   "text": "x"}).status_code == 404
    views = db.exec(select(AuditEvent).where(AuditEvent.actor_id == hanne.id, AuditEvent.action == "view")).all()
    assert views  # every view is logged like a professional's


def test_bisidder_notes_are_private_to_the_young_person(app, db):
    case = build_case(db, past=False)
    hanne, hanne_client, sara_client = _bisidder_for(app, db, case)
    sharing.set_meeting_share(db, owner=db.get(User, case.people["sara"].id), meeting=db.get(Meeting, case.meeting.id),
                              grantee=hanne, parts=[SharePart.PREPARATION])
    db.commit()
    empty = post_form(hanne_client, f"/meetings/{case.meeting.id}/notes", {"note": " "}, token_page="/")
    assert empty.status_code == 400
    post_form(hanne_client, f"/meetings/{case.meeting.id}/notes", {"note": "Du klarer det godt"}, token_page="/")
    assert "Du klarer det godt" in sara_client.get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    lene_page = _client(app, case.people["lene"]).get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    assert "Du klarer det godt" not in lene_page
    reread(db)
    assert db.exec(select(BisidderNote)).one().author_name == "Hanne"


def test_removing_a_bisidder_ends_access_at_once(app, db):
    case = build_case(db, past=False)
    hanne, hanne_client, sara_client = _bisidder_for(app, db, case)
    sharing.set_meeting_share(db, owner=db.get(User, case.people["sara"].id), meeting=db.get(Meeting, case.meeting.id),
                              grantee=hanne, parts=[SharePart.PREPARATION])
    db.commit()
    assert hanne_client.get(f"/meetings/{case.meeting.id}").status_code == 200
    assert post_form(sara_client, f"/support/{hanne.id}/remove", token_page="/support/").status_code == 302
    after = hanne_client.get(f"/meetings/{case.meeting.id}")  # removed: her account and sessions ended, logged out
    assert after.status_code == 302 and after.headers["Location"].startswith("/login?next=")
    reread(db)
    assert db.get(User, hanne.id).status == AccountStatus.DEACTIVATED
    # Someone else's bisidder cannot be removed by Mads, and Peter (a professional) is not a bisidder.
    mads_client = _client(app, case.people["mads"])
    assert post_form(mads_client, f"/support/{hanne.id}/remove", token_page="/support/").status_code == 404
    peter_id = case.people["peter"].id
    assert post_form(sara_client, f"/support/{peter_id}/remove", token_page="/support/").status_code == 404


def test_bisidder_invite_form_keeps_input(app, db):
    sara = make_person(db, make_municipality(db))
    client = _client(app, sara)
    bad = post_form(client, "/support/invite", {"display_name": "", "relation": "Min træner"}, token_page="/support/")
    assert bad.status_code == 400
    assert 'value="Min træner"' in bad.get_data(as_text=True)
    first = post_form(client, "/support/invite", {"display_name": "Mormor", "relation": ""}, token_page="/support/")
    assert first.status_code == 302
    again = post_form(client, "/support/invite", {"display_name": "mormor", "relation": "min mormor"},
                      token_page="/support/")
    assert again.status_code == 400 and "is already invited and has not said yes yet" in again.get_data(as_text=True)
    assert 'value="min mormor"' in again.get_data(as_text=True)
    assert [person.display_name for person in access.bisidders_of(db, sara)] == ["Mormor"]


def test_help_now_is_on_every_young_persons_page(app, db):
    case = build_case(db)
    client = _client(app, case.people["sara"])
    for path in ("/", "/meetings/", f"/meetings/{case.meeting.id}", "/decisions/", "/account/", "/seen/"):
        assert 'data-testid="help-now"' in client.get(path).get_data(as_text=True), path
    page = client.get("/help/").get_data(as_text=True)
    assert 'href="tel:116111"' in page and 'href="tel:112"' in page
    assert 'data-testid="help-now"' not in _client(app, case.people["lene"]).get("/people/").get_data(as_text=True)


def test_urgent_message_reaches_the_top_of_the_dashboard_until_acknowledged(app, db):
    case = build_case(db)
    sara_client = _client(app, case.people["sara"])
    lene = case.people["lene"]
    bad = post_form(sara_client, "/help/urgent", {"professional": str(case.people["ali"].id), "text": "Hjælp"},
                    token_page="/help/")
    assert bad.status_code == 400  # Ali is not one of Sara's people
    assert "Hjælp" in bad.get_data(as_text=True)
    post_form(sara_client, "/help/urgent", {"professional": str(lene.id), "text": "Kan du ringe?"}, token_page="/help/")
    lene_client = _client(app, lene)
    dashboard = lene_client.get("/people/").get_data(as_text=True)
    assert 'data-testid="urgent"' in dashboard and "Kan du ringe?" in dashboard
    assert dashboard.index('data-testid="urgent"') < dashboard.index("Young people")  # at the top
    assert "Kan du ringe?" not in _client(app, case.people["peter"]).get("/people/").get_data(as_text=True)
    reread(db)
    message = db.exec(select(UrgentMessage)).one()
    assert post_form(_client(app, case.people["peter"]), f"/urgent/{message.id}/seen",
                     token_page="/people/").status_code == 404
    post_form(lene_client, f"/urgent/{message.id}/seen", token_page="/people/")
    after = lene_client.get("/people/").get_data(as_text=True)
    assert 'data-testid="urgent"' not in after
    assert "Marked as seen. Sara is told that you have seen the message." in after  # said, not silently gone
    assert 'data-testid="urgent-seen"' in sara_client.get("/help/").get_data(as_text=True)
    reread(db)
    assert db.exec(select(Notification).where(Notification.kind == "urgent_seen")).one()


def test_working_hours(app, db):
    zone = ZoneInfo("Europe/Copenhagen")
    pro = make_person(db, make_municipality(db), Role.PROFESSIONAL)
    tuesday_noon = datetime(2026, 11, 24, 12, 0, tzinfo=zone)
    assert support.is_at_work(pro, tuesday_noon, zone)
    assert not support.is_at_work(pro, tuesday_noon.replace(hour=20), zone)
    assert not support.is_at_work(pro, datetime(2026, 11, 29, 12, 0, tzinfo=zone), zone)  # Sunday
    client = _client(app, pro)
    bad = post_form(client, "/account/work-hours", {"days": ["1", "2"], "start": "17:00", "end": "17:00"},
                    token_page="/account/")  # (a night shift, 17:00-09:00, is fine: tests/test_absence.py)
    assert bad.status_code == 400
    post_form(client, "/account/work-hours", {"days": ["6", "7"], "start": "10:00", "end": "14:00"},
              token_page="/account/")
    reread(db)
    assert db.get(User, pro.id).work_days == "67"


def test_rights_pages_carry_a_source_and_a_date_for_every_statement(client):
    from youthvoice.core import languages

    for language in languages.CODES:
        pages = rights.pages(language)
        assert {page.slug for page in pages} >= {"bisidder", "being-heard", "your-file", "complaint", "your-plan",
                                                  "support-18-23"}
        for page in pages:
            assert page.points, page.slug
            for point in page.points:
                assert point.source and isinstance(point.checked, date), (page.slug, point.text)
        if language != "da":  # written in the language, with the Danish text's sources, not the Danish fallback
            for page, danish in zip(pages, rights.pages("da"), strict=True):
                assert page.title != danish.title and page.helpers[0].note != danish.helpers[0].note, page.slug
                sourced = [bool(p.source_url) for p in page.points]
                assert sourced == [bool(p.source_url) for p in danish.points], page.slug
    assert len(rights.pages("da")) == len(rights.pages("en"))
    # The transition plan's practical checklist (issue 19.1) is held to the same rule, in every language alike.
    for language in languages.CODES:
        items = checklist.items(language)
        assert [item.key for item in items] == ["bank", "mitid", "youth_flat", "su", "doctor", "moving"]
        for item in items:
            assert item.points and isinstance(item.reviewed, date), item.key
            assert item.area in ("housing", "money", "school_work", "health", "relationships", "everyday"), item.key
            for point in item.points:
                assert point.source and point.source_url.startswith("http") and isinstance(point.checked, date), (
                    item.key, point.text)
        if language != "da":  # written in the language, the same points with the same sources, not the Danish fallback
            for item, danish in zip(items, checklist.items("da"), strict=True):
                assert item.title != danish.title and item.intro != danish.intro, (language, item.key)
                sourced = [(p.source_url, p.checked) for p in item.points]
                assert sourced == [(p.source_url, p.checked) for p in danish.points], (language, item.key)
                assert [p.text for p in item.points] != [p.text for p in danish.points], (language, item.key)
    page = client.get("/rights/complaint").get_data(as_text=True)
    assert "Source:" in page
    danish = client.get("/rights/complaint", headers={"Accept-Language": "da"}).get_data(as_text=True)
    assert '<html lang="da">' in danish
    assert client.get("/rights/nope").status_code == 404


def test_rights_are_offered_in_context(app, db):
    case = build_case(db)
    client = _client(app, case.people["sara"])
    step = client.get(f"/meetings/{case.meeting.id}/prepare/bisidder").get_data(as_text=True)
    assert 'href="/rights/bisidder"' in step
    from youthvoice.meetings import receipts
    from youthvoice.sharing.access import meeting_for

    reread(db)
    receipts.answer(db, access=meeting_for(db, case.people["lene"], case.meeting.id, log_view=False),
                    link_id=case.ids["link_id"], answer_value="not_followed", reason="Nej")
    db.commit()
    receipt = client.get(f"/meetings/{case.meeting.id}/receipt").get_data(as_text=True)
    assert 'href="/rights/complaint"' in receipt
    # Read as text (as a screen reader or read-aloud does), a title and its summary are two sentences, never
    # "…klage over en afgørelse Er du uenig…" (issue 24.4).
    complaint = next(page for page in rights.pages("en") if page.slug == "complaint")
    bisidder = next(page for page in rights.pages("en") if page.slug == "bisidder")
    index = client.get("/rights/").get_data(as_text=True)
    for html, page in ((receipt, complaint), (step, bisidder), (index, complaint), (index, bisidder)):
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        assert re.search(re.escape(page.title) + r" ?[.:!?] " + re.escape(page.summary), text), page.slug


def test_age_awareness(app, db):
    today = date(2026, 11, 24)
    stage = ages.life_stage(date(2009, 3, 1), today)  # 17 years 8 months
    assert stage.transition_soon and not stage.in_support_years
    assert stage.turns_18 == date(2027, 3, 1)
    assert ages.life_stage(date(2004, 2, 29), today).support_ending_soon  # 22¾; leap-day birthday
    assert ages.add_months(date(2004, 2, 29), 23 * 12) == date(2027, 2, 28)
    assert not ages.life_stage(date(2010, 1, 1), today).transition_soon
    town = make_municipality(db)
    soon_18 = make_person(db, town, name="Almost18", birth_date=date.today() - timedelta(days=int(17.8 * 365.25)))
    soon_23 = make_person(db, town, name="Almost23", birth_date=date.today() - timedelta(days=int(22.8 * 365.25)))
    planned = make_person(db, town, name="Planned", birth_date=date.today() - timedelta(days=int(17.7 * 365.25)))
    make_person(db, town, name="Young", birth_date=date.today() - timedelta(days=int(15.2 * 365.25)))
    from youthvoice.meetings import meetings

    meetings.create_meeting(db, owner=planned, created_by=planned, data=meetings.MeetingInput(
        kind="transition", starts_at=utcnow() + timedelta(days=5), place="", others="", participant_ids=[]),
        allowed_participants=[])
    db.commit()
    names = [row.person.display_name for row in transitions.approaching_without_plan(db, town.id)]
    assert sorted(names) == ["Almost18", "Almost23"]
    home = _client(app, soon_18).get("/").get_data(as_text=True)
    assert 'data-testid="turning-18"' in home and 'href="/rights/support-18-23"' in home
    assert 'data-testid="support-ending"' in _client(app, soon_23).get("/").get_data(as_text=True)
    reread(db)
    admin = make_person(db, town, Role.ADMIN)
    page = _client(app, admin).get("/admin/transitions").get_data(as_text=True)
    assert "Almost18" in page and "Almost23" in page and "Planned" not in page


def test_a_bisidder_never_changes_or_erases_the_young_persons_own_words(app, db):
    case = build_case(db, past=False)
    hanne, hanne_client, _sara_client = _bisidder_for(app, db, case)
    sharing.set_meeting_share(db, owner=db.get(User, case.people["sara"].id), meeting=db.get(Meeting, case.meeting.id),
                              grantee=hanne, parts=[SharePart.PREPARATION])
    db.commit()
    form = hanne_client.get(f"/meetings/{case.meeting.id}/help-prepare").get_data(as_text=True)
    assert 'name="hard"' not in form and f"{case.marker}-hard" in form  # shown, not editable
    token = csrf_token(hanne_client, "/")
    hanne_client.post(f"/meetings/{case.meeting.id}/help-prepare",
                      data={"csrf_token": token, "hard": "", "going_well": "overwritten", "setup_time": "Efter skole"})
    reread(db)
    answers = {a.question: a for a in db.exec(select(PreparationAnswer).where(
        PreparationAnswer.meeting_id == case.meeting.id))}
    assert answers["hard"].text == f"{case.marker}-hard"
    assert answers["going_well"].text == f"{case.marker}-going-well"
    assert answers["setup_time"].text == "Efter skole" and answers["setup_time"].written_with_id == hanne.id
