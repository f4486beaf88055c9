"""Canary markers: planted in a young person's words, they must never reach a page they did not share or a log."""

from __future__ import annotations

import re

CANARY = re.compile(r"CANARY[0-9a-f]{12}")


def canary_leaks(texts: list[str]) -> list[str]:
    """Every line of these texts that holds a canary marker."""
    return [line for text in texts for line in text.splitlines() if CANARY.search(line)]
