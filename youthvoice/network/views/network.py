"""My network: the picture and the list, adding and changing people, asking for help, sharing it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectMultipleField, StringField, TextAreaField

from youthvoice.core.db import get_session
from youthvoice.core.errors import NotFound
from youthvoice.core.forms import Required, clean_text, max_length, one_of, optional, required
from youthvoice.identity.models import Role, User
from youthvoice.network import network
from youthvoice.network.models import AskStatus, Circle, HelpKind, NetworkPerson, Relation
from youthvoice.network.views.scope_sharing import add_share_pages
from youthvoice.sharing import access, sharing
from youthvoice.sharing.models import ShareScope
from youthvoice.web.charts import PicturePerson, network_svg
from youthvoice.web.view_helpers import confirmed, created, form_status, idempotent, refused_input, role_required

bp = Blueprint("network", __name__, url_prefix="/network", template_folder="../templates")



def _choices(labels: dict[Any, Any]) -> list[SelectChoice]:
    return [SelectChoice(str(value), label) for value, label in labels.items()]


class PersonForm(FlaskForm):
    name = StringField(_l("Name or nickname"), validators=[required(), max_length(network.NAME_LIMIT)])
    relation = RadioField(_l("How do you know them?"), validate_choice=False,
                          choices=_choices(network.RELATION_LABELS),
                          validators=[Required(_l("Choose how you know them.")),
                                      one_of(Relation, _l("Choose how you know them."))])
    circle = RadioField(_l("How close are they to you?"), validate_choice=False,
                        choices=_choices(network.CIRCLE_LABELS),
                        validators=[Required(_l("Choose how close they are.")),
                                    one_of(Circle, _l("Choose how close they are."))])
    helps = SelectMultipleField(_l("What could they help you with?"), validate_choice=False,
                                choices=_choices(network.HELP_LABELS),
                                validators=[one_of(HelpKind, _l("Choose from the list."))])

    def data_input(self) -> network.PersonInput:
        return network.PersonInput(name=clean_text(self.name.data), relation=self.relation.data or "",
                                   circle=self.circle.data or "", helps=list(self.helps.data or []))


class AskForm(FlaskForm):
    status = RadioField(_l("Could you ask them for help?"), validate_choice=False,
                        choices=[SelectChoice("", _l("No, not now")), *_choices(network.ASK_LABELS)],
                        validators=[one_of(AskStatus, _l("Choose one of the answers."))])
    note = TextAreaField(_l("What happened? (only if you want to write it)"),
                         validators=[optional(), max_length(network.NOTE_LIMIT)])


class InviteForm(FlaskForm):
    meeting = RadioField(_l("Which meeting?"), validate_choice=False,
                         validators=[Required(_l("Choose one of your meetings that is still to come."))])


# --- the picture, for the owner, a professional and the preview -------------------------------------------


def picture_context(db: Any, owner: User, *, for_owner: bool) -> dict[str, Any]:
    """The picture and the list beside it: the same people and the same facts."""
    people = network.people_of(db, owner)
    grouped = network.by_circle(people)
    counts = {circle: len(members) for circle, members in grouped.items()}
    asked = sum(1 for person in people if person.could_ask)
    title = _("My network") if for_owner else _("%(name)s's network", name=owner.display_name)
    description = _("Close to me: %(inner)d. In between: %(middle)d. Further away: %(outer)d. "
                    "Could be asked: %(asked)d.", inner=counts["inner"], middle=counts["middle"],
                    outer=counts["outer"], asked=asked)
    picture = network_svg(
        [PicturePerson(key=str(person.id), name=person.name or "", circle=person.circle,
                       helps=tuple(network.helps_of(person)), ask_status=person.ask_status) for person in people],
        svg_id="netmap", title=title, description=description,
        me_label=_("Me") if for_owner else owner.display_name.split()[0][:8],
        help_order=[kind.value for kind in HelpKind])
    used_helps = [kind.value for kind in HelpKind if any(kind.value in network.helps_of(p) for p in people)]
    used_asks = {person.ask_status for person in people if person.ask_status}
    return {"people": people, "grouped": grouped, "picture": picture, "asked": asked, "used_helps": used_helps,
            "used_asks": used_asks,
            "helps_of": network.helps_of}


@bp.get("/")
@role_required(Role.YOUNG_PERSON)
def index() -> Any:
    """My network: the picture, and everyone in it as a list."""
    db = get_session()
    return render_template("network/index.html", **picture_context(db, current_user, for_owner=True),
                           shares=sharing.scope_shares(db, owner=current_user, scope=ShareScope.NETWORK),
                           has_meetings=bool(network.meetings_to_invite_to(db, current_user)))


def _save_person(form: PersonForm, person: NetworkPerson | None) -> NetworkPerson | None:
    db = get_session()
    with refused_input(form, field="name"):
        if person is None:
            person = network.add_person(db, owner=current_user, data=form.data_input())
            created(person.id)
        else:
            network.update_person(db, person=person, data=form.data_input())
        return person
    return None


@bp.route("/add", methods=["GET", "POST"])
@role_required(Role.YOUNG_PERSON)
@idempotent(lambda record: redirect(url_for("network.index") + f"#person-{record.resource_id}"))
def add() -> Any:
    """Add someone to my network."""
    form = PersonForm(circle=request.args.get("circle") if request.args.get("circle") in set(Circle) else None)
    if form.validate_on_submit():
        person = _save_person(form, None)
        if person is not None:
            # (never the name: a flash is kept in the web session, where a young person's words are not sealed)
            flash(_("Added to your network. You find them below."), "success")
            return redirect(url_for("network.index") + f"#person-{person.id}")
    return render_template("network/form.html", form=form, person=None), form_status(form)


@bp.route("/people/<entry_id>", methods=["GET", "POST"])
@role_required(Role.YOUNG_PERSON)
def edit(entry_id: str) -> Any:
    """Change someone's name, how I know them, how close they are, what they could help with."""
    db = get_session()
    person = network.own_person(db, current_user, entry_id)
    if request.method == "GET":
        form = PersonForm(name=person.name, relation=person.relation, circle=person.circle,
                          helps=network.helps_of(person))
        return render_template("network/form.html", form=form, person=person)
    form = PersonForm()
    if form.validate_on_submit() and _save_person(form, person) is not None:
        flash(_("Saved."), "success")
        return redirect(url_for("network.index") + f"#person-{person.id}")
    return render_template("network/form.html", form=form, person=person), 400


