"""Proposing in two short steps (private drafts saved as typed), editing, the cause page with support,
comments, moderation and the follow-through."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlmodel import Session, col, select

from youthvoice.core import images
from youthvoice.core.db import get_session
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.model import utcnow
from youthvoice.council import accountability, causes, follow, pictures, rules
from youthvoice.council import rounds as council_rounds
from youthvoice.council.models import Cause, CauseStatus, Committee, RoundEntry, VotingRound
from youthvoice.council.views.council import before_council_request, today
from youthvoice.council.views.forms import (
    AnswerDateForm,
    CommentForm,
    EditForm,
    MergeForm,
    MilestoneForm,
    ProgressForm,
    SendForm,
    StatusForm,
    StepOneForm,
    StepTwoForm,
    UpdateForm,
)
from youthvoice.council.views.panel import from_topic
from youthvoice.identity.models import Municipality, User
from youthvoice.web.view_helpers import (
    confirmed,
    created,
    form_status,
    idempotent,
    json_body,
    refused_input,
    room_for_uploads,
    show_error,
    uploaded_file,
)

bp = Blueprint("council_causes", __name__, url_prefix="/council")
bp.before_request(before_council_request)

TEXT_FIELDS = ("title", "change", "why", "who", "category")
# Their forms may carry a picture: a too-big one reaches pictures.add and gets its own message, not a 413.
room_for_uploads(bp, dict.fromkeys(("council_causes.step_two", "council_causes.edit"), 2 * images.MAX_BYTES))


def _add_picture(db: Session, cause: Cause, form: Any) -> bool:
    """The picture chosen in the form, if any, added to the proposal (refused: InvalidInput on "picture")."""
    data = uploaded_file("picture", images.MAX_BYTES)
    if data is None:
        return False
    pictures.add(db, actor=current_user, cause=cause, today=today(), upload=data, alt=form.picture_alt.data or "")
    return True


def _with_pictures(template: str, *, form: Any, cause: Cause, **context: Any) -> str:
    """A page with the proposal's form: its pictures, and whether one more may be added."""
    db = get_session()
    return render_template(template, form=form, cause=cause, pictures=pictures.pictures_of(db, [cause.id])[cause.id],
                           can_add_picture=pictures.may_add(db, current_user, cause, today()),
                           max_pictures=pictures.MAX_PER_CAUSE, **context)


def _cause(cause_id: str) -> Cause:
    return rules.cause_for(get_session(), current_user, cause_id)


def _own_draft(cause_id: str) -> Cause:
    """A draft of the logged-in member; a shared proposal goes to its own edit page instead."""
    cause = _cause(cause_id)
    if cause.author_id != current_user.id:
        raise NotFound
    return cause


# --- proposing in two steps ----------------------------------------------------------------------------


def _open_term_for_proposals(db: Session) -> Any:
    council = rules.council_for(db, current_user)
    term = rules.current_term(db, council, today())
    if term is None or not rules.term_is_open(term, today()) or not rules.is_member(current_user):
        raise NotFound
    return term


@bp.route("/propose", methods=["GET", "POST"])
@login_required
@idempotent(lambda record: redirect(url_for("council_causes.step_two", cause_id=record.resource_id)))
def propose() -> Any:
    """Step 1 of a new proposal: a short title and what should change."""
    db = get_session()
    term = _open_term_for_proposals(db)
    # from a topic young people mark often (the youth panel's counts page, issue 21.6): first words to change
    form = StepOneForm(data=from_topic(db, "cause") if request.method == "GET" else None)
    if form.validate_on_submit():
        cause = causes.start_draft(db, actor=current_user, term=term, today=today(),
                                   fields={"title": form.title.data, "change": form.change.data})
        created(cause.id)
        return redirect(url_for("council_causes.step_two", cause_id=cause.id))
    return render_template("council/propose_step1.html", form=form, cause=None), 400 if form.errors else 200


