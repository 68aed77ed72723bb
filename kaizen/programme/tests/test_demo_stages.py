"""The demo trust's projects moved through their stages over two years, so the stage charts
tell a story on `make run`."""

from __future__ import annotations

import pytest

from kaizen.demo.catalogue import TRUST_SLUG
from kaizen.demo.loader import load_demo
from kaizen.measures.models import Measure


def series(key: str) -> list[float]:
    measure = Measure.objects.get(organisation__slug=TRUST_SLUG, computed=key, unit=None)
    values = measure.datapoints.order_by("period").values_list("value", flat=True)
    return [value for value in values if value is not None]


@pytest.mark.django_db
def test_the_demo_projects_move_on_through_their_stages() -> None:
    load_demo()
    # Each project moved on at least twice, on different months: a median for each of them.
    assert len(series("days-between-stages")) >= 5
    # The second stage filled and emptied again as the projects moved on.
    second = series("projects-at-stage-2")
    assert max(second) >= 2
    assert second[-1] < max(second)
