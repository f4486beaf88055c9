"""Pictures drawn on the server as SVG: the network around a young person, and how a life area feels over time.

No JavaScript, no inline styles (the CSP is `style-src 'self'`): geometry in SVG attributes, colours and fonts
in app.css classes. Every text is escaped. Each picture is `role="img"` with a title and a description, and
the pages show the same information as a list or table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

# --- the network picture -------------------------------------------------------------------------------

SIZE = 360
CENTRE = SIZE / 2
ME_RADIUS = 24
# Where each circle ends, and where its people sit (the middle of the band).
RING_EDGE = {"inner": 74, "middle": 126, "outer": 178}
RING_POSITION = {"inner": 50, "middle": 100, "outer": 152}
STAGGER = {"inner": 7, "middle": 10, "outer": 10}  # a crowded circle puts every other person a little further out
CROWDED = 5
RING_ORDER = ("inner", "middle", "outer")
DOT_RADIUS = 10
HELP_DOT_RADIUS = 3.6
NAME_CHARS = 12  # longer names are shortened in the picture (the list beside it has them in full)
CHAR_WIDTH = 7.2  # rough width of one character of the 13 px label, to keep labels inside the picture
ASK_MARKS = {"not_yet": "?", "asked": "?", "yes": "✓", "no": "–"}


@dataclass(frozen=True)
class PicturePerson:
    key: str
    name: str
    circle: str
    helps: tuple[str, ...] = ()
    ask_status: str | None = None


def _num(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _short(name: str) -> str:
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip() + "…"


def _placed(people: Sequence[PicturePerson]) -> list[tuple[PicturePerson, float, float, float]]:
    """Each person with (x, y, angle): spread evenly by angle around their circle, rings turned a little apart."""
    placed = []
    for ring_index, ring in enumerate(RING_ORDER):
        members = [person for person in people if person.circle == ring]
        if not members:
            continue
        step = 360 / len(members)
        start = -90 + ring_index * step / 3 + (0 if len(members) > 1 else ring_index * 40)
        for index, person in enumerate(members):
            angle = math.radians(start + index * step)
            radius = RING_POSITION[ring]
            if len(members) > CROWDED:
                radius += STAGGER[ring] if index % 2 else -STAGGER[ring]
            placed.append((person, CENTRE + radius * math.cos(angle), CENTRE + radius * math.sin(angle), angle))
    return placed


def _person_svg(person: PicturePerson, x: float, y: float, help_order: Sequence[str]) -> str:
    classes = ["person", f"in-{person.circle}"]
    if person.ask_status:
        classes += ["could-ask", f"ask-{person.ask_status}"]
    short = _short(person.name)
    label_half = len(short) * CHAR_WIDTH / 2
    label_x = min(max(x, label_half + 2), SIZE - label_half - 2)
    label_y = y + DOT_RADIUS + 14 if y + DOT_RADIUS + 14 < SIZE - 2 else y - DOT_RADIUS - 5
    parts = [f'<g class="{" ".join(classes)}" data-circle="{escape(person.circle)}" data-key="{escape(person.key)}">']
    if short != person.name:
        parts.append(f"<title>{escape(person.name)}</title>")
    parts.append(f'<circle class="person-dot" cx="{_num(x)}" cy="{_num(y)}" r="{DOT_RADIUS}"/>')
    if person.ask_status:
        parts.append(f'<text class="ask-mark" x="{_num(x)}" y="{_num(y + 4)}" text-anchor="middle" '
                     f'aria-hidden="true">{escape(ASK_MARKS.get(person.ask_status, "?"))}</text>')
    helps = [kind for kind in help_order if kind in person.helps]
    for index, kind in enumerate(helps):
        # Small coloured dots on an arc above the person's dot, one per kind of help.
        spread = 150 if len(helps) > 3 else 100
        angle = math.radians(-90 - spread / 2 + (spread * index / (len(helps) - 1) if len(helps) > 1 else spread / 2))
        hx, hy = x + (DOT_RADIUS + 5) * math.cos(angle), y + (DOT_RADIUS + 5) * math.sin(angle)
        parts.append(f'<circle class="help-dot help-{escape(kind)}" data-help="{escape(kind)}" cx="{_num(hx)}" '
                     f'cy="{_num(hy)}" r="{HELP_DOT_RADIUS}"/>')
    parts.append(f'<text class="person-name" x="{_num(label_x)}" y="{_num(label_y)}" '
                 f'text-anchor="middle">{escape(short)}</text>')
    parts.append("</g>")
    return "".join(parts)


def network_svg(people: Sequence[PicturePerson], *, svg_id: str, title: str, description: str, me_label: str,
                help_order: Sequence[str]) -> Markup:
    """Three circles around "me", each person a dot in their circle, with dots for what they could help with."""
    rings = "".join(
        f'<circle class="ring ring-{ring}" cx="{_num(CENTRE)}" cy="{_num(CENTRE)}" r="{RING_EDGE[ring]}"/>'
        for ring in reversed(RING_ORDER))
    placed = "".join(_person_svg(person, x, y, help_order) for person, x, y, _angle in _placed(people))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="netmap" viewBox="0 0 {SIZE} {SIZE}" role="img" '
        f'aria-labelledby="{escape(svg_id)}-title {escape(svg_id)}-desc" id="{escape(svg_id)}">'
        f'<title id="{escape(svg_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(svg_id)}-desc">{escape(description)}</desc>'
        f"{rings}"
        f'<circle class="me" cx="{_num(CENTRE)}" cy="{_num(CENTRE)}" r="{ME_RADIUS}"/>'
        f'<text class="me-label" x="{_num(CENTRE)}" y="{_num(CENTRE + 5)}" text-anchor="middle">'
        f"{escape(me_label)}</text>"
        f"{placed}</svg>"
    )
    return Markup(svg)  # noqa: S704 - every value above is escaped or a number


# --- a life area's ratings over time -------------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT = 320, 150
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 30, 306, 18, 112
LOW, HIGH = 1, 10
POINT_INSET = 14  # keeps the first and last dot (and their numbers) clear of the scale and the edge
LABELLED_POINTS = 8  # with more points than this only the latest value is written next to its dot


@dataclass(frozen=True)
class RatingPoint:
    day: date
    value: int


def _y(value: float) -> float:
    return PLOT_BOTTOM - (value - LOW) * (PLOT_BOTTOM - PLOT_TOP) / (HIGH - LOW)


def _x_positions(points: Sequence[RatingPoint]) -> list[float]:
    if len(points) == 1:
        return [(PLOT_LEFT + PLOT_RIGHT) / 2]
    first, last = points[0].day.toordinal(), points[-1].day.toordinal()
    span = max(last - first, 1)
    left, right = PLOT_LEFT + POINT_INSET, PLOT_RIGHT - POINT_INSET
    return [left + (point.day.toordinal() - first) * (right - left) / span for point in points]


def progress_svg(points: Sequence[RatingPoint], *, svg_id: str, title: str, description: str,
                 day_label: Callable[[date], str]) -> Markup:
    """Ratings 1-10 of one area as dots joined by a line, dates along the bottom, the scale at the side."""
    points = sorted(points, key=lambda point: point.day)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="progress-chart" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" '
        f'role="img" aria-labelledby="{escape(svg_id)}-title {escape(svg_id)}-desc" id="{escape(svg_id)}">',
        f'<title id="{escape(svg_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(svg_id)}-desc">{escape(description)}</desc>',
    ]
    for value in (LOW, 5, HIGH):
        y = _num(_y(value))
        parts.append(f'<line class="grid" x1="{PLOT_LEFT}" x2="{PLOT_RIGHT}" y1="{y}" y2="{y}"/>')
        parts.append(f'<text class="axis" x="{PLOT_LEFT - 6}" y="{_num(_y(value) + 4)}" '
                     f'text-anchor="end">{value}</text>')
    xs = _x_positions(points)
    if len(points) > 1:
        line = " ".join(f"{_num(x)},{_num(_y(point.value))}" for x, point in zip(xs, points, strict=True))
        parts.append(f'<polyline class="rating-line" points="{line}"/>')
    for index, (x, point) in enumerate(zip(xs, points, strict=True)):
        point_y = _y(point.value)
        parts.append(f'<circle class="rating-point" cx="{_num(x)}" cy="{_num(point_y)}" r="5" '
                     f'data-day="{point.day.isoformat()}" data-value="{point.value}"/>')
        if len(points) <= LABELLED_POINTS or index == len(points) - 1:
            label_y = point_y - 9 if point.value < HIGH else point_y + 18
            parts.append(f'<text class="rating-value" x="{_num(x)}" y="{_num(label_y)}" '
                         f'text-anchor="middle">{point.value}</text>')
    if points:
        baseline = _num(PLOT_BOTTOM + 24)
        if len(points) == 1:
            parts.append(f'<text class="axis" x="{_num(xs[0])}" y="{baseline}" text-anchor="middle">'
                         f"{escape(day_label(points[0].day))}</text>")
        else:
            parts.append(f'<text class="axis" x="{_num(xs[0] - POINT_INSET)}" y="{baseline}" text-anchor="start">'
                         f"{escape(day_label(points[0].day))}</text>")
            parts.append(f'<text class="axis" x="{_num(xs[-1] + POINT_INSET)}" y="{baseline}" text-anchor="end">'
                         f"{escape(day_label(points[-1].day))}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value above is escaped or a number


# --- shares of a whole, as one bar ---------------------------------------------------------------------

BAR_WIDTH = 320
BAR_HEIGHT = 28


@dataclass(frozen=True)
class Share:
    key: str  # also the CSS class suffix: share-<key>
    count: int


def share_bar_svg(shares: Sequence[Share], *, svg_id: str, title: str, description: str) -> Markup:
    """One bar split into the shares of a whole (e.g. wishes followed, partly followed, not followed); the page
    shows the counts in words beside it."""
    total = sum(share.count for share in shares)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="share-bar" viewBox="0 0 {BAR_WIDTH} {BAR_HEIGHT}" '
        f'role="img" aria-labelledby="{escape(svg_id)}-title {escape(svg_id)}-desc" id="{escape(svg_id)}">',
        f'<title id="{escape(svg_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(svg_id)}-desc">{escape(description)}</desc>',
        f'<rect class="share-empty" x="0" y="0" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" rx="6"/>',
    ]
    x = 0.0
    for share in shares:
        if not total or not share.count:
            continue
        width = BAR_WIDTH * share.count / total
        parts.append(f'<rect class="share-{escape(share.key)}" x="{_num(x)}" y="0" width="{_num(width)}" '
                     f'height="{BAR_HEIGHT}" data-count="{share.count}"/>')
        x += width
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value above is escaped or a number


# --- a figure per quarter, with a national baseline ----------------------------------------------------

TREND_WIDTH, TREND_HEIGHT = 320, 192
TREND_LEFT, TREND_RIGHT, TREND_TOP, TREND_BOTTOM = 46, 306, 36, 142


@dataclass(frozen=True)
class TrendPoint:
    label: str  # the period, e.g. "Q1 2026"
    value: float | None  # None: nothing may be shown for the period (a gap in the line)


def _trend_y(value: float, top: float) -> float:
    return TREND_BOTTOM - value * (TREND_BOTTOM - TREND_TOP) / top


def trend_svg(points: Sequence[TrendPoint], *, svg_id: str, title: str, description: str, top: float,
              unit: str = "", baseline: float | None = None, baseline_label: str = "",
              value_text: Callable[[float], str] = _num) -> Markup:
    """Values per period as dots joined by a line (broken where a period shows nothing), a scale from 0 to `top`,
    and an optional dashed line for a baseline to compare with. The page has the same numbers in a table."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart" viewBox="0 0 {TREND_WIDTH} {TREND_HEIGHT}" '
        f'role="img" aria-labelledby="{escape(svg_id)}-title {escape(svg_id)}-desc" id="{escape(svg_id)}">',
        f'<title id="{escape(svg_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(svg_id)}-desc">{escape(description)}</desc>',
    ]
    for value in (0, top / 2, top):
        grid_y = _num(_trend_y(value, top))
        parts.append(f'<line class="grid" x1="{TREND_LEFT}" x2="{TREND_RIGHT}" y1="{grid_y}" y2="{grid_y}"/>')
        parts.append(f'<text class="axis" x="{TREND_LEFT - 5}" y="{_num(_trend_y(value, top) + 4)}" '
                     f'text-anchor="end">{_num(value)}{escape(unit)}</text>')
    if baseline is not None:
        y = _trend_y(min(baseline, top), top)
        parts.append(f'<line class="baseline" x1="{TREND_LEFT}" x2="{TREND_RIGHT}" y1="{_num(y)}" y2="{_num(y)}"/>')
        # its key above the plot, clear of the values: a short dashed stroke and the words
        parts.append(f'<line class="baseline-key-line" x1="{TREND_LEFT}" x2="{TREND_LEFT + 22}" y1="9" y2="9"/>')
        parts.append(f'<text class="baseline-label" x="{TREND_LEFT + 28}" y="13" text-anchor="start">'
                     f"{escape(baseline_label)}</text>")
    span = TREND_RIGHT - TREND_LEFT - 2 * POINT_INSET
    xs = [(TREND_LEFT + TREND_RIGHT) / 2] if len(points) == 1 else [
        TREND_LEFT + POINT_INSET + index * span / (len(points) - 1) for index in range(len(points))]
    run: list[str] = []
    for x, point in [*zip(xs, points, strict=True), (0.0, TrendPoint("", None))]:
        if point.value is None:
            if len(run) > 1:
                parts.append(f'<polyline class="trend-line" points="{" ".join(run)}"/>')
            run = []
        else:
            run.append(f"{_num(x)},{_num(_trend_y(point.value, top))}")
    for index, (x, point) in enumerate(zip(xs, points, strict=True)):
        if point.value is not None:
            y = _trend_y(point.value, top)
            parts.append(f'<circle class="trend-point" cx="{_num(x)}" cy="{_num(y)}" r="4.5" '
                         f'data-value="{_num(point.value)}"/>')
            if len(points) <= LABELLED_POINTS or index == len(points) - 1:
                parts.append(f'<text class="trend-value" x="{_num(x)}" y="{_num(y - 8)}" text-anchor="middle">'
                             f"{escape(value_text(point.value))}{escape(unit)}</text>")
        if len(points) <= 4 or index in (0, len(points) - 1):
            anchor = "middle" if 0 < index < len(points) - 1 or len(points) == 1 else (
                "start" if index == 0 else "end")
            label_x = x - POINT_INSET if anchor == "start" else x + POINT_INSET if anchor == "end" else x
            parts.append(f'<text class="axis" x="{_num(label_x)}" y="{TREND_BOTTOM + 22}" text-anchor="{anchor}">'
                         f"{escape(point.label)}</text>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value above is escaped or a number


# --- how many people could help with each kind, then and now -------------------------------------------

GROWTH_WIDTH = 320
GROWTH_LABEL_WIDTH = 78  # the moment's short name ("sep.", "sep. 2025", "now") left of its bar
GROWTH_BAR_RIGHT = 290  # the longest bar ends here; its number is written after it
GROWTH_BAR_HEIGHT = 16
GROWTH_LINE = 21  # one moment's bar and the gap below it
GROWTH_HEADING = 22  # the kind's name above its bars
GROWTH_GAP = 12  # between two kinds


@dataclass(frozen=True)
class GrowthRow:
    key: str  # a kind of help; also the bar's colour class: help-<key>
    label: str
    counts: tuple[int, ...]  # one per moment, the last is now


def growth_svg(rows: Sequence[GrowthRow], moments: Sequence[str], *, svg_id: str, title: str,
               description: str) -> Markup:
    """Per kind of help, one bar per moment (earlier moments pale, now in full colour) with its number: how many
    people could help then and now. The page has the same numbers in words and in a table."""
    top = max([1, *(count for row in rows for count in row.counts)])
    height = sum(GROWTH_HEADING + len(row.counts) * GROWTH_LINE + GROWTH_GAP for row in rows) or GROWTH_LINE
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="growth-chart" viewBox="0 0 {GROWTH_WIDTH} {height}" '
        f'role="img" aria-labelledby="{escape(svg_id)}-title {escape(svg_id)}-desc" id="{escape(svg_id)}">',
        f'<title id="{escape(svg_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(svg_id)}-desc">{escape(description)}</desc>',
    ]
    y = 0.0
    span = GROWTH_BAR_RIGHT - GROWTH_LABEL_WIDTH
    for row in rows:
        parts.append(f'<g class="growth-row" data-kind="{escape(row.key)}">')
        parts.append(f'<text class="growth-kind" x="0" y="{_num(y + 15)}">{escape(row.label)}</text>')
        y += GROWTH_HEADING
        for index, count in enumerate(row.counts):
            name = moments[index] if index < len(moments) else ""
            now = index == len(row.counts) - 1
            width = span * count / top
            parts.append(f'<text class="axis" x="{GROWTH_LABEL_WIDTH - 6}" y="{_num(y + 13)}" text-anchor="end">'
                         f"{escape(name)}</text>")
            parts.append(f'<rect class="growth-track" x="{GROWTH_LABEL_WIDTH}" y="{_num(y)}" width="{span}" '
                         f'height="{GROWTH_BAR_HEIGHT}" rx="3"/>')
            if count:
                parts.append(f'<rect class="growth-bar help-{escape(row.key)}{" is-now" if now else ""}" '
                             f'x="{GROWTH_LABEL_WIDTH}" y="{_num(y)}" width="{_num(width)}" '
                             f'height="{GROWTH_BAR_HEIGHT}" rx="3" data-count="{count}"/>')
            parts.append(f'<text class="growth-value" x="{_num(GROWTH_LABEL_WIDTH + width + 5)}" y="{_num(y + 13)}" '
                         f'text-anchor="start">{count}</text>')
            y += GROWTH_LINE
        y += GROWTH_GAP
        parts.append("</g>")
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every value above is escaped or a number