@bp.post("/propose/autosave")
@login_required
def autosave_new() -> Any:
    """The first keystrokes of a new proposal become a private draft (JavaScript only)."""
    db = get_session()
    term = _open_term_for_proposals(db)
    fields = {k: v for k, v in json_body().items() if k in ("title", "change") and isinstance(v, str)}
    if not any(value.strip() for value in fields.values()):
        return jsonify({"saved": False})
    with refused_input() as refused:
        cause = causes.start_draft(db, actor=current_user, term=term, today=today(), fields=fields)
        return jsonify({"saved": True, "autosave_url": url_for("council_causes.autosave", cause_id=cause.id),
                        "form_action": url_for("council_causes.step_one", cause_id=cause.id)})
    return jsonify({"saved": False, "error": refused.message, "field": refused.field}), 400


@bp.route("/causes/<cause_id>/step-1", methods=["GET", "POST"])
@login_required
def step_one(cause_id: str) -> Any:
    """Step 1 of a draft, again."""
    db = get_session()
    cause = _own_draft(cause_id)
    if cause.status != CauseStatus.DRAFT:
        return redirect(url_for("council_causes.edit", cause_id=cause.id))
    form = StepOneForm(obj=cause)
    if request.method == "GET":
        return render_template("council/propose_step1.html", form=form, cause=cause)
    valid = form.validate()
    with refused_input(form if valid else None) as refused:  # keep what was typed, even when it is not finished yet
        causes.save_text(db, actor=current_user, cause=cause, today=today(),
                         fields={"title": form.title.data, "change": form.change.data})
    if refused:
        valid = False
    else:
        db.commit()  # kept although the form may be refused (400): what was typed is kept, finished or not
    if valid:
        return redirect(url_for("council_causes.step_two", cause_id=cause.id))
    return render_template("council/propose_step1.html", form=form, cause=cause), 400


@bp.route("/causes/<cause_id>/step-2", methods=["GET", "POST"])
@login_required
def step_two(cause_id: str) -> Any:
    """Step 2 of a draft: why it matters, who it concerns, a category; then save or share it."""
    db = get_session()
    cause = _own_draft(cause_id)
    if cause.status != CauseStatus.DRAFT:
        return redirect(url_for("council_causes.edit", cause_id=cause.id))
    form = StepTwoForm(obj=cause)
    if request.method == "GET":
        return _with_pictures("council/propose_step2.html", form=form, cause=cause)
    action = request.form.get("action", "save")
    if not form.validate():
        return _with_pictures("council/propose_step2.html", form=form, cause=cause), 400
    with refused_input(form) as refused:
        causes.save_text(db, actor=current_user, cause=cause, today=today(),
                         fields={"why": form.why.data, "who": form.who.data, "category": form.category.data})
        _add_picture(db, cause, form)
    if refused:  # nothing is kept (a picture refused: what was typed is shown again, to send with another)
        return _with_pictures("council/propose_step2.html", form=form, cause=cause), 400
    if action == "submit":
        try:
            causes.submit(db, actor=current_user, cause=cause, today=today())
        except InvalidInput as error:  # (not refused_input: what was typed in step 2 is kept, not rolled back)
            db.commit()  # kept although the proposal is refused: sharing changed nothing; step 2's text is kept
            if error.field in ("title", "change"):
                flash(_("Step 1 is not finished yet."), "error")
            else:
                show_error(form, error)
            return _with_pictures("council/propose_step2.html", form=form, cause=cause), 400
    if action == "back":
        return redirect(url_for("council_causes.step_one", cause_id=cause.id))
    if action == "submit":
        flash(_("Your proposal is shared with the council."), "success")
        return redirect(url_for("council_causes.cause", cause_id=cause.id))
    flash(_("Your draft is saved. Only you can see it."), "success")
    return redirect(url_for("council.overview"))


