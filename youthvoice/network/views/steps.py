"""My small steps: goals, steps and ratings per life area, the progress charts, ideas from professionals, sharing."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import ValidationError

from youthvoice.core.db import get_session
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.forms import LocalDateField, Required, clean_text, max_length, one_of, optional, required
from youthvoice.identity.models import Role, User
from youthvoice.network import steps
from youthvoice.network.views.scope_sharing import add_share_pages
from youthvoice.sharing import access, sharing
from youthvoice.sharing.models import ShareScope
from youthvoice.web.charts import RatingPoint, progress_svg
from youthvoice.web.dates import format_axis_day
from youthvoice.web.view_helpers import form_status, idempotent, refused_input, role_required

bp = Blueprint("steps", __name__, url_prefix="/steps")

AREA_CHOICES = [SelectChoice(str(area), label) for area, label in steps.AREA_LABELS.items()]


def _area_field(label: object) -> SelectField:
    return SelectField(label, validate_choice=False, choices=AREA_CHOICES,
                       validators=[Required(_l("Choose one of the areas.")),
                                   one_of(steps.AREAS, _l("Choose one of the areas."))])


class StepForm(FlaskForm):
    area = _area_field(_l("Which area?"))
    text = TextAreaField(_l("What did you do? One sentence is enough."),
                         validators=[required(), max_length(steps.TEXT_LIMIT)])
    day = LocalDateField(_l("When?"), validators=[optional()])
    not_yet = BooleanField(_l("I have not done it yet: it is my next step"))


def _rating(_form: Any, field: Any) -> None:
    raw = (field.data or "").strip()
    if raw and (not raw.isdigit() or not steps.RATING_MIN <= int(raw) <= steps.RATING_MAX):
        raise ValidationError(_l("Choose a number from %(low)d to %(high)d.", low=steps.RATING_MIN,
                                 high=steps.RATING_MAX))


class RatingForm(FlaskForm):
    day = LocalDateField(_l("Date"), validators=[required()])

    def values(self) -> dict[str, int | None]:
        return {area: int(raw) if (raw := (self[f"rate_{area}"].data or "").strip()) else None
                for area in steps.AREAS}


for _area, _label in steps.AREA_LABELS.items():
    setattr(RatingForm, f"rate_{_area}", StringField(_label, validators=[_rating]))


class GoalForm(FlaskForm):
    text = TextAreaField(_l("My goal, in my own words"), validators=[required(), max_length(steps.TEXT_LIMIT)])


class SuggestForm(FlaskForm):
    area = _area_field(_l("Area"))
    text = TextAreaField(_l("Your idea for a next step"), validators=[required(), max_length(steps.TEXT_LIMIT)])


def _from_plan(area: str) -> str | None:
    """Back to the transition plan when a page was opened from it (`from=plan`); None otherwise."""
    if request.values.get("from") == "plan":
        return url_for("transition.index") + f"#area-{area}"
    return None


# --- the pictures --------------------------------------------------------------------------------------


def _day_label(day: date, with_year: bool) -> str:
    return format_axis_day(day, with_year)


def progress_context(db: Any, owner: User) -> dict[str, Any]:
    """Per area: the goal, the ratings as a chart and as a table; next steps; what has been achieved."""
    ratings = steps.ratings_of(db, owner)
    goals = steps.open_goals(db, owner)
    this_year = steps.today().year
    areas = []
    for area in steps.AREAS:
        rows = ratings.get(area, [])
        label = str(steps.AREA_LABELS[area])
        chart = None
        if rows:
            with_year = rows[0].day.year != rows[-1].day.year or rows[-1].day.year != this_year
            description = ngettext(
                "%(num)d rating, from %(first)d on %(start)s to %(latest)d on %(end)s (1 = bad, 10 = really good).",
                "%(num)d ratings, from %(first)d on %(start)s to %(latest)d on %(end)s (1 = bad, 10 = really good).",
                len(rows), first=rows[0].value, latest=rows[-1].value,
                start=_day_label(rows[0].day, with_year), end=_day_label(rows[-1].day, with_year))
            chart = progress_svg([RatingPoint(row.day, row.value) for row in rows], svg_id=f"chart-{area}",
                                 title=_("%(area)s over time", area=label), description=description,
                                 day_label=partial(_day_label, with_year=with_year))
        areas.append({"area": area, "label": label, "goal": goals.get(area), "ratings": rows,
                      "latest": rows[-1] if rows else None, "chart": chart})
    next_steps, achieved = steps.next_steps(db, owner), steps.achieved(db, owner)
    voice = steps.voice_answers(db, owner, [*next_steps, *(item for item in achieved if item.kind == "step")],
                                [*goals.values(), *(item for item in achieved if item.kind == "goal")])
    return {"areas": areas, "next_steps": next_steps, "achieved": achieved, "voice_answers": voice}


@bp.get("/")
@role_required(Role.YOUNG_PERSON)
def index() -> Any:
    """My small steps: ideas waiting for me, my next steps, each area over time, and what I have achieved."""
    db = get_session()
    return render_template("steps/index.html", **progress_context(db, current_user),
                           suggestions=steps.open_suggestions(db, current_user),
                           shares=sharing.scope_shares(db, owner=current_user, scope=ShareScope.STEPS))


@bp.route("/log", methods=["GET", "POST"])
@role_required(Role.YOUNG_PERSON)
@idempotent(lambda _record: redirect(url_for("steps.index")))
def log() -> Any:
    """Write down a small step: what I did and when, or what I will do next."""
    area = request.args.get("area", "")
    form = StepForm(area=area if area in steps.AREAS else None, day=steps.today(),
                    not_yet=request.args.get("next") == "1")  # (the plan's "Add a next step")
    if form.validate_on_submit():
        with refused_input(form, field="text"):
            step = steps.log_step(get_session(), owner=current_user, area=form.area.data,
                                  text=clean_text(form.text.data), day=form.day.data, done=not form.not_yet.data)
            flash(_("Saved. Well done!") if step.day else _("Saved as your next step."), "success")
            return redirect(_from_plan(step.area)
                            or url_for("steps.index") + ("#achieved" if step.day else "#next-steps"))
    return render_template("steps/log.html", form=form), form_status(form)


@bp.route("/rate", methods=["GET", "POST"])
@role_required(Role.YOUNG_PERSON)
def rate() -> Any:
    """How is each area going right now, from 1 to 10? Only the areas I want to rate."""
    form = RatingForm(day=steps.today())
    problem = None
    if form.validate_on_submit():
        db = get_session()
        try:
            count = steps.rate(db, owner=current_user, day=form.day.data, values=form.values())
        except InvalidInput as error:  # (its own shape: a rule names an area, the form's field is rate_<area>)
            db.rollback()
            if error.field in ("day", *(f"rate_{area}" for area in steps.AREAS)):
                form[error.field].errors = [error.message]
            elif error.field in steps.AREAS:
                form[f"rate_{error.field}"].errors = [error.message]
            else:
                problem = error.message
        else:
            flash(ngettext("Saved %(num)d rating.", "Saved %(num)d ratings.", count), "success")
            return redirect(url_for("steps.index") + "#areas")
    latest = {area: rows[-1] for area, rows in steps.ratings_of(get_session(), current_user).items() if rows}
    return render_template("steps/rate.html", form=form, problem=problem, areas=steps.AREAS, latest=latest), (
        400 if request.method == "POST" else 200)


def _own_area(area: str) -> str:
    if area not in steps.AREAS:
        raise NotFound
    return area


@bp.route("/goal/<area>", methods=["GET", "POST"])
@role_required(Role.YOUNG_PERSON)
def goal(area: str) -> Any:
    """Set or change my goal in one area."""
    db = get_session()
    area = _own_area(area)
    current = steps.open_goals(db, current_user).get(area)
    form = GoalForm(text=current.text if current else "") if request.method == "GET" else GoalForm()
    if form.validate_on_submit():
        with refused_input(form, field="text"):
            steps.set_goal(db, owner=current_user, area=area, text=clean_text(form.text.data))
            flash(_("Your goal is saved."), "success")
            return redirect(_from_plan(area) or url_for("steps.index") + f"#area-{area}")
    voice = steps.voice_answers(db, current_user, [], [current]) if current else {}
    return render_template("steps/goal.html", form=form, area=area, current=current,
                           voice_answers=voice), form_status(form)


@bp.post("/goal/<area>/reached")
@role_required(Role.YOUNG_PERSON)
def goal_reached(area: str) -> Any:
    """I reached my goal: it moves to what I have achieved."""
    db = get_session()
    steps.reach_goal(db, owner=current_user, area=_own_area(area))
    flash(_("You reached your goal. That is big!"), "success")
    return redirect(url_for("steps.index") + "#achieved")


@bp.post("/goal/<area>/remove")
@role_required(Role.YOUNG_PERSON)
def goal_remove(area: str) -> Any:
    db = get_session()
    steps.remove_goal(db, owner=current_user, area=_own_area(area))
    flash(_("The goal is gone."), "success")
    return redirect(url_for("steps.index") + f"#area-{area}")


@bp.post("/<step_id>/done")
@role_required(Role.YOUNG_PERSON)
def step_done(step_id: str) -> Any:
    """"I did it": a next step moves to what I have achieved, dated today."""
    db = get_session()
    step = steps.step_done(db, step=steps.own_step(db, current_user, step_id))
    flash(_("Well done!"), "success")
    return redirect(_from_plan(step.area) or url_for("steps.index") + "#achieved")


@bp.post("/<step_id>/remove")
@role_required(Role.YOUNG_PERSON)
def step_remove(step_id: str) -> Any:
    db = get_session()
    steps.remove_step(db, step=steps.own_step(db, current_user, step_id))
    flash(_("The step is gone."), "success")
    return redirect(url_for("steps.index"))


@bp.post("/suggestions/<suggestion_id>/accept")
@role_required(Role.YOUNG_PERSON)
def accept(suggestion_id: str) -> Any:
    """Take a professional's idea as my own next step."""
    db = get_session()
    steps.accept_suggestion(db, owner=current_user, suggestion_id=suggestion_id)
    flash(_("It is one of your next steps now."), "success")
    return redirect(url_for("steps.index") + "#next-steps")


