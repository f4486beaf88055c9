"""Accountability in public (issue 21.2): committees, sending a chosen cause to one, the respondent who posts the
committee's official answer (and can do nothing else), milestones and the progress figure, and each cause's own
public page with share previews served by us."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlmodel import select
from support.client import post_form
from support.council_setup import build_town, choose, client_for, propose, today
from support.database import reread
from support.people import make_person

from youthvoice.core.errors import InvalidInput, NotAllowed, NotFound
from youthvoice.core.security import CONTENT_SECURITY_POLICY
from youthvoice.council import accountability
from youthvoice.council.models import CauseStatus, CauseUpdate, CommitteeRespondent, UpdateKind
from youthvoice.identity.models import Role, User
from youthvoice.notify.models import Notification


@pytest.fixture
def town(app, db):  # type: ignore[no-untyped-def]
    town = build_town(db)
    town.council.public_page = True
    db.add(town.council)
    committees = {
        name: accountability.add_committee(db, actor=town["karina"], council=town.council, name=name)
        for name in ("Teknik- og Miljøudvalget", "Skoleudvalget")
    }
    db.commit()
    town.people["birgit"] = make_person(db, town.roskilde, Role.RESPONDENT, name="Birgit Lund")
    town.people["jens"] = make_person(db, town.roskilde, Role.RESPONDENT, name="Jens Skov")
    accountability.add_respondent(db, committee=committees["Teknik- og Miljøudvalget"], person=town["birgit"])
    accountability.add_respondent(db, committee=committees["Skoleudvalget"], person=town["jens"])
    db.commit()
    town.committees = committees  # type: ignore[attr-defined]
    return town


def _sent(db, town, title="Lys på cykelstien"):  # type: ignore[no-untyped-def]
    cause = choose(db, propose(db, town, title=title, change="Lys hele vejen"))
    accountability.send_to_committee(
        db, actor=town["karina"], cause=cause, committee=town.committees["Teknik- og Miljøudvalget"], today=today()
    )
    db.commit()
    return cause


def test_the_coordinator_adds_committees_with_unique_names(app, db, town):
    karina = client_for(app, town["karina"])
    assert (
        post_form(
            karina, "/council/committees", {"name": "Kultur- og Fritidsudvalget"}, token_page="/council/"
        ).status_code
        == 302
    )
    again = post_form(karina, "/council/committees", {"name": "kultur- og fritidsudvalget"}, token_page="/council/")
    assert again.status_code == 400
    assert "There is a committee with that name already." in again.get_data(as_text=True)
    page = karina.get("/council/committees").get_data(as_text=True)
    assert page.count("Kultur- og Fritidsudvalget") == 1
    for person in ("amira", "lene", "henrik", "birgit"):
        assert client_for(app, town[person]).get("/council/committees").status_code == 404


def test_sending_a_chosen_cause_tells_the_committees_respondents_and_goes_on_the_timeline(app, db, town):
    cause = choose(db, propose(db, town, title="Lys på cykelstien"))
    committee = town.committees["Teknik- og Miljøudvalget"]
    response = post_form(
        client_for(app, town["karina"]),
        f"/council/causes/{cause.id}/committee",
        {"send-committee_id": str(committee.id)},
        token_page="/council/",
    )
    assert response.status_code == 302
    reread(db)
    assert cause.committee_id == committee.id
    entry = db.exec(
        select(CauseUpdate).where(CauseUpdate.cause_id == cause.id, CauseUpdate.kind == UpdateKind.COMMITTEE)
    ).one()
    assert entry.text == committee.name
    told = set(db.exec(select(Notification.user_id).where(Notification.kind == "council_committee")))
    assert told == {town["birgit"].id}  # not Jens: his committee is another
    # A proposal that was not chosen cannot be sent.
    proposal = propose(db, town, title="Endnu ikke valgt")
    with pytest.raises(NotAllowed):
        accountability.send_to_committee(db, actor=town["karina"], cause=proposal, committee=committee, today=today())


def test_a_committee_of_another_municipality_cannot_be_chosen(app, db, town):
    cause = choose(db, propose(db, town))
    theirs = accountability.add_committee(db, actor=town["sofie"], council=town.other_council, name="Deres udvalg")
    db.commit()
    response = post_form(
        client_for(app, town["karina"]),
        f"/council/causes/{cause.id}/committee",
        {"send-committee_id": str(theirs.id)},
        token_page="/council/",
    )
    assert response.status_code == 404
    reread(db)
    assert cause.committee_id is None


def test_the_respondent_sees_and_answers_only_the_causes_sent_to_their_committee(app, db, town):
    cause = _sent(db, town)
    not_sent = choose(db, propose(db, town, title="Ikke sendt"))
    birgit, jens = client_for(app, town["birgit"]), client_for(app, town["jens"])
    assert birgit.get("/").headers["Location"].endswith("/council/answers/")
    listing = birgit.get("/council/answers/").get_data(as_text=True)
    assert "Lys på cykelstien" in listing and "Ikke sendt" not in listing
    assert birgit.get(f"/council/answers/{not_sent.id}").status_code == 404
    assert jens.get(f"/council/answers/{cause.id}").status_code == 404
    assert post_form(jens, f"/council/answers/{cause.id}", {"text": "Nej"}).status_code == 404
    for person in ("karina", "amira", "henrik", "lene"):
        assert client_for(app, town[person]).get(f"/council/answers/{cause.id}").status_code == 404

    empty = post_form(birgit, f"/council/answers/{cause.id}", {"text": "  "})
    assert empty.status_code == 400
    answer = "Udvalget siger ja. Der kommer lys på stien i foråret."
    assert post_form(birgit, f"/council/answers/{cause.id}", {"text": answer}).status_code == 302
    reread(db)
    assert cause.official_answer == answer and cause.status == CauseStatus.ANSWERED
    entry = db.exec(
        select(CauseUpdate).where(CauseUpdate.cause_id == cause.id, CauseUpdate.kind == UpdateKind.ANSWER)
    ).one()
    assert entry.author_id == town["birgit"].id and entry.status == CauseStatus.ANSWERED
    assert {n.user_id for n in db.exec(select(Notification).where(Notification.kind == "council_official_answer"))} == {
        town["karina"].id
    }
    assert town["amira"].id in {
        n.user_id for n in db.exec(select(Notification).where(Notification.kind == "council_update"))
    }
    # Posted once: a second answer is refused and the first stays.
    assert post_form(birgit, f"/council/answers/{cause.id}", {"text": "Et andet svar"}).status_code == 403
    reread(db)
    assert cause.official_answer == answer
    # The members see it on the cause, the committee named as its author.
    page = client_for(app, town["freja"]).get(f"/council/causes/{cause.id}").get_data(as_text=True)
    assert answer in page and 'data-testid="official-answer"' in page


def test_a_respondent_reaches_no_council_page_and_no_one_elses_content(app, db, town):
    cause = _sent(db, town)
    birgit = client_for(app, town["birgit"])
    for url in (
        "/council/",
        "/council/causes",
        f"/council/causes/{cause.id}",
        "/council/committees",
        "/meetings/",
        "/people/",
        "/admin/",
        f"/council/causes/{cause.id}/progress",
    ):
        assert birgit.get(url).status_code in (404, 405), url


def test_a_deactivated_respondent_answers_nothing(app, db, town):
    cause = _sent(db, town)
    birgit = db.get(User, town["birgit"].id)
    birgit.status = "deactivated"
    db.add(birgit)
    db.commit()
    with pytest.raises(NotFound):
        accountability.post_official_answer(db, actor=birgit, cause=cause, text="Ja", today=today())


def test_progress_and_milestones_are_the_coordinators_and_show_in_public(app, db, town):
    cause = _sent(db, town)
    karina = client_for(app, town["karina"])
    assert (
        post_form(
            karina, f"/council/causes/{cause.id}/progress", {"progress-progress": "140"}, token_page="/council/"
        ).status_code
        == 400
    )
    assert (
        post_form(
            karina, f"/council/causes/{cause.id}/progress", {"progress-progress": "35"}, token_page="/council/"
        ).status_code
        == 302
    )
    due = today() + timedelta(days=20)
    assert (
        post_form(
            karina,
            f"/council/causes/{cause.id}/milestones",
            {"milestone-title": "Møde med udvalget", "milestone-due_on": due.isoformat()},
            token_page="/council/",
        ).status_code
        == 302
    )
    assert post_form(
        client_for(app, town["amira"]),
        f"/council/causes/{cause.id}/progress",
        {"progress-progress": "90"},
        token_page="/council/",
    ).status_code in (403, 404)
    reread(db)
    assert cause.progress == 35
    [milestone] = accountability.milestones_of(db, [cause.id])[cause.id]
    assert (
        post_form(karina, f"/council/milestones/{milestone.id}/done", {"done": "1"}, token_page="/council/").status_code
        == 302
    )
    reread(db)
    assert milestone.done_on == today()
    page = app.test_client().get(f"/public/council/{town.roskilde.slug}/causes/{cause.id}").get_data(as_text=True)
    assert "35 %" in page and "Møde med udvalget" in page and "Teknik- og Miljøudvalget" in page


def test_each_chosen_cause_has_its_own_public_page_with_share_previews_from_us(app, db, town):
    cause = _sent(db, town)
    accountability.post_official_answer(db, actor=town["birgit"], cause=cause, text="Ja, til foråret.", today=today())
    db.commit()
    url = f"/public/council/{town.roskilde.slug}/causes/{cause.id}"
    response = app.test_client().get(url)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    page = response.get_data(as_text=True)
    meta = dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z:]+)" content="([^"]*)"', page))
    assert meta["og:title"] == "Lys på cykelstien" and meta["twitter:title"] == "Lys på cykelstien"
    assert meta["og:url"] == f"http://localhost{url}" and meta["twitter:card"] == "summary"
    assert meta["og:image"].startswith("http://localhost/static/")
    assert "Lys hele vejen" in meta["og:description"]
    # Nothing from other origins: every address in the page is ours.
    for address in re.findall(r'(?:src|href|content)="(https?://[^"]+)"', page):
        assert address.startswith("http://localhost/"), address
    assert "Ja, til foråret." in page and "Teknik- og Miljøudvalget" in page
    # The address stays the same while the cause moves on.
    accountability.set_progress(db, actor=town["karina"], cause=cause, progress=80)
    db.commit()
    assert app.test_client().get(url).status_code == 200


def test_no_public_page_for_a_proposal_a_foreign_cause_or_a_council_without_one(app, db, town):
    proposal = propose(db, town, title="Kun et forslag")
    client = app.test_client()
    assert client.get(f"/public/council/{town.roskilde.slug}/causes/{proposal.id}").status_code == 404
    assert client.get(f"/public/council/{town.roskilde.slug}/causes/not-an-id").status_code == 404
    theirs = choose(db, propose(db, town, author="emil", title="Deres", term=_their_term(db, town)))
    assert client.get(f"/public/council/{town.roskilde.slug}/causes/{theirs.id}").status_code == 404
    assert client.get(f"/public/council/{town.ballerup.slug}/causes/{theirs.id}").status_code == 404  # no page
    chosen = choose(db, propose(db, town, title="Valgt"))
    town.council.public_page = False
    db.add(town.council)
    db.commit()
    assert client.get(f"/public/council/{town.roskilde.slug}/causes/{chosen.id}").status_code == 404


def _their_term(db, town):  # type: ignore[no-untyped-def]
    from youthvoice.council import rules

    term = rules.current_term(db, town.other_council, today())
    assert term is not None
    return term


def test_the_admin_invites_a_respondent_for_a_committee(app, db, town):
    henrik = client_for(app, town["henrik"])
    committee = town.committees["Skoleudvalget"]
    missing = post_form(
        henrik, "/admin/invite", {"display_name": "Anne Berg", "role": "respondent"}, token_page="/admin/"
    )
    assert missing.status_code == 400
    assert "Please choose the committee they answer for." in missing.get_data(as_text=True)
    response = post_form(
        henrik,
        "/admin/invite",
        {
            "display_name": "Anne Berg",
            "role": "respondent",
            "title": "Udvalgssekretær",
            "committee_id": str(committee.id),
        },
        token_page="/admin/",
    )
    assert response.status_code == 302
    reread(db)
    anne = db.exec(select(User).where(User.display_name == "Anne Berg")).one()
    assert anne.role == Role.RESPONDENT and not anne.is_coordinator
    assert db.exec(select(CommitteeRespondent.committee_id).where(CommitteeRespondent.user_id == anne.id)).all() == [
        committee.id
    ]
    assert "Skoleudvalget" in henrik.get(response.headers["Location"]).get_data(as_text=True)


def test_only_respondents_are_added_to_a_committee(app, db, town):
    with pytest.raises(NotFound):
        accountability.add_respondent(db, committee=town.committees["Skoleudvalget"], person=town["lene"])
    with pytest.raises(InvalidInput):
        accountability.add_committee(db, actor=town["karina"], council=town.council, name=" ")