@bp.post("/causes/<cause_id>/autosave")
@login_required
def autosave(cause_id: str) -> Any:
    """Keep a draft as it is typed (JavaScript only; the forms save it too)."""
    db = get_session()
    cause = _own_draft(cause_id)
    if cause.status != CauseStatus.DRAFT:
        return jsonify({"saved": False}), 409
    fields = {k: v for k, v in json_body().items() if k in TEXT_FIELDS and isinstance(v, str)}
    with refused_input() as refused:
        causes.save_text(db, actor=current_user, cause=cause, today=today(), fields=fields)
        return jsonify({"saved": True})
    return jsonify({"saved": False, "error": refused.message, "field": refused.field}), 400


@bp.post("/causes/<cause_id>/delete")
@login_required
def delete(cause_id: str) -> Any:
    """Throw a draft away."""
    db = get_session()
    draft = _own_draft(cause_id)
    if not confirmed():
        return redirect(url_for("council_causes.step_one", cause_id=draft.id))
    causes.delete_draft(db, actor=current_user, cause=draft, today=today())
    flash(_("The draft is deleted."), "success")
    return redirect(url_for("council.overview"))


@bp.route("/causes/<cause_id>/edit", methods=["GET", "POST"])
@login_required
def edit(cause_id: str) -> Any:
    """The author changes a shared proposal until the council starts discussing it; each change is kept."""
    db = get_session()
    cause = _cause(cause_id)
    if cause.status == CauseStatus.DRAFT:
        return redirect(url_for("council_causes.step_one", cause_id=cause.id))
    if not rules.abilities(current_user, cause, causes.term_of(db, cause), today()).edit:
        rules.require(cause.author_id == current_user.id)
        message = _("The council has started discussing this proposal, so it can no longer be changed.")
        if request.method == "POST":  # changed while the page was open: show what was typed, to copy from
            return _with_pictures("council/edit.html", form=EditForm(), cause=cause, locked=message), 409
        flash(message, "error")
        return redirect(url_for("council_causes.cause", cause_id=cause.id))
    form = EditForm(obj=cause)
    if form.validate_on_submit():
        with refused_input(form):
            changed = causes.save_text(db, actor=current_user, cause=cause, today=today(),
                                       fields={name: form[name].data for name in TEXT_FIELDS})
            changed = _add_picture(db, cause, form) or changed
            flash(_("Your changes are saved.") if changed else _("Nothing was changed."), "success")
            return redirect(url_for("council_causes.cause", cause_id=cause.id))
    return _with_pictures("council/edit.html", form=form, cause=cause), form_status(form)


# --- the cause page ------------------------------------------------------------------------------------


def _round_of(db: Session, cause: Cause) -> VotingRound | None:
    """The vote a cause is in (or was last in)."""
    return db.exec(select(VotingRound).join(RoundEntry, col(RoundEntry.round_id) == VotingRound.id)
                   .where(RoundEntry.cause_id == cause.id).order_by(col(VotingRound.starts_at).desc())).first()


def _render(cause: Cause, *, status: int = 200, comment_form: CommentForm | None = None,
            status_form: StatusForm | None = None, update_form: UpdateForm | None = None,
            answer_date_form: AnswerDateForm | None = None, item_error: dict[str, Any] | None = None,
            accountability_forms: dict[str, Any] | None = None) -> Any:
    db = get_session()
    term = causes.term_of(db, cause)
    can = rules.abilities(current_user, cause, term, today())
    status_form = status_form or StatusForm(formdata=None, prefix="status")
    status_form.status.choices = [(s.value, causes.STATUS_LABELS[s])
                                  for s in rules.NEXT_STATUSES.get(CauseStatus(cause.status), ())]
    update_form = update_form or UpdateForm(formdata=None, prefix="update", happened_on=today())
    answer_date_form = answer_date_form or AnswerDateForm(formdata=None, prefix="due",
                                                          answer_due_on=cause.answer_due_on)
    voting_round = _round_of(db, cause)
    page = render_template(
        "council/cause.html", cause=cause, term=term, can=can, today=today(),
        author=db.get(User, cause.author_id) if cause.author_id else None, supporters=causes.support_count(db, cause),
        supported=causes.supports(db, current_user, cause), threads=causes.comments_of(db, cause, current_user),
        updates=follow.updates_of(db, cause), versions=len(causes.revisions_of(db, cause)),
        overdue=follow.is_overdue(cause, today()), voting_round=voting_round,
        round_outcome=council_rounds.outcome(db, voting_round, utcnow()) if voting_round else None,
        comment_form=comment_form or CommentForm(formdata=None), status_form=status_form,
        pictures=pictures.pictures_of(db, [cause.id])[cause.id],
        update_form=update_form, answer_date_form=answer_date_form, item_error=item_error or {},
        is_coordinator=rules.is_coordinator(current_user), **_merging(db, cause),
        **_accountability(db, cause, accountability_forms or {}),
    )
    return page, status


