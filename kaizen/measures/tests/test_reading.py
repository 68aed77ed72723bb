"""The plain-English reading under each chart."""

from __future__ import annotations

import pytest

from kaizen.accounts.models import Organisation, User
from kaizen.measures import services
from kaizen.measures.models import Measure
from kaizen.measures.reading import reading
from kaizen.testing import MeasureFactory

STABLE = [5, 6, 5, 7, 6, 5, 6, 5, 6, 7, 5, 6]


def test_it_reads_a_sustained_improvement_and_an_unreliable_target(measure: Measure) -> None:
    text = reading(measure, measure.spc_result())
    assert text.startswith("The latest value is 89% (December 2024). Since January 2023, ")
    assert "4 points above the upper limit (June 2024, August 2024, October 2024 and " in text
    assert "a shift from April 2024 to December 2024" in text
    assert text.endswith(
        "The latest point shows special cause improvement since April 2024 (latest point: 9 "
        "points in a row above the centre line); "
        "the target of 85% is not consistently met (it lies between the process limits, so it "
        "is met only some of the time)."
    )


def test_it_reads_common_cause_variation_with_its_limits(
    org: Organisation, make_measure: MeasureFactory
) -> None:
    measure = make_measure(org, STABLE, unit_label="minutes")
    result = measure.spc_result()
    summary = result.summary
    assert reading(measure, result) == (
        "The latest value is 6 minutes (December 2023). Since January 2023, no point is beyond "
        "the limits or part of a shift or trend. The latest point shows common cause "
        f"variation: values are expected between {measure.display(summary.lower)} and "
        f"{measure.display(summary.upper)} around a mean of {measure.display(summary.centre)}."
    )


def test_it_reads_a_concern_when_lower_is_better(
    org: Organisation, make_measure: MeasureFactory
) -> None:
    measure = make_measure(org, [*STABLE, 15], improvement="decrease", unit_label="")
    text = reading(measure, measure.spc_result())
    assert "the chart shows a point above the upper limit in January 2024." in text
    assert text.endswith("shows special cause concern in January 2024 (above the upper limit).")


def test_it_says_when_a_target_will_be_met(org: Organisation, make_measure: MeasureFactory) -> None:
    measure = make_measure(org, STABLE, unit_label="", target=2.0)
    assert reading(measure, measure.spc_result()).endswith(
        "the target of 2 is met consistently (the process limits are all on its better side)."
    )


def test_it_says_when_a_target_cannot_be_met(
    org: Organisation, make_measure: MeasureFactory
) -> None:
    measure = make_measure(org, STABLE, unit_label="", target=20.0)
    assert "the target of 20 is consistently not met" in reading(measure, measure.spc_result())


def test_a_run_chart_is_read_around_its_median(
    org: Organisation, make_measure: MeasureFactory
) -> None:
    measure = make_measure(org, STABLE, unit_label="", chart="run")
    assert "around a median of 6." in reading(measure, measure.spc_result())


def test_a_measure_without_data_says_so(org: Organisation, staff_user: User) -> None:
    measure = services.measure_create(organisation=org, by=staff_user, name="New measure")
    assert reading(measure, measure.spc_result()) == "There is no data for this measure yet."


# A grid over chart types and signals: the reading must agree with the icon (what the latest
# point shows) and mention every signal the table marks in the current segment.
PATTERNS = {
    "stable": STABLE * 2,
    "an old spike": [*STABLE, 30, *STABLE],
    "a shift at the end": [*STABLE, *[9] * 9],
    "a trend": [*STABLE, 6, 7, 8, 9, 10, 11, 12],
    "a drop at the end": [*STABLE, *STABLE, 0.5],
}


@pytest.mark.parametrize("pattern", list(PATTERNS))
@pytest.mark.parametrize("chart", ["xmr", "c", "g", "t", "run", "mr"])
def test_the_reading_agrees_with_the_icon_and_the_table(
    org: Organisation, make_measure: MeasureFactory, chart: str, pattern: str
) -> None:
    measure = make_measure(org, PATTERNS[pattern], chart=chart, unit_label="")
    result = measure.spc_result()
    text = reading(measure, result)
    valued = [p for p in result.points if p.value is not None]
    current = [p for p in valued if p.segment == valued[-1].segment]
    special_icon = result.summary.variation_icon.partition("_")[0] != "common"
    if special_icon:
        assert "The latest point shows special cause" in text
    else:
        assert "The latest point shows common cause" in text
    assert "Common cause" not in text.split("The latest point")[0]
    beyond = [p for p in current if p.outside_limits]
    above = [p for p in beyond if p.upper is not None and (p.value or 0) > p.upper]
    below = [p for p in beyond if p not in above]
    for side, points in (("above the upper limit", above), ("below the lower limit", below)):
        if len(points) == 1:
            assert f"a point {side} in {measure.period_label(points[0].period)}" in text
        elif points:
            assert f"{len(points)} points {side} ({measure.period_label(points[0].period)}" in text
    if any(p.shift for p in current):
        assert "a shift from" in text
    if any(p.trend for p in current):
        assert "a trend from" in text
    if not any(p.special_cause for p in current) and not result.summary.runs_signal:
        assert "no point is beyond the limits" in text


def test_an_old_point_beyond_the_limits_is_read_though_the_latest_is_quiet(
    org: Organisation, make_measure: MeasureFactory
) -> None:
    """C. difficile: a point above the upper limit in one month, common cause at the end."""
    measure = make_measure(org, [*STABLE, 30, *STABLE], improvement="decrease", unit_label="")
    text = reading(measure, measure.spc_result())
    assert "a point above the upper limit in January 2024" in text
    assert "The latest point shows common cause variation" in text
