"""Does having a say make a difference? The figures per quarter for the municipality's admin (issue 22.3), the
partnership's evaluators across the municipalities that opted in (22.4), and both as CSV (22.5). Anonymous: the
figures come from `evidence` and `statistics`, never a name or a word of anyone's."""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlmodel import Session, col, select

from youthvoice.admin import evidence, evidence_export
from youthvoice.admin.evidence import BREAKDOWNS, PERCENT_MEASURES, Evidence, Figure, Quarter, Trend
from youthvoice.admin.statistics import MIN_YOUNG_PEOPLE, Hidden
from youthvoice.core.db import get_session
from youthvoice.core.errors import NotFound
from youthvoice.identity.models import Municipality, Role
from youthvoice.meetings.labels import MEETING_KIND_LABELS, RECEIPT_LABELS
from youthvoice.privacy import audit
from youthvoice.privacy.audit import Action
from youthvoice.web.charts import Share, TrendPoint, share_bar_svg, trend_svg
from youthvoice.web.view_helpers import role_required

bp = Blueprint("evidence", __name__, template_folder="templates")

PAGE_QUARTERS = 8  # the page shows the latest two years; the CSV has every quarter

MEASURE_TITLES = {
    "listened": _l("Felt listened to"),
    "said_what_mattered": _l("Got to say what mattered"),
    "knows_what_happens": _l("Knows what happens with what they said"),
    "on_time": _l("Receipts answered on time"),
    "wishes": _l("What became of the wishes"),
    "answer_days": _l("Time to answer a receipt"),
}
MEASURE_HELP = {
    "listened": _l('Answers "Mostly" or "Completely" to "Were you heard?" after a meeting.'),
    "said_what_mattered": _l('Answers "Mostly" or "Completely" to "Did you get to say what mattered to you?"'),
    "knows_what_happens": _l('Answers "Mostly" or "Completely" to "Do you know what happens with what you said?"'),
    "wishes": _l("The latest answer on the receipt of each answered wish or decision."),
    "answer_days": _l("Working days from the meeting to the first answer on the receipt, on average."),
}
BASELINE_NOTES = {
    "rough": _l(
        "Roughly comparable: the national survey asked a similar question in other words, of young people "
        "aged 12–17. Compare it with the age band under 18."
    ),
    "related": _l(
        "Not the same question: the national survey asked whether decisions are explained. Read it as "
        "a neighbouring figure only."
    ),
}
BASELINE_QUESTIONS = {
    "listened": _l("About three in four feel their caseworker takes their views seriously."),
    "knows_what_happens": _l("Just over half get decisions explained."),
}
GROUP_LABELS = {
    "under_18": _l("Under 18"),
    "18_plus": _l("18 or older"),
    "unknown": _l("Age not known"),
    "all": _l("All"),
}
HIDDEN_LABELS = {Hidden.SMALL: _l("Under 5"), Hidden.PROTECTS: _l("Hidden")}


def quarter_label(quarter: Quarter) -> str:
    return _("Q%(number)d %(year)d", number=quarter.number, year=quarter.year)


def _display(measure: str, figure: Figure, index: int = 0) -> str:
    if figure.hidden != Hidden.SHOWN:
        return str(HIDDEN_LABELS[figure.hidden])
    if figure.values is None:
        return "–"
    if measure in PERCENT_MEASURES:
        return format_percent(figure.values[index] / 100)
    return _("%(days)s days", days=format_decimal(figure.values[index], format="0.0"))


def _group_label(breakdown: str, key: str) -> str:
    if breakdown == "kind" and key != "all":
        return str(MEETING_KIND_LABELS.get(key, key))
    return str(GROUP_LABELS[key])


def _chart(trend: Trend, rows: list[evidence.Row]) -> Markup:
    title = str(MEASURE_TITLES[trend.measure])
    if trend.measure == "wishes":
        return Markup("")  # drawn as one bar per quarter by the template
    percent = trend.measure in PERCENT_MEASURES
    points = [TrendPoint(quarter_label(row.quarter), row.total.value) for row in rows]
    top = 100.0 if percent else float(max(10, 2 * math.ceil(max(point.value or 0 for point in points) / 2)))
    baseline = trend.baseline
    return trend_svg(
        points,
        svg_id=f"chart-{trend.measure}",
        title=title,
        description=_("All young people, per quarter. The same figures are in the table."),
        top=top,
        unit="%" if percent else "",
        baseline=baseline.percent if baseline else None,
        baseline_label=_("National: %(percent)d%%", percent=baseline.percent) if baseline else "",
        value_text=lambda value: format_decimal(value, format="0.#"),
    )


def _wish_bars(rows: list[evidence.Row]) -> list[tuple[str, Markup, Figure]]:
    bars = []
    for row in rows:
        if row.total.values:
            shares = [
                Share(part, round(value)) for part, value in zip(evidence.WISH_PARTS, row.total.values, strict=True)
            ]
            bars.append(
                (
                    quarter_label(row.quarter),
                    share_bar_svg(
                        shares,
                        svg_id=f"wishes-{row.quarter.key}",
                        title=quarter_label(row.quarter),
                        description=", ".join(
                            f"{RECEIPT_LABELS[part]}: {_display('wishes', row.total, index)}"
                            for index, part in enumerate(evidence.WISH_PARTS)
                        ),
                    ),
                    row.total,
                )
            )
    return bars


def _help(measure: str) -> str:
    if measure == "on_time":
        return _(
            "Wishes and decisions brought to a meeting whose receipt was answered within %(days)d working days, "
            "of those answered or overdue.",
            days=current_app.config["RECEIPT_DUE_WORKING_DAYS"],
        )
    return str(MEASURE_HELP[measure])


