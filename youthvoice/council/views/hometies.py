"""Ties to my home municipality (issue 19.3): her home page, choosing it, "I would like to help", the coordinator's
news page, and a caseworker or the admin recording a young person's home municipality."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import select

from youthvoice.core.db import get_session
from youthvoice.core.errors import NotFound
from youthvoice.core.forms import clean_text
from youthvoice.council import hometies, rules
from youthvoice.council import lists as council_lists
from youthvoice.council.models import Council, HomeNews
from youthvoice.identity.models import Role, User
from youthvoice.sharing import access, sharing
from youthvoice.sharing.models import ShareScope
from youthvoice.web.view_helpers import confirmed, created, idempotent, refused_input, role_required

bp = Blueprint("hometies", __name__, url_prefix="/home-municipality", template_folder="../templates")

NEWS_FIELDS = ("kind", "title", "text", "link", "day")


def _public_causes(db: Any, municipality_id: int) -> tuple[Council | None, list[council_lists.PublicCause]]:
    """The home municipality's youth council's public causes of the running term (only if it has a public page)."""
    council = db.exec(select(Council).where(Council.municipality_id == municipality_id)).first()
    if council is None or not council.public_page:
        return None, []
    today = rules.local_today()
    term = rules.current_term(db, council, today)
    if term is None or term.starts_on > today:
        return council, []
    return council, council_lists.public_causes(db, council, term, today)


@bp.get("/")
@role_required(Role.YOUNG_PERSON)
def index() -> Any:
    """My home municipality: its news and opportunities, its youth council's causes, and my offer of help."""
    db = get_session()
    home = hometies.home_of(db, current_user)
    council, causes = _public_causes(db, home.id or 0)
    offer = hometies.offer_of(db, current_user.id)
    return render_template(
        "hometies/index.html",
        home=home,
        elsewhere=hometies.lives_elsewhere(current_user),
        news=hometies.news_of(db, home.id or 0),
        council=council,
        causes=causes,
        offer=offer,
        shown_to=len(sharing.scope_shares(db, owner=current_user, scope=ShareScope.HELP_OFFER)),
    )


def _choose_page(person: User, back: str, error: str | None = None, status: int = 200) -> Any:
    db = get_session()
    return render_template(
        "hometies/choose.html",
        person=person,
        own=person.id == current_user.id,
        back=back,
        municipalities=hometies.municipalities(db),
        current=access.home_municipality_id(person),
        error=error,
    ), status


def _save_home(person: User, back: str) -> Any:
    with refused_input() as refused:
        home = hometies.set_home(get_session(), young_person=person, municipality_id=request.form.get("municipality"))
        flash(_("Home municipality saved: %(name)s.", name=home.name), "success")
        return redirect(back)
    return _choose_page(person, back, refused.message, 400)


@bp.route("/choose", methods=["GET", "POST"])
@role_required(Role.YOUNG_PERSON)
def choose() -> Any:
    """Choose my home municipality from the municipalities on the installation."""
    back = url_for("hometies.index")
    if request.method == "POST":
        return _save_home(current_user, back)
    return _choose_page(current_user, back)


@bp.route("/person/<person_id>", methods=["GET", "POST"])
@login_required
def set_for(person_id: str) -> Any:
    """A caseworker of hers, or the admin, records a young person's home municipality."""
    db = get_session()
    person = access.person_for(db, current_user, person_id)
    if person.role != Role.YOUNG_PERSON or not (current_user.is_admin or current_user.is_professional) \
            or person.id == current_user.id:
        raise NotFound
    back = url_for("admin.person" if current_user.is_admin else "people.person", person_id=person.id)
    if request.method == "POST":
        return _save_home(person, back)
    return _choose_page(person, back)


# --- "I would like to help" --------------------------------------------------------------------------------------


def _offer_page(text: str | None, error: str | None = None, status: int = 200) -> Any:
    db = get_session()
    offer = hometies.offer_of(db, current_user.id)
    return render_template(
        "hometies/offer.html",
        offer=offer,
        text=text if text is not None else (offer.text if offer else ""),
        error=error,
        people=access.offer_recipients(db, current_user),
        current=sharing.scope_grantee_ids(db, owner=current_user, scope=ShareScope.HELP_OFFER),
        home_id=access.home_municipality_id(current_user),
        limit=hometies.OFFER_LIMIT,
    ), status


@bp.route("/offer", methods=["GET", "POST"])
@role_required(Role.YOUNG_PERSON)
def offer() -> Any:
    """What I could offer others, in my words, and whom I show it to."""
    if request.method == "GET":
        return _offer_page(None)
    text = clean_text(request.form.get("text"))
    with refused_input() as refused:
        hometies.save_offer(get_session(), owner=current_user, text=text)
        flash(_("Your offer is saved. Only the people you choose can see it."), "success")
        return redirect(url_for("hometies.offer") + "#offer-share")
    return _offer_page(text, refused.message, 400)


