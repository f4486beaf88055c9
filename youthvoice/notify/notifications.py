"""In-app notifications, the fallback for every push: a kind and a link, never content."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, func, select, update

from youthvoice.core.db import owned
from youthvoice.core.model import Identified, utcnow
from youthvoice.notify import mail, push
from youthvoice.notify.models import Notification

_CACHE = "yv_unread"  # db.info key: (user id, unread count), read with the web session's row (notify/area.py)


def notify(db: Session, *, user: Identified | uuid.UUID, kind: str, link: str,
           about_id: uuid.UUID | None = None) -> None:
    """Tell someone that something happened; the text shown is chosen by `kind` (see i18n.NOTIFICATION_LABELS).

    Their phones that have push turned on are told "you have something new" once the transaction commits, and so
    is their inbox if they turned email on (notify/mail.py: without content, at most once per 15 minutes).
    More of the same while the first is unread (three answers on one receipt) is one notification, moved to
    the top: a list of "Your receipt is ready" three times says less than once.
    """
    user_id = user if isinstance(user, uuid.UUID) else user.id
    waiting = db.exec(select(Notification).where(
        Notification.user_id == user_id, Notification.kind == kind, Notification.link == link,
        col(Notification.read_at).is_(None))).first()
    if waiting is None:
        db.add(Notification(user_id=user_id, kind=kind, link=link, about_id=about_id))
    else:
        waiting.created_at = utcnow()
        db.add(waiting)
    push.mark(db, user_id)
    mail.mark(db, user_id, kind, about_id)
    db.info.pop(_CACHE, None)


def unread_count_of(user_id: Any) -> Any:
    """The unread count as a scalar subquery, to read along with another statement (e.g. the session row's)."""
    return (select(func.count()).select_from(Notification)
            .where(col(Notification.user_id) == user_id, col(Notification.read_at).is_(None))
            .scalar_subquery())


def remember_unread(db: Session, user_id: uuid.UUID, count: int) -> None:
    """Keep an unread count read in this database session; any change to notifications through it forgets it."""
    db.info[_CACHE] = (user_id, count)


def unread_count(db: Session, user: Identified) -> int:
    cached = db.info.get(_CACHE)
    if cached is not None and cached[0] == user.id:
        return cached[1]
    count = db.exec(select(unread_count_of(user.id))).one()
    remember_unread(db, user.id, count)
    return count


def recent(db: Session, user: Identified, limit: int = 50) -> list[Notification]:
    return list(db.exec(
        select(Notification).where(Notification.user_id == user.id)
        .order_by(col(Notification.created_at).desc()).limit(limit)
    ))


NameFinder = Callable[[Session, set[uuid.UUID]], dict[uuid.UUID, str]]


def find_names_with(app: Any, finder: NameFinder) -> None:
    """An area tells how to find the names of what its notifications are about, by id: the identity area young
    people's names, the council its causes' titles (this service stands below them, so they register here)."""
    finders: list[NameFinder] = app.extensions.setdefault("yv_notification_names", [])
    if finder not in finders:
        finders.append(finder)


def names_about(app: Any, db: Session, rows: list[Notification]) -> dict[uuid.UUID, str]:
    """The names of whom or what these notifications are about (for the list behind log-in, never a push)."""
    ids = {row.about_id for row in rows if row.about_id is not None}
    names: dict[uuid.UUID, str] = {}
    for finder in app.extensions.get("yv_notification_names", []) if ids else []:
        names.update(finder(db, ids - names.keys()))
    return names


def own(db: Session, user: Identified, notification_id: object) -> Notification:
    """One of the person's own notifications; anything else is NotFound."""
    return owned(db, Notification, notification_id, user_id=user.id)


def mark_read(db: Session, user: Identified, notification_id: uuid.UUID | None = None) -> None:
    """Mark one (or, without an id, all) of a person's notifications read."""
    statement = update(Notification).where(col(Notification.user_id) == user.id, col(Notification.read_at).is_(None))
    if notification_id is not None:
        statement = statement.where(col(Notification.id) == notification_id)
    db.exec(statement.values(read_at=utcnow()))
    db.info.pop(_CACHE, None)


def export_notifications(db: Session, person: Any) -> list[dict[str, Any]]:
    """For "my data": what the person was told about, when, and whether they opened it (never content)."""
    def iso(value: Any) -> str | None:
        return value.isoformat() if value is not None else None

    return [{"what": n.kind, "when": iso(n.created_at), "read": iso(n.read_at)}
            for n in db.exec(select(Notification).where(Notification.user_id == person.id)
                             .order_by(col(Notification.created_at)))]
