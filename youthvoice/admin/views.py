"""The municipal admin: professionals, invites, deactivation and security events."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlmodel import col, select
from wtforms import BooleanField, SelectChoice, SelectField, StringField

from youthvoice.admin import network_growth, overview
from youthvoice.admin import transitions as transition_list
from youthvoice.core import jobs
from youthvoice.core.db import get_session
from youthvoice.core.errors import NotFound
from youthvoice.core.forms import LocalDateField, clean_text, max_length, optional, required
from youthvoice.council import accountability
from youthvoice.council.models import Council
from youthvoice.identity import accounts, oidc, recovery
from youthvoice.identity.invite_links import issue_new_link, remember_invite_link, shown_invite
from youthvoice.identity.models import InviteKind, Municipality, Role
from youthvoice.mydata import data_rights
from youthvoice.network import steps
from youthvoice.privacy import audit
from youthvoice.privacy.audit import SECURITY_ACTIONS, Action
from youthvoice.privacy.models import AuditEvent
from youthvoice.sharing import access
from youthvoice.support import absence
from youthvoice.web.charts import TrendPoint, trend_svg
from youthvoice.web.view_helpers import confirmed, form_status, issuing_refused, refused_input, role_required

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

# The scheduled jobs on the overview (core/jobs.py): their names, outcomes and what they count, in words.
JOB_LABELS = {"remind": _l("Reminders of tomorrow's meetings"), "erase-due": _l("Deleting accounts when asked"),
              "retention": _l("Deleting data kept too long"), "push-retry": _l("Sending failed notifications again"),
              "audit-checkpoint": _l("Checkpoint of the audit log")}
OUTCOME_LABELS = {"ok": _l("Done"), "failed": _l("Failed"), "running": _l("Running")}
COUNT_LABELS = {"meetings": _l("meetings"), "erased": _l("deleted"), "deleted": _l("deleted"), "failed": _l("failed"),
                "request_keys": _l("old request keys"), "devices": _l("devices"), "entries": _l("entries")}


class InviteStaffForm(FlaskForm):
    display_name = StringField(_l("Name"), validators=[required(), max_length(80)])
    title = StringField(_l("Job title (for example caseworker, contact person, mentor)"),
                        validators=[optional(), max_length(80)])
    role = SelectField(_l("Role"), choices=[SelectChoice(Role.PROFESSIONAL.value, _l("Professional")),
                                            SelectChoice(Role.ADMIN.value, _l("Administrator")),
                                            SelectChoice(Role.PARTNER.value,
                                                         _l("Partner (evaluator): sees only anonymous figures")),
                                            SelectChoice(Role.RESPONDENT.value,
                                                         _l("Committee respondent (politician or secretary)")),
                                            SelectChoice(Role.FACILITATOR.value,
                                                         _l("Group facilitator (tovholder, for example a "
                                                            "volunteer): runs peer groups, sees no case"))],
                       default=Role.PROFESSIONAL.value)
    is_coordinator = BooleanField(_l("Youth council coordinator"))
    committee_id = SelectField(_l("Committee (for a committee respondent)"), choices=[], validate_choice=False)


def _committee_choices(db: Any) -> list[tuple[str, str]]:
    council = db.exec(select(Council).where(Council.municipality_id == current_user.municipality_id)).first()
    committees = accountability.committees_of(db, council) if council else []
    return [("", _("(none)")), *((str(c.id), c.name) for c in committees)]


@bp.get("/")
@role_required(Role.ADMIN)
def index() -> Any:
    """The admin's overview of their municipality's accounts (never anyone's content): a page of each list at a
    time, searchable by name, so the page costs the same for 40 accounts and for 4,000."""
    return _render_index()


def _render_index(*, out_of_hours: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                  status: int = 200) -> Any:
    db = get_session()
    town = db.get(Municipality, current_user.municipality_id)
    if out_of_hours is None:
        out_of_hours = {"out_of_hours_name": (town.out_of_hours_name if town else None) or "",
                        "out_of_hours_phone": (town.out_of_hours_phone if town else None) or ""}
    search = (request.args.get("q") or "").strip()[:80]
    events = db.exec(
        select(AuditEvent)
        .where(AuditEvent.municipality_id == current_user.municipality_id,
               col(AuditEvent.action).in_(SECURITY_ACTIONS))
        .order_by(col(AuditEvent.id).desc()).limit(40)
    ).all()
    names = accounts.names_of(db, {event.actor_id for event in events} | {event.subject_id for event in events},
                              current_user.municipality_id)
    lists = {key: accounts.page_of_people(db, current_user.municipality_id, roles, search=search,
                                          page=_page_number(f"{key}_page"))
             for key, roles in (("staff", (Role.PROFESSIONAL, Role.ADMIN, Role.PARTNER, Role.RESPONDENT,
                                           Role.FACILITATOR)),
                                ("young", (Role.YOUNG_PERSON, Role.PEER)))}
    return render_template("admin/index.html", staff=lists["staff"], young_people=lists["young"], events=events,
                           names=names, search=search, job_runs=jobs.latest_runs(db, current_app, per_job=1),
                           job_labels=JOB_LABELS, outcome_labels=OUTCOME_LABELS, count_labels=COUNT_LABELS,
                           out_of_hours=out_of_hours, out_of_hours_errors=errors or {}), status


@bp.post("/out-of-hours")
@role_required(Role.ADMIN)
def out_of_hours() -> Any:
    """The municipality's out-of-hours social service (socialvagt): young people see it on the help page."""
    db = get_session()
    values = {key: request.form.get(key, "") for key in ("out_of_hours_name", "out_of_hours_phone")}
    town = db.get(Municipality, current_user.municipality_id)
    if town is None:
        raise NotFound
    with refused_input() as refused:
        absence.set_out_of_hours(db, municipality=town, name=values["out_of_hours_name"],
                                 phone=values["out_of_hours_phone"])
        flash(_("Saved. Young people see it on the help page."), "success")
        return redirect(url_for("admin.index") + "#out-of-hours")
    return _render_index(out_of_hours=values, errors={refused.field or "": refused.message}, status=400)


def _page_number(name: str) -> int:
    raw = request.args.get(name, "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


@bp.get("/voice")
@role_required(Role.ADMIN)
def voice() -> Any:
    """How young people rate being heard and deciding, per month and meeting kind (anonymous, groups of 5+)."""
    return render_template("admin/voice.html", cells=overview.feelings(get_session(), current_user.municipality_id),
                           minimum=overview.MIN_GROUP)


@bp.get("/transitions")
@role_required(Role.ADMIN)
def transitions() -> Any:
    """Young people near 18 or 23 with no meeting about the move to adult life: so nobody falls through."""
    return render_template("admin/transitions.html",
                           rows=transition_list.approaching_without_plan(get_session(), current_user.municipality_id))


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that only chooses what to count

    since = LocalDateField(_l("From"), validators=[optional()])
    until = LocalDateField(_l("To"), validators=[optional()])


@bp.get("/steps")
@role_required(Role.ADMIN)
def steps_overview() -> Any:
    """How many young people use the small steps, and how ratings moved per area (anonymous, groups of 5+)."""

    form = PeriodForm(request.args)
    valid = form.validate()
    until = (form.until.data if valid else None) or steps.today()
    since = (form.since.data if valid else None) or until - timedelta(days=182)
    if valid and since > until:
        form.since.errors = [_("The start must be before the end.")]
        valid = False
    if not valid:
        until, since = steps.today(), steps.today() - timedelta(days=182)
    else:
        form.since.data, form.until.data = since, until
    use = overview.steps_use(get_session(), current_user.municipality_id, since=since, until=until)
    return render_template("admin/steps.html", form=form, use=use, minimum=overview.MIN_GROUP), 200 if valid else 400


@bp.get("/housing")
@role_required(Role.ADMIN)
def housing_overview() -> Any:
    """What kinds of homes young people wish for when they leave care (anonymous, groups of 5+)."""
    return render_template("admin/housing.html", count=overview.housing_wishes(get_session(),
                                                                              current_user.municipality_id),
                           minimum=overview.MIN_GROUP)


@bp.get("/network")
@role_required(Role.ADMIN)
def network_overview() -> Any:
    """How networks grow for young people who use the network map, by quarter since they started (anonymous,
    medians only, nothing for fewer than 5 young people)."""
    quarters = network_growth.network_growth(get_session(), current_user.municipality_id)
    return render_template("admin/network.html", quarters=quarters, minimum=network_growth.MIN_YOUNG_PEOPLE,
                           chart=_network_chart(quarters))


def _one_decimal(value: float) -> str:
    """As the tables write it (the `format_decimal` filter): "3,5", "2,0"."""
    return format_decimal(value, format="#,##0.0")


def _network_chart(quarters: list[network_growth.QuarterGrowth]) -> Any:
    shown = [quarter for quarter in quarters if not quarter.hidden]
    if not shown:
        return None
    top = max(max(quarter.people or 0 for quarter in shown), 1)
    description = " ".join(
        _("Quarter %(num)d: not shown.", num=q.quarter) if q.hidden
        else _("Quarter %(num)d: %(value)s.", num=q.quarter, value=_one_decimal(q.could_help or 0)) for q in quarters)
    return trend_svg([TrendPoint(_("Q%(num)d", num=quarter.quarter), quarter.could_help) for quarter in quarters],
                     svg_id="network-growth-chart", title=_("People who could help, per young person (median)"),
                     description=description, value_text=_one_decimal,
                     top=float(top))


@bp.route("/invite", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def invite() -> Any:
    """Invite a professional or another admin."""
    db = get_session()
    form = InviteStaffForm()
    form.committee_id.choices = _committee_choices(db)
    valid = form.validate_on_submit()
    if valid and form.role.data == Role.RESPONDENT and not form.committee_id.data:
        form.committee_id.errors = [_("Please choose the committee they answer for.")]
        valid = False
    if valid:
        refused = issuing_refused()
        if refused:
            flash(refused, "error")
            return render_template("admin/invite.html", form=form), 429
        role = Role(form.role.data)
        person = accounts.create_person(
            db, municipality_id=current_user.municipality_id, role=role,
            display_name=clean_text(form.display_name.data), title=clean_text(form.title.data) or None,
            is_coordinator=bool(form.is_coordinator.data) and role == Role.PROFESSIONAL)
        if role == Role.RESPONDENT:
            committee = accountability.committee_of_municipality(db, current_user.municipality_id,
                                                                 form.committee_id.data)
            accountability.add_respondent(db, committee=committee, person=person)
        issued = accounts.issue_invite(db, person=person, created_by=current_user, kind=InviteKind.ACCOUNT,
                                       lifetime=timedelta(days=current_app.config["INVITE_DAYS"]))
        remember_invite_link(person.id, issued.token)
        return redirect(url_for("admin.person", person_id=person.id))
    return render_template("admin/invite.html", form=form), 400 if form.errors else 200


@bp.get("/people/<person_id>")
@role_required(Role.ADMIN)
def person(person_id: str) -> Any:
    """One account of the municipality: status, invite link, deactivation."""
    db = get_session()
    someone = access.person_for(db, current_user, person_id)
    return _person_page(db, someone)


def _person_page(db: Any, someone: Any, form: LinkForm | None = None) -> Any:
    # with a refused form the section is shown with what was typed, whether or not a provider is set up yet
    staff = someone.role in oidc.STAFF_ROLES and (form is not None
                                                  or oidc.provider_of(db, someone.municipality_id) is not None)
    return render_template("admin/person.html", person=someone, link=shown_invite(someone),
                           login_link_form=(form or LinkForm()) if staff else None,
                           provider_link=oidc.link_of(db, someone) if staff else None,
                           committees=(accountability.committees_of_respondent(db, someone)
                                       if someone.is_respondent else []),
                           approval=recovery.approval_for(db, current_user, someone),
                           pending_invite=accounts.pending_invite(db, someone),
                           professionals=access.professionals_of(db, someone) if someone.is_young_person else [],
                           colleague_choices=(access.colleague_choices(db, current_user, someone)
                                              if someone.is_young_person else []))


@bp.post("/people/<person_id>/invite-link")
@role_required(Role.ADMIN)
def new_link(person_id: str) -> Any:
    """A new invite, or a recovery link for someone who lost their device (recorded and shown to them)."""
    db = get_session()
    someone = access.person_for(db, current_user, person_id)
    refused = issuing_refused()
    if refused:
        flash(refused, "error")
        return person(person_id), 429
    issue_new_link(db, person=someone, created_by=current_user)
    return redirect(url_for("admin.person", person_id=someone.id))


class LinkForm(FlaskForm):
    subject = StringField(_l("Id at the municipality's log-in"), validators=[required(), max_length(200)])


@bp.post("/people/<person_id>/login-link")
@role_required(Role.ADMIN)
def provider_link(person_id: str) -> Any:
    """Link a member of staff to their account at the municipality's provider (by its subject), or remove it."""
    db = get_session()
    someone = access.person_for(db, current_user, person_id)
    if someone.role not in oidc.STAFF_ROLES:
        raise NotFound  # young people, support persons and others log in with passkeys only
    if request.form.get("remove"):
        oidc.unlink(db, person=someone)
        audit.record(session=db, action=Action.UPDATE, actor=current_user, subject=someone,
                     object_type="provider_link", object_id=someone.id)
        return redirect(url_for("admin.person", person_id=someone.id))
    form = LinkForm()
    if form.validate_on_submit():
        with refused_input(form):
            oidc.link(db, person=someone, subject=form.subject.data or "", actor=current_user)
            audit.record(session=db, action=Action.UPDATE, actor=current_user, subject=someone,
                         object_type="provider_link", object_id=someone.id)
            flash(_("%(name)s can now log in with the municipality's log-in.", name=someone.display_name), "success")
            return redirect(url_for("admin.person", person_id=someone.id))
    return _person_page(db, someone, form), form_status(form)


@bp.post("/people/<person_id>/deactivate")
@role_required(Role.ADMIN)
def deactivate(person_id: str) -> Any:
    """End someone's access at once (their sessions end too)."""
    db = get_session()
    someone = access.person_for(db, current_user, person_id)
    if someone.id == current_user.id:
        flash(_("You cannot deactivate your own account."), "error")
        return redirect(url_for("admin.person", person_id=someone.id))
    if not confirmed():
        return redirect(url_for("admin.person", person_id=someone.id))
    accounts.deactivate(db, person=someone, actor=current_user)
    flash(_("%(name)s can no longer log in.", name=someone.display_name), "success")
    return redirect(url_for("admin.person", person_id=someone.id))


@bp.post("/people/<person_id>/erase")
@role_required(Role.ADMIN)
def request_erasure(person_id: str) -> Any:
    """On the young person's request (by letter, in person): delete their account after the grace period."""
    db = get_session()
    someone = access.person_for(db, current_user, person_id)
    if request.form.get("undo"):
        data_rights.cancel_erasure(db, person=someone, actor=current_user)
    elif not confirmed():
        return redirect(url_for("admin.person", person_id=someone.id))
    else:
        data_rights.request_erasure(db, person=someone, requested_by=current_user,
                                    grace_days=current_app.config["ERASURE_GRACE_DAYS"])
    return redirect(url_for("admin.person", person_id=someone.id))