@bp.post("/offer/share")
@role_required(Role.YOUNG_PERSON)
def offer_share() -> Any:
    """From now on exactly the chosen ones see my offer (none chosen: nobody)."""
    db = get_session()
    if hometies.offer_of(db, current_user.id) is None:
        flash(_("Write your offer first."), "error")
        return redirect(url_for("hometies.offer"))
    sharing.share_scope_with(db, owner=current_user, people=access.offer_recipients(db, current_user),
                             scope=ShareScope.HELP_OFFER, chosen=set(request.form.getlist("share")))
    flash(_("Saved. Changes count from right now."), "success")
    return redirect(url_for("hometies.index"))


@bp.post("/offer/remove")
@role_required(Role.YOUNG_PERSON)
def offer_remove() -> Any:
    """Take my offer away (after "Yes, remove"); nobody sees it any more."""
    if confirmed():
        hometies.remove_offer(get_session(), owner=current_user)
        flash(_("Your offer is gone."), "success")
    return redirect(url_for("hometies.index"))


@bp.get("/offers/<young_id>")
@login_required
def offer_of(young_id: str) -> Any:
    """A young person's offer of help, as someone she shows it to sees it (every view is logged)."""
    db = get_session()
    seen = access.offer_for(db, current_user, young_id)
    if seen.is_owner:
        return redirect(url_for("hometies.offer"))
    found = hometies.offer_of(db, seen.owner.id)
    if found is None:
        raise NotFound
    return render_template("hometies/offer_of.html", owner=seen.owner, offer=found)


# --- the coordinator's page: news and opportunities, and who would like to help ------------------------------------


def _coordinator_page(fields: dict[str, str] | None = None, error: str | None = None, status: int = 200) -> Any:
    db = get_session()
    if not current_user.is_coordinator:
        raise NotFound
    offers = []
    for owner in access.offers_shown_to(db, current_user):
        access.offer_for(db, current_user, owner.id)  # logged before it is shown
        found = hometies.offer_of(db, owner.id)
        if found is not None:
            offers.append((owner, found))
    return render_template(
        "hometies/coordinator.html",
        news=hometies.news_of(db, current_user.municipality_id),
        offers=offers,
        fields=fields or {},
        error=error,
        kinds=hometies.KIND_LABELS,
    ), status


@bp.get("/coordinator")
@role_required(Role.PROFESSIONAL)
def coordinator() -> Any:
    """The coordinator's page: post news for the municipality's young people, wherever they live; see offers."""
    return _coordinator_page()


def _fields() -> dict[str, str]:
    return {name: clean_text(request.form.get(name)) for name in NEWS_FIELDS}


@bp.post("/coordinator/news")
@role_required(Role.PROFESSIONAL)
@idempotent(lambda _record: redirect(url_for("hometies.coordinator")))
def news_new() -> Any:
    """Post news or an opportunity."""
    fields = _fields()
    with refused_input() as refused:
        news = hometies.post_news(get_session(), actor=current_user, fields=dict(fields))
        created(news.id)
        flash(_("Posted. Young people from your municipality can see it now."), "success")
        return redirect(url_for("hometies.coordinator"))
    return _coordinator_page(fields, refused.message, 400)


def _edit_page(news: HomeNews, fields: dict[str, str], error: str | None = None, status: int = 200) -> Any:
    return render_template("hometies/news_edit.html", news=news, fields=fields, error=error,
                           kinds=hometies.KIND_LABELS), status


@bp.route("/coordinator/news/<news_id>", methods=["GET", "POST"])
@role_required(Role.PROFESSIONAL)
def news_edit(news_id: str) -> Any:
    """Change a piece of news."""
    db = get_session()
    news = hometies.own_news(db, current_user, news_id)
    if request.method == "GET":
        return _edit_page(news, {"kind": news.kind, "title": news.title, "text": news.text, "link": news.link or "",
                                 "day": news.day.isoformat() if news.day else ""})
    fields = _fields()
    with refused_input() as refused:
        hometies.edit_news(db, news=news, fields=dict(fields))
        flash(_("Saved."), "success")
        return redirect(url_for("hometies.coordinator"))
    return _edit_page(news, fields, refused.message, 400)


@bp.post("/coordinator/news/<news_id>/remove")
@role_required(Role.PROFESSIONAL)
def news_remove(news_id: str) -> Any:
    """Remove a piece of news (after "Yes, remove")."""
    db = get_session()
    news = hometies.own_news(db, current_user, news_id)
    if confirmed():
        hometies.remove_news(db, news=news)
        flash(_("Removed."), "success")
    return redirect(url_for("hometies.coordinator"))
