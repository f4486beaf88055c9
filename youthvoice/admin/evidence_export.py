"""The figures as CSV for evaluators (issue 22.5), and the data dictionary that explains every column. The CSV
holds exactly what the pages show (the same `evidence` and the same suppression), never more."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping

from flask_babel import lazy_gettext as _l

from youthvoice.admin.evidence import (
    BASELINES,
    BREAKDOWNS,
    MEASURES,
    PERCENT_MEASURES,
    TOTAL,
    WISH_PARTS,
    Evidence,
    Figure,
)

COLUMNS = (
    "municipality",
    "quarter",
    "breakdown",
    "group",
    "measure",
    "young_people",
    "value",
    "unit",
    "suppressed",
    "baseline",
    "baseline_comparable",
)

# What each column means, for the data dictionary page (the column names themselves stay in English).
COLUMN_MEANINGS = {
    "municipality": _l("The municipality's name."),
    "quarter": _l("The quarter of the meeting's date in Denmark, for example 2026-Q1 (January to March 2026)."),
    "breakdown": _l("How the quarter is split: kind (kind of meeting) or age (age band at the start of the quarter)."),
    "group": _l(
        "The kind of meeting (child_conversation, plan, network, transition, other) or the age band "
        "(under_18, 18_plus, unknown); all is the whole quarter."
    ),
    "measure": _l("What is counted; see the measures below."),
    "young_people": _l("How many different young people the figure is about (never the number of answers)."),
    "value": _l(
        "The figure: a percent from 0 to 100, or working days. Empty when hidden or when there was nothing to count."
    ),
    "unit": _l("percent or working_days."),
    "suppressed": _l(
        "Empty when shown; fewer_than_5 when the group has fewer than 5 young people; "
        "protects_another when the figure is hidden so that a small group cannot be worked out from "
        "the quarter's total and the other groups."
    ),
    "baseline": _l("The national figure to compare with, in percent (VIVE 2020), where there is one."),
    "baseline_comparable": _l(
        "rough: a similar question in other words; related: a neighbouring question, not the same."
    ),
}

MEASURE_MEANINGS = {
    "listened": _l('Share of answers to "Were you heard?" that were "Mostly" or "Completely".'),
    "said_what_mattered": _l(
        'Share of answers to "Did you get to say what mattered to you?" that were "Mostly" or "Completely".'
    ),
    "knows_what_happens": _l(
        'Share of answers to "Do you know what happens with what you said?" that were "Mostly" or "Completely".'
    ),
    "on_time": _l(
        "Share of wishes and decisions brought to a meeting whose receipt was first answered within "
        "the allowed working days, of those answered or overdue."
    ),
    "wishes_followed": _l('Share of answered wishes and decisions whose latest answer is "Followed".'),
    "wishes_partly": _l('Share of answered wishes and decisions whose latest answer is "Partly followed".'),
    "wishes_not_followed": _l('Share of answered wishes and decisions whose latest answer is "Not followed".'),
    "answer_days": _l("Average working days from the meeting's day to the first answer of the receipt."),
}


def _rows_of(name: str, evidence: Evidence) -> Iterable[list[str]]:
    for measure in MEASURES:
        trend = evidence.trends[measure]
        parts = [f"wishes_{part}" for part in WISH_PARTS] if measure == "wishes" else [measure]
        baseline = BASELINES.get(measure)
        for row in trend.rows:
            figures = [(key, figure) for key, figure in row.groups.items() if figure.young_people or figure.hidden]
            for key, figure in [*figures, (TOTAL, row.total)]:
                if not (figure.young_people or figure.hidden):
                    continue
                for index, part in enumerate(parts):
                    yield [
                        name,
                        row.quarter.key,
                        evidence.breakdown,
                        key,
                        part,
                        _number(figure.young_people),
                        _value(figure, index),
                        "percent" if measure in PERCENT_MEASURES else "working_days",
                        figure.hidden.value,
                        str(baseline.percent) if baseline else "",
                        baseline.comparable if baseline else "",
                    ]


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


def _value(figure: Figure, index: int) -> str:
    if figure.values is None:
        return ""
    value = figure.values[index]
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def to_csv(per_municipality: Mapping[str, Mapping[str, Evidence]]) -> str:
    """One row per municipality, quarter, breakdown, group and measure, for {name: {breakdown: evidence}}."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for name, by_breakdown in per_municipality.items():
        for breakdown in BREAKDOWNS:
            writer.writerows(_rows_of(name, by_breakdown[breakdown]))
    return out.getvalue()
