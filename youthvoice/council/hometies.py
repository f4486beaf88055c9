"""Ties to my home municipality (issue 19.3): a young person placed outside her home municipality keeps it as hers.

Her home municipality (chosen by herself from the municipalities on the installation, or recorded by her caseworker
or the admin; by default where she lives); news and opportunities its youth-council coordinator posts for its young
people wherever they live; and "I would like to help": what she could offer others, in her words, sealed with her
key, shown only to whom she chooses (sharing/access.py: her professionals, or a coordinator of her home
municipality). Being a resource, not a case.
"""

from __future__ import annotations

import uuid
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from youthvoice.core.db import parse_id
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.council.models import HelpOffer, HomeNews, HomeNewsKind
from youthvoice.identity.models import Municipality, Role, User
from youthvoice.sharing import access, sharing
from youthvoice.sharing.models import ShareScope

OFFER_LIMIT = 1000
TITLE_LIMIT = 120
TEXT_LIMIT = 600
LINK_LIMIT = 300
NEWS_ON_PAGE = 30

KIND_LABELS: dict[str, object] = {
    HomeNewsKind.COUNCIL: _l("Youth council"),
    HomeNewsKind.JOB: _l("Job for young people"),
    HomeNewsKind.EVENT: _l("Event"),
}
KINDS = tuple(kind.value for kind in HomeNewsKind)


# --- my home municipality ----------------------------------------------------------------------------------------


def municipalities(db: Session) -> list[Municipality]:
    """The municipalities on this installation, to choose a home municipality from."""
    return list(db.exec(select(Municipality).order_by(col(Municipality.name))))


def home_of(db: Session, young_person: User) -> Municipality:
    """Her home municipality (where she lives, unless another was chosen)."""
    home = db.get(Municipality, access.home_municipality_id(young_person))
    if home is None:
        raise NotFound
    return home


def lives_elsewhere(young_person: User) -> bool:
    """Whether she is placed outside her home municipality."""
    return access.home_municipality_id(young_person) != young_person.municipality_id


def set_home(db: Session, *, young_person: User, municipality_id: object) -> Municipality:
    """Record her home municipality (one of those on the installation). Who may do it is the view's `access` check
    (herself, her caseworker, the admin). A coordinator who may no longer be shown her offer stops seeing it."""
    if young_person.role != Role.YOUNG_PERSON:
        raise NotFound
    try:
        wanted = int(str(municipality_id))
    except ValueError:
        wanted = 0
    home = db.get(Municipality, wanted) if wanted > 0 else None
    if home is None:
        raise InvalidInput(str(_l("Choose one of the municipalities.")), field="municipality")
    young_person.home_municipality_id = None if home.id == young_person.municipality_id else home.id
    db.add(young_person)
    db.flush()
    for share in sharing.scope_shares(db, owner=young_person, scope=ShareScope.HELP_OFFER):
        grantee = db.get(User, share.grantee_id)
        if grantee is None or not access.may_receive_offer(db, young_person, grantee):
            share.withdrawn_at = utcnow()
            db.add(share)
    db.flush()
    return home


# --- news and opportunities from the home municipality's coordinator -------------------------------------------


def news_of(db: Session, municipality_id: int) -> list[HomeNews]:
    """A municipality's news for its young people, newest first (dated ones by their date)."""
    return list(db.exec(
        select(HomeNews).where(HomeNews.municipality_id == municipality_id)
        .order_by(col(HomeNews.created_at).desc()).limit(NEWS_ON_PAGE)
    ))


def _coordinator(actor: User) -> None:
    if not (actor.is_active and actor.role == Role.PROFESSIONAL and actor.is_coordinator):
        raise NotFound


def own_news(db: Session, actor: User, news_id: object) -> HomeNews:
    """A piece of news of the coordinator's own municipality, or NotFound."""
    _coordinator(actor)
    wanted = parse_id(news_id)
    news = db.get(HomeNews, wanted) if wanted is not None else None
    if news is None or news.municipality_id != actor.municipality_id:
        raise NotFound
    return news


