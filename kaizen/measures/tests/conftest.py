"""Measures with data, for the measures app's tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from kaizen.accounts.models import Organisation, User
from kaizen.measures import services
from kaizen.measures.models import DataPoint, Measure

MeasureFactory = Callable[..., Measure]


def months(count: int, start: dt.date = dt.date(2023, 1, 1)) -> list[dt.date]:
    return [
        dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        for i in range(count)
    ]


# A stable process for 15 months, then a sustained rise: an MDC shift and points above the limit.
STEP_VALUES = [
    80,
    82,
    79,
    81,
    80,
    83,
    78,
    81,
    80,
    82,
    79,
    81,
    80,
    82,
    79,
    88,
    89,
    90,
    88,
    91,
    89,
    90,
    92,
    89,
]


@pytest.fixture
def make_measure(staff_user: User) -> MeasureFactory:
    """A measure of ``org`` with monthly ``values`` (bulk-loaded, then refreshed once)."""

    def make(
        organisation: Organisation,
        values: Sequence[float | None] = (),
        *,
        start: dt.date = dt.date(2023, 1, 1),
        **fields: Any,
    ) -> Measure:
        fields = {"name": "Patients seen within 4 hours", "unit_label": "%", **fields}
        measure = Measure.objects.create(organisation=organisation, owner=staff_user, **fields)
        DataPoint.objects.bulk_create(
            DataPoint(measure=measure, period=period, value=value)
            for period, value in zip(months(len(values), start), values, strict=True)
        )
        return services.measure_refresh(measure=measure)

    return make


@pytest.fixture
def measure(org: Organisation, make_measure: MeasureFactory) -> Measure:
    return make_measure(org, STEP_VALUES, target=85.0)
