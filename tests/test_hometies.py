"""Ties to my home municipality (issue 19.3): her home municipality (hers to choose, or her caseworker's or the
admin's to record), the coordinator's news shown to the municipality's young people wherever they live, the home
youth council's public causes, and "I would like to help": sealed, shown only to whom she chooses, across the
municipality wall only to a coordinator of her home municipality; every view logged, withdrawable, in "my data",
erased with her account."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlmodel import select
from support.client import post_form
from support.database import reread
from support.netcase import logged_in
from support.people import link, make_person, saras_circle

from youthvoice.core import personal_data
from youthvoice.core.db import new_session
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.council import hometies
from youthvoice.council import rules as council
from youthvoice.council.models import Cause, CauseStatus, HelpOffer, HomeNews
from youthvoice.identity.models import Role, User
from youthvoice.mydata import data_rights
from youthvoice.notify.models import Notification
from youthvoice.privacy.models import AuditEvent
from youthvoice.sharing import sharing
from youthvoice.sharing.models import ShareScope


def _marker() -> str:
    return "MARKER" + uuid.uuid4().hex[:10]


def _circle(db):  # type: ignore[no-untyped-def]
    """Saras circle, with a coordinator in each municipality: Karina in Roskilde (where Sara lives), Bente in
    Ballerup (where she comes from)."""
    people = saras_circle(db, with_bisidder=False)
    roskilde = people["sara"].municipality_id
    ballerup = people["sofie"].municipality_id
    people["karina"] = make_person(db, _town(db, roskilde), Role.PROFESSIONAL, name="Karina Olsen",
                                   is_coordinator=True)
    people["bente"] = make_person(db, _town(db, ballerup), Role.PROFESSIONAL, name="Bente Bach", is_coordinator=True)
    link(db, people["sara"], people["lene"])
    db.commit()
    return people


def _town(db, municipality_id):  # type: ignore[no-untyped-def]
    from youthvoice.identity.models import Municipality

    return db.get(Municipality, municipality_id)


# --- her home municipality ------------------------------------------------------------------------------------


def test_her_home_municipality_is_where_she_lives_until_chosen_and_hers_to_change(app, db):
    people = _circle(db)
    sara, sofie = people["sara"], people["sofie"]
    client = logged_in(app, sara)
    page = client.get("/home-municipality/").get_data(as_text=True)
    assert "Roskilde" in page and 'data-testid="home-ties"' not in client.get("/").get_data(as_text=True)
    assert post_form(client, "/home-municipality/choose", {"municipality": "999999"},
                     token_page="/home-municipality/").status_code == 400
    response = post_form(client, "/home-municipality/choose", {"municipality": str(sofie.municipality_id)},
                         token_page="/home-municipality/")
    assert response.status_code == 302
    reread(db)
    assert db.get(User, sara.id).home_municipality_id == sofie.municipality_id
    assert "Ballerup" in client.get("/home-municipality/").get_data(as_text=True)
    # her start page and her small steps page link to it now that it differs from where she lives
    assert 'data-testid="home-ties-link"' in client.get("/").get_data(as_text=True)
    assert 'data-testid="home-ties-link"' in client.get("/steps/").get_data(as_text=True)
    # choosing where she lives again is "no other home municipality"
    post_form(client, "/home-municipality/choose", {"municipality": str(sara.municipality_id)},
              token_page="/home-municipality/")
    reread(db)
    assert db.get(User, sara.id).home_municipality_id is None


def test_her_caseworker_or_the_admin_records_it_nobody_else(app, db):
    people = _circle(db)
    sara, sofie = people["sara"], people["sofie"]
    url = f"/home-municipality/person/{sara.id}"
    for who in ("lene", "henrik"):
        response = post_form(logged_in(app, people[who]), url, {"municipality": str(sofie.municipality_id)},
                             token_page="/rights/")
        assert response.status_code == 302, who
        expected = f"/admin/people/{sara.id}" if who == "henrik" else f"/people/{sara.id}"
        assert response.headers["Location"].endswith(expected), (who, response.headers["Location"])
    reread(db)
    assert db.get(User, sara.id).home_municipality_id == sofie.municipality_id
    # not linked (Ali), another municipality (Sofie, Bente), her home's coordinator, another young person, herself
    for who in ("ali", "sofie", "bente", "karina", "mads", "sara"):
        assert logged_in(app, people[who]).get(url).status_code == 404, who


# --- the coordinator's news, and the home youth council's causes ---------------------------------------------


def test_news_rules():
    from youthvoice.council.models import HomeNews as News

    news = News(municipality_id=1, title="")
    with pytest.raises(InvalidInput) as refused:
        hometies._fill(news, {"title": " "})
    assert refused.value.field == "title"
    for field, value in (("kind", "party"), ("link", "javascript:alert(1)"), ("day", "1/3"),
                         ("text", "x" * 601)):
        with pytest.raises(InvalidInput) as refused:
            hometies._fill(news, {"title": "Job", field: value})
        assert refused.value.field == field
    hometies._fill(news, {"title": "Job", "kind": "event", "link": "https://example.org", "day": "2027-03-01"})
    assert (news.kind, news.link, str(news.day)) == ("event", "https://example.org", "2027-03-01")


def test_news_from_home_reach_her_wherever_she_lives_and_only_its_coordinator_posts(app, db):
    people = _circle(db)
    sara, bente, karina = people["sara"], people["bente"], people["karina"]
    hometies.set_home(db, young_person=sara, municipality_id=bente.municipality_id)
    db.commit()
    bente_client = logged_in(app, bente)
    response = post_form(bente_client, "/home-municipality/coordinator/news",
                         {"kind": "job", "title": "Sommerjob i Ballerup", "text": "Søg inden 1. maj"},
                         token_page="/home-municipality/coordinator")
    assert response.status_code == 302
    post_form(logged_in(app, karina), "/home-municipality/coordinator/news", {"title": "Roskilde-nyt"},
              token_page="/home-municipality/coordinator")
    page = logged_in(app, sara).get("/home-municipality/").get_data(as_text=True)
    assert "Sommerjob i Ballerup" in page and "Roskilde-nyt" not in page
    assert "Sommerjob i Ballerup" not in logged_in(app, people["mads"]).get("/home-municipality/").get_data(
        as_text=True)
    reread(db)
    news = db.exec(select(HomeNews).where(HomeNews.municipality_id == bente.municipality_id)).one()
    news_id = news.id
    # the other municipality's coordinator, a professional who is not a coordinator: nothing
    assert logged_in(app, karina).get(f"/home-municipality/coordinator/news/{news.id}").status_code == 404
    assert logged_in(app, people["sofie"]).get("/home-municipality/coordinator").status_code == 404
    post_form(bente_client, f"/home-municipality/coordinator/news/{news.id}", {"title": "Sommerjob", "kind": "job"},
              token_page="/home-municipality/coordinator")
    reread(db)
    assert db.get(HomeNews, news.id).title == "Sommerjob"
    post_form(bente_client, f"/home-municipality/coordinator/news/{news.id}/remove", {},
              token_page="/home-municipality/coordinator")
    assert db.get(HomeNews, news.id) is not None  # not without "Yes, remove"
    post_form(bente_client, f"/home-municipality/coordinator/news/{news.id}/remove", {"confirm": "yes"},
              token_page="/home-municipality/coordinator")
    reread(db)
    db.expunge_all()
    assert db.get(HomeNews, news_id) is None


def test_the_home_youth_councils_public_causes_only_with_a_public_page(app, db):
    from datetime import date

    people = _circle(db)
    sara, bente = people["sara"], people["bente"]
    today = date.today()
    home = council.create_council(db, actor=bente, name="Ballerup Ungebyråd", term_name="2026/27",
                                  starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=300))
    term = council.current_term(db, home, today)
    db.add(Cause(municipality_id=bente.municipality_id, term_id=term.id, status=CauseStatus.IN_PROGRESS,
                 title="Gratis buskort", change="Alle unge skal kunne komme rundt"))
    db.add(Cause(municipality_id=bente.municipality_id, term_id=term.id, status=CauseStatus.DRAFT,
                 title="Et udkast"))
    hometies.set_home(db, young_person=sara, municipality_id=bente.municipality_id)
    db.commit()
    client = logged_in(app, sara)
    assert "Gratis buskort" not in client.get("/home-municipality/").get_data(as_text=True)
    home.public_page = True
    db.add(home)
    db.commit()
    page = client.get("/home-municipality/").get_data(as_text=True)
    assert "Gratis buskort" in page and "Et udkast" not in page


# --- "I would like to help" -------------------------------------------------------------------------------------


def test_her_offer_is_sealed_shown_only_to_whom_she_chooses_across_the_wall_only_to_her_home_coordinator(app, db):
    people = _circle(db)
    sara, lene, bente, karina = people["sara"], people["lene"], people["bente"], people["karina"]
    hometies.set_home(db, young_person=sara, municipality_id=bente.municipality_id)
    db.commit()
    marker = _marker()
    sara_client = logged_in(app, sara)
    assert post_form(sara_client, "/home-municipality/offer", {"text": " "},
                     token_page="/home-municipality/").status_code == 400
    post_form(sara_client, "/home-municipality/offer", {"text": f"{marker} jeg kan tale med yngre i pleje"},
              token_page="/home-municipality/")
    reread(db)
    offer = db.exec(select(HelpOffer).where(HelpOffer.owner_id == sara.id)).one()
    assert offer.text_sealed is not None and marker.encode() not in offer.text_sealed
    of_sara = f"/home-municipality/offers/{sara.id}"
    everyone = ("lene", "peter", "mette", "ali", "henrik", "mads", "sofie", "emil", "bente", "karina")
    for who in everyone:
        response = logged_in(app, people[who]).get(of_sara)
        assert response.status_code == 404 and marker not in response.get_data(as_text=True), who
        assert marker not in logged_in(app, people[who]).get("/home-municipality/coordinator").get_data(as_text=True)
    # whom she can choose: her professionals, and her home municipality's coordinator (not Karina: not linked, and
    # Roskilde is not her home; not Sofie: Ballerup, but not a coordinator)
    page = sara_client.get("/home-municipality/offer").get_data(as_text=True)
    assert "Bente Bach" in page and "Lene Holm" in page and "Karina" not in page and "Sofie" not in page
    for grantee in (karina, people["sofie"], people["emil"]):
        with pytest.raises(NotFound):
            sharing.set_scope_share(db, owner=sara, grantee=grantee, scope=ShareScope.HELP_OFFER, shared=True)
    post_form(sara_client, "/home-municipality/offer/share", {"share": [str(bente.id), str(karina.id)]},
              token_page="/home-municipality/")
    reread(db)
    assert [n.link for n in db.exec(select(Notification).where(Notification.user_id == bente.id))] == [of_sara]
    bente_client = logged_in(app, bente)
    assert marker in bente_client.get(of_sara).get_data(as_text=True)
    assert marker in bente_client.get("/home-municipality/coordinator").get_data(as_text=True)
    for who in everyone:
        if who != "bente":
            assert logged_in(app, people[who]).get(of_sara).status_code == 404, who
    reread(db)
    views = db.exec(select(AuditEvent).where(AuditEvent.subject_id == sara.id, AuditEvent.action == "view")).all()
    assert {(event.actor_id, event.object_type) for event in views} == {(bente.id, "help_offer")}
    listed = sara_client.get("/seen/").get_data(as_text=True)
    assert "Bente Bach" in listed and "what you could offer others" in listed
    assert 'href="/home-municipality/offer"' in listed
    # withdrawn: a 404 at once
    post_form(sara_client, "/home-municipality/offer/share", {"share": [str(lene.id)]},
              token_page="/home-municipality/")
    assert bente_client.get(of_sara).status_code == 404
    assert marker not in bente_client.get("/home-municipality/coordinator").get_data(as_text=True)
    assert marker in logged_in(app, lene).get(of_sara).get_data(as_text=True)
    # shown to Bente again, then Sara's home is no longer Ballerup: Bente may not see it any more
    post_form(sara_client, "/home-municipality/offer/share", {"share": [str(bente.id)]},
              token_page="/home-municipality/")
    assert bente_client.get(of_sara).status_code == 200
    post_form(sara_client, "/home-municipality/choose", {"municipality": str(sara.municipality_id)},
              token_page="/home-municipality/")
    assert bente_client.get(of_sara).status_code == 404
    assert marker not in bente_client.get("/home-municipality/coordinator").get_data(as_text=True)
    # she removes it: gone
    post_form(sara_client, "/home-municipality/offer/remove", {"confirm": "yes"}, token_page="/home-municipality/")
    reread(db)
    assert db.exec(select(HelpOffer).where(HelpOffer.owner_id == sara.id)).first() is None
    assert logged_in(app, lene).get(of_sara).status_code == 404


def test_in_my_data_and_erased_with_her_account(app, db):
    people = _circle(db)
    sara, bente = people["sara"], people["bente"]
    marker = _marker()
    hometies.set_home(db, young_person=sara, municipality_id=bente.municipality_id)
    hometies.save_offer(db, owner=sara, text=f"{marker}-offer")
    sharing.set_scope_share(db, owner=sara, grantee=bente, scope=ShareScope.HELP_OFFER, shared=True)
    db.commit()
    reread(db)
    sara = db.get(User, sara.id)
    exported = data_rights.my_data(db, sara, personal_data.registry_of(app).sections.values())
    assert exported["home_ties"]["offer"] == f"{marker}-offer"
    assert "Ballerup" in exported["home_ties"]["home_municipality"]
    printed = logged_in(app, sara).get("/account/data/print").get_data(as_text=True)
    assert "Your home municipality" in printed and f"{marker}-offer" in printed
    assert marker in json.dumps(exported, ensure_ascii=False)
    reread(db)
    sara = db.get(User, sara.id)
    data_rights.request_erasure(db, person=sara, requested_by=sara, grace_days=7)
    db.commit()
    report = data_rights.erase_due(lambda: new_session(app), erasers=[], now=utcnow() + timedelta(days=8))
    assert report.erased == [sara.id]
    reread(db)
    assert db.exec(select(HelpOffer)).all() == []
