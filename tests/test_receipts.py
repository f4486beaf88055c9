"""The decision receipt is a back-and-forth that only grows: a new answer never erases the young person's reply to
an earlier one, and everyone sees who answered what and when (issue 15, point 1)."""

from __future__ import annotations

import json

from sqlmodel import select
from support.casebuilder import ALL, build_case
from support.client import post_form
from support.database import reread
from support.people import login_as

from youthvoice.meetings import receipts
from youthvoice.meetings.models import MeetingDecision, ReceiptEntry
from youthvoice.sharing import sharing


def _client(app, person):  # type: ignore[no-untyped-def]
    client = app.test_client()
    login_as(app, client, person)
    return client


def test_a_new_answer_keeps_her_disagreement_and_the_earlier_answer(app, db):
    case = build_case(db)
    sara, lene, peter = case.people["sara"], case.people["lene"], case.people["peter"]
    sharing.set_meeting_share(db, owner=sara, meeting=case.meeting, grantee=peter, parts=ALL)
    db.commit()
    base = f"/meetings/{case.meeting.id}/receipt/{case.ids['link_id']}"
    lene_client, peter_client, sara_client = _client(app, lene), _client(app, peter), _client(app, sara)
    assert post_form(lene_client, f"{base}/answer", {"answer": "not_followed", "reason": "Det kan vi ikke nu"},
                     token_page="/people/").status_code == 302
    assert post_form(sara_client, f"{base}/contest", {"contest": "Det har ingen spurgt mig om"},
                     token_page="/account/").status_code == 302
    # Lene changes her answer, and then Peter answers too: neither erases what Sara wrote, or the other's answer.
    assert post_form(lene_client, f"{base}/answer", {"answer": "partly", "reason": "Vi prøver en del af det"},
                     token_page="/people/").status_code == 302
    assert post_form(peter_client, f"{base}/answer", {"answer": "followed", "reason": "Jeg har talt med skolen"},
                     token_page="/people/").status_code == 302
    reread(db)
    thread = receipts.thread_of(db, db.get(MeetingDecision, case.ids["link_id"]))
    assert [(e.kind, e.author_name, e.answer, e.text) for e in thread.entries] == [
        ("answer", "Peter Sørensen", "followed", "Jeg har talt med skolen"),
        ("answer", "Lene Holm", "partly", "Vi prøver en del af det"),
        ("disagreed", "Sara", None, "Det har ingen spurgt mig om"),
        ("answer", "Lene Holm", "not_followed", "Det kan vi ikke nu"),
    ]
    disagreement = thread.entries[2]
    assert thread.entries[1].answers_id == disagreement.id  # Lene's new answer answers Sara's disagreement
    assert thread.entries[0].answers_id is None  # nothing was waiting for Peter's
    assert db.get(MeetingDecision, case.ids["link_id"]).receipt_answer == "followed"  # the overdue lists' summary

    receipt = sara_client.get(f"/meetings/{case.meeting.id}/receipt").get_data(as_text=True)
    assert "Peter Sørensen" in receipt and "Jeg har talt med skolen" in receipt  # who answered, first
    assert receipt.index("Jeg har talt med skolen") < receipt.index('data-testid="receipt-earlier"')
    for text in ("Det har ingen spurgt mig om", "Vi prøver en del af det", "Det kan vi ikke nu",
                 "Answer to your disagreement"):
        assert receipt.index(text) > receipt.index('data-testid="receipt-earlier"'), text  # one tap away
    for client, url in ((sara_client, f"/meetings/{case.meeting.id}/summary"),
                        (lene_client, f"/meetings/{case.meeting.id}")):
        body = client.get(url).get_data(as_text=True)
        assert "Det har ingen spurgt mig om" in body and "Det kan vi ikke nu" in body
    assert "Answer to Sara's disagreement" in lene_client.get(f"/meetings/{case.meeting.id}").get_data(as_text=True)
    exported = json.loads(sara_client.get("/account/data.json").get_data(as_text=True))
    item = exported["meetings"][0]["wishes_and_decisions"][0]
    assert [(e["what"], e["by"], e["text"]) for e in item["receipt_thread"]] == [
        ("answer", "Lene Holm", "Det kan vi ikke nu"), ("disagreed", "Sara", "Det har ingen spurgt mig om"),
        ("answer", "Lene Holm", "Vi prøver en del af det"), ("answer", "Peter Sørensen", "Jeg har talt med skolen")]
    assert item["receipt_thread"][2]["answers_my_disagreement"] is True


def test_accepting_twice_and_sending_a_disagreement_twice_is_one_entry_each(app, db):
    case = build_case(db)
    base = f"/meetings/{case.meeting.id}/receipt/{case.ids['link_id']}"
    lene_client, sara_client = _client(app, case.people["lene"]), _client(app, case.people["sara"])
    post_form(lene_client, f"{base}/answer", {"answer": "followed", "reason": "Ja"}, token_page="/people/")
    for _ in range(2):
        post_form(sara_client, f"{base}/accept", token_page="/account/")
    for _ in range(2):  # a double tap: the same form, the same key
        post_form(sara_client, f"{base}/contest", {"contest": "Alligevel ikke", "request_key": "k" * 20},
                  token_page="/account/")
    reread(db)
    kinds = [e.kind for e in db.exec(select(ReceiptEntry).order_by(ReceiptEntry.position))]
    assert kinds == ["answer", "accepted", "disagreed"]


def test_her_reply_is_hers_alone(app, db):
    """Only the young person accepts or disagrees; a professional's receipt answer is not hers to send."""
    case = build_case(db)
    base = f"/meetings/{case.meeting.id}/receipt/{case.ids['link_id']}"
    lene_client, sara_client = _client(app, case.people["lene"]), _client(app, case.people["sara"])
    post_form(lene_client, f"{base}/answer", {"answer": "followed", "reason": "Ja"}, token_page="/people/")
    assert post_form(lene_client, f"{base}/contest", {"contest": "Lene skriver for Sara"},
                     token_page="/people/").status_code == 404
    assert post_form(lene_client, f"{base}/accept", token_page="/people/").status_code == 404
    assert post_form(sara_client, f"{base}/answer", {"answer": "followed", "reason": "Ja"},
                     token_page="/account/").status_code == 404
    reread(db)
    assert [e.kind for e in db.exec(select(ReceiptEntry))] == ["answer"]
