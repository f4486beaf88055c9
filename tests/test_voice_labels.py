"""Her pages speak to her, everyone else's pages name her (issue 24.5).

The preparation asks the young person "What is hard for you right now?" and her summary says "How I am doing"
and "My decision". On her professional's or her bisidder's page the same words read as if they were about the
professional ("Your questions", "Was I heard?"). There they name her: "Questions from Sara", "Did Sara feel
heard?". Checked on the demo's own meeting, with every label the owner's page shows."""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask_babel import force_locale
from support.client import post_form
from support.people import login_as
from test_route_matrix import _build

from youthvoice.meetings import labels
from youthvoice.meetings.preparation import QUESTIONS

# (her words, everyone else's words) beyond the preparation's questions.
PAIRS = [("How I am doing:", "How %(name)s is doing:"),
         ("What I want to talk about", "What %(name)s wants to talk about"),
         ("Do you want a support person with you?", "Does %(name)s want a support person?"),
         ("Was I heard?", "Did %(name)s feel heard?"),
         ("1 = others decided, 5 = I decided", "1 = others decided, 5 = %(name)s decided"),
         ("What I agree with", "What %(name)s agrees with"), ("What I disagree with", "What %(name)s disagrees with"),
         ("What I want to follow up on", "What %(name)s wants to follow up on")]


def _pairs(app: Flask, language: str, name: str) -> list[tuple[str, str]]:
    from flask_babel import gettext

    with app.test_request_context(), force_locale(language):
        pairs = [(str(question.label), str(question.about) % {"name": name}) for question in QUESTIONS.values()]
        pairs += [(gettext(mine), gettext(about, name=name)) for mine, about in PAIRS]
        pairs += [(str(labels.MEETING_KIND_LABELS["plan"]), str(labels.MEETING_KIND_ABOUT_LABELS["plan"])),
                  (str(labels.OUTCOME_LABELS["mine"]), str(labels.OUTCOME_ABOUT_LABELS["mine"]) % {"name": name})]
    return pairs


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize("language", ["da", "en"])
def test_others_pages_name_her_where_hers_say_i(app: Flask, language: str) -> None:
    app.config["TESTING"] = True
    world = _build(app)
    sara = world.people["owner"]
    meeting_path = f"/meetings/{world.values['meeting_id']}"
    pages = {}
    for role, path in (("owner", f"{meeting_path}/summary"), ("shared_pro", meeting_path),
                       ("shared_pro", f"{meeting_path}/summary"), ("bisidder", meeting_path),
                       ("bisidder", f"{meeting_path}/help-prepare")):
        client = app.test_client()
        login_as(app, client, world.people[role])
        post_form(client, "/language", {"language": language, "next": "/"}, token_page="/rights/")
        response = client.get(path)
        assert response.status_code == 200, (role, path)
        pages[(role, path)] = html.unescape(response.get_data(as_text=True))
    hers = pages[("owner", f"{meeting_path}/summary")]
    shown = [(mine, about) for mine, about in _pairs(app, language, sara.display_name) if mine in hers]
    assert len(shown) >= 8, "the demo meeting shows too few of her labels to check"
    for (role, path), page in pages.items():
        if role == "owner":
            continue
        said_as_hers = [mine for mine, _about in shown if mine in page]
        assert said_as_hers == [], f"{role} {path} speaks as if it were theirs"
        if path == meeting_path and role == "shared_pro":  # Lene sees everything Sara's summary shows
            assert [about for _mine, about in shown if about not in page] == []
