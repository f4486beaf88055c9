"""Merging duplicate proposals with both authors' consent (issue 21.4): the supports carried over without counting
anyone twice, the merged proposal readable and pointing on, its author credited, every step in the audit log."""

from __future__ import annotations

import pytest
from sqlmodel import select
from support.client import post_form
from support.council_setup import build_town, client_for, propose, today
from support.database import reread

from youthvoice.core.errors import InvalidInput, NotAllowed, NotFound
from youthvoice.council import causes as council_causes
from youthvoice.council import data
from youthvoice.council import rules as council_rules
from youthvoice.council.models import Cause, CauseMerge, CauseStatus, Support
from youthvoice.notify.models import Notification
from youthvoice.privacy.models import AuditEvent


@pytest.fixture
def town(app, db):  # type: ignore[no-untyped-def]
    return build_town(db)


def _pair(db, town):  # type: ignore[no-untyped-def]
    """Amira's proposal (kept) and Freja's duplicate (merged into it)."""
    kept = propose(db, town, author="amira", title="Gratis bus")
    gone = propose(db, town, author="freja", title="Bussen skal være gratis")
    return kept, gone


def _supporters(db, cause):  # type: ignore[no-untyped-def]
    return sorted(str(s.member_id) for s in db.exec(select(Support).where(Support.cause_id == cause.id)))


def test_both_authors_say_yes_and_the_supports_are_carried_over_counting_nobody_twice(app, db, town):
    kept, gone = _pair(db, town)
    # Oliver supports both; Amira supports the duplicate, and Freja her own.
    for who, cause in (("oliver", kept), ("oliver", gone), ("amira", gone), ("freja", gone)):
        council_causes.support(db, actor=town[who], cause=cause, today=today())
    db.commit()
    karina = client_for(app, town["karina"])
    page = karina.get(f"/council/causes/{gone.id}/merge")
    assert page.status_code == 200 and "Gratis bus" in page.get_data(as_text=True)
    response = post_form(karina, f"/council/causes/{gone.id}/merge", {"into": str(kept.id)}, token_page="/council/")
    assert response.status_code == 302
    reread(db)
    merge = db.exec(select(CauseMerge)).one()
    assert (merge.from_answer, merge.into_answer, merge.outcome) == (None, None, None)
    told = sorted((n.user_id, n.about_id) for n in db.exec(select(Notification).where(
        Notification.kind == "council_merge")))
    assert told == sorted([(town["amira"].id, kept.id), (town["freja"].id, gone.id)])
    # Amira sees the request with yes/no on her page; Oliver (not an author) sees it, without buttons.
    amira = client_for(app, town["amira"])
    assert 'data-testid="merge-yes"' in amira.get(f"/council/causes/{kept.id}").get_data(as_text=True)
    oliver_page = client_for(app, town["oliver"]).get(f"/council/causes/{kept.id}").get_data(as_text=True)
    assert 'data-testid="merge-request"' in oliver_page and 'data-testid="merge-yes"' not in oliver_page
    assert post_form(client_for(app, town["oliver"]), f"/council/causes/{kept.id}/merge/answer",
                     {"answer": "yes"}, token_page="/council/").status_code == 404
    # The first yes waits for the second.
    assert post_form(amira, f"/council/causes/{kept.id}/merge/answer", {"answer": "yes"},
                     token_page="/council/").status_code == 302
    reread(db)
    assert db.get(Cause, gone.id).status == CauseStatus.SUBMITTED
    freja = client_for(app, town["freja"])
    assert post_form(freja, f"/council/causes/{gone.id}/merge/answer", {"answer": "yes"},
                     token_page="/council/").status_code == 302
    reread(db)
    merged = db.get(Cause, gone.id)
    assert (merged.status, merged.merged_into_id) == (CauseStatus.MERGED, kept.id)
    assert db.get(CauseMerge, merge.id).outcome == "merged"
    # Oliver supported both: he counts once. Amira and Freja move over. The duplicate keeps none.
    assert _supporters(db, kept) == sorted(str(town[w].id) for w in ("oliver", "amira", "freja"))
    assert council_causes.support_count(db, db.get(Cause, kept.id)) == 3
    assert _supporters(db, merged) == []
    # The duplicate points on and stays readable; it takes no new support or comments. Freja is credited on A.
    gone_page = client_for(app, town["oliver"]).get(f"/council/causes/{gone.id}").get_data(as_text=True)
    assert 'data-testid="merged-into"' in gone_page and f"/council/causes/{kept.id}" in gone_page
    assert 'data-testid="support"' not in gone_page
    with pytest.raises(NotAllowed):
        council_causes.support(db, actor=town["oliver"], cause=merged, today=today())
    kept_page = client_for(app, town["oliver"]).get(f"/council/causes/{kept.id}").get_data(as_text=True)
    assert 'data-testid="coauthors"' in kept_page and "Freja Nielsen" in kept_page
    actions = [e.action for e in db.exec(select(AuditEvent).where(AuditEvent.action.startswith("council_merge")))]
    assert actions == [council_rules.MERGE_ASKED, council_rules.MERGE_ANSWERED, council_rules.MERGE_ANSWERED,
                       council_rules.MERGE_DONE]


def test_comments_on_the_merged_proposal_stay_readable(app, db, town):
    kept, gone = _pair(db, town)
    council_causes.add_comment(db, actor=town["oliver"], cause=gone, today=today(), text="Enig, bussen er dyr")
    council_causes.propose_merge(db, actor=town["freja"], cause=gone, into_id=kept.id, today=today())
    council_causes.answer_merge(db, actor=town["amira"], cause=kept, yes=True)
    db.commit()
    page = client_for(app, town["amira"]).get(f"/council/causes/{gone.id}").get_data(as_text=True)
    assert "Enig, bussen er dyr" in page
    with pytest.raises(NotAllowed):
        council_causes.add_comment(db, actor=town["amira"], cause=db.get(Cause, gone.id), today=today(), text="x")


