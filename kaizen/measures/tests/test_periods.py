"""A data point's period is the start of the measure's period: any day of a month means the
month, so a second figure for it is a change, not another point."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import DataPoint, Measure

HTMX = {"HX-Request": "true"}


@pytest.mark.parametrize(
    ("frequency", "day", "start"),
    [
        ("daily", dt.date(2024, 3, 15), dt.date(2024, 3, 15)),
        ("weekly", dt.date(2024, 3, 15), dt.date(2024, 3, 11)),  # a Friday: its Monday
        ("weekly", dt.date(2024, 3, 17), dt.date(2024, 3, 11)),  # a Sunday ends the week
        ("weekly", dt.date(2024, 3, 11), dt.date(2024, 3, 11)),
        ("weekly", dt.date(2024, 1, 2), dt.date(2024, 1, 1)),
        ("weekly", dt.date(2025, 1, 1), dt.date(2024, 12, 30)),  # across a new year
        ("monthly", dt.date(2024, 3, 15), dt.date(2024, 3, 1)),
        ("monthly", dt.date(2024, 2, 29), dt.date(2024, 2, 1)),
        ("quarterly", dt.date(2024, 3, 31), dt.date(2024, 1, 1)),
        ("quarterly", dt.date(2024, 4, 1), dt.date(2024, 4, 1)),
        ("quarterly", dt.date(2024, 8, 20), dt.date(2024, 7, 1)),
        ("quarterly", dt.date(2024, 12, 31), dt.date(2024, 10, 1)),
    ],
)
def test_it_finds_the_start_of_the_period_a_day_falls_in(
    frequency: str, day: dt.date, start: dt.date
) -> None:
    assert Measure(frequency=frequency).period_start(day) == start


def save(client: Client, measure: Measure, **data: str) -> str:
    path = reverse(
        "measures:datapoint_save", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    response = client.post(path, data, headers=HTMX)
    assert response.status_code == 200
    return response.content.decode()


def test_the_entry_form_keeps_a_monthly_value_under_its_month_and_catches_a_second(
    org: Organisation, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    measure = Measure.objects.create(
        organisation=org, name="Falls", frequency="monthly", owner=staff_user
    )
    client = client_for(staff_user)
    html = save(client, measure, period="2024-03-15", value="4")
    assert "Added the value for March 2024" in html
    assert "Any day of the month: the value is kept under its first day" in html
    assert list(measure.datapoints.values_list("period", "value")) == [(dt.date(2024, 3, 1), 4.0)]
    # Another day of March is the same period: refused until the person says to replace it.
    html = save(client, measure, period="2024-03-28", value="6")
    assert "There is already a value for March 2024 (4)" in html
    assert measure.datapoints.count() == 1
    save(client, measure, period="2024-03-28", value="6", replace="on")
    assert list(measure.datapoints.values_list("period", "value")) == [(dt.date(2024, 3, 1), 6.0)]


def test_the_entry_form_keeps_a_weekly_value_under_its_monday(
    org: Organisation, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    measure = Measure.objects.create(
        organisation=org, name="Falls", frequency="weekly", owner=staff_user
    )
    html = save(client_for(staff_user), measure, period="2024-03-14", value="2")
    assert "Any day of the week: the value is kept under its Monday" in html
    assert DataPoint.objects.get(measure=measure).period == dt.date(2024, 3, 11)
