"""Email: a person who turned it on is told *that* something is new, never *what*.

Configured by one URL, `SMTP_URL` (smtp://user:password@host:587?starttls=true, or smtps://… for TLS from the
first byte), and a sender, `EMAIL_FROM`. Without SMTP_URL email is off and nobody is offered it.

`notifications.notify()` marks the recipient on the database session, as for push. Just before that session commits, the
email settings of the people marked are read in the same transaction and, for each one who may have this news by email,
the right to email them is taken there too (at most one email per 15 minutes: mail_settings.claim); news inside the 15
minutes is held for the worker's `email-retry`. Once the transaction has committed the emails go to a small pool of
background threads (notify/background.py, shared with push), which send them over one SMTP connection with a timeout and
write back what happened. A rollback sends nothing. A failure is logged (the kind of error, never the address) and tried
again by the worker; nothing here can break or slow the request that caused it.

What an email says: staff get "You have something new in youthvoice" and a link; a young member of the youth council
gets the news of the council, with at most the title of the cause when that cause is on the council's public page.
Never a name, a kind of event or anything anyone wrote.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select, update

from youthvoice.core.db import new_session
from youthvoice.core.model import utcnow
from youthvoice.notify import background, mail_settings
from youthvoice.notify.background import BackgroundPool
from youthvoice.notify.mail_settings import COUNCIL, STAFF
from youthvoice.notify.models import EmailSetting, Notification

log = logging.getLogger(__name__)

PENDING = "yv_email_pending"  # session.info: {person id: [(kind, about id), ...]} notified in this transaction
NOTIFICATIONS_PATH = "/notifications/"
ACCOUNT_PATH = "/account/#email"
MAX_TITLE = 120

# The people's table, by name: language, whether active, role and council membership (this service sits below the
# people's area, identity, and does not import it).
PEOPLE = sa.table("user", sa.column("id", sa.Uuid), sa.column("locale", sa.String), sa.column("status", sa.String),
                  sa.column("role", sa.String), sa.column("is_council_member", sa.Boolean))


# --- the SMTP connection -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmtpTarget:
    host: str
    port: int
    security: str  # "tls" (smtps://, TLS from the first byte), "starttls", or "none"
    username: str = ""
    password: str = ""

    def __repr__(self) -> str:  # never the password
        return f"SmtpTarget({self.host}:{self.port}, {self.security})"


def parse_smtp_url(url: str) -> SmtpTarget:
    """smtp://[user:password@]host[:port][?starttls=true] or smtps://[user:password@]host[:port]."""
    parts = urlsplit(url.strip())
    query = {key: values[-1].strip().lower() for key, values in parse_qs(parts.query).items()}
    try:
        port = parts.port
    except ValueError as error:
        raise RuntimeError("SMTP_URL has a port that is not a number") from error
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise RuntimeError("SMTP_URL must look like smtp://user:password@host:587?starttls=true or smtps://host:465")
    if parts.scheme == "smtps":
        security = "tls"
    else:
        security = "starttls" if query.get("starttls", "false") in ("1", "true", "yes", "on") else "none"
    return SmtpTarget(host=parts.hostname, port=port or (465 if security == "tls" else 25), security=security,
                      username=unquote(parts.username or ""), password=unquote(parts.password or ""))


@dataclass(frozen=True)
class Letter:
    """One email to send: to whom (a setting), what it says, and the times that undo the claim if it fails."""

    setting_id: uuid.UUID
    address: str
    subject: str
    body: str
    claimed_at: datetime
    previous_sent_at: datetime | None

    def __repr__(self) -> str:  # never the address, should one end up in a log line
        return f"Letter({self.setting_id})"


