"""Invites: one-time, expiring, replaced by newer ones, never across municipalities, and made at a limited pace."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import col, func, select
from support.client import csrf_token, post_form, register_with_invite
from support.council_setup import build_town
from support.database import reread
from support.people import issue_invite, link, login_as, make_municipality, make_person
from support.softauthn import SoftAuthenticator

from youthvoice.core.danish_calendar import age_on
from youthvoice.core.errors import NotFound
from youthvoice.core.model import utcnow
from youthvoice.council import rules as council
from youthvoice.demo.seed import PERSONAS
from youthvoice.identity import accounts
from youthvoice.identity.ages import INVITE_AGES, USUAL_AGES, add_months, unusual_invite_age
from youthvoice.identity.models import AccountStatus, Invite, Link, Role, User


def test_expired_invite_is_refused(app, client, db):
    town = make_municipality(db)
    pro = make_person(db, town, Role.PROFESSIONAL)
    young = make_person(db, town, status=AccountStatus.PENDING)
    token = issue_invite(app, young, pro, lifetime=timedelta(seconds=-1))
    assert client.get(f"/i/{token}").status_code == 410
    assert register_with_invite.__name__  # the ceremony cannot even start:
    from support.client import post_json

    assert post_json(client, f"/i/{token}/options").status_code == 400


def test_invite_works_once(app, client, db):
    town = make_municipality(db)
    pro = make_person(db, town, Role.PROFESSIONAL)
    young = make_person(db, town, status=AccountStatus.PENDING)
    token = issue_invite(app, young, pro)
    assert client.get(f"/i/{token}").status_code == 200
    assert register_with_invite(client, token, SoftAuthenticator()).status_code == 200
    second = app.test_client()
    page = second.get(f"/i/{token}")
    assert page.status_code == 410
    assert "already been used" in page.get_data(as_text=True)
    from support.client import post_json

    assert post_json(second, f"/i/{token}/options").status_code == 400


def test_a_new_link_replaces_the_old_one(app, client, db):
    town = make_municipality(db)
    pro = make_person(db, town, Role.PROFESSIONAL)
    young = make_person(db, town, status=AccountStatus.PENDING)
    first = issue_invite(app, young, pro)
    second = issue_invite(app, young, pro)
    assert client.get(f"/i/{first}").status_code == 410
    assert client.get(f"/i/{second}").status_code == 200


def test_unknown_and_absurd_tokens_are_404(client):
    assert client.get("/i/nope").status_code == 404
    assert client.get("/i/" + "x" * 5000).status_code == 404


def test_only_the_hash_of_the_token_is_stored(app, db):
    town = make_municipality(db)
    pro = make_person(db, town, Role.PROFESSIONAL)
    young = make_person(db, town, status=AccountStatus.PENDING)
    token = issue_invite(app, young, pro)
    reread(db)
    stored = db.exec(select(Invite)).one()
    assert token not in stored.token_hash
    assert len(stored.token_hash) == 64


def test_professional_invites_a_young_person_through_the_page(app, client, db):
    town = make_municipality(db)
    pro = make_person(db, town, Role.PROFESSIONAL, name="Lene")
    login_as(app, client, pro)
    response = post_form(client, "/people/invite", {"display_name": "Noah", "birth_date": "2010-03-04"},
                         token_page="/people/invite")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "http://localhost/i/" in page
    assert "<svg" in page  # the QR code
    reread(db)
    noah = db.exec(select(User).where(User.display_name == "Noah")).one()
    assert noah.status == AccountStatus.PENDING
    assert db.exec(select(Link).where(Link.young_person_id == noah.id, Link.other_id == pro.id)).one()



def test_the_shown_link_says_what_it_is_and_goes_once_it_is_used(app, client, db):
    town = make_municipality(db)
    pro = make_person(db, town, Role.PROFESSIONAL, name="Lene")
    active = make_person(db, town, name="Sara")
    pending = make_person(db, town, name="Noah", status=AccountStatus.PENDING)
    for young in (active, pending):
        accounts.link(db, young_person=young, other=pro)
    db.commit()
    login_as(app, client, pro)
    # An active young person gets a recovery link (for a lost phone), named as one.
    post_form(client, f"/people/{active.id}/invite-link", token_page=f"/people/{active.id}")
    page = client.get(f"/people/{active.id}").get_data(as_text=True)
    assert "Their recovery link" in page and "Their invite link" not in page
    # A pending one gets an invite; once it is used, the page no longer shows the spent link.
    post_form(client, f"/people/{pending.id}/invite-link", token_page=f"/people/{pending.id}")
    page = client.get(f"/people/{pending.id}").get_data(as_text=True)
    assert "Their invite link" in page and 'data-testid="invite-url"' in page
    reread(db)
    invite = db.exec(select(Invite).where(Invite.user_id == pending.id, col(Invite.revoked_at).is_(None))).one()
    invite.used_at = utcnow()
    db.add(invite)
    db.commit()
    assert 'data-testid="invite-url"' not in client.get(f"/people/{pending.id}").get_data(as_text=True)

def test_invite_form_keeps_what_was_typed_on_errors(app, client, db):
    town = make_municipality(db)
    pro = make_person(db, town, Role.PROFESSIONAL)
    login_as(app, client, pro)
    response = post_form(client, "/people/invite", {"display_name": "Noah <b>", "birth_date": "24/03/2010"},
                         token_page="/people/invite")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'value="Noah &lt;b&gt;"' in body
    assert 'value="24/03/2010"' in body
    assert "YYYY-MM-DD" in body
    too_old = post_form(client, "/people/invite", {"display_name": "Old", "birth_date": "1960-01-01"},
                        token_page="/people/invite")
    assert too_old.status_code == 400
    empty = post_form(client, "/people/invite", {"display_name": "", "birth_date": ""}, token_page="/people/invite")
    assert empty.status_code == 400
    assert "Please fill this in." in empty.get_data(as_text=True)


def _born_years_ago(years: int, days_more: int = 30) -> str:
    """A birth date giving `years` whole years today (a month past the birthday)."""
    today = date.today()
    return (add_months(today, -12 * years) - timedelta(days=days_more)).isoformat()


@pytest.mark.parametrize("age", [11, 26])
def test_an_invite_outside_12_to_25_is_refused_saying_why_and_keeping_what_was_typed(app, client, db, age):
    town = make_municipality(db)
    login_as(app, client, make_person(db, town, Role.PROFESSIONAL))
    birth = _born_years_ago(age)
    response = post_form(client, "/people/invite", {"display_name": "Mia", "birth_date": birth},
                         headers={"Accept-Language": "da"}, token_page="/people/invite")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert f"Med den fødselsdato er de {age} år." in body and "fra 12 til 25 år" in body
    assert 'value="Mia"' in body and f'value="{birth}"' in body
    reread(db)
    assert db.exec(select(User).where(User.display_name == "Mia")).first() is None


@pytest.mark.parametrize("age", [12, 14, 24, 25])
def test_an_invite_outside_15_to_23_is_asked_about_once_more_then_made(app, client, db, age):
    town = make_municipality(db)
    login_as(app, client, make_person(db, town, Role.PROFESSIONAL))
    birth = _born_years_ago(age)
    asked = post_form(client, "/people/invite", {"display_name": "Mia", "birth_date": birth},
                      headers={"Accept-Language": "da"}, token_page="/people/invite")
    body = asked.get_data(as_text=True)
    assert asked.status_code == 200 and 'data-testid="age-warning"' in body
    assert f"Med den fødselsdato er de {age} år." in body and "fra 15 til 23" in body
    assert 'value="Mia"' in body and f'value="{birth}"' in body
    reread(db)
    assert db.exec(select(User).where(User.display_name == "Mia")).first() is None
    # A different date typed after the warning is checked again; the confirmed one goes through.
    other = _born_years_ago(age, days_more=60)
    again = post_form(client, "/people/invite", {"display_name": "Mia", "birth_date": other, "age_confirmed": birth},
                      token_page="/people/invite")
    assert again.status_code == 200 and 'data-testid="age-warning"' in again.get_data(as_text=True)
    made = post_form(client, "/people/invite", {"display_name": "Mia", "birth_date": birth, "age_confirmed": birth},
                     token_page="/people/invite")
    assert made.status_code == 302
    reread(db)
    assert db.exec(select(User).where(User.display_name == "Mia")).one().birth_date.isoformat() == birth


@pytest.mark.parametrize("age", [15, 23])
def test_an_invite_from_15_to_23_is_made_at_once(app, client, db, age):
    town = make_municipality(db)
    login_as(app, client, make_person(db, town, Role.PROFESSIONAL))
    response = post_form(client, "/people/invite", {"display_name": "Mia", "birth_date": _born_years_ago(age)},
                         token_page="/people/invite")
    assert response.status_code == 302


def test_the_invite_ages_at_their_edges():
    born = date(2010, 6, 15)
    assert unusual_invite_age(born, date(2022, 6, 15)) == 12
    assert unusual_invite_age(born, date(2025, 6, 14)) == 14
    assert unusual_invite_age(born, date(2025, 6, 15)) is None  # 15 today
    assert unusual_invite_age(born, date(2034, 6, 14)) is None  # 23 until the day before 24
    assert unusual_invite_age(born, date(2034, 6, 15)) == 24
    assert unusual_invite_age(born, date(2022, 6, 14)) is None  # 11: refused by the form, not asked about
    assert 12 in INVITE_AGES and 25 in INVITE_AGES and 11 not in INVITE_AGES and 26 not in INVITE_AGES


def test_every_young_demo_persona_is_of_an_age_youthvoice_is_made_for():
    """The demo shows youthvoice as it is meant to be used: nobody under 15 (Nora was 14) or over 23."""
    today = date.today()
    for persona in PERSONAS:
        if persona.role == Role.YOUNG_PERSON:
            assert age_on(today - timedelta(days=persona.age_days), today) in USUAL_AGES, persona


@pytest.mark.parametrize(("inviter_role", "invitee_role", "allowed"), [
    (Role.ADMIN, Role.PROFESSIONAL, True),
    (Role.ADMIN, Role.ADMIN, True),
    (Role.ADMIN, Role.YOUNG_PERSON, False),
    (Role.PROFESSIONAL, Role.YOUNG_PERSON, True),
    (Role.PROFESSIONAL, Role.PROFESSIONAL, False),
    (Role.YOUNG_PERSON, Role.YOUNG_PERSON, False),
])
def test_who_may_invite_whom(inviter_role, invitee_role, allowed):
    from youthvoice.identity.accounts import may_invite

    assert may_invite(User(role=inviter_role), invitee_role) is allowed


def test_young_people_and_professionals_cannot_reach_the_admin_invite(app, client, db):
    town = make_municipality(db)
    for role in (Role.YOUNG_PERSON, Role.PROFESSIONAL):
        browser = app.test_client()
        login_as(app, browser, make_person(db, town, role))
        assert browser.get("/admin/invite").status_code == 404
    young_browser = app.test_client()
    login_as(app, young_browser, make_person(db, town))
    assert young_browser.get("/people/invite").status_code == 404


def test_no_invite_across_municipalities(app, db):
    roskilde, ballerup = make_municipality(db, "Roskilde"), make_municipality(db, "Ballerup")
    pro = make_person(db, roskilde, Role.PROFESSIONAL)
    stranger = make_person(db, ballerup, status=AccountStatus.PENDING)
    with pytest.raises(NotFound):
        issue_invite(app, stranger, pro)



# --- making links at a limited pace (issue 15, point 11) ----------------------------------------------------

LIMITED = {"RATELIMIT_ENABLED": True, "RATELIMIT_ISSUE_PERSON": "2 per hour",
           "RATELIMIT_ISSUE_MUNICIPALITY": "100 per day"}


def _issuing_routes(db, town):  # type: ignore[no-untyped-def]
    """Every way to make an invite or recovery link: (who, url, form for attempt n, what must be shown again)."""
    sara, lene, henrik, karina = town["sara"], town["lene"], town["henrik"], town["karina"]
    link(db, sara, lene)
    member = council.invite_member(db, actor=karina, council=town.council, display_name="Ny",
                                   birth_date=utcnow().date().replace(year=2010), invite_days=7)
    db.commit()
    return {
        "people.invite": (lene, "/people/invite", lambda n: {"display_name": f"Noah <{n}>", "birth_date": "2010-03-04"},
                          "Noah &lt;3&gt;"),
        "people.new_link": (lene, f"/people/{sara.id}/invite-link", lambda n: {}, "Sara"),
        "admin.invite": (henrik, "/admin/invite", lambda n: {"display_name": f"Karin {n}", "title": "Mentor <i>",
                                                             "role": "professional"}, "Mentor &lt;i&gt;"),
        "admin.new_link": (henrik, f"/admin/people/{lene.id}/invite-link", lambda n: {}, "Lene Holm"),
        "support.invite": (sara, "/support/invite", lambda n: {"display_name": f"Birte {n}", "relation": "moster"},
                           "Birte 3"),
        "council_members.invite": (karina, "/council/members/invite",
                                   lambda n: {"display_name": f"Mia {n}", "birth_date": "2010-03-04"}, "Mia 3"),
        "council_members.new_link": (karina, f"/council/members/{member.invite.user_id}/invite-link",
                                     lambda n: {}, "Ny"),
    }


def _invites(db) -> int:  # type: ignore[no-untyped-def]
    reread(db)
    return db.exec(select(func.count()).select_from(Invite)).one()


@pytest.mark.app_config(**LIMITED)
@pytest.mark.parametrize("endpoint", ["people.invite", "people.new_link", "admin.invite", "admin.new_link",
                                      "support.invite", "council_members.invite", "council_members.new_link"])
def test_making_links_is_limited_per_person_and_the_form_is_kept(app, db, endpoint):
    """Only redeeming links was limited: anyone allowed to make them could make thousands (and as many pending
    accounts). Now each person makes at most RATELIMIT_ISSUE_PERSON; the refusal is a 429 on the same page, in
    their language, with what they typed."""
    town = build_town(db)
    issuer, url, form, typed = _issuing_routes(db, town)[endpoint]
    browser = app.test_client()
    login_as(app, browser, issuer)
    token = csrf_token(browser, "/rights/")
    before = _invites(db)
    answers = [browser.post(url, data=form(n) | {"csrf_token": token}) for n in (1, 2, 3)]
    assert [answer.status_code for answer in answers] == [302, 302, 429]
    page = answers[2].get_data(as_text=True)
    assert "You have made many links in a short while." in page and typed in page
    assert _invites(db) == before + 2
    danish = browser.post(url, data=form(4) | {"csrf_token": token}, headers={"Accept-Language": "da"})
    assert danish.status_code == 429 and "You have made many links" not in danish.get_data(as_text=True)
    assert _invites(db) == before + 2


@pytest.mark.app_config(RATELIMIT_ENABLED=True, RATELIMIT_ISSUE_PERSON="100 per hour",
                        RATELIMIT_ISSUE_MUNICIPALITY="3 per hour")
def test_making_links_is_limited_per_municipality(app, db):
    town = build_town(db)
    routes = _issuing_routes(db, town)
    answers = []
    for endpoint in ("people.invite", "admin.invite", "support.invite", "people.invite"):
        issuer, url, form, _typed = routes[endpoint]
        browser = app.test_client()
        login_as(app, browser, issuer)
        answers.append(browser.post(url, data=form(1) | {"csrf_token": csrf_token(browser, "/rights/")}))
    assert [answer.status_code for answer in answers] == [302, 302, 302, 429]
    assert "Many links have been made in your municipality" in answers[3].get_data(as_text=True)
    ballerup = app.test_client()  # the next municipality counts its own
    login_as(app, ballerup, town["sofie"])
    invite = ballerup.post("/council/members/invite", data={"display_name": "Emma", "birth_date": "2010-03-04",
                                                            "csrf_token": csrf_token(ballerup, "/rights/")})
    assert invite.status_code == 302