@bp.post("/suggestions/<suggestion_id>/decline")
@role_required(Role.YOUNG_PERSON)
def decline(suggestion_id: str) -> Any:
    """Say no thanks to a professional's idea."""
    db = get_session()
    steps.decline_suggestion(db, owner=current_user, suggestion_id=suggestion_id)
    flash(_("Okay. The idea was not added."), "success")
    return redirect(url_for("steps.index"))


# --- sharing: who can see my small steps, stop sharing, and exactly what one professional sees -----------


def _preview_context(db: Any, owner: User, professional: User) -> dict[str, Any]:
    """The steps page as a professional sees it, with their ideas so far and no form to send one."""
    return {"suggestions": steps.suggestions_by(db, owner, professional), "form": None,
            **progress_context(db, owner)}


add_share_pages(bp, ShareScope.STEPS, shared_template="steps/shared.html", shared_context=_preview_context,
                stopped=_l("Nobody else can see your small steps any more."))


def _shared_page(seen: access.OwnerAccess, form: SuggestForm, status: int = 200) -> Any:
    db = get_session()
    return render_template("steps/shared.html", owner=seen.owner, preview_for=None, shared=True, form=form,
                           suggestions=steps.suggestions_by(db, seen.owner, seen.actor),
                           **progress_context(db, seen.owner)), status


