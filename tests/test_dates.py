"""Dates and times people here read correctly (issue 24.3): day before month and a 24-hour clock in English too,
"kl." only right before a time, no seconds, and one style per kind of date across the app."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from youthvoice.web.dates import format_axis_day, format_day, format_moment

ROOT = Path(__file__).resolve().parent.parent
MOMENT = datetime(2026, 12, 7, 4, 49, 45, tzinfo=UTC)  # 05.49.45 in Copenhagen


@pytest.mark.parametrize(("language", "moment", "day", "weekday", "axis"), [
    ("da", "7. dec. 2026 kl. 05.49", "7. december 2026", "mandag den 7. december 2026", "7. dec."),
    ("en", "7 Dec 2026, 05:49", "7 December 2026", "Monday 7 December 2026", "7 Dec"),
])
def test_each_kind_of_date_has_one_style(app, language, moment, day, weekday, axis):
    render = app.jinja_env.from_string
    with app.test_request_context(), force_locale(language):
        assert format_moment(MOMENT) == moment
        assert format_day(MOMENT.date()) == day
        assert format_day(MOMENT.date(), "full") == weekday
        assert format_axis_day(MOMENT.date(), with_year=False) == axis
        # The templates' filters, whatever Babel style name a page passes, give the app's one style.
        for style in ("short", "medium", "long"):
            assert render("{{ m|datetimeformat(style) }}").render(m=MOMENT, style=style) == moment
            assert render("{{ d|dateformat(style) }}").render(d=date(2026, 12, 7), style=style) == day
        assert render("{{ d|dateformat('full') }}").render(d=date(2026, 12, 7)) == weekday


def test_the_danish_catalogue_puts_kl_only_before_a_time():
    """"Set kl. 07.12.2026 05.49" read "kl." before a full date: a moment's text carries its own "kl."."""
    with (ROOT / "youthvoice/translations/da/LC_MESSAGES/messages.po").open("rb") as handle:
        catalogue = read_po(handle)
    wrong = [message.id for message in catalogue
             for text in ([message.string] if isinstance(message.string, str) else list(message.string or ()))
             if re.search(r"kl\.\s*%\((?!time|clock)\w+\)s", text or "")]
    assert wrong == []


def test_no_page_formats_a_date_its_own_way():
    """Every date on a page goes through the app's filters (web/dates.py): no strftime or Babel call in templates."""
    found = [str(path.relative_to(ROOT)) for path in (ROOT / "youthvoice").rglob("*.html")
             if re.search(r"strftime|format_datetime|format_date|format_time", path.read_text())]
    assert found == []
