"""Proposals and mærkesager: private drafts, editing with history, support, comments, moderation and the
follow-through (status lifecycle, timeline, promised answers). Who may do what is asked of council.abilities."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, func, select, update

from youthvoice.core.db import owned
from youthvoice.core.errors import InvalidInput, NotFound
from youthvoice.core.forms import clean_text
from youthvoice.core.model import utcnow
from youthvoice.council.models import (
    Cause,
    CauseCategory,
    CauseImage,
    CauseMerge,
    CauseRevision,
    CauseStatus,
    Comment,
    CommentFlag,
    Council,
    MergeOutcome,
    Support,
    Term,
)
from youthvoice.council.rules import (
    COMMENT_HIDDEN,
    COMMENT_SHOWN,
    MERGE_ANSWERED,
    MERGE_ASKED,
    MERGE_DONE,
    MERGEABLE,
    abilities,
    coordinator_ids,
    is_coordinator,
    is_member,
    require,
    term_is_open,
)
from youthvoice.identity.models import AccountStatus, Role, User
from youthvoice.notify import notifications
from youthvoice.privacy import audit

TEXT_LIMITS = {"title": 120, "change": 1500, "why": 1500, "who": 500}
REQUIRED_TO_SUBMIT = ("title", "change", "why")
COMMENT_LIMIT = 1000
REASON_LIMIT = 300

S = CauseStatus
PROPOSAL_STATUSES = (S.SUBMITTED, S.DISCUSSING, S.VOTING)

STATUS_LABELS = {
    S.DRAFT: _l("Draft"),
    S.SUBMITTED: _l("Proposed"),
    S.DISCUSSING: _l("Being discussed"),
    S.VOTING: _l("In a vote"),
    S.NOT_CHOSEN: _l("Not chosen"),
    S.CHOSEN: _l("Chosen"),
    S.IN_PROGRESS: _l("We are working on it"),
    S.PRESENTED: _l("Presented to the politicians"),
    S.ANSWERED: _l("The politicians have answered"),
    S.ACHIEVED: _l("Achieved"),
    S.NOT_ACHIEVED: _l("Not achieved"),
    S.MERGED: _l("Merged"),
}
MERGE_OUTCOME_LABELS = {
    MergeOutcome.MERGED: _l("Merged"),
    MergeOutcome.DECLINED: _l("An author said no"),
}
CATEGORY_LABELS = {
    CauseCategory.SCHOOL: _l("School and education"),
    CauseCategory.LEISURE: _l("Free time and culture"),
    CauseCategory.CLIMATE: _l("Climate and nature"),
    CauseCategory.TRANSPORT: _l("Getting around"),
    CauseCategory.HEALTH: _l("Health and well-being"),
    CauseCategory.JOBS: _l("Jobs and money"),
    CauseCategory.SAFETY: _l("Feeling safe"),
    CauseCategory.DEMOCRACY: _l("Having a say"),
    CauseCategory.OTHER: _l("Something else"),
}


def term_of(db: Session, cause: Cause) -> Term:
    """The term a cause belongs to."""
    term = db.get(Term, cause.term_id)
    assert term is not None
    return term


def too_long(limit: int) -> str:
    return _l("Please keep it under %(max)d characters.", max=limit)


def _clean(fields: Mapping[str, object]) -> dict[str, Any]:
    """The text fields a person may set, cleaned and within their limits."""
    cleaned: dict[str, Any] = {}  # keyword arguments for Cause: its text columns
    for name, limit in TEXT_LIMITS.items():
        if name in fields:
            value = clean_text(str(fields[name] or ""))
            if len(value) > limit:
                raise InvalidInput(too_long(limit), field=name)
            cleaned[name] = value
    if "category" in fields:
        if fields["category"] not in {c.value for c in CauseCategory}:
            raise InvalidInput(_l("Please choose one of these."), field="category")
        cleaned["category"] = str(fields["category"])
    return cleaned


def _revision(db: Session, cause: Cause, editor: User) -> None:
    db.add(CauseRevision(municipality_id=cause.municipality_id, cause_id=cause.id, editor_id=editor.id,
                         title=cause.title, change=cause.change, why=cause.why, who=cause.who,
                         category=cause.category))


# --- proposing -----------------------------------------------------------------------------------------


def start_draft(db: Session, *, actor: User, term: Term, today: date, fields: Mapping[str, object]) -> Cause:
    """A member starts a proposal: a private draft in the term."""
    require(is_member(actor) and term_is_open(term, today) and term.municipality_id == actor.municipality_id)
    cause = Cause(municipality_id=actor.municipality_id, term_id=term.id, author_id=actor.id,
                  **_clean(fields))
    db.add(cause)
    db.flush()
    return cause


def save_text(db: Session, *, actor: User, cause: Cause, today: date, fields: Mapping[str, object]) -> bool:
    """Keep what the author typed. A changed submitted proposal gets a new version in its history."""
    require(abilities(actor, cause, term_of(db, cause), today).edit)
    cleaned = _clean(fields)
    if all(getattr(cause, name) == value for name, value in cleaned.items()):
        return False
    if cause.status == S.SUBMITTED:
        for name in REQUIRED_TO_SUBMIT:
            if name in cleaned and not cleaned[name]:
                raise InvalidInput(_l("Please fill this in."), field=name)
    for name, value in cleaned.items():
        setattr(cause, name, value)
    if cause.status == S.SUBMITTED:
        cause.last_activity_at = utcnow()
        _revision(db, cause, actor)
    db.add(cause)
    return True


def submit(db: Session, *, actor: User, cause: Cause, today: date) -> None:
    """The draft becomes a proposal the whole council can see, support and discuss; the coordinators are told."""
    require(abilities(actor, cause, term_of(db, cause), today).edit and cause.status == S.DRAFT)
    for name in REQUIRED_TO_SUBMIT:
        if not getattr(cause, name).strip():
            raise InvalidInput(_l("Please fill this in."), field=name)
    now = utcnow()
    cause.status = S.SUBMITTED
    cause.submitted_at = now
    cause.last_activity_at = now
    db.add(cause)
    _revision(db, cause, actor)
    for coordinator_id in coordinator_ids(db, cause.municipality_id):
        notifications.notify(db, user=coordinator_id, kind="council_proposal", link=f"/council/causes/{cause.id}",
                             about_id=cause.id)


def delete_draft(db: Session, *, actor: User, cause: Cause, today: date) -> None:
    """The author throws a draft away (shared proposals stay)."""
    require(abilities(actor, cause, term_of(db, cause), today).edit and cause.status == S.DRAFT)
    db.exec(delete(CauseImage).where(col(CauseImage.cause_id) == cause.id))  # its pictures go with it
    db.delete(cause)


def drafts_of(db: Session, actor: User, term: Term) -> list[Cause]:
    """The member's own drafts in a term, newest first."""
    return list(db.exec(select(Cause).where(Cause.term_id == term.id, Cause.author_id == actor.id,
                                            Cause.status == S.DRAFT).order_by(col(Cause.created_at).desc())))


