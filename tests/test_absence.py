"""Issue 18.3: absence cover. A professional sets the days they are away and a colleague who covers; while away,
urgent messages go to the cover as well, and the young person sees who covers and the municipality's out-of-hours
service. The cover gets the urgent message and nothing else. Working hours may cross midnight; a schedule is
never saved without a day."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select
from support.casebuilder import build_case
from support.client import post_form
from support.database import reread
from support.people import login_as, make_municipality, make_person

from youthvoice.core.danish_calendar import local_today
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.identity.models import Municipality, Role, User
from youthvoice.notify.models import Notification
from youthvoice.sharing import access
from youthvoice.support import absence, support
from youthvoice.support.models import Absence, UrgentMessage

ZONE = ZoneInfo("Europe/Copenhagen")


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def _away(app, lene, cover, *, first=None, last=None):  # type: ignore[no-untyped-def]
    today = local_today()
    return post_form(_client(app, lene), "/absence/", {
        "starts_on": (first or today).isoformat(), "ends_on": (last or today + timedelta(days=7)).isoformat(),
        "cover": str(cover.id)}, token_page="/absence/")


# --- working hours ---------------------------------------------------------------------------------------------


def test_night_shift_across_midnight_is_saved_and_counts_from_the_day_it_starts(app, db):
    pro = make_person(db, make_municipality(db), Role.PROFESSIONAL)
    client = _client(app, pro)
    saved = post_form(client, "/account/work-hours", {"days": ["1"], "start": "16:00", "end": "08:00"},
                      token_page="/account/")
    assert saved.status_code == 302  # refused before the fix: "the end after the start"
    reread(db)
    pro = db.get(User, pro.id)
    assert (pro.work_days, pro.work_start, pro.work_end) == ("1", "16:00", "08:00")
    monday = datetime(2026, 11, 23, tzinfo=ZONE)
    assert support.is_at_work(pro, monday.replace(hour=20), ZONE)
    assert support.is_at_work(pro, (monday + timedelta(days=1)).replace(hour=2), ZONE)  # Monday's night, Tuesday
    assert not support.is_at_work(pro, (monday + timedelta(days=1)).replace(hour=9), ZONE)
    assert not support.is_at_work(pro, monday.replace(hour=2), ZONE)  # Sunday's night: not a working day
    assert not support.is_at_work(pro, monday.replace(hour=12), ZONE)
    same = post_form(client, "/account/work-hours", {"days": ["1"], "start": "09:00", "end": "09:00"},
                     token_page="/account/")
    assert same.status_code == 400 and "cannot be the same" in same.get_data(as_text=True)


def test_unticking_every_day_is_refused_with_a_message_and_keeps_the_schedule(app, db):
    pro = make_person(db, make_municipality(db), Role.PROFESSIONAL)
    refused = post_form(_client(app, pro), "/account/work-hours", {"start": "08:00", "end": "16:00"},
                        token_page="/account/")
    assert refused.status_code == 400
    assert "Tick at least one day you work." in refused.get_data(as_text=True)
    reread(db)
    assert db.get(User, pro.id).work_days == "12345"  # not saved empty


# --- the absence and who covers --------------------------------------------------------------------------------


def test_an_absence_needs_days_in_order_still_to_come_and_a_colleague_of_the_same_municipality(app, db):
    case = build_case(db)
    lene, ali, sofie = case.people["lene"], case.people["ali"], case.people["sofie"]
    today = local_today()
    for first, last, cover, field in ((today, today - timedelta(days=1), ali, "ends_on"),
                                      (today - timedelta(days=9), today - timedelta(days=2), ali, "ends_on"),
                                      (today, today + timedelta(days=400), ali, "ends_on"),
                                      (today, today + timedelta(days=3), sofie, "cover"),  # another municipality
                                      (today, today + timedelta(days=3), lene, "cover"),  # herself
                                      (today, today + timedelta(days=3), case.people["sara"], "cover")):
        with pytest.raises(InvalidInput) as refused:
            absence.set_absence(db, professional=lene, starts_on=first, ends_on=last, cover_id=cover.id)
        assert refused.value.field == field
    page = post_form(_client(app, lene), "/absence/", {"starts_on": "", "ends_on": "x", "cover": str(ali.id)},
                     token_page="/absence/")
    assert page.status_code == 400 and "Choose the first day you are away." in page.get_data(as_text=True)
    assert _away(app, lene, ali).status_code == 302
    reread(db)
    row = db.get(Absence, lene.id)
    assert row.cover_id == ali.id and row.municipality_id == lene.municipality_id
    assert "Lene Holm" in _client(app, ali).get("/absence/").get_data(as_text=True)  # "you cover for"
    post_form(_client(app, lene), "/absence/end", token_page="/absence/")
    reread(db)
    assert db.get(Absence, lene.id) is None


def test_an_urgent_message_reaches_the_cover_while_away_and_nothing_else_does(app, db):
    case = build_case(db)
    sara, lene, ali, peter = case.people["sara"], case.people["lene"], case.people["ali"], case.people["peter"]
    assert _away(app, lene, ali).status_code == 302
    sara_client = _client(app, sara)
    help_page = sara_client.get("/help/").get_data(as_text=True)
    assert 'data-testid="away"' in help_page and "Ali Demir covers and gets your message too." in help_page
    sent = post_form(sara_client, "/help/urgent", {"professional": str(lene.id), "text": "Kan nogen ringe?"},
                     token_page="/help/", follow_redirects=True)
    assert "Ali Demir covers while your contact is away and got it too." in sent.get_data(as_text=True)
    reread(db)
    message = db.exec(select(UrgentMessage)).one()
    assert (message.professional_id, message.cover_id) == (lene.id, ali.id)
    assert db.exec(select(Notification).where(Notification.user_id == ali.id, Notification.kind == "urgent")).one()
    ali_client = _client(app, ali)
    dashboard = ali_client.get("/people/").get_data(as_text=True)
    assert 'data-testid="urgent"' in dashboard and "Kan nogen ringe?" in dashboard
    assert "To Lene Holm, who is away. You cover." in dashboard
    assert "Kan nogen ringe?" in _client(app, lene).get("/people/").get_data(as_text=True)  # and Lene still
    assert "Kan nogen ringe?" not in _client(app, peter).get("/people/").get_data(as_text=True)

    # The cover gains nothing of what Sara shared with Lene: the access policy does not know about absences.
    for path in (f"/meetings/{case.meeting.id}", f"/meetings/{case.meeting.id}/summary", f"/people/{sara.id}",
                 f"/network/of/{sara.id}", f"/steps/of/{sara.id}"):
        assert ali_client.get(path).status_code == 404, path
    with pytest.raises(NotFound):
        access.meeting_for(db, ali, case.meeting.id, log_view=False)
    with pytest.raises(NotFound):
        access.person_for(db, ali, sara.id)
    assert sara.id not in [row.id for row in access.young_people_of(db, ali)]
    assert access.meetings_visible_to(db, ali) == []

    # The cover may say it is seen; Sara is told.
    assert post_form(_client(app, peter), f"/urgent/{message.id}/seen", token_page="/people/").status_code == 404
    assert post_form(ali_client, f"/urgent/{message.id}/seen", token_page="/people/").status_code == 302
    reread(db)
    assert db.get(UrgentMessage, message.id).acknowledged_at is not None
    assert 'data-testid="urgent"' not in _client(app, lene).get("/people/").get_data(as_text=True)
    # Her "my data" says who got the message: Lene, and Ali who covered.
    mine = sara_client.get("/account/data.json").get_json()["urgent_messages"]
    assert [(row["to"], row["also_to"]) for row in mine] == [("Lene Holm", "Ali Demir")]


def test_no_cover_before_the_absence_starts_or_after_it_ends(app, db):
    case = build_case(db)
    sara, lene, ali = case.people["sara"], case.people["lene"], case.people["ali"]
    today = local_today()
    _away(app, lene, ali, first=today + timedelta(days=2), last=today + timedelta(days=5))
    reread(db)
    assert absence.away_now(db, [lene.id]) == {}
    assert absence.away_now(db, [lene.id], today + timedelta(days=2))[lene.id][1].id == ali.id
    assert absence.away_now(db, [lene.id], today + timedelta(days=6)) == {}
    assert 'data-testid="away"' not in _client(app, sara).get("/help/").get_data(as_text=True)
    reread(db)
    support.send_urgent(db, young_person=sara, professional_id=lene.id, text="før")
    db.commit()
    assert db.exec(select(UrgentMessage)).one().cover_id is None
    assert "før" not in _client(app, ali).get("/people/").get_data(as_text=True)


# --- the out-of-hours service ------------------------------------------------------------------------------------


def test_the_admin_sets_the_out_of_hours_service_and_the_young_person_can_call_it(app, db):
    case = build_case(db)
    henrik = case.people["henrik"]
    admin = _client(app, henrik)
    for values, field_error in ((("Socialvagten", "ring os"), "with digits"),
                                (("Socialvagten", ""), "Write both the name and the phone number, or neither.")):
        refused = post_form(admin, "/admin/out-of-hours",
                            {"out_of_hours_name": values[0], "out_of_hours_phone": values[1]}, token_page="/admin/")
        assert refused.status_code == 400 and field_error in refused.get_data(as_text=True)
        assert f'value="{values[0]}"' in refused.get_data(as_text=True)  # what was typed stays
    saved = post_form(admin, "/admin/out-of-hours",
                      {"out_of_hours_name": "Socialvagten Roskilde", "out_of_hours_phone": "+45 46 31 00 00"},
                      token_page="/admin/")
    assert saved.status_code == 302
    reread(db)
    town = db.get(Municipality, henrik.municipality_id)
    assert (town.out_of_hours_name, town.out_of_hours_phone) == ("Socialvagten Roskilde", "+45 46 31 00 00")
    page = _client(app, case.people["sara"]).get("/help/").get_data(as_text=True)
    assert 'href="tel:+4546310000"' in page and "Socialvagten Roskilde" in page
    assert "Socialvagten Roskilde" not in _client(app, case.people["emil"]).get("/help/").get_data(as_text=True)
    assert absence.tel_link("+45 46 31 00 00") == "tel:+4546310000"
