"""Members moderate together (issue 21.4): a proposal with the coordinator's number of supports is discussed by
itself, and a member can ask the coordinator to look at a comment (never saying who asked)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from support.client import post_form
from support.council_setup import build_town, client_for, propose, today
from support.database import reread

from youthvoice.core.errors import InvalidInput, NotAllowed
from youthvoice.council import causes as council_causes
from youthvoice.council import data
from youthvoice.council import rules as council_rules
from youthvoice.council.models import Cause, CauseStatus, Comment, CommentFlag, Term
from youthvoice.notify.models import Notification


@pytest.fixture
def town(app, db):  # type: ignore[no-untyped-def]
    return build_town(db)


def _settings(client, threshold: str):  # type: ignore[no-untyped-def]
    return post_form(
        client,
        "/council/settings",
        {"name": "Roskilde Ungebyråd", "support_threshold": threshold},
        token_page="/council/",
    )


# --- support thresholds ----------------------------------------------------------------------------------


def test_a_proposal_with_enough_supports_is_discussed_by_itself(app, db, town):
    assert _settings(client_for(app, town["karina"]), "2").status_code == 302
    reread(db)  # (SQLite: a snapshot older than the app's write cannot write)
    cause = propose(db, town, author="amira")
    freja, oliver = client_for(app, town["freja"]), client_for(app, town["oliver"])
    post_form(freja, f"/council/causes/{cause.id}/support", token_page="/council/")
    reread(db)
    assert db.get(Cause, cause.id).status == CauseStatus.SUBMITTED
    post_form(oliver, f"/council/causes/{cause.id}/support", token_page="/council/")
    reread(db)
    assert db.get(Cause, cause.id).status == CauseStatus.DISCUSSING
    told = db.exec(select(Notification).where(Notification.kind == "council_discussing")).all()
    assert [n.user_id for n in told] == [town["amira"].id]
    # Its author can no longer change it; a support taken back does not undo the discussion.
    assert 'data-testid="edit-cause"' not in client_for(app, town["amira"]).get(f"/council/causes/{cause.id}").get_data(
        as_text=True
    )
    with pytest.raises(NotAllowed):
        council_causes.save_text(
            db, actor=town["amira"], cause=db.get(Cause, cause.id), today=today(), fields={"title": "Ændret"}
        )
    post_form(freja, f"/council/causes/{cause.id}/unsupport", token_page="/council/")
    reread(db)
    assert db.get(Cause, cause.id).status == CauseStatus.DISCUSSING


def test_without_a_threshold_only_the_coordinator_starts_a_discussion(app, db, town):
    cause = propose(db, town, author="amira")
    for who in ("freja", "oliver"):
        council_causes.support(db, actor=town[who], cause=cause, today=today())
    db.commit()
    assert db.get(Cause, cause.id).status == CauseStatus.SUBMITTED


def test_setting_the_threshold_moves_the_proposals_that_have_enough_already(app, db, town):
    ready = propose(db, town, author="amira", title="Nok støtte")
    waiting = propose(db, town, author="freja", title="For lidt støtte")
    for who in ("freja", "oliver"):
        council_causes.support(db, actor=town[who], cause=ready, today=today())
    council_causes.support(db, actor=town["oliver"], cause=waiting, today=today())
    # A proposal of a term that has ended stays as it is.
    old_term = council_rules.add_term(
        db,
        actor=town["karina"],
        council=town.council,
        name="Sidste år",
        starts_on=town.term.starts_on - timedelta(days=400),
        ends_on=town.term.starts_on - timedelta(days=40),
    )
    old = Cause(
        municipality_id=town.roskilde.id,
        term_id=old_term.id,
        author_id=town["amira"].id,
        status=CauseStatus.SUBMITTED,
        title="Gammel",
        change="x",
        why="y",
    )
    db.add(old)
    db.flush()
    for who in ("freja", "oliver"):
        db.add(council_causes.Support(municipality_id=town.roskilde.id, cause_id=old.id, member_id=town[who].id))
    db.commit()
    response = _settings(client_for(app, town["karina"]), "2")
    assert response.status_code == 302
    reread(db)
    assert [db.get(Cause, c.id).status for c in (ready, waiting, old)] == [
        CauseStatus.DISCUSSING,
        CauseStatus.SUBMITTED,
        CauseStatus.SUBMITTED,
    ]
    page = client_for(app, town["karina"]).get("/council/settings").get_data(as_text=True)
    assert 'value="2"' in page


def test_the_threshold_is_a_whole_number_the_coordinator_sets(app, db, town):
    karina = client_for(app, town["karina"])
    for bad in ("0", "101", "to"):
        assert _settings(karina, bad).status_code == 400, bad
    assert _settings(karina, "").status_code == 302  # empty: off
    reread(db)
    assert db.get(type(town.council), town.council.id).support_threshold is None
    assert (
        post_form(
            client_for(app, town["amira"]),
            "/council/settings",
            {"name": "x", "support_threshold": "1"},
            token_page="/council/",
        ).status_code
        == 404
    )
    with pytest.raises(InvalidInput):
        council_rules.update_settings(
            db, actor=town["karina"], council=town.council, name="x", public_page=False, support_threshold=0
        )


# --- flagging a comment ----------------------------------------------------------------------------------


def _comment(db, town, author="oliver", text="Det er en dum idé, og du er dum."):  # type: ignore[no-untyped-def]
    cause = propose(db, town, author="amira")
    comment = council_causes.add_comment(db, actor=town[author], cause=cause, today=today(), text=text)
    db.commit()
    return cause, comment


def test_a_member_asks_the_coordinator_to_look_at_a_comment_without_being_named(app, db, town):
    cause, comment = _comment(db, town)
    freja = client_for(app, town["freja"])
    response = post_form(
        freja, f"/council/comments/{comment.id}/flag", {"reason": "Han kalder hende dum"}, token_page="/council/"
    )
    assert response.status_code == 302
    assert (
        post_form(freja, f"/council/comments/{comment.id}/flag", {"reason": "igen"}, token_page="/council/").status_code
        == 302
    )  # once per member: nothing new
    reread(db)
    assert len(db.exec(select(CommentFlag).where(CommentFlag.comment_id == comment.id)).all()) == 1
    told = db.exec(select(Notification).where(Notification.kind == "council_flag")).all()
    assert [n.user_id for n in told] == [town["karina"].id]
    assert told[0].link == f"/council/causes/{cause.id}#comment-{comment.id}"
    assert 'data-testid="flagged-by-me"' in freja.get(f"/council/causes/{cause.id}").get_data(as_text=True)

    karina = client_for(app, town["karina"])
    page = karina.get(f"/council/causes/{cause.id}").get_data(as_text=True)
    note = page.split('data-testid="flag-note"')[1].split("</div>")[0]
    assert "1 member asked you to look at this comment." in note and "Han kalder hende dum" in note
    assert "Freja" not in note
    assert 'data-testid="waiting-flagged"' in karina.get("/council/").get_data(as_text=True)
    # Other members see no flag.
    assert 'data-testid="flag-note"' not in client_for(app, town["amira"]).get(f"/council/causes/{cause.id}").get_data(
        as_text=True
    )

    # The coordinator leaves it as it is: the flag is settled, and nothing waits.
    assert post_form(karina, f"/council/comments/{comment.id}/leave", token_page="/council/").status_code == 302
    assert 'data-testid="flag-note"' not in karina.get(f"/council/causes/{cause.id}").get_data(as_text=True)
    assert 'data-testid="waiting-flagged"' not in karina.get("/council/").get_data(as_text=True)


def test_hiding_a_flagged_comment_settles_its_flags(app, db, town):
    _cause, comment = _comment(db, town)
    for who in ("freja", "amira"):
        council_causes.flag_comment(db, actor=town[who], comment=comment, reason="", today=today())
    council_causes.hide_comment(db, actor=town["karina"], comment=comment, reason="Vi kalder ikke folk dumme.")
    db.commit()
    assert all(
        flag.settled_at is not None for flag in db.exec(select(CommentFlag).where(CommentFlag.comment_id == comment.id))
    )


def test_who_may_flag_what(app, db, town):
    _cause, comment = _comment(db, town)
    with pytest.raises(NotAllowed):  # one's own comment
        council_causes.flag_comment(db, actor=town["oliver"], comment=comment, reason="", today=today())
    with pytest.raises(NotAllowed):  # the coordinator hides it herself
        council_causes.flag_comment(db, actor=town["karina"], comment=comment, reason="", today=today())
    with pytest.raises(InvalidInput):
        council_causes.flag_comment(db, actor=town["freja"], comment=comment, reason="x" * 301, today=today())
    for outsider in ("sara", "lene", "emil", "henrik"):
        response = post_form(client_for(app, town[outsider]), f"/council/comments/{comment.id}/flag")
        assert response.status_code == 404, outsider
    assert (
        post_form(
            client_for(app, town["freja"]), f"/council/comments/{comment.id}/leave", token_page="/council/"
        ).status_code
        == 403
    )
    too_long = post_form(
        client_for(app, town["freja"]),
        f"/council/comments/{comment.id}/flag",
        {"reason": "x" * 301},
        token_page="/council/",
    )
    assert too_long.status_code == 400 and "x" * 301 in too_long.get_data(as_text=True)


def test_flags_are_in_my_data_and_go_with_erasure(app, db, town):
    cause, comment = _comment(db, town)
    council_causes.flag_comment(db, actor=town["freja"], comment=comment, reason="grim", today=today())
    db.commit()
    exported = data.export_council(db, town["freja"])
    assert exported["flagged"][0]["reason"] == "grim"
    # The comment's author is erased: their comment goes, and the flags on it with it.
    data.erase_member(db, town["oliver"])
    db.commit()
    assert db.get(Comment, comment.id) is None
    council_causes.flag_comment(
        db,
        actor=town["freja"],
        comment=council_causes.add_comment(db, actor=town["amira"], cause=cause, today=today(), text="Hej"),
        reason="",
        today=today(),
    )
    db.commit()
    # The flagger is erased: her flags go.
    data.erase_member(db, town["freja"])
    db.commit()
    assert db.exec(select(CommentFlag)).all() == []
    assert db.get(Term, town.term.id) is not None
