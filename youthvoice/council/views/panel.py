"""The youth panel's pages (issue 21.5): the list of questions, one question with its answer form or (for the
coordinator) the answers and the publish form, asking a new question, and the members. Rules: council/panel.py."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import NotFound

from youthvoice.core.danish_calendar import local_today
from youthvoice.core.db import get_session
from youthvoice.core.extensions import limiter
from youthvoice.core.forms import clean_text
from youthvoice.core.statistics import Quarter
from youthvoice.council import panel, rules, submissions, topics
from youthvoice.council.views.forms import ConsultationForm, PanelAnswerForm, PanelMemberForm, PanelPublishForm
from youthvoice.meetings.cards import CARD_TOPICS
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
                           closed_questions=[q for q in questions if not panel.is_open(q, today)],
                           submissions=submissions.for_panel(db, current_user))


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new() -> Any:
    """The coordinator asks the panel a question with a closing date."""
    db = get_session()
    panel.require_coordinator(current_user)
    form = ConsultationForm(data=from_topic(db, "consultation") if request.method == "GET" else None)
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


# --- from my case to our cause (issue 21.6) ---------------------------------------------------------------


def from_topic(db: Any, kind: str) -> dict[str, str] | None:
    """A form's first words from a topic the counts page shows (`?topic=`), for the coordinator (a question to
    the panel) or a council member (a proposed cause) to change as they like; nothing for any other topic."""
    topic = request.args.get("topic", "")
    if topic not in CARD_TOPICS:
        return None
    found = topics.shown_topic(db, current_user.municipality_id, today=local_today(), topic=topic)
    if found is None:
        return None
    quarter, count = found
    name, when = str(CARD_TOPICS[topic]), quarter_name(quarter)
    marked = _("%(count)d young people marked “%(topic)s” when they prepared their own meetings in %(quarter)s.",
               count=count, topic=name, quarter=when)
    if kind == "consultation":
        return {"question": _("What would make things better for young people when it comes to: %(topic)s?",
                              topic=name),
                "background": marked + " " + _("We would like to hear what you think the municipality should do.")}
    return {"title": _("Better for young people: %(topic)s", topic=name),
            "change": marked + " " + _("We want the municipality to…")}


def quarter_name(quarter: Quarter) -> str:
    return _("Q%(number)d %(year)d", number=quarter.number, year=quarter.year)


def _can_propose(db: Any) -> bool:
    """A member of the youth council with a term open for proposals (the proposal form exists only for her)."""
    if not rules.is_member(current_user):
        return False
    council = rules.council_or_none(db, current_user)
    term = rules.current_term(db, council, local_today()) if council is not None else None
    return term is not None and rules.term_is_open(term, local_today())


@bp.get("/topics")
@login_required
def topic_counts() -> Any:
    """What young people mark when they prepare their own meetings, counted per quarter: no figure under 5, and
    no words of anyone's (council/topics.py)."""
    db = get_session()
    who = panel.require_panel(db, current_user)
    return render_template("panel/topics.html", who=who, quarter_name=quarter_name, labels=CARD_TOPICS,
                           rows=topics.topic_counts(db, current_user.municipality_id, today=local_today()),
                           minimum=topics.MIN_YOUNG_PEOPLE, can_propose=_can_propose(db))


def _send_limit() -> str:
    return str(current_app.config["RATELIMIT_PANEL_SEND"])


def _sender() -> str:
    return f"panel-send:{current_user.get_id()}"


@bp.route("/send/<meeting_id>/<point_id>", methods=["GET", "POST"])
@login_required
@limiter.limit(_send_limit, key_func=_sender, methods=["POST"])
def send(meeting_id: str, point_id: str) -> Any:
    """A young person sends one of her own points to the panel, as an anonymous copy: first the preview of exactly
    what is sent and what it means, then (on her confirmation) the copy. Once per text and day."""
    db = get_session()
    point = submissions.point_to_send(db, current_user, meeting_id, point_id)
    if request.method == "POST":
        submissions.send(db, person=current_user, point=point, today=local_today())
        flash(_("Sent to the youth panel, without your name."), "success")
        return redirect(url_for("preparation.step", meeting_id=point.meeting_id, key="points"))
    return render_template("panel/send.html", point=point, copy=submissions.copy_of(point))


@bp.post("/submissions/<submission_id>/hide")
@login_required
def hide_submission(submission_id: str) -> Any:
    """The coordinator hides a copy from the panel's members."""
    submissions.set_hidden(get_session(), actor=current_user, submission_id=submission_id, hidden=True)
    flash(_("Hidden from the panel's members."), "success")
    return redirect(url_for("panel.index") + "#sent-to-panel")


@bp.post("/submissions/<submission_id>/show")
@login_required
def show_submission(submission_id: str) -> Any:
    """The coordinator shows a hidden copy to the members again."""
    submissions.set_hidden(get_session(), actor=current_user, submission_id=submission_id, hidden=False)
    flash(_("The panel's members can see it again."), "success")
    return redirect(url_for("panel.index") + "#sent-to-panel")