def _merging(db: Session, cause: Cause) -> dict[str, Any]:
    """What the cause page shows of merging: where it was merged to, who it was merged with, an open request."""
    merge = causes.open_merge_of(db, cause)
    return {
        "merged_into": db.get(Cause, cause.merged_into_id) if cause.merged_into_id else None,
        "coauthors": causes.coauthors_of(db, cause),
        "open_merge": merge,
        "merge_causes": ({c.id: c for c in (db.get(Cause, merge.from_cause_id), db.get(Cause, merge.into_cause_id))
                          if c is not None} if merge else {}),
        "my_merge_answer": merge is not None and causes.awaits_answer_from(db, merge, current_user),
    }


def _accountability(db: Session, cause: Cause, forms: dict[str, Any]) -> dict[str, Any]:
    """What the cause page shows of its committee and milestones, and the coordinator's forms for them."""
    committee = db.get(Committee, cause.committee_id) if cause.committee_id else None
    council = rules.council_for(db, current_user)
    municipality = db.get(Municipality, council.municipality_id) if council.public_page else None
    context: dict[str, Any] = {
        "committee": committee,
        "milestones": accountability.milestones_of(db, [cause.id])[cause.id],
        "can_send": False,
        "public_url": (url_for("council_public.cause", slug=municipality.slug, cause_id=cause.id)
                       if municipality is not None and cause.status in rules.FOLLOW_THROUGH else None),
    }
    if not rules.is_coordinator(current_user) or cause.status not in rules.FOLLOW_THROUGH:
        return context
    send_form = forms.get("send") or SendForm(formdata=None, prefix="send",
                                              committee_id=str(cause.committee_id or ""))
    send_form.committee_id.choices = [(str(c.id), c.name) for c in accountability.committees_of(db, council)]
    context.update(
        can_send=cause.status in accountability.SENDABLE and cause.official_answer is None,
        send_form=send_form,
        progress_form=forms.get("progress") or ProgressForm(formdata=None, prefix="progress", progress=cause.progress),
        milestone_form=forms.get("milestone") or MilestoneForm(formdata=None, prefix="milestone"),
    )
    return context


@bp.get("/causes/<cause_id>")
@login_required
def cause(cause_id: str) -> Any:
    """A proposal or mærkesag: its text, support, comments and timeline."""
    return _render(_cause(cause_id))


@bp.get("/causes/<cause_id>/history")
@login_required
def history(cause_id: str) -> Any:
    """Every version of a proposal's text."""
    db = get_session()
    cause = _cause(cause_id)
    return render_template("council/history.html", cause=cause, versions=causes.revisions_of(db, cause))


@bp.post("/causes/<cause_id>/support")
@login_required
def support(cause_id: str) -> Any:
    """Support a cause (one support per member)."""
    db = get_session()
    if causes.support(db, actor=current_user, cause=_cause(cause_id), today=today()):
        flash(_("You support this. You will hear when there is news."), "success")
    return redirect(url_for("council_causes.cause", cause_id=cause_id) + "#support")


