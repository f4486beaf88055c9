"""Destructive taps ask first (issue 24.12): the first tap opens the question, only "Yes, …" (confirm=yes) does
it; a form sent without it changes nothing and says so. The network, the admin's erasure and deactivation are
checked in tests/test_network.py, tests/test_data_rights.py and tests/test_access.py; here the council draft."""

from __future__ import annotations

import pytest
from support.client import post_form
from support.database import reread
from support.people import login_as
from test_route_matrix import _build

from youthvoice.council.models import Cause


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_deleting_a_council_draft_asks_first(app, db):
    app.config["TESTING"] = True
    world = _build(app)
    draft_id = world.values["overrides"]["council_causes.delete"]["cause_id"]
    amira = app.test_client()
    login_as(app, amira, world.people["council_member"])
    page = amira.get(f"/council/causes/{draft_id}/step-1").get_data(as_text=True)
    assert '<details class="confirm">' in page and 'data-testid="delete-draft-yes"' in page
    stray = post_form(amira, f"/council/causes/{draft_id}/delete", token_page="/council/")
    assert stray.status_code == 302 and stray.headers["Location"].endswith(f"/council/causes/{draft_id}/step-1")
    reread(db)
    assert db.get(Cause, draft_id) is not None
    assert "Nothing was changed" in amira.get(stray.headers["Location"]).get_data(as_text=True)
    done = post_form(amira, f"/council/causes/{draft_id}/delete", {"confirm": "yes"}, token_page="/council/")
    assert done.status_code == 302
    reread(db)
    assert db.get(Cause, draft_id) is None
