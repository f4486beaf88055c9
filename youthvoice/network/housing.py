"""My housing wishes (issue 19.2): what kind of home I want when I leave care, where, with whom, what I can afford
and what help I would need.

The kind is a plain code, so the municipality can count what kinds of homes young people want (never below
five young people: admin/statistics.py). Everything else is in the young person's own words, sealed with her key,
shown only to the professionals she shares it with.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import distinct
from sqlmodel import Session, col, func, select

from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.models import AccountStatus, Role, User
from youthvoice.network.models import HousingKind, HousingWish

TEXT_LIMIT = 500

KIND_LABELS: dict[str, str] = {
    HousingKind.OWN_FLAT: _l("My own flat"),
    HousingKind.SHARED_FLAT: _l("A shared flat"),
    HousingKind.YOUTH_HOUSING: _l("Youth housing"),
    HousingKind.TRAINING_FLAT: _l("A training flat"),
    HousingKind.FOSTER_FAMILY: _l("Staying on with my foster family, with continued support"),
    HousingKind.OTHER: _l("Something else"),
}
KINDS = tuple(kind.value for kind in HousingKind)


@dataclass(frozen=True)
class Question:
    """One screen of the guide: a title, a line of help, and the fields it asks for."""

    key: str
    title: object
    intro: object
    fields: tuple[str, ...]  # the model's words (sealed fields) this screen writes, and "kind" for the code


QUESTIONS: tuple[Question, ...] = (
    Question(
        "kind",
        _l("What kind of home do you want?"),
        _l("Choose the one that fits best. You can change it later."),
        ("kind", "kind_other"),
    ),
    Question(
        "where",
        _l("Where do you want to live?"),
        _l("A town or an area, and who you want to live close to."),
        ("town", "near_whom"),
    ),
    Question(
        "with_whom",
        _l("Who do you want to live with?"),
        _l("Alone, with a friend, a partner, a pet… Write it your way."),
        ("with_whom",),
    ),
    Question(
        "money",
        _l("What can you afford?"),
        _l("How much can you pay each month for rent? It is fine not to know yet."),
        ("afford",),
    ),
    Question(
        "help",
        _l("What help would you need?"),
        _l("For example finding a home, moving, paying bills, or someone to call."),
        ("help_needed",),
    ),
)
QUESTION_KEYS = tuple(question.key for question in QUESTIONS)
TEXT_FIELDS = ("kind_other", "town", "near_whom", "with_whom", "afford", "help_needed")
FIELD_LABELS: dict[str, str] = {
    "kind": _l("Kind of home"),
    "kind_other": _l("In my own words"),
    "town": _l("Town or area"),
    "near_whom": _l("Close to"),
    "with_whom": _l("Who I want to live with"),
    "afford": _l("What I can afford"),
    "help_needed": _l("Help I would need"),
}


def question(key: str) -> Question:
    """One screen of the guide by its key; an unknown key is NotFound."""
    found = next((q for q in QUESTIONS if q.key == key), None)
    if found is None:
        raise NotFound
    return found


def neighbours(key: str) -> tuple[str | None, str | None]:
    """The screens before and after this one (None at the ends)."""
    index = QUESTION_KEYS.index(key)
    before = QUESTION_KEYS[index - 1] if index > 0 else None
    after = QUESTION_KEYS[index + 1] if index + 1 < len(QUESTION_KEYS) else None
    return before, after


def wish_of(db: Session, owner: User) -> HousingWish | None:
    """The young person's housing wishes, if they have begun."""
    return db.exec(select(HousingWish).where(HousingWish.owner_id == owner.id)).first()


def _clean(text: str | None, field: str) -> str | None:
    text = " ".join((text or "").split())
    if len(text) > TEXT_LIMIT:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=TEXT_LIMIT)), field=field)
    return text or None


def save_answers(db: Session, *, owner: User, key: str, values: dict[str, str | None]) -> HousingWish:
    """Save what one screen of the guide asks (an empty answer clears it). Every answer may be skipped."""
    screen = question(key)
    wish = wish_of(db, owner) or HousingWish(municipality_id=owner.municipality_id, owner_id=owner.id)
    for field in screen.fields:
        value = values.get(field)
        if field == "kind":
            if value and value not in KINDS:
                raise InvalidInput(str(_l("Choose one of the kinds of home.")), field="kind")
            wish.kind = value or None
        else:
            setattr(wish, field, _clean(value, field))
    if wish.kind != HousingKind.OTHER and "kind" in screen.fields:
        wish.kind_other = None  # words about "something else" go when another kind is chosen
    wish.updated_at = utcnow()
    db.add(wish)
    db.flush()
    return wish


def answers(wish: HousingWish | None) -> dict[str, str | None]:
    """What each field holds (for the summary, the preview and the form's initial values)."""
    if wish is None:
        return dict.fromkeys(("kind", *TEXT_FIELDS))
    return {"kind": wish.kind, **{field: getattr(wish, field) for field in TEXT_FIELDS}}


def is_empty(wish: HousingWish | None) -> bool:
    return wish is None or not any(answers(wish).values())


def remove(db: Session, *, owner: User) -> None:
    """Take away all my housing wishes."""
    wish = wish_of(db, owner)
    if wish is None:
        raise NotFound
    db.delete(wish)
    db.flush()


# --- counted, for the municipality (anonymous: admin/statistics.py hides small groups) -------------------------


def count_by_kind(db: Session, municipality_id: int) -> tuple[dict[str, int], int]:
    """Per kind of home: how many active young people of the municipality wish for it; and how many chose a kind
    at all. Only the code is read, never any words."""
    scope = (
        HousingWish.municipality_id == municipality_id,
        col(HousingWish.kind).is_not(None),
        User.role == Role.YOUNG_PERSON,
        User.status == AccountStatus.ACTIVE,
    )
    rows = db.exec(
        select(HousingWish.kind, func.count(distinct(col(HousingWish.owner_id))))
        .join(User, col(User.id) == HousingWish.owner_id)
        .where(*scope)
        .group_by(HousingWish.kind)
    ).all()
    cells = {str(kind): int(count) for kind, count in rows if kind}
    return cells, sum(cells.values())  # (one wish per young person: the kinds do not overlap)


# --- "my data" -------------------------------------------------------------------------------------------------

EXPORT_WORDS = {
    "title": _l("Your housing wishes"),
    "fields": {**FIELD_LABELS, "changed": _l("Last changed")},
    "codes": {("housing", "kind"): KIND_LABELS},
}


def export_housing(db: Session, person: User) -> dict[str, object]:
    """For "my data": my housing wishes, as I wrote them."""
    wish = wish_of(db, person)
    if wish is None:
        return {}
    return {**answers(wish), "from": wish.created_at.isoformat(), "changed": wish.updated_at.isoformat()}
