"""Email when something is new (issues 18.7 and 21.7), against a real SMTP server the tests start on 127.0.0.1
(aiosmtpd): opt-in per person, never content, at most one email per 15 minutes, sent only after the commit."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select, update
from support.client import post_form
from support.council_setup import build_town, choose, propose
from support.database import reread
from support.everything import build
from support.people import link, login_as, make_municipality, make_person

from youthvoice.core.db import new_session
from youthvoice.core.jobs import jobs_of
from youthvoice.core.model import utcnow
from youthvoice.core.personal_data import registry_of
from youthvoice.council.models import Council
from youthvoice.identity.models import Role, User
from youthvoice.meetings import meetings
from youthvoice.meetings.models import Meeting
from youthvoice.notify import mail, mail_settings, notifications
from youthvoice.notify.models import EmailSetting, Notification

SENDER = "youthvoice <noreply@roskilde.example>"

# --- a real SMTP server on this machine ---------------------------------------------------------------------


@dataclass
class Inbox:
    """What the local SMTP server received; `refuse` makes it answer 451 to every message."""

    received: list[tuple[list[str], bytes]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    refuse: bool = False
    port: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        if self.refuse:
            return "451 Try again later"
        self.received.append((list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [message_from_bytes(raw, policy=default_policy) for rcpt, raw in self.received  # type: ignore[misc]
                if address in rcpt]

    def raw(self) -> str:
        """Everything that arrived, decoded: every header (subjects are encoded words) and every body (quoted-
        printable on the wire), so a search for a word cannot miss it because of its encoding."""
        texts = []
        for _rcpt, raw in self.received:
            message = message_from_bytes(raw, policy=default_policy)
            texts.append("\n".join(f"{name}: {value}" for name, value in message.items()))
            texts.extend(str(part.get_content()) for part in message.walk() if not part.is_multipart())
            texts.append(raw.decode("utf-8", "replace"))
        return "\n".join(texts)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    box = Inbox()

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if isinstance(data, LoginPassword):
            box.logins.append((data.login.decode(), data.password.decode()))
            return AuthResult(success=data.password == b"p@ss word")
        return AuthResult(success=False)

    box.port = _free_port()
    controller = Controller(box, hostname="127.0.0.1", port=box.port, authenticator=authenticate,
                            auth_require_tls=False)
    controller.start()
    yield box
    controller.stop()


def use_smtp(app: Flask, inbox: Inbox, url: str | None = None) -> None:
    """Point the app at the local SMTP server (as SMTP_URL and EMAIL_FROM in the environment would)."""
    app.config.update(SMTP_URL=url or f"smtp://127.0.0.1:{inbox.port}", EMAIL_FROM=SENDER)
    mail.configure(app)


def client_for(app: Flask, person: User, language: str = "en") -> FlaskClient:
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    login_as(app, client, person)
    return client


def turn_on(app: Flask, person: User, address: str) -> None:
    response = post_form(client_for(app, person), "/account/email", {"address": address}, token_page="/account/")
    assert response.status_code == 302, response.get_data(as_text=True)


def settings(db: Session) -> dict[Any, EmailSetting]:
    reread(db)
    return {row.user_id: row for row in db.exec(select(EmailSetting))}


def notify(app: Flask, person: User, kind: str = "response", about_id: Any = None, *, commit: bool = True) -> None:
    with app.app_context(), new_session(app) as session:
        notifications.notify(session, user=person.id, kind=kind, link="/", about_id=about_id)
        if commit:
            session.commit()
        else:
            session.rollback()
    mail.drain(app)


@dataclass
class World:
    sara: User
    lene: User
    meeting: Meeting


SECRET_WORDS = "CANARY-sara-words-7731"


def make_world(db: Session) -> World:
    town = make_municipality(db)
    sara = make_person(db, town, name="Sara Secretname")
    lene = make_person(db, town, Role.PROFESSIONAL, name="Lene Holm")
    link(db, sara, lene)
    meeting = meetings.create_meeting(db, owner=sara, created_by=sara, data=meetings.MeetingInput(
        kind="plan", starts_at=utcnow() + timedelta(days=3), place=f"{SECRET_WORDS}-place", others="",
        participant_ids=[]), allowed_participants=[])
    db.commit()
    return World(sara, lene, meeting)


# --- configuration ------------------------------------------------------------------------------------------


def test_the_smtp_url_names_the_server_its_security_and_the_log_in():
    plain = mail.parse_smtp_url("smtp://relay.kommune.dk")
    assert (plain.host, plain.port, plain.security, plain.username) == ("relay.kommune.dk", 25, "none", "")
    starttls = mail.parse_smtp_url("smtp://yv%40kommune.dk:p%40ss@smtp.kommune.dk:587?starttls=true")
    assert (starttls.port, starttls.security) == (587, "starttls")
    assert (starttls.username, starttls.password) == ("yv@kommune.dk", "p@ss")
    assert "p@ss" not in repr(starttls)
    tls = mail.parse_smtp_url("smtps://u:p@smtp.kommune.dk")
    assert (tls.port, tls.security) == (465, "tls")
    for bad in ("http://smtp.kommune.dk", "smtp://", "smtp://host:port"):
        with pytest.raises(RuntimeError, match="SMTP_URL"):
            mail.parse_smtp_url(bad)


def test_email_is_off_without_smtp_url_and_needs_a_sender_with_it(app):
    assert mail.service(app) is None
    app.config["SMTP_URL"] = "smtp://127.0.0.1:25"
    for sender in ("", "youthvoice", "a@b.dk\r\nBcc: x@y.dk"):
        app.config["EMAIL_FROM"] = sender
        with pytest.raises(RuntimeError, match="EMAIL_FROM"):
            mail.configure(app)
    app.config["EMAIL_FROM"] = SENDER
    assert mail.configure(app) is not None
    assert "email-retry" in jobs_of(app)


def test_the_address_must_be_one_plain_address():
    for good in ("lene@roskilde.dk", "  lene.holm+yv@sub.kommune.dk "):
        assert mail_settings.clean_address(good, "no") == good.strip()
    for bad in ("", "lene", "lene@", "@roskilde.dk", "lene@roskilde", "lene holm@roskilde.dk", "a@b.dk, c@d.dk",
                "a@b.dk\r\nBcc: c@d.dk", "<a@b.dk>", "a" * 250 + "@b.dk", None, ["a@b.dk"]):
        with pytest.raises(mail_settings.InvalidInput):
            mail_settings.clean_address(bad, "no")


def test_who_is_offered_email():
    assert mail_settings.audience("professional", False) == "staff"
    assert mail_settings.audience("admin", False) == "staff"
    assert mail_settings.audience("young_person", True) == "council"
    for role, member in (("young_person", False), ("bisidder", False), ("partner", False), ("respondent", False)):
        assert mail_settings.audience(role, member) is None


# --- the setting on the account page ------------------------------------------------------------------------


def test_staff_turn_it_on_with_a_checked_address_and_off_again(app, db, inbox):
    use_smtp(app, inbox)
    world = make_world(db)
    lene = client_for(app, world.lene)
    page = lene.get("/account/").get_data(as_text=True)
    assert 'data-testid="email-off"' in page and "Email when something is new" in page
    assert "At most one email every 15 minutes." in page
    refused = post_form(lene, "/account/email", {"address": "lene at roskilde"}, token_page="/account/")
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "Write one email address" in text and 'value="lene at roskilde"' in text
    assert settings(db) == {}
    turn_on(app, world.lene, "lene@roskilde.example")
    assert settings(db)[world.lene.id].address == "lene@roskilde.example"
    assert "On. We email lene@roskilde.example." in lene.get("/account/").get_data(as_text=True)
    turn_on(app, world.lene, "lene.holm@roskilde.example")  # a new address replaces the old one
    assert [row.address for row in settings(db).values()] == ["lene.holm@roskilde.example"]
    off = post_form(lene, "/account/email/off", {}, token_page="/account/")
    assert off.status_code == 302 and settings(db) == {}
    assert inbox.received == []  # turning it on or off sends nothing


def test_a_young_person_not_on_the_council_is_not_offered_email(app, db, inbox):
    use_smtp(app, inbox)
    world = make_world(db)
    sara = client_for(app, world.sara)
    assert 'data-testid="email-settings"' not in sara.get("/account/").get_data(as_text=True)
    assert post_form(sara, "/account/email", {"address": "sara@x.example"}, token_page="/account/").status_code == 404
    assert settings(db) == {}


def test_without_smtp_the_setting_is_not_offered(app, db):
    world = make_world(db)
    assert 'data-testid="email-settings"' not in client_for(app, world.lene).get("/account/").get_data(as_text=True)


def test_a_council_member_is_offered_the_council_s_news_only(app, db, inbox):
    use_smtp(app, inbox)
    town = build_town(db)
    page = client_for(app, town["amira"]).get("/account/").get_data(as_text=True)
    assert "Email about the youth council" in page and "Never what anyone wrote." in page


# --- sending ------------------------------------------------------------------------------------------------


def test_opted_in_staff_get_one_generic_email_after_the_commit_with_a_link(app, db, inbox):
    use_smtp(app, inbox)
    world = make_world(db)
    turn_on(app, world.lene, "lene@roskilde.example")
    sara = client_for(app, world.sara)
    response = post_form(sara, f"/meetings/{world.meeting.id}/share", {f"parts-{world.lene.id}": "preparation"},
                         token_page="/account/")
    assert response.status_code == 302
    mail.drain(app)
    [message] = inbox.to("lene@roskilde.example")
    assert message["Subject"] == "You have something new in youthvoice"
    assert message["From"] == SENDER and message["To"] == "lene@roskilde.example"
    assert message["Auto-Submitted"] == "auto-generated"
    body = message.get_content()
    origin = app.config["WEBAUTHN_ORIGIN"]
    assert f"{origin}/notifications/" in body and f"{origin}/account/#email" in body
    for secret in ("Sara", "Secretname", "Lene", SECRET_WORDS, "meeting", "preparation", str(world.meeting.id),
                   "shared"):
        assert secret not in inbox.raw()
    row = settings(db)[world.lene.id]
    assert row.last_sent_at is not None and row.waiting_since is None and row.failure_count == 0


def test_the_email_is_in_the_person_s_language(app, db, inbox):
    use_smtp(app, inbox)
    world = make_world(db)
    turn_on(app, world.lene, "lene@roskilde.example")
    person = db.get(User, world.lene.id)
    person.locale = "da"
    db.add(person)
    db.commit()
    notify(app, world.lene)
    [message] = inbox.to("lene@roskilde.example")
    assert message["Subject"] == "Du har noget nyt i youthvoice"


def test_no_email_for_those_who_did_not_turn_it_on_or_turned_it_off(app, db, inbox):
    use_smtp(app, inbox)
    world = make_world(db)
    notify(app, world.lene)
    assert inbox.received == []
    turn_on(app, world.lene, "lene@roskilde.example")
    post_form(client_for(app, world.lene), "/account/email/off", {}, token_page="/account/")
    notify(app, world.lene)
    assert inbox.received == []


def test_a_rollback_sends_nothing_and_keeps_the_15_minutes_free(app, db, inbox):
    use_smtp(app, inbox)
    world = make_world(db)
    turn_on(app, world.lene, "lene@roskilde.example")
    notify(app, world.lene, commit=False)
    assert inbox.received == []
    assert settings(db)[world.lene.id].last_sent_at is None
    notify(app, world.lene)  # the next news is emailed at once
    assert len(inbox.to("lene@roskilde.example")) == 1


def test_at_most_one_email_per_15_minutes_and_the_worker_sends_what_waited(app, db, inbox):
    use_smtp(app, inbox)
    world = make_world(db)
    turn_on(app, world.lene, "lene@roskilde.example")
    for _ in range(3):
        notify(app, world.lene, kind="response")
        notify(app, world.lene, kind="urgent")
    assert len(inbox.to("lene@roskilde.example")) == 1
    row = settings(db)[world.lene.id]
    assert row.waiting_since is not None
    assert mail.retry_waiting(app) == 0  # the 15 minutes are not over
    row.last_sent_at = utcnow() - timedelta(minutes=14)
    db.add(row)
    db.commit()
    assert mail.retry_waiting(app) == 0
    row = settings(db)[world.lene.id]
    row.last_sent_at = utcnow() - mail_settings.MIN_GAP - timedelta(seconds=1)
    db.add(row)
    db.commit()
    result = app.test_cli_runner().invoke(args=["email", "retry"])
    assert "sent 1 emails that waited" in result.output, result.output
    [first, second] = inbox.to("lene@roskilde.example")
    assert second["Subject"] == first["Subject"] == "You have something new in youthvoice"
    assert settings(db)[world.lene.id].waiting_since is None
    assert mail.retry_waiting(app) == 0  # sent once
    notify(app, world.lene)
    assert len(inbox.to("lene@roskilde.example")) == 2  # and the 15 minutes start again


def test_what_was_read_meanwhile_is_not_emailed_later(app, db, inbox):
    use_smtp(app, inbox)
    world = make_world(db)
    turn_on(app, world.lene, "lene@roskilde.example")
    notify(app, world.lene)
    notify(app, world.lene, kind="urgent")
    read = post_form(client_for(app, world.lene), "/notifications/read", {}, token_page="/notifications/")
    assert read.status_code == 302
    row = settings(db)[world.lene.id]
    row.last_sent_at = utcnow() - timedelta(minutes=20)
    db.add(row)
    db.commit()
    assert mail.retry_waiting(app) == 0
    assert len(inbox.received) == 1 and settings(db)[world.lene.id].waiting_since is None


def test_two_people_are_limited_each_on_their_own(app, db, inbox):
    use_smtp(app, inbox)
    world = make_world(db)
    other = make_person(db, make_municipality(db), Role.ADMIN, name="Henrik")
    turn_on(app, world.lene, "lene@roskilde.example")
    turn_on(app, other, "henrik@roskilde.example")
    notify(app, world.lene)
    notify(app, other)
    assert len(inbox.to("lene@roskilde.example")) == 1 and len(inbox.to("henrik@roskilde.example")) == 1


def test_a_deactivated_person_gets_no_email(app, db, inbox):
    use_smtp(app, inbox)
    world = make_world(db)
    turn_on(app, world.lene, "lene@roskilde.example")
    person = db.get(User, world.lene.id)
    person.status = "deactivated"
    db.add(person)
    db.commit()
    notify(app, world.lene)
    assert inbox.received == []


def test_a_down_smtp_server_breaks_nothing_keeps_the_address_out_of_the_log_and_is_tried_again(app, db, inbox,
                                                                                                  caplog):
    use_smtp(app, inbox, url=f"smtp://127.0.0.1:{_free_port()}")
    world = make_world(db)
    turn_on(app, world.lene, "lene@roskilde.example")
    caplog.set_level(logging.INFO, logger="youthvoice.notify.mail")
    response = post_form(client_for(app, world.sara), f"/meetings/{world.meeting.id}/share",
                         {f"parts-{world.lene.id}": "preparation"}, token_page="/account/")
    assert response.status_code == 302
    mail.drain(app)
    assert "could not reach the SMTP server" in caplog.text and "lene@" not in caplog.text
    row = settings(db)[world.lene.id]
    assert row.failure_count == 1 and row.waiting_since is not None and row.last_sent_at is None
    use_smtp(app, inbox)  # the server is back
    assert mail.retry_waiting(app) == 1
    assert len(inbox.to("lene@roskilde.example")) == 1
    assert settings(db)[world.lene.id].failure_count == 0


def test_a_refused_email_is_counted_and_the_worker_stops_after_the_limit(app, db, inbox):
    use_smtp(app, inbox)
    app.config["EMAIL_MAX_FAILURES"] = 2
    world = make_world(db)
    turn_on(app, world.lene, "lene@roskilde.example")
    inbox.refuse = True
    notify(app, world.lene)
    assert mail.retry_waiting(app) == 1  # failed again: two in a row
    assert settings(db)[world.lene.id].failure_count == 2
    assert mail.retry_waiting(app) == 0  # no more tries by the worker
    inbox.refuse = False
    notify(app, world.lene)  # new news is tried at once, and clears the count
    assert len(inbox.received) == 1 and settings(db)[world.lene.id].failure_count == 0


def test_the_smtp_log_in_comes_from_the_url(app, db, inbox):
    use_smtp(app, inbox, url=f"smtp://lene%40roskilde:p%40ss%20word@127.0.0.1:{inbox.port}")
    world = make_world(db)
    turn_on(app, world.lene, "lene@roskilde.example")
    notify(app, world.lene)
    assert inbox.logins == [("lene@roskilde", "p@ss word")] and len(inbox.received) == 1


# --- the youth council ------------------------------------------------------------------------------------


def public_page(db: Session, council: Council) -> None:
    council.public_page = True
    db.add(council)
    db.commit()


def test_a_member_s_council_email_names_at_most_a_public_title(app, db, inbox):
    use_smtp(app, inbox)
    town = build_town(db)
    cause = propose(db, town, title="Gratis bus om natten", change=f"{SECRET_WORDS}-change", why=f"{SECRET_WORDS}-why")
    turn_on(app, town["freja"], "freja@example.dk")
    notify(app, town["freja"], "council_update", cause.id)  # a proposal: not public, so no title
    [first] = inbox.to("freja@example.dk")
    assert first["Subject"] == "News from the youth council in youthvoice"
    assert "Gratis bus" not in inbox.raw()
    choose(db, cause)
    public_page(db, town.council)
    row = settings(db)[town["freja"].id]
    row.last_sent_at = None
    db.add(row)
    db.commit()
    notify(app, town["freja"], "council_status", cause.id)
    [_first, second] = inbox.to("freja@example.dk")
    assert second["Subject"] == "News about “Gratis bus om natten” in the youth council"
    assert "Gratis bus om natten" in inbox.raw()  # (the search below reads the decoded words)
    for secret in (SECRET_WORDS, "Amira", "Hansen", "Freja", str(cause.id)):
        assert secret not in inbox.raw()


def test_a_member_gets_no_email_about_things_outside_the_council(app, db, inbox):
    use_smtp(app, inbox)
    town = build_town(db)
    turn_on(app, town["freja"], "freja@example.dk")
    notify(app, town["freja"], "response")
    notify(app, town["freja"], "meeting_created")
    assert inbox.received == []
    row = settings(db)[town["freja"].id]
    assert row.last_sent_at is None and row.waiting_since is None  # nothing waits either


def test_the_coordinator_s_email_about_a_new_proposal_has_no_title(app, db, inbox):
    use_smtp(app, inbox)
    town = build_town(db)
    turn_on(app, town["karina"], "karina@roskilde.example")
    reread(db)  # end the snapshot build_town read in: on SQLite a stale one cannot write
    with app.app_context():
        propose(db, town, title="Gratis bus om natten", change=f"{SECRET_WORDS}-change")
    mail.drain(app)
    [message] = inbox.to("karina@roskilde.example")
    assert message["Subject"] == "You have something new in youthvoice"
    assert "Gratis bus" not in inbox.raw() and SECRET_WORDS not in inbox.raw()


# --- my data and erasure ----------------------------------------------------------------------------------


def test_my_data_shows_the_address_and_erasure_removes_it(app, db, inbox):
    from youthvoice.mydata.data_rights import erase

    use_smtp(app, inbox)
    town = build_town(db)
    turn_on(app, town["freja"], "freja@example.dk")
    reread(db)
    section = registry_of(app).sections["email"]
    with app.test_request_context():
        exported = section.export(db, db.get(User, town["freja"].id))
    assert exported["address"] == "freja@example.dk" and exported["last_sent"] is None
    turn_on(app, town["karina"], "karina@roskilde.example")
    with app.app_context(), new_session(app) as session:
        erase(session, person=session.get(User, town["freja"].id), actor=None, reason="request", erasers=[])
        session.commit()
    assert list(settings(db)) == [town["karina"].id]


def test_canary_no_word_of_a_young_person_is_in_any_email(app, db, inbox):
    """Carla has something in every table; everyone who may have email turns it on, and every notification the
    world made is made again, each one emailed: no email holds any of her words, her name, or anyone's name. The
    one thing a council email may name, a cause's public title, is left out of the world here (no public page)."""
    use_smtp(app, inbox)
    world = build(db)
    people = [world.carla, *world.people.values()]
    with app.app_context(), new_session(app) as session:
        for person in people:
            if mail_settings.audience_of(person) is not None:
                mail_settings.turn_on(session, person=person, address=f"{person.id.hex}@example.dk", message="")
        session.commit()
        made = list(session.exec(select(Notification)))
        for row in made:
            session.exec(update(EmailSetting).values(last_sent_at=None))
            notifications.notify(session, user=row.user_id, kind=row.kind, link=row.link, about_id=row.about_id)
            session.commit()
    mail.drain(app)
    assert len(made) >= 5 and len(inbox.received) >= 5
    text = inbox.raw()
    assert world.marker not in text
    for person in people:
        assert person.display_name not in text


def test_a_failure_while_preparing_emails_keeps_the_notification_and_the_request(app, db, inbox, caplog):
    use_smtp(app, inbox)
    town = build_town(db)
    cause = propose(db, town)
    turn_on(app, town["freja"], "freja@example.dk")

    def broken(session: Any, ids: Any) -> dict[Any, str]:
        raise RuntimeError("the title could not be read")

    app.extensions["yv_email_titles"] = broken
    notify(app, town["freja"], "council_update", cause.id)
    assert "could not prepare emails" in caplog.text and inbox.received == []
    reread(db)
    assert db.exec(select(Notification).where(Notification.user_id == town["freja"].id,
                                              Notification.kind == "council_update")).first() is not None
    assert settings(db)[town["freja"].id].last_sent_at is None  # the claim went with the savepoint
