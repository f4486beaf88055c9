"""The youth council: overview of a term, terms, settings and the proposal list.

Proposals and causes are in council_causes.py, votes in council_rounds.py, members in council_members.py and
the public page in council_public.py; this module also holds what they share. Who may see and do what is
decided in youthvoice/council.py; anyone who does not take part gets a 404 (not logged in: the log-in page).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlmodel import Session, func, select

from youthvoice.core.db import get_session, new_session
from youthvoice.core.errors import NotFound
from youthvoice.core.forms import clean_text
from youthvoice.core.model import utcnow
from youthvoice.council import (
    causes as council_causes,
)
from youthvoice.council import (
    follow as council_follow,
)
from youthvoice.council import (
    lists as council_lists,
)
from youthvoice.council import (
    rounds as council_rounds,
)
from youthvoice.council import rules
from youthvoice.council.models import Cause, CauseStatus, Council, Term
from youthvoice.council.views.forms import SettingsForm, SetupForm, TermForm
from youthvoice.identity.models import Municipality
from youthvoice.web.view_helpers import form_status, refused_input

bp = Blueprint("council", __name__, url_prefix="/council", template_folder="../templates")


# --- shared by the council blueprints ------------------------------------------------------------------


def today() -> date:
    """Today in Denmark."""
    return rules.local_today()


def settle_due_rounds(municipality_id: int) -> None:
    """Count rounds that have ended since anyone last looked.

    A request that changes something counts them in its own write transaction (on SQLite a second writer
    would wait for it); a page that only reads counts them in a short transaction of their own.
    """
    db = get_session()
    if not council_rounds.due_round_ids(db, municipality_id, utcnow()):
        return
    if db.info.get("write"):
        council_rounds.settle_due(db, municipality_id=municipality_id, now=utcnow())
        return
    with new_session() as writer:
        council_rounds.settle_due(writer, municipality_id=municipality_id, now=utcnow())
        writer.commit()  # kept although the request is not over: a page that only reads counts in its own transaction
    db.rollback()  # end this request's snapshot, so it reads the counted result


def before_council_request() -> None:
    """Before every council page: count votes that have ended."""
    if current_user.is_authenticated and rules.takes_part(current_user):
        settle_due_rounds(current_user.municipality_id)


def term_or_current(db: Session, council: Council, term_id: str | None) -> Term | None:
    """The term named in the URL, or the current one."""
    if term_id:
        return rules.term_for(db, current_user, term_id)
    return rules.current_term(db, council, today())


bp.before_request(before_council_request)


# --- overview and terms --------------------------------------------------------------------------------


def _term_page(db: Session, council: Council, term: Term | None) -> Any:
    context: dict[str, Any] = {"council": council, "term": term, "terms": rules.terms_of(db, council),
                               "today": today(), "is_coordinator": rules.is_coordinator(current_user),
                               "is_member": rules.is_member(current_user)}
    if term is not None:
        voting_round = council_rounds.unsettled_round(db, term)
        context.update(
            chosen=council_lists.chosen_causes(db, term),
            drafts=council_causes.drafts_of(db, current_user, term) if context["is_member"] else [],
            proposal_count=db.exec(select(func.count()).select_from(Cause).where(
                Cause.term_id == term.id, Cause.status != CauseStatus.DRAFT)).one(),
            open_term=rules.term_is_open(term, today()),
            voting_round=voting_round,
            round_state=council_rounds.state(voting_round, utcnow()) if voting_round else None,
            has_voted=council_rounds.has_voted(db, voting_round, current_user) if voting_round else False,
            rounds=council_rounds.rounds_with_outcomes(db, term, utcnow()),
            is_overdue=council_follow.is_overdue,
            last_day=council_rounds.last_day,
            ended_early_on=council_rounds.ended_early_on,
            waiting=(council_lists.waiting_for_coordinator(db, term, today())
                     if context["is_coordinator"] else None),
        )
    return render_template("council/overview.html", **context)


@bp.get("/")
@login_required
def overview() -> Any:
    """The council's current term: its mærkesager, the vote going on, and the member's own drafts."""
    db = get_session()
    council = rules.council_or_none(db, current_user)
    if council is None:
        if rules.is_coordinator(current_user):
            return render_template("council/setup.html", form=SetupForm())
        return render_template("council/not_started.html")
    return _term_page(db, council, rules.current_term(db, council, today()))


@bp.post("/setup")
@login_required
def setup() -> Any:
    """The coordinator sets up the council with its first term."""
    db = get_session()
    rules.require_coordinator(current_user)
    if rules.council_or_none(db, current_user) is not None:
        return redirect(url_for("council.overview"))
    form = SetupForm()
    if form.validate_on_submit():
        with refused_input(form):
            rules.create_council(db, actor=current_user, name=clean_text(form.name.data),
                                 term_name=clean_text(form.term_name.data), starts_on=form.starts_on.data,
                                 ends_on=form.ends_on.data)
            flash(_("The youth council is ready. Invite its members."), "success")
            return redirect(url_for("council.overview"))
    return render_template("council/setup.html", form=form), 400


@bp.get("/terms/<term_id>")
@login_required
def term(term_id: str) -> Any:
    """A term, current or past (past terms stay readable)."""
    db = get_session()
    council = rules.council_for(db, current_user)
    return _term_page(db, council, rules.term_for(db, current_user, term_id))


@bp.route("/terms", methods=["GET", "POST"])
@login_required
def terms() -> Any:
    """Every term of the council; the coordinator adds the next one."""
    db = get_session()
    council = rules.council_for(db, current_user)
    form = TermForm()
    if request.method == "POST":
        rules.require_coordinator(current_user)
        if form.validate_on_submit():
            with refused_input(form):
                rules.add_term(db, actor=current_user, council=council, name=clean_text(form.name.data),
                               starts_on=form.starts_on.data, ends_on=form.ends_on.data)
                flash(_("The new term is added."), "success")
                return redirect(url_for("council.terms"))
    page = render_template("council/terms.html", council=council, terms=rules.terms_of(db, council), form=form,
                           today=today(), is_coordinator=rules.is_coordinator(current_user))
    return page, form_status(form)


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings() -> Any:
    """The council's name and its public page."""
    db = get_session()
    council = rules.council_for(db, current_user)
    rules.require_coordinator(current_user)
    form = SettingsForm(obj=council)
    if form.validate_on_submit():
        with refused_input(form):
            rules.update_settings(db, actor=current_user, council=council, name=clean_text(form.name.data),
                                  public_page=bool(form.public_page.data),
                                  support_threshold=form.support_threshold.data)
            moved = council_causes.discuss_supported(db, council=council, today=today())
            flash(_("Saved."), "success")
            if moved:
                flash(ngettext("%(num)d proposal had enough supports and is discussed now.",
                               "%(num)d proposals had enough supports and are discussed now.", moved), "success")
            return redirect(url_for("council.settings"))
    return render_template("council/settings.html", council=council, form=form,
                           slug=_municipality_slug(db, council)), 400 if form.errors else 200