def _sections(found: Evidence) -> list[dict[str, Any]]:
    sections = []
    for measure, trend in found.trends.items():
        rows = trend.rows[-PAGE_QUARTERS:]
        table = [
            {
                "quarter": quarter_label(row.quarter),
                "lines": [
                    (_group_label(found.breakdown, key), figure)
                    for key, figure in [
                        ("all", row.total),
                        *[(key, figure) for key, figure in row.groups.items() if figure.young_people or figure.hidden],
                    ]
                ],
            }
            for row in reversed(rows)
            if row.total.young_people or row.total.hidden
        ]
        sections.append(
            {
                "measure": measure,
                "title": MEASURE_TITLES[measure],
                "help": _help(measure),
                "chart": _chart(trend, rows),
                "bars": _wish_bars(rows) if measure == "wishes" else [],
                "table": table,
                "baseline": trend.baseline,
                "baseline_text": BASELINE_QUESTIONS.get(measure),
                "baseline_note": BASELINE_NOTES[trend.baseline.comparable] if trend.baseline else None,
            }
        )
    return sections


def _breakdown() -> str:
    by = request.args.get("by", "kind")
    return by if by in BREAKDOWNS else "kind"


def _figures(db: Session, municipalities: list[Municipality], breakdown: str) -> dict[int, Evidence]:
    return evidence.evidence(
        db,
        [town.id for town in municipalities if town.id is not None],
        due_days=current_app.config["RECEIPT_DUE_WORKING_DAYS"],
        breakdown=breakdown,
    )


def _page(town: Municipality, *, for_partner: bool) -> Any:
    breakdown = _breakdown()
    found = _figures(get_session(), [town], breakdown)[town.id or 0]
    return render_template(
        "admin/evidence.html",
        town=town,
        sections=_sections(found),
        by=breakdown,
        for_partner=for_partner,
        minimum=MIN_YOUNG_PEOPLE,
        display=_display,
        source=evidence.SOURCE_URL,
    )


def _csv(municipalities: list[Municipality], filename: str) -> Response:
    db = get_session()
    figures = {breakdown: _figures(db, municipalities, breakdown) for breakdown in BREAKDOWNS}
    text = evidence_export.to_csv(
        {
            town.name: {breakdown: figures[breakdown][town.id or 0] for breakdown in BREAKDOWNS}
            for town in municipalities
        }
    )
    return Response(text, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# --- the municipality's admin ---------------------------------------------------------------------------


def _own_municipality() -> Municipality:
    return get_session().get_one(Municipality, current_user.municipality_id)


@bp.get("/admin/evidence")
@role_required(Role.ADMIN)
def admin_page() -> Any:
    """The municipality's figures per quarter, per kind of meeting or age band, beside the national baseline."""
    return _page(_own_municipality(), for_partner=False)


@bp.get("/admin/evidence.csv")
@role_required(Role.ADMIN)
def admin_csv() -> Any:
    """The same figures as CSV (every quarter, both breakdowns)."""
    town = _own_municipality()
    return _csv([town], f"youthvoice-{town.slug}.csv")


@bp.post("/admin/evidence/sharing")
@role_required(Role.ADMIN)
def sharing() -> Any:
    """Opt in or out of showing these figures to the partnership's evaluators."""
    db = get_session()
    town = _own_municipality()
    shared = request.form.get("share") == "yes"
    evidence.set_sharing(db, municipality=town, shared=shared)
    audit.record(
        session=db,
        action=Action.UPDATE,
        actor=current_user,
        object_type="evidence_sharing",
        object_id="on" if shared else "off",
    )
    flash(
        _("The partnership's evaluators now see these figures.")
        if shared
        else _("The partnership's evaluators no longer see these figures."),
        "success",
    )
    return redirect(url_for("evidence.admin_page"))


@bp.get("/evidence/about")
@role_required(Role.ADMIN, Role.PARTNER)
def dictionary() -> Any:
    """What each figure and each column of the CSV means, how small groups are hidden, what it cannot tell."""
    return render_template(
        "admin/evidence_about.html",
        columns=evidence_export.COLUMNS,
        column_meanings=evidence_export.COLUMN_MEANINGS,
        measure_meanings=evidence_export.MEASURE_MEANINGS,
        minimum=MIN_YOUNG_PEOPLE,
        source=evidence.SOURCE_URL,
        due_days=current_app.config["RECEIPT_DUE_WORKING_DAYS"],
    )


# --- the partnership's evaluators -----------------------------------------------------------------------


def _sharing_town(slug: str) -> Municipality:
    town = (
        get_session()
        .exec(select(Municipality).where(col(Municipality.slug) == slug, col(Municipality.shares_evidence).is_(True)))
        .first()
    )
    if town is None:
        raise NotFound
    return town


@bp.get("/partner/")
@role_required(Role.PARTNER)
def partner_index() -> Any:
    """The municipalities that show their figures to the partnership."""
    return render_template("admin/partner_index.html", municipalities=evidence.sharing_municipalities(get_session()))


@bp.get("/partner/municipality/<slug>")
@role_required(Role.PARTNER)
def partner_page(slug: str) -> Any:
    """One opted-in municipality's figures, exactly as its admin sees them; any other is a 404."""
    return _page(_sharing_town(slug), for_partner=True)


@bp.get("/partner/evidence.csv")
@role_required(Role.PARTNER)
def partner_csv() -> Any:
    """Every opted-in municipality's figures as one CSV."""
    return _csv(evidence.sharing_municipalities(get_session()), "youthvoice-partnership.csv")
