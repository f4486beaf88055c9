"""My housing wishes (issue 19.2): the guide and its rules, sharing with one professional at a time (withdrawn at
once, every view logged and listed in "who has seen what"), the municipality's counts (never below five young
people), "my data" and erasure."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlmodel import select
from support.client import post_form
from support.database import reread
from support.netcase import logged_in
from support.people import make_municipality, make_person, saras_circle

from youthvoice.admin import overview
from youthvoice.admin.statistics import check_row
from youthvoice.core import personal_data
from youthvoice.core.db import new_session
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity import accounts
from youthvoice.identity.models import Role, User
from youthvoice.mydata import data_rights
from youthvoice.network import housing
from youthvoice.network.models import HousingWish
from youthvoice.notify.models import Notification
from youthvoice.privacy.models import AuditEvent

ANSWERS = {  # screen -> what Sara types on it (the words carry the marker)
    "kind": {"kind": "other", "kind_other": "{m}-other"},
    "where": {"town": "{m}-town", "near_whom": "{m}-near"},
    "with_whom": {"with_whom": "{m}-with"},
    "money": {"afford": "{m}-afford"},
    "help": {"help_needed": "{m}-help"},
}


def _fill(client, marker: str) -> None:  # type: ignore[no-untyped-def]
    """Sara answers every screen of the guide in the browser's way: Next, Next, …, Done."""
    for key, values in ANSWERS.items():
        typed = {name: value.format(m=marker) for name, value in values.items()}
        go = "done" if key == "help" else "next"
        response = post_form(client, f"/housing/ask/{key}", {**typed, "go": go}, token_page="/housing/")
        assert response.status_code == 302, (key, response.get_data(as_text=True)[:300])
        following = housing.neighbours(key)[1]
        expected = f"/housing/ask/{following}" if following else "/housing/"
        assert response.headers["Location"].endswith(expected), key


def _wish(db, owner_id: uuid.UUID) -> HousingWish | None:  # type: ignore[no-untyped-def]
    """Her housing wishes as the app saved them (read afresh: an opened sealed value is kept with the object)."""
    reread(db)
    db.expunge_all()
    return db.exec(select(HousingWish).where(HousingWish.owner_id == owner_id)).first()


def _marker() -> str:
    return "MARKER" + uuid.uuid4().hex[:10]


# --- the guide and its rules ----------------------------------------------------------------------------------


def test_the_guide_asks_one_question_per_screen_and_keeps_her_words_sealed(app, db):
    sara = make_person(db, make_municipality(db))
    db.commit()
    sara_id = sara.id
    client = logged_in(app, sara)
    start = client.get("/housing/").get_data(as_text=True)
    assert 'data-testid="start-housing"' in start and 'href="/housing/ask/kind"' in start
    first = client.get("/housing/ask/kind").get_data(as_text=True)
    assert "Question 1 of 5" in first and first.count('name="kind"') == len(housing.KINDS)
    assert client.get("/housing/ask/nowhere").status_code == 404
    marker = _marker()
    _fill(client, marker)
    wish = _wish(db, sara_id)
    assert wish is not None and wish.kind == "other"  # the code is plain, so it can be counted
    for field in housing.TEXT_FIELDS:
        assert getattr(wish, field).startswith(marker), field
        assert marker.encode() not in getattr(wish, f"{field}_sealed"), field  # sealed with her key
    page = client.get("/housing/").get_data(as_text=True)
    for field in housing.TEXT_FIELDS:
        assert f"{marker}-" in page and getattr(wish, field) in page, field
    assert "Something else" in page and 'data-testid="share-housing"' in page
    # Back goes back, and what was on the screen is saved on the way.
    back = post_form(client, "/housing/ask/money", {"afford": "3500 kr", "go": "back"}, token_page="/housing/")
    assert back.headers["Location"].endswith("/housing/ask/with_whom")
    # Choosing another kind takes the words about "something else" away; an empty answer clears it.
    post_form(
        client, "/housing/ask/kind", {"kind": "own_flat", "kind_other": "stays?", "go": "next"}, token_page="/housing/"
    )
    post_form(client, "/housing/ask/where", {"town": "", "near_whom": "", "go": "next"}, token_page="/housing/")
    wish = _wish(db, sara_id)
    assert wish is not None
    assert (wish.kind, wish.kind_other, wish.town, wish.near_whom, wish.afford) == (
        "own_flat",
        None,
        None,
        None,
        "3500 kr",
    )