def test_one_no_ends_the_request_and_nothing_moves(app, db, town):
    kept, gone = _pair(db, town)
    council_causes.support(db, actor=town["oliver"], cause=gone, today=today())
    council_causes.propose_merge(db, actor=town["freja"], cause=gone, into_id=kept.id, today=today())
    db.commit()
    # Freja asked: her side is a yes already; Amira is asked.
    merge = db.exec(select(CauseMerge)).one()
    assert (merge.from_answer, merge.into_answer) == (True, None)
    amira = client_for(app, town["amira"])
    assert post_form(amira, f"/council/causes/{kept.id}/merge/answer", {"answer": "maybe"},
                     token_page="/council/").status_code == 400
    assert post_form(amira, f"/council/causes/{kept.id}/merge/answer", {"answer": "no"},
                     token_page="/council/").status_code == 302
    reread(db)
    assert db.get(CauseMerge, merge.id).outcome == "declined"
    assert db.get(Cause, gone.id).status == CauseStatus.SUBMITTED
    assert _supporters(db, gone) == [str(town["oliver"].id)]
    # Answered: nothing left to answer.
    with pytest.raises(NotFound):
        council_causes.answer_merge(db, actor=town["amira"], cause=db.get(Cause, kept.id), yes=True)


def test_an_author_who_has_left_the_council_need_not_answer(app, db, town):
    kept, gone = _pair(db, town)
    council_rules.remove_member(db, actor=town["karina"], council=town.council, member=town["amira"])
    council_causes.propose_merge(db, actor=town["freja"], cause=gone, into_id=kept.id, today=today())
    db.commit()
    assert db.get(Cause, gone.id).status == CauseStatus.MERGED


def test_who_may_ask_and_what_can_be_merged(app, db, town):
    kept, gone = _pair(db, town)
    draft = propose(db, town, author="oliver", title="Kladde", submit=False)
    # Only the coordinator or the author of the proposal that would go.
    with pytest.raises(NotAllowed):
        council_causes.propose_merge(db, actor=town["oliver"], cause=gone, into_id=kept.id, today=today())
    assert post_form(client_for(app, town["oliver"]), f"/council/causes/{gone.id}/merge", {"into": str(kept.id)},
                     token_page="/council/").status_code == 403
    # Not into itself, a draft, or another council's proposal; a bad choice keeps the page with a message.
    for into in (gone.id, draft.id, "nonsense"):
        with pytest.raises(InvalidInput):
            council_causes.propose_merge(db, actor=town["karina"], cause=gone, into_id=into, today=today())
    response = post_form(client_for(app, town["karina"]), f"/council/causes/{gone.id}/merge", {"into": "x"},
                         token_page="/council/")
    assert response.status_code == 400 and "Please choose one of these." in response.get_data(as_text=True)
    # One open request at a time per proposal.
    reread(db)
    council_causes.propose_merge(db, actor=town["karina"], cause=gone, into_id=kept.id, today=today())
    third = propose(db, town, author="oliver", title="Billig bus")
    with pytest.raises(InvalidInput):
        council_causes.propose_merge(db, actor=town["oliver"], cause=third, into_id=kept.id, today=today())


def test_erasure_keeps_a_merge_and_ends_an_open_request(app, db, town):
    kept, gone = _pair(db, town)
    council_causes.propose_merge(db, actor=town["freja"], cause=gone, into_id=kept.id, today=today())
    council_causes.answer_merge(db, actor=town["amira"], cause=kept, yes=True)
    other = propose(db, town, author="oliver", title="Billig bus")
    council_causes.propose_merge(db, actor=town["oliver"], cause=other, into_id=kept.id, today=today())
    db.commit()
    assert data.export_council(db, town["freja"])["merges_asked"][0]["outcome"] == "merged"
    # Amira is erased: her proposal stays (Freja's was merged into it); Oliver's open request ends.
    data.erase_member(db, town["amira"])
    db.commit()
    assert db.get(Cause, kept.id).author_id is None
    assert db.exec(select(CauseMerge).where(CauseMerge.from_cause_id == other.id)).first() is None
    # Freja is erased: the merge stays, without her name; her merged proposal stays, under "a former member".
    data.erase_member(db, town["freja"])
    db.commit()
    merge = db.exec(select(CauseMerge).where(CauseMerge.from_cause_id == gone.id)).one()
    assert merge.requested_by_id is None and merge.outcome == "merged"
    assert db.get(Cause, gone.id).author_id is None
    assert council_causes.coauthors_of(db, db.get(Cause, kept.id)) == ["a former member"]


def test_the_supports_carried_over_can_reach_the_threshold(app, db, town):
    council_rules.update_settings(db, actor=town["karina"], council=town.council, name=town.council.name,
                                  public_page=False, support_threshold=2)
    kept, gone = _pair(db, town)
    council_causes.support(db, actor=town["oliver"], cause=kept, today=today())
    council_causes.support(db, actor=town["amira"], cause=gone, today=today())
    council_causes.propose_merge(db, actor=town["freja"], cause=gone, into_id=kept.id, today=today())
    assert db.get(Cause, kept.id).status == CauseStatus.SUBMITTED
    council_causes.answer_merge(db, actor=town["amira"], cause=kept, yes=True)
    db.commit()
    assert db.get(Cause, kept.id).status == CauseStatus.DISCUSSING