def start_discussion(db: Session, *, actor: User, cause: Cause, today: date) -> None:
    """The coordinator puts a proposal up for discussion; from now on its author can no longer edit it, and is
    told."""
    require(abilities(actor, cause, term_of(db, cause), today).start_discussion)
    _begin_discussion(db, cause)


def _begin_discussion(db: Session, cause: Cause) -> None:
    """The proposal is discussed from now on (its author can no longer edit it); the author is told."""
    cause.status = S.DISCUSSING
    cause.last_activity_at = utcnow()
    db.add(cause)
    author = db.get(User, cause.author_id) if cause.author_id else None
    if author is not None and author.is_council_member and author.status == AccountStatus.ACTIVE:
        notifications.notify(db, user=author.id, kind="council_discussing", link=f"/council/causes/{cause.id}",
                             about_id=cause.id)


def revisions_of(db: Session, cause: Cause) -> list[tuple[CauseRevision, str]]:
    """Every version of the text, oldest first, with who wrote it."""
    return [(row, name) for row, name in db.exec(
        select(CauseRevision, User.display_name).outerjoin(User, col(User.id) == CauseRevision.editor_id)
        .where(CauseRevision.cause_id == cause.id).order_by(col(CauseRevision.created_at))
    )]


# --- support -------------------------------------------------------------------------------------------