@bp.post("/causes/<cause_id>/unsupport")
@login_required
def unsupport(cause_id: str) -> Any:
    """Withdraw one's support."""
    db = get_session()
    if causes.withdraw_support(db, actor=current_user, cause=_cause(cause_id), today=today()):
        flash(_("You no longer support this."), "success")
    return redirect(url_for("council_causes.cause", cause_id=cause_id) + "#support")


@bp.post("/causes/<cause_id>/comments")
@login_required
@idempotent(lambda _record, cause_id: redirect(url_for("council_causes.cause", cause_id=cause_id) + "#comments"))
def comment(cause_id: str) -> Any:
    """A comment, or a reply to one."""
    db = get_session()
    cause = _cause(cause_id)
    form = CommentForm()
    parent_id = form.parent_id.data or None
    with refused_input() as refused:
        if not form.validate():
            message = (form.text.errors or [_("Please write something first.")])[0]
            raise InvalidInput(str(message), field="text")
        new = causes.add_comment(db, actor=current_user, cause=cause, today=today(), text=form.text.data,
                                 parent_id=parent_id)
        flash(_("Your comment is posted."), "success")
        return redirect(url_for("council_causes.cause", cause_id=cause.id) + f"#comment-{new.id}")
    if parent_id:
        return _render(cause, status=400, item_error={"reply": parent_id, "message": refused.message,
                                                      "text": form.text.data or ""})
    form.text.errors = [refused.message]
    return _render(cause, status=400, comment_form=form)


@bp.post("/comments/<comment_id>/hide")
@login_required
def hide_comment(comment_id: str) -> Any:
    """The coordinator hides a comment, with a reason everyone sees."""
    return _moderate(comment_id, "hide", causes.hide_comment,
                     _("The comment is hidden. Your reason is shown in its place."))


@bp.post("/comments/<comment_id>/show")
@login_required
def show_comment(comment_id: str) -> Any:
    """The coordinator shows a hidden comment again, with a reason everyone sees."""
    return _moderate(comment_id, "show", causes.show_comment, _("The comment is shown again, with your reason."))


def _moderate(comment_id: str, action: str, change: Callable[..., None], done: str) -> Any:
    """Hide or show a comment with the coordinator's reason; a refused reason shows the cause again with the
    reason typed and the error beside that comment's form."""
    db = get_session()
    comment = rules.comment_for(db, current_user, comment_id)
    rules.require(rules.is_coordinator(current_user))
    reason = request.form.get("reason", "")
    with refused_input() as refused:
        change(db, actor=current_user, comment=comment, reason=reason)
        flash(done, "success")
        return redirect(url_for("council_causes.cause", cause_id=comment.cause_id) + f"#comment-{comment.id}")
    return _render(_cause(str(comment.cause_id)), status=400,
                   item_error={action: str(comment.id), "message": refused.message, "text": reason})


@bp.post("/causes/<cause_id>/discuss")
@login_required
def discuss(cause_id: str) -> Any:
    """The coordinator starts the council's discussion of a proposal (its author can no longer edit it)."""
    db = get_session()
    causes.start_discussion(db, actor=current_user, cause=_cause(cause_id), today=today())
    flash(_("The council is now discussing this proposal."), "success")
    return redirect(url_for("council_causes.cause", cause_id=cause_id))


@bp.post("/causes/<cause_id>/status")
@login_required
def change_status(cause_id: str) -> Any:
    """The coordinator moves a mærkesag on; its supporters are told."""
    db = get_session()
    cause = _cause(cause_id)
    rules.require(rules.abilities(current_user, cause, causes.term_of(db, cause), today()).change_status)
    form = StatusForm(prefix="status")
    if form.validate():
        with refused_input(form):
            follow.change_status(db, actor=current_user, cause=cause, status=form.status.data or "",
                                 text=form.text.data or "", answer_due_on=form.answer_due_on.data, today=today())
            flash(_("The status is changed. Everyone who supports it will hear."), "success")
            return redirect(url_for("council_causes.cause", cause_id=cause.id) + "#timeline")
    return _render(cause, status=400, status_form=form)


