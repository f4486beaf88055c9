"""What an anonymous table may show (issue 22.3-22.5): the rules of suppression, in one place, with no database.

A table has rows (quarters); each row has cells (one per kind of meeting, or per age band) and a total. A cell
counts *different young people*, never answers. The rules:

1. No cell and no total for fewer than MIN_YOUNG_PEOPLE young people ("fewer than 5": primary suppression).
2. A hidden cell must not be worked out from the row's total and the row's other cells (secondary suppression).
   Reading the cells as if they added up to the total (they may overlap: one young person can have two kinds of
   meeting in a quarter, so this is the cautious reading), a row whose total is shown hides more cells, the
   smallest first, until the total minus the shown cells leaves the hidden cells at least MIN_YOUNG_PEOPLE young
   people, in at least two cells, and more young people than cells (or each would be 1). When no cell is left to
   hide, the total is hidden.
3. A row's total with fewer than MIN_YOUNG_PEOPLE hides the whole row.
4. The same total appears in every breakdown of a quarter (kinds of meeting, age bands), and each breakdown's cells
   add up to it: where one breakdown must hide the total, the whole row is hidden in every breakdown.

Columns have no totals on any page or export (no "all quarters" figure, no sum of municipalities), so only rows
need protecting; every page and export gets its figures from `protect_breakdowns`, and the tests read every export
back with `check_row`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

MIN_YOUNG_PEOPLE = 5


class Hidden(StrEnum):
    SHOWN = ""
    SMALL = "fewer_than_5"  # the group itself is too small
    PROTECTS = "protects_another"  # shown, it would let a small group be worked out


@dataclass(frozen=True)
class Protected:
    """Which cells of one row (and whether its total) may be shown."""

    cells: dict[str, Hidden]
    total: Hidden

    def shows(self, key: str) -> bool:
        return self.cells.get(key, Hidden.SHOWN) == Hidden.SHOWN


def protect(cells: Mapping[str, int], total: int, *, minimum: int = MIN_YOUNG_PEOPLE) -> Protected:
    """The suppression of one row: `cells` are young people per group (groups without anyone are left out),
    `total` the young people in the whole row."""
    if total < minimum:
        return Protected(dict.fromkeys(cells, Hidden.SMALL), Hidden.SMALL)
    hidden = {key: Hidden.SMALL for key, count in cells.items() if 0 < count < minimum}
    shown = sorted((count, key) for key, count in cells.items() if key not in hidden)
    while hidden and exposed(len(hidden), total - sum(count for count, _key in shown), minimum):
        if not shown:
            return Protected({key: hidden.get(key, Hidden.PROTECTS) for key in cells}, Hidden.PROTECTS)
        _count, key = shown.pop(0)
        hidden[key] = Hidden.PROTECTS
    return Protected({key: hidden.get(key, Hidden.SHOWN) for key in cells}, Hidden.SHOWN)


def protect_breakdowns(
    breakdowns: Mapping[str, Mapping[str, int]], total: int, *, minimum: int = MIN_YOUNG_PEOPLE
) -> dict[str, Protected]:
    """Rule 4: one quarter split several ways ({breakdown: {group: young people}}) with one total. Where any
    breakdown must hide the total, every breakdown hides the whole row."""
    each = {name: protect(cells, total, minimum=minimum) for name, cells in breakdowns.items()}
    if all(shown.total == Hidden.SHOWN for shown in each.values()):
        return each
    return {
        name: Protected(
            {key: hidden or Hidden.PROTECTS for key, hidden in shown.cells.items()}, shown.total or Hidden.PROTECTS
        )
        for name, shown in each.items()
    }


def exposed(hidden: int, rest: int, minimum: int = MIN_YOUNG_PEOPLE) -> bool:
    """Would `hidden` cells be too easy to work out, when the total minus the shown cells leaves `rest` young
    people for them together? One cell is the rest exactly; a rest under the minimum is a small group however it
    is split; a rest no larger than the number of cells pins each cell to 1 (or less)."""
    return hidden == 1 or rest < minimum or rest <= hidden


def check_row(
    shown_cells: Mapping[str, int], hidden_keys: set[str], total: int | None, *, minimum: int = MIN_YOUNG_PEOPLE
) -> list[str]:
    """What is wrong with a published row, judged only from what was published (the tests read every export
    with it): a figure under the minimum, or hidden cells the total and the shown cells pin down."""
    problems = [f"{key}: {count} shown" for key, count in shown_cells.items() if count < minimum]
    if total is not None and total < minimum:
        problems.append(f"total {total} shown")
    if total is not None and hidden_keys and exposed(len(hidden_keys), total - sum(shown_cells.values()), minimum):
        problems.append(f"{sorted(hidden_keys)} can be worked out from the total {total}")
    return problems


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of the year, the rows of the anonymous tables (the admin's figures, the youth panel's topics)."""

    year: int
    number: int

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.next.first_day.toordinal() - 1)

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)
