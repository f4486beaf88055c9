"""Municipality isolation and role gates: a foreign object is a 404, never a 403."""

from __future__ import annotations

import pytest
from support.client import post_form
from support.database import reread
from support.people import link, login_as, make_municipality, make_person

from youthvoice.core.errors import NotFound
from youthvoice.identity.models import AccountStatus, Role, User
from youthvoice.sharing import access


@pytest.fixture
def towns(app, db):  # type: ignore[no-untyped-def]
    roskilde, ballerup = make_municipality(db, "Roskilde"), make_municipality(db, "Ballerup")
    people = {
        "sara": make_person(db, roskilde, name="Sara"),
        "mads": make_person(db, roskilde, name="Mads"),
        "lene": make_person(db, roskilde, Role.PROFESSIONAL, name="Lene"),
        "peter": make_person(db, roskilde, Role.PROFESSIONAL, name="Peter"),
        "henrik": make_person(db, roskilde, Role.ADMIN, name="Henrik"),
        "emil": make_person(db, ballerup, name="Emilio Xu"),
        "sofie": make_person(db, ballerup, Role.PROFESSIONAL, name="Sofie Berg"),
        "bo": make_person(db, ballerup, Role.ADMIN, name="Bodil Krog"),
    }
    link(db, people["sara"], people["lene"])
    link(db, people["emil"], people["sofie"])
    return people


def _client_for(app, person):  # type: ignore[no-untyped-def]
    browser = app.test_client()
    login_as(app, browser, person)
    return browser


def test_person_for_rules(db, towns):
    sara, lene, peter, henrik, sofie, bo = (towns[k] for k in ("sara", "lene", "peter", "henrik", "sofie", "bo"))
    assert access.person_for(db, lene, sara.id).id == sara.id
    assert access.person_for(db, henrik, sara.id).id == sara.id
    assert access.person_for(db, sara, sara.id).id == sara.id
    for actor in (peter, sofie, bo, towns["mads"]):
        with pytest.raises(NotFound):
            access.person_for(db, actor, sara.id)
    with pytest.raises(NotFound):
        access.person_for(db, lene, "not-a-uuid")


def test_professional_sees_only_own_young_people(app, db, towns):
    lene = _client_for(app, towns["lene"])
    page = lene.get("/people/").get_data(as_text=True)
    assert "Sara" in page
    assert "Mads" not in page
    assert "Emilio Xu" not in page
    assert lene.get(f"/people/{towns['sara'].id}").status_code == 200
    assert lene.get(f"/people/{towns['mads'].id}").status_code == 404
    assert lene.get(f"/people/{towns['emil'].id}").status_code == 404
    foreign = post_form(lene, f"/people/{towns['emil'].id}/invite-link", token_page="/people/")
    assert foreign.status_code == 404


def test_admin_never_crosses_the_municipality_line(app, db, towns):
    henrik = _client_for(app, towns["henrik"])
    overview = henrik.get("/admin/").get_data(as_text=True)
    assert "Sara" in overview and "Lene" in overview
    assert "Emilio Xu" not in overview and "Sofie Berg" not in overview and "Bodil Krog" not in overview
    for key in ("emil", "sofie", "bo"):
        assert henrik.get(f"/admin/people/{towns[key].id}").status_code == 404
        assert post_form(henrik, f"/admin/people/{towns[key].id}/deactivate", token_page="/admin/").status_code == 404
    reread(db)
    assert db.get(User, towns["sofie"].id).status == AccountStatus.ACTIVE


def test_admin_deactivation_ends_access_at_once(app, db, towns):
    lene = _client_for(app, towns["lene"])
    assert lene.get("/people/").status_code == 200
    henrik = _client_for(app, towns["henrik"])
    stray = post_form(henrik, f"/admin/people/{towns['lene'].id}/deactivate", token_page="/admin/")
    assert stray.status_code == 302 and lene.get("/people/").status_code == 200  # one tap only asks
    response = post_form(henrik, f"/admin/people/{towns['lene'].id}/deactivate", {"confirm": "yes"},
                         token_page="/admin/")
    assert response.status_code == 302
    assert lene.get("/people/").status_code == 302  # sent to log in: the session is gone


@pytest.mark.parametrize(("who", "path"), [
    ("sara", "/people/"), ("sara", "/admin/"), ("lene", "/admin/"), ("henrik", "/people/"),
])
def test_role_gates_are_404(app, towns, who, path):
    assert _client_for(app, towns[who]).get(path).status_code == 404


def test_anonymous_is_sent_to_log_in(client):
    for path in ("/people/", "/admin/", "/account/"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
