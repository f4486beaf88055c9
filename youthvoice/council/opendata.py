"""Open data of a council with a public page: its public causes (the chosen mærkesager of every started term)
with their statuses and support counts, its voting rounds' results, as JSON and CSV, and the updates for an Atom
feed.

Built only from what the public page shows (council_lists.public_causes): no proposal that was not chosen, no
comment, no vote of anyone, no name beyond the first names members agreed to show, no ids of people.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from youthvoice.council import rounds as council_rounds
from youthvoice.council.lists import PublicCause, PublicUpdate, public_terms
from youthvoice.council.models import Cause, Council, RoundEntry

CAUSE_FIELDS = (
    "id",
    "term",
    "title",
    "category",
    "status",
    "supports",
    "committee",
    "progress",
    "answer_due_on",
    "answer_overdue",
    "official_answer",
    "official_answer_at",
    "proposed_by",
    "url",
)
ROUND_FIELDS = (
    "round_id",
    "term",
    "starts_at",
    "ends_at",
    "outcome",
    "proposals_on_ballot",
    "chosen_count",
    "cause_id",
    "cause_title",
    "votes",
)
FEED_SIZE = 50


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def cause_record(cause: PublicCause, url: str) -> dict[str, Any]:
    """One public cause as open data."""
    return {
        "id": cause.id,
        "term": cause.term,
        "title": cause.title,
        "category": cause.category,
        "status": cause.status,
        "supports": cause.supports,
        "committee": cause.committee,
        "progress": cause.progress,
        "answer_due_on": _iso(cause.answer_due_on),
        "answer_overdue": cause.overdue,
        "official_answer": cause.official_answer,
        "official_answer_at": _iso(cause.official_answer_at),
        "proposed_by": cause.proposed_by,
        "url": url,
        "change": cause.change,
        "why": cause.why,
        "milestones": [
            {"title": m.title, "due_on": _iso(m.due_on), "done_on": _iso(m.done_on)} for m in cause.milestones
        ],
    }


@dataclass(frozen=True)
class RoundResult:
    """A finished vote as the public may see it: the chosen causes and their votes only when enough voted."""

    id: str
    term: str
    starts_at: datetime
    ends_at: datetime
    outcome: str  # council_rounds.RESULT or TOO_FEW
    proposals_on_ballot: int
    chosen: list[tuple[str, str, int]]  # (cause id, title, votes)


def round_results(db: Session, council: Council, today: date, now: datetime) -> list[RoundResult]:
    """The finished voting rounds of the council's started terms, newest first. A round with too few voters shows
    that it had no result, and nothing else; a proposal that was not chosen is never named."""
    results: list[RoundResult] = []
    for term in public_terms(db, council, today):
        for voting_round, outcome in council_rounds.rounds_with_outcomes(db, term, now):
            if outcome not in (council_rounds.RESULT, council_rounds.TOO_FEW):
                continue
            on_ballot = db.exec(
                select(func.count()).select_from(RoundEntry).where(RoundEntry.round_id == voting_round.id)
            ).one()
            chosen: list[tuple[str, str, int]] = []
            if outcome == council_rounds.RESULT:
                chosen = [
                    (str(cause_id), title, int(votes))
                    for cause_id, title, votes in db.exec(
                        select(Cause.id, Cause.title, RoundEntry.votes)
                        .join(RoundEntry, col(RoundEntry.cause_id) == Cause.id)
                        .where(RoundEntry.round_id == voting_round.id, col(RoundEntry.chosen).is_(True))
                        .order_by(col(RoundEntry.votes).desc(), col(Cause.title))
                    )
                ]
            results.append(
                RoundResult(
                    str(voting_round.id),
                    term.name,
                    voting_round.starts_at,
                    voting_round.ends_at,
                    outcome,
                    int(on_ballot),
                    chosen,
                )
            )
    return results


def round_record(result: RoundResult) -> dict[str, Any]:
    return {
        "id": result.id,
        "term": result.term,
        "starts_at": _iso(result.starts_at),
        "ends_at": _iso(result.ends_at),
        "outcome": result.outcome,
        "proposals_on_ballot": result.proposals_on_ballot,
        "chosen": [{"cause_id": cause_id, "title": title, "votes": votes} for cause_id, title, votes in result.chosen],
    }


def _cell(value: object) -> str:
    """A CSV cell; text a spreadsheet would run as a formula is quoted with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(fields: tuple[str, ...], rows: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in fields])
    return out.getvalue()


def round_rows(results: list[RoundResult]) -> list[dict[str, Any]]:
    """One CSV row per chosen cause of each round (a round that chose nothing: one row without a cause)."""
    rows: list[dict[str, Any]] = []
    for result in results:
        base = {
            "round_id": result.id,
            "term": result.term,
            "starts_at": _iso(result.starts_at),
            "ends_at": _iso(result.ends_at),
            "outcome": result.outcome,
            "proposals_on_ballot": result.proposals_on_ballot,
            "chosen_count": len(result.chosen),
        }
        rows.extend(
            [
                {**base, "cause_id": cause_id, "cause_title": title, "votes": votes}
                for cause_id, title, votes in result.chosen
            ]
            or [base]
        )
    return rows


def feed_entries(causes: list[PublicCause]) -> list[tuple[PublicCause, PublicUpdate]]:
    """The newest updates of the public causes, newest first."""
    entries = [(cause, update) for cause in causes for update in cause.updates]
    entries.sort(key=lambda entry: (entry[1].happened_on, _iso(entry[1].created_at) or ""), reverse=True)
    return entries[:FEED_SIZE]
