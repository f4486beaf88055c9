"""Shared form pieces with messages in our own catalogues (WTForms ships no Danish)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional, StopValidation, ValidationError

from youthvoice.core.danish_calendar import age_on


class Required:
    """Like WTForms' DataRequired, but a value that could not be read keeps its own, better message."""

    field_flags = {"required": True}

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, _form: Any, field: Any) -> None:
        if field.process_errors:
            raise StopValidation
        if field.data is None or field.data is False or (isinstance(field.data, str) and not field.data.strip()):
            raise StopValidation(self.message)


def required() -> Required:
    return Required(_l("Please fill this in."))


def max_length(limit: int) -> Length:
    return Length(max=limit, message=_l("Please keep it under %(max)d characters.", max=limit))


def optional() -> Optional:
    return Optional()


class LocalDateField(DateField):
    """A date typed as YYYY-MM-DD (what <input type=date> sends), with a translated message."""

    data: Any  # a date, or None; as with every WTForms field, the form's validators say which (required())

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not valuelist[0]:
            self.data = None
            return
        raw = str(valuelist[0]).strip()
        try:
            self.data = datetime.strptime(raw, "%Y-%m-%d").date()
        except ValueError as error:
            self.data = None
            raise ValueError(_l("Please write the date as YYYY-MM-DD, for example 2008-03-24.")) from error


def age_between(low: int, high: int) -> Any:
    """A birth date giving an age from `low` up to (not including) `high` years."""

    def check(_form: Any, field: Any) -> None:
        if field.data is None:
            return
        age = age_on(field.data)
        if age < 0:
            raise ValidationError(_l("This date of birth is in the future. Check the date."))
        if not low <= age < high:  # the age it gives, so a wrong year is easy to see
            raise ValidationError(_l("With this date of birth they are %(age)d. youthvoice is for young people "
                                     "from %(low)d to %(high)d years, so they cannot be invited. Check the date.",
                                     age=age, low=low, high=high - 1))

    return check


def clean_text(value: str | None) -> str:
    """Trim whitespace and drop control characters other than line breaks and tabs."""
    if not value:
        return ""
    return "".join(ch for ch in value if ch in "\n\t" or (ch >= " " and ch != "\x7f")).strip()


def one_of(values: Any, message: str) -> Any:
    """The value (or each of several values) is one of `values`; otherwise our own, translated message."""
    allowed = {str(value) for value in values}

    def check(_form: Any, field: Any) -> None:
        data = field.data if isinstance(field.data, list | tuple) else [field.data]
        if any(str(item) not in allowed for item in data if item not in (None, "")):
            raise ValidationError(message)

    return check


__all__ = ["LocalDateField", "StringField", "age_between", "clean_text", "max_length", "optional", "required"]