def test_bad_answers_are_refused_and_what_was_typed_stays(app, db):
    sara = make_person(db, make_municipality(db))
    db.commit()
    client = logged_in(app, sara)
    bad_kind = post_form(
        client, "/housing/ask/kind", {"kind": "castle", "kind_other": "Et slot & <tårn>"}, token_page="/housing/"
    )
    assert bad_kind.status_code == 400
    body = bad_kind.get_data(as_text=True)
    assert "Choose one of the kinds of home." in body and "Et slot &amp; &lt;tårn&gt;" in body
    too_long = post_form(client, "/housing/ask/with_whom", {"with_whom": "x" * 501}, token_page="/housing/")
    assert too_long.status_code == 400 and "under 500 characters" in too_long.get_data(as_text=True)
    reread(db)
    assert db.exec(select(HousingWish)).all() == []  # nothing of a refused screen is kept
    with pytest.raises(InvalidInput):
        housing.save_answers(db, owner=sara, key="kind", values={"kind": "palace"})
    with pytest.raises(NotFound):
        housing.save_answers(db, owner=sara, key="garden", values={})
    with pytest.raises(NotFound):
        housing.remove(db, owner=sara)


def test_she_can_remove_her_wishes_after_confirming(app, db):
    sara = make_person(db, make_municipality(db))
    db.commit()
    client = logged_in(app, sara)
    _fill(client, _marker())
    post_form(client, "/housing/remove", {}, token_page="/housing/")
    reread(db)
    assert db.exec(select(HousingWish)).all() != []  # one tap is not enough
    post_form(client, "/housing/remove", {"confirm": "yes"}, token_page="/housing/")
    reread(db)
    assert db.exec(select(HousingWish)).all() == []


# --- sharing, withdrawal, logging ----------------------------------------------------------------------------


def test_shared_with_one_professional_logged_listed_and_withdrawn_at_once(app, db):
    people = saras_circle(db, with_bisidder=False)
    db.commit()
    sara, lene, peter = people["sara"], people["lene"], people["peter"]
    marker = _marker()
    sara_client = logged_in(app, sara)
    _fill(sara_client, marker)
    of_sara = f"/housing/of/{sara.id}"
    # Nobody sees anything before she shares: linked (Peter), not linked (Ali), elsewhere (Sofie), the admin.
    for who in ("lene", "peter", "mette", "ali", "sofie", "henrik", "mads"):
        response = logged_in(app, people[who]).get(of_sara)
        assert response.status_code == 404 and marker not in response.get_data(as_text=True), who
    share_page = sara_client.get("/housing/share").get_data(as_text=True)
    assert "municipality&#39;s case file" in share_page or "municipality's case file" in share_page
    assert f'href="/housing/preview/{lene.id}"' in share_page
    post_form(sara_client, "/housing/share", {"share": [str(lene.id)]}, token_page="/housing/")
    reread(db)
    notes = db.exec(select(Notification).where(Notification.user_id == lene.id)).all()
    assert [(n.kind, n.link) for n in notes] == [("housing_shared", of_sara)]
    # The preview is exactly what Lene sees, and logs nothing.
    preview = sara_client.get(f"/housing/preview/{lene.id}").get_data(as_text=True)
    assert 'data-testid="preview-note"' in preview and f"{marker}-town" in preview
    assert 'data-testid="not-shared"' in sara_client.get(f"/housing/preview/{peter.id}").get_data(as_text=True)
    lene_client = logged_in(app, lene)
    seen = lene_client.get(of_sara).get_data(as_text=True)
    for values in ANSWERS.values():
        for field, value in values.items():
            assert field == "kind" or value.format(m=marker) in seen, field
    assert f"{marker}-help" in seen and "Something else" in seen
    assert 'data-testid="open-housing"' in lene_client.get(f"/people/{sara.id}").get_data(as_text=True)
    reread(db)
    views = db.exec(
        select(AuditEvent).where(
            AuditEvent.actor_id == lene.id, AuditEvent.subject_id == sara.id, AuditEvent.action == "view"
        )
    ).all()
    assert {event.object_type for event in views} == {"housing"}
    assert all(event.object_id == str(sara.id) for event in views)
    assert not db.exec(select(AuditEvent).where(AuditEvent.actor_id == sara.id, AuditEvent.action == "view")).all()
    # She sees that Lene saw them.
    listed = sara_client.get("/seen/").get_data(as_text=True)
    assert "Lene Holm" in listed and "your housing wishes" in listed and 'href="/housing/"' in listed
    # Peter still sees nothing; one scope is not another.
    assert logged_in(app, peter).get(of_sara).status_code == 404
    assert lene_client.get(f"/steps/of/{sara.id}").status_code == 404
    # Withdrawn: a 404 at once, and the withdrawal is in the log.
    post_form(sara_client, "/housing/share", {}, token_page="/housing/")
    gone = lene_client.get(of_sara)
    assert gone.status_code == 404 and marker not in gone.get_data(as_text=True)
    post_form(sara_client, "/housing/share", {"share": [str(lene.id)]}, token_page="/housing/")
    assert lene_client.get(of_sara).status_code == 200
    post_form(sara_client, "/housing/share/stop", {}, token_page="/housing/")
    assert lene_client.get(of_sara).status_code == 404
    reread(db)
    actions = [
        event.action
        for event in db.exec(
            select(AuditEvent)
            .where(AuditEvent.subject_id == sara.id, AuditEvent.object_type == "housing")
            .order_by(AuditEvent.id)
        )
    ]
    assert actions.count("share_withdrawn") == 2 and actions[-1] == "share_withdrawn"


