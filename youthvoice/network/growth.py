"""How my network has grown: how many people could help with each kind of help, month by month.

Counted from the network as it is now: each person counts from the month they were added
(`NetworkPerson.created_at`, a Danish month), with what they could help with *now*. Nothing else is kept:
someone taken out of the network is deleted and leaves no trace (so they do not count in any month, not even
the months they were there), and a change to what someone could help with is not dated (only the latest
`updated_at` exists), so it counts back to when they were added. No history table is kept on purpose: nothing
about people she has taken out stays behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from youthvoice.core.danish_calendar import local_date, local_today
from youthvoice.identity.models import User
from youthvoice.network.models import HelpKind, NetworkPerson


@dataclass(frozen=True)
class KindGrowth:
    kind: str
    counts: tuple[int, ...]  # people who could help with this kind, one per moment (the last is now)

    @property
    def grew(self) -> int:
        return self.counts[-1] - self.counts[0]


@dataclass(frozen=True)
class Growth:
    months: tuple[date, ...]  # the first day of each month counted; the last moment is "now", not a month
    people: tuple[int, ...]  # everyone in the network, one per moment (months..., now)
    kinds: tuple[KindGrowth, ...]  # only kinds that someone could help with now or then

    @property
    def started(self) -> bool:
        return bool(self.people) and self.people[-1] > 0


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _months_between(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def _add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def moments(first_added: date, today: date) -> tuple[date, ...]:
    """The months to show before "now": the month of the first person, and the month halfway to this one when
    there is a month between them; none when she started this month (then there is only "now")."""
    start, this_month = _month_start(first_added), _month_start(today)
    gap = _months_between(start, this_month)
    if gap <= 0:
        return ()
    if gap == 1:
        return (start,)
    return (start, _add_months(start, gap // 2))


def growth_of(db: Session, owner: User, *, today: date | None = None) -> Growth:
    """Per kind of help: how many people in her network could help with it at the end of each month shown, and
    now. A person counts at the end of a month when they were added in or before that month."""
    rows = db.exec(
        select(NetworkPerson.created_at, NetworkPerson.helps)
        .where(NetworkPerson.owner_id == owner.id)
        .order_by(col(NetworkPerson.created_at))
    ).all()
    if not rows:
        return Growth((), (), ())
    added = [(_month_start(local_date(created)), set(helps.split(",")) if helps else set()) for created, helps in rows]
    months = moments(added[0][0], today or local_today())

    def counted(kind: str | None) -> tuple[int, ...]:
        matching = [month for month, helps in added if kind is None or kind in helps]
        return (*(sum(1 for month in matching if month <= shown) for shown in months), len(matching))

    kinds = tuple(KindGrowth(kind.value, counts) for kind in HelpKind if any(counts := counted(kind.value)))
    return Growth(months, counted(None), kinds)
