"""datapoints_upsert: many points in one statement, each replacing its period's point."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kaizen.accounts.models import Organisation, User
from kaizen.measures import services
from kaizen.measures.models import DataPoint, Measure


@dataclass(frozen=True)
class Point:
    measure_id: int
    period: dt.date
    value: float | None
    numerator: float | None
    denominator: float | None
    note: str


def test_it_inserts_new_points_and_replaces_stored_ones(
    org: Organisation, staff_user: User
) -> None:
    falls = Measure.objects.create(organisation=org, name="Falls")
    seen = Measure.objects.create(organisation=org, name="Seen", chart="p")
    january, february = dt.date(2024, 1, 1), dt.date(2024, 2, 1)
    DataPoint.objects.create(measure=falls, period=january, value=1, note="old")
    services.datapoints_upsert(
        rows=[
            Point(falls.pk, january, 4.0, None, None, 'quoted "note" with \\ and , comma'),
            Point(falls.pk, february, -2.5, None, None, ""),
            Point(seen.pk, january, None, 80.0, 100.0, "{braces}"),
            # The last row of a period wins, as it would row by row.
            Point(seen.pk, january, None, 81.0, 100.0, "{braces}"),
        ],
        by=staff_user,
    )
    stored = DataPoint.objects.order_by("measure_id", "period").values_list(
        "measure_id", "period", "value", "numerator", "denominator", "note", "created_by"
    )
    assert list(stored) == [
        (falls.pk, january, 4.0, None, None, 'quoted "note" with \\ and , comma', None),
        (falls.pk, february, -2.5, None, None, "", staff_user.pk),
        (seen.pk, january, None, 81.0, 100.0, "{braces}", staff_user.pk),
    ]
