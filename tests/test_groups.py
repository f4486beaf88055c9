"""Peer groups (issue 20.3 and 20.4): a facilitator (tovholder) starts a group, invites a young person not in care
(a peer-only account, with a link and a QR code) and one in care (a join link); members post tips, housing leads
and tasks and reply; the facilitator hides a post with a reason and shows it again; a member flags a post, deletes
her own and leaves; the facilitator takes a member out of the group and closes it. Privacy by design: nobody outside
the group reaches its content, a peer reaches no case route, leaving (or being taken out) closes the group at the
next request, and "my data" and erasure cover posts, memberships and flags."""

from __future__ import annotations

import json
import re
import secrets
from datetime import date, timedelta

import pytest
from sqlmodel import col, select
from support.client import csrf_token, post_form, register_with_invite
from support.database import reread
from support.netcase import logged_in
from support.people import make_municipality, make_person
from support.softauthn import SoftAuthenticator

from youthvoice.core import personal_data
from youthvoice.core.db import new_session
from youthvoice.core.errors import InvalidInput
from youthvoice.core.model import utcnow
from youthvoice.groups import rules
from youthvoice.groups.models import GroupMember, GroupPost, GroupPostFlag, PeerGroup
from youthvoice.identity.models import AccountStatus, Role, User
from youthvoice.meetings import meetings
from youthvoice.mydata import data_rights
from youthvoice.notify.models import Notification
from youthvoice.privacy.audit import Action
from youthvoice.privacy.models import AuditEvent

YEARS = 365.25


def _born(years: float) -> date:
    return date.today() - timedelta(days=int(years * YEARS))


def _world(db):  # type: ignore[no-untyped-def]
    """Maja, a facilitator; Sara (in care, with a meeting of her own); Mads (in care, in no group); Lene, Sara's
    caseworker; Henrik the admin; Bo, another facilitator; Emil in another municipality."""
    town, other = make_municipality(db, "Roskilde"), make_municipality(db, "Ballerup")
    people = {
        "maja": make_person(db, town, Role.FACILITATOR, name="Maja Holt"),
        "bo": make_person(db, town, Role.FACILITATOR, name="Bo Berg"),
        "sara": make_person(db, town, name="Sara Jensen", birth_date=_born(17)),
        "mads": make_person(db, town, name="Mads", birth_date=_born(18)),
        "lene": make_person(db, town, Role.PROFESSIONAL, name="Lene Holm"),
        "henrik": make_person(db, town, Role.ADMIN, name="Henrik Madsen"),
        "emil": make_person(db, other, name="Emil", birth_date=_born(16)),
    }
    from youthvoice.identity import accounts

    accounts.link(db, young_person=people["sara"], other=people["lene"])
    meetings.create_meeting(db, owner=people["sara"], created_by=people["sara"], data=meetings.MeetingInput(
        kind="plan", starts_at=utcnow() + timedelta(days=3), place="CASEMARK-place", others="",
        participant_ids=[]), allowed_participants=[])
    db.commit()
    return people


def _group_with_liva_and_sara(app, db, people):  # type: ignore[no-untyped-def]
    """Through the pages: Maja starts the group, invites Liva (a peer, who registers a passkey) and Sara (who
    joins with a join link). Returns (group, clients by name)."""
    maja = logged_in(app, people["maja"])
    response = post_form(maja, "/groups/new", {"name": "Boligjagt forår 2027", "about": "Vi finder et sted at bo"},
                         token_page="/groups/")
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    group = db.exec(select(PeerGroup).where(PeerGroup.facilitator_id == people["maja"].id)).one()
    manage = f"/groups/{group.id}/manage"
    assert post_form(maja, f"/groups/{group.id}/invite-peer", {"display_name": "Liva", "birth_date":
                     _born(18.5).isoformat()}, token_page=manage).status_code == 302
    page = maja.get(manage).get_data(as_text=True)
    assert 'data-testid="invite-link"' in page and "<svg" in page  # the link, and its QR code
    token = re.search(r"http://localhost/i/([A-Za-z0-9_-]+)", page).group(1)
    liva = app.test_client()
    assert 'data-testid="peer-welcome"' in liva.get(f"/i/{token}").get_data(as_text=True)
    assert register_with_invite(liva, token, SoftAuthenticator()).status_code == 200
    assert post_form(maja, f"/groups/{group.id}/invite-member", {"first_name": "Sara"},
                     token_page=manage).status_code == 302
    page = maja.get(manage).get_data(as_text=True)
    join = re.search(r"http://localhost(/groups/join/[A-Za-z0-9_-]+)", page).group(1)
    sara = logged_in(app, people["sara"])
    assert "Boligjagt forår 2027" in sara.get(join).get_data(as_text=True)
    assert post_form(sara, join, {}, token_page="/groups/").status_code == 302
    assert sara.get(join).status_code == 404  # used once
    reread(db)
    return group, {"maja": maja, "liva": liva, "sara": sara}


