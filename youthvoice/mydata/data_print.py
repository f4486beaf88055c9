""""Everything youthvoice has about you", readable: the export of data_rights.my_data with every field named in
the person's language, codes as the words the app uses for them, and times in Danish time.

The JSON download keeps the raw keys and codes (it is for machines); this is the same content for a person to
read or print. Every key an exporter writes needs a label here (tests/test_data_rights.py checks that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from youthvoice.core.personal_data import Registry
from youthvoice.mydata.labels import DATA_SECTION_LABELS
from youthvoice.web.dates import format_day, format_moment

FIELD_LABELS: dict[str, Any] = {
    "name": _l("Name"), "birth_date": _l("Date of birth"), "language": _l("Language"), "created": _l("Created"),
    "last_log_in": _l("Last log-in"), "passkeys": _l("Passkeys"), "added": _l("Added"),
    "last_used": _l("Last used"), "kind": _l("Kind"), "starts_at": _l("When"), "place": _l("Place"),
    "others": _l("Others at the meeting"), "mood": _l("How I was doing"), "preparation": _l("My preparation"),
    "text": _l("Text"), "written_with_bisidder": _l("Written with my bisidder"), "points": _l("My points"),
    "talked_about": _l("Talked about"), "wishes_and_decisions": _l("Wishes and decisions"),
    "outcome": _l("Outcome"), "receipt_thread": _l("The receipt: every answer and my replies"),
    "by": _l("By"), "answer": _l("The professional's answer"),
    "answers_my_disagreement": _l("An answer to my disagreement"),
    "notes": _l("My notes"), "after": _l("After the meeting"), "heard": _l("Was I heard?"),
    "said_what_mattered": _l("Did I get to say what mattered to me?"),
    "knows_what_happens": _l("Do I know what happens with what I said?"),
    "who_decided": _l("Who decided?"), "decided": _l("What was decided"), "agree": _l("What I agree with"),
    "disagree": _l("What I disagree with"), "follow_up": _l("What should happen next"),
    "next_steps": _l("Next steps"), "what": _l("What"), "who": _l("Who"), "due": _l("When, at the latest"),
    "done": _l("Done"), "responses_received": _l("Responses"), "from": _l("From"), "when": _l("When"),
    "helpful": _l("Marked as helpful"), "bisidder_notes": _l("Notes from my bisidder"), "status": _l("Status"),
    "history": _l("History"), "with": _l("With"), "parts": _l("What of it"), "until": _l("Until"), "to": _l("To"),
    "also_to": _l("Also to"),
    "sent": _l("Sent"), "seen": _l("Seen"), "device": _l("Device"), "turned_on": _l("Turned on"),
    "last_delivered": _l("Last delivered"),
}
SCALE_KEYS = {"heard", "who_decided", "said_what_mattered", "knows_what_happens"}  # 1-5 answers after a meeting
MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Node:
    """One value to show: a text, a list of labelled fields, or a list of items."""

    text: str = ""
    fields: list[tuple[str, Node]] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)
    kind: str = "text"  # text, fields, items or empty


@dataclass(frozen=True)
class Words:
    """The words for every key and code of "my data": the common ones here, each area's with its section."""

    titles: dict[str, Any]
    fields: dict[str, Any]
    codes: dict[tuple[str, str], Any]
    keys: dict[str, Any]


def words_of(registry: Registry) -> Words:
    sections = registry.sections.values()
    return Words(titles={**{s.name: s.title for s in sections if s.title is not None}, **DATA_SECTION_LABELS},
                 fields={**{k: v for s in sections for k, v in s.fields.items()}, **FIELD_LABELS},
                 codes={k: v for s in sections for k, v in s.codes.items()},
                 keys={k: v for s in sections for k, v in s.keys.items()})


def sections(data: dict[str, Any], registry: Registry) -> list[tuple[str, Node]]:
    """The export's sections, titled and made readable, in the order the areas added them."""
    words = words_of(registry)
    return [(str(words.titles.get(name, name)), _node(value, section=name, key=name, words=words))
            for name, value in data.items() if name not in ("format", "created")]


def _node(value: Any, *, section: str, key: str, words: Words) -> Node:
    if value is None or value == "" or value == [] or value == {}:
        return Node(kind="empty")
    if isinstance(value, dict):
        labels = words.keys.get(key, words.fields)
        return Node(kind="fields", fields=[(str(labels.get(inner_key, inner_key)),
                                            _node(inner, section=key if isinstance(inner, list) else section,
                                                  key=inner_key, words=words))
                                           for inner_key, inner in value.items()])
    if isinstance(value, list):
        return Node(kind="items", items=[_node(item, section=key, key=key, words=words) for item in value])
    return Node(text=_text(value, section=section, key=key, words=words))


def _text(value: Any, *, section: str, key: str, words: Words) -> str:
    if isinstance(value, bool):
        return str(_l("Yes") if value else _l("No"))
    codes = words.codes.get((section, key))
    if codes is not None:
        if isinstance(value, str) and "," in value:  # several codes, such as the parts of a share
            return ", ".join(str(codes.get(part, part)) for part in value.split(",") if part)
        return str(codes.get(value, value))
    if key in SCALE_KEYS and isinstance(value, int):
        return str(_l("%(value)s of 5", value=value))
    if isinstance(value, str) and MOMENT.match(value):
        try:
            return format_moment(datetime.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, str) and DAY.fullmatch(value):
        try:
            return format_day(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)