class EmailService(BackgroundPool[Letter]):
    """One per app: where to send, from whom; sends in the background after the request (notify/background.py)."""

    def __init__(self, app: Flask, target: SmtpTarget, sender: str) -> None:
        super().__init__(app, "emails")
        self.target, self.sender = target, sender

    def work(self, batch: list[Letter]) -> None:
        self._record(batch, self._send(batch))

    def _connect(self) -> smtplib.SMTP:
        target, timeout = self.target, float(self.app.config["SMTP_TIMEOUT_SECONDS"])
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if target.security == "tls":
            smtp = smtplib.SMTP_SSL(target.host, target.port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(target.host, target.port, timeout=timeout)
            if target.security == "starttls":
                smtp.starttls(context=context)
        if target.username:
            smtp.login(target.username, target.password)
        return smtp

    def _send(self, letters: list[Letter]) -> dict[uuid.UUID, bool]:
        """Send over one connection; whether each one was taken by the SMTP server."""
        outcomes = dict.fromkeys((letter.setting_id for letter in letters), False)
        try:
            smtp = self._connect()
        except Exception as error:  # refused, timed out, TLS or log-in failed: the kind of error only
            log.warning("could not reach the SMTP server for %d emails: %s", len(letters), type(error).__name__)
            return outcomes
        try:
            for letter in letters:
                try:
                    smtp.send_message(self.message(letter))
                    outcomes[letter.setting_id] = True
                except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
                    log.warning("email for setting %s was refused: %s", letter.setting_id, type(error).__name__)
        except Exception as error:
            log.warning("the SMTP connection failed while sending: %s", type(error).__name__)
        finally:
            try:
                smtp.quit()
            except Exception:  # the connection is gone already; nothing to tidy
                smtp.close()
        return outcomes

    def message(self, letter: Letter) -> EmailMessage:
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = letter.address
        mail["Subject"] = letter.subject
        mail["Date"] = formatdate(usegmt=True)
        mail["Message-ID"] = make_msgid(domain=parseaddr(self.sender)[1].rpartition("@")[2] or None)
        mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office answers back
        mail.set_content(letter.body)
        return mail

    def _record(self, letters: list[Letter], outcomes: dict[uuid.UUID, bool]) -> None:
        """A sent email clears the failures; a failed one gives the 15 minutes back and waits for the worker."""
        with new_session(self.app) as db:
            for letter in letters:
                row = col(EmailSetting.id) == letter.setting_id
                if outcomes.get(letter.setting_id):
                    db.exec(update(EmailSetting).where(row).values(failure_count=0))
                    continue
                db.exec(update(EmailSetting).where(row, col(EmailSetting.last_sent_at) == letter.claimed_at)
                        .values(last_sent_at=letter.previous_sent_at))
                db.exec(update(EmailSetting).where(row).values(
                    failure_count=col(EmailSetting.failure_count) + 1,
                    waiting_since=sa.func.coalesce(col(EmailSetting.waiting_since), letter.claimed_at)))
            db.commit()


# --- what an email says ----------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    """A title for a subject line: one line, no control characters, not too long."""
    flat = " ".join("".join(char if char.isprintable() else " " for char in text).split())
    return flat if len(flat) <= MAX_TITLE else flat[: MAX_TITLE - 1].rstrip() + "…"


def compose(audience: str, locale: str, base_url: str, title: str | None = None) -> tuple[str, str]:
    """The subject and body: fixed words in the person's language and links to the app; for the youth council at
    most a cause's public title. Nothing else, ever."""
    from flask_babel import force_locale
    from flask_babel import gettext as _

    base = base_url.rstrip("/")
    with force_locale(locale):
        if audience == COUNCIL and title:
            subject = _("News about “%(title)s” in the youth council", title=_one_line(title))
        elif audience == COUNCIL:
            subject = _("News from the youth council in youthvoice")
        else:
            subject = _("You have something new in youthvoice")
        lines = [subject, "", _("See it in youthvoice:"), base + NOTIFICATIONS_PATH, "",
                 _("You get this email because you turned it on in youthvoice. Turn it off under “Me”:"),
                 base + ACCOUNT_PATH]
    return subject, "\n".join(lines) + "\n"


# --- who may hear about what -------------------------------------------------------------------------------

TitleFinder = Callable[[Session, set[uuid.UUID]], dict[uuid.UUID, str]]


def council_news(app: Flask, kinds: Iterable[str], titles: TitleFinder) -> None:
    """The youth council's area names its kinds of notification (the ones a young member may have by email) and
    how to find a cause's public title by id (None for a cause that is not on the public page)."""
    app.extensions.setdefault("yv_email_council_kinds", set()).update(kinds)
    app.extensions["yv_email_titles"] = titles


def _council_kinds(app: Any) -> set[str]:
    kinds: set[str] = app.extensions.get("yv_email_council_kinds", set())
    return kinds


def _public_title(app: Any, db: Session, events: list[tuple[str, uuid.UUID | None]]) -> str | None:
    """The public title of the one cause these council notifications are about (none when they are about several,
    or it is not public)."""
    about = {about_id for _kind, about_id in events}
    finder = app.extensions.get("yv_email_titles")
    if len(about) != 1 or None in about or finder is None:
        return None
    [about_id] = about
    title: str | None = finder(db, {about_id}).get(about_id)
    return title


def _events_for(app: Any, audience: str | None, events: list[tuple[str, uuid.UUID | None]]
                ) -> list[tuple[str, uuid.UUID | None]]:
    if audience == STAFF:
        return events
    if audience == COUNCIL:
        kinds = _council_kinds(app)
        return [event for event in events if event[0] in kinds]
    return []


def _locale(app: Any, *choices: str | None) -> str:
    """The person's saved language, else the page's when they turned email on, else the default (Danish)."""
    found = next((value for value in choices if value in app.config["LANGUAGES"]), None)
    return str(found or app.config["BABEL_DEFAULT_LOCALE"])


def base_url(app: Any) -> str:
    """Where the app is: the origin people open it at (the passkeys' origin)."""
    return str(app.config["WEBAUTHN_ORIGIN"])


# --- hooking into the transaction --------------------------------------------------------------------------


def mark(db: Session, user_id: uuid.UUID, kind: str, about_id: uuid.UUID | None) -> None:
    """Called by notify(): this person may get an email once the transaction has committed."""
    db.info.setdefault(PENDING, {}).setdefault(user_id, []).append((kind, about_id))


def _prepare(session: OrmSession, pending: dict[uuid.UUID, list[tuple[str, uuid.UUID | None]]]) -> list[Letter]:
    """Before commit: read the settings of everyone notified and take the right to email them, in the same
    transaction; what is inside the 15 minutes waits for the worker."""
    # In a savepoint: should anything here fail (on PostgreSQL, say, a deadlock between two claims), only this part
    # is undone and the request's own transaction commits as it would have (background.py logs the failure).
    with session.begin_nested():
        return _claim_and_write(current_app, session, pending)


def _claim_and_write(app: Any, session: OrmSession, pending: dict[uuid.UUID, list[tuple[str, uuid.UUID | None]]]
                     ) -> list[Letter]:
    """For each person notified who turned email on and may have this news by email: the right to email them now
    and the email, or the news held for the worker. Rows are taken in one order, so two transactions never wait for
    each other's rows in a circle."""
    rows = session.execute(
        select(EmailSetting, PEOPLE.c.locale, PEOPLE.c.role, PEOPLE.c.is_council_member)
        .join(PEOPLE, PEOPLE.c.id == col(EmailSetting.user_id))
        .where(col(EmailSetting.user_id).in_(pending), PEOPLE.c.status == "active")
        .order_by(col(EmailSetting.id))
    ).all()
    now, letters = utcnow(), []
    for setting, locale, role, member in rows:
        audience = mail_settings.audience(role, member)
        events = _events_for(app, audience, pending[setting.user_id])
        if not events or audience is None:
            continue
        previous = setting.last_sent_at
        if not mail_settings.claim(session, setting.id, now):  # type: ignore[arg-type]
            mail_settings.hold(session, setting.id, now)  # type: ignore[arg-type]
            continue
        title = _public_title(app, session, events) if audience == COUNCIL else None  # type: ignore[arg-type]
        subject, body = compose(audience, _locale(app, locale, setting.locale), base_url(app), title)
        letters.append(Letter(setting.id, setting.address, subject, body, now, previous))
    return letters


# --- the worker: news that waited -------------------------------------------------------------------------


def retry_waiting(app: Flask) -> int:
    """One email for each person whose news waited (held by the 15 minutes, or the last try failed) while some of
    it is still unread and their 15 minutes are over; the worker runs it every 5 minutes. Waits for the sending;
    how many."""
    sender = service(app)
    if sender is None:
        return 0
    now, letters = utcnow(), []
    limit = int(app.config["EMAIL_MAX_FAILURES"])
    with new_session(app) as db:
        rows = db.execute(
            select(EmailSetting, PEOPLE.c.locale, PEOPLE.c.role, PEOPLE.c.is_council_member)
            .join(PEOPLE, PEOPLE.c.id == col(EmailSetting.user_id))
            .where(col(EmailSetting.waiting_since).is_not(None), PEOPLE.c.status == "active",
                   col(EmailSetting.failure_count) < limit,
                   sa.or_(col(EmailSetting.last_sent_at).is_(None),
                          col(EmailSetting.last_sent_at) <= now - mail_settings.MIN_GAP))
        ).all()
        unread = _unread_kinds(db, {setting.user_id: setting.waiting_since for setting, *_rest in rows})
        for setting, locale, role, member in rows:
            audience = mail_settings.audience(role, member)
            if not _events_for(app, audience, [(kind, None) for kind in unread.get(setting.user_id, ())]):
                db.exec(update(EmailSetting).where(EmailSetting.id == setting.id).values(waiting_since=None))
                continue  # read meanwhile, or no longer theirs to have by email: nothing to tell
            if audience is None or not mail_settings.claim(db, setting.id, now):
                continue
            subject, body = compose(audience, _locale(app, locale, setting.locale), base_url(app))
            letters.append(Letter(setting.id, setting.address, subject, body, now, setting.last_sent_at))
        db.commit()
    if letters:
        sender.submit(letters)
        sender.drain()
    return len(letters)


def _unread_kinds(db: Session, since: dict[uuid.UUID, datetime | None]) -> dict[uuid.UUID, set[str]]:
    """The kinds of each person's notifications still unread that came since their news began to wait."""
    found: dict[uuid.UUID, set[str]] = {}
    if not since:
        return found
    for user_id, kind, created_at in db.exec(
        select(Notification.user_id, Notification.kind, Notification.created_at)
        .where(col(Notification.user_id).in_(since), col(Notification.read_at).is_(None))
    ):
        start = since.get(user_id)
        if start is None or created_at >= start - mail_settings.MIN_GAP:
            found.setdefault(user_id, set()).add(kind)
    return found


# --- the app's sender ------------------------------------------------------------------------------------


def service(app: Flask | None = None) -> EmailService | None:
    """The app's email sender, or None when email is off (no SMTP_URL)."""
    return (app or current_app).extensions.get("yv_email")


def drain(app: Flask | None = None, timeout: float = 30) -> None:
    sender = service(app)
    if sender is not None:
        sender.drain(timeout)


def configure(app: Flask) -> EmailService | None:
    """Read SMTP_URL and EMAIL_FROM: the app's sender, or None when SMTP_URL is empty."""
    url = (app.config.get("SMTP_URL") or "").strip()
    if not url:
        app.extensions["yv_email"] = None
        return None
    sender = (app.config.get("EMAIL_FROM") or "").strip()
    if "@" not in parseaddr(sender)[1] or any(char in sender for char in "\r\n"):
        raise RuntimeError("EMAIL_FROM must be the sender's address, e.g. youthvoice <noreply@kommune.dk>")
    app.extensions["yv_email"] = EmailService(app, parse_smtp_url(url), sender)
    return app.extensions["yv_email"]


def init_app(app: Flask) -> None:
    """Turn email on when SMTP_URL is set."""
    configure(app)
    background.listen(PENDING, service, _prepare)
