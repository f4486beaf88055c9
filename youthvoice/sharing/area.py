"""How this area joins the app: what a young person shares is part of their data, and sharing tells people."""

from __future__ import annotations

from flask import Flask

from youthvoice.core import personal_data
from youthvoice.sharing import data, labels, sharing
from youthvoice.web.i18n import add_labels


def init_app(app: Flask) -> None:
    """The words for a share's parts, the section of "my data", and what sharing tells people about."""
    add_labels(app, "part", labels.PART_LABELS)
    add_labels(app, "notification", sharing.NOTIFICATION_KINDS)
    add_labels(app, "notification_about", sharing.NOTIFICATIONS_ABOUT)
    personal_data.add_section(app, "sharing", data.export_sharing, codes={
        ("sharing", "what"): labels.SCOPE_LABELS, ("sharing", "parts"): labels.PART_LABELS})