def test_a_facilitator_runs_a_group_with_a_peer_and_a_young_person_in_care(app, db):
    people = _world(db)
    group, clients = _group_with_liva_and_sara(app, db, people)
    liva = db.exec(select(User).where(User.display_name == "Liva")).one()
    assert liva.role == Role.PEER and liva.status == AccountStatus.ACTIVE
    # Her home is her groups; the group page shows first names only.
    home = clients["liva"].get("/").get_data(as_text=True)
    assert "Boligjagt forår 2027" in home and 'data-testid="home-groups"' in home
    assert "Boligjagt forår 2027" in clients["sara"].get("/").get_data(as_text=True)
    url = f"/groups/{group.id}"
    # Liva posts a housing lead; Sara replies; both as their own words.
    response = post_form(clients["liva"], f"{url}/posts", {"kind": "housing_lead",
                         "text": "Værelse i Roskilde, 3.200 kr."}, token_page=url)
    assert response.status_code == 302
    reread(db)
    lead = db.exec(select(GroupPost).where(GroupPost.owner_id == liva.id)).one()
    assert lead.kind == "housing_lead" and lead.text_sealed is not None and b"3.200" not in lead.text_sealed
    assert post_form(clients["sara"], f"{url}/posts", {"text": "Jeg kommer med til fremvisningen!",
                     "parent_id": str(lead.id)}, token_page=url).status_code == 302
    page = clients["maja"].get(url).get_data(as_text=True)
    reread(db)
    assert "Værelse i Roskilde" in page and "Jeg kommer med" in page
    assert ">Sara<" in page and "Jensen" not in page and "CASEMARK" not in page  # first names, nothing of her case
    # Liva is told of the reply.
    assert db.exec(select(Notification).where(Notification.user_id == liva.id,
                                              Notification.kind == "group_reply")).first() is not None
    # A reason is required to hide; then the group sees the reason in its place, the log keeps who.
    assert post_form(clients["maja"], f"{url}/posts/{lead.id}/hide", {"reason": ""}, token_page=url
                     ).status_code == 400
    assert post_form(clients["maja"], f"{url}/posts/{lead.id}/hide", {"reason": "Ingen adresser her"},
                     token_page=url).status_code == 302
    seen_by_sara = clients["sara"].get(url).get_data(as_text=True)
    assert "Ingen adresser her" in seen_by_sara and "Værelse i Roskilde" not in seen_by_sara
    assert "Værelse i Roskilde" in clients["liva"].get(url).get_data(as_text=True)  # her own words, to her
    reread(db)
    assert db.exec(select(AuditEvent).where(AuditEvent.action == rules.POST_HIDDEN)).first() is not None
    # Members cannot hide; the facilitator shows it again with a reason.
    assert post_form(clients["sara"], f"{url}/posts/{lead.id}/show", {"reason": "x"}, token_page=url
                     ).status_code == 404
    assert post_form(clients["maja"], f"{url}/posts/{lead.id}/show", {"reason": "Fejl"}, token_page=url
                     ).status_code == 302
    assert "Værelse i Roskilde" in clients["sara"].get(url).get_data(as_text=True)


