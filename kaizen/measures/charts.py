"""The data the browser's chart draws: kaizen_spc's result laid out for Chart.js, with every
label and number already in words, so assets/js/measure_chart.js only draws."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from kaizen.measures.gaps import has_gaps, missing_between
from kaizen.measures.icons import POINT_COLOURS
from kaizen.measures.models import Annotation, DataPoint, Measure
from kaizen_spc.types import Point, SeriesResult

LINE_STYLES = {
    "centre": "Mean",
    "upper": "Upper process limit",
    "lower": "Lower process limit",
    "upper_2s": "Upper 2-sigma line",
    "lower_2s": "Lower 2-sigma line",
}


# A longer gap is drawn as one empty slot named by its first and last missing period, so that a
# daily measure with a year missing does not squeeze its chart into a corner.
MAX_GAP_SLOTS = 12
GAP_TOOLTIP = "No data for this period"

# A chart slot: a point, or the label of a missing period (or of a long run of them).
Slot = Point | str


def chart_data(
    measure: Measure,
    result: SeriesResult,
    annotations: Iterable[Annotation] = (),
    notes: dict[Any, str] | None = None,
) -> dict[str, Any]:
    slots = chart_slots(measure, result.points)
    notes = notes or {}
    tooltips = [
        [GAP_TOOLTIP]
        if isinstance(slot, str)
        else point_tooltip(measure, slot, notes.get(slot.period, ""))
        for slot in slots
    ]
    at = [index for index, slot in enumerate(slots) if not isinstance(slot, str)]
    markers = annotation_markers(result.points, annotations)
    # Hovering where a marker stands reads its annotation, a tested change with its verdict.
    for marker in markers:
        marker["index"] = at[marker["index"]]
        tooltips[marker["index"]].append(f"{marker['number']}. {marker['text']}")
    return {
        "labels": [
            slot if isinstance(slot, str) else measure.period_label(slot.period) for slot in slots
        ],
        "values": [None if isinstance(slot, str) else slot.value for slot in slots],
        "colours": [
            "transparent" if isinstance(slot, str) else POINT_COLOURS[slot.point_type]
            for slot in slots
        ],
        "special": [not isinstance(slot, str) and slot.special_cause for slot in slots],
        "tooltips": tooltips,
        "lines": limit_lines(measure, slots),
        "target": measure.target,
        "targetLabel": f"Target {measure.display(measure.target)}",
        "markers": markers,
        "axisLabel": measure.unit_label,
    }


def chart_slots(measure: Measure, points: Sequence[Point]) -> list[Slot]:
    """The points in order, with an empty slot where periods are missing, so that the line
    breaks there instead of joining the points either side."""
    slots: list[Slot] = []
    for index, point in enumerate(points):
        if index and has_gaps(measure):
            before = points[index - 1].period
            if isinstance(before, dt.date) and isinstance(point.period, dt.date):
                slots += _gap_slots(measure, missing_between(measure, before, point.period))
        slots.append(point)
    return slots


def _gap_slots(measure: Measure, missing: list[dt.date]) -> list[Slot]:
    label = measure.period_label
    if len(missing) > MAX_GAP_SLOTS:
        return [f"No data from {label(missing[0])} to {label(missing[-1])}"]
    return [label(day) for day in missing]


def limit_lines(measure: Measure, slots: Sequence[Slot]) -> list[dict[str, Any]]:
    """One line per segment and kind, each blank outside its segment (and across a gap) so that
    limits break at a recalculation instead of joining across it."""
    kinds = ["centre", "upper", "lower"] + (["upper_2s", "lower_2s"] if measure.show_2s else [])
    points = [slot for slot in slots if not isinstance(slot, str)]
    segments = sorted({point.segment for point in points})
    lines = []
    for kind in kinds:
        for position, segment in enumerate(segments):
            values = [
                getattr(p, kind) if not isinstance(p, str) and p.segment == segment else None
                for p in slots
            ]
            if all(value is None for value in values):
                continue
            lines.append(
                {
                    "kind": kind,
                    "label": measure.centre_name if kind == "centre" else LINE_STYLES[kind],
                    "inLegend": position == 0,
                    "values": values,
                }
            )
    return lines


def point_tooltip(measure: Measure, point: Point, note: str) -> list[str]:
    lines = [f"Value: {measure.display(point.value)}"]
    if point.centre is not None:
        lines.append(f"{measure.centre_name}: {measure.display(point.centre)}")
    if point.lower is not None and point.upper is not None:
        lines.append(
            f"Process limits: {measure.display(point.lower)} to {measure.display(point.upper)}"
        )
    lines.append(point.reason or "Common cause variation")
    if not point.included:
        lines.append("Left out of the limits' calculation")
    if note:
        lines.append(f"Note: {note}")
    return lines


def annotation_markers(
    points: Sequence[Point], annotations: Iterable[Annotation]
) -> list[dict[str, Any]]:
    """Each annotation at the first plotted period on or after its date."""
    periods = [point.period for point in points]
    markers = []
    for number, annotation in enumerate(annotations, start=1):
        index = next(
            (i for i, period in enumerate(periods) if period >= annotation.period),  # type: ignore[operator]
            None,
        )
        if index is not None:
            markers.append(
                {
                    "index": index,
                    "number": number,
                    "text": annotation.hover_text(),
                    "rebase": annotation.changes_limits,
                }
            )
    return markers


def notes_by_period(datapoints: Iterable[DataPoint]) -> dict[Any, str]:
    return {point.period: point.note for point in datapoints if point.note}
