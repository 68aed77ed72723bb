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
    valued = [point for point in result.points if point.value is not None]
    if not valued:
        return "There is no data for this measure yet."
    sentences = [latest_sentence(measure, valued[-1]), variation_sentence(measure, result)]
    if measure.target is not None:
        sentences[-1] = sentences[-1].rstrip(".") + "; " + assurance_clause(measure, result)
    return " ".join(sentences)


def latest_sentence(measure: Measure, latest: Point) -> str:
    return (
        f"The latest value is {measure.display(latest.value)} "
        f"({measure.period_label(latest.period)})."
    )


def variation_sentence(measure: Measure, result: SeriesResult) -> str:
    summary = result.summary
    centre_name = measure.centre_name.lower()
    family = summary.variation_icon.partition("_")[0]
    if family in SPECIAL_CAUSE_NAMES:
        return special_cause_sentence(measure, result, SPECIAL_CAUSE_NAMES[family])
    if summary.runs_signal:
        return (
            "Non-random variation: the runs analysis shows a shift "
            f"(longest run {summary.longest_run}, limit {summary.longest_run_max}; "
            f"{summary.crossings} crossings, minimum {summary.crossings_min})."
        )
    around = f"around a {centre_name} of {measure.display(summary.centre)}"
    if summary.lower is None or summary.upper is None:
        return f"Common cause variation: no sign of change {around}."
    return (
        f"Common cause variation: no sign of change; values are expected between "
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
        return f"{name} in recent points."
    reason = _lower_first(last.reason)
    if start is last:
        return f"{name} in {measure.period_label(last.period)}" + (
            f" ({reason})." if reason else "."
        )
    return f"{name} since {measure.period_label(start.period)}" + (
        f" (latest point: {reason})." if reason else "."
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