def support(db: Session, *, actor: User, cause: Cause, today: date) -> bool:
    """Support a cause (once; a second press changes nothing). False if the member already supported it."""
    require(abilities(actor, cause, term_of(db, cause), today).support)
    if supports(db, actor, cause):
        return False
    try:
        with db.begin_nested():  # two presses at once: the unique (cause, member) pair lets one through
            db.add(Support(municipality_id=cause.municipality_id, cause_id=cause.id, member_id=actor.id))
            db.flush()
    except IntegrityError:
        return False
    threshold = support_threshold_of(db, cause)
    if cause.status == S.SUBMITTED and threshold and support_count(db, cause) >= threshold:
        _begin_discussion(db, cause)
    return True


def support_threshold_of(db: Session, cause: Cause) -> int | None:
    """The council's support threshold for the cause (None: discussion starts only when the coordinator says)."""
    return db.exec(select(Council.support_threshold).join(Term, col(Term.council_id) == Council.id)
                   .where(Term.id == cause.term_id)).first()


def discuss_supported(db: Session, *, council: Council, today: date) -> int:
    """Proposals of the council's open terms that have the threshold's supports already are discussed (after the
    coordinator sets or lowers it). Returns how many."""
    if not council.support_threshold:
        return 0
    supports = (select(func.count(col(Support.id))).where(Support.cause_id == Cause.id)
                .correlate(Cause).scalar_subquery())
    ready = db.exec(select(Cause).join(Term, col(Term.id) == Cause.term_id)
                    .where(Term.council_id == council.id, Term.ends_on >= today, Cause.status == S.SUBMITTED,
                           supports >= council.support_threshold)).all()
    for cause in ready:
        _begin_discussion(db, cause)
    return len(ready)


def withdraw_support(db: Session, *, actor: User, cause: Cause, today: date) -> bool:
    """Take one's support back; False if there was none."""
    require(abilities(actor, cause, term_of(db, cause), today).support)
    result = db.exec(delete(Support).where(col(Support.cause_id) == cause.id,
                                           col(Support.member_id) == actor.id))
    return bool(result.rowcount)


def supports(db: Session, actor: User, cause: Cause) -> bool:
    """Whether the person supports the cause."""
    return db.exec(select(Support.id).where(Support.cause_id == cause.id, Support.member_id == actor.id)).first() \
        is not None


def support_count(db: Session, cause: Cause) -> int:
    """How many members support the cause."""
    return db.exec(select(func.count()).select_from(Support).where(Support.cause_id == cause.id)).one()


# --- merging duplicates -------------------------------------------------------------------------------
#
# Anyone who may propose it (the coordinator, or the author of the proposal that would go) asks to merge proposal
# B ("from") into proposal A ("into"). Each author says yes or no on their proposal's page; the one who asked has
# said yes for their own side. A side whose author is no longer a member (left the council, or erased: "a former
# member") needs no answer: the proposal is the council's now, and the other author's yes is enough. One "no" ends
# the request. On two yeses, B's supports move to A (a member who supported both counts once), B shows "merged
# into A" with its comments still readable, and B's author is named on A as a co-author.


def _asked_author(db: Session, cause: Cause) -> User | None:
    """The author whose yes a merge needs: a current member (None: nobody to ask)."""
    author = db.get(User, cause.author_id) if cause.author_id else None
    if author is None or not author.is_council_member or author.status != AccountStatus.ACTIVE:
        return None
    return author


def open_merge_of(db: Session, cause: Cause) -> CauseMerge | None:
    """The request, still awaiting answers, to merge this proposal into another or another into it."""
    return db.exec(select(CauseMerge).where(
        (col(CauseMerge.from_cause_id) == cause.id) | (col(CauseMerge.into_cause_id) == cause.id),
        col(CauseMerge.outcome).is_(None))).first()