def test_a_member_flags_deletes_her_own_and_leaves_and_the_group_closes_at_once(app, db):
    people = _world(db)
    group, clients = _group_with_liva_and_sara(app, db, people)
    url = f"/groups/{group.id}"
    post_form(clients["liva"], f"{url}/posts", {"kind": "tip", "text": "Skriv dig op i dag"}, token_page=url)
    reread(db)
    tip = db.exec(select(GroupPost).where(GroupPost.kind == "tip")).one()
    tip_id = tip.id
    post_form(clients["sara"], f"{url}/posts", {"text": "Tak for tippet", "parent_id": str(tip.id)}, token_page=url)
    # Sara flags Liva's tip: Maja is told and sees the reason, never who asked; Sara cannot delete it.
    assert post_form(clients["sara"], f"{url}/posts/{tip.id}/flag", {"reason": "Forkert link"},
                     token_page=url).status_code == 302
    assert post_form(clients["sara"], f"{url}/posts/{tip.id}/delete", {"confirm": "yes"},
                     token_page=url).status_code == 404
    page = clients["maja"].get(url).get_data(as_text=True)
    assert 'data-testid="flag-note"' in page and "Forkert link" in page
    reread(db)
    assert db.exec(select(Notification).where(Notification.user_id == people["maja"].id,
                                              Notification.kind == "group_flag")).first() is not None
    # Liva deletes her tip: Sara's reply stays, as a post of its own.
    assert post_form(clients["liva"], f"{url}/posts/{tip.id}/delete", {"confirm": "yes"},
                     token_page=url).status_code == 302
    reread(db)
    assert db.exec(select(GroupPost.id).where(GroupPost.id == tip_id)).first() is None
    assert db.exec(select(GroupPostFlag)).first() is None
    reply = db.exec(select(GroupPost).where(GroupPost.owner_id == people["sara"].id)).one()
    assert reply.parent_id is None and "Tak for tippet" in clients["maja"].get(url).get_data(as_text=True)
    assert "Boligjagt" in clients["sara"].get("/").get_data(as_text=True)  # her home lists the group
    # Sara leaves: her very next request is a 404, and she cannot post either.
    assert post_form(clients["sara"], f"{url}/leave", {"confirm": "yes"}, token_page=url).status_code == 302
    assert clients["sara"].get(url).status_code == 404
    token = csrf_token(clients["sara"], "/groups/")
    assert clients["sara"].post(f"{url}/posts", data={"text": "x", "csrf_token": token}).status_code == 404
    assert "Boligjagt" not in clients["sara"].get("/").get_data(as_text=True)


def test_age_rules_apply_to_groups(app, db):
    people = _world(db)
    group = rules.create_group(db, actor=people["maja"], name="Gruppe", about="")
    seen = rules.GroupAccess(group, people["maja"], runs=True)
    for years in (14, 24):
        with pytest.raises(InvalidInput) as refused:
            rules.invite_peer(db, seen=seen, name="Ung", birth_date=_born(years), lifetime=timedelta(days=7))
        assert refused.value.field == "birth_date"
    old = make_person(db, _town(db, people), name="Ole", birth_date=_born(24))
    _invite, token = rules.invite_member(db, seen=seen, name="Ole", lifetime=timedelta(days=7))
    with pytest.raises(InvalidInput):
        rules.join(db, actor=old, token=token)
    # And through the page: a refused birth date keeps what was typed, with the error beside it.
    db.commit()
    maja = logged_in(app, people["maja"])
    response = post_form(maja, f"/groups/{group.id}/invite-peer", {"display_name": "Ung",
                         "birth_date": _born(13).isoformat()}, token_page=f"/groups/{group.id}/manage")
    assert response.status_code == 400 and 'value="Ung"' in response.get_data(as_text=True)


def _town(db, people):  # type: ignore[no-untyped-def]
    from youthvoice.identity.models import Municipality

    return db.get(Municipality, people["maja"].municipality_id)


def test_nobody_outside_the_group_reaches_it(app, db):
    people = _world(db)
    group, clients = _group_with_liva_and_sara(app, db, people)
    url = f"/groups/{group.id}"
    post_form(clients["sara"], f"{url}/posts", {"kind": "housing_lead", "text": "GROUPMARK lejlighed"},
              token_page=url)
    reread(db)
    post = db.exec(select(GroupPost)).first()
    for name in ("mads", "lene", "henrik", "bo", "emil"):
        client = logged_in(app, people[name])
        for path in (url, f"{url}/manage", "/groups/"):
            response = client.get(path)
            assert "GROUPMARK" not in response.get_data(as_text=True), (name, path)
            if path != "/groups/":
                assert response.status_code == 404, (name, path, response.status_code)
        token = csrf_token(client, "/rights/")
        for action in ("posts", f"posts/{post.id}/hide", f"posts/{post.id}/flag", f"posts/{post.id}/delete",
                       "leave", "invite-peer", "invite-member", "meetings", f"members/{people['sara'].id}/remove",
                       "close"):
            response = client.post(f"{url}/{action}", data={"text": "x", "reason": "x", "confirm": "yes",
                                                            "csrf_token": token})
            assert response.status_code == 404, (name, action, response.status_code)
    reread(db)
    assert db.get(GroupPost, post.id).hidden_at is None
    assert db.get(PeerGroup, group.id).closed_at is None
    assert rules.membership(db, group, people["sara"]) is not None


