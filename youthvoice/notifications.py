"""In-app notifications, the fallback for every push: a kind and a link, never content."""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, func, select, update

from . import push
from .models import Notification, User, utcnow


def notify(db: Session, *, user: User | uuid.UUID, kind: str, link: str, about_id: uuid.UUID | None = None) -> None:
    """Tell someone that something happened; the text shown is chosen by `kind` (see i18n.NOTIFICATION_LABELS).

    Their phones that have push turned on are told "you have something new" once the transaction commits.
    """
    user_id = user.id if isinstance(user, User) else user
    db.add(Notification(user_id=user_id, kind=kind, link=link, about_id=about_id))
    push.mark(db, user_id)


def unread_count(db: Session, user: User) -> int:
    return db.exec(
        select(func.count()).select_from(Notification)
        .where(Notification.user_id == user.id, col(Notification.read_at).is_(None))
    ).one()


def recent(db: Session, user: User, limit: int = 50) -> list[Notification]:
    return list(db.exec(
        select(Notification).where(Notification.user_id == user.id)
        .order_by(col(Notification.created_at).desc()).limit(limit)
    ))


def own(db: Session, user: User, notification_id: uuid.UUID) -> Notification | None:
    row = db.get(Notification, notification_id)
    return row if row is not None and row.user_id == user.id else None


def mark_read(db: Session, user: User, notification_id: uuid.UUID | None = None) -> None:
    """Mark one (or, without an id, all) of a person's notifications read."""
    statement = update(Notification).where(col(Notification.user_id) == user.id, col(Notification.read_at).is_(None))
    if notification_id is not None:
        statement = statement.where(col(Notification.id) == notification_id)
    db.exec(statement.values(read_at=utcnow()))  # type: ignore[call-overload]
