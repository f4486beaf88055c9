"""How it feels, counted: do young people experience being heard and deciding? Anonymous by construction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from .models import FollowUp, Meeting

MIN_GROUP = 5  # no figure is shown for fewer young people than this


@dataclass(frozen=True)
class Cell:
    month: str  # YYYY-MM
    kind: str
    young_people: int
    heard: float | None  # average 1-5, None when the group is too small to show
    decided: float | None

    @property
    def hidden(self) -> bool:
        return self.heard is None and self.decided is None


def feelings(db: Session, municipality_id: int, *, since: date | None = None) -> list[Cell]:
    """Per month and meeting kind: how many young people answered, and their average answers, when at least
    MIN_GROUP different young people are in the group. Only the two scales are read, never any text."""
    query = (select(Meeting.starts_at, Meeting.kind, FollowUp.owner_id, FollowUp.heard, FollowUp.who_decided)
             .join(FollowUp, col(FollowUp.meeting_id) == Meeting.id)
             .where(Meeting.municipality_id == municipality_id))
    groups: dict[tuple[str, str], list[tuple[object, int | None, int | None]]] = {}
    for starts_at, kind, owner_id, heard, who_decided in db.exec(query):
        if since and starts_at.date() < since:
            continue
        groups.setdefault((starts_at.strftime("%Y-%m"), kind), []).append((owner_id, heard, who_decided))
    cells = []
    for (month, kind), rows in sorted(groups.items(), reverse=True):
        people = len({owner for owner, _, _ in rows})
        if people < MIN_GROUP:
            cells.append(Cell(month, kind, people, None, None))
            continue
        heard = [h for _, h, _ in rows if h]
        decided = [d for _, _, d in rows if d]
        cells.append(Cell(month, kind, people, round(sum(heard) / len(heard), 1) if heard else None,
                          round(sum(decided) / len(decided), 1) if decided else None))
    return cells