def merge_targets(db: Session, cause: Cause) -> list[Cause]:
    """The proposals of the same term this one could be merged into, by title."""
    return list(db.exec(select(Cause).where(Cause.term_id == cause.term_id, Cause.id != cause.id,
                                            col(Cause.status).in_(MERGEABLE)).order_by(col(Cause.title))))


def propose_merge(db: Session, *, actor: User, cause: Cause, into_id: object, today: date) -> CauseMerge:
    """Ask to merge `cause` into another proposal of its term; the authors who must say yes are told."""
    require(abilities(actor, cause, term_of(db, cause), today).propose_merge)
    into = next((c for c in merge_targets(db, cause) if str(c.id) == str(into_id or "")), None)
    if into is None:
        raise InvalidInput(_l("Please choose one of these."), field="into")
    if open_merge_of(db, cause) is not None or open_merge_of(db, into) is not None:
        raise InvalidInput(_l("One of these proposals is already waiting for an answer about merging."),
                           field="into")
    merge = CauseMerge(municipality_id=cause.municipality_id, from_cause_id=cause.id, into_cause_id=into.id,
                       requested_by_id=actor.id)
    asked: set[Any] = set()
    for side, proposal in (("from", cause), ("into", into)):
        author = _asked_author(db, proposal)
        if author is None or author.id == actor.id:
            setattr(merge, f"{side}_answer", True)
        else:
            asked.add((author.id, proposal.id))
    db.add(merge)
    db.flush()
    audit.record(session=db, action=MERGE_ASKED, actor=actor, municipality_id=cause.municipality_id,
                 object_type="cause", object_id=cause.id)
    for author_id, proposal_id in sorted(asked, key=str):
        notifications.notify(db, user=author_id, kind="council_merge", link=f"/council/causes/{proposal_id}#merge",
                             about_id=proposal_id)
    _merge_if_agreed(db, merge, actor)
    return merge


def awaits_answer_from(db: Session, merge: CauseMerge, actor: User) -> bool:
    """Whether the request still needs this person's yes or no (as the author of one of its proposals)."""
    for side in ("from", "into"):
        proposal = db.get(Cause, getattr(merge, f"{side}_cause_id"))
        if getattr(merge, f"{side}_answer") is None and proposal is not None and proposal.author_id == actor.id:
            return True
    return False


def answer_merge(db: Session, *, actor: User, cause: Cause, yes: bool) -> CauseMerge:
    """An author says yes or no to the request about their proposal; a no ends it, the last yes merges."""
    merge = open_merge_of(db, cause)
    if merge is None or not is_member(actor) or not awaits_answer_from(db, merge, actor):
        raise NotFound  # nothing to answer (answered from another tab, or not theirs to answer)
    for side in ("from", "into"):
        proposal = db.get(Cause, getattr(merge, f"{side}_cause_id"))
        if getattr(merge, f"{side}_answer") is None and proposal is not None and proposal.author_id == actor.id:
            setattr(merge, f"{side}_answer", yes)
    audit.record(session=db, action=MERGE_ANSWERED, actor=actor, subject=actor, object_type="cause",
                 object_id=cause.id)
    if not yes:
        merge.outcome = MergeOutcome.DECLINED
        merge.settled_at = utcnow()
    db.add(merge)
    _merge_if_agreed(db, merge, actor)
    return merge


