"""The youth panel's pages (issue 21.5): the list of questions, one question with its answer form or (for the
coordinator) the answers and the publish form, asking a new question, and the members. Rules: council/panel.py."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import NotFound

from youthvoice.core.danish_calendar import local_today
from youthvoice.core.db import get_session
from youthvoice.core.forms import clean_text
from youthvoice.council import panel
from youthvoice.council.views.forms import ConsultationForm, PanelAnswerForm, PanelMemberForm, PanelPublishForm
from youthvoice.web.view_helpers import confirmed, form_status, refused_input

bp = Blueprint("panel", __name__, url_prefix="/panel")


@bp.get("/")
@login_required
def index() -> Any:
    """The questions put to the panel: open ones first, then the published answers."""
    db = get_session()
    who = panel.require_panel(db, current_user)
    today = local_today()
    questions = panel.consultations(db, current_user.municipality_id)
    answered = set()
    if who == "member":
        answered = {q.id for q in questions if panel.answer_of(db, q, current_user) is not None}
    return render_template("panel/index.html", who=who, today=today, answered=answered,
                           open_questions=[q for q in questions if panel.is_open(q, today)],
                           closed_questions=[q for q in questions if not panel.is_open(q, today)])


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Any:
    """The coordinator asks the panel a question with a closing date."""
    db = get_session()
    panel.require_coordinator(current_user)
    form = ConsultationForm()
    if form.validate_on_submit():
        with refused_input(form):
            question = panel.put_question(db, actor=current_user, question=clean_text(form.question.data),
                                          background=(form.background.data or "").strip(),
                                          closes_on=form.closes_on.data, today=local_today())
            flash(_("The question is sent to the panel."), "success")
            return redirect(url_for("panel.show", consultation_id=question.id))
    return render_template("panel/new.html", form=form), form_status(form)


def _show(consultation: Any, *, answer_form: PanelAnswerForm | None = None,
          publish_form: PanelPublishForm | None = None, status: int = 200) -> Any:
    db = get_session()
    who = panel.require_panel(db, current_user)
    today = local_today()
    context: dict[str, Any] = {"consultation": consultation, "who": who, "today": today,
                               "is_open": panel.is_open(consultation, today)}
    if who == "coordinator":
        context["answers"] = panel.answers_for_coordinator(db, actor=current_user, consultation=consultation)
        context["publish_form"] = publish_form or PanelPublishForm(
            data={"summary": consultation.summary or "", "outcome": consultation.outcome or ""})
    else:
        mine = panel.answer_of(db, consultation, current_user)
        context["mine"] = mine
        context["answer_form"] = answer_form or PanelAnswerForm(
            data={"text": mine.text if mine else "", "anonymous": mine.anonymous if mine else False})
    return render_template("panel/show.html", **context), status


@bp.get("/<consultation_id>")
@login_required
def show(consultation_id: str) -> Any:
    return _show(panel.consultation_for(get_session(), current_user, consultation_id))


@bp.post("/<consultation_id>/answer")
@login_required
def answer(consultation_id: str) -> Any:
    """A member writes or changes her answer while the question is open."""
    db = get_session()
    consultation = panel.consultation_for(db, current_user, consultation_id)
    if panel.membership(db, current_user) is None:  # the coordinator reads answers, she does not write them
        raise NotFound
    form = PanelAnswerForm()
    if form.validate_on_submit():
        with refused_input(form):
            panel.save_answer(db, person=current_user, consultation=consultation, text=form.text.data.strip(),
                              anonymous=bool(form.anonymous.data), today=local_today())
            flash(_("Your answer is saved. You can change it until the question closes."), "success")
            return redirect(url_for("panel.show", consultation_id=consultation.id))
    return _show(consultation, answer_form=form, status=form_status(form))


@bp.post("/<consultation_id>/answer/remove")
@login_required
def remove_answer(consultation_id: str) -> Any:
    db = get_session()
    consultation = panel.consultation_for(db, current_user, consultation_id)
    if panel.membership(db, current_user) is None:  # the coordinator reads answers, she does not write them
        raise NotFound
    if confirmed():
        with refused_input() as refusal:
            panel.remove_answer(db, person=current_user, consultation=consultation, today=local_today())
            flash(_("Your answer is removed."), "success")
        if refusal:
            flash(refusal.message, "error")
    return redirect(url_for("panel.show", consultation_id=consultation.id))


@bp.post("/<consultation_id>/close")
@login_required
def close(consultation_id: str) -> Any:
    """The coordinator closes the question before its date, so the answer can be published."""
    db = get_session()
    consultation = panel.consultation_for(db, current_user, consultation_id)
    panel.require_coordinator(current_user)
    if confirmed():
        with refused_input() as refusal:
            panel.close_early(db, actor=current_user, consultation=consultation, today=local_today())
            flash(_("The question is closed. You can publish the answer now."), "success")
        if refusal:
            flash(refusal.message, "error")
    return redirect(url_for("panel.show", consultation_id=consultation.id))


@bp.post("/<consultation_id>/publish")
@login_required
def publish(consultation_id: str) -> Any:
    """The coordinator publishes the summary and what the municipality did, after the closing date."""
    db = get_session()
    consultation = panel.consultation_for(db, current_user, consultation_id)
    panel.require_coordinator(current_user)
    form = PanelPublishForm()
    if form.validate_on_submit():
        with refused_input(form):
            panel.publish(db, actor=current_user, consultation=consultation, summary=form.summary.data.strip(),
                          outcome=(form.outcome.data or "").strip(), today=local_today())
            flash(_("Published. The panel's members are told."), "success")
            return redirect(url_for("panel.show", consultation_id=consultation.id))
    return _show(consultation, publish_form=form, status=form_status(form))


@bp.route("/members", methods=["GET", "POST"])
@login_required
def members() -> Any:
    """The coordinator adds young people to the panel (or takes them off)."""
    db = get_session()
    panel.require_coordinator(current_user)
    form = PanelMemberForm()
    form.young_person_id.choices = [("", "—")] + [(str(p.id), p.display_name)
                                                  for p in panel.candidates(db, current_user.municipality_id)]
    if form.validate_on_submit():
        with refused_input(form):
            panel.add_member(db, actor=current_user, young_person_id=form.young_person_id.data)
            flash(_("Added to the youth panel. They are told."), "success")
            return redirect(url_for("panel.members"))
    return render_template("panel/members.html", form=form,
                           members=panel.members(db, current_user.municipality_id)), form_status(form)


@bp.post("/members/<member_id>/remove")
@login_required
def remove_member(member_id: str) -> Any:
    db = get_session()
    panel.require_coordinator(current_user)
    if confirmed():
        panel.remove_member(db, actor=current_user, member_id=member_id)
        flash(_("Taken off the youth panel."), "success")
    return redirect(url_for("panel.members"))


@bp.post("/leave")
@login_required
def leave() -> Any:
    """A member leaves the panel at once."""
    db = get_session()
    if panel.membership(db, current_user) is None:  # only a member leaves
        raise NotFound
    if confirmed():
        panel.leave(db, person=current_user)
        flash(_("You have left the youth panel."), "success")
        return redirect(url_for("main.home"))
    return redirect(url_for("panel.index"))
