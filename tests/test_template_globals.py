"""The faster template helpers give exactly what Flask and Jinja's newstyle gettext give; the CSRF token is
Flask-WTF's own."""

from __future__ import annotations

import uuid

import pytest
from flask import render_template_string, url_for
from flask_babel import force_locale
from flask_wtf.csrf import generate_csrf, validate_csrf
from markupsafe import Markup
from support.client import post_form
from support.people import login_as, make_municipality, make_person

from youthvoice.web.template_globals import page_url_for


@pytest.fixture
def request_ctx(app):  # type: ignore[no-untyped-def]
    with app.test_request_context("/", headers={"Accept-Language": "da"}):
        yield


@pytest.mark.parametrize("endpoint", ["main.home", "meetings.index", "account.index", "people.dashboard"])
def test_plain_links_equal_flask(app, request_ctx, endpoint):
    assert page_url_for(endpoint) == url_for(endpoint)
    assert page_url_for(endpoint) == url_for(endpoint)  # also when remembered


def test_links_with_one_id_equal_flask(app, request_ctx):
    for _ in range(3):
        meeting_id = uuid.uuid4()
        assert page_url_for("meetings.show", meeting_id=meeting_id) == url_for("meetings.show", meeting_id=meeting_id)
        person_id = uuid.uuid4()
        assert page_url_for("people.person", person_id=person_id) == url_for("people.person", person_id=person_id)
    # an id that is not in the path ends up in the query string, as Flask puts it
    step = uuid.uuid4()
    assert page_url_for("main.home", step=step) == url_for("main.home", step=step)


def test_other_links_equal_flask(app, request_ctx):
    for _ in range(2):  # made, then remembered
        assert page_url_for("people.dashboard", all="new") == url_for("people.dashboard", all="new")
        assert page_url_for("meetings.show", meeting_id="a b") == url_for("meetings.show", meeting_id="a b")
        for q in ("", "lys på stien", "a&b=c#d", "100%"):
            assert (page_url_for("council.causes", term="t1", status="all", sort="new", q=q, page=2)
                    == url_for("council.causes", term="t1", status="all", sort="new", q=q, page=2))
        assert page_url_for("people.dashboard", all=["a"]) == url_for("people.dashboard", all=["a"])  # unhashable
    meeting_id = uuid.uuid4()
    assert (page_url_for("meetings.show", meeting_id=meeting_id, _anchor="x")
            == url_for("meetings.show", meeting_id=meeting_id, _anchor="x"))


def test_links_follow_the_mount_point(app):
    with app.test_request_context("/", base_url="http://localhost/youthvoice/"):
        assert page_url_for("main.home") == "/youthvoice/"
        assert page_url_for("people.dashboard", all="new") == "/youthvoice/people/?all=new"
    with app.test_request_context("/"):
        assert page_url_for("main.home") == "/"
        assert page_url_for("people.dashboard", all="new") == "/people/?all=new"


def test_templates_get_flask_wtfs_csrf_token_valid_and_per_session(app):
    tokens = []
    for secret in ("a" * 40, "b" * 40):
        with app.test_request_context("/"):
            from flask import session

            session["csrf_token"] = secret
            token = render_template_string("{{ csrf_token() }}")
            validate_csrf(token)  # raises if it does not belong to this session
            assert token == generate_csrf()  # what Flask-WTF itself hands out for the request
            assert app.jinja_env.globals["csrf_token"] is generate_csrf  # also outside render_template's context
            tokens.append(token)
    assert tokens[0] != tokens[1]


def test_csrf_token_on_a_page_is_accepted(app, client, db):
    town = make_municipality(db)
    young = make_person(db, town)
    login_as(app, client, young)
    page = client.get("/").get_data(as_text=True)
    token = page.split('name="csrf-token" content="')[1].split('"')[0]
    response = client.post("/language", data={"csrf_token": token, "language": "en", "next": "/"})
    assert response.status_code == 302
    assert post_form(client, "/language", {"language": "da"}).status_code == 302


