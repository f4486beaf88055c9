"""Supporters from my network (issue 20, "Be my Back"): Sara invites someone from her network with a one-time link,
chooses which goals they see (and nothing else), they send encouragement or offer help, she sees it, every view of
her words by them is in "who has seen what", and ending them takes everything away at once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import col, select
from support.client import ORIGIN, csrf_token, post_form, post_json
from support.database import reread
from support.netcase import logged_in
from support.people import link, make_municipality, make_person, saras_circle
from support.softauthn import SoftAuthenticator

from youthvoice.core.db import new_session
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.models import AccountStatus, Link, LoginSession, Role, User
from youthvoice.meetings import meetings
from youthvoice.network import network, steps, supporters
from youthvoice.network.models import SupporterMessage
from youthvoice.notify.models import Notification
from youthvoice.privacy.models import AuditEvent
from youthvoice.sharing import access, sharing
from youthvoice.sharing.models import Share, ShareScope


def _world(db, marker: str = "MARK"):  # type: ignore[no-untyped-def]
    """Sara with goals for housing and money (each with a step), a meeting, her network with Søren in it."""
    people = saras_circle(db)
    sara = people["sara"]
    steps.set_goal(db, owner=sara, area="housing", text=f"{marker}-housing-goal")
    steps.log_step(db, owner=sara, area="housing", text=f"{marker}-housing-step", day=None, done=False)
    steps.set_goal(db, owner=sara, area="money", text=f"{marker}-money-goal")
    steps.log_step(db, owner=sara, area="money", text=f"{marker}-money-step", day=None, done=False)
    soren = network.add_person(db, owner=sara, data=network.PersonInput(
        name=f"{marker}-Søren-sealed", relation="coach_teacher", circle="outer", helps=["housing"]))
    meeting = meetings.create_meeting(db, owner=sara, created_by=sara, data=meetings.MeetingInput(
        kind="plan", starts_at=utcnow() + timedelta(days=3), place=f"{marker}-place",
        others="", participant_ids=[]), allowed_participants=[])
    db.commit()
    return people, soren, meeting


def _invite(app, db, sara, soren):  # type: ignore[no-untyped-def]
    """Sara invites Søren through her page; he makes a passkey with the link. Returns (his account, his client,
    her client)."""
    sara_client = logged_in(app, sara)
    response = post_form(sara_client, "/network/supporters/invite",
                         {"entry_id": str(soren.id), "display_name": "Søren", "relation": "Min gamle fodboldtræner"},
                         token_page="/network/supporters/")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    page = sara_client.get("/network/supporters/").get_data(as_text=True)
    assert 'data-testid="invite-link"' in page and "<svg" in page and "data-share-link" in page  # link, QR, share
    token = re.search(r"http://localhost/i/([A-Za-z0-9_-]+)", page).group(1)
    his_client = app.test_client()
    assert 'data-testid="supporter-welcome"' in his_client.get(f"/i/{token}").get_data(as_text=True)
    options = post_json(his_client, f"/i/{token}/options").get_json()
    credential = SoftAuthenticator().create(options, origin=ORIGIN)
    assert post_json(his_client, f"/i/{token}/verify", {"credential": credential}).status_code == 200
    reread(db)
    him = db.exec(select(User).where(User.display_name == "Søren")).one()
    return him, his_client, sara_client


def test_a_supporter_sees_only_the_goals_she_shares_and_nothing_else(app, db):
    people, soren, meeting = _world(db)
    sara = people["sara"]
    him, his_client, sara_client = _invite(app, db, sara, soren)
    assert him.role == Role.SUPPORTER and him.status == AccountStatus.ACTIVE and him.title == "Min gamle fodboldtræner"
    # His home leads to her page; nothing shared yet: her name, and none of her words.
    assert his_client.get("/").headers["Location"].endswith("/backing/")
    assert his_client.get("/backing/").headers["Location"].endswith(f"/backing/{sara.id}")
    page = his_client.get(f"/backing/{sara.id}").get_data(as_text=True)
    assert "Sara" in page and "MARK-" not in page
    # She shares her housing goal: he sees it with its steps, and not her money goal.
    response = post_form(sara_client, f"/network/supporters/{him.id}/share", {"area": ["housing"]},
                         token_page="/network/supporters/")
    assert response.status_code == 302
    page = his_client.get(f"/backing/{sara.id}").get_data(as_text=True)
    assert "MARK-housing-goal" in page and "MARK-housing-step" in page
    assert "MARK-money" not in page and "MARK-place" not in page and "MARK-Søren-sealed" not in page
    # Never the case, the meetings, her network, steps pages or housing wishes, even with a goal shared.
    for url in (f"/meetings/{meeting.id}", f"/network/of/{sara.id}", f"/steps/of/{sara.id}",
                f"/housing/of/{sara.id}", f"/people/{sara.id}", "/people/", "/meetings/", "/network/", "/steps/",
                "/network/supporters/", "/account/data", f"/backing/{people['mads'].id}",
                f"/backing/{people['emil'].id}"):
        response = his_client.get(url)
        assert response.status_code == 404, (url, response.status_code)
    # The share is only for supporters: the general scope sharing refuses him.
    with pytest.raises(NotFound):
        sharing.set_scope_share(db, owner=db.get(User, sara.id), grantee=db.get(User, him.id),
                                scope=ShareScope.STEPS, shared=True)


def test_her_choice_changes_what_he_sees_at_once(app, db):
    people, soren, _meeting = _world(db)
    sara = people["sara"]
    issued = supporters.invite_supporter(db, young_person=sara, entry=soren, name="Søren", relation="",
                                         lifetime=timedelta(days=7))
    him = db.get(User, issued.invite.user_id)
    him.status = AccountStatus.ACTIVE
    assert supporters.share_goals(db, owner=sara, supporter=him, areas=["housing", "money", "not-an-area"]) == {
        "housing", "money"}
    db.commit()
    his_client = logged_in(app, him)
    assert "MARK-money-goal" in his_client.get(f"/backing/{sara.id}").get_data(as_text=True)
    supporters.share_goals(db, owner=db.get(User, sara.id), supporter=db.get(User, him.id), areas=["housing"])
    db.commit()
    page = his_client.get(f"/backing/{sara.id}").get_data(as_text=True)
    assert "MARK-housing-goal" in page and "MARK-money-goal" not in page
    rows = db.exec(select(Share).where(Share.grantee_id == him.id, col(Share.withdrawn_at).is_(None))).all()
    assert [(row.scope, row.parts) for row in rows] == [("goals", "housing")]
    # Another young person cannot share with him, nor change or end him.
    mads_client = logged_in(app, people["mads"])
    for url in (f"/network/supporters/{him.id}/share", f"/network/supporters/{him.id}/end"):
        assert post_form(mads_client, url, {"area": ["housing"], "confirm": "yes"},
                         token_page="/network/supporters/").status_code == 404
    with pytest.raises(NotFound):
        supporters.share_goals(db, owner=db.get(User, people["mads"].id), supporter=db.get(User, him.id),
                               areas=["money"])


def test_he_offers_help_and_she_sees_it(app, db):
    people, soren, _meeting = _world(db)
    sara = people["sara"]
    him, his_client, sara_client = _invite(app, db, sara, soren)
    token = csrf_token(his_client, f"/backing/{sara.id}")
    # What is refused keeps what he typed, next to its field, and saves nothing.
    refused = his_client.post(f"/backing/{sara.id}/message", data={"csrf_token": token, "kind": "money",
                                                                   "text": "Jeg kan hjælpe med flytningen"})
    assert refused.status_code == 400 and "Jeg kan hjælpe med flytningen" in refused.get_data(as_text=True)
    empty = his_client.post(f"/backing/{sara.id}/message", data={"csrf_token": token, "kind": "help", "text": " "})
    assert empty.status_code == 400
    sent = his_client.post(f"/backing/{sara.id}/message", data={
        "csrf_token": token, "kind": "help", "text": "Jeg kan hjælpe dig med at flytte på lørdag"})
    assert sent.status_code == 302
    assert "Jeg kan hjælpe dig med at flytte på lørdag" in his_client.get(f"/backing/{sara.id}").get_data(
        as_text=True)
    reread(db)
    assert db.exec(select(Notification).where(Notification.user_id == sara.id,
                                              Notification.kind == "supporter_message")).first() is not None
    page = sara_client.get("/network/supporters/").get_data(as_text=True)
    assert "Jeg kan hjælpe dig med at flytte på lørdag" in page and 'data-testid="supporter-messages"' in page
    # Sealed with her key, written by him: his words are not hers, and nobody else sees them.
    message = db.exec(select(SupporterMessage)).one()
    assert message.owner_id == sara.id and message.author_id == him.id and message.text_sealed is not None
    lene_client = logged_in(app, people["lene"])
    for url in ("/network/supporters/", f"/backing/{sara.id}", f"/steps/of/{sara.id}"):
        assert "flytte på lørdag" not in lene_client.get(url).get_data(as_text=True)
    with pytest.raises(InvalidInput):
        supporters.send_message(db, seen=access.supported_by(db, db.get(User, him.id), sara.id, log_view=False),
                                kind="help", text="x" * 501)


def test_his_views_of_her_words_are_in_who_has_seen_what(app, db):
    people, soren, _meeting = _world(db)
    sara = people["sara"]
    him, his_client, sara_client = _invite(app, db, sara, soren)
    post_form(sara_client, f"/network/supporters/{him.id}/share", {"area": ["housing"]},
              token_page="/network/supporters/")
    his_client.get(f"/backing/{sara.id}")
    reread(db)
    kinds = set(db.exec(select(AuditEvent.object_type).where(AuditEvent.actor_id == him.id,
                                                           AuditEvent.subject_id == sara.id,
                                                           AuditEvent.action == "view")))
    assert {"goals", "steps"} <= kinds
    seen = sara_client.get("/seen/").get_data(as_text=True)
    assert "Søren" in seen


def test_ending_a_supporter_takes_everything_away_at_once(app, db):
    people, soren, _meeting = _world(db)
    sara = people["sara"]
    him, his_client, sara_client = _invite(app, db, sara, soren)
    post_form(sara_client, f"/network/supporters/{him.id}/share", {"area": ["housing"]},
              token_page="/network/supporters/")
    assert his_client.get(f"/backing/{sara.id}").status_code == 200
    # A stray tap ends nothing; the confirmed one ends it.
    post_form(sara_client, f"/network/supporters/{him.id}/end", {}, token_page="/network/supporters/")
    reread(db)
    assert db.get(User, him.id).status == AccountStatus.ACTIVE
    response = post_form(sara_client, f"/network/supporters/{him.id}/end", {"confirm": "yes"},
                         token_page="/network/supporters/")
    assert response.status_code == 302
    reread(db)
    assert db.get(User, him.id).status == AccountStatus.DEACTIVATED
    assert not db.exec(select(LoginSession).where(LoginSession.user_id == him.id)).all()
    assert db.exec(select(Link).where(Link.other_id == him.id, col(Link.ended_at).is_(None))).first() is None
    assert db.exec(select(Share).where(Share.grantee_id == him.id, col(Share.withdrawn_at).is_(None))).first() is None
    # His browser is logged out; the page of her is gone for him.
    response = his_client.get(f"/backing/{sara.id}")
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]
    with pytest.raises(NotFound):
        access.supported_by(db, db.get(User, him.id), sara.id)
    listed = sara_client.get("/network/supporters/").get_data(as_text=True)
    assert "Søren" not in listed.split('id="supporters"')[1].split('id="invite"')[0]


def test_an_ended_link_is_a_404_for_a_still_logged_in_supporter(app, db):
    """If only the link ended (he also backs no one else), a session that somehow lives on sees a 404."""
    people, soren, _meeting = _world(db)
    sara = people["sara"]
    issued = supporters.invite_supporter(db, young_person=sara, entry=soren, name="Søren", relation="",
                                         lifetime=timedelta(days=7))
    him = db.get(User, issued.invite.user_id)
    him.status = AccountStatus.ACTIVE
    supporters.share_goals(db, owner=sara, supporter=him, areas=["housing"])
    db.commit()
    client = logged_in(app, him)
    assert client.get(f"/backing/{sara.id}").status_code == 200
    for row in db.exec(select(Link).where(Link.other_id == him.id)):
        row.ended_at = utcnow()
        db.add(row)
    db.commit()
    assert client.get(f"/backing/{sara.id}").status_code == 404
    assert client.get("/backing/").status_code == 200  # his own start page: nobody to back now


def test_an_invite_needs_someone_from_her_own_network(app, db):
    people, soren, _meeting = _world(db)
    mads = people["mads"]
    client = logged_in(app, mads)
    response = post_form(client, "/network/supporters/invite",
                         {"entry_id": str(soren.id), "display_name": "Søren", "relation": ""},
                         token_page="/network/supporters/")
    assert response.status_code == 400  # Sara's network person is not in his list
    assert db.exec(select(User).where(User.role == Role.SUPPORTER)).first() is None
    with pytest.raises(NotFound):
        supporters.invite_supporter(db, young_person=mads, entry=soren, name="Søren", relation="",
                                    lifetime=timedelta(days=7))
    with pytest.raises(InvalidInput):
        supporters.invite_supporter(db, young_person=people["sara"], entry=soren, name=" ", relation="",
                                    lifetime=timedelta(days=7))


def test_another_municipality_never_reaches_her(app, db):
    town = make_municipality(db, "Ballerup")
    people, _soren, _meeting = _world(db)
    stranger = make_person(db, town, Role.SUPPORTER, name="Fremmed")
    client = logged_in(app, stranger)
    assert client.get(f"/backing/{people['sara'].id}").status_code == 404
    # Even linked by mistake across municipalities, nothing.
    with new_session(app) as other:
        assert access.young_people_backed_by(other, other.get(User, stranger.id)) == []
    link(db, db.get(User, people["sara"].id), db.get(User, stranger.id))
    assert client.get(f"/backing/{people['sara'].id}").status_code == 404


def test_my_data_shows_supporters_and_their_messages(app, db):
    people, soren, _meeting = _world(db)
    sara = people["sara"]
    issued = supporters.invite_supporter(db, young_person=sara, entry=soren, name="Søren", relation="Træner",
                                         lifetime=timedelta(days=7))
    him = db.get(User, issued.invite.user_id)
    him.status = AccountStatus.ACTIVE
    supporters.share_goals(db, owner=sara, supporter=him, areas=["housing"])
    supporters.send_message(db, seen=access.supported_by(db, him, sara.id, log_view=False), kind="encouragement",
                            text="Du kan godt!")
    supporters.end_supporter(db, young_person=sara, supporter_id=him.id)
    db.commit()
    exported = supporters.export_supporters(db, db.get(User, sara.id))
    assert exported["supporters"][0]["name"] == "Søren" and exported["supporters"][0]["ended"]
    assert exported["messages"][0]["text"] == "Du kan godt!" and exported["messages"][0]["from"] == "Søren"
    data = logged_in(app, sara).get("/account/data.json")
    assert "Du kan godt!" in data.get_data(as_text=True)


def test_the_printable_my_data_names_supporters_in_words(app, db):
    people, soren, _meeting = _world(db)
    sara = people["sara"]
    issued = supporters.invite_supporter(db, young_person=sara, entry=soren, name="Søren", relation="Træner",
                                         lifetime=timedelta(days=7))
    him = db.get(User, issued.invite.user_id)
    supporters.share_goals(db, owner=sara, supporter=him, areas=["housing", "money"])
    supporters.end_supporter(db, young_person=sara, supporter_id=him.id)
    db.commit()
    client = logged_in(app, sara)
    client.set_cookie("yv_lang", "en", domain="localhost")
    page = client.get("/account/data/print").get_data(as_text=True)
    assert "Your supporters" in page and "Søren" in page and "Træner" in page
    for raw in (">goals<", "deactivated", "school_work", ">housing<", ">sees<", ">pending<"):
        assert raw not in page, (raw, page[max(page.find(raw) - 300, 0):page.find(raw) + 100])