# --- counted for the municipality: k >= 5 ---------------------------------------------------------------------


def _young_people_wishing(db, town, kinds: dict[str, int]) -> list[User]:  # type: ignore[no-untyped-def]
    made = []
    for kind, count in kinds.items():
        for number in range(count):
            person = make_person(db, town, name=f"{kind}-{number}")
            housing.save_answers(db, owner=person, key="kind", values={"kind": kind})
            housing.save_answers(db, owner=person, key="where", values={"town": f"WORDS-{kind}-{number}"})
            made.append(person)
    return made


def test_a_group_of_four_shows_nothing(app, db):
    town = make_municipality(db)
    admin = make_person(db, town, Role.ADMIN, name="Henrik Madsen")
    _young_people_wishing(db, town, {"own_flat": 4})
    db.commit()
    count = overview.housing_wishes(db, town.id)
    assert count.total is None and all(value is None for value in count.kinds.values())
    page = logged_in(app, admin).get("/admin/housing").get_data(as_text=True)
    assert 'data-testid="housing-hidden"' in page and 'data-testid="housing-table"' not in page
    assert ">4<" not in page and "WORDS" not in page


def test_counts_by_kind_hide_small_groups_and_what_would_give_them_away(app, db):
    town, elsewhere = make_municipality(db), make_municipality(db, "Ballerup")
    admin = make_person(db, town, Role.ADMIN, name="Henrik Madsen")
    _young_people_wishing(db, town, {"own_flat": 7, "youth_housing": 6, "training_flat": 2})
    _young_people_wishing(db, elsewhere, {"training_flat": 9})  # another municipality's are not counted
    someone = make_person(db, town, name="No kind yet")
    housing.save_answers(db, owner=someone, key="where", values={"town": "WORDS"})  # no kind: not counted
    db.commit()
    count = overview.housing_wishes(db, town.id)
    shown = {kind: value for kind, value in count.kinds.items() if value}
    hidden = {kind for kind, value in count.kinds.items() if value is None}
    assert count.total == 15
    assert "training_flat" in hidden and count.hidden["training_flat"] == "fewer_than_5"
    assert "youth_housing" in hidden  # (the smallest shown one hides too: 15 - 7 would give 2 away)
    assert shown == {"own_flat": 7}
    assert check_row(shown, hidden, count.total) == []
    page = logged_in(app, admin).get("/admin/housing").get_data(as_text=True)
    table = page.split('data-testid="housing-table"')[1].split("</table>")[0]
    assert ">7<" in table and ">15<" in table and ">2<" not in table and ">6<" not in table
    assert "WORDS" not in page and "My own flat" in table
    # Enough of everyone: every figure shows, kinds nobody chose as 0.
    _young_people_wishing(db, town, {"training_flat": 3})
    db.commit()
    count = overview.housing_wishes(db, town.id)
    assert (
        count.kinds
        == {"own_flat": 7, "shared_flat": 0, "youth_housing": 6, "training_flat": 5, "foster_family": 0, "other": 0}
        and count.total == 18
    )


def test_a_deactivated_young_persons_wish_is_not_counted(app, db):
    town = make_municipality(db)
    admin = make_person(db, town, Role.ADMIN, name="Henrik Madsen")
    people = _young_people_wishing(db, town, {"own_flat": 5})
    db.commit()
    assert overview.housing_wishes(db, town.id).kinds["own_flat"] == 5
    accounts.deactivate(db, person=people[0], actor=admin)
    db.commit()
    assert overview.housing_wishes(db, town.id).total is None


# --- my data and erasure -------------------------------------------------------------------------------------


def test_in_my_data_and_erased_with_her_account(app, db):
    sara = make_person(db, make_municipality(db))
    db.commit()
    marker = _marker()
    _fill(logged_in(app, sara), marker)
    reread(db)
    sara = db.get(User, sara.id)
    exported = data_rights.my_data(db, sara, personal_data.registry_of(app).sections.values())
    section = exported["housing"]
    assert section["kind"] == "other"
    assert {field: section[field] for field in housing.TEXT_FIELDS} == {
        field: value.format(m=marker)
        for values in ANSWERS.values()
        for field, value in values.items()
        if field != "kind"
    }
    printed = logged_in(app, sara).get("/account/data/print").get_data(as_text=True)
    assert "Your housing wishes" in printed and f"{marker}-afford" in printed and "Something else" in printed
    assert marker in json.dumps(exported, ensure_ascii=False)
    reread(db)
    sara = db.get(User, sara.id)
    data_rights.request_erasure(db, person=sara, requested_by=sara, grace_days=7)
    db.commit()
    report = data_rights.erase_due(lambda: new_session(app), erasers=[], now=utcnow() + timedelta(days=8))
    assert report.erased == [sara.id]
    reread(db)
    assert db.exec(select(HousingWish)).all() == []