def test_a_peer_reaches_no_case_route(app, db):
    people = _world(db)
    _group, clients = _group_with_liva_and_sara(app, db, people)
    sara = people["sara"]
    for path in ("/meetings/", "/meetings/new", "/decisions/", "/network/", "/steps/", "/housing/", "/support/",
                 "/seen/", "/people/", f"/people/{sara.id}", f"/network/of/{sara.id}", "/network/supporters/",
                 "/account/portfolio", "/transition/", "/council/", "/help-now"):
        response = clients["liva"].get(path)
        assert response.status_code == 404, (path, response.status_code)
    assert clients["liva"].get("/account/data").status_code == 200  # her own data: yes


def test_members_reading_her_posts_are_not_logged_as_views(app, db):
    """She chose to post to the group, as a comment in the youth council: its members read it there without a
    "who has seen what" entry (sealing.sealed(posted=True)); her case's words are never on the page at all."""
    people = _world(db)
    group, clients = _group_with_liva_and_sara(app, db, people)
    url = f"/groups/{group.id}"
    post_form(clients["sara"], f"{url}/posts", {"kind": "tip", "text": "Mit eget tip"}, token_page=url)
    reread(db)
    before = db.exec(select(AuditEvent.id).order_by(col(AuditEvent.id).desc())).first() or 0
    assert "Mit eget tip" in clients["liva"].get(url).get_data(as_text=True)
    reread(db)
    seen = db.exec(select(AuditEvent).where(AuditEvent.id > before, AuditEvent.subject_id == people["sara"].id,
                                            AuditEvent.action == Action.VIEW)).all()
    assert seen == []


def test_my_data_and_erasure_cover_group_posts_memberships_and_supporters(app, db):
    people = _world(db)
    group, clients = _group_with_liva_and_sara(app, db, people)
    url = f"/groups/{group.id}"
    post_form(clients["liva"], f"{url}/posts", {"kind": "housing_lead", "text": "LIVAMARK værelse"}, token_page=url)
    reread(db)
    lead = db.exec(select(GroupPost)).one()
    post_form(clients["sara"], f"{url}/posts", {"text": "Sara svarer", "parent_id": str(lead.id)}, token_page=url)
    post_form(clients["liva"], f"{url}/posts/{lead.id}/flag", {"reason": "x"}, token_page=url)  # (her own: refused)
    reread(db)
    liva = db.exec(select(User).where(User.display_name == "Liva")).one()
    exported = json.loads(clients["liva"].get("/account/data.json").get_data(as_text=True))
    assert exported["groups"]["posts"][0]["text"] == "LIVAMARK værelse"
    assert exported["groups"]["memberships"][0]["group"] == "Boligjagt forår 2027"
    assert "Sara svarer" not in json.dumps(exported, ensure_ascii=False)  # never others' words
    sara_data = data_rights.my_data(db, db.get(User, people["sara"].id),
                                    personal_data.registry_of(app).sections.values())
    assert "supporters" in sara_data and sara_data["groups"]["posts"][0]["text"] == "Sara svarer"
    # Liva asks for erasure; when it is carried out her posts and memberships go, Sara's reply stays.
    assert post_form(clients["liva"], "/account/delete", {"confirm": "yes"}, token_page="/account/delete"
                     ).status_code == 302
    db.close()
    report = data_rights.erase_each(lambda: new_session(app), [liva.id], reason="request",
                                    erasers=list(personal_data.registry_of(app).erasers.values()))
    assert report.erased == [liva.id]
    with new_session(app) as fresh:
        assert fresh.exec(select(GroupPost).where(GroupPost.owner_id == liva.id)).first() is None
        assert fresh.exec(select(GroupMember).where(GroupMember.user_id == liva.id)).first() is None
        reply = fresh.exec(select(GroupPost)).one()
        assert reply.text == "Sara svarer" and reply.parent_id is None


