"""After the meeting, "Were you heard?" and "Who decided?" are answered with the preparation's faces, each with its
words, not a bare 1 to 5 (issue 24.16); the answer is still kept as a number for the overview."""

from __future__ import annotations

import re

from sqlmodel import select
from support.casebuilder import build_case
from support.client import post_form
from support.database import reread
from support.people import login_as

from youthvoice.meetings.models import FollowUp


def test_heard_and_who_decided_are_faces_with_words(app, db):
    case = build_case(db)
    client = app.test_client()
    login_as(app, client, case.people["sara"])
    page = client.get(f"/meetings/{case.meeting.id}/after", headers={"Accept-Language": "da"}).get_data(as_text=True)
    for name, words in (("heard", ["Slet ikke", "Ikke rigtigt", "Delvist", "For det meste", "Helt"]),
                        ("who_decided", ["De andre besluttede", "Mest de andre", "Sammen", "Mest mig",
                                         "Jeg besluttede"])):
        for n, word in enumerate(words, start=1):
            choice = re.search(rf'<label class="face-choice"><input type="radio" name="{name}" value="{n}"[^>]*>'
                               rf'\s*<svg class="face face-{n}".*?</svg><span>([^<]*)</span></label>', page, re.S)
            assert choice is not None, f"{name} {n} is not a face"
            assert choice.group(1) == word
    saved = post_form(client, f"/meetings/{case.meeting.id}/after", {"heard": "4", "who_decided": "3"},
                      token_page="/account/")
    assert saved.status_code == 302
    reread(db)
    follow_up = db.exec(select(FollowUp).where(FollowUp.meeting_id == case.meeting.id)).one()
    assert (follow_up.heard, follow_up.who_decided) == (4, 3)
