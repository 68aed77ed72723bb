"""The data the browser's chart draws: kaizen_spc's result laid out for Chart.js, with every
label and number already in words, so assets/js/measure_chart.js only draws."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

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


def chart_data(
    measure: Measure,
    result: SeriesResult,
    annotations: Iterable[Annotation] = (),
    notes: dict[Any, str] | None = None,
) -> dict[str, Any]:
    points = result.points
    notes = notes or {}
    tooltips = [point_tooltip(measure, point, notes.get(point.period, "")) for point in points]
    markers = annotation_markers(points, annotations)
    # Hovering where a marker stands reads its annotation, a tested change with its verdict.
    for marker in markers:
        tooltips[marker["index"]].append(f"{marker['number']}. {marker['text']}")
    return {
        "labels": [measure.period_label(point.period) for point in points],
        "values": [point.value for point in points],
        "colours": [POINT_COLOURS[point.point_type] for point in points],
        "special": [point.special_cause for point in points],
        "tooltips": tooltips,
        "lines": limit_lines(measure, points),
        "target": measure.target,
        "targetLabel": f"Target {measure.display(measure.target)}",
        "markers": markers,
        "axisLabel": measure.unit_label,
    }


def limit_lines(measure: Measure, points: Sequence[Point]) -> list[dict[str, Any]]:
    """One line per segment and kind, each blank outside its segment so that limits break at a
    recalculation instead of joining across it."""
    kinds = ["centre", "upper", "lower"] + (["upper_2s", "lower_2s"] if measure.show_2s else [])
    segments = sorted({point.segment for point in points})
    lines = []
    for kind in kinds:
        for position, segment in enumerate(segments):
            values = [getattr(p, kind) if p.segment == segment else None for p in points]
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
