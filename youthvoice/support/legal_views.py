"""The pages the law asks for, open to everyone: the accessibility statement and the privacy notices (for young
people, and the fuller one for staff), from content files the municipality edits (rights/legal.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, current_app, render_template
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from youthvoice.rights import legal

bp = Blueprint("legal", __name__, template_folder="templates")

# The accessibility statement's facts, in the words of the Agency for Digital Government's template.
STATUS_LABELS = {
    "full": _l("The site fully meets the standard"),
    "partial": _l("The site partly meets the standard (it meets most of the requirements)"),
    "not": _l("The site does not meet the standard (it does not meet most of the requirements)"),
}
METHOD_LABELS = {
    "self": _l("We evaluated the site ourselves"),
    "external": _l("An outside party evaluated the site"),
    "other": _l("Another method was used"),
}


def content_dir() -> str:
    """Where the municipality's edited copies are (LEGAL_CONTENT_DIR, else the instance folder's `legal/`)."""
    return current_app.config["LEGAL_CONTENT_DIR"] or str(Path(current_app.instance_path) / "legal")


def _render(slug: str, template: str = "support/legal_page.html", **extra: Any) -> str:
    directory = content_dir()
    return render_template(
        template,
        page=legal.page(directory, slug, str(get_locale()), current_app.config),
        contact=legal.contact(directory),
        **extra,
    )


@bp.get("/accessibility")
def accessibility() -> Any:
    """The accessibility statement (tilgængelighedserklæring), linked from every page's footer."""
    return _render("accessibility", status_labels=STATUS_LABELS, method_labels=METHOD_LABELS)


@bp.get("/privacy")
def privacy() -> Any:
    """What youthvoice keeps about a young person, why, for how long, who sees it, their rights and where to
    complain, in plain words."""
    return _render("privacy")


@bp.get("/privacy/staff")
def privacy_staff() -> Any:
    """The fuller privacy notice for staff."""
    return _render("privacy-staff")
