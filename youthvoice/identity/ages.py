"""What matters at which age: rights from 15, the move to adult life from 17½, the end of support at 23."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


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
