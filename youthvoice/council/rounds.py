"""Voting rounds: the coordinator opens one with start and end dates and a number of votes per member; members
spread their votes over the proposals, once and in secret; when the round ends the result chooses the term's
mærkesager.

Secrecy: a Ballot row says only *that* a member voted (its unique round/member pair makes a second vote
impossible, even for two requests at the same moment). What the ballot said is only added to each cause's
running total on its RoundEntry; no row records which ballot gave which votes, so no page, no coordinator
and no export can show who voted for what. (Someone with direct access to the database server could at most
see which transaction last changed a total; the app never reads that.)

No result below a minimum of voters: with one voter the totals *are* that member's ballot, and with two each
voter can subtract their own. So a round has a result only if at least `min_voters` members voted (the
COUNCIL_MIN_VOTERS setting, fixed on the round when it opens). `outcome()` is the one place that decides what a
round shows, and `result_of()` (the only way to read the totals) asks it: never while the round is open or
coming, never before it is counted, never below the minimum. A round that ends with too few voters chooses
nothing, its proposals go back to being discussed, and its totals are wiped, so no later page, setting or
export can show them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select, update

from youthvoice.core.errors import InvalidInput
from youthvoice.council.models import Ballot, Cause, CauseStatus, Council, RoundEntry, Term, VotingRound
from youthvoice.council.rules import (
    active_member_ids,
    is_coordinator,
    is_member,
    local_midnight,
    local_today,
    require,
    term_is_open,
)
from youthvoice.identity.models import User
from youthvoice.notify import notifications

MAX_VOTES = 20
MAX_CHOOSE = 10
ELIGIBLE = (CauseStatus.SUBMITTED, CauseStatus.DISCUSSING, CauseStatus.NOT_CHOSEN)

UPCOMING, OPEN, CLOSED = "upcoming", "open", "closed"
# What a round shows once it is closed: being counted, its result, or no result because too few voted.
COUNTING, RESULT, TOO_FEW = "counting", "result", "too_few"


def state(voting_round: VotingRound, now: datetime) -> str:
    """Upcoming before its start, open until its end, closed after (or once counted, if it was ended early)."""
    if voting_round.settled_at is not None:
        return CLOSED
    if now < voting_round.starts_at:
        return UPCOMING
    if now < voting_round.ends_at and voting_round.settled_at is None:
        return OPEN
    return CLOSED


def last_day(voting_round: VotingRound) -> date:
    """The last Danish date on which the round is open."""
    return local_today(voting_round.ends_at - timedelta(microseconds=1))


def ended_early_on(voting_round: VotingRound) -> date | None:
    """The Danish date the coordinator ended the round, if before its planned end (the period itself is kept)."""
    if voting_round.settled_at is None or voting_round.settled_at >= voting_round.ends_at:
        return None
    return local_today(voting_round.settled_at)


def unsettled_round(db: Session, term: Term) -> VotingRound | None:
    """The round that is coming up, going on, or waiting to be counted (at most one per term)."""
    return db.exec(select(VotingRound).where(VotingRound.term_id == term.id,
                                             col(VotingRound.settled_at).is_(None))).first()


def eligible_causes(db: Session, term: Term) -> list[Cause]:
    """Proposals that can go on a ballot: submitted, being discussed, or not chosen in an earlier round."""
    return list(db.exec(select(Cause).where(Cause.term_id == term.id, col(Cause.status).in_(ELIGIBLE))
                        .order_by(col(Cause.title))))


def _number(value: object, low: int, high: int, field: str) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        number = low - 1
    if not low <= number <= high:
        raise InvalidInput(_l("Please choose a number from %(low)d to %(high)d.", low=low, high=high),
                           field=field)
    return number


def open_round(db: Session, *, actor: User, term: Term, starts_on: date | None, ends_on: date | None,
               votes_per_member: object, choose_count: object, cause_ids: list[str], min_voters: int,
               now: datetime) -> VotingRound:
    """The coordinator opens a vote between proposals of the term; members are told.

    `min_voters` (the COUNCIL_MIN_VOTERS setting) is fixed on the round: the rule members vote under."""
    today = local_today(now)
    require(is_coordinator(actor) and term_is_open(term, today) and term.municipality_id == actor.municipality_id)
    if unsettled_round(db, term) is not None:
        raise InvalidInput(_l("Another vote is still going on. End it first."), field="starts_on")
    if starts_on is None:
        raise InvalidInput(_l("Please fill this in."), field="starts_on")
    if ends_on is None:
        raise InvalidInput(_l("Please fill this in."), field="ends_on")
    if starts_on < today:
        raise InvalidInput(_l("The vote cannot start in the past."), field="starts_on")
    if ends_on < starts_on:
        raise InvalidInput(_l("The last day cannot be before the first day."), field="ends_on")
    if ends_on > term.ends_on:
        raise InvalidInput(_l("The vote must end before the term does."), field="ends_on")
    votes = _number(votes_per_member, 1, MAX_VOTES, "votes_per_member")
    choose = _number(choose_count, 1, MAX_CHOOSE, "choose_count")
    eligible = {str(c.id): c for c in eligible_causes(db, term)}
    chosen = [eligible[i] for i in dict.fromkeys(cause_ids) if i in eligible]
    if len(chosen) < 2:
        raise InvalidInput(_l("Please choose at least two proposals."), field="causes")
    if choose > len(chosen):
        raise InvalidInput(_l("The vote cannot choose more causes than there are on the ballot."),
                           field="choose_count")
    voting_round = VotingRound(municipality_id=term.municipality_id, term_id=term.id, created_by_id=actor.id,
                               starts_at=local_midnight(starts_on), ends_at=local_midnight(ends_on + timedelta(days=1)),
                               votes_per_member=votes, choose_count=choose, min_voters=max(1, int(min_voters)))
    db.add(voting_round)
    db.flush()
    for cause in chosen:
        db.add(RoundEntry(municipality_id=term.municipality_id, round_id=voting_round.id, cause_id=cause.id))
        cause.status = CauseStatus.VOTING
        db.add(cause)
    council = db.get(Council, term.council_id)
    assert council is not None
    for member_id in active_member_ids(db, council):
        notifications.notify(db, user=member_id, kind="council_round", link=f"/council/rounds/{voting_round.id}")
    db.flush()
    return voting_round


def ballot_of(db: Session, voting_round: VotingRound) -> list[Cause]:
    """The proposals on the round's ballot."""
    return list(db.exec(select(Cause).join(RoundEntry, col(RoundEntry.cause_id) == Cause.id)
                        .where(RoundEntry.round_id == voting_round.id).order_by(col(Cause.title))))


