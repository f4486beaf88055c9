"""Every route, every role: each endpoint of the app is in ROUTES with who may reach it; everyone else gets a 404
(or, not logged in, the log-in page). A route added without a line here makes this test fail.

The world is the demo municipality (built by the real seeding code) with a few additions, so every relation the
access rules distinguish exists: Sara's meeting is shared with Lene (everything), with her bisidder Hanne (the
preparation), it was shared with Mette and withdrawn, Ali works with Sara but was never shown anything, Dora was
shown everything and then deactivated, Sofie works in another municipality. Søren from Sara's network is her
supporter (issue 20: he sees her housing goal and nothing else); Birthe was her supporter until Sara ended it.
Maja, a volunteer facilitator (tovholder), runs the demo's peer group "Boligjagt forår 2027" (issue 20.3), with
Sara, Jonas and Nikolaj in it: Nikolaj is a young person not in care, with a peer-only account.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask, url_for
from sqlmodel import col, select
from support.client import csrf_token
from support.people import login_as

from youthvoice.core.db import new_session
from youthvoice.council.models import Cause, Comment, CommitteeRespondent, Council, Term, VotingRound
from youthvoice.demo.seed import seed_demo
from youthvoice.identity import accounts
from youthvoice.identity.models import LoginSession, Municipality, Passkey, Role, User
from youthvoice.meetings.models import Meeting, MeetingDecision, MeetingPoint, NextStep, Response
from youthvoice.network.models import NetworkPerson, StepSuggestion
from youthvoice.notify.models import Notification
from youthvoice.sharing import sharing
from youthvoice.sharing.models import ShareScope
from youthvoice.support import support

ROLES = ("anonymous", "owner", "other_young", "shared_pro", "unshared_pro", "withdrawn_pro", "foreign_pro",
         "deactivated_pro", "coordinator", "council_member", "bisidder", "admin", "partner", "respondent",
         "supporter", "ended_supporter", "facilitator", "peer")

EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - {"anonymous", "deactivated_pro", "ended_supporter"}
YOUNG = frozenset({"owner", "other_young", "council_member"})
PROS = frozenset({"shared_pro", "unshared_pro", "withdrawn_pro", "foreign_pro", "coordinator"})
COUNCIL = frozenset({"coordinator", "council_member"})
OWNER = frozenset({"owner"})
NOBODY: frozenset[str] = frozenset()


def _(*roles: str) -> frozenset[str]:
    return frozenset(roles)


# endpoint -> roles that reach it. Everyone else: 404 (logged in) or the log-in page (anonymous, deactivated).
ROUTES: dict[str, frozenset[str]] = {
    # public
    "health.healthz": EVERYONE, "pwa.manifest": EVERYONE, "pwa.service_worker": EVERYONE, "pwa.offline": EVERYONE,
    "assets.static_file": EVERYONE, "support.rights_index": EVERYONE, "support.rights_page": EVERYONE,
    "legal.accessibility": EVERYONE, "legal.privacy": EVERYONE, "legal.privacy_staff": EVERYONE,
    "metrics.metrics": NOBODY,  # only for METRICS_ALLOWED addresses (none here): tests/test_metrics.py
    "council_public.page": EVERYONE, "council_public.cause": EVERYONE, "council_public.causes_data": EVERYONE,
    "council_public.rounds_data": EVERYONE, "council_public.feed": EVERYONE,
    "council_public.picture": EVERYONE,  # a picture of a public cause
    "auth.login": EVERYONE, "auth.login_options": EVERYONE,
    "auth.login_verify": EVERYONE, "auth.recover": EVERYONE, "auth.recover_options": EVERYONE,
    "auth.recover_verify": EVERYONE, "auth.logout": EVERYONE, "main.set_language": EVERYONE,
    # staff log-in through the municipality's provider: the page and the way back are public (the way back without
    # a log-in under way is a 400 for everyone); no municipality here has a provider, so starting one is a 404
    # (tests/test_oidc.py runs it against a real provider)
    "oidc.staff": EVERYONE, "oidc.callback": EVERYONE, "oidc.start": NOBODY, "oidc.provider": _("admin"),
    "main.home": LOGGED_IN,  # anonymous is sent to log in; everyone else has a home
    # an unknown invite token is a 404 for everyone; checked for all roles alike
    "auth.invite": NOBODY, "auth.invite_options": NOBODY, "auth.invite_verify": NOBODY,
    "demo.index": EVERYONE, "demo.login_as": NOBODY,  # (demo mode only; not registered in these tests)
    # one's own account
    **dict.fromkeys(["account.index", "account.new_recovery_codes", "account.add_passkey_options",
                     "account.add_passkey_verify", "account.end_other_sessions", "account.welcome",
                     "notifications.index", "notifications.read_all", "push.key", "push.subscribe",
                     "push.unsubscribe", "push.state"], LOGGED_IN),
    # recovery: a locked phone's page and unlock form (anyone logged in: the page says nothing is locked), stopping a
    # recovery link of one's own account, and a second member of staff approving one
    "recovery.locked": LOGGED_IN, "recovery.unlock": LOGGED_IN, "recovery.stop": LOGGED_IN,
    "recovery.approve": _("admin", "unshared_pro", "withdrawn_pro"),  # Lene made Sara's link; not she
    "account.end_session": OWNER, "account.remove_passkey": OWNER, "account.rename_passkey": OWNER,
    "notifications.open_one": OWNER, "account.work_hours": PROS,
    # email when something is new: staff, and young members of the youth council (for its news only)
    "account.email_on": PROS | {"admin", "council_member"}, "account.email_off": PROS | {"admin", "council_member"},
    **dict.fromkeys(["mydata.my_data", "mydata.my_data_json", "mydata.my_data_print", "mydata.delete_account",
                     "mydata.undo_delete"], YOUNG | {"peer"}),  # a peer's data: their posts and memberships
    **dict.fromkeys(["mydata.portfolio", "mydata.portfolio_print", "mydata.my_recordings", "mydata.my_pictures"],
                    YOUNG),
    # the young person's own areas
    **dict.fromkeys(["meetings.index", "meetings.my_voice", "meetings.new", "decisions.index", "transparency.index",
                     "support.index",
                     "support.invite", "support.help_now", "support.urgent", "network.index", "network.add",
                     "network.share", "network.stop_sharing", "steps.index", "steps.log", "steps.rate",
                     "steps.share", "steps.stop_sharing", "steps.goal", "steps.goal_reached", "steps.goal_remove",
                     "housing.index", "housing.step", "housing.save_step", "housing.remove", "housing.share",
                     "housing.stop_sharing", "transition.index", "transition.tick", "transition.share",
                     "transition.stop_sharing"],
                    YOUNG),
    "network_growth.mine": YOUNG,  # how my network has grown
    # supporters from my network (issue 20): hers to invite, share with and end; the supporter's own pages about
    # her, with nothing of the case, the meetings or anything she did not share (every other line leaves him out)
    "supporters.index": YOUNG, "supporters.invite": YOUNG, "supporters.share": OWNER, "supporters.end": OWNER,
    "backing.home": _("supporter"), "backing.young": _("supporter"), "backing.message": _("supporter"),
    # peer groups (issue 20.3): the group is its facilitator's and its members' only (Sara, Liva; Mads and Amira are in
    # none, professionals may run groups but not Maja's); a peer reaches nothing else of the young person's pages
    "groups.index": YOUNG | PROS | {"facilitator", "peer"}, "groups.create": PROS | {"facilitator"},
    **dict.fromkeys(["groups.show", "groups.post"], _("owner", "peer", "facilitator")),
    "groups.delete_post": OWNER,  # (her own reply; nobody else's)
    "groups.flag": _("owner"),  # (Nikolaj's housing lead: not the author's, not the facilitator's)
    "groups.leave": _("owner", "peer"),
    **dict.fromkeys(["groups.hide", "groups.show_again", "groups.manage", "groups.invite_peer", "groups.invite_member",
                     "groups.add_meeting", "groups.remove_member", "groups.close"], _("facilitator")),
    "groups.join": NOBODY,  # an unknown join link is a 404 for everyone
    # a preview of what one of my people sees (Lene works with Sara and with Mads)
    "network.preview": _("owner", "other_young"), "steps.preview": _("owner", "other_young"),
    "housing.preview": _("owner", "other_young"), "transition.preview": _("owner", "other_young"),
    # preparing her meeting about moving to adult life with her plan (issue 19.5)
    "transition.prepare": OWNER, "transition.prepare_add": OWNER,
    **dict.fromkeys(["network.edit", "network.ask", "network.invite", "network.remove", "steps.step_done",
                     "steps.step_remove", "steps.accept", "steps.decline", "support.remove"], OWNER),
    # Sara's meeting: she reaches everything; Lene what was shared with her; Hanne her part
    **dict.fromkeys(["meetings.edit", "meetings.share", "meetings.stop_sharing", "meetings.preview",
                     "preparation.start", "preparation.step", "preparation.save_step", "preparation.autosave",
                     "preparation.picture_cards", "preparation.add_picture_cards",
                     "room.index", "room.toggle_point", "room.add_note",
                     "room.outcome", "room.signal", "follow_up.after", "follow_up.save_after",
                     "follow_up.toggle_step", "follow_up.receipt", "follow_up.accept",
                     "follow_up.contest", "follow_up.helpful", "decisions.update"], OWNER),
    "meetings.show": _("owner", "shared_pro", "bisidder"), "meetings.summary": _("owner", "shared_pro", "bisidder"),
    "meetings.signals": _("shared_pro", "bisidder"), "decisions.show": _("owner", "shared_pro"),
    "follow_up.respond": _("shared_pro"), "follow_up.answer": _("shared_pro"),
    "follow_up.reply": _("owner", "shared_pro"),
    "meetings.help_prepare": _("bisidder"), "meetings.add_bisidder_note": _("bisidder"),
    # her voice answer on a point of the preparation: heard by whoever sees the preparation; kept and deleted by her
    "voice.play": _("owner", "shared_pro", "bisidder"), "voice.keep": OWNER, "voice.delete": OWNER,
    # the professional's pages about a young person of theirs
    "people.dashboard": PROS, "people.invite": PROS,
    **dict.fromkeys(["people.person", "people.new_meeting", "people.new_link", "people.case_dates"],
                    _("shared_pro", "unshared_pro", "withdrawn_pro")),
    # a journal note of Sara's meeting for the case file: by whom its content is shared with, opened by its maker
    "people.make_journal_note": _("shared_pro"), "people.journal_note": _("shared_pro"),
    # colleagues and handover (issue 18.2): Lene's profile, seen by the young people she works with (Sara, Mads);
    # one's own profile and handover notes; a note by the caseworker who left (Mette handed Sara to Lene); adding a
    # colleague, by those who work with Sara (the world's municipality allows it); the team's receipt figures for
    # the admin and the team lead (the demo's Lene)
    "colleagues.profile": _("owner", "other_young"), "colleagues.ask_change": _("owner", "other_young"),
    "colleagues.edit_profile": PROS, "colleagues.handovers": PROS, "colleagues.write_note": _("withdrawn_pro"),
    "colleagues.add_colleague": _("shared_pro", "unshared_pro", "withdrawn_pro"),
    "colleagues.team_view": _("admin", "shared_pro"),
    "colleagues.upload_photo": PROS, "colleagues.remove_photo": PROS,
    # Lene's photo: herself, the admin, and the young people she works with (as her profile)
    "colleagues.photo": _("shared_pro", "admin", "owner", "other_young"),
    # (Sara opening her own page "of" herself is sent to her own network and steps)
    "network.of": _("owner", "shared_pro"), "steps.of": _("owner", "shared_pro"), "steps.suggest": _("shared_pro"),
    "housing.of": _("owner", "shared_pro"),  # Sara's housing wishes, shared with Lene (and Mette, then withdrawn)
    "transition.of": _("owner", "shared_pro"),  # her plan for adult life, likewise
    "network_growth.of": _("owner", "shared_pro"),
    # ties to my home municipality (issue 19.3): her page, her offer of help (shown to Lene; Karina coordinates
    # Roskilde, not Sara's home municipality Ballerup), the coordinator's news page, and a caseworker of hers or the
    # admin recording it
    **dict.fromkeys(["hometies.index", "hometies.choose", "hometies.offer", "hometies.offer_share",
                     "hometies.offer_remove"], YOUNG),
    "hometies.offer_of": _("owner", "shared_pro"),
    **dict.fromkeys(["hometies.coordinator", "hometies.news_new", "hometies.news_edit", "hometies.news_remove"],
                    _("coordinator")),
    "hometies.set_for": _("shared_pro", "unshared_pro", "withdrawn_pro", "admin"),
    "support.acknowledge": _("shared_pro"),
    # away and cover (issue 18.3): each professional sets their own absence; the admin the out-of-hours service
    **dict.fromkeys(["support.absence_page", "support.set_absence", "support.end_absence"], PROS),
    "admin.out_of_hours": _("admin"),
    # a meeting Lene put in Mads's list (the demo's transition meeting): only she moves or cancels it
    "people.move_meeting": _("shared_pro"), "people.cancel_meeting": _("shared_pro"),
    # the admin
    **dict.fromkeys(["admin.index", "admin.invite", "admin.voice", "admin.transitions", "admin.steps_overview",
                     "admin.housing_overview", "admin.network_overview",
                     "admin.person", "admin.new_link", "admin.deactivate", "admin.request_erasure",
                     "admin.provider_link"], _("admin")),
    # does having a say make a difference? The admin's figures and opt-in; the partnership's evaluator (Eva) sees
    # the figures of the municipalities that opted in (the demo's Roskilde), and nothing else but her own account
    **dict.fromkeys(["evidence.admin_page", "evidence.admin_csv", "evidence.sharing"], _("admin")),
    **dict.fromkeys(["handover_admin.add_professional", "handover_admin.move", "handover_admin.requests",
                     "handover_admin.request_done", "handover_admin.colleagues_setting",
                     "handover_admin.team_lead"], _("admin")),
    "evidence.dictionary": _("admin", "partner"),
    **dict.fromkeys(["evidence.partner_index", "evidence.partner_page", "evidence.partner_csv"], _("partner")),
    # the youth council
    **dict.fromkeys(["council.overview", "council.causes", "council.terms", "council.term",
                     "council_causes.cause", "council_causes.history", "council_causes.comment",
                     "council_members.index", "council_rounds.show",
                     "council_causes.post_update",  # updates: the coordinator or the members
                     "council_causes.merge"], COUNCIL),  # merge: the coordinator, or the author (the member's)
    "council_causes.answer_merge": _("council_member"),  # the author asked (a request to merge into hers)
    # a proposal's picture: whoever may see the proposal; removed only by the member who added it (issue 21.4)
    "council_pictures.picture": COUNCIL, "council_pictures.remove": _("council_member"),
    "council_moderation.flag": _("council_member"), "council_moderation.leave": _("coordinator"),
    **dict.fromkeys(["council_causes.support", "council_causes.unsupport", "council_members.consent",
                     "council_rounds.vote", "council_causes.propose", "council_causes.autosave_new"],
                    _("council_member")),
    **dict.fromkeys(["council_causes.edit", "council_causes.step_one", "council_causes.step_two",
                     "council_causes.autosave", "council_causes.delete"], _("council_member")),
    **dict.fromkeys(["council.settings", "council.setup", "council_causes.change_status",
                     "council_causes.discuss", "council_causes.hide_comment", "council_causes.show_comment",
                     "council_causes.answer_date",
                     "council_members.invite", "council_members.member", "council_members.new_link",
                     "council_members.remove", "council_rounds.new", "council_rounds.end",
                     "council_accountability.committees", "council_accountability.send",
                     "council_accountability.progress", "council_accountability.add_milestone",
                     "council_accountability.milestone_done"], _("coordinator")),
    # the committee respondent (a politician or secretary): the causes sent to their committee, and nothing else
    # beyond their own account (LOGGED_IN above)
    # the youth panel (issue 21.5): Amira and Sara are on it (the demo's panel); the coordinator asks and publishes
    **dict.fromkeys(["panel.index", "panel.show"], _("coordinator", "council_member", "owner")),
    **dict.fromkeys(["panel.new", "panel.publish", "panel.close", "panel.members", "panel.remove_member"],
                    _("coordinator")),
    **dict.fromkeys(["panel.answer", "panel.remove_answer", "panel.leave"], _("council_member", "owner")),
    # from my case to our cause (issue 21.6): the topics counted, for the panel; Sara sends her own point to it
    "panel.topic_counts": _("coordinator", "council_member", "owner"),
    "panel.send": OWNER,
    **dict.fromkeys(["panel.hide_submission", "panel.show_submission"], _("coordinator")),
    **dict.fromkeys(["council_answers.index", "council_answers.cause", "council_answers.answer"], _("respondent")),
    # the JSON API (/api/v1): the same rules as the pages; not logged in is a 401, not a redirect
    "api.openapi": EVERYONE, "api.me": LOGGED_IN, "api.my_meetings": YOUNG, "api.my_steps": YOUNG,
    "api.log_step": YOUNG, "api.meeting_preparation": _("owner", "shared_pro", "bisidder"),
    "api.save_preparation": OWNER, "api.add_point": OWNER, "api.add_decision": OWNER, "api.add_note": OWNER,
}


# Where POST is for fewer people than GET.
POST_ROUTES: dict[str, frozenset[str]] = {"council.terms": _("coordinator")}


def visible_to(endpoint: str) -> frozenset[str]:
    """Who can see the thing a route acts on: for them a refused action may be a 403 ("you cannot do that");
    for everyone else it must be a 404, which does not confirm that the thing exists."""
    if endpoint.startswith("council_answers"):
        return _("respondent")
    if endpoint.startswith("council"):
        return COUNCIL
    if endpoint.split(".")[0] in ("meetings", "preparation", "room", "follow_up"):
        return ROUTES["meetings.show"]
    return ROUTES.get(endpoint, NOBODY)


@dataclass
class World:
    people: dict[str, User]
    values: dict[str, Any]


def _build(app: Flask) -> World:
    seed_demo(app)
    with new_session(app) as db:
        def person(name: str) -> User:
            return db.exec(select(User).where(User.display_name == name)).one()

        people = {"owner": person("Sara"), "other_young": person("Mads"), "shared_pro": person("Lene Holm"),
                  "coordinator": person("Karina Olsen"), "council_member": person("Amira"),
                  "bisidder": person("Hanne Kjær"), "admin": person("Henrik Madsen"), "partner": person("Eva Lund"),
                  "respondent": person("Birgit Lund"), "facilitator": person("Maja Holt"), "peer": person("Nikolaj"),
                  "foreign_pro": person("Sofie Berg"), "unshared_pro": person("Ali Demir"),
                  "withdrawn_pro": person("Mette Larsen")}
        sara = people["owner"]
        town = db.get(Municipality, sara.municipality_id)
        dora = accounts.create_person(db, municipality_id=town.id, role=Role.PROFESSIONAL, display_name="Dora Dahl",
                                      status="active")
        people["deactivated_pro"] = dora
        for key in ("unshared_pro", "withdrawn_pro", "deactivated_pro"):
            accounts.link(db, young_person=sara, other=people[key])
        meeting = db.exec(select(Meeting).where(Meeting.owner_id == sara.id, col(Meeting.kind) == "plan")).one()
        everything = ["basics", "preparation", "decisions", "after"]
        sharing.set_meeting_share(db, owner=sara, meeting=meeting, grantee=people["bisidder"], parts=["preparation"])
        for key in ("withdrawn_pro", "deactivated_pro"):
            sharing.set_meeting_share(db, owner=sara, meeting=meeting, grantee=people[key], parts=everything)
            sharing.set_scope_share(db, owner=sara, grantee=people[key], scope=ShareScope.NETWORK, shared=True)
        sharing.set_meeting_share(db, owner=sara, meeting=meeting, grantee=people["withdrawn_pro"], parts=[])
        sharing.set_scope_share(db, owner=sara, grantee=people["withdrawn_pro"], scope=ShareScope.NETWORK,
                                shared=False)
        accounts.deactivate(db, person=dora, actor=people["admin"])
        # Colleagues and handover (issue 18.2, 18.8): colleagues may add colleagues here, Mette handed a young person
        # to Lene (a handover row to write a note on), Sara asked for someone else than Ali.
        from youthvoice.casework import handover
        from youthvoice.identity.models import Handover

        town.colleagues_may_add = True
        db.add(town)
        old_handover = Handover(municipality_id=town.id, young_person_id=sara.id, from_id=people["withdrawn_pro"].id,
                                to_id=people["shared_pro"].id, moved_by_id=people["admin"].id)
        db.add(old_handover)
        contact_request = handover.ask_for_another_contact(db, young_person=sara, professional=people["unshared_pro"])
        from youthvoice.identity import recovery

        recovery.issue_link(db, person=sara, created_by=people["shared_pro"], invite_days=7, recovery_hours=48)
        from youthvoice.casework import journal
        from youthvoice.sharing.access import meeting_for

        note = journal.make(db, seen=meeting_for(db, people["shared_pro"], meeting.id, log_view=False))
        urgent = support.send_urgent(db, young_person=sara, professional_id=people["shared_pro"].id, text="help")
        passkey = Passkey(user_id=sara.id, credential_id=secrets.token_bytes(16), public_key=b"x", name="Phone")
        db.add(passkey)
        raw = secrets.token_urlsafe(16)
        from datetime import timedelta

        from youthvoice.core.model import utcnow
        from youthvoice.identity.sessions import hash_session_id

        db.add(LoginSession(id=hash_session_id(raw), user_id=sara.id, idle_minutes=30,
                            expires_at=utcnow() + timedelta(hours=1)))
        council = db.exec(select(Council).where(Council.municipality_id == town.id)).one()
        term = db.exec(select(Term).where(Term.council_id == council.id).order_by(col(Term.starts_on).desc())).first()
        from datetime import date

        from youthvoice.council import causes as council_causes

        today = date.today()
        current = db.exec(select(Term).where(Term.council_id == council.id, Term.starts_on <= today)
                          .order_by(col(Term.starts_on).desc())).first()
        cause = council_causes.start_draft(db, actor=people["council_member"], term=current, today=today,
                                           fields={"title": "Flere bænke", "change": "Bænke i skolegården",
                                                   "why": "Vi står op", "who": "Alle elever", "category": "school"})
        council_causes.submit(db, actor=people["council_member"], cause=cause, today=today)
        draft = council_causes.start_draft(db, actor=people["council_member"], term=current, today=today,
                                           fields={"title": "Et udkast"})
        # the coordinator asks to merge a duplicate into the member's proposal: she is asked to answer
        duplicate = council_causes.start_draft(db, actor=person("Freja"), term=current, today=today,
                                               fields={"title": "Bænke", "change": "Flere bænke", "why": "Vi står"})
        council_causes.submit(db, actor=person("Freja"), cause=duplicate, today=today)
        council_causes.propose_merge(db, actor=people["coordinator"], cause=duplicate, into_id=cause.id,
                                     today=today)
        chosen = db.exec(select(Cause).where(Cause.term_id == current.id, col(Cause.status) == "in_progress")).first()
        presented = db.exec(select(Cause).where(Cause.term_id == current.id, col(Cause.status) == "presented")).first()
        from youthvoice.council import accountability
        from youthvoice.council.models import Committee, Milestone

        committee = db.exec(select(Committee).join(CommitteeRespondent,
                                                   col(CommitteeRespondent.committee_id) == Committee.id)
                            .where(CommitteeRespondent.user_id == people["respondent"].id)).one()
        accountability.send_to_committee(db, actor=people["coordinator"], cause=presented, committee=committee,
                                         today=today)

        from youthvoice.council.models import Consultation, PanelMember, PanelSubmission

        place = db.exec(select(PanelMember).where(  # the demo's panel: Amira is on it, with an open question
            PanelMember.user_id == people["council_member"].id)).one()
        question = db.exec(select(Consultation).where(Consultation.municipality_id == town.id)
                           .order_by(col(Consultation.closes_on).desc())).first()
        values = {
            "consultation_id": question.id, "member_id": place.id,
            "submission_id": db.exec(select(PanelSubmission.id).where(  # the demo's: sent to the panel
                PanelSubmission.municipality_id == town.id)).first(),
            "meeting_id": meeting.id, "fmt": "json",
            "milestone_id": db.exec(select(Milestone.id).where(Milestone.municipality_id == town.id)).first(),
            "link_id": db.exec(select(MeetingDecision.id).where(MeetingDecision.meeting_id == meeting.id)).first(),
            "point_id": db.exec(select(MeetingPoint.id).where(MeetingPoint.meeting_id == meeting.id)).first(),
            "decision_id": db.exec(select(MeetingDecision.decision_id).where(
                MeetingDecision.meeting_id == meeting.id)).first(),
            "response_id": db.exec(select(Response.id).where(Response.meeting_id == meeting.id,
                                                             col(Response.parent_id).is_(None))).first(),
            "step_id": db.exec(select(NextStep.id).where(NextStep.meeting_id == meeting.id)).first(),
            "handover_id": old_handover.id, "request_id": contact_request.id,
            "professional_id": people["shared_pro"].id,
            **_photo_of(db, people["shared_pro"]),
            "recording_id": _voice_answer(db, sara, meeting),
            "message_id": urgent.id, "note_id": note.id, "passkey_id": passkey.id, "session_id": hash_session_id(raw),
            "notification_id": db.exec(select(Notification.id).where(Notification.user_id == sara.id)).first(),
            "entry_id": db.exec(select(NetworkPerson.id).where(NetworkPerson.owner_id == sara.id)).first(),
            "young_id": sara.id, "grantee_id": people["shared_pro"].id, "area": "housing",
            "suggestion_id": db.exec(select(StepSuggestion.id).where(StepSuggestion.owner_id == sara.id)).first(),
            "cause_id": cause.id if cause else None,
            **_pictures_on(db, cause, people["council_member"], chosen),
            "comment_id": db.exec(select(Comment.id).where(Comment.municipality_id == town.id,
                                                           col(Comment.hidden_at).is_(None))).first(),
            "round_id": db.exec(select(VotingRound.id).where(VotingRound.term_id == term.id)).first(),
            "term_id": term.id,
            "user_id": people["council_member"].id, "slug": None, "token": "not-a-real-token", "key": "hard",
            "kind": "break", "filename": "css/app.css",
        }
        # Small steps of Sara's: their own ids, a goal in two areas, two open suggestions from Lene.
        from youthvoice.network import steps as small_steps
        from youthvoice.sharing.access import steps_for

        step = small_steps.log_step(db, owner=sara, area="housing", text="Ringede om en lejlighed", day=None,
                                    done=False)
        small_steps.set_goal(db, owner=sara, area="housing", text="Egen lejlighed")
        for young in ("owner", "other_young", "council_member"):
            small_steps.set_goal(db, owner=people[young], area="money", text="Et budget")
        lene_view = steps_for(db, people["shared_pro"], sara.id, log_view=False)
        accepted = small_steps.suggest(db, access=lene_view, area="housing", text="Se på boligsiden")
        declined = small_steps.suggest(db, access=lene_view, area="money", text="Lav et budget")
        # Sara's housing wishes (issue 19.2), shown to Lene, and to Mette until she withdrew them.
        from youthvoice.network import housing as housing_wishes

        for key, answers in (("kind", {"kind": "other", "kind_other": "Et bofællesskab"}),
                             ("where", {"town": "Roskilde", "near_whom": "Mormor"}),
                             ("with_whom", {"with_whom": "Alene"}),
                             ("money", {"afford": "4000 kr"}), ("help", {"help_needed": "Flyttehjælp"})):
            housing_wishes.save_answers(db, owner=sara, key=key, values=answers)
        for key, shared in (("shared_pro", True), ("withdrawn_pro", True), ("withdrawn_pro", False)):
            sharing.set_scope_share(db, owner=sara, grantee=people[key], scope=ShareScope.HOUSING, shared=shared)
        # Her plan for adult life (issue 19.1): a tick, shown to Lene, and to Mette until she withdrew it; and her
        # meeting about moving to adult life, prepared with it.
        from youthvoice.meetings import meetings
        from youthvoice.transition import plan as transition_plan

        transition_plan.tick(db, owner=sara, item="bank", done=True)
        for key, shared in (("shared_pro", True), ("withdrawn_pro", True), ("withdrawn_pro", False)):
            sharing.set_scope_share(db, owner=sara, grantee=people[key], scope=ShareScope.TRANSITION, shared=shared)
        adult_life = meetings.create_meeting(db, owner=sara, created_by=sara, data=meetings.MeetingInput(
            kind="transition", starts_at=utcnow() + timedelta(days=9), place="", others="", participant_ids=[]),
            allowed_participants=[])
        values["suggestion_id"] = accepted.id
        # Sara's supporters from her network (issue 20): Søren sees her housing goal; Birthe did, until she ended it.
        from youthvoice.network import supporters

        for key, name in (("supporter", "Søren"), ("ended_supporter", "Birthe")):
            entry = next(entry for entry in db.exec(select(NetworkPerson).where(NetworkPerson.owner_id == sara.id))
                         if entry.name == name)
            issued = supporters.invite_supporter(db, young_person=sara, entry=entry, name=name, relation="",
                                                 lifetime=timedelta(days=7))
            backer = db.get(User, issued.invite.user_id)
            backer.status = "active"
            db.add(backer)
            supporters.share_goals(db, owner=sara, supporter=backer, areas=["housing"])
            people[key] = backer
        supporters.end_supporter(db, young_person=sara, supporter_id=people["ended_supporter"].id)
        made_by_lene = db.exec(select(Meeting.id).where(Meeting.owner_id == people["other_young"].id,
                                                        Meeting.created_by_id == people["shared_pro"].id)).first()
        # Sara's offer of help, shown to Lene (Karina may not be shown it: she coordinates Roskilde, and Sara comes
        # from Ballerup); Karina's news.
        from youthvoice.council import hometies

        hometies.save_offer(db, owner=sara, text="Jeg kan fortælle om at bo i familiepleje")
        sharing.set_scope_share(db, owner=sara, grantee=people["shared_pro"], scope=ShareScope.HELP_OFFER,
                                shared=True)
        values["news_id"] = hometies.post_news(db, actor=people["coordinator"], fields={"title": "Sommerjob"}).id
        from youthvoice.groups.models import GroupPost, PeerGroup

        group = db.exec(select(PeerGroup).where(PeerGroup.municipality_id == town.id)).one()
        values["group_id"] = group.id
        values["post_id"] = db.exec(select(GroupPost.id).where(GroupPost.group_id == group.id,
                                                               GroupPost.owner_id == people["facilitator"].id)).one()
        nikolajs_lead = db.exec(select(GroupPost.id).where(GroupPost.owner_id == people["peer"].id)).one()
        saras_reply = db.exec(select(GroupPost.id).where(GroupPost.owner_id == sara.id)).one()
        jonas = db.exec(select(User.id).where(User.display_name == "Jonas")).one()  # (a member, in no role here)
        values["overrides"] = {
            "groups.flag": {"post_id": nikolajs_lead}, "groups.delete_post": {"post_id": saras_reply},
            "groups.remove_member": {"member_id": jonas},
            "steps.decline": {"suggestion_id": declined.id}, "steps.step_done": {"step_id": step.id},
            "steps.step_remove": {"step_id": step.id}, "steps.goal_remove": {"area": "money"},
            "housing.step": {"key": "where"}, "housing.save_step": {"key": "where"},
            "transition.tick": {"item": "mitid"},
            **{endpoint: {"meeting_id": adult_life.id}
               for endpoint in ("transition.prepare", "transition.prepare_add")},
            **{endpoint: {"meeting_id": made_by_lene} for endpoint in ("people.move_meeting", "people.cancel_meeting")},
            # handing over and the team lead flag are about a professional: Lene, and Ali
            "handover_admin.move": {"person_id": people["shared_pro"].id},
            "handover_admin.team_lead": {"person_id": people["unshared_pro"].id},
            "voice.keep": {"item_kind": "point", "item_id": values["point_id"]},
            # the follow-through is for chosen causes; deleting is for drafts
            "council_causes.change_status": {"cause_id": chosen.id},
            "council_causes.post_update": {"cause_id": chosen.id},
            "council_causes.answer_date": {"cause_id": presented.id},  # moving the promised date: while awaited
            "council_causes.delete": {"cause_id": draft.id},
            "council_public.picture": {"cause_id": chosen.id, "picture_id": values["public_picture_id"]},
            # accountability is for chosen causes; the respondent answers the one sent to her committee
            **{endpoint: {"cause_id": chosen.id} for endpoint in (
                "council_accountability.send", "council_accountability.progress",
                "council_accountability.add_milestone", "council_public.cause")},
            **{endpoint: {"cause_id": presented.id}
               for endpoint in ("council_answers.cause", "council_answers.answer")},
            # a member flags someone else's comment
            "council_moderation.flag": {"comment_id": db.exec(select(Comment.id).where(
                Comment.municipality_id == town.id, col(Comment.hidden_at).is_(None),
                Comment.author_id != people["council_member"].id)).first()},
        }
        db.commit()
        return World(people=people, values=values)


def _voice_answer(db: Any, sara: User, meeting: Meeting) -> Any:
    """Sara says one of her points aloud as well (issue 17.1)."""
    from support.audio import webm

    from youthvoice.meetings import recordings
    from youthvoice.meetings.models import VoiceAnswerTo

    point = db.exec(select(MeetingPoint).where(MeetingPoint.meeting_id == meeting.id)).first()
    return recordings.keep(db, owner=sara, answers=VoiceAnswerTo.POINT, item_id=point.id, meeting_id=meeting.id,
                           data=webm(b"Sara siger det selv")).id


def _pictures_on(db: Any, cause: Any, member: User, chosen: Any) -> dict[str, Any]:
    """The member puts a picture on her proposal (issue 21.4); the demo's chosen cause has one too (in public)."""
    from datetime import date

    from support.pictures import small_photo

    from youthvoice.core import images
    from youthvoice.council import pictures
    from youthvoice.council.models import CauseImage

    mine = pictures.add(db, actor=member, cause=cause, today=date.today(), upload=small_photo(), alt="Bænken")
    made = images.reencode(small_photo())
    public = CauseImage(municipality_id=chosen.municipality_id, cause_id=chosen.id, added_by_id=chosen.author_id,
                        data=made.data, width=made.width, height=made.height)
    db.add(public)
    db.flush()
    return {"picture_id": mine.id, "public_picture_id": public.id}


