"""The practical checklist of the transition plan (issue 19.1), from reviewed content files: plain language, with a
source and a checked date for every factual statement, in the same way as the rights pages."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from youthvoice.rights.rights import Point

CONTENT = Path(__file__).resolve().parent / "content" / "checklist"


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    order: int
    area: str
    reviewed: date
    title: str
    intro: str
    points: tuple[Point, ...]


@lru_cache(maxsize=16)  # one per language (seven today), read once
def _load(language: str) -> tuple[ChecklistItem, ...]:
    items = []
    for path in sorted(CONTENT.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        text = data.get(language) or data["da"]
        items.append(ChecklistItem(
            key=data["key"], order=int(data.get("order", 99)), area=data["area"], reviewed=data["reviewed"],
            title=text["title"], intro=text.get("intro", ""),
            points=tuple(Point(p["text"], p["source"], p.get("source_url", ""), p["checked"])
                         for p in text.get("points", ())),
        ))
    return tuple(sorted(items, key=lambda item: item.order))


def items(language: str) -> list[ChecklistItem]:
    """Every thing to sort out, in order, in this language (Danish where it has no text of its own)."""
    return list(_load(language))


def item_keys() -> tuple[str, ...]:
    """The items' keys (what is stored when the young person ticks one)."""
    return tuple(item.key for item in _load("da"))
