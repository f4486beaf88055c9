"""Voting rounds: the coordinator opens and ends them, members vote on their phones, everyone sees the result."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from youthvoice.core.db import get_session
from youthvoice.core.errors import NotFound
from youthvoice.core.model import utcnow
from youthvoice.council import rounds, rules
from youthvoice.council.models import Council, Term, VotingRound
from youthvoice.council.views.council import before_council_request, today
from youthvoice.council.views.forms import RoundForm
from youthvoice.web.view_helpers import form_status, refused_input

bp = Blueprint("council_rounds", __name__, url_prefix="/council/rounds")
bp.before_request(before_council_request)

VOTE_PREFIX = "votes-"


def _term_for_new_round(council: Council) -> Term:
    term = rules.current_term(get_session(), council, today())
    if term is None or not rules.term_is_open(term, today()):
        raise NotFound
    return term


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Any:
    """The coordinator opens a vote: dates, votes per member, how many to choose, and which proposals."""
    db = get_session()
    council = rules.council_for(db, current_user)
    rules.require_coordinator(current_user)
    term = _term_for_new_round(council)
    eligible = rounds.eligible_causes(db, term)
    form = RoundForm()
    form.causes.choices = [(str(c.id), c.title) for c in eligible]
    if request.method == "GET":
        form.starts_on.data = today()
        form.ends_on.data = min(today() + timedelta(days=7), term.ends_on)
        form.causes.data = []  # the coordinator ticks the proposals for the ballot: none is chosen for her
    elif form.validate_on_submit():
        with refused_input(form):
            voting_round = rounds.open_round(db, actor=current_user, term=term, starts_on=form.starts_on.data,
                                             ends_on=form.ends_on.data, votes_per_member=form.votes_per_member.data,
                                             choose_count=form.choose_count.data, cause_ids=form.causes.data or [],
                                             min_voters=_min_voters(), now=utcnow())
            flash(_("The vote is ready. Members have been told."), "success")
            return redirect(url_for("council_rounds.show", round_id=voting_round.id))
    busy = rounds.unsettled_round(db, term)
    return render_template("council/round_new.html", form=form, term=term, busy=busy, eligible=eligible,
                           min_voters=_min_voters(),
                           members=len(rules.active_member_ids(db, council))), form_status(form)


def _min_voters() -> int:
    """The fewest voters a new vote needs for a result (COUNCIL_MIN_VOTERS, at least 1)."""
    return max(1, int(current_app.config["COUNCIL_MIN_VOTERS"]))


def _render(voting_round: VotingRound, *, status: int = 200, typed: dict[str, str] | None = None,
            error: str | None = None) -> Any:
    db = get_session()
    council = rules.council_for(db, current_user)
    now = utcnow()
    term = db.get(Term, voting_round.term_id)
    turnout = rounds.turnout(db, voting_round, council)
    outcome = rounds.outcome(db, voting_round, now, voters=turnout[0])
    results = rounds.result_of(db, voting_round, now)  # None unless the outcome is a result anyone may see
    page = render_template(
        "council/round.html", voting_round=voting_round, state=rounds.state(voting_round, now), outcome=outcome,
        council=council, term=term, last_day=rounds.last_day(voting_round),
        ballot=rounds.ballot_of(db, voting_round) if results is None else [], results=results or [],
        has_voted=rounds.has_voted(db, voting_round, current_user), turnout=turnout,
        is_member=rules.is_member(current_user), is_coordinator=rules.is_coordinator(current_user),
        can_start_new=(outcome == rounds.TOO_FEW and rules.is_coordinator(current_user) and term is not None
                       and rules.term_is_open(term, today()) and rounds.unsettled_round(db, term) is None),
        typed=typed or {}, error=error, prefix=VOTE_PREFIX, start_day=rules.local_today(voting_round.starts_at),
        ended_early=rounds.ended_early_on(voting_round),
    )
    return page, status


@bp.get("/<round_id>")
@login_required
def show(round_id: str) -> Any:
    """A vote: the ballot while it is open; once it has ended, the result (a bar picture and its numbers), or why
    there is none (fewer voters than its minimum)."""
    return _render(rules.round_for(get_session(), current_user, round_id))


@bp.post("/<round_id>/vote")
@login_required
def vote(round_id: str) -> Any:
    """Cast a member's votes, once."""
    db = get_session()
    voting_round = rules.round_for(db, current_user, round_id)
    typed = {key[len(VOTE_PREFIX):]: value for key, value in request.form.items() if key.startswith(VOTE_PREFIX)}
    with refused_input() as refused:
        rounds.cast_ballot(db, actor=current_user, voting_round=voting_round, votes=dict(typed), now=utcnow())
        flash(_("Thank you! Your votes are counted. Nobody can see what you voted."), "success")
        return redirect(url_for("council_rounds.show", round_id=voting_round.id))
    return _render(rules.round_for(db, current_user, round_id), status=400, typed=typed, error=refused.message)


@bp.post("/<round_id>/end")
@login_required
def end(round_id: str) -> Any:
    """The coordinator ends a vote now; the result is counted at once (none if too few have voted)."""
    db = get_session()
    voting_round = rules.round_for(db, current_user, round_id)
    rules.require_coordinator(current_user)
    rounds.end_now(db, actor=current_user, voting_round=voting_round, now=utcnow())
    if rounds.outcome(db, voting_round, utcnow()) == rounds.RESULT:
        flash(_("The vote has ended. Here is the result."), "success")
    else:
        flash(_("The vote has ended. Too few members voted, so there is no result."), "success")
    return redirect(url_for("council_rounds.show", round_id=voting_round.id))
