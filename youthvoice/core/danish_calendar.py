"""The Danish calendar: Danish dates of moments, and the days a municipal office is closed (for the working-day
count of a decision receipt's due date).

A receipt due "five working days" after a meeting must not turn overdue while the caseworker's office is closed
over Easter or Christmas. The closed days are the public holidays (helligdage, by the Easter date; Great Prayer
Day was abolished from 2024) and the three days the public sector's agreements give off: Constitution Day,
Christmas Eve and New Year's Eve.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

DANISH_TIME = ZoneInfo("Europe/Copenhagen")

GREAT_PRAYER_DAY_LAST_YEAR = 2023  # store bededag: the fourth Friday after Easter, until 2023


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, also known as Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def closed_days(year: int) -> frozenset[date]:
    """The days of `year` on which a municipal office is closed, weekends aside."""
    easter = easter_sunday(year)
    after_easter = [-3, -2, 0, 1, 39, 49, 50]  # Maundy Thursday to Whit Monday
    if year <= GREAT_PRAYER_DAY_LAST_YEAR:
        after_easter.append(26)
    fixed = [(1, 1), (6, 5), (12, 24), (12, 25), (12, 26), (12, 31)]
    return frozenset([easter + timedelta(days=n) for n in after_easter] + [date(year, m, d) for m, d in fixed])


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in closed_days(day.year)


def local_today(now: datetime | None = None) -> date:
    """Today's date in Denmark."""
    return (now or datetime.now(UTC)).astimezone(DANISH_TIME).date()


def local_date(moment: datetime) -> date:
    """The Danish date of a moment: a meeting at 00:30 in Roskilde is on that day, not on the UTC day before."""
    return moment.astimezone(DANISH_TIME).date()


def local_midnight(day: date) -> datetime:
    """The first moment of a Danish date, in UTC."""
    return datetime.combine(day, time(0), tzinfo=DANISH_TIME).astimezone(UTC)


def age_on(birth_date: date, today: date | None = None) -> int:
    """Whole years between a birth date and today (or `today`)."""
    today = today or date.today()
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
