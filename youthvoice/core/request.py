"""The request class: what a client sends is read and checked in one place, before any route sees it.

- NUL characters (U+0000) are removed from form fields, URL parameters (names and values) and the strings of a
  JSON body. Nobody types one, but a crafted request can send one, and PostgreSQL refuses it in every text
  column (SQLite keeps it, so the same request would behave differently per database). Every other character
  is left to the validation of its field (`forms.clean_text` drops the other control characters from free text).
- A JSON body is parsed here and only here (`get_json`, whoever calls it and however). A body sent as JSON that
  cannot be read is a 400 with a translated message (`UnreadableJson`), never a 500 and never silently an empty
  body: bytes that are not UTF-8, text that is not JSON, nesting deeper than MAX_JSON_DEPTH (Python's parser
  would otherwise recurse until it fails), and text that cannot be stored. That last one is a lone surrogate
  (`"\\ud800"`): JSON can escape one, but it is half a character that cannot be written as UTF-8, so no database
  column or encryption can keep it.
- Forms and URL parameters cannot carry a lone surrogate: werkzeug decodes them as UTF-8 and keeps bytes that are
  not UTF-8 percent-encoded or replaced by U+FFFD, and a browser sends a lone surrogate in a form field as U+FFFD.
  `_CleanParameters` does the same for anything else that builds them, so what was typed still reaches the
  route (and a refused form still shows it).
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Request
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict, iter_multi_items
from werkzeug.exceptions import BadRequest

NUL = "\x00"
MAX_JSON_DEPTH = 32  # the app's deepest body (a passkey's answer) is 3 levels
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class UnreadableJson(BadRequest):
    """A body sent as JSON that cannot be read: a client error, with a translated message and, when one part of
    the body is the problem, the name of its field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(description=message)
        self.field = field


def storable(text: str) -> str:
    """The text as it can be stored: NUL removed, a lone surrogate replaced by U+FFFD (as a browser does)."""
    text = text.replace(NUL, "") if NUL in text else text
    return LONE_SURROGATE.sub("\ufffd", text) if LONE_SURROGATE.search(text) else text


def read_json(data: bytes) -> Any:
    """A JSON body as Python values, without NUL; UnreadableJson for anything that cannot be read or stored."""
    try:
        value = json.loads(data.decode("utf-8"))
    except RecursionError as error:
        raise UnreadableJson(_("The request is nested too deeply to be read.")) from error
    except ValueError as error:  # UnicodeDecodeError included
        raise UnreadableJson(_("The request could not be read. Please reload the page and try again.")) from error
    return _checked(value, 0, None)


def _checked(value: Any, depth: int, field: str | None) -> Any:
    """Recursion is bounded: deeper than MAX_JSON_DEPTH is refused before going further."""
    if isinstance(value, str):
        if LONE_SURROGATE.search(value):
            raise UnreadableJson(_("The text contains a character that cannot be saved (half of an emoji or symbol). "
                                   "Remove it and try again."), field)
        return value.replace(NUL, "") if NUL in value else value
    if isinstance(value, list | dict):
        if depth >= MAX_JSON_DEPTH:
            raise UnreadableJson(_("The request is nested too deeply to be read."), field)
        if isinstance(value, list):
            return [_checked(item, depth + 1, field) for item in value]
        return {_checked(key, depth + 1, None): _checked(item, depth + 1, key if isinstance(key, str) else field)
                for key, item in value.items()}
    return value


class _CleanParameters(ImmutableMultiDict):
    """Form fields and URL parameters, as werkzeug parses them, with every name and text value `storable`."""

    def __init__(self, mapping: Any = None) -> None:
        if mapping is not None:
            mapping = [(storable(key), storable(value) if isinstance(value, str) else value)
                       for key, value in iter_multi_items(mapping)]
        super().__init__(mapping)


class CleanRequest(Request):
    parameter_storage_class = _CleanParameters

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True) -> Any:
        """The JSON body, read by `read_json`. `silent` only quiets a body that is not sent as JSON (None); one that
        is sent as JSON and cannot be read is always a 400 (`UnreadableJson`)."""
        if not (force or self.is_json):
            return super().get_json(force=force, silent=silent, cache=cache)
        if cache and self._cached_json[0] is not Ellipsis:
            return self._cached_json[0]
        value = read_json(self.get_data(cache=cache))
        if cache:
            self._cached_json = (value, value)
        return value
