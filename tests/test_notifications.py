"""In-app notifications: a count in the menu, a list, read on open, and only one's own."""

from __future__ import annotations

from sqlmodel import select
from support.client import post_form
from support.database import reread
from support.people import login_as, make_municipality, make_person

from youthvoice.identity.models import Role
from youthvoice.notify import notifications
from youthvoice.notify.models import Notification


def test_notification_is_counted_listed_and_read_on_open(app, client, db):
    sara = make_person(db, make_municipality(db))
    notifications.notify(db, user=sara, kind="test_kind", link="/account/")
    db.commit()
    login_as(app, client, sara)
    home = client.get("/").get_data(as_text=True)
    assert 'class="count-badge">1<' in home
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Something new" in page  # an unknown kind still reads sensibly, without content
    row = db.exec(select(Notification)).one()
    response = post_form(client, f"/notifications/{row.id}/open", token_page="/notifications/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/account/")
    reread(db)
    assert db.get(Notification, row.id).read_at is not None
    assert "count-badge" not in client.get("/").get_data(as_text=True)


def test_someone_elses_notification_is_not_found(app, client, db):
    town = make_municipality(db)
    sara, mads = make_person(db, town), make_person(db, town)
    notifications.notify(db, user=mads, kind="x", link="/")
    db.commit()
    row = db.exec(select(Notification)).one()
    login_as(app, client, sara)
    assert post_form(client, f"/notifications/{row.id}/open", token_page="/notifications/").status_code == 404
    assert post_form(client, "/notifications/nonsense/open", token_page="/notifications/").status_code == 404
    reread(db)
    assert db.get(Notification, row.id).read_at is None


def test_mark_all_read(app, client, db):
    sara = make_person(db, make_municipality(db))
    for _ in range(3):
        notifications.notify(db, user=sara, kind="x", link="/")
    db.commit()
    login_as(app, client, sara)
    post_form(client, "/notifications/read", token_page="/notifications/")
    reread(db)
    assert notifications.unread_count(db, sara) == 0


def test_a_link_to_another_site_is_never_followed(app, client, db):
    sara = make_person(db, make_municipality(db))
    notifications.notify(db, user=sara, kind="x", link="https://evil.example/")
    db.commit()
    login_as(app, client, sara)
    row = db.exec(select(Notification)).one()
    response = post_form(client, f"/notifications/{row.id}/open", token_page="/notifications/")
    assert "evil" not in response.headers["Location"]


def test_more_of_the_same_while_unread_is_one_notification(app, client, db):
    """Three answers on one receipt are one "Your decision receipt is ready", moved to the top (issue 24.11)."""
    sara = make_person(db, make_municipality(db))
    for _ in range(3):
        notifications.notify(db, user=sara, kind="receipt", link="/meetings/1/receipt")
    notifications.notify(db, user=sara, kind="receipt", link="/meetings/2/receipt")  # another meeting: its own
    db.commit()
    first = db.exec(select(Notification).where(Notification.link == "/meetings/1/receipt")).one()
    assert notifications.unread_count(db, sara) == 2
    login_as(app, client, sara)
    page = client.get("/notifications/").get_data(as_text=True)
    assert page.count("Your decision receipt is ready") == 2
    post_form(client, f"/notifications/{first.id}/open", token_page="/notifications/")
    reread(db)
    notifications.notify(db, user=sara, kind="receipt", link="/meetings/1/receipt")  # news after she read it
    db.commit()
    reread(db)
    assert len(db.exec(select(Notification).where(Notification.link == "/meetings/1/receipt")).all()) == 2
    assert notifications.unread_count(db, sara) == 2


def test_a_professionals_notifications_name_the_young_person(app, client, db):
    """"Sara does not agree with a receipt answer", not "A young person…": the list is behind log-in; the push
    that points to it says nothing (tests/test_push.py)."""
    town = make_municipality(db)
    sara = make_person(db, town, name="Sara")
    lene = make_person(db, town, Role.PROFESSIONAL, name="Lene Holm")
    mette = make_person(db, town, Role.PROFESSIONAL, name="Mette Larsen")
    notifications.notify(db, user=lene, kind="receipt_contested", link="/meetings/1#receipt", about_id=sara.id)
    notifications.notify(db, user=lene, kind="urgent", link="/people/#urgent", about_id=mette.id)  # not a young one
    db.commit()
    login_as(app, client, lene)
    english = client.get("/notifications/").get_data(as_text=True)
    assert "Sara does not agree with a receipt answer" in english
    assert "URGENT: a young person needs help now" in english and "Mette" not in english
    post_form(client, "/language", {"language": "da", "next": "/"}, token_page="/notifications/")
    danish = client.get("/notifications/").get_data(as_text=True)
    assert "Sara er uenig i et svar på kvitteringen" in danish
