"""Random sequences of sharing and withdrawing: a professional reads exactly while a share is active."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from support.casebuilder import build_case
from support.people import login_as

from youthvoice.core.db import new_session
from youthvoice.core.errors import NotFound
from youthvoice.core.model import utcnow
from youthvoice.identity.models import User
from youthvoice.meetings import meetings
from youthvoice.meetings.models import Meeting
from youthvoice.sharing import sharing
from youthvoice.sharing.access import meeting_for
from youthvoice.sharing.models import ShareScope

PARTS = ("basics", "preparation", "decisions", "after")


def test_share_and_withdraw_in_any_order(app, db) -> None:  # type: ignore[no-untyped-def]
    case = build_case(db)
    lene_client = app.test_client()
    login_as(app, lene_client, case.people["lene"])

    class Sharing(RuleBasedStateMachine):
        @initialize()
        def fresh_meeting(self) -> None:
            with new_session(app) as session:
                sara = session.get(User, case.people["sara"].id)
                meeting = meetings.create_meeting(session, owner=sara, created_by=sara, data=meetings.MeetingInput(
                    kind="plan", starts_at=utcnow() + timedelta(days=2), place="", others="", participant_ids=[]),
                    allowed_participants=[])
                # Each example starts from nothing shared: the network share would otherwise carry over.
                sharing.set_scope_share(session, owner=sara, grantee=session.get(User, case.people["lene"].id),
                                        scope=ShareScope.NETWORK, shared=False)
                session.commit()
                self.meeting_id = meeting.id
            self.parts: set[str] = set()
            self.network = False

        @rule(parts=st.sets(st.sampled_from(PARTS)))
        def share(self, parts: set[str]) -> None:
            with new_session(app) as session:
                sharing.set_meeting_share(session, owner=session.get(User, case.people["sara"].id),
                                          meeting=session.get(Meeting, self.meeting_id),
                                          grantee=session.get(User, case.people["lene"].id), parts=parts)
                session.commit()
            self.parts = set(parts) | ({"basics"} if set(parts) - {"basics"} else set())

        @rule()
        def withdraw_everything(self) -> None:
            with new_session(app) as session:
                sharing.withdraw_all(session, owner=session.get(User, case.people["sara"].id),
                                     meeting=session.get(Meeting, self.meeting_id))
                session.commit()
            self.parts = set()

        @rule(on=st.booleans())
        def share_network(self, on: bool) -> None:
            with new_session(app) as session:
                sharing.set_scope_share(session, owner=session.get(User, case.people["sara"].id),
                                        grantee=session.get(User, case.people["lene"].id),
                                        scope=ShareScope.NETWORK, shared=on)
                session.commit()
            self.network = on

        @invariant()
        def lene_sees_exactly_what_is_shared(self) -> None:
            with new_session(app, write=False) as session:
                lene = session.get(User, case.people["lene"].id)
                try:
                    seen = meeting_for(session, lene, self.meeting_id, log_view=False)
                    visible = set(seen.parts)
                except NotFound:
                    visible = set()
            assert visible == self.parts
            status = lene_client.get(f"/meetings/{self.meeting_id}").status_code
            assert status == (200 if self.parts else 404)
            assert lene_client.get(f"/network/of/{case.people['sara'].id}").status_code == (
                200 if self.network else 404)

    Sharing.TestCase.settings = settings(max_examples=12, stateful_step_count=8, deadline=None,
                                         derandomize=True, database=None,  # the same runs every time
                                         suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
    Sharing.TestCase().runTest()
    assert pytest
