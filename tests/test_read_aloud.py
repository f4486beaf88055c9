"""Read aloud everywhere the young person reads (issue 17.6): the pages carry `data-read-aloud` on what is read and
load the one small script; pages with nothing to read do not load it (the app's pages are weighed)."""

from __future__ import annotations

import re

from support.casebuilder import build_case
from support.people import login_as

from youthvoice.meetings import receipts
from youthvoice.sharing.access import meeting_for

SCRIPT = re.compile(r'<script src="/static/js/read-aloud\.[^"]*js"')


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def _read(client, path: str) -> str:  # type: ignore[no-untyped-def]
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 200, path
    return str(response.get_data(as_text=True))


def _marked(html: str) -> int:
    """How many texts are marked to be read; the script is loaded exactly where there are some."""
    marked = html.count("data-read-aloud")
    assert bool(SCRIPT.search(html)) == bool(marked), "script without texts" if not marked else "texts, no script"
    assert len(SCRIPT.findall(html)) <= 1
    return marked


def test_every_page_she_reads_is_read_aloud(app, db):
    past, upcoming = build_case(db), build_case(db, past=False)
    receipts.answer(
        db,
        access=meeting_for(db, past.people["lene"], past.meeting.id, log_view=False),
        link_id=past.ids["link_id"],
        answer_value="not_followed",
        reason=f"{past.marker}-reason",
    )
    db.commit()
    sara, sara_soon = _client(app, past.people["sara"]), _client(app, upcoming.people["sara"])
    during = _read(sara_soon, f"/meetings/{upcoming.meeting.id}/during/")
    assert _marked(during) >= 5
    # Every full-screen "say it for me" card is read, her own "Important to me: …" with its lead.
    for key in ("stop", "other-words", "want-to-say", "break"):
        assert re.search(rf'id="say-{key}"[^>]*>\s*<a [^>]*><span class="say-words" data-read-aloud>', during), key
    assert re.search(
        r'<span class="say-text" data-read-aloud><span class="say-lead">[^<]+</span> '
        rf'<span class="say-words say-words-long">{upcoming.marker}-point',
        during,
    )
    assert _marked(_read(sara, f"/meetings/{past.meeting.id}/after")) >= 9  # the eight questions and more
    receipt = _read(sara, f"/meetings/{past.meeting.id}/receipt")
    assert _marked(receipt) >= 2
    # The professional's answer and its reason are one text to read (the reason is what she needs read most).
    said = re.search(r'<div class="receipt-said" data-read-aloud>(.*?)</div>', receipt, re.S)
    assert said and f"{past.marker}-reason" in said.group(1) and "receipt-answer" in said.group(1)
    cards = _read(sara_soon, f"/meetings/{upcoming.meeting.id}/prepare/cards")
    assert _marked(cards) == 2 + cards.count('class="pick-name"') and cards.count('class="pick-name"') >= 14
    for path in ("/rights/", "/rights/bisidder", "/", "/notifications/", "/meetings/my-voice"):
        assert _marked(_read(sara, path)) >= 2, path
    for path in ("/account/", "/meetings/new"):  # nothing to read aloud: no script on the page
        assert _marked(_read(sara, path)) == 0, path
    # The offline page's "say it for me" cards are read too (the script is in the offline shell).
    assert _marked(_read(sara, "/offline")) == 2 + 4  # its heading, how to use them, the four cards


def test_only_she_gets_the_answer_read_not_those_who_wrote_it(app, db):
    case = build_case(db)
    receipts.answer(
        db,
        access=meeting_for(db, case.people["lene"], case.meeting.id, log_view=False),
        link_id=case.ids["link_id"],
        answer_value="followed",
        reason=f"{case.marker}-reason",
    )
    db.commit()
    lene = _read(_client(app, case.people["lene"]), f"/meetings/{case.meeting.id}")
    assert f"{case.marker}-reason" in lene and '<div class="receipt-said">' in lene
    assert 'class="receipt-said" data-read-aloud' not in lene
