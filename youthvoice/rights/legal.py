"""The pages the law asks for (the accessibility statement, the privacy notices), from content files the municipality
can edit, written as the rights pages are (content/rights/README.md): Danish and English side by side, each legal
statement with its source and the date it was checked, the page with the date it was last read through.

The files in `content/legal/` are the defaults. A municipality edits copies of them in LEGAL_CONTENT_DIR (by default
`<instance>/legal/`): a file there replaces the default of the same name, so an upgrade never overwrites its words.
`contact.toml` holds who is responsible and how to reach them; the pages show it. In a text, `{erasure_grace_days}`
and the other names in `SETTINGS` are replaced by the installation's own numbers, so a page never says 7 days where
the configuration says 14 (`{retention_inactive_months}`: the same in months).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from youthvoice.core.errors import NotFound

DEFAULTS = Path(__file__).resolve().parent / "content" / "legal"
PAGES = ("accessibility", "privacy", "privacy-staff")
# Settings a text may name, in days.
SETTINGS = ("ERASURE_GRACE_DAYS", "RETENTION_INACTIVE_DAYS", "RETENTION_AFTER_23_DAYS", "JOB_RUNS_KEEP_DAYS")


@dataclass(frozen=True)
class Point:
    text: str
    source: str = ""
    source_url: str = ""
    checked: date | None = None


@dataclass(frozen=True)
class Section:
    heading: str
    text: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Contact:
    """Who is responsible (the municipality, its data protection officer) and how to reach them."""

    organisation: str
    address: str
    phone: str
    email: str
    url: str
    dpo_email: str
    dpo_phone: str
    example: bool = False  # the defaults' made-up details: the pages say so until the municipality fills them in


@dataclass(frozen=True)
class LegalPage:
    slug: str
    reviewed: date
    title: str
    intro: str
    sections: tuple[Section, ...]
    facts: dict[str, Any]  # the accessibility statement's status, method and dates


def _file(directory: str, name: str) -> Path:
    edited = Path(directory) / f"{name}.toml" if directory else None
    return edited if edited is not None and edited.is_file() else DEFAULTS / f"{name}.toml"


def _read(directory: str, name: str) -> dict[str, Any]:
    return tomllib.loads(_file(directory, name).read_text(encoding="utf-8"))


def _fill(text: str, numbers: dict[str, int]) -> str:
    for name, value in numbers.items():
        text = text.replace("{" + name.lower() + "}", str(value))
    return text


def page(directory: str, slug: str, language: str, config: Any) -> LegalPage:
    """One legal page in this language (Danish where a text has no translation)."""
    if slug not in PAGES:
        raise NotFound
    data = _read(directory, slug)
    text = data.get(language) or data["da"]
    numbers = {name: int(config[name]) for name in SETTINGS}
    numbers |= {name.replace("_DAYS", "_MONTHS"): round(int(config[name]) / 30.44) for name in SETTINGS}
    sections = tuple(
        Section(
            heading=_fill(section.get("heading", ""), numbers),
            text=_fill(section.get("text", ""), numbers),
            points=tuple(
                Point(
                    _fill(point["text"], numbers),
                    point.get("source", ""),
                    point.get("source_url", ""),
                    point.get("checked"),
                )
                for point in section.get("points", ())
            ),
        )
        for section in text.get("sections", ())
    )
    return LegalPage(
        slug=data["slug"],
        reviewed=data["reviewed"],
        title=text["title"],
        intro=_fill(text.get("intro", ""), numbers),
        sections=sections,
        facts=dict(data.get("facts", {})),
    )


def contact(directory: str) -> Contact:
    """The responsible municipality and its data protection officer, from `contact.toml`."""
    data = _read(directory, "contact")
    texts = {name: str(data.get(name, "")) for name in Contact.__dataclass_fields__ if name != "example"}
    return Contact(**texts, example=bool(data.get("example", False)))
