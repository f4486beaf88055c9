"""How this area joins the app: the young person's words: sealed with their own key, guarded, every view of them
logged; and the audit log, keyed and anchored."""

from __future__ import annotations

from flask import Flask

from youthvoice.privacy import audit_anchor, commands, words


def init_app(app: Flask) -> None:
    """The audit keys and checkpoints, the words' guard and view log, and the commands for keys and the log."""
    audit_anchor.init_app(app)
    words.init_app(app)
    commands.init_app(app)
