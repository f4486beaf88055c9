"""Languages: the person's saved choice, then the language cookie, then the browser, then Danish."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from babel import Locale
from flask import Flask, current_app, request
from flask_babel import Domain, get_locale, get_timezone
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_context, pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup, escape

from youthvoice.core import languages
from youthvoice.core.danish_calendar import age_on
from youthvoice.web import dates

LANGUAGE_COOKIE = "yv_lang"
LANGUAGE_NAMES = languages.NAMES  # every language in its own name (core/languages.py)







def select_locale() -> Locale:
    """The request's language as a parsed Locale (kept per process: Flask-Babel parsed it anew per request)."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return _parsed(current_user.locale)
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return _parsed(chosen)
    return _parsed(request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"])


@cache
def _parsed(language: str) -> Locale:
    return Locale.parse(language)




def device_name(user_agent: str) -> str:
    """A short, human name for a browser ("Chrome on Android"), without version numbers."""
    ua = user_agent or ""
    browser = next((name for key, name in (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("SamsungBrowser", "Samsung"),
                                            ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"))
                    if key in ua), "")
    system = next((name for key, name in (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
                                           ("Windows", "Windows"), ("Mac OS", "Mac"), ("Linux", "Linux"))
                   if key in ua), "")
    if browser and system:
        return str(_l("%(browser)s on %(system)s", browser=browser, system=system))
    return browser or system or str(_l("Unknown device"))


WHEN_PATTERNS = {"da": "EEEE 'd.' d. MMMM 'kl.' HH.mm", "en": "EEEE d MMMM, HH:mm", "ar": "EEEE d MMMM، HH:mm",
                 "uk": "EEEE, d MMMM, HH:mm"}
_WHEN_SHAPES = {  # WHEN_PATTERNS written out (tests/test_i18n.py checks they agree with Babel's formatting)
    "da": "{day} d. {date}. {month} kl. {hour:02d}.{minute:02d}",
    "en": "{day} {date} {month}, {hour:02d}:{minute:02d}",
    "ar": "{day} {date} {month}، {hour:02d}:{minute:02d}",
    "uk": "{day}, {date} {month}, {hour:02d}:{minute:02d}",
}


@cache
def _calendar_names(locale: str) -> tuple[list[str], list[str]]:
    """(weekday names from Monday, month names from January) as they stand in a date, per language."""
    from babel import Locale

    parsed = Locale.parse(locale)
    return ([parsed.days["format"]["wide"][day] for day in range(7)],
            [parsed.months["format"]["wide"][month] for month in range(1, 13)])


def format_when(value: datetime) -> str:
    """A meeting time as people say it: "tirsdag d. 1. december kl. 14.00" / "Tuesday 1 December, 14:00".

    The same text as Babel's `format_datetime` with WHEN_PATTERNS in the request's time zone, without parsing
    the pattern and walking the locale data anew for every meeting in a list.
    """
    locale, tzinfo = get_locale(), get_timezone()
    language = locale.language if not locale.territory else str(locale)
    shape = _WHEN_SHAPES.get(language)
    if shape is None:  # a language without its own shape: the English order, with its own day and month names
        shape = _WHEN_SHAPES["en"]
    local = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(tzinfo)
    days, months = _calendar_names(language)
    return shape.format(day=days[local.weekday()], date=local.day, month=months[local.month - 1],
                        hour=local.hour, minute=local.minute)


class RequestDomain(Domain):
    """Flask-Babel's message domain, with the translations kept per locale where the request finds them at once.

    Flask-Babel finds the translations anew for every string (several request-context look-ups and the locale's
    name written out each); a page translates 30 to 150 strings. Here the request's locale (Flask-Babel's public
    `get_locale`, which `refresh()` and `force_locale()` change) picks the translations from a table kept per
    process, as Flask-Babel's own cache keeps them per locale name.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_locale: dict[Locale, Any] = {}

    def get_translations(self) -> Any:
        locale = get_locale()
        translations = self.by_locale.get(locale) if locale is not None else None
        if translations is None:
            translations = super().get_translations()
            if locale is not None:
                self.by_locale[locale] = translations
        return translations


def template_translators(domain: Domain) -> tuple[Any, Any]:
    """`_`/`gettext` and `ngettext` for templates, with Jinja's newstyle semantics but one call instead of three.

    Jinja's own newstyle callables go through `Context.call` three times per string and format every string
    anew; a page has 30 to 150 of them, which was a tenth of a page's CPU time. Here a string without
    variables is looked up once per language and kept, already marked safe (as newstyle marks translations),
    next to the translations it came from.
    """

    @pass_eval_context
    def gettext(eval_ctx: EvalContext, string: str, /, **variables: Any) -> str:
        translations = domain.get_translations()
        if not variables and eval_ctx.autoescape:
            done = translations.__dict__.get("yv_template_strings")
            if done is None:
                done = translations.__dict__.setdefault("yv_template_strings", {})
            found = done.get(string)
            if found is None:
                found = done[string] = Markup(translations.ugettext(string)) % {}  # noqa: S704 (our own catalogue)
            return found
        translated = translations.ugettext(string)
        if eval_ctx.autoescape:
            return _safe_format(translated, variables)
        return translated % variables

    @pass_eval_context
    def ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: Any) -> str:
        variables.setdefault("num", num)
        translated = domain.get_translations().ungettext(singular, plural, num)
        if eval_ctx.autoescape:
            return _safe_format(translated, variables)
        return translated % variables

    return gettext, ngettext


def _safe_format(translated: str, variables: dict[str, Any]) -> Markup:
    """`Markup(translated) % variables`, as Jinja's newstyle gettext gives it, at a fraction of the cost:
    markupsafe wraps every value in a helper object to escape it, and a list of proposals formats sixty strings.
    Numbers go in as they are (for `%(num)d`), everything else escaped, exactly as that helper does."""
    escaped = {name: value if isinstance(value, int | float) else escape(value) for name, value in variables.items()}
    return Markup(translated % escaped)  # noqa: S704 (our own catalogue; the values are escaped)


def join_words(words: Any) -> str:
    """"a, b and c" in the page's language."""
    from babel.lists import format_list

    return format_list([str(word) for word in words], locale=get_locale() or "da")


class LabelTexts:
    """Label filters whose texts are kept per language.

    A label is a lazy string of a table such as MEETING_KIND_LABELS; each lazy string looked up its translations
    anew when shown, and a dashboard or a list of proposals shows dozens. The texts of the tables' labels (lazy
    strings that live as long as the process) are kept next to the translations they came from; any other lazy
    string is translated as usual, and values that are not lazy strings pass through.
    """

    def __init__(self, domain: Domain) -> None:
        self.domain = domain
        self.tables: list[dict[Any, Any]] = []
        self.kept: dict[int, LazyString] = {}

    def filter(self, table: dict[Any, Any], default: Any = None) -> Any:
        """A template filter showing `table`'s label of a value (`default`, or the value itself, if none)."""
        self.tables.append(table)
        if default is not None:
            self.tables.append({None: default})

        @pass_context  # never folded into the template at compile time, in the language that rendered first
        def label(_context: Any, value: Any) -> Any:
            return self.text(table.get(value, value if default is None else default))

        return label

    def text(self, value: Any) -> Any:
        if not isinstance(value, LazyString):
            return value
        if self.kept.get(id(value)) is not value:
            # on first use, and when a table grew after it (modules add to NOTIFICATION_LABELS on import)
            self.kept = {id(lazy): lazy for table in self.tables for lazy in table.values()
                         if isinstance(lazy, LazyString)}
            if self.kept.get(id(value)) is not value:
                return str(value)
        translations = self.domain.get_translations()
        done = translations.__dict__.get("yv_labels")
        if done is None:
            done = translations.__dict__.setdefault("yv_labels", {})
        text = done.get(id(value))
        if text is None:
            text = done[id(value)] = str(value)
        return text


def init_app(app: Flask) -> None:
    babel = app.extensions["babel"].instance
    domain = RequestDomain(domain=app.extensions["babel"].default_domain)
    babel.domain_instance = domain  # used by flask_babel.gettext and the lazy strings
    # as Flask-Babel installs them, through the domain above (the method is added by Jinja's i18n extension)
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: domain.get_translations().ugettext(s),
        ngettext=lambda s, p, n: domain.get_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: domain.get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: domain.get_translations().unpgettext(c, s, p, n),
    )
    template_gettext, template_ngettext = template_translators(domain)
    app.jinja_env.globals.update(gettext=template_gettext, _=template_gettext, ngettext=template_ngettext)

    @app.context_processor
    def _languages() -> dict[str, object]:
        locale = str(get_locale())
        return {"current_locale": locale, "text_direction": languages.direction(locale)}

    unknown = [code for code in app.config["LANGUAGES"] if code not in LANGUAGE_NAMES]
    if unknown:
        raise RuntimeError(f"LANGUAGES names languages without a name in youthvoice/core/languages.py: {unknown}")
    app.jinja_env.globals["authoritative_language"] = languages.AUTHORITATIVE
    app.jinja_env.globals["language_names"] = {code: LANGUAGE_NAMES[code] for code in app.config["LANGUAGES"]}
    app.add_template_filter(age_on, "age")
    app.add_template_filter(format_when, "when")

    def _format_decimal(value: float) -> str:
        from flask_babel import format_decimal

        return format_decimal(value, format="#,##0.0")

    app.add_template_filter(_format_decimal, "format_decimal")
    app.add_template_filter(device_name, "device_name")
    app.extensions["yv_labels"] = LabelTexts(domain)
    app.add_template_filter(join_words, "join_words")
    dates.init_app(app)  # after Flask-Babel: its datetimeformat/dateformat filters are replaced


def add_labels(app: Flask, name: str, table: Mapping[Any, Any], *, default: Any = None,
               filter_name: str | None = None) -> dict[Any, Any]:
    """An area's words for the codes of `name` (a meeting's kind, a notification's kind, an audit event), shown by
    the template filter `<name>_label`. Areas that share a kind of code (the notifications of every area) add to
    the same table of this app."""
    tables: dict[str, dict[Any, Any]] = app.extensions.setdefault("yv_label_tables", {})
    if name not in tables:
        tables[name] = {}
        labels = app.extensions["yv_labels"]
        app.add_template_filter(labels.filter(tables[name], default), filter_name or f"{name}_label")
    tables[name].update(table)
    return tables[name]


def labels_of(app: Flask, name: str) -> dict[Any, Any]:
    """The words of `name` codes the areas of this app added (empty until one does)."""
    tables: dict[str, dict[Any, Any]] = app.extensions.setdefault("yv_label_tables", {})
    return tables.setdefault(name, {})