def _photo_of(db: Any, professional: User) -> dict[str, Any]:
    """Lene puts a photo on her profile (issue 18.2); nothing to add to the URL values."""
    import io

    from PIL import Image

    from youthvoice.casework import handover

    picture = io.BytesIO()
    Image.new("RGB", (40, 40), (20, 90, 80)).save(picture, format="PNG")
    handover.set_photo(db, person=professional, upload=picture.getvalue())
    return {}


def _person_id_for(endpoint: str, world: World) -> Any:
    if endpoint == "support.remove":
        return world.people["bisidder"].id
    if endpoint.startswith("supporters."):
        return world.people["supporter"].id
    if endpoint in ("meetings.preview", "admin.provider_link"):  # a professional (only staff log in that way)
        return world.people["shared_pro"].id
    return world.people["owner"].id


def _url(app: Flask, rule: Any, world: World) -> str:
    values = {}
    overrides = world.values["overrides"].get(rule.endpoint, {})
    for name in rule.arguments:
        if name in overrides:
            values[name] = overrides[name]
        elif name == "person_id":
            values[name] = _person_id_for(rule.endpoint, world)
        elif name == "slug":
            values[name] = "bisidder" if rule.endpoint.startswith("support.") else "demo-roskilde"
        else:
            values[name] = world.values[name]
            assert values[name] is not None, f"the world has no {name} for {rule.endpoint}"
    with app.test_request_context():
        return url_for(rule.endpoint, **values)