@bp.get("/of/<young_id>")
@login_required
def of(young_id: str) -> Any:
    """A young person's small steps as a professional they share them with sees them (every view is logged)."""
    db = get_session()
    seen = access.steps_for(db, current_user, young_id)
    if seen.is_owner:
        return redirect(url_for("steps.index"))
    return _shared_page(seen, SuggestForm(formdata=None))


@bp.post("/of/<young_id>/suggest")
@role_required(Role.PROFESSIONAL)
@idempotent(lambda _record, young_id: redirect(url_for("steps.of", young_id=young_id) + "#suggestions"))
def suggest(young_id: str) -> Any:
    """A professional suggests a next step; it is only an idea until the young person accepts it."""
    db = get_session()
    seen = access.steps_for(db, current_user, young_id, log_view=False)
    form = SuggestForm()
    if form.validate_on_submit():
        with refused_input(form, field="text"):
            steps.suggest(db, access=seen, area=form.area.data, text=clean_text(form.text.data))
            flash(_("Your idea was sent. It becomes a step only if %(name)s says yes.",
                    name=seen.owner.display_name), "success")
            return redirect(url_for("steps.of", young_id=seen.owner.id) + "#suggestions")
    db.rollback()
    seen = access.steps_for(db, current_user, young_id)  # the page shows their steps again: a logged view
    return _shared_page(seen, form, 400)