def test_the_admin_invites_a_facilitator_and_sees_peers_without_their_groups(app, db):
    people = _world(db)
    _group, _clients = _group_with_liva_and_sara(app, db, people)
    admin = logged_in(app, people["henrik"])
    response = post_form(admin, "/admin/invite", {"display_name": "Frida Frivillig", "title": "Røde Kors",
                                                  "role": "facilitator"}, token_page="/admin/invite")
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    reread(db)
    frida = db.exec(select(User).where(User.display_name == "Frida Frivillig")).one()
    assert frida.role == Role.FACILITATOR and frida.is_staff
    liva = db.exec(select(User).where(User.display_name == "Liva")).one()
    overview = admin.get("/admin/").get_data(as_text=True)
    assert "Frida Frivillig" in overview and "Liva" in overview
    for person in (frida, liva):
        page = admin.get(f"/admin/people/{person.id}")
        assert page.status_code == 200
        assert "Boligjagt" not in page.get_data(as_text=True)  # the admin is no member: nothing of the group


def test_walking_every_page_as_everyone_outside_the_group_shows_none_of_it(app):
    """The route matrix's world (the demo): Nikolaj posts a marked housing lead in Maja's group, Jonas leaves the
    group. Every page (GET) of the app, as every role that is not in the group, and as Jonas after leaving: the
    marker is on none of them. (Sara, Nikolaj and Maja are in it: they see it on the group page.)"""
    from support.people import login_as
    from test_route_matrix import ROLES, _build, _url

    world = _build(app)
    marker = "GROUPCANARY" + secrets.token_hex(6)
    with new_session(app) as db:
        group = db.exec(select(PeerGroup).where(PeerGroup.name == "Boligjagt forår 2027")).one()
        nikolaj, jonas = (db.exec(select(User).where(User.display_name == name)).one() for name in ("Nikolaj", "Jonas"))
        rules.add_post(db, seen=rules.GroupAccess(group, nikolaj, runs=False), kind="housing_lead",
                       text=f"{marker} lejlighed")
        rules.leave(db, seen=rules.GroupAccess(group, jonas, runs=False))
        db.commit()
        group_id = group.id
    outsiders = {role: world.people[role] for role in ROLES
                 if role not in ("anonymous", "owner", "peer", "facilitator")} | {"left_member": jonas}
    rules_to_walk = [rule for rule in app.url_map.iter_rules() if "GET" in rule.methods
                     and rule.endpoint not in ("assets.static_file", "auth.logout")]
    for role, person in outsiders.items():
        client = app.test_client()
        login_as(app, client, person)
        for rule in rules_to_walk:
            url = _url(app, rule, world)
            body = client.get(url, follow_redirects=True).data.decode("utf-8", "replace")
            assert marker not in body, f"{role} saw the group's post on {url}"
        response = client.get(f"/groups/{group_id}")
        assert response.status_code == 404 or "/login" in response.headers.get("Location", ""), role
    insider = app.test_client()
    login_as(app, insider, world.people["peer"])
    assert marker in insider.get(f"/groups/{group_id}").get_data(as_text=True)  # (the walk would see it)