@bp.post("/people/<entry_id>/remove")
@role_required(Role.YOUNG_PERSON)
def remove(entry_id: str) -> Any:
    """Take someone out of my network."""
    db = get_session()
    person = network.own_person(db, current_user, entry_id)
    if not confirmed():
        return redirect(url_for("network.edit", entry_id=person.id))
    network.remove_person(db, person=person)
    flash(_("They are no longer in your network."), "success")
    return redirect(url_for("network.index"))


@bp.route("/people/<entry_id>/ask", methods=["GET", "POST"])
@role_required(Role.YOUNG_PERSON)
def ask(entry_id: str) -> Any:
    """Could this person help? Mark them, and note what happened when I asked."""
    db = get_session()
    person = network.own_person(db, current_user, entry_id)
    if request.method == "GET":
        form = AskForm(status=person.ask_status or "", note=person.ask_note or "")
        return render_template("network/ask.html", form=form, person=person)
    form = AskForm()
    if form.validate_on_submit():
        with refused_input(form, field="status"):
            network.mark_ask(db, person=person, status=form.status.data or None, note=clean_text(form.note.data))
            flash(_("Saved."), "success")
            return redirect(url_for("network.index") + f"#person-{person.id}")
    return render_template("network/ask.html", form=form, person=person), 400


@bp.route("/people/<entry_id>/invite", methods=["GET", "POST"])
@role_required(Role.YOUNG_PERSON)
def invite(entry_id: str) -> Any:
    """Bring someone from my network into one of my coming meetings (their name joins its list of people)."""
    db = get_session()
    person = network.own_person(db, current_user, entry_id)
    upcoming = network.meetings_to_invite_to(db, current_user)
    form = InviteForm()
    form.meeting.choices = [SelectChoice(str(meeting.id)) for meeting in upcoming]
    if form.validate_on_submit():
        try:
            meeting = access.own_meeting(db, current_user, form.meeting.data).meeting
        except NotFound:
            form.meeting.errors = [_("Choose one of your meetings that is still to come.")]
        else:
            with refused_input(form, field="meeting"):
                added = network.invite_to_meeting(db, person=person, meeting=meeting)
                flash(_("Added to the list of people for the meeting.") if added  # (never the name: see add())
                      else _("They were already on the list for that meeting."), "success")
                return redirect(url_for("meetings.show", meeting_id=meeting.id))
    status = form_status(form)
    return render_template("network/invite.html", form=form, person=person, upcoming=upcoming,
                           invited={m.id for m in upcoming if network.is_invited(person, m)}), status


# --- sharing: who can see my network, stop sharing, and exactly what one professional sees ----------------


add_share_pages(bp, ShareScope.NETWORK, shared_template="network/shared.html",
                shared_context=lambda db, owner, _professional: picture_context(db, owner, for_owner=False),
                stopped=_l("Nobody else can see your network any more."))


@bp.get("/of/<young_id>")
@login_required
def of(young_id: str) -> Any:
    """A young person's network as a professional they share it with sees it (every view is logged first)."""
    db = get_session()
    seen = access.network_for(db, current_user, young_id)
    if seen.is_owner:
        return redirect(url_for("network.index"))
    return render_template("network/shared.html", owner=seen.owner, preview_for=None, shared=True,
                           **picture_context(db, seen.owner, for_owner=False))

