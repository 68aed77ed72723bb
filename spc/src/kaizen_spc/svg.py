"""SVG charts of one series: self-contained, accessible, and printable offline.

The documents use no fonts, images or stylesheets from elsewhere (WeasyPrint prints them with
no network), carry a plain-English description for screen readers, and colour points as NHS
England's "Making Data Count" does: grey common cause, blue improvement, orange concern,
purple neutral special cause. The target is a dark dash-dot line with its label, never red.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from kaizen_spc.types import ChartType, Period, Point, PointType, SeriesResult

POINT_COLOURS: dict[PointType, str] = {
    "common_cause": "#7B7D7D",
    "special_cause_improvement": "#289DE0",
    "special_cause_concern": "#FAB428",
    "special_cause_neutral_high": "#361475",
    "special_cause_neutral_low": "#361475",
}
TEXT_COLOUR = "#212B32"  # NHS.UK text colour: 14:1 on white
LINE_COLOUR = "#425563"  # NHS dark grey: centre line and axes
LIMIT_COLOUR = "#768692"  # NHS mid grey: process limits
# Kaizen never uses red, amber or green (they read as judgements): the target is a dark
# line, told from the solid centre line and the dashed limits by its dash-dot pattern.
TARGET_COLOUR = LINE_COLOUR
FONT = "font-family:Arial,Helvetica,sans-serif"  # fonts every printer and browser has

CHART_NAMES: dict[ChartType, str] = {
    "run": "Run chart",
    "xmr": "XmR chart",
    "mr": "Moving range chart",
    "xbar": "X-bar chart",
    "s": "S chart",
    "t": "T chart",
    "p": "P chart",
    "pp": "P′ chart",
    "c": "C chart",
    "u": "U chart",
    "up": "U′ chart",
    "g": "G chart",
}
_POINT_WORDS: dict[PointType, str] = {
    "common_cause": "common cause variation",
    "special_cause_improvement": "special cause variation, improvement",
    "special_cause_concern": "special cause variation, concern",
    "special_cause_neutral_high": "special cause variation, high",
    "special_cause_neutral_low": "special cause variation, low",
}
_ASSURANCE_WORDS = {
    "consistent_pass": "the process will consistently meet the target",
    "consistent_fail": "the process will consistently fail the target",
    "inconsistent": "the process may or may not meet the target",
}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def render_svg(
    result: SeriesResult,
    *,
    title: str = "",
    unit: str = "",
    target: float | None = None,
    annotations: Sequence[tuple[Period, str]] = (),
    width: int = 720,
    height: int = 300,
    show_2s: bool = False,
) -> str:
    """The chart of one series as a standalone SVG document."""
    points = result.points
    target = _finite(target)
    frame = _Frame.fit(points, width=width, height=height, target=target, show_2s=show_2s)
    ident = _ident(result, title)
    name = title or CHART_NAMES[result.summary.chart]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" style="{FONT}">',
        f'<title id="{ident}-title">{_text(name)}</title>',
        f'<desc id="{ident}-desc">{_text(describe(result, unit=unit, target=target))}</desc>',
        f'<rect width="{width}" height="{height}" fill="#FFFFFF"/>',
    ]
    if title:
        parts.append(
            f'<text x="{frame.left}" y="18" font-size="14" font-weight="bold" '
            f'fill="{TEXT_COLOUR}">{_text(title)}</text>'
        )
    parts += _axes(frame, points, unit)
    parts += _segment_lines(frame, points, show_2s)
    if target is not None:
        parts += _target_line(frame, target)
    parts += _annotations(frame, points, annotations)
    parts += _value_lines(frame, points)
    parts += _markers(frame, points, unit)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def render_sparkline_svg(result: SeriesResult, *, width: int = 120, height: int = 32) -> str:
    """A word-sized chart: the values, the centre line and the latest point emphasised."""
    points = result.points
    frame = _Frame.fit(points, width=width, height=height, margins=(4, 6, 4, 4))
    label = _sparkline_label(result)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_text(label)}">',
        f"<title>{_text(label)}</title>",
    ]
    for segment in _segments(points):
        parts += _step_paths(frame, segment, "centre", 'stroke-width="1"', LIMIT_COLOUR, "")
    parts += _value_lines(frame, points, stroke_width=1.25)
    last = next((index for index in reversed(range(len(points))) if _y(points[index])), None)
    if last is not None:
        point = points[last]
        parts.append(
            f'<circle class="point {point.point_type} latest" cx="{frame.x(last):.2f}" '
            f'cy="{frame.y(point.value or 0.0):.2f}" r="3" '
            f'fill="{POINT_COLOURS[point.point_type]}"/>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def describe(result: SeriesResult, *, unit: str = "", target: float | None = None) -> str:
    """A plain-English summary of a chart, for screen readers and text alternatives.

    >>> from kaizen_spc.types import Summary
    >>> summary = Summary("beds", "xmr", "mdc", 0, 0, None, None, None, "common_cause", "",
    ...                   None, None, None, None, False, False)
    >>> describe(SeriesResult(summary))
    'XmR chart with no data.'
    """
    summary, points = result.summary, result.points
    chart = CHART_NAMES[summary.chart]
    plotted = [point for point in points if _y(point) is not None]
    if not plotted:
        return f"{chart} with no data."
    sentences = [
        f"{chart} of {_count(len(plotted), 'point')} from {_period_label(points[0].period)} "
        f"to {_period_label(points[-1].period)}."
    ]
    centre, lower, upper = (_finite(summary.centre), _finite(summary.lower), _finite(summary.upper))
    if centre is not None:
        limits = ""
        if lower is not None and upper is not None:
            limits = f", process limits {_number(lower)} to {_number(upper)}{_unit(unit)}"
        sentences.append(f"Centre line {_number(centre)}{_unit(unit)}{limits}.")
    special = sum(point.special_cause for point in points)
    sentences.append(
        f"{_count(special, 'point')} {'shows' if special == 1 else 'show'} special cause variation."
        if special
        else "No point shows special cause variation."
    )
    latest = plotted[-1]
    sentences.append(
        f"The latest point, {_period_label(latest.period)}, is {_number(latest.value or 0.0)}"
        f"{_unit(unit)}: {_POINT_WORDS[latest.point_type]}."
    )
    if target is not None:
        assurance = _ASSURANCE_WORDS.get(summary.assurance_icon, "")
        sentences.append(
            f"Target {_number(target)}{_unit(unit)}" + (f": {assurance}." if assurance else ".")
        )
    sentences += [
        warning if warning.endswith(".") else warning + "." for warning in summary.warnings
    ]
    return " ".join(sentences)


@dataclass(frozen=True)
class _Frame:
    """Where the plot area sits and how data maps onto it."""

    left: float
    right: float
    top: float
    bottom: float
    count: int
    low: float
    high: float

    @classmethod
    def fit(
        cls,
        points: Sequence[Point],
        *,
        width: int,
        height: int,
        target: float | None = None,
        show_2s: bool = False,
        margins: tuple[float, float, float, float] = (64, 72, 30, 44),
    ) -> _Frame:
        left, right, top, bottom = margins
        fields = ["value", "centre", "lower", "upper"] + (
            ["lower_2s", "upper_2s"] if show_2s else []
        )
        numbers = [
            number
            for values in map(attrgetter(*fields), points)
            for number in values
            if number is not None and math.isfinite(number)
        ]
        if target is not None:
            numbers.append(target)
        low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
        pad = (high - low) * 0.06 or abs(high) * 0.1 or 1.0
        return cls(left, width - right, top, height - bottom, len(points), low - pad, high + pad)

    def x(self, index: float) -> float:
        if self.count <= 1:
            return (self.left + self.right) / 2
        return self.left + (self.right - self.left) * index / (self.count - 1)

    def y(self, number: float) -> float:
        return self.bottom - (self.bottom - self.top) * (number - self.low) / (self.high - self.low)


def _axes(frame: _Frame, points: Sequence[Point], unit: str) -> list[str]:
    stroke = f'stroke="{LINE_COLOUR}" stroke-width="1"'
    text = f'font-size="11" fill="{TEXT_COLOUR}"'
    parts = [
        '<g class="axes">',
        _line(frame.left, frame.bottom, frame.right, frame.bottom, stroke),
        _line(frame.left, frame.top, frame.left, frame.bottom, stroke),
    ]
    step, ticks = _nice_ticks(frame.low, frame.high)
    decimals = max(0, -math.floor(math.log10(step)))
    for tick in ticks:
        y = frame.y(tick)
        parts.append(
            _line(frame.left - 4, y, frame.left, y, stroke)
            + f'<text x="{frame.left - 6}" y="{y + 4:.2f}" text-anchor="end" {text}>'
            f"{tick:,.{decimals}f}</text>"
        )
    every = max(1, math.ceil(len(points) / 8))
    for index in range(0, len(points), every):
        x = frame.x(index)
        parts.append(
            _line(x, frame.bottom, x, frame.bottom + 4, stroke)
            + f'<text x="{x:.2f}" y="{frame.bottom + 17}" text-anchor="middle" {text}>'
            f"{_text(_tick_label(points, index))}</text>"
        )
    if unit:
        middle = (frame.top + frame.bottom) / 2
        parts.append(
            f'<text x="14" y="{middle:.2f}" transform="rotate(-90 14 {middle:.2f})" '
            f'text-anchor="middle" {text}>{_text(unit)}</text>'
        )
    parts.append("</g>")
    return parts


def _line(x1: float, y1: float, x2: float, y2: float, attributes: str) -> str:
    return f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" {attributes}/>'


def _segment_lines(frame: _Frame, points: Sequence[Point], show_2s: bool) -> list[str]:
    """Centre line and limits, drawn separately for each segment, and the rebase marks."""
    dashed = 'stroke-width="1.5" stroke-dasharray="6 4"'
    parts = []
    for number, segment in enumerate(_segments(points)):
        first_index = segment[0][0]
        if number:
            x = (frame.x(first_index - 1) + frame.x(first_index)) / 2
            parts.append(
                f'<line class="rebase" x1="{x:.2f}" y1="{frame.top}" x2="{x:.2f}" '
                f'y2="{frame.bottom}" stroke="{LIMIT_COLOUR}" stroke-width="1" '
                f'stroke-dasharray="2 3"/>'
            )
        segment_attribute = f'data-segment="{number}"'
        parts += _step_paths(
            frame, segment, "centre", 'stroke-width="1.5"', LINE_COLOUR, segment_attribute
        )
        for field in ("lower", "upper"):
            parts += _step_paths(frame, segment, field, dashed, LIMIT_COLOUR, segment_attribute)
        if show_2s:
            for field in ("lower_2s", "upper_2s"):
                dotted = 'stroke-width="1" stroke-dasharray="2 3"'
                parts += _step_paths(frame, segment, field, dotted, LIMIT_COLOUR, segment_attribute)
    return parts


def _step_paths(
    frame: _Frame,
    segment: Sequence[tuple[int, Point]],
    field: str,
    style: str,
    colour: str,
    attributes: str,
) -> list[str]:
    """One path per run of defined values: flat where the line is constant, stepped where
    it varies from point to point (p and u charts with varying denominators)."""
    paths = []
    half_step = (frame.x(1) - frame.x(0)) / 2 if frame.count > 1 else 8.0
    for run in _runs(segment, field):
        # A varying line steps half-way between points; a lone point gets a short tick.
        overhang = half_step if len(run) == 1 or _varies(run) else 0.0
        start_index, start_value = run[0]
        commands = [f"M{frame.x(start_index) - overhang:.2f} {frame.y(start_value):.2f}"]
        for (index, value), (_, previous) in zip(run[1:], run[:-1], strict=True):
            if value != previous:
                commands.append(f"H{frame.x(index) - half_step:.2f} V{frame.y(value):.2f}")
        commands.append(f"H{frame.x(run[-1][0]) + overhang:.2f}")
        kind = field.replace("_", "-")
        paths.append(
            f'<path class="line {kind}" {attributes} d="{" ".join(commands)}" fill="none" '
            f'stroke="{colour}" {style}/>'
        )
    return paths


def _target_line(frame: _Frame, target: float) -> list[str]:
    y = frame.y(target)
    return [
        f'<line class="target" x1="{frame.left}" y1="{y:.2f}" x2="{frame.right}" y2="{y:.2f}" '
        f'stroke="{TARGET_COLOUR}" stroke-width="1.5" stroke-dasharray="8 3 2 3"/>',
        f'<text class="target-label" x="{frame.right + 4}" y="{y + 4:.2f}" font-size="11" '
        f'fill="{TARGET_COLOUR}">Target {_text(_number(target))}</text>',
    ]


def _annotations(
    frame: _Frame, points: Sequence[Point], annotations: Sequence[tuple[Period, str]]
) -> list[str]:
    parts = []
    for number, (period, label) in enumerate(annotations):
        position = _position_of(points, period)
        if position is None:
            continue
        x = frame.x(position)
        y = frame.top + 10 + 12 * (number % 2)  # alternate rows so neighbours do not overlap
        anchor = "end" if x > (frame.left + frame.right) / 2 else "start"
        nudge = -4 if anchor == "end" else 4
        parts.append(
            f'<g class="annotation"><line x1="{x:.2f}" y1="{frame.top}" x2="{x:.2f}" '
            f'y2="{frame.bottom}" stroke="{TEXT_COLOUR}" stroke-width="1" stroke-dasharray="1 2"/>'
            f'<path d="M{x - 4:.2f} {frame.top - 6:.2f} h8 l-4 6 z" fill="{TEXT_COLOUR}"/>'
            f'<text x="{x + nudge:.2f}" y="{y:.2f}" text-anchor="{anchor}" font-size="11" '
            f'fill="{TEXT_COLOUR}">{_text(label)}</text></g>'
        )
    return parts


def _value_lines(frame: _Frame, points: Sequence[Point], stroke_width: float = 1.5) -> list[str]:
    """The data line, broken where a value is missing."""
    paths = []
    for run in _runs(list(enumerate(points)), "value"):
        if len(run) < 2:
            continue
        coordinates = " ".join(f"{frame.x(index):.2f},{frame.y(value):.2f}" for index, value in run)
        paths.append(
            f'<polyline class="values" points="{coordinates}" fill="none" '
            f'stroke="{POINT_COLOURS["common_cause"]}" stroke-width="{stroke_width}"/>'
        )
    return paths


def _markers(frame: _Frame, points: Sequence[Point], unit: str) -> list[str]:
    parts = []
    for index, point in enumerate(points):
        value = _y(point)
        if value is None:
            continue
        words = f"{_period_label(point.period)}: {_number(value)}{_unit(unit)}, "
        words += _POINT_WORDS[point.point_type] + (f" ({point.reason})" if point.reason else "")
        parts.append(
            f'<circle class="point {point.point_type}" cx="{frame.x(index):.2f}" '
            f'cy="{frame.y(value):.2f}" r="3.5" fill="{POINT_COLOURS[point.point_type]}">'
            f"<title>{_text(words)}</title></circle>"
        )
    return parts


def _segments(points: Sequence[Point]) -> list[list[tuple[int, Point]]]:
    segments: list[list[tuple[int, Point]]] = []
    for index, point in enumerate(points):
        if not segments or segments[-1][-1][1].segment != point.segment:
            segments.append([])
        segments[-1].append((index, point))
    return segments


def _runs(indexed: Iterable[tuple[int, Point]], field: str) -> list[list[tuple[int, float]]]:
    """Consecutive points where ``field`` is a finite number, as (index, number) lists."""
    runs: list[list[tuple[int, float]]] = []
    previous = None
    value_of = attrgetter(field)
    for index, point in indexed:
        number = value_of(point)
        if number is None or not math.isfinite(number):
            previous = None
            continue
        if previous is None or index != previous + 1:
            runs.append([])
        runs[-1].append((index, number))
        previous = index
    return runs


def _varies(run: Sequence[tuple[int, float]]) -> bool:
    return any(value != run[0][1] for _, value in run)


def _position_of(points: Sequence[Point], period: Period) -> float | None:
    """Where a period falls on the x axis; between two points if it is not one of them."""
    periods = [point.period for point in points]
    if not periods or type(period) is not type(periods[0]):
        return None
    if period in periods:
        return float(periods.index(period))
    later = next((index for index, each in enumerate(periods) if each > period), None)  # type: ignore[operator]
    if later is None or later == 0:
        return None
    return later - 0.5


def _nice_ticks(low: float, high: float, wanted: int = 5) -> tuple[float, list[float]]:
    """Round tick values (steps of 1, 2 or 5 times a power of ten) covering low..high.

    >>> _nice_ticks(0.0, 9.0)
    (2.0, [0.0, 2.0, 4.0, 6.0, 8.0])
    """
    raw_step = (high - low) / wanted
    magnitude = 10.0 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw_step)
    first = math.ceil(low / step)
    ticks = [round(tick * step, 12) for tick in range(first, math.floor(high / step) + 1)]
    return step, ticks


def _tick_label(points: Sequence[Point], index: int) -> str:
    period = points[index].period
    if isinstance(period, dt.date) and not all(
        isinstance(point.period, dt.date) and point.period.day == 1 for point in points
    ):
        return f"{period.day} {_MONTHS[period.month - 1]} {period.year}"
    return _period_label(period)


def _period_label(period: Period) -> str:
    """Months as "Mar 2024" (data are mostly monthly), other periods as they are."""
    if isinstance(period, dt.date):
        month = f"{_MONTHS[period.month - 1]} {period.year}"
        return month if period.day == 1 else f"{period.day} {month}"
    return str(period)


def _sparkline_label(result: SeriesResult) -> str:
    plotted = [point for point in result.points if _y(point) is not None]
    name = result.summary.series or CHART_NAMES[result.summary.chart]
    if not plotted:
        return f"{name}: no data"
    latest = plotted[-1]
    return (
        f"{name}: latest value {_number(latest.value or 0.0)} in "
        f"{_period_label(latest.period)}, {_POINT_WORDS[latest.point_type]}"
    )


def _ident(result: SeriesResult, title: str) -> str:
    # Stable for the same chart, and distinct between charts inlined in one page.
    digest = hashlib.sha1(repr((title, result)).encode(), usedforsecurity=False).hexdigest()
    return f"spc-{digest[:10]}"


def _y(point: Point) -> float | None:
    return _finite(point.value)


def _finite(number: float | None) -> float | None:
    return number if number is not None and math.isfinite(number) else None


def _number(number: float) -> str:
    """A number as people read it: up to four significant digits, thousands separated."""
    if number != 0 and (abs(number) >= 1e7 or abs(number) < 1e-3):
        return f"{number:.3g}"
    return f"{number:,.4g}" if abs(number) < 1e4 else f"{number:,.0f}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _unit(unit: str) -> str:
    if not unit:
        return ""
    return unit if unit in ("%", "‰") else f" {unit}"


def _text(text: str) -> str:
    """XML-escaped text; control characters, which XML forbids even escaped, are dropped."""
    return html.escape(_CONTROL_CHARACTERS.sub("", text), quote=True)
