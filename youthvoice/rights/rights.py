"""Rights pages from reviewed content files: plain language, with a source and a date for every legal statement."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from youthvoice.core.errors import NotFound

CONTENT = Path(__file__).resolve().parent / "content" / "rights"


@dataclass(frozen=True)
class Point:
    text: str
    source: str
    source_url: str
    checked: date


@dataclass(frozen=True)
class Helper:
    name: str
    url: str
    phone: str
    note: str


@dataclass(frozen=True)
class RightsPage:
    slug: str
    order: int
    min_age: int
    context: tuple[str, ...]
    reviewed: date
    title: str
    summary: str
    intro: str
    points: tuple[Point, ...]
    helpers: tuple[Helper, ...]


@lru_cache(maxsize=16)  # one per language (seven today), read once
def _load(language: str) -> tuple[RightsPage, ...]:
    pages = []
    for path in sorted(CONTENT.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        text = data.get(language) or data["da"]
        pages.append(RightsPage(
            slug=data["slug"], order=int(data.get("order", 99)), min_age=int(data.get("min_age", 0)),
            context=tuple(data.get("context", ())), reviewed=data["reviewed"], title=text["title"],
            summary=text.get("summary", ""), intro=text.get("intro", ""),
            points=tuple(Point(p["text"], p["source"], p.get("source_url", ""), p["checked"])
                         for p in text.get("points", ())),
            helpers=tuple(Helper(h["name"], h.get("url", ""), h.get("phone", ""),
                                 h.get(f"note_{language}", h.get("note_da", ""))) for h in data.get("help", ())),
        ))
    return tuple(sorted(pages, key=lambda page: page.order))


def pages(language: str, *, age: int | None = None) -> list[RightsPage]:
    """The pages for someone of this age (all of them when the age is not known)."""
    return [page for page in _load(language) if age is None or age >= page.min_age]


def find(language: str, slug: str) -> RightsPage | None:
    return next((candidate for candidate in _load(language) if candidate.slug == slug), None)


def page(language: str, slug: str) -> RightsPage:
    found = find(language, slug)
    if found is None:
        raise NotFound
    return found


def for_context(language: str, context: str, *, age: int | None = None) -> list[RightsPage]:
    """The pages to offer at a moment where they matter (preparing, a receipt not followed, turning 18...)."""
    return [candidate for candidate in pages(language, age=age) if context in candidate.context]
