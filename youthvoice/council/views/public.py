"""The youth council's public page: read-only, for citizens and politicians, when the council has one."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from youthvoice.core.db import get_session
from youthvoice.core.errors import NotFound
from youthvoice.council import lists as council_lists
from youthvoice.council import rules
from youthvoice.council.views.council import settle_due_rounds

bp = Blueprint("council_public", __name__, url_prefix="/public/council")


@bp.get("/<slug>")
def page(slug: str) -> Any:
    """A term's chosen mærkesager and their progress; first names only where the member agreed."""
    db = get_session()
    municipality, council = rules.public_council(db, slug)
    settle_due_rounds(council.municipality_id)
    terms = [t for t in rules.terms_of(db, council) if t.starts_on <= rules.local_today()]
    wanted = request.args.get("term")
    term = next((t for t in terms if str(t.id) == wanted), None) if wanted else (
        rules.current_term(db, council, rules.local_today()))
    if term is None and wanted:
        raise NotFound
    causes = council_lists.public_causes(db, council, term, rules.local_today()) if term else []
    return render_template("council/public.html", municipality=municipality, council=council, term=term,
                           terms=terms, causes=causes, slug=municipality.slug)
