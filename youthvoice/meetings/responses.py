"""Sparring, not deciding: professionals answer what they were shown; they never change the young person's words."""

from __future__ import annotations

import uuid

from flask_babel import lazy_gettext as _l
from sqlmodel import Session, col, select

from youthvoice.core.db import owned
from youthvoice.core.errors import InvalidInput, NotAllowed, NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings.meetings import touch
from youthvoice.meetings.models import Response, ResponseKind
from youthvoice.notify import notifications
from youthvoice.sharing.access import MeetingAccess

RESPONSE_LIMIT = 2000
PROFESSIONAL_KINDS = (ResponseKind.COMMENT, ResponseKind.QUESTION, ResponseKind.SUGGESTION, ResponseKind.BRING_UP)


def _clean(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(str(_l("Please fill this in.")), field="text")
    if len(text) > RESPONSE_LIMIT:
        raise InvalidInput(str(_l("Please keep it under %(max)d characters.", max=RESPONSE_LIMIT)), field="text")
    return text


def respond(db: Session, *, access: MeetingAccess, part: str, target: str, kind: str, text: str) -> Response:
    """A professional's comment, question, suggestion or "I will bring this up" on something shared with them."""
    if access.is_owner or not access.sees(part) or not access.actor.is_professional:
        raise NotFound
    if kind not in PROFESSIONAL_KINDS:
        raise InvalidInput(str(_l("Choose one of the answers.")), field="kind")
    if kind == ResponseKind.BRING_UP and not (text or "").strip():
        text = str(_l("I will bring this up at the meeting."))
    response = Response(owner_id=access.owner.id, meeting_id=access.meeting.id, author_id=access.actor.id,
                        author_name=access.actor.display_name, part=part, target=target[:80], kind=kind)
    response.text = _clean(text)
    db.add(response)
    touch(db, access.meeting)
    notifications.notify(db, user=access.owner, kind="response", link=f"/meetings/{access.meeting.id}#responses",
                         about_id=access.owner.id)
    db.flush()
    return response


def response_in(db: Session, access: MeetingAccess, response_id: object) -> Response:
    response = owned(db, Response, response_id, meeting_id=access.meeting.id)
    if not access.sees(response.part):
        raise NotFound
    return response


def reply(db: Session, *, access: MeetingAccess, parent_id: object, text: str) -> Response:
    """An answer in a thread: the young person replying, or the professional following up."""
    parent = response_in(db, access, parent_id)
    root = db.get(Response, parent.parent_id) if parent.parent_id else parent
    if root is None:
        raise NotFound
    if not access.is_owner and root.author_id != access.actor.id:
        raise NotAllowed
    answer = Response(owner_id=access.owner.id, meeting_id=access.meeting.id, author_id=access.actor.id,
                      author_name=access.actor.display_name, part=root.part, target=root.target,
                      kind=ResponseKind.REPLY, parent_id=root.id)
    answer.text = _clean(text)
    db.add(answer)
    touch(db, access.meeting)
    if access.is_owner and root.author_id:
        notifications.notify(db, user=root.author_id, kind="reply", link=f"/meetings/{access.meeting.id}#responses",
                             about_id=access.owner.id)
    elif not access.is_owner:
        notifications.notify(db, user=access.owner, kind="response",
                             link=f"/meetings/{access.meeting.id}#responses", about_id=access.owner.id)
    db.flush()
    return answer


def mark_helpful(db: Session, *, access: MeetingAccess, response_id: object) -> Response:
    """Only the young person marks a response helpful (or takes the mark back)."""
    if not access.is_owner:
        raise NotFound
    response = response_in(db, access, response_id)
    response.helpful_at = None if response.helpful_at else utcnow()
    db.add(response)
    return response


def threads(db: Session, access: MeetingAccess) -> list[tuple[Response, list[Response]]]:
    """Responses the actor may see, each with its replies, oldest first."""
    rows = db.exec(select(Response).where(Response.meeting_id == access.meeting.id)
                   .order_by(col(Response.created_at))).all()
    visible = [row for row in rows if access.sees(row.part)]
    roots = [row for row in visible if row.parent_id is None]
    children: dict[uuid.UUID, list[Response]] = {}
    for row in visible:
        if row.parent_id is not None:
            children.setdefault(row.parent_id, []).append(row)
    return [(root, children.get(root.id, [])) for root in roots]


def agenda_of(db: Session, access: MeetingAccess) -> list[Response]:
    """The professional's agenda for the meeting: their own "I will bring this up" answers on what they were
    shown, oldest first (only while the young person still shares the part each answers)."""
    rows = db.exec(select(Response).where(Response.meeting_id == access.meeting.id,
                                          Response.author_id == access.actor.id,
                                          Response.kind == ResponseKind.BRING_UP)
                   .order_by(col(Response.created_at))).all()
    return [row for row in rows if access.sees(row.part)]


def by_target(threads: list[tuple[Response, list[Response]]]) -> dict[str, list[tuple[Response, list[Response]]]]:
    """The threads grouped by the item they answer (`Response.target`), so each is shown under its item."""
    grouped: dict[str, list[tuple[Response, list[Response]]]] = {}
    for root, replies in threads:
        grouped.setdefault(root.target, []).append((root, replies))
    return grouped


def author_of(db: Session, response: Response) -> User | None:
    return db.get(User, response.author_id) if response.author_id else None
