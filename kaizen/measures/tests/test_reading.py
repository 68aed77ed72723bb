"""The plain-English reading under each chart."""

from __future__ import annotations

from kaizen.accounts.models import Organisation, User
from kaizen.measures import services
from kaizen.measures.models import Measure
from kaizen.measures.reading import reading
from kaizen.testing import MeasureFactory

STABLE = [5, 6, 5, 7, 6, 5, 6, 5, 6, 7, 5, 6]


def test_it_reads_a_sustained_improvement_and_an_unreliable_target(measure: Measure) -> None:
    assert reading(measure, measure.spc_result()) == (
        "The latest value is 89% (December 2024). "
        "Special cause improvement since April 2024 (latest point: 9 points in a row above the "
        "centre line); "
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
        "The latest value is 6 minutes (December 2023). Common cause variation: no sign of "
        f"change; values are expected between {measure.display(summary.lower)} and "
        f"{measure.display(summary.upper)} around a mean of {measure.display(summary.centre)}."
    )


def test_it_reads_a_concern_when_lower_is_better(
    org: Organisation, make_measure: MeasureFactory
) -> None:
    measure = make_measure(org, [*STABLE, 15], improvement="decrease", unit_label="")
    text = reading(measure, measure.spc_result())
    assert "Special cause concern in January 2024 (above the upper limit)." in text


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
