"""Who may see what: the one place every route asks.

Everything a young person writes is theirs; someone else sees a piece of it only while the young person
shares it with them. Across municipalities nothing is ever visible. A refusal is always NotFound (a 404),
never a 403 that would confirm the thing exists.
"""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from .errors import NotFound
from .models import Link, Role, User


def _parse_id(value: object) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as error:
        raise NotFound from error


def is_linked(db: Session, young_person_id: uuid.UUID, other_id: uuid.UUID) -> bool:
    """Whether `other` is one of the young person's own people right now."""
    return (
        db.exec(
            select(Link.id).where(Link.young_person_id == young_person_id, Link.other_id == other_id,
                                  col(Link.ended_at).is_(None))
        ).first()
        is not None
    )


def person_for(db: Session, actor: User, person_id: object) -> User:
    """A person's account (name, role, status; never their content) as `actor` may see it.

    The person themself; an admin of the same municipality; a professional linked to the young person.
    """
    person = db.get(User, _parse_id(person_id))
    if person is None or not actor.is_active or person.municipality_id != actor.municipality_id:
        raise NotFound
    if person.id == actor.id or actor.is_admin:
        return person
    if actor.is_professional and person.role == Role.YOUNG_PERSON and is_linked(db, person.id, actor.id):
        return person
    raise NotFound


def young_people_of(db: Session, professional: User) -> list[User]:
    """The young people a professional works with, in their own municipality."""
    query = (
        select(User)
        .join(Link, col(Link.young_person_id) == User.id)
        .where(Link.other_id == professional.id, col(Link.ended_at).is_(None),
               User.municipality_id == professional.municipality_id)
        .order_by(col(User.display_name))
    )
    return list(db.exec(query))


def professionals_of(db: Session, young_person: User) -> list[User]:
    """The professionals linked to a young person."""
    query = (
        select(User)
        .join(Link, col(Link.other_id) == User.id)
        .where(Link.young_person_id == young_person.id, col(Link.ended_at).is_(None),
               User.role == Role.PROFESSIONAL, User.municipality_id == young_person.municipality_id)
        .order_by(col(User.display_name))
    )
    return list(db.exec(query))