def has_voted(db: Session, voting_round: VotingRound, actor: User) -> bool:
    """Whether the member has cast a ballot in the round (never what it said)."""
    return db.exec(select(Ballot.id).where(Ballot.round_id == voting_round.id, Ballot.voter_id == actor.id)).first() \
        is not None


def _locked(db: Session, voting_round: VotingRound, *, shared: bool) -> VotingRound:
    """Re-read the round under a row lock (PostgreSQL; SQLite writers are serialised already)."""
    db.refresh(voting_round, with_for_update={"read": shared})
    return voting_round


def cast_ballot(db: Session, *, actor: User, voting_round: VotingRound, votes: dict[str, object],
                now: datetime) -> None:
    """A member's votes, spread over the ballot within the round's budget, cast once and kept secret."""
    require(is_member(actor) and voting_round.municipality_id == actor.municipality_id)
    voting_round = _locked(db, voting_round, shared=True)  # ending the round waits for ballots being cast
    current = state(voting_round, now)
    if current == UPCOMING:
        raise InvalidInput(_l("This vote has not started yet."), field="votes")
    if current == CLOSED:
        raise InvalidInput(_l("This vote has ended."), field="votes")
    if has_voted(db, voting_round, actor):
        raise InvalidInput(_l("You have already voted in this round."), field="votes")
    on_ballot = {str(c.id): c.id for c in ballot_of(db, voting_round)}
    counts: dict[uuid.UUID, int] = {}
    for key, value in votes.items():
        if key not in on_ballot:
            raise InvalidInput(_l("That proposal is not part of this vote."), field="votes")
        raw = str(value if value is not None else "").strip() or "0"
        if not raw.isdigit():
            raise InvalidInput(_l("Votes are whole numbers: 0, 1, 2 and so on."), field="votes")
        counts[on_ballot[key]] = int(raw)
    total = sum(counts.values())
    if total == 0:
        raise InvalidInput(_l("Give at least one vote."), field="votes")
    if total > voting_round.votes_per_member:
        raise InvalidInput(_l("You gave more votes than you have."), field="votes")
    try:
        with db.begin_nested():  # the unique (round, voter) pair: of two ballots at once, one gets through
            db.add(Ballot(municipality_id=voting_round.municipality_id, round_id=voting_round.id,
                          voter_id=actor.id))
            db.flush()
    except IntegrityError:
        raise InvalidInput(_l("You have already voted in this round."), field="votes") from None
    for cause_id, count in counts.items():
        if count:  # an atomic increment: ballots cast at the same time all count
            db.exec(update(RoundEntry)
                    .where(col(RoundEntry.round_id) == voting_round.id, col(RoundEntry.cause_id) == cause_id)
                    .values(votes=col(RoundEntry.votes) + count))


