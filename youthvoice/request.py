"""The request class: input never carries NUL characters into the app.

Nobody types a NUL (U+0000), but a crafted request can send one, and PostgreSQL refuses it in every text
column (SQLite keeps it, so the same request would behave differently per database). It is removed from form
fields, URL parameters (names and values) and the strings of a JSON body before any route reads them; every
other character is left to the validation of the field it is in (`forms.clean_text` drops the other control
characters from free text).
"""

from __future__ import annotations

from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, iter_multi_items

NUL = "\x00"


def without_nul(value: Any) -> Any:
    """The value with NUL removed from every string in it (recursively, for JSON)."""
    if isinstance(value, str):
        return value.replace(NUL, "") if NUL in value else value
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    return value


class _ParametersWithoutNul(ImmutableMultiDict):  # type: ignore[type-arg]
    """Form fields and URL parameters, as werkzeug parses them, without NUL in names or text values."""

    def __init__(self, mapping: Any = None) -> None:
        if mapping is not None:
            mapping = [(without_nul(key), without_nul(value)) for key, value in iter_multi_items(mapping)]
        super().__init__(mapping)


class CleanRequest(Request):
    parameter_storage_class = _ParametersWithoutNul

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:  # type: ignore[override]
        return without_nul(super().get_json(force=force, silent=silent, cache=cache))