def _clean(value: str | None, limit: int, field: str) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=limit)), field=field)
    return text


def _fill(news: HomeNews, fields: dict[str, str | None]) -> None:
    title = _clean(fields.get("title"), TITLE_LIMIT, "title")
    if not title:
        raise InvalidInput(str(_l("Please write a title.")), field="title")
    kind = fields.get("kind") or HomeNewsKind.COUNCIL
    if kind not in KINDS:
        raise InvalidInput(str(_l("Choose what it is about.")), field="kind")
    link = _clean(fields.get("link"), LINK_LIMIT, "link") or None
    if link and not link.startswith(("https://", "http://")):
        raise InvalidInput(str(_l("A link starts with https://")), field="link")
    raw_day = (fields.get("day") or "").strip()
    try:
        day = date.fromisoformat(raw_day) if raw_day else None
    except ValueError:
        raise InvalidInput(str(_l("Please give a date like 2027-03-01.")), field="day") from None
    news.title, news.kind, news.link, news.day = title, kind, link, day
    news.text = _clean(fields.get("text"), TEXT_LIMIT, "text")
    news.updated_at = utcnow()


def post_news(db: Session, *, actor: User, fields: dict[str, str | None]) -> HomeNews:
    """The coordinator posts news or an opportunity for the municipality's young people, wherever they live."""
    _coordinator(actor)
    news = HomeNews(municipality_id=actor.municipality_id, author_id=actor.id, title="")
    _fill(news, fields)
    db.add(news)
    db.flush()
    return news


def edit_news(db: Session, *, news: HomeNews, fields: dict[str, str | None]) -> HomeNews:
    _fill(news, fields)
    db.add(news)
    db.flush()
    return news


def remove_news(db: Session, *, news: HomeNews) -> None:
    db.delete(news)
    db.flush()


# --- "I would like to help" ------------------------------------------------------------------------------------


def offer_of(db: Session, owner_id: uuid.UUID) -> HelpOffer | None:
    return db.exec(select(HelpOffer).where(HelpOffer.owner_id == owner_id)).first()


def save_offer(db: Session, *, owner: User, text: str | None) -> HelpOffer:
    """What I could offer others, in my words (kept as I wrote them, up to the limit)."""
    if owner.role != Role.YOUNG_PERSON:
        raise NotFound
    words = (text or "").strip()
    if not words:
        raise InvalidInput(str(_l("Please write something first.")), field="text")
    if len(words) > OFFER_LIMIT:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=OFFER_LIMIT)), field="text")
    offer = offer_of(db, owner.id) or HelpOffer(municipality_id=owner.municipality_id, owner_id=owner.id)
    offer.text = words
    offer.updated_at = utcnow()
    db.add(offer)
    db.flush()
    return offer


def remove_offer(db: Session, *, owner: User) -> None:
    """Take my offer away; nobody is shown it any more."""
    offer = offer_of(db, owner.id)
    if offer is None:
        raise NotFound
    sharing.withdraw_scope(db, owner=owner, scope=ShareScope.HELP_OFFER)
    db.delete(offer)
    db.flush()


# --- "my data" -------------------------------------------------------------------------------------------------

EXPORT_WORDS = {
    "title": _l("Your home municipality"),
    "fields": {"home_municipality": _l("Home municipality"), "offer": _l("What I could offer others"),
               "changed": _l("Last changed")},
}


def export_home_ties(db: Session, person: User) -> dict[str, object]:
    """For "my data": my home municipality (if I chose one) and my offer of help, as I wrote it."""
    found: dict[str, object] = {}
    if person.home_municipality_id is not None:
        home = db.get(Municipality, person.home_municipality_id)
        found["home_municipality"] = home.name if home else None
    offer = offer_of(db, person.id)
    if offer is not None:
        found.update({"offer": offer.text, "changed": offer.updated_at.isoformat()})
    return found