TEMPLATE_CASES = [
    ('{{ _("Home") }}', {}),
    ('{{ _("Hi %(name)s", name=who) }}', {"who": "<b>Sara</b>"}),
    ('{{ _("Hi %(name)s", name=who) }}', {"who": "100%"}),
    ('{{ _("Hi %(name)s", name=who) }}', {"who": Markup("<i>already safe</i>")}),
    ('{{ _("Hi %(name)s", name=who) }}', {"who": 5}),
    ('{{ _("Hi %(name)s", name=who) }}', {"who": 2.5}),
    ('{{ _("Hi %(name)s and %(other)s", name=who, other=other) }}', {"who": "A&B", "other": True}),
    ('{{ ngettext("%(num)d proposal", "%(num)d proposals", n) }} {{ _("By %(name)s", name=who) }}',
     {"n": 2, "who": "<Ole & Åse>"}),
    ('{{ ngettext("and %(num)d more meeting", "and %(num)d more meetings", n) }}', {"n": 1}),
    ('{{ ngettext("and %(num)d more meeting", "and %(num)d more meetings", n) }}', {"n": 3}),
    ('{{ gettext("Log out") }}', {}),
    ("{% trans %}Home{% endtrans %}", {}),
    ("{% autoescape false %}{{ _(\"Hi %(name)s\", name=who) }}{% endautoescape %}", {"who": "<i>x</i>"}),
]


@pytest.mark.parametrize(("source", "context"), TEMPLATE_CASES)
@pytest.mark.parametrize("language", ["da", "en"])
def test_template_translation_equals_jinja_newstyle(app, source, context, language):
    """Rendered with our one-call gettext and with the callables Jinja's i18n extension installs."""
    with app.test_request_context("/"), force_locale(language):
        ours = render_template_string(source, **context)
        mine = dict(app.jinja_env.globals)
        try:
            domain = app.extensions["babel"].instance.domain_instance
            app.jinja_env.install_gettext_callables(
                gettext=lambda s: domain.get_translations().ugettext(s),
                ngettext=lambda s, p, n: domain.get_translations().ungettext(s, p, n),
                newstyle=True,
            )
            app.jinja_env.cache.clear()
            jinjas = render_template_string(source, **context)
        finally:
            app.jinja_env.globals.clear()
            app.jinja_env.globals.update(mine)
            app.jinja_env.cache.clear()
        assert ours == jinjas
        assert ours  # something was rendered
    if language == "da" and source == '{{ _("Home") }}':
        assert ours == "Forside"
    if "<b>" in str(context.get("who", "")):
        assert "&lt;b&gt;" in ours  # a variable is escaped, the translation is not


@pytest.mark.parametrize("language", ["da", "en"])
def test_label_filters_equal_the_lazy_strings(app, language):
    """The label filters keep each label's text per language; it is the lazy string's own text, and a lazy
    string that is not one of the tables' labels is translated as usual, never mistaken for another."""
    from flask_babel import lazy_gettext

    from youthvoice.council.causes import STATUS_LABELS
    from youthvoice.identity.labels import ROLE_LABELS
    from youthvoice.meetings.labels import MEETING_KIND_LABELS
    from youthvoice.web.i18n import labels_of

    NOTIFICATION_LABELS = labels_of(app, "notification")  # noqa: N806 - every area's, as the filter has them


    def label(name: str, value: object) -> object:  # the filters take the template's context first, unused
        return app.jinja_env.filters[name](None, value)

    with app.test_request_context("/"), force_locale(language):
        for _ in range(2):  # first looked up, then kept
            for kind, lazy in MEETING_KIND_LABELS.items():
                assert label("meeting_kind_label", kind) == str(lazy)
            for role, lazy in ROLE_LABELS.items():
                assert label("role_label", role) == str(lazy)
        assert label("notification_label", "no such kind") == str(lazy_gettext("Something new"))
        assert label("notification_label", next(iter(NOTIFICATION_LABELS))) == str(
            next(iter(NOTIFICATION_LABELS.values())))
        assert label("meeting_kind_label", "no such kind") == "no such kind"
        for text in ("Home", "Log out"):  # passed through as lazy strings of their own: their own text
            assert label("meeting_kind_label", lazy_gettext(text)) == str(lazy_gettext(text))
        for status, lazy in STATUS_LABELS.items():  # the council's labels, registered by its init_app
            assert label("cause_status", status.value) == str(lazy)
        assert label("cause_status", "no such status") == "no such status"
    with app.test_request_context("/"), force_locale("da"):
        danish = label("meeting_kind_label", "transition")
    with app.test_request_context("/"), force_locale("en"):
        assert label("meeting_kind_label", "transition") != danish  # kept per language
