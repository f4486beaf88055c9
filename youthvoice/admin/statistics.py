"""The rules of suppression live in core/statistics.py (one place for "no figure under 5", used by the admin's
pages and the youth panel's topic counts alike); this name is kept for the admin's modules and tests."""

from youthvoice.core.statistics import (
    MIN_YOUNG_PEOPLE,
    Hidden,
    Protected,
    check_row,
    exposed,
    protect,
    protect_breakdowns,
)

__all__ = ["MIN_YOUNG_PEOPLE", "Hidden", "Protected", "check_row", "exposed", "protect", "protect_breakdowns"]
