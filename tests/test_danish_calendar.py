"""The working-day count skips the days a Danish municipal office is closed, so a receipt does not turn overdue
over Easter or Christmas."""

from __future__ import annotations

from datetime import UTC, date, datetime

from youthvoice.core.danish_calendar import (
    DANISH_TIME,
    closed_days,
    easter_sunday,
    is_working_day,
    local_date,
    local_midnight,
)
from youthvoice.meetings import receipts
from youthvoice.meetings.models import Meeting


def test_easter_sunday_on_known_years():
    # Published dates, including the earliest and latest Easters of the century's range tested here.
    known = {2008: date(2008, 3, 23), 2011: date(2011, 4, 24), 2019: date(2019, 4, 21), 2024: date(2024, 3, 31),
             2025: date(2025, 4, 20), 2026: date(2026, 4, 5), 2027: date(2027, 3, 28), 2038: date(2038, 4, 25)}
    for year, sunday in known.items():
        assert easter_sunday(year) == sunday
        assert sunday.weekday() == 6


def test_the_closed_days_of_2026():
    assert sorted(closed_days(2026)) == [
        date(2026, 1, 1),  # New Year's Day
        date(2026, 4, 2), date(2026, 4, 3), date(2026, 4, 5), date(2026, 4, 6),  # Maundy Thursday to Easter Monday
        date(2026, 5, 14),  # Ascension Day
        date(2026, 5, 24), date(2026, 5, 25),  # Whitsun, Whit Monday
        date(2026, 6, 5),  # Constitution Day
        date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 31),
    ]


def test_great_prayer_day_only_until_2023():
    assert date(2023, 5, 5) in closed_days(2023)
    assert not any(day.month == 4 and day.day == 26 for day in closed_days(2024))
    assert date(2024, 4, 26) not in closed_days(2024) and is_working_day(date(2024, 4, 26))  # a Friday at work


def test_working_days_skip_easter_and_christmas():
    assert not is_working_day(date(2026, 4, 6)) and is_working_day(date(2026, 4, 7))
    # A meeting on the Wednesday before Easter: Thursday to Monday are closed, so five working days end on the
    # Monday after (7, 8, 9, 10 and 13 April), not on the Wednesday of Easter week as weekdays alone would.
    assert receipts.add_working_days(date(2026, 4, 1), 5) == date(2026, 4, 13)
    # Monday 21 December: 22 and 23 count, 24-27 do not, 28-30 count, 31 December and 1 January do not.
    assert receipts.add_working_days(date(2026, 12, 21), 4) == date(2026, 12, 29)
    assert receipts.add_working_days(date(2026, 12, 21), 5) == date(2026, 12, 30)
    assert receipts.add_working_days(date(2026, 12, 21), 6) == date(2027, 1, 4)
    # An ordinary week is unchanged.
    assert receipts.add_working_days(date(2026, 11, 20), 5) == date(2026, 11, 27)


def test_a_meeting_just_after_danish_midnight_counts_from_its_danish_date():
    # 00:30 on Tuesday 24 November in Denmark is 23:30 on Monday in UTC.
    meeting = Meeting(starts_at=datetime(2026, 11, 23, 23, 30, tzinfo=UTC))
    assert local_date(meeting.starts_at) == date(2026, 11, 24)
    assert receipts.due_date(meeting, 5) == date(2026, 12, 1)
    # Late on 1 December (Danish time) the receipt is due today, not overdue; from 2 December it is.
    late_on_the_first = datetime(2026, 12, 1, 23, 30, tzinfo=DANISH_TIME)
    assert not meeting.starts_at < receipts.overdue_cutoff(5, now=late_on_the_first.astimezone(UTC))
    early_on_the_second = datetime(2026, 12, 2, 0, 30, tzinfo=DANISH_TIME)
    assert meeting.starts_at < receipts.overdue_cutoff(5, now=early_on_the_second.astimezone(UTC))
    assert receipts.overdue_cutoff(5, now=early_on_the_second.astimezone(UTC)) == local_midnight(date(2026, 11, 25))
