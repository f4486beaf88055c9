"""A snapshot of every young person's words in the database, read through the models: each table with a sealed
field that holds its owner's words (sealing.sealed), so a new table is part of it without a line here."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Flask
from sqlmodel import SQLModel, select

from youthvoice.core.db import new_session
from youthvoice.privacy.words import sealed_fields


def word_models() -> list[type]:
    """Every table model with at least one sealed field."""
    return sorted((mapper.class_ for mapper in SQLModel._sa_registry.mappers if sealed_fields(mapper.class_)),
                  key=lambda model: model.__name__)


def words_of(app: Flask, owner_id: uuid.UUID) -> dict[tuple[str, str, str], str]:
    """(table, row, field) -> text, for every value in the database that is `owner_id`'s own words."""
    found: dict[tuple[str, str, str], str] = {}
    with new_session(app) as db:
        for model in word_models():
            fields = sealed_fields(model)
            owner_column = getattr(model, fields[0].owner)
            for row in db.exec(select(model).where(owner_column == owner_id)):
                key = "/".join(str(getattr(row, column.key)) for column in model.__table__.primary_key.columns)
                for field in fields:
                    value: Any = getattr(row, field.name)
                    if value and field.holds_owners_words(row):
                        found[(model.__tablename__, key, field.name)] = value
    return found


def models_with_words(snapshot: dict[tuple[str, str, str], str]) -> set[str]:
    return {table for table, _row, _field in snapshot}
