"""Charts drawn together for measures a bulk import creates are the charts drawn one by one."""

from __future__ import annotations

from kaizen.accounts.models import Organisation
from kaizen.measures.batch_refresh import measures_refresh_created
from kaizen.measures.models import DataPoint, Measure, snapshot_from_result
from kaizen.testing import STEP_VALUES, months


def test_batch_charts_equal_single_charts(org: Organisation) -> None:
    made = [
        Measure.objects.create(organisation=org, name="Beds", chart="xmr", improvement="decrease"),
        Measure.objects.create(organisation=org, name="Falls", chart="c"),
        Measure.objects.create(organisation=org, name="Seen", chart="p", multiplier=100),
        Measure.objects.create(organisation=org, name="Empty", chart="xmr"),
    ]
    periods = months(len(STEP_VALUES))
    points = [
        DataPoint(measure=made[0], period=p, value=v)
        for p, v in zip(periods, STEP_VALUES, strict=True)
    ]
    points += [
        DataPoint(measure=made[1], period=p, value=v % 7)
        for p, v in zip(periods, STEP_VALUES, strict=True)
    ]
    points += [
        DataPoint(measure=made[2], period=p, numerator=v, denominator=100)
        for p, v in zip(periods, STEP_VALUES, strict=True)
    ]
    DataPoint.objects.bulk_create(points)

    measures_refresh_created(measures=made)

    for measure in Measure.objects.filter(pk__in=[m.pk for m in made]):
        assert measure.data_version == 1
        expected = snapshot_from_result(measure.compute_spc(), version=1)
        assert measure.spc_snapshot == expected, measure.name
        assert measure.has_current_snapshot()
