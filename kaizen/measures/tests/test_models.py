"""Measure's options for kaizen_spc, its snapshot, its QuerySets and data points' validation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit
from kaizen.measures.models import Annotation, DataPoint, Measure, result_from_snapshot
from kaizen.testing import STEP_VALUES, MeasureFactory, months
from kaizen_spc import SPCOptions, spc


def test_it_passes_its_definition_to_kaizen_spc(org: Organisation) -> None:
    measure = Measure.objects.create(
        organisation=org,
        name="Falls per 1,000 bed days",
        chart="u",
        rules="anhoej",
        improvement="decrease",
        target=4.5,
        multiplier=1000,
        baseline_points=12,
    )
    Annotation.objects.create(measure=measure, period=dt.date(2024, 3, 1), text="Note only")
    Annotation.objects.create(
        measure=measure, period=dt.date(2024, 6, 1), text="New process", starts_segment=True
    )
    assert measure.spc_options() == SPCOptions(
        chart="u",
        rules="anhoej",
        improvement="decrease",
        target=4.5,
        rebase=(dt.date(2024, 6, 1),),
        baseline=12,
        multiply=1000,
    )


def test_it_leaves_the_rule_set_to_the_chart_when_blank(org: Organisation) -> None:
    measure = Measure.objects.create(organisation=org, name="Waits", chart="run")
    assert measure.spc_options().rules is None
    assert measure.spc_options().rule_set == "anhoej"


def test_it_computes_the_same_chart_as_kaizen_spc(measure: Measure) -> None:
    expected = spc(
        months(len(STEP_VALUES)),
        [float(value) for value in STEP_VALUES],
        options=SPCOptions(target=85.0),
    )
    assert measure.compute_spc() == expected


def test_its_snapshot_round_trips_to_the_same_result(measure: Measure) -> None:
    assert measure.has_current_snapshot()
    assert result_from_snapshot(measure.spc_snapshot) == measure.compute_spc()


def test_its_headline_is_the_summary_and_latest_value_without_points(measure: Measure) -> None:
    result = measure.compute_spc()
    headline = measure.spc_headline
    assert "points" not in headline
    assert headline["summary"]["variation_icon"] == result.summary.variation_icon
    assert (headline["latest_period"], headline["latest_value"]) == ("2024-12-01", 89.0)
    assert headline["sparkline"].startswith("<svg") and "sparkline" not in measure.spc_snapshot


def test_a_stale_headline_is_rebuilt_from_the_data(measure: Measure) -> None:
    DataPoint.objects.filter(measure=measure, period=dt.date(2024, 12, 1)).update(value=70.0)
    Measure.objects.filter(pk=measure.pk).update(data_version=measure.data_version + 1)
    measure.refresh_from_db()
    assert measure.current_headline()["latest_value"] == 70.0


def test_it_computes_afresh_when_the_snapshot_is_stale(measure: Measure) -> None:
    DataPoint.objects.filter(measure=measure).update(value=50.0)
    Measure.objects.filter(pk=measure.pk).update(data_version=measure.data_version + 1)
    measure.refresh_from_db()
    assert not measure.has_current_snapshot()
    assert {point.value for point in measure.spc_result().points} == {50.0}


def test_ratio_charts_take_numerators_and_denominators(org: Organisation) -> None:
    measure = Measure.objects.create(organisation=org, name="Harm free care", chart="p")
    DataPoint.objects.create(
        measure=measure, period=dt.date(2024, 1, 1), numerator=9, denominator=10
    )
    DataPoint.objects.create(
        measure=measure, period=dt.date(2024, 2, 1), numerator=8, denominator=10
    )
    _, values, denominators = measure.series()
    assert values == [9, 8]
    assert denominators == [10, 10]


def test_other_charts_take_the_value_or_the_fraction(org: Organisation) -> None:
    measure = Measure.objects.create(organisation=org, name="Length of stay")
    DataPoint.objects.create(measure=measure, period=dt.date(2024, 1, 1), value=4.0)
    DataPoint.objects.create(
        measure=measure, period=dt.date(2024, 2, 1), numerator=9, denominator=2
    )
    assert measure.series() == ([dt.date(2024, 1, 1), dt.date(2024, 2, 1)], [4.0, 4.5], None)


def test_in_unit_includes_every_unit_below(org: Organisation, make_measure: MeasureFactory) -> None:
    division = OrgUnit.objects.create(organisation=org, name="Medicine", kind="division")
    ward = OrgUnit.objects.create(organisation=org, parent=division, name="Ward 7", kind="ward")
    other = OrgUnit.objects.create(organisation=org, name="Surgery", kind="division")
    on_ward = make_measure(org, name="Falls", unit=ward)
    in_division = make_measure(org, name="Discharges", unit=division)
    make_measure(org, name="Theatre starts", unit=other)
    assert set(Measure.objects.in_unit(division)) == {on_ward, in_division}
    assert list(Measure.objects.in_unit(ward)) == [on_ward]


def test_for_organisation_keeps_organisations_apart(
    org: Organisation, other_org: Organisation, make_measure: MeasureFactory
) -> None:
    ours = make_measure(org)
    make_measure(other_org)
    assert list(Measure.objects.for_organisation(org)) == [ours]


@pytest.mark.parametrize(
    ("unit", "value", "expected"),
    [
        ("%", 95.0, "95%"),
        ("%", 95.456, "95.5%"),
        ("minutes", 4.25, "4.25 minutes"),
        ("", 1234.0, "1,234"),
        ("%", None, "–"),
    ],
)
def test_it_displays_values_with_their_unit(unit: str, value: float | None, expected: str) -> None:
    assert Measure(unit_label=unit).display(value) == expected


def test_it_labels_periods_by_frequency() -> None:
    assert Measure(frequency="monthly").period_label(dt.date(2024, 3, 1)) == "March 2024"
    assert Measure(frequency="weekly").period_label(dt.date(2024, 3, 4)) == "4 March 2024"


def _point(measure: Measure, **values: object) -> DataPoint:
    return DataPoint(measure=measure, period=dt.date(2024, 1, 1), **values)


def test_a_data_point_cannot_be_in_the_future(org: Organisation) -> None:
    measure = Measure.objects.create(organisation=org, name="Waits")
    point = DataPoint(measure=measure, period=timezone.localdate() + dt.timedelta(days=1), value=1)
    with pytest.raises(ValidationError) as error:
        point.full_clean()
    assert "today or in the past" in str(error.value.message_dict["period"])


def test_a_proportion_cannot_have_its_numerator_above_its_denominator(org: Organisation) -> None:
    measure = Measure.objects.create(organisation=org, name="Harm free", chart="p")
    with pytest.raises(ValidationError) as error:
        _point(measure, numerator=11, denominator=10).full_clean()
    assert "cannot be more than the denominator" in str(error.value.message_dict["numerator"])


def test_a_rate_may_have_its_numerator_above_its_denominator(org: Organisation) -> None:
    measure = Measure.objects.create(organisation=org, name="Bed days per discharge")
    _point(measure, numerator=11, denominator=10).full_clean()


def test_a_data_point_needs_a_value(org: Organisation) -> None:
    measure = Measure.objects.create(organisation=org, name="Waits")
    with pytest.raises(ValidationError) as error:
        _point(measure).full_clean()
    assert "Enter a value" in str(error.value.message_dict["value"])


def test_a_ratio_chart_needs_both_parts(org: Organisation) -> None:
    measure = Measure.objects.create(organisation=org, name="Harm free", chart="p")
    with pytest.raises(ValidationError) as error:
        _point(measure, value=0.9).full_clean()
    assert "numerator" in error.value.message_dict


def test_an_annotation_can_fix_the_limits_on_the_points_before_it(measure: Measure) -> None:
    Annotation.objects.create(
        measure=measure, period=dt.date(2023, 12, 1), text="Baseline year", fixes_baseline=True
    )
    assert measure.spc_options().baseline == 12


def test_a_fixed_baseline_counts_from_the_start_of_its_segment(measure: Measure) -> None:
    Annotation.objects.create(
        measure=measure, period=dt.date(2024, 4, 1), text="New triage", starts_segment=True
    )
    Annotation.objects.create(
        measure=measure, period=dt.date(2024, 9, 1), text="Six months on", fixes_baseline=True
    )
    options = measure.spc_options()
    assert options.rebase == (dt.date(2024, 4, 1),)
    assert options.baseline == 6
