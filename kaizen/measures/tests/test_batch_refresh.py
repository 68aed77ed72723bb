"""Charts refreshed together are the charts refreshed one by one, for a handful of queries
whatever the number of measures, with one signal for them all."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaizen.accounts.models import Organisation, User
from kaizen.measures.batch_refresh import measures_refresh
from kaizen.measures.models import DataPoint, Measure, snapshot_from_result
from kaizen.measures.services import annotation_add, measure_refresh
from kaizen.measures.signals import measures_changed
from kaizen.testing import STEP_VALUES, MeasureFactory, months


def _with_points(org: Organisation) -> list[Measure]:
    made = [
        Measure.objects.create(organisation=org, name="Beds", chart="xmr", improvement="decrease"),
        Measure.objects.create(organisation=org, name="Falls", chart="c"),
        Measure.objects.create(organisation=org, name="Seen", chart="p", multiplier=100),
        Measure.objects.create(organisation=org, name="Empty", chart="xmr"),
    ]
    periods = months(len(STEP_VALUES))
    pairs = list(zip(periods, STEP_VALUES, strict=True))
    points = [DataPoint(measure=made[0], period=p, value=v) for p, v in pairs]
    points += [DataPoint(measure=made[1], period=p, value=v % 7) for p, v in pairs]
    points += [DataPoint(measure=made[2], period=p, numerator=v, denominator=100) for p, v in pairs]
    DataPoint.objects.bulk_create(points)
    return made


def _assert_as_single(measures: list[Measure], version: int) -> None:
    for measure in Measure.objects.filter(pk__in=[m.pk for m in measures]):
        assert measure.data_version == version
        expected = snapshot_from_result(measure.compute_spc(), version=version)
        assert measure.spc_snapshot == expected, measure.name
        assert measure.has_current_snapshot()


def test_new_measures_charted_together_equal_single_charts(org: Organisation) -> None:
    made = _with_points(org)

    measures_refresh(measures=made)

    _assert_as_single(made, version=1)


def test_recalculated_and_fixed_limits_are_charted_as_one_by_one(
    org: Organisation, staff_user: User, make_measure: MeasureFactory
) -> None:
    rebased = make_measure(org, STEP_VALUES, name="Rebased")
    fixed = make_measure(org, STEP_VALUES, name="Fixed")
    plain = make_measure(org, STEP_VALUES, name="Plain")
    shift = dt.date(2024, 4, 1)
    annotation_add(measure=rebased, period=shift, text="New rota", starts_segment=True, by=None)
    annotation_add(measure=fixed, period=shift, text="Baseline", fixes_baseline=True, by=None)
    annotation_add(measure=fixed, period=dt.date(2023, 3, 1), text="Note only", by=None)
    before = dict(Measure.objects.values_list("pk", "data_version"))

    measures_refresh(measures=[rebased, fixed, plain])

    for measure in Measure.objects.filter(pk__in=before):
        assert measure.data_version == before[measure.pk] + 1
        assert measure.spc_snapshot == snapshot_from_result(
            measure.compute_spc(), version=measure.data_version
        )
    segments = {row[3] for row in Measure.objects.get(pk=rebased.pk).spc_snapshot["points"]}
    assert segments == {0, 1}, "the recalculation starts a second segment"


def test_one_signal_names_every_measure(org: Organisation) -> None:
    made = _with_points(org)
    heard: list[list[Measure]] = []

    def hear(sender: object, *, measures: list[Measure], **kwargs: Any) -> None:
        heard.append(measures)

    measures_changed.connect(hear, dispatch_uid="test.hear")
    try:
        measures_refresh(measures=made)
    finally:
        measures_changed.disconnect(dispatch_uid="test.hear")

    assert [sorted(m.pk for m in measures) for measures in heard] == [sorted(m.pk for m in made)]
    assert all(m.spc_snapshot for m in heard[0]), "receivers see the stored charts"


def test_queries_do_not_grow_with_the_measures(org: Organisation) -> None:
    few = _with_points(org)
    many = Measure.objects.bulk_create(
        Measure(organisation=org, name=f"Measure {i}") for i in range(40)
    )
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, period=period, value=i)
        for measure in many
        for i, period in enumerate(months(12))
    )

    with CaptureQueriesContext(connection) as small:
        measures_refresh(measures=few)
    with CaptureQueriesContext(connection) as large:
        measures_refresh(measures=[*few, *many])

    assert len(large) == len(small)


def test_a_refresh_after_a_single_refresh_stores_the_next_version(
    org: Organisation, make_measure: MeasureFactory
) -> None:
    measure = make_measure(org, STEP_VALUES)
    measure_refresh(measure=measure)
    stored = Measure.objects.get(pk=measure.pk).data_version
    stale = Measure.objects.get(pk=measure.pk)
    measure_refresh(measure=measure)

    measures_refresh(measures=[stale])  # an older copy: the version is read under the lock

    assert Measure.objects.get(pk=measure.pk).data_version == stored + 2