# Run last, in this order: they remove what the other routes use (each role gets a fresh world).
DESTRUCTIVE = ["people.new_link", "admin.new_link",  # (a new link replaces the recovery link waiting for approval)
               "council.settings", "network.remove", "steps.step_remove", "council_causes.delete",
               "council_pictures.remove",  # (before council_members.remove: the fuzz removes the member herself)
               "support.remove",
               "meetings.stop_sharing", "account.end_session", "account.end_other_sessions", "council_members.remove",
               "account.remove_passkey", "admin.deactivate", "hometies.offer_remove", "hometies.news_remove",
               "supporters.end", "people.cancel_meeting", "panel.leave", "panel.remove_answer", "voice.delete",
               "panel.remove_member", "panel.close", "groups.delete_post", "groups.leave",
               "groups.remove_member", "groups.close"]  # (closing last: a closed group takes nothing new)

FORM = {"text": "x", "note": "x", "what": "x", "reason": "x", "contest": "x", "answer": "followed", "kind": "comment",
        "part": "preparation", "target": "t", "outcome": "mine", "mood": "3", "heard": "3", "who_decided": "3",
        "name": "x", "display_name": "x", "title": "x", "change": "x", "body": "x", "votes": "1"}


@pytest.fixture
def world(app: Flask) -> World:
    app.config["TESTING"] = True
    return _build(app)


