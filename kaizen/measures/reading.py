"""A chart read aloud: what the variation and assurance icons mean for this measure, in words.

For people who do not read SPC charts and for screen readers. It only puts kaizen_spc's
results into sentences; it never judges the data itself.
"""

from __future__ import annotations

from kaizen.measures.models import Measure
from kaizen_spc.types import Point, SeriesResult

SPECIAL_CAUSE_NAMES = {
    "improvement": "Special cause improvement",
    "concern": "Special cause concern",
    "neutral": "Special cause variation",
}


def reading(measure: Measure, result: SeriesResult) -> str:
    """The latest value, then every signal anywhere in the current segment (so a point beyond
    the limits months ago is never hidden by a quiet last point), then what the latest point
    shows: the same verdict as the variation icon, and the target's assurance."""
    valued = [point for point in result.points if point.value is not None]
    if not valued:
        return "There is no data for this measure yet."
    sentences = [
        latest_sentence(measure, valued[-1]),
        signals_sentence(measure, result, valued),
        variation_sentence(measure, result),
    ]
    if measure.target is not None:
        sentences[-1] = sentences[-1].rstrip(".") + "; " + assurance_clause(measure, result)
    return " ".join(sentence for sentence in sentences if sentence)


def latest_sentence(measure: Measure, latest: Point) -> str:
    return (
        f"The latest value is {measure.display(latest.value)} "
        f"({measure.period_label(latest.period)})."
    )


# The run rules kaizen_spc marks on points, as the reading names them.
RUN_SIGNALS = (
    ("shift", "a shift"),
    ("trend", "a trend"),
    ("two_in_three", "two of three points near a limit"),
)
MAX_LISTED = 4


def signals_sentence(measure: Measure, result: SeriesResult, valued: list[Point]) -> str:
    """Every signal in the current segment, oldest first: points beyond the limits, then runs
    of shift, trend and two-in-three points, then the runs analysis."""
    current = [point for point in valued if point.segment == valued[-1].segment]
    since = measure.period_label(current[0].period)
    found = _beyond_limits(measure, current)
    for flag, name in RUN_SIGNALS:
        found += [
            f"{name} from {measure.period_label(run[0].period)} to "
            f"{measure.period_label(run[-1].period)}"
            for run in _runs(current, flag)
        ]
    summary = result.summary
    if summary.runs_signal:
        found.append(
            f"non-random variation in the runs analysis (longest run {summary.longest_run}, "
            f"limit {summary.longest_run_max}; {summary.crossings} crossings, "
            f"minimum {summary.crossings_min})"
        )
    if not found:
        return f"Since {since}, no point is beyond the limits or part of a shift or trend."
    return f"Since {since}, the chart shows " + "; ".join(found) + "."


def _beyond_limits(measure: Measure, points: list[Point]) -> list[str]:
    """One phrase per side: "2 points above the upper limit (March 2026 and May 2026)"."""
    phrases = []
    for side in ("above the upper limit", "below the lower limit"):
        periods = [
            measure.period_label(point.period)
            for point in points
            if point.outside_limits and _side(point) == side
        ]
        if len(periods) == 1:
            phrases.append(f"a point {side} in {periods[0]}")
        elif periods:
            listed = periods[:MAX_LISTED]
            if len(periods) > MAX_LISTED:
                listed.append(f"{len(periods) - MAX_LISTED} more")
            phrases.append(f"{len(periods)} points {side} ({_and(listed)})")
    return phrases


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _side(point: Point) -> str:
    if point.upper is not None and point.value is not None and point.value > point.upper:
        return "above the upper limit"
    return "below the lower limit"


def _runs(points: list[Point], flag: str) -> list[list[Point]]:
    """The unbroken runs of points with ``flag`` set on one side of the centre line (each run is
    one signal: a shift below the centre line followed by one above it is two)."""
    runs: list[list[Point]] = []
    previous: bool | None = None
    for point in points:
        side = None
        if getattr(point, flag) and point.value is not None and point.centre is not None:
            # A trend runs across the centre line; shifts and near-limit runs keep to a side.
            side = flag == "trend" or point.value > point.centre
        if side is not None and side == previous:
            runs[-1].append(point)
        elif side is not None:
            runs.append([point])
        previous = side
    return runs


def variation_sentence(measure: Measure, result: SeriesResult) -> str:
    """What the latest point shows: the variation icon's verdict, in words."""
    summary = result.summary
    centre_name = measure.centre_name.lower()
    family = summary.variation_icon.partition("_")[0]
    if family in SPECIAL_CAUSE_NAMES:
        return special_cause_sentence(measure, result, SPECIAL_CAUSE_NAMES[family])
    around = f"around a {centre_name} of {measure.display(summary.centre)}"
    if summary.lower is None or summary.upper is None:
        return f"The latest point shows common cause variation {around}."
    return (
        f"The latest point shows common cause variation: values are expected between "
        f"{measure.display(summary.lower)} and {measure.display(summary.upper)} {around}."
    )


def special_cause_sentence(measure: Measure, result: SeriesResult, name: str) -> str:
    """Name the signal at the end of the chart and the period its run of points began."""
    points = [point for point in result.points if point.value is not None]
    last = points[-1]
    start = last
    for point in reversed(points):
        if not point.special_cause or point.point_type != last.point_type:
            break
        start = point
    if not last.special_cause:
        return f"The latest point shows {_lower_first(name)} in recent points."
    reason = _lower_first(last.reason)
    if start is last:
        return f"The latest point shows {_lower_first(name)} in " + (
            f"{measure.period_label(last.period)}" + (f" ({reason})." if reason else ".")
        )
    return f"The latest point shows {_lower_first(name)} since " + (
        f"{measure.period_label(start.period)}" + (f" (latest point: {reason})." if reason else ".")
    )


def _lower_first(text: str) -> str:
    # "Above the upper limit" reads mid-sentence as "above the upper limit"; "A&E ..." stays.
    if text[:1].isupper() and text[1:2].islower():
        return text[0].lower() + text[1:]
    return text


def assurance_clause(measure: Measure, result: SeriesResult) -> str:
    target = f"the target of {measure.display(measure.target)}"
    return {
        "consistent_pass": f"{target} is met consistently (the process limits are all on its "
        "better side).",
        "consistent_fail": f"{target} is consistently not met (the process limits are all on "
        "its worse side), so it will not be met without a change to the process.",
        "inconsistent": f"{target} is not consistently met (it lies between the process "
        "limits, so it is met only some of the time).",
    }.get(result.summary.assurance_icon, f"{target} cannot be assessed against these limits.")
