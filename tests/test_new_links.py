"""A new invite or recovery link, from each page that makes one: what the issuer is told, and the "not started yet"
card of someone who has not made their passkey."""

from __future__ import annotations

from support.client import post_form
from support.council_setup import build_town
from support.people import login_as

from youthvoice.core.model import utcnow
from youthvoice.council import rules as council
from youthvoice.identity import accounts
from youthvoice.identity.models import AccountStatus, Role, User

READY = "A new link is ready. Earlier links no longer work."
WAITS = "It works once a second person from the staff has approved it"


def _new_link(app, issuer, url: str, page: str) -> str:  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, issuer)
    answer = post_form(client, url, token_page=page, follow_redirects=True)
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def test_a_pending_young_person_gets_a_new_invite_and_an_active_one_a_link_that_waits(app, db):
    town = build_town(db)
    sara, lene = town["sara"], town["lene"]
    noah = accounts.create_person(db, municipality_id=sara.municipality_id, role=Role.YOUNG_PERSON,
                                  display_name="Noah")
    for young in (sara, noah):
        accounts.link(db, young_person=young, other=lene)
    db.commit()
    page = _new_link(app, lene, f"/people/{noah.id}/invite-link", f"/people/{noah.id}")
    assert READY in page and WAITS not in page
    assert "Not started yet" in page and "The invite link works until" in page
    assert f'action="/people/{noah.id}/invite-link"' in page
    page = _new_link(app, lene, f"/people/{sara.id}/invite-link", f"/people/{sara.id}")
    assert "A new recovery link is ready. " + WAITS in page and READY not in page and "Not started yet" not in page


def test_an_admin_is_told_when_a_recovery_link_waits_for_a_second_person(app, db):
    town = build_town(db)
    lene = town["lene"]
    page = _new_link(app, town["henrik"], f"/admin/people/{lene.id}/invite-link", f"/admin/people/{lene.id}")
    assert "A new recovery link is ready. " + WAITS in page and READY not in page


def test_the_coordinator_makes_a_new_invite_for_a_member_who_has_not_started(app, db):
    town = build_town(db)
    issued = council.invite_member(db, actor=town["karina"], council=town.council, display_name="Ny",
                                   birth_date=utcnow().date().replace(year=2010), invite_days=7)
    db.commit()
    member_id = issued.invite.user_id
    page = _new_link(app, town["karina"], f"/council/members/{member_id}/invite-link", f"/council/members/{member_id}")
    assert READY in page and WAITS not in page
    assert "Not started yet" in page and "The invite link works until" in page
    assert f'action="/council/members/{member_id}/invite-link"' in page
    assert db.get(User, member_id).status == AccountStatus.PENDING  # type: ignore[union-attr]