def test_every_route_is_in_the_table(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - set(ROUTES))
    assert not missing, f"routes without an access line in ROUTES: {missing}"


@pytest.mark.parametrize("role", ROLES)
def test_every_route_for_every_role(app: Flask, world: World, role: str) -> None:
    client = app.test_client()
    if role != "anonymous":
        login_as(app, client, world.people[role])
    token = csrf_token(client, "/rights/")
    failures = []
    order = {endpoint: index for index, endpoint in enumerate(DESTRUCTIVE, start=1)}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (order.get(r.endpoint, 0), r.endpoint)):
        if rule.endpoint.startswith("auth.") or rule.endpoint in ("main.set_language", "account.add_passkey_verify"):
            continue  # ceremonies and the language switch are tested on their own (test_passkeys, test_i18n)
        url = _url(app, rule, world)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if method == "GET":
                response = client.get(url)
            elif method != "POST":
                response = client.open(url, method=method, json={"answers": {"hard": "x"}},
                                       headers={"X-CSRFToken": token})
            else:
                response = client.post(url, data={**FORM, "csrf_token": token}, headers={"X-CSRFToken": token})
            status = response.status_code
            to_login = (status in (302, 303) and "/login" in response.headers.get("Location", "")) or status == 401
            reached = status not in (403, 404, 401) and not to_login
            allowed = role in (POST_ROUTES.get(rule.endpoint, ROUTES[rule.endpoint]) if method == "POST"
                               else ROUTES[rule.endpoint])
            if status == 403 and role not in visible_to(rule.endpoint):
                failures.append(f"{method} {url} ({rule.endpoint}) gave 403 where a 404 must hide it")
            elif status >= 500:
                failures.append(f"{method} {url} ({rule.endpoint}) gave {status}")
            elif allowed and not reached:
                failures.append(f"{method} {url} ({rule.endpoint}) should be reached, gave {status}")
            elif not allowed and reached:
                failures.append(f"{method} {url} ({rule.endpoint}) should be refused, gave {status}")
            elif not allowed and role in ("anonymous", "deactivated_pro", "ended_supporter") and not to_login \
                    and status != 404:
                failures.append(f"{method} {url} ({rule.endpoint}) should send to log in, gave {status}")
    assert not failures, f"{role}:\n" + "\n".join(failures)


