"""A long measure is drawn a window at a time: the page says so, and pages back through it.
Checked by axe-core."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.services import measure_refresh
from kaizen.testing import assert_accessible, wait_for_chart


def test_a_board_member_pages_back_through_a_long_measure(
    signed_in_page: Callable[[User], Page],
    board_user: User,
    org: Organisation,
    settings: Settings,
) -> None:
    settings.MEASURE_CHART_POINTS = 12
    measure = Measure.objects.create(organisation=org, name="Falls", frequency="daily")
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, period=dt.date(2025, 1, 1) + dt.timedelta(days=i), value=i % 4)
        for i in range(30)
    )
    measure_refresh(measure=measure)
    page = signed_in_page(board_user)
    page.goto(f"/o/riverside/measures/{measure.pk}/")
    wait_for_chart(page)
    expect(page.get_by_text("The chart and the table show 12 of the 30 points")).to_be_visible()
    count = "() => Chart.getChart(document.querySelector('canvas')).data.labels.length"
    assert page.evaluate(count) == 12
    assert_accessible(page)

    page.get_by_role("link", name="Earlier points").click()
    wait_for_chart(page)
    expect(page.get_by_text("7 January 2025 to 18 January 2025")).to_be_visible()
    expect(page.get_by_role("link", name="Later points")).to_be_visible()
    assert_accessible(page)