def _merge_if_agreed(db: Session, merge: CauseMerge, actor: User) -> None:
    """Both sides said yes: carry the supports over (nobody counted twice) and mark the merged proposal."""
    if merge.outcome is not None or not (merge.from_answer and merge.into_answer):
        return
    gone, kept = db.get(Cause, merge.from_cause_id), db.get(Cause, merge.into_cause_id)
    assert gone is not None and kept is not None
    if gone.status not in MERGEABLE or kept.status not in MERGEABLE:
        raise InvalidInput(_l("One of the proposals has moved on, so they can no longer be merged."), field="merge")
    both = select(Support.member_id).where(Support.cause_id == kept.id)
    db.exec(delete(Support).where(col(Support.cause_id) == gone.id, col(Support.member_id).in_(both)))
    db.exec(update(Support).where(col(Support.cause_id) == gone.id).values(cause_id=kept.id))
    now = utcnow()
    gone.status, gone.merged_into_id, gone.last_activity_at = S.MERGED, kept.id, now
    kept.last_activity_at = now
    merge.outcome, merge.settled_at = MergeOutcome.MERGED, now
    db.add_all([gone, kept, merge])
    db.flush()
    audit.record(session=db, action=MERGE_DONE, actor=actor, municipality_id=kept.municipality_id,
                 object_type="cause", object_id=kept.id)
    threshold = support_threshold_of(db, kept)
    if kept.status == S.SUBMITTED and threshold and support_count(db, kept) >= threshold:
        _begin_discussion(db, kept)


def coauthors_of(db: Session, cause: Cause) -> list[str]:
    """The authors of the proposals merged into this one (other than its own author), credited on it."""
    names: list[str] = []
    for author_id, name in db.exec(
        select(Cause.author_id, User.display_name).outerjoin(User, col(User.id) == Cause.author_id)
        .where(Cause.merged_into_id == cause.id).order_by(col(Cause.submitted_at))
    ):
        if author_id is not None and author_id == cause.author_id:
            continue
        label = name if author_id is not None else str(_l("a former member"))
        if label not in names:
            names.append(label)
    return names


# --- comments and moderation ---------------------------------------------------------------------------


@dataclass
class CommentView:
    comment: Comment
    author_name: str
    by_coordinator: bool
    replies: list[CommentView] = field(default_factory=list)
    open_flags: list[str] = field(default_factory=list)  # members' reasons for asking the coordinator to look
    flagged_by_me: bool = False
    by_me: bool = False


def add_comment(db: Session, *, actor: User, cause: Cause, today: date, text: str,
                parent_id: object = None) -> Comment:
    """A comment, or a reply (a reply to a reply joins the same thread)."""
    require(abilities(actor, cause, term_of(db, cause), today).comment)
    text = clean_text(text)
    if not text:
        raise InvalidInput(_l("Please write something first."), field="text")
    if len(text) > COMMENT_LIMIT:
        raise InvalidInput(too_long(COMMENT_LIMIT), field="text")
    parent = None
    if parent_id:
        parent = owned(db, Comment, parent_id, cause_id=cause.id)
        if parent.parent_id is not None:
            parent = db.get(Comment, parent.parent_id)
    comment = Comment(municipality_id=cause.municipality_id, cause_id=cause.id, author_id=actor.id,
                      parent_id=parent.id if parent else None, text=text)
    db.add(comment)
    cause.last_activity_at = utcnow()
    db.add(cause)
    db.flush()
    return comment


def _moderation_reason(reason: str, missing: Any) -> str:
    """The coordinator's reason for hiding or showing a comment: required, and at most REASON_LIMIT long."""
    reason = clean_text(reason)
    if not reason:
        raise InvalidInput(missing, field="reason")
    if len(reason) > REASON_LIMIT:
        raise InvalidInput(too_long(REASON_LIMIT), field="reason")
    return reason


def flag_comment(db: Session, *, actor: User, comment: Comment, reason: str, today: date) -> bool:
    """A member asks the coordinator to look at someone else's comment (once); the coordinators are told, never
    who asked. False if the member had flagged it already."""
    cause = db.get(Cause, comment.cause_id)
    assert cause is not None
    require(abilities(actor, cause, term_of(db, cause), today).support and comment.author_id != actor.id
            and comment.hidden_at is None)
    already = db.exec(select(CommentFlag.id).where(CommentFlag.comment_id == comment.id,
                                                   CommentFlag.flagged_by_id == actor.id)).first()
    if already is not None:  # asked already (from another tab): nothing new, whatever the reason
        return False
    reason = clean_text(reason)
    if len(reason) > REASON_LIMIT:
        raise InvalidInput(too_long(REASON_LIMIT), field="reason")
    try:
        with db.begin_nested():  # the unique (comment, member) pair: one flag per member
            db.add(CommentFlag(municipality_id=comment.municipality_id, comment_id=comment.id,
                               flagged_by_id=actor.id, reason=reason))
            db.flush()
    except IntegrityError:
        return False
    for coordinator_id in coordinator_ids(db, comment.municipality_id):
        notifications.notify(db, user=coordinator_id, kind="council_flag",
                             link=f"/council/causes/{cause.id}#comment-{comment.id}", about_id=cause.id)
    return True


