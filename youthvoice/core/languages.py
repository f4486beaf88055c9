"""The languages of the interface, in one place: each code with its name in its own language.

Adding a language is this one line, its catalogue (`scripts/translations.sh extract`, then
`scripts/po_apply.py <code> <json>`) and an `[<code>]` table in the content files (youthvoice/rights/content/).
The order here is the order of the language picker. Right to left comes from Babel's locale data, so a code
Babel does not know is refused at start-up (tests/test_i18n.py).
"""

from __future__ import annotations

from functools import cache

from babel import Locale

# code -> the language's own name (an endonym: someone who cannot read Danish must still find their language)
NAMES: dict[str, str] = {
    "da": "Dansk",
    "en": "English",
    "ar": "العربية",
    "fa_AF": "دری",
    "uk": "Українська",
    "so": "Soomaali",
    "ti": "ትግርኛ",
}
CODES: tuple[str, ...] = tuple(NAMES)
# The language whose texts are the authoritative ones for legal statements (the rights pages, the legal pages).
AUTHORITATIVE = "da"


@cache
def is_rtl(code: str) -> bool:
    """Whether the language is written right to left (Arabic; Dari later)."""
    try:
        return Locale.parse(code).character_order == "right-to-left"
    except (ValueError, TypeError):
        return False


def direction(code: str) -> str:
    """The `dir` attribute of a page in this language."""
    return "rtl" if is_rtl(code) else "ltr"
