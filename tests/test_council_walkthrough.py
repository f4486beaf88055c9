"""The youth council's bugs found walking the demo (issue 21.1), each guarded here: a promised answer date that is
not in the past and can be moved later with a reason; a vote ended early keeps its planned period; an empty
ballot to start from; the coordinator's own start page; the coordinator and the author are told; notifications
name the cause; a hidden comment can be shown again, with a reason."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from conftest import post_form, reread
from council_setup import build_town, client_for, propose, today

from youthvoice.core.model import utcnow
from youthvoice.council import rounds


@pytest.fixture
def town(app, db):  # type: ignore[no-untyped-def]
    return build_town(db)


# --- c. an empty ballot to start from ------------------------------------------------------------------


def test_a_new_vote_starts_with_no_proposal_ticked(app, db, town):
    for who, title in (("amira", "Gratis bus"), ("freja", "Psykolog")):
        propose(db, town, author=who, title=title)
    page = client_for(app, town["karina"]).get("/council/rounds/new").get_data(as_text=True)
    ballot = page.split('data-testid="round-causes"')[1].split("</ul>")[0]
    assert ballot.count('type="checkbox"') == 2
    assert "checked" not in ballot
