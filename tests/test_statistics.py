"""The suppression rules of the anonymous figures (issue 22.3-22.5, youthvoice/admin/statistics.py): no figure for
fewer than five young people, and no hidden figure that the row's total and the other shown figures give away."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from youthvoice.admin.statistics import MIN_YOUNG_PEOPLE, Hidden, check_row, protect, protect_breakdowns


def _published(cells: dict[str, int], total: int) -> tuple[dict[str, int], set[str], int | None]:
    """What a page or export would show of a row."""
    shown = protect(cells, total)
    visible = {key: count for key, count in cells.items() if shown.cells[key] == Hidden.SHOWN}
    return visible, set(cells) - set(visible), total if shown.total == Hidden.SHOWN else None


def test_a_group_of_four_shows_nothing():
    shown = protect({"plan": 4}, 4)
    assert shown.total == Hidden.SMALL and shown.cells == {"plan": Hidden.SMALL}
    assert protect({"plan": 2, "network": 2}, 4).cells == {"plan": Hidden.SMALL, "network": Hidden.SMALL}


def test_a_single_meeting_kind_of_five_is_shown_and_equals_the_total():
    assert _published({"plan": 5}, 5) == ({"plan": 5}, set(), 5)


def test_one_small_group_hides_the_next_smallest_too():
    shown = protect({"plan": 12, "network": 3, "transition": 7}, 22)
    assert shown.cells == {"plan": Hidden.SHOWN, "network": Hidden.SMALL, "transition": Hidden.PROTECTS}
    assert shown.total == Hidden.SHOWN


def test_a_small_group_with_nothing_else_to_hide_hides_the_total():
    """A small municipality with one big and one small kind: hiding the big one too leaves the total saying it all
    anyway, so both cells hide and the total is hidden only when no cell is left to hide."""
    shown = protect({"plan": 6, "network": 2}, 8)
    assert shown.cells == {"plan": Hidden.PROTECTS, "network": Hidden.SMALL} and shown.total == Hidden.SHOWN
    assert not check_row({}, {"plan", "network"}, 8)
    alone = protect({"network": 2}, 7)  # the other five are in no group of this breakdown
    assert alone.cells == {"network": Hidden.SMALL} and alone.total == Hidden.PROTECTS


def test_hidden_groups_of_one_each_are_protected_too():
    """Three hidden groups of one person each, with the total shown, would each be 1: more is hidden."""
    visible, hidden, total = _published({"a": 1, "b": 1, "c": 1, "d": 9, "e": 20}, 32)
    assert not check_row(visible, hidden, total)
    assert "d" in hidden  # three people together are still a small group


def test_check_row_finds_what_a_reader_could_work_out():
    assert check_row({"plan": 10}, {"network"}, 13)  # 13 - 10 = 3
    assert check_row({"plan": 4}, set(), 10)  # a small figure shown
    assert check_row({"plan": 10}, {"a", "b"}, 12)  # two hidden groups of one each
    assert check_row({"plan": 10}, {"a", "b"}, 14)  # four people together: a small group
    assert not check_row({"plan": 10}, {"a", "b"}, 16)
    assert not check_row({"plan": 10}, {"a"}, None)  # no total: nothing to subtract from


def _feasible(hidden: int, rest: int) -> range:
    """Every value one of `hidden` cells (each at least 1) can have when they hold `rest` together."""
    return range(rest, rest + 1) if hidden == 1 else range(1, rest - hidden + 2)


rows = st.dictionaries(
    st.sampled_from(["child_conversation", "plan", "network", "transition", "other"]),
    st.integers(min_value=1, max_value=30),
    min_size=1,
    max_size=5,
)


@settings(max_examples=400, deadline=None)
@given(rows, st.integers(min_value=0, max_value=3))
def test_no_published_row_shows_a_small_group_or_gives_one_away(cells, outside):
    """Cells that add up (plus young people in no group): whatever the sizes, nothing under five is shown, and a
    reader with the total and the shown cells can pin no hidden cell to one value nor to a group under five."""
    total = sum(cells.values()) + outside
    visible, hidden, shown_total = _published(cells, total)
    assert all(count >= MIN_YOUNG_PEOPLE for count in visible.values())
    assert shown_total is None or shown_total >= MIN_YOUNG_PEOPLE
    assert not check_row(visible, hidden, shown_total)
    if shown_total is not None and hidden:
        rest = shown_total - sum(visible.values())
        assert len(hidden) >= 2 and len(_feasible(len(hidden), rest)) > 1  # no hidden cell has one possible value
        assert rest >= MIN_YOUNG_PEOPLE  # together the hidden groups are never a small group


@settings(max_examples=200, deadline=None)
@given(rows)
def test_overlapping_groups_are_read_cautiously(cells):
    """Distinct young people: one young person can be in two kinds of meeting, so the total can be smaller than
    the sum. The same guarantees hold for what a reader subtracts."""
    total = max(cells.values())
    visible, hidden, shown_total = _published(cells, total)
    assert all(count >= MIN_YOUNG_PEOPLE for count in visible.values())
    assert not check_row(visible, hidden, shown_total)


def test_a_total_hidden_in_one_breakdown_hides_the_row_in_all():
    both = protect_breakdowns(
        {"kind": {"plan": 1, "network": 1, "transition": 1, "other": 1, "child": 1}, "age": {"under_18": 5}}, 5
    )
    assert both["kind"].total == Hidden.PROTECTS and both["age"].total == Hidden.PROTECTS
    assert both["age"].cells == {"under_18": Hidden.PROTECTS}
    assert set(both["kind"].cells.values()) == {Hidden.SMALL}
    shown = protect_breakdowns({"kind": {"plan": 9}, "age": {"under_18": 6, "18_plus": 3}}, 9)
    assert shown["kind"].total == Hidden.SHOWN and shown["age"].cells["18_plus"] == Hidden.SMALL
