"""What matters at which age: rights from 15, the move to adult life from 17½, the end of support at 23."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from youthvoice.core.danish_calendar import age_on

# Who can be invited: nobody younger than 12 or older than 25 (youthvoice is not made for children or adults).
INVITE_AGES = range(12, 26)
# The ages youthvoice is made for: rights of her own from 15, support until 23. An invite outside them is
# asked about once more, since a wrong year in the birth date is the likeliest reason.
USUAL_AGES = range(15, 24)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class LifeStage:
    age: int
    turns_18: date
    support_ends: date  # the 23rd birthday
    transition_soon: bool  # from 17½ until 18: plan the support from 18 now
    in_support_years: bool  # 18 up to 23
    support_ending_soon: bool  # from 22½ until 23


def life_stage(birth_date: date, today: date | None = None) -> LifeStage:
    today = today or date.today()
    turns_18, turns_23 = add_months(birth_date, 18 * 12), add_months(birth_date, 23 * 12)
    age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    return LifeStage(
        age=age, turns_18=turns_18, support_ends=turns_23,
        transition_soon=add_months(birth_date, 17 * 12 + 6) <= today < turns_18,
        in_support_years=turns_18 <= today < turns_23,
        support_ending_soon=add_months(birth_date, 22 * 12 + 6) <= today < turns_23,
    )


def unusual_invite_age(birth_date: date, today: date | None = None) -> int | None:
    """The age, when it can be invited but lies outside the usual ages (to ask once more); otherwise None."""
    age = age_on(birth_date, today)
    return age if age in INVITE_AGES and age not in USUAL_AGES else None