def test_the_facilitator_takes_a_member_out_at_once_her_posts_stay_hers_and_she_is_told(app, db):
    people = _world(db)
    group, clients = _group_with_liva_and_sara(app, db, people)
    url, manage = f"/groups/{group.id}", f"/groups/{group.id}/manage"
    sara_id = people["sara"].id
    remove = f"{url}/members/{sara_id}/remove"
    post_form(clients["sara"], f"{url}/posts", {"kind": "tip", "text": "SARAMARK mit tip"}, token_page=url)
    reread(db)
    tip = db.exec(select(GroupPost).where(GroupPost.owner_id == sara_id)).one()
    post_form(clients["liva"], f"{url}/posts/{tip.id}/flag", {"reason": "LIVAFLAG grimt"}, token_page=url)
    # Only the group's facilitator: a member, another facilitator, her caseworker get a 404.
    for client in (clients["liva"], logged_in(app, people["bo"]), logged_in(app, people["lene"])):
        response = post_form(client, remove, {"why": "hurt_others", "reason": "x"}, token_page="/rights/")
        assert response.status_code == 404
    # A reason is needed, and what was typed stays when it is refused.
    page = post_form(clients["maja"], remove, {"why": "other", "reason": ""}, token_page=manage)
    assert page.status_code == 400 and 'class="error"' in page.get_data(as_text=True)
    maja_page = post_form(clients["maja"], remove, {"why": "hurt_others", "reason": "TYPED " + "x" * 300},
                          token_page=manage)
    body = maja_page.get_data(as_text=True)
    assert maja_page.status_code == 400 and 'value="TYPED xxx' in body and 'value="hurt_others" checked' in body
    assert post_form(clients["maja"], remove, {"why": "nonsense", "reason": ""}, token_page=manage).status_code == 400
    assert post_form(clients["maja"], f"{url}/members/not-an-id/remove", {"reason": "x"},
                     token_page=manage).status_code == 404
    reread(db)
    assert rules.membership(db, group, people["sara"]) is not None  # nothing happened yet
    # Taken out: her very next request to the group is a 404, as after leaving.
    response = post_form(clients["maja"], remove, {"why": "hurt_others", "reason": "Vi taler om det i morgen"},
                         token_page=manage)
    assert response.status_code == 302
    assert clients["sara"].get(url).status_code == 404
    token = csrf_token(clients["sara"], "/groups/")
    assert clients["sara"].post(f"{url}/posts", data={"text": "x", "csrf_token": token}).status_code == 404
    assert post_form(clients["maja"], remove, {"why": "hurt_others"}, token_page=manage).status_code == 404  # (once)
    # Her post stays, unchanged and hers, on the board; the facilitator got no way to change it.
    reread(db)
    kept = db.get(GroupPost, tip.id)
    assert kept.owner_id == sara_id and kept.text == "SARAMARK mit tip" and kept.hidden_at is None
    assert "SARAMARK" in clients["liva"].get(url).get_data(as_text=True)
    assert "Sara" not in clients["maja"].get(manage).get_data(as_text=True).split('data-testid="manage-members"')[1] \
        .split("</ul>")[0]
    assert db.exec(select(AuditEvent).where(AuditEvent.action == rules.MEMBER_REMOVED,
                                            AuditEvent.subject_id == sara_id)).first() is not None
    assert db.exec(select(Notification).where(Notification.user_id == sara_id,
                                              Notification.kind == "group_removed")).first() is not None
    # She is told on her groups page, with the reason, never who asked the facilitator to look at her post.
    mine = clients["sara"].get("/groups/").get_data(as_text=True)
    assert 'data-testid="group-removal"' in mine and "Vi taler om det i morgen" in mine and "Boligjagt" in mine
    assert "LIVAFLAG" not in mine and "Liva" not in mine
    exported = json.loads(clients["sara"].get("/account/data.json").get_data(as_text=True))
    membership = exported["groups"]["memberships"][0]
    assert membership["removed"] and membership["why"] == "hurt_others"
    assert exported["groups"]["posts"][0]["text"] == "SARAMARK mit tip"
    # She can be invited again: then she is in, and the notice is gone.
    post_form(clients["maja"], f"{url}/invite-member", {"first_name": "Sara"}, token_page=manage)
    join = re.search(r"http://localhost(/groups/join/[A-Za-z0-9_-]+)", clients["maja"].get(manage)
                     .get_data(as_text=True)).group(1)
    assert post_form(clients["sara"], join, {}, token_page="/groups/").status_code == 302
    assert clients["sara"].get(url).status_code == 200
    assert 'data-testid="group-removal"' not in clients["sara"].get("/groups/").get_data(as_text=True)