def _municipality_slug(db: Session, council: Council) -> str:
    municipality = db.get(Municipality, council.municipality_id)
    return municipality.slug if municipality else ""


# --- the proposal list ---------------------------------------------------------------------------------


@bp.get("/causes")
@login_required
def causes() -> Any:
    """The term's proposals and mærkesager: filter by status, search by words, sort, page."""
    db = get_session()
    council = rules.council_for(db, current_user)
    term = term_or_current(db, council, request.args.get("term"))
    if term is None:
        raise NotFound
    status = request.args.get("status", "all")
    sort = request.args.get("sort", "new")
    q = clean_text(request.args.get("q", ""))[:200]
    try:
        page_number = int(request.args.get("page", "1"))
    except ValueError:
        page_number = 1
    page = council_lists.list_causes(db, actor=current_user, term=term, status=status,
                                     sort=sort if sort in council_lists.SORTS else "new", q=q, page=page_number,
                                     today=today())
    status_options = [("all", _("Everything")), ("proposals", _("Open proposals")), ("chosen", _("Mærkesager")),
                      *((s.value, council_causes.STATUS_LABELS[s]) for s in CauseStatus if s != CauseStatus.DRAFT)]
    sort_options = [("new", _("Newest")), ("support", _("Most support")), ("active", _("Latest activity"))]
    return render_template("council/causes.html", council=council, term=term, page=page, status=status, sort=sort,
                           q=q, status_options=status_options, sort_options=sort_options,
                           is_member=rules.is_member(current_user),
                           open_term=rules.term_is_open(term, today()))
