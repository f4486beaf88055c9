"""db.parse_id and db.owned: the one loader behind "parse the id, else 404, check the owner"."""

from __future__ import annotations

import uuid

import pytest
from support.people import make_municipality, make_person

from youthvoice.core.db import owned, parse_id
from youthvoice.core.errors import NotFound
from youthvoice.core.model import utcnow
from youthvoice.meetings.models import Meeting


@pytest.mark.parametrize("raw", ["", "x", "123", "../etc", "0" * 33, None, 42, "' or 1=1 --"])
def test_parse_id_refuses_what_is_not_an_id(raw: object) -> None:
    assert parse_id(raw) is None


def test_parse_id_reads_an_id_in_any_form() -> None:
    ident = uuid.uuid4()
    assert parse_id(ident) is ident
    assert parse_id(str(ident)) == ident
    assert parse_id(str(ident).upper()) == ident


def test_owned_gives_the_row_only_when_every_column_matches(app, db):  # type: ignore[no-untyped-def]
    town, other_town = make_municipality(db), make_municipality(db, "Odense")
    sara, omar = make_person(db, town, name="Sara"), make_person(db, town, name="Omar")
    meeting = Meeting(municipality_id=town.id, owner_id=sara.id, kind="plan", starts_at=utcnow())
    db.add(meeting)
    db.commit()

    assert owned(db, Meeting, str(meeting.id), owner_id=sara.id) is meeting  # the right owner, id as in a URL
    assert owned(db, Meeting, meeting.id, owner_id=sara.id, municipality_id=town.id) is meeting
    with pytest.raises(NotFound):
        owned(db, Meeting, meeting.id, owner_id=omar.id)  # someone else's
    with pytest.raises(NotFound):
        owned(db, Meeting, meeting.id, owner_id=sara.id, municipality_id=other_town.id)  # one column off is enough
    for bad in ("not-an-id", "", None, str(uuid.uuid4())):  # not an id, or no such row
        with pytest.raises(NotFound):
            owned(db, Meeting, bad, owner_id=sara.id)