# --- ending and counting -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    cause: Cause
    votes: int
    chosen: bool
    percent: int  # of the most votes any cause got, for the bar picture


def voter_count(db: Session, voting_round: VotingRound) -> int:
    """How many members have voted in the round (never who)."""
    return db.exec(select(func.count()).select_from(Ballot).where(Ballot.round_id == voting_round.id)).one()


def enough_voters(voting_round: VotingRound, voters: int) -> bool:
    """The minimum: fewer voters than the round's min_voters means no result, since it could show a ballot."""
    return voters >= max(1, voting_round.min_voters)


def outcome(db: Session, voting_round: VotingRound, now: datetime, *, voters: int | None = None) -> str:
    """What the round may show: UPCOMING, OPEN, COUNTING, RESULT, or TOO_FEW. The one rule every page asks.

    Only RESULT lets anyone see votes per proposal (or the order they put the proposals in)."""
    current = state(voting_round, now)
    if current != CLOSED:
        return current
    if voting_round.settled_at is None:
        return COUNTING
    return RESULT if enough_voters(voting_round, voter_count(db, voting_round) if voters is None else voters) \
        else TOO_FEW


def _tally(db: Session, voting_round: VotingRound) -> list[ResultRow]:
    """Votes per cause, most first, in one query: for counting, and for result_of alone."""
    rows = db.exec(
        select(Cause, RoundEntry.chosen, RoundEntry.votes).join(RoundEntry, col(RoundEntry.cause_id) == Cause.id)
        .where(RoundEntry.round_id == voting_round.id)
    ).all()
    top = max((int(votes) for _c, _chosen, votes in rows), default=0) or 1
    ordered = sorted(rows, key=lambda row: (-int(row[2]), row[0].title))
    return [ResultRow(cause, int(votes), chosen, round(100 * int(votes) / top)) for cause, chosen, votes in ordered]


def result_of(db: Session, voting_round: VotingRound, now: datetime) -> list[ResultRow] | None:
    """The result (votes per cause, most first), or None when outcome() says the round may not show one."""
    if outcome(db, voting_round, now) != RESULT:
        return None
    return _tally(db, voting_round)


def rounds_with_outcomes(db: Session, term: Term, now: datetime) -> list[tuple[VotingRound, str]]:
    """A term's voting rounds, newest first, each with its outcome(), in one query."""
    voters = (select(func.count(col(Ballot.id))).where(Ballot.round_id == VotingRound.id)
              .correlate(VotingRound).scalar_subquery())
    rows = db.exec(select(VotingRound, voters).where(VotingRound.term_id == term.id)
                   .order_by(col(VotingRound.starts_at).desc())).all()
    return [(voting_round, outcome(db, voting_round, now, voters=int(count))) for voting_round, count in rows]


