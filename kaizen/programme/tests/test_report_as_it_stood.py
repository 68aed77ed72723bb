"""The board report's icons as they stood: a past month's report draws each chart from the
data up to that month, so the board sees what it saw at that meeting, not today's signal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Organisation, User
from kaizen.programme.as_it_stood import as_it_stood
from kaizen.programme.models import PriorityMeasure
from kaizen.strategy.models import StrategicPriority
from kaizen.testing import make_measure

ClientFor = Callable[[User], Client]
START = dt.date(2023, 1, 1)
CALM, SPIKE = dt.date(2024, 8, 1), dt.date(2024, 9, 1)


def test_a_later_spike_does_not_change_an_earlier_months_icons(
    org: Organisation, leader_user: User
) -> None:
    steady = [10.0, 11.0, 9.0, 10.0, 12.0, 10.0, 9.0, 11.0, 10.0, 10.0] * 2
    measure = make_measure(org, [*steady, 40.0], by=leader_user, start=START)
    then = as_it_stood([measure], CALM)[measure.pk]
    now = as_it_stood([measure], SPIKE)[measure.pk]
    assert then.variation_icon == "common_cause"
    assert now.variation_icon != "common_cause"
    assert (then.latest_value, now.latest_value) == (10.0, 40.0)
    assert then.latest_value_in(CALM) == 10.0
    # A month with no point of its own shows no figure, not an earlier month's.
    assert then.latest_value_in(SPIKE) is None


def test_a_measure_with_no_data_by_then_has_no_icons(org: Organisation, leader_user: User) -> None:
    measure = make_measure(org, [1.0, 2.0], by=leader_user, start=SPIKE)
    stood = as_it_stood([measure], CALM)[measure.pk]
    assert (stood.variation_icon, stood.assurance_icon, stood.latest_value) == ("", "", None)


def test_the_report_shows_a_priority_measure_as_it_stood(
    org: Organisation, leader_user: User, staff_user: User, client_for: ClientFor
) -> None:
    harm = StrategicPriority.objects.create(
        organisation=org, name="No avoidable harm", statement="Nobody harmed"
    )
    # The report offers the last two years' months.
    month = (timezone.localdate() - dt.timedelta(days=200)).replace(day=1)
    measure = make_measure(
        org, [5.0] * 12, by=leader_user, start=month.replace(year=month.year - 1)
    )
    PriorityMeasure.objects.create(priority=harm, measure=measure)
    page = client_for(staff_user).get(f"/o/riverside/programme/report/?month={month:%Y-%m}")
    text = page.content.decode()
    assert f"as they stood at the end of {month:%B %Y}" in text
    assert "Nobody harmed" in text
