"""How my network has grown: a small chart and the same numbers as a table, for me and for the professionals I
share my network with (their every view is logged first, by access.network_for)."""

from __future__ import annotations

from typing import Any

from babel.dates import format_date as babel_format_date
from flask import Blueprint, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from youthvoice.core.danish_calendar import local_today
from youthvoice.core.db import get_session
from youthvoice.identity.models import Role, User
from youthvoice.network import growth, network
from youthvoice.network.models import HelpKind
from youthvoice.sharing import access
from youthvoice.web.charts import GrowthRow, growth_svg
from youthvoice.web.view_helpers import role_required

bp = Blueprint("network_growth", __name__, url_prefix="/network", template_folder="../templates")


def _month_name(month: Any, *, short: bool = False) -> str:
    """ "september" (this year) or "september 2025"; short for the chart's axis: "sep." / "sep. 2025"."""
    locale = get_locale()
    language = locale.language if locale is not None else "en"
    pattern = "LLL" if short else "LLLL"
    return babel_format_date(month, pattern if month.year == local_today().year else f"{pattern} y", locale=language)


def growth_context(db: Any, owner: User, *, for_owner: bool) -> dict[str, Any]:
    """The growth of one network: per kind of help a sentence, the chart and the table (the same numbers)."""
    counted = growth.growth_of(db, owner)
    labels = [_month_name(month) for month in counted.months] + [_("now")]
    rows = [
        GrowthRow(key=item.kind, label=str(network.HELP_LABELS[HelpKind(item.kind)]), counts=item.counts)
        for item in counted.kinds
    ]
    title = (
        _("How my network has grown") if for_owner else _("How %(name)s's network has grown", name=owner.display_name)
    )
    description = " ".join(
        _("%(kind)s: %(counts)s.", kind=row.label, counts=_counts_text(row.counts, labels)) for row in rows
    ) or _("Nobody could help with anything yet.")
    axis = [_month_name(month, short=True) for month in counted.months] + [_("now")]
    chart = growth_svg(rows, axis, svg_id="growth-chart", title=title, description=description) if rows else None
    return {
        "growth": counted,
        "labels": labels,
        "rows": rows,
        "chart": chart,
        "owner": owner,
        "everyone_text": _counts_text(counted.people, labels) if counted.started else "",
        "counts_text": lambda counts: _counts_text(counts, labels),
    }


def _counts_text(counts: tuple[int, ...], labels: list[str]) -> str:
    """ "2 in September, 5 now" (or "5 now" when she started this month)."""
    parts = [
        _("%(num)d in %(month)s", num=count, month=label) for count, label in zip(counts, labels[:-1], strict=False)
    ]
    return ", ".join([*parts, _("%(num)d now", num=counts[-1])])


@bp.get("/growth")
@role_required(Role.YOUNG_PERSON)
def mine() -> Any:
    """How my network has grown."""
    return render_template(
        "network/growth.html", **growth_context(get_session(), current_user, for_owner=True), for_owner=True
    )


@bp.get("/of/<young_id>/growth")
@login_required
def of(young_id: str) -> Any:
    """How a young person's network has grown, as a professional they share it with sees it (logged first)."""
    db = get_session()
    seen = access.network_for(db, current_user, young_id)
    if seen.is_owner:
        return redirect(url_for("network_growth.mine"))
    return render_template("network/growth.html", **growth_context(db, seen.owner, for_owner=False), for_owner=False)
