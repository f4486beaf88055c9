"""The youth panel in a real browser (issue 21.5): the coordinator asks the panel a question on her desktop, Sara
answers on her phone without her name and Amira with it, the coordinator reads both (Sara's without her name),
closes the question early because the panel has met, and publishes what the panel said and what the municipality
did; Sara is told and reads it. Runs once per database backend (see `live_server`)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .a11y import check_axe
from .support import ContextFactory, LiveServer, danish, login_as_demo, path_is

pytestmark = pytest.mark.e2e

NewPage = Callable[[BrowserContext], Page]
QUESTION_PATH = re.compile(r"/panel/[0-9a-f-]{36}$")


def _answer(page: Page, base: str, question: str, text: str, *, anonymous: bool) -> None:
    page.goto(base + "/")
    page.get_by_test_id("panel-link").click()
    page.get_by_test_id("panel-open").get_by_role("link", name=question).click()
    expect(page).to_have_url(QUESTION_PATH)
    page.locator("#text").fill(text)
    if anonymous:
        page.get_by_test_id("panel-anonymous").check()
    page.get_by_test_id("panel-answer-save").click()
    expect(page.locator("#text")).to_have_value(text)
    expect(page.locator(".flash, [role=status], [role=alert]").first).to_be_visible()


def test_a_panel_question_from_asking_to_published_answer(live_server: LiveServer,
                                                          new_desktop_context: ContextFactory,
                                                          new_phone_context: ContextFactory,
                                                          new_page: NewPage) -> None:
    base = live_server.url
    tag = secrets.token_hex(2).upper()
    question = f"Hvordan skal en god overlevering mellem sagsbehandlere gå? {tag}"

    karina = new_page(new_desktop_context("karina"))
    login_as_demo(karina, base, "karina")
    karina.get_by_test_id("panel-link").click()
    expect(karina).to_have_url(path_is(base, "/panel/"))
    karina.get_by_test_id("panel-new").click()
    karina.locator("#question").fill(question)
    karina.locator("#background").fill("Vi skriver en ny vejledning til sagsbehandlerne.")
    # a closing date today is refused with a message, and what she wrote stays
    today = karina.evaluate("() => new Date().toLocaleDateString('sv-SE', {timeZone: 'Europe/Copenhagen'})")
    karina.locator("#closes_on").fill(today)
    karina.get_by_test_id("panel-ask").click()
    expect(karina.locator("#closes_on-error")).to_have_text(danish("The closing date must be after today.").danish)
    expect(karina.locator("#question")).to_have_value(question)
    karina.locator("#closes_on").fill((date.fromisoformat(today) + timedelta(days=14)).isoformat())
    karina.get_by_test_id("panel-ask").click()
    expect(karina).to_have_url(QUESTION_PATH)
    question_url = karina.url

    sara = new_page(new_phone_context("sara"))
    login_as_demo(sara, base, "sara")
    sara_words = f"Jeg vil møde den nye sammen med den gamle {tag}"
    _answer(sara, base, question, sara_words, anonymous=True)
    check_axe(sara, context_label="panel answer (Danish, phone)")
    amira = new_page(new_phone_context("amira"))
    login_as_demo(amira, base, "amira")
    amira_words = f"Fortæl mig i god tid, hvem det bliver {tag}"
    _answer(amira, base, question, amira_words, anonymous=False)

    # The coordinator reads both answers: Amira's with her name, Sara's without.
    karina.goto(question_url)
    answers = karina.get_by_test_id("panel-answers")
    expect(answers.locator("li").filter(has_text=amira_words)).to_contain_text("Amira")
    sara_answer = answers.locator("li").filter(has_text=sara_words)
    expect(sara_answer).to_contain_text(danish("Without name").danish)
    expect(sara_answer).not_to_contain_text("Sara")

    # The panel met; she closes the question early (two taps) and publishes.
    karina.get_by_test_id("panel-close").click()
    karina.get_by_test_id("panel-close-yes").click()
    expect(karina.get_by_test_id("panel-closes")).to_contain_text(
        danish("Closed early %(day)s (planned: %(planned)s)").danish.split("%(day)s")[0].strip())
    summary = f"De vil møde den nye sagsbehandler sammen med den gamle {tag}"
    karina.locator("#summary").fill(summary)
    karina.locator("#outcome").fill("Fra januar holder vi altid et fælles møde ved skift.")
    karina.get_by_test_id("panel-publish").click()
    expect(karina.get_by_test_id("panel-published")).to_contain_text(summary)

    # Sara can no longer change her answer, is told, and reads what became of it.
    sara.reload()
    expect(sara.get_by_test_id("panel-answer-form")).to_have_count(0)
    expect(sara.get_by_test_id("panel-my-answer")).to_have_text(sara_words)
    expect(sara.get_by_test_id("panel-published")).to_contain_text(summary)
    sara.goto(base + "/notifications/")
    expect(sara.get_by_text(danish("The youth panel's answer is published").danish).first).to_be_visible()
    check_axe(sara, context_label="published panel answer (Danish, phone)")