@bp.post("/causes/<cause_id>/answer-date")
@login_required
def answer_date(cause_id: str) -> Any:
    """The coordinator moves a presented cause's promised answer date, with a reason kept on its timeline."""
    db = get_session()
    cause = _cause(cause_id)
    # only while the answer is awaited (answered from another tab meanwhile: nothing to move)
    rules.require(rules.is_coordinator(current_user) and cause.status == CauseStatus.PRESENTED)
    form = AnswerDateForm(prefix="due")
    if form.validate():
        with refused_input(form):
            follow.change_answer_date(db, actor=current_user, cause=cause, answer_due_on=form.answer_due_on.data,
                                      reason=form.reason.data or "", today=today())
            flash(_("The answer date is changed. Your reason is on the timeline."), "success")
            return redirect(url_for("council_causes.cause", cause_id=cause.id) + "#timeline")
    return _render(cause, status=400, answer_date_form=form)


@bp.post("/causes/<cause_id>/updates")
@login_required
@idempotent(lambda _record, cause_id: redirect(url_for("council_causes.cause", cause_id=cause_id) + "#timeline"))
def post_update(cause_id: str) -> Any:
    """A new entry on a mærkesag's timeline; its supporters are told."""
    db = get_session()
    cause = _cause(cause_id)
    rules.require(rules.abilities(current_user, cause, causes.term_of(db, cause), today()).post_update)
    form = UpdateForm(prefix="update")
    if form.validate():
        with refused_input(form):
            follow.post_update(db, actor=current_user, cause=cause, kind=form.kind.data or "",
                               text=form.text.data or "", happened_on=form.happened_on.data, today=today())
            flash(_("Your update is on the timeline. Everyone who supports it will hear."), "success")
            return redirect(url_for("council_causes.cause", cause_id=cause.id) + "#timeline")
    return _render(cause, status=400, update_form=form)


@bp.route("/causes/<cause_id>/merge", methods=["GET", "POST"])
@login_required
def merge(cause_id: str) -> Any:
    """Propose merging this proposal into another that says the same; both authors must say yes."""
    db = get_session()
    cause = _cause(cause_id)
    rules.require(rules.abilities(current_user, cause, causes.term_of(db, cause), today()).propose_merge)
    form = MergeForm()
    form.into.choices = [("", "")] + [(str(c.id), c.title) for c in causes.merge_targets(db, cause)]
    if form.validate_on_submit():
        with refused_input(form):
            done = causes.propose_merge(db, actor=current_user, cause=cause, into_id=form.into.data, today=today())
            flash(_("The proposals are merged.") if done.outcome else
                  _("Your request is sent. The proposals are merged when both authors say yes."), "success")
            return redirect(url_for("council_causes.cause", cause_id=cause.id) + "#merge")
    return render_template("council/merge.html", form=form, cause=cause,
                           waiting=causes.open_merge_of(db, cause) is not None), form_status(form)


@bp.post("/causes/<cause_id>/merge/answer")
@login_required
def answer_merge(cause_id: str) -> Any:
    """An author says yes or no to merging their proposal with another."""
    db = get_session()
    cause = _cause(cause_id)
    merge = causes.open_merge_of(db, cause)
    if merge is None or not causes.awaits_answer_from(db, merge, current_user):
        raise NotFound  # nothing to answer (answered from another tab, or not theirs to answer)
    answer = request.form.get("answer")
    with refused_input() as refused:
        if answer not in ("yes", "no"):
            raise InvalidInput(_("Please choose yes or no."), field="answer")
        merge = causes.answer_merge(db, actor=current_user, cause=cause, yes=answer == "yes")
        flash(_("The proposals are merged.") if merge.outcome == "merged" else
              _("Thank you. The proposals stay apart.") if merge.outcome == "declined" else
              _("Thank you. We are waiting for the other author."), "success")
        return redirect(url_for("council_causes.cause", cause_id=cause.id) + "#merge")
    flash(refused.message, "error")
    return _render(cause, status=400)
