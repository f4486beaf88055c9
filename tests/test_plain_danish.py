"""Plain Danish (issue 24.17): the rights pages are for young people from 12, so they read at least as easily as a
book for young readers (LIX at most 30), and the words on the app's own pages even more easily (at most 25).

LIX = words per sentence + 100 x long words (more than six letters) per word. A sentence ends at . ! ? or : (or at
the end of a piece of text: a title, a button, a label); numbers are words, placeholders are not."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from youthvoice.rights import checklist, legal, rights

ROOT = Path(__file__).resolve().parent.parent


def lix(texts: Iterable[str]) -> float:
    words = long_words = sentences = 0
    for text in texts:
        text = re.sub(r"%\(\w+\)[sd]|<[^>]+>", " ", text).strip()
        found = re.findall(r"[^\W\d_]+|\d+", text)
        if not found:
            continue
        words += len(found)
        long_words += sum(1 for word in found if len(word) > 6)
        ends = len(re.findall(r"[.!?:]+(?=\s|$)", text))
        sentences += ends + (0 if re.search(r"[.!?:]$", text) else 1)
    return words / sentences + 100 * long_words / words


def test_lix_counts_as_defined():
    assert lix(["Du kan klage."]) == 3 / 1  # no word over six letters
    assert lix(["Kommunen skal svare. Du spørger bare."]) == 6 / 2 + 100 * 2 / 6  # "Kommunen", "spørger"
    assert lix(["Overskrift", "En sætning: to dele, 23 år."]) == 7 / 3 + 100 * 2 / 7  # a title is a sentence


@pytest.mark.parametrize("page", rights.pages("da"), ids=lambda page: page.slug)
def test_each_danish_rights_page_reads_easily(page):
    texts = [page.title, page.summary, page.intro, *(point.text for point in page.points),
             *(helper.note for helper in page.helpers)]
    assert lix(texts) <= 30, f"{page.slug}: LIX {lix(texts):.1f}"
    assert all(point.source for point in page.points)  # the legal source stays beside each statement


def test_the_danish_checklist_of_the_transition_plan_reads_easily():
    """The practical things to sort out before adult life (issue 19.1) read like the rights pages."""
    for item in checklist.items("da"):
        texts = [item.title, item.intro, *(point.text for point in item.points)]
        assert lix(texts) <= 30, f"{item.key}: LIX {lix(texts):.1f}"


def test_the_danish_words_of_the_app_read_very_easily():
    with (ROOT / "youthvoice/translations/da/LC_MESSAGES/messages.po").open("rb") as handle:
        catalogue = read_po(handle, locale="da")
    texts = [text for message in catalogue if message.id
             for text in (message.string if isinstance(message.string, tuple) else (message.string,)) if text]
    assert lix(texts) <= 25, f"LIX {lix(texts):.1f}"


@pytest.mark.parametrize("slug", ["privacy", "accessibility"])
def test_the_legal_pages_for_everyone_read_easily(slug):
    """The privacy notice for young people and the accessibility statement (the staff notice may be fuller)."""
    from youthvoice.core.config import Defaults

    page = legal.page("", slug, "da", {name: getattr(Defaults, name) for name in legal.SETTINGS})
    texts = [page.title, page.intro, *(part for section in page.sections
                                       for part in (section.heading, section.text, *(p.text for p in section.points)))]
    assert lix(texts) <= 30, f"{slug}: LIX {lix(texts):.1f}"
