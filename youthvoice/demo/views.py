"""Demo mode only: a page listing the personas, each with a "log in as" button."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from sqlmodel import col, select

from youthvoice.core.db import get_session
from youthvoice.core.errors import NotFound
from youthvoice.demo.seed import DEMO_SLUG, HOME_COORDINATOR, NEIGHBOUR_SLUG, PERSONAS
from youthvoice.identity.models import Municipality, User
from youthvoice.identity.views.auth import begin_session_for
from youthvoice.privacy import audit
from youthvoice.privacy.audit import Action

bp = Blueprint("demo", __name__, url_prefix="/demo", template_folder="templates")


def _demo_people(db: Any) -> list[User]:
    municipality = db.exec(select(Municipality).where(Municipality.slug == DEMO_SLUG)).first()
    if municipality is None:
        return []
    neighbour = db.exec(select(Municipality).where(Municipality.slug == NEIGHBOUR_SLUG)).first()
    featured = {persona.name for persona in (*PERSONAS, HOME_COORDINATOR)}
    towns = [municipality.id] + ([neighbour.id] if neighbour else [])
    return [person for person in db.exec(
        select(User).where(col(User.municipality_id).in_(towns), User.status == "active")
        .order_by(col(User.role).desc(), col(User.display_name))
    ) if person.display_name in featured]


@bp.get("/")
def index() -> Any:
    """The personas of the demo municipality."""
    return render_template("demo/index.html", people=_demo_people(get_session()))


@bp.post("/login/<person_id>")
def login_as(person_id: str) -> Any:
    """Log in as a demo persona without a passkey (demo mode only)."""
    db = get_session()
    person = next((p for p in _demo_people(db) if str(p.id) == person_id), None)
    if person is None:
        raise NotFound
    begin_session_for(person)
    audit.record(session=db, action=Action.LOGIN, actor=person, subject=person, object_type="demo")
    return redirect(url_for("main.home"))