def test_a_closed_group_is_read_only_and_members_keep_their_own_posts_and_can_leave(app, db):
    people = _world(db)
    group, clients = _group_with_liva_and_sara(app, db, people)
    url, manage = f"/groups/{group.id}", f"/groups/{group.id}/manage"
    post_form(clients["liva"], f"{url}/posts", {"kind": "tip", "text": "Skriv dig op i dag"}, token_page=url)
    reread(db)
    tip = db.exec(select(GroupPost).where(GroupPost.kind == "tip")).one()
    tip_id = tip.id
    post_form(clients["sara"], f"{url}/posts", {"text": "Tak for tippet", "parent_id": str(tip.id)}, token_page=url)
    post_form(clients["maja"], f"{url}/invite-member", {"first_name": "Mads"}, token_page=manage)
    post_form(clients["maja"], f"{url}/meetings", {"day": "2030-01-02", "at": "17:00", "place": "Biblioteket"},
              token_page=manage)
    assert "Biblioteket" in clients["sara"].get(url).get_data(as_text=True)
    join = re.search(r"http://localhost(/groups/join/[A-Za-z0-9_-]+)", clients["maja"].get(manage)
                     .get_data(as_text=True)).group(1)
    # Only the facilitator closes, and only with the confirm tap.
    assert post_form(clients["sara"], f"{url}/close", {"confirm": "yes"}, token_page=url).status_code == 404
    assert post_form(clients["maja"], f"{url}/close", {}, token_page=manage).status_code == 302
    reread(db)
    assert db.get(PeerGroup, group.id).closed_at is None
    assert post_form(clients["maja"], f"{url}/close", {"confirm": "yes"}, token_page=manage).status_code == 302
    reread(db)
    closed_at = db.get(PeerGroup, group.id).closed_at
    assert closed_at is not None
    page = clients["sara"].get(url).get_data(as_text=True)
    assert 'data-testid="group-closed"' in page and 'data-testid="group-post-form"' not in page
    assert "Skriv dig op" in page and "Tak for tippet" in page  # still readable
    assert "Biblioteket" not in page and 'data-testid="group-meeting"' not in page  # closing called the date off
    assert 'data-testid="group-closed-badge"' in clients["sara"].get("/groups/").get_data(as_text=True)
    # Nothing new: a post, a reply, a date, an invite are refused with a message, and what was typed is kept.
    for client, data, kept in ((clients["liva"], {"kind": "tip", "text": "NYTTIP"}, "NYTTIP</textarea>"),
                               (clients["sara"], {"text": "NYTSVAR", "parent_id": str(tip_id)}, "NYTSVAR</textarea>")):
        response = post_form(client, f"{url}/posts", data, token_page=url)
        body = response.get_data(as_text=True)
        assert response.status_code == 400 and 'class="error"' in body and kept in body
    for action, data, kept in (("invite-peer", {"display_name": "NYPEER", "birth_date": _born(17).isoformat()},
                                'value="NYPEER"'),
                               ("invite-member", {"first_name": "NYMEDLEM"}, 'value="NYMEDLEM"'),
                               ("meetings", {"day": "2030-01-02", "at": "17:00", "place": "NYTSTED"},
                                'value="NYTSTED"')):
        response = post_form(clients["maja"], f"{url}/{action}", data, token_page=manage)
        body = response.get_data(as_text=True)
        assert response.status_code == 400 and 'class="error"' in body and kept in body, action
    assert post_form(logged_in(app, people["mads"]), join, {}, token_page="/groups/").status_code == 404
    reread(db)
    assert len(db.exec(select(GroupPost).where(GroupPost.group_id == group.id)).all()) == 2
    assert db.exec(select(User).where(User.display_name == "NYPEER")).first() is None
    # Closing again keeps the first date; members still delete their own posts and leave.
    post_form(clients["maja"], f"{url}/close", {"confirm": "yes"}, token_page=manage)
    reread(db)
    assert db.get(PeerGroup, group.id).closed_at == closed_at
    assert post_form(clients["liva"], f"{url}/posts/{tip_id}/delete", {"confirm": "yes"},
                     token_page=url).status_code == 302
    assert post_form(clients["sara"], f"{url}/leave", {"confirm": "yes"}, token_page=url).status_code == 302
    assert clients["sara"].get(url).status_code == 404
    reread(db)
    assert db.exec(select(GroupPost.id).where(GroupPost.id == tip_id)).first() is None
    assert db.exec(select(GroupPost).where(GroupPost.owner_id == people["sara"].id)).one().text == "Tak for tippet"
    # Readable to its members for a while; after that a 404 for them (the facilitator keeps it, read-only).
    closed = db.get(PeerGroup, group.id)
    closed.closed_at = utcnow() - rules.CLOSED_READABLE - timedelta(days=1)
    db.add(closed)
    db.commit()
    assert clients["liva"].get(url).status_code == 404
    assert "Boligjagt" not in clients["liva"].get("/groups/").get_data(as_text=True)
    assert clients["maja"].get(url).status_code == 200
