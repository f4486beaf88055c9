"""Dates and times as people here read them, in every language: the day before the month, a 24-hour clock,
"kl." only right before a time, never seconds. A Dane reads "12/7/26, 5:42 AM" as 12 July.

One style per kind of date:
- a moment (when something happened): "7. dec. 2026 kl. 05.49" / "7 Dec 2026, 05:49" (`datetimeformat`)
- a day (a deadline, a birthday): "7. december 2026" / "7 December 2026" (`dateformat`)
- a day ahead with its weekday: "mandag den 7. december 2026" / "Monday 7 December 2026" (`dateformat('full')`)
- a day on a chart's axis: "7. dec." / "7 Dec", with the year when the chart spans years
- a meeting's time: `format_when` in i18n.py ("tirsdag d. 1. december kl. 14.00" / "Tuesday 1 December, 14:00")

The template filters `datetimeformat` and `dateformat` (Flask-Babel's names, replaced here) take any of Babel's
style names, so no page can fall back on Babel's own per-language styles (US order, AM/PM, seconds).
"""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date as babel_format_date
from flask import Flask
from flask_babel import format_date, format_datetime, get_locale

# A language without its own patterns here uses the English ones, with its own month and day names.
MOMENT_PATTERNS = {"da": "d. MMM y 'kl.' HH.mm", "en": "d MMM y, HH:mm", "ar": "d MMM y، HH:mm",
                   "uk": "d MMM y, HH:mm"}
DAY_PATTERNS = {"da": "d. MMMM y", "en": "d MMMM y", "ar": "d MMMM y", "uk": "d MMMM y"}
WEEKDAY_PATTERNS = {"da": "EEEE 'den' d. MMMM y", "en": "EEEE d MMMM y", "ar": "EEEE d MMMM y",
                    "uk": "EEEE, d MMMM y"}
AXIS_PATTERNS = {"da": ("d. MMM", "d. MMM y"), "en": ("d MMM", "d MMM y"), "ar": ("d MMM", "d MMM y"),
                 "uk": ("d MMM", "d MMM y")}


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None and locale.language in MOMENT_PATTERNS else "en"


def format_moment(value: datetime, _style: str | None = None) -> str:
    """When something happened, in the request's time zone (any style name gives the one style)."""
    return format_datetime(value, MOMENT_PATTERNS[_language()])


def format_day(value: date | datetime, style: str | None = None) -> str:
    """A day; `full` adds the weekday, for a day ahead that people plan for."""
    patterns = WEEKDAY_PATTERNS if style == "full" else DAY_PATTERNS
    return format_date(value, patterns[_language()])


def format_axis_day(day: date, with_year: bool) -> str:
    """A short day for a chart's axis ("7. dec." / "7 Dec")."""
    language = _language()
    return babel_format_date(day, AXIS_PATTERNS[language][with_year], locale=language)


def init_app(app: Flask) -> None:
    app.add_template_filter(format_moment, "datetimeformat")
    app.add_template_filter(format_day, "dateformat")
