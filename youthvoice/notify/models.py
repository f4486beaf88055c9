"""Notices in the app and the browsers that asked to be told (Web Push)."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from youthvoice.core.model import timestamp
from youthvoice.core.personal_data import Erasure, PersonalData


class Notification(SQLModel, table=True):
    """An in-app notice: a kind of event and a link to it, never content (it may be read on a shared phone)."""
    __personal_data__ = PersonalData(("user_id", "about_id"), "notifications", Erasure.DELETED)

    __table_args__ = (sa.Index("ix_notification_user_id_read_at", "user_id", "read_at"),)  # the unread count

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    kind: str = Field(max_length=40)
    link: str = Field(max_length=200)
    # Whose case or which cause it is about, so it can be removed with it (never shown as content).
    about_id: uuid.UUID | None = Field(default=None, index=True)
    created_at: datetime = timestamp(index=True)
    read_at: datetime | None = timestamp(nullable=True)


class PushSubscription(SQLModel, table=True):
    """A browser that asked to be told when something is new (Web Push). The endpoint and keys are the browser's
    address at its push service: not the young person's content, but never written to a log."""
    __personal_data__ = PersonalData(("user_id",), "push_devices", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    endpoint: str = Field(sa_type=sa.String(1024), unique=True)
    p256dh: str = Field(max_length=100)  # the browser's public key (base64url, 65 bytes)
    auth: str = Field(max_length=40)  # the browser's auth secret (base64url, 16 bytes)
    device: str = Field(default="", max_length=80)  # "Chrome on Android", from the user agent
    locale: str | None = Field(default=None, max_length=5)  # the page's language when it was turned on
    created_at: datetime = timestamp()
    last_success_at: datetime | None = timestamp(nullable=True)
    failure_count: int = 0


class EmailSetting(SQLModel, table=True):
    """A person's own choice to be told by email that something is new: off unless they turned it on (a row here).
    The address is theirs: in "my data", gone with the account, never written to a log. The times keep the rule
    of at most one email per 15 minutes (notify/mail_settings.py); nothing here says what the news was."""
    __tablename__ = "email_setting"
    __personal_data__ = PersonalData(("user_id",), "email", Erasure.WITH_ACCOUNT)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="user.id", unique=True, ondelete="CASCADE")
    address: str = Field(max_length=254)
    locale: str | None = Field(default=None, max_length=5)  # the page's language when it was turned on
    created_at: datetime = timestamp()
    last_sent_at: datetime | None = timestamp(nullable=True)  # the last email (or the try that is under way)
    waiting_since: datetime | None = timestamp(nullable=True)  # news held back by the 15 minutes, or a failed try
    failure_count: int = 0  # tries in a row that failed; the worker stops trying at EMAIL_MAX_FAILURES
