"""A youth-council member's own data: their part of "my data", and what erasing them does in the council.

What erasure means here (models' `__personal_data__` says the same per table, and the README repeats it):
- their own texts go: drafts, proposals nobody else has built on, their comments (replies by others stay, moved
  up to where the comment was), their supports, the comments they asked the coordinator to look at, and their
  membership;
- a proposal others supported, discussed, voted on or followed up stays, under "a former member", with its
  versions, its pictures and its timeline (their entries on it too), because it is the council's work now; their
  other proposals go with their pictures;
- a request they made to merge two proposals stays (a merge done is the council's work) without their name; an
  open request about one of their proposals ends;
- that they voted goes; what they voted was never stored per person, only as totals, and those stay.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_
from sqlmodel import Session, col, delete, select, update

from youthvoice.council import pictures
from youthvoice.council.causes import CATEGORY_LABELS, MERGE_OUTCOME_LABELS, STATUS_LABELS
from youthvoice.council.follow import UPDATE_KIND_LABELS
from youthvoice.council.models import (
    Ballot,
    Cause,
    CauseImage,
    CauseMerge,
    CauseRevision,
    CauseStatus,
    CauseUpdate,
    Comment,
    CommentFlag,
    Council,
    CouncilMembership,
    Milestone,
    RoundEntry,
    Support,
    Term,
    VotingRound,
)
from youthvoice.identity.models import User


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


# How the printable "my data" names this section, its fields and its codes (personal_data.add_section).
EXPORT_WORDS = {"title": _l("The youth council"), "fields": {
    "membership": _l("Membership"), "council": _l("Council"), "first_name_public": _l("First name on the public page"),
    "proposals": _l("Proposals"), "title": _l("Title"), "change": _l("What should change"), "why": _l("Why"),
    "category": _l("Category"), "versions": _l("Versions"), "supported": _l("Proposals you supported"),
    "proposal": _l("Proposal"), "comments": _l("Comments"), "hidden": _l("Hidden"),
    "why_hidden": _l("Why it was hidden"), "shown_again": _l("Shown again"),
    "why_shown": _l("Why it was shown again"), "voted": _l("Votes you took part in"), "vote": _l("Vote"),
    "timeline_entries": _l("What you wrote on timelines"),
    "flagged": _l("Comments you asked the coordinator to look at"), "reason": _l("Reason"),
    "merged_into": _l("Merged into"), "merges_asked": _l("Merges of proposals you asked for"),
    "into": _l("Into"), "outcome": _l("Outcome"), "pictures": _l("Pictures on your proposals"),
    "alt": _l("What the picture shows"), "file": _l("File")},
    "codes": {("proposals", "category"): CATEGORY_LABELS, ("proposals", "status"): STATUS_LABELS,
           ("timeline_entries", "what"): UPDATE_KIND_LABELS, ("merges_asked", "outcome"): MERGE_OUTCOME_LABELS}}


def export_council(db: Session, person: User) -> dict[str, Any]:
    """Membership, proposals with every version, supports, comments, votes cast (never what) and timeline entries."""
    titles = {cause.id: cause.title for cause in db.exec(
        select(Cause).where(Cause.municipality_id == person.municipality_id))}
    return {
        "membership": [{"council": council.name, "from": _when(m.joined_at), "until": _when(m.left_at),
                        "first_name_public": m.show_name_publicly}
                       for m, council in db.exec(select(CouncilMembership, Council)
                                                 .join(Council, col(Council.id) == CouncilMembership.council_id)
                                                 .where(CouncilMembership.user_id == person.id))],
        "proposals": [{
            "title": cause.title, "change": cause.change, "why": cause.why, "who": cause.who,
            "category": cause.category, "status": cause.status, "from": _when(cause.created_at),
            "merged_into": titles.get(cause.merged_into_id) if cause.merged_into_id else None,
            "versions": [{"title": v.title, "change": v.change, "why": v.why, "who": v.who, "when": _when(v.created_at)}
                         for v in db.exec(select(CauseRevision).where(CauseRevision.cause_id == cause.id)
                                          .order_by(col(CauseRevision.created_at)))],
        } for cause in db.exec(select(Cause).where(Cause.author_id == person.id).order_by(col(Cause.created_at)))],
        "supported": [{"proposal": titles.get(s.cause_id), "when": _when(s.created_at)}
                      for s in db.exec(select(Support).where(Support.member_id == person.id))],
        "comments": [{"proposal": titles.get(c.cause_id), "text": c.text, "when": _when(c.created_at),
                      "hidden": _when(c.hidden_at), "why_hidden": c.hidden_reason,
                      "shown_again": _when(c.restored_at), "why_shown": c.restored_reason}
                     for c in db.exec(select(Comment).where(Comment.author_id == person.id)
                                      .order_by(col(Comment.created_at)))],
        "voted": [{"vote": term.name, "from": _when(round_.starts_at), "until": _when(round_.ends_at),
                   "when": _when(ballot.cast_at)}
                  for ballot, round_, term in db.exec(
                      select(Ballot, VotingRound, Term).join(VotingRound, col(VotingRound.id) == Ballot.round_id)
                      .join(Term, col(Term.id) == VotingRound.term_id).where(Ballot.voter_id == person.id))],
        "timeline_entries": [{"proposal": titles.get(u.cause_id), "what": u.kind, "text": u.text,
                              "day": _when(u.happened_on)}
                             for u in db.exec(select(CauseUpdate).where(CauseUpdate.author_id == person.id))],
        "flagged": [{"proposal": titles.get(cause_id), "reason": flag.reason, "when": _when(flag.created_at)}
                    for flag, cause_id in db.exec(
                        select(CommentFlag, Comment.cause_id).join(Comment, col(Comment.id) == CommentFlag.comment_id)
                        .where(CommentFlag.flagged_by_id == person.id).order_by(col(CommentFlag.created_at)))],
        "merges_asked": [{"proposal": titles.get(m.from_cause_id), "into": titles.get(m.into_cause_id),
                          "when": _when(m.created_at), "outcome": m.outcome}
                         for m in db.exec(select(CauseMerge).where(CauseMerge.requested_by_id == person.id)
                                          .order_by(col(CauseMerge.created_at)))],
        "pictures": pictures.export_pictures(db, person),  # the pictures themselves: pictures.archive (a ZIP)
    }


def _built_on_by_others(db: Session, cause: Cause, person: User) -> bool:
    """Whether others made the proposal theirs too: supported, commented, discussed, voted on or followed it."""
    if cause.status not in (CauseStatus.DRAFT, CauseStatus.SUBMITTED):
        return True
    others = [
        exists().where(col(Support.cause_id) == cause.id, col(Support.member_id) != person.id),
        exists().where(col(Comment.cause_id) == cause.id, col(Comment.author_id) != person.id),
        exists().where(col(RoundEntry.cause_id) == cause.id),
        exists().where(col(CauseUpdate.cause_id) == cause.id, col(CauseUpdate.author_id) != person.id),
        exists().where(col(Cause.merged_into_id) == cause.id),  # another author's proposal was merged into it
    ]
    return bool(db.exec(select(or_(*others))).one())


def _delete_cause(db: Session, cause_id: Any) -> None:
    db.exec(delete(CauseMerge).where(or_(col(CauseMerge.from_cause_id) == cause_id,
                                         col(CauseMerge.into_cause_id) == cause_id)))
    for model in (CauseRevision, CauseImage, Support, CauseUpdate, RoundEntry, Milestone):
        db.exec(delete(model).where(col(model.cause_id) == cause_id))
    db.exec(update(Comment).where(col(Comment.cause_id) == cause_id).values(parent_id=None))
    db.exec(delete(CommentFlag).where(col(CommentFlag.comment_id).in_(
        select(Comment.id).where(Comment.cause_id == cause_id))))
    db.exec(delete(Comment).where(col(Comment.cause_id) == cause_id))
    db.exec(delete(Cause).where(col(Cause.id) == cause_id))


def erase_member(db: Session, person: User) -> None:
    """Carry out what the module's doc says, before the account itself is deleted."""
    theirs = select(Cause.id).where(Cause.author_id == person.id)
    db.exec(delete(CauseMerge).where(col(CauseMerge.outcome).is_(None), or_(
        col(CauseMerge.requested_by_id) == person.id, col(CauseMerge.from_cause_id).in_(theirs),
        col(CauseMerge.into_cause_id).in_(theirs))))
    db.exec(update(CauseMerge).where(col(CauseMerge.requested_by_id) == person.id).values(requested_by_id=None))
    for cause in db.exec(select(Cause).where(Cause.author_id == person.id)).all():
        if _built_on_by_others(db, cause, person):
            cause.author_id = None  # "a former member"
            db.add(cause)
        else:
            _delete_cause(db, cause.id)
    db.flush()
    db.exec(update(CauseRevision).where(col(CauseRevision.editor_id) == person.id).values(editor_id=None))
    db.exec(update(CauseImage).where(col(CauseImage.added_by_id) == person.id).values(added_by_id=None))
    db.exec(update(CauseUpdate).where(col(CauseUpdate.author_id) == person.id).values(author_id=None))
    for comment_id in db.exec(select(Comment.id).where(Comment.author_id == person.id)).all():
        parent_id = db.exec(select(Comment.parent_id).where(Comment.id == comment_id)).one()  # as it is now
        db.exec(update(Comment).where(col(Comment.parent_id) == comment_id).values(parent_id=parent_id))
        db.exec(delete(CommentFlag).where(col(CommentFlag.comment_id) == comment_id))
        db.exec(delete(Comment).where(col(Comment.id) == comment_id))
    for model, column in ((CommentFlag, CommentFlag.flagged_by_id), (Support, Support.member_id),
                          (Ballot, Ballot.voter_id),
                          (CouncilMembership, CouncilMembership.user_id)):
        db.exec(delete(model).where(col(column) == person.id))