def settle_flags(db: Session, comment: Comment) -> None:
    """The coordinator has looked at the comment: its open flags are settled."""
    db.exec(update(CommentFlag).where(col(CommentFlag.comment_id) == comment.id,
                                      col(CommentFlag.settled_at).is_(None)).values(settled_at=utcnow()))


def leave_comment(db: Session, *, actor: User, comment: Comment) -> None:
    """The coordinator looked at a flagged comment and leaves it as it is."""
    require(is_coordinator(actor) and comment.municipality_id == actor.municipality_id)
    settle_flags(db, comment)


def hide_comment(db: Session, *, actor: User, comment: Comment, reason: str) -> None:
    """The coordinator hides a comment; the reason stays visible in its place, and the log keeps who did it."""
    require(is_coordinator(actor))
    if comment.hidden_at is not None:  # already hidden (from another tab): the first reason stays
        return
    reason = _moderation_reason(reason, _l("Please write why you hide the comment."))
    comment.hidden_at = utcnow()
    comment.hidden_by_id = actor.id
    comment.hidden_reason = reason
    db.add(comment)
    settle_flags(db, comment)
    audit.record(session=db, action=COMMENT_HIDDEN, actor=actor, subject=db.get(User, comment.author_id),
                 object_type="comment", object_id=comment.id)


def show_comment(db: Session, *, actor: User, comment: Comment, reason: str) -> None:
    """The coordinator shows a hidden comment again (hidden by mistake, or the author explained); the reason is
    shown with it, and the log keeps who did it."""
    require(is_coordinator(actor) and comment.municipality_id == actor.municipality_id)
    if comment.hidden_at is None:  # already shown again (from another tab): the first reason stays
        return
    reason = _moderation_reason(reason, _l("Please write why you show the comment again."))
    comment.hidden_at = None  # who hid it and why stay on the row, beside who showed it again and why
    comment.restored_at = utcnow()
    comment.restored_by_id = actor.id
    comment.restored_reason = reason
    db.add(comment)
    audit.record(session=db, action=COMMENT_SHOWN, actor=actor, subject=db.get(User, comment.author_id),
                 object_type="comment", object_id=comment.id)


def comments_of(db: Session, cause: Cause, actor: User | None = None) -> list[CommentView]:
    """The threads on a cause, oldest first, with their open flags, in two queries."""
    rows = db.exec(
        select(Comment, User.display_name, User.role).join(User, col(User.id) == Comment.author_id)
        .where(Comment.cause_id == cause.id).order_by(col(Comment.created_at), col(Comment.id))
    ).all()
    views = {row.id: CommentView(row, name, role == Role.PROFESSIONAL,
                                 by_me=actor is not None and row.author_id == actor.id) for row, name, role in rows}
    for comment_id, flagged_by, reason, settled_at in db.exec(
        select(CommentFlag.comment_id, CommentFlag.flagged_by_id, CommentFlag.reason, CommentFlag.settled_at)
        .join(Comment, col(Comment.id) == CommentFlag.comment_id).where(Comment.cause_id == cause.id)
        .order_by(col(CommentFlag.created_at))
    ):
        if settled_at is None:
            views[comment_id].open_flags.append(reason)
        views[comment_id].flagged_by_me |= actor is not None and flagged_by == actor.id
    threads: list[CommentView] = []
    for view in views.values():
        parent = views.get(view.comment.parent_id) if view.comment.parent_id else None
        (parent.replies if parent else threads).append(view)
    return threads
