"""The youth council's public pages, when the council has them: the term's mærkesager, each cause's own page
(a stable address with share previews served by us), and the open data (JSON, CSV and an Atom feed).
Read-only, for citizens and politicians; nothing here needs a log-in."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from youthvoice.core.db import get_session, parse_id
from youthvoice.core.errors import NotFound
from youthvoice.core.model import utcnow
from youthvoice.council import lists as council_lists
from youthvoice.council import opendata, pictures, rules
from youthvoice.council.views.council import settle_due_rounds
from youthvoice.council.views.pictures import served

bp = Blueprint("council_public", __name__, url_prefix="/public/council")

OPEN_DATA_HEADERS = {
    "Access-Control-Allow-Origin": "*",  # public data without cookies: any site may read it
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Cache-Control": "public, max-age=300",
}


@bp.get("/<slug>")
def page(slug: str) -> Any:
    """A term's chosen mærkesager and their progress; first names only where the member agreed."""
    db = get_session()
    municipality, council = rules.public_council(db, slug)
    settle_due_rounds(council.municipality_id)
    terms = [t for t in rules.terms_of(db, council) if t.starts_on <= rules.local_today()]
    wanted = request.args.get("term")
    term = (
        next((t for t in terms if str(t.id) == wanted), None)
        if wanted
        else (rules.current_term(db, council, rules.local_today()))
    )
    if term is None and wanted:
        raise NotFound
    causes = council_lists.public_causes(db, council, term, rules.local_today()) if term else []
    return render_template(
        "council/public.html",
        municipality=municipality,
        council=council,
        term=term,
        terms=terms,
        causes=causes,
        slug=municipality.slug,
    )


@bp.get("/<slug>/causes/<cause_id>")
def cause(slug: str, cause_id: str) -> Any:
    """One chosen cause's own page: its committee, milestones, progress, promised and official answer, timeline."""
    db = get_session()
    municipality, council = rules.public_council(db, slug)
    wanted = parse_id(cause_id)
    found = council_lists.public_causes(db, council, None, rules.local_today(), cause_id=wanted) if wanted else []
    if not found:
        raise NotFound
    return render_template(
        "council/public_cause.html",
        municipality=municipality,
        council=council,
        cause=found[0],
        pictures=pictures.pictures_of(db, [wanted])[wanted],
        slug=municipality.slug,
        page_url=url_for("council_public.cause", slug=municipality.slug, cause_id=found[0].id, _external=True),
    )


@bp.get("/<slug>/causes/<cause_id>/pictures/<picture_id>")
def picture(slug: str, cause_id: str, picture_id: str) -> Any:
    """A picture of a cause on the public page: only while the cause is public there."""
    db = get_session()
    _municipality, council = rules.public_council(db, slug)
    return served(pictures.public_picture(db, council, cause_id, picture_id), "public, max-age=300")


def _open_data(slug: str) -> tuple[Any, Any, list[council_lists.PublicCause]]:
    db = get_session()
    municipality, council = rules.public_council(db, slug)
    settle_due_rounds(council.municipality_id)
    return municipality, council, council_lists.public_causes(db, council, None, rules.local_today())


def _respond(body: Any, mimetype: str, filename: str) -> Response:
    response = body if isinstance(body, Response) else Response(body, mimetype=mimetype)
    response.headers.update(OPEN_DATA_HEADERS)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@bp.get("/<slug>/causes.<any(json, csv):fmt>")
def causes_data(slug: str, fmt: str) -> Any:
    """The public causes with their statuses, support counts, committees and answers, as JSON or CSV."""
    municipality, council, causes = _open_data(slug)
    records = [
        opendata.cause_record(c, url_for("council_public.cause", slug=municipality.slug, cause_id=c.id, _external=True))
        for c in causes
    ]
    if fmt == "csv":
        return _respond(opendata.to_csv(opendata.CAUSE_FIELDS, records), "text/csv", f"{municipality.slug}-causes.csv")
    return _respond(
        jsonify({"council": council.name, "municipality": municipality.name, "causes": records}),
        "application/json",
        f"{municipality.slug}-causes.json",
    )


@bp.get("/<slug>/rounds.<any(json, csv):fmt>")
def rounds_data(slug: str, fmt: str) -> Any:
    """The results of the council's finished votes (chosen causes and their votes), as JSON or CSV."""
    db = get_session()
    municipality, council = rules.public_council(db, slug)
    settle_due_rounds(council.municipality_id)
    results = opendata.round_results(db, council, rules.local_today(), utcnow())
    if fmt == "csv":
        return _respond(
            opendata.to_csv(opendata.ROUND_FIELDS, opendata.round_rows(results)),
            "text/csv",
            f"{municipality.slug}-rounds.csv",
        )
    return _respond(
        jsonify(
            {
                "council": council.name,
                "municipality": municipality.name,
                "rounds": [opendata.round_record(r) for r in results],
            }
        ),
        "application/json",
        f"{municipality.slug}-rounds.json",
    )


@bp.get("/<slug>/feed.atom")
def feed(slug: str) -> Any:
    """An Atom feed of the public causes' updates, newest first."""
    municipality, council, causes = _open_data(slug)
    entries = opendata.feed_entries(causes)
    body = render_template(
        "council/feed.xml",
        municipality=municipality,
        council=council,
        entries=entries,
        slug=municipality.slug,
        updated=max((c.last_activity_at for c in causes if c.last_activity_at), default=council.created_at),
    )
    return _respond(body, "application/atom+xml", f"{municipality.slug}.atom")
