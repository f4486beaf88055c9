"""Handover on the young person's terms in a real browser (issue 18.2): at her desk the admin hands Lene's young
people to Ali in one step; Lene writes Ali a handover note; Sara, on her phone, is told, sees who Ali is and that
nothing is shared with him, and shares her preparation with him; Ali then sees it, and the note.

The live server is shared by every journey of the run, and a handover ends Lene's links and Sara's shares with
her: at the end (passed or failed) the rows the handover changed are put back as they were in the database."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from playwright.sync_api import BrowserContext, Page, expect

from .support import ContextFactory, LiveServer, database_url_of, login_as_demo, shot_if_asked

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]


@pytest.fixture
def put_back(live_server: LiveServer) -> Iterator[None]:
    """Undo what the journey changed, so the journeys after it find Lene with her young people and their shares."""
    from youthvoice.identity.models import ContactRequest, Handover, Link
    from youthvoice.notify.models import Notification
    from youthvoice.sharing.models import Share

    since = datetime.now(UTC)
    yield
    tables = {model: model.__table__ for model in (Link, Share, Handover, ContactRequest, Notification)}  # type: ignore[attr-defined]
    engine = sa.create_engine(database_url_of(live_server))
    try:
        with engine.begin() as db:
            db.execute(sa.delete(tables[Handover]).where(tables[Handover].c.created_at >= since))
            db.execute(sa.delete(tables[Link]).where(tables[Link].c.created_at >= since))
            db.execute(sa.update(tables[Link]).where(tables[Link].c.ended_at >= since).values(ended_at=None))
            db.execute(sa.delete(tables[Share]).where(tables[Share].c.created_at >= since))
            db.execute(sa.update(tables[Share]).where(tables[Share].c.withdrawn_at >= since)
                       .values(withdrawn_at=None))
            db.execute(sa.delete(tables[Notification]).where(tables[Notification].c.created_at >= since))
    finally:
        engine.dispose()


def test_the_admin_hands_lenes_caseload_to_ali_and_sara_chooses(
        live_server: LiveServer, new_desktop_context: ContextFactory, new_phone_context: ContextFactory,
        new_page: NewPage, put_back: None) -> None:
    base = live_server.url
    admin = new_page(new_desktop_context("henrik"))
    login_as_demo(admin, base, "henrik")
    admin.goto(base + "/admin/?q=Lene")
    admin.get_by_role("link", name="Lene Holm").first.click()
    admin.get_by_test_id("handover-link").click()
    expect(admin.get_by_test_id("handover-to").first).to_be_visible()
    ali_value = admin.get_by_test_id("handover-all-to").locator("option", has_text="Ali Demir").get_attribute("value")
    admin.get_by_test_id("handover-all-to").select_option(ali_value)
    shot_if_asked(admin, "handover-admin-desktop")
    admin.get_by_test_id("handover-submit").click()
    expect(admin.get_by_test_id("handover-empty")).to_be_visible()  # Lene has nobody left

    lene = new_page(new_desktop_context("lene"))
    login_as_demo(lene, base, "lene")
    lene.goto(base + "/people/handovers")
    sara_note = lene.get_by_test_id("handover").filter(has_text="Sara")
    sara_note.get_by_test_id("handover-note").fill("Sara ringer helst om eftermiddagen.")
    sara_note.get_by_test_id("save-handover-note").click()
    expect(lene.get_by_test_id("handover").filter(has_text="Sara").get_by_test_id("handover-note")) \
        .to_have_value("Sara ringer helst om eftermiddagen.")

    sara = new_page(new_phone_context("sara-phone"))  # 412 px wide
    login_as_demo(sara, base, "sara")
    sara.get_by_test_id("my-person").filter(has_text="Ali Demir").click()
    expect(sara.get_by_test_id("profile-name")).to_have_text("Ali Demir")
    parts = sara.get_by_test_id("shared-parts")
    for index in range(parts.count()):
        expect(parts.nth(index)).to_have_text(re.compile("Intet delt"))  # a handover shares nothing
    assert sara.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot_if_asked(sara, "handover-profile-phone")
    sara.get_by_test_id("share-meeting").first.click()
    meeting_url = sara.url.removesuffix("/share")
    ali_box = sara.get_by_test_id("share-ali")
    ali_box.locator("input[value=basics]").check()
    ali_box.locator("input[value=preparation]").check()
    sara.get_by_test_id("save-share").click()
    expect(sara.get_by_test_id("share-ali").locator("input[value=preparation]")).to_be_checked()

    ali = new_page(new_desktop_context("ali"))
    login_as_demo(ali, base, "ali")
    ali.goto(meeting_url)
    expect(ali.get_by_test_id("shared-preparation")).to_be_visible()
    # The new caseworker saves a journal note for the case file (issue 18.4), and Sara sees that it was made.
    ali.get_by_test_id("make-journal-note").click()
    expect(ali.get_by_test_id("journal-note")).to_be_visible()
    ali.goto(f"{base}/people/{_sara_id_from(ali, base)}")
    expect(ali.get_by_test_id("handover-note-text")).to_have_text("Sara ringer helst om eftermiddagen.")
    sara.goto(base + "/seen/")
    expect(sara.get_by_test_id("case-file-row").filter(has_text="Ali Demir")).to_be_visible()


def _sara_id_from(page: Page, base: str) -> str:
    page.goto(base + "/people/")
    href = page.get_by_test_id("caseload").locator("a[href^='/people/']").filter(has_text="Sara").first \
        .get_attribute("href")
    return str(href).split("/")[2]