def turnout(db: Session, voting_round: VotingRound, council: Council) -> tuple[int, int]:
    """How many members have voted, of how many (never who)."""
    return voter_count(db, voting_round), len(active_member_ids(db, council))


def _winners(rows: list[ResultRow], choose_count: int) -> set[uuid.UUID]:
    """The causes with the most votes; a tie at the last place chooses every tied cause. No votes, no choice."""
    with_votes = [row for row in rows if row.votes > 0]
    if len(with_votes) <= choose_count:
        return {row.cause.id for row in with_votes}
    cut = with_votes[choose_count - 1].votes
    return {row.cause.id for row in with_votes if row.votes >= cut}


def settle(db: Session, *, voting_round_id: uuid.UUID, now: datetime, early: bool = False) -> bool:
    """Count an ended round once: the winners become mærkesager, the others are not chosen; members are told.

    With fewer voters than the round's minimum there is no result: nothing is chosen, the proposals go back to
    being discussed (so they can go on a new ballot), and the totals are wiped. `early`: the coordinator ends it
    before its planned end, which stays as it was planned (settled_at says when it ended)."""
    claim = update(VotingRound).where(col(VotingRound.id) == voting_round_id, col(VotingRound.settled_at).is_(None))
    if not early:
        claim = claim.where(col(VotingRound.ends_at) <= now)
    claimed = db.exec(claim.values(settled_at=now)).rowcount
    if not claimed:
        return False
    voting_round = db.get(VotingRound, voting_round_id)
    assert voting_round is not None
    db.refresh(voting_round)
    counted = enough_voters(voting_round, voter_count(db, voting_round))
    rows = _tally(db, voting_round)
    winners = _winners(rows, voting_round.choose_count) if counted else set()
    entries = db.exec(select(RoundEntry).where(RoundEntry.round_id == voting_round.id)).all()
    for entry in entries:
        entry.chosen = entry.cause_id in winners
        if not counted:
            entry.votes = 0  # a result nobody may see is not kept either
        db.add(entry)
    for row in rows:
        if row.cause.status == CauseStatus.VOTING:
            if not counted:
                row.cause.status = CauseStatus.DISCUSSING
            else:
                row.cause.status = CauseStatus.CHOSEN if row.cause.id in winners else CauseStatus.NOT_CHOSEN
            row.cause.last_activity_at = now
            db.add(row.cause)
    term = db.get(Term, voting_round.term_id)
    council = db.get(Council, term.council_id) if term else None
    kind = "council_result" if counted else "council_no_result"
    for member_id in active_member_ids(db, council) if council else []:
        notifications.notify(db, user=member_id, kind=kind, link=f"/council/rounds/{voting_round.id}")
    db.flush()
    return True


def due_round_ids(db: Session, municipality_id: int, now: datetime) -> list[uuid.UUID]:
    """Rounds of the municipality that have ended but are not counted yet."""
    return list(db.exec(_due_rounds_query(), params={"municipality_id": municipality_id, "now": now}))


@cache
def _due_rounds_query() -> Any:
    # Built once, run with parameters: every council page asks before it is shown.
    return select(VotingRound.id).where(VotingRound.municipality_id == bindparam("municipality_id"),
                                        col(VotingRound.settled_at).is_(None),
                                        col(VotingRound.ends_at) <= bindparam("now"))


def settle_due(db: Session, *, municipality_id: int, now: datetime) -> int:
    """Count every ended round of the municipality; returns how many were counted now."""
    return sum(settle(db, voting_round_id=round_id, now=now) for round_id in due_round_ids(db, municipality_id, now))


def end_now(db: Session, *, actor: User, voting_round: VotingRound, now: datetime) -> None:
    """The coordinator ends a round early (or one that has not started); it is counted at once. Its planned
    period is kept: pages show it with "ended early on …" beside it."""
    require(is_coordinator(actor) and voting_round.municipality_id == actor.municipality_id)
    voting_round = _locked(db, voting_round, shared=False)
    if voting_round.settled_at is not None:
        return
    settle(db, voting_round_id=voting_round.id, now=now, early=True)
