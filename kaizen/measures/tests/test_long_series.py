"""Long series: a limit on the points of a measure, and charts drawn a window at a time while
SPC uses every point."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from kaizen.accounts.models import Organisation, User
from kaizen.measures import services
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.pdf import chart_pages
from kaizen.measures.summary import summary_rows

ClientFor = Callable[[User], Client]
FIRST_DAY = dt.date(2020, 1, 1)


def daily_measure(organisation: Organisation, count: int) -> Measure:
    measure = Measure.objects.create(organisation=organisation, name="Daily", frequency="daily")
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, period=FIRST_DAY + dt.timedelta(days=i), value=10 + i % 3)
        for i in range(count)
    )
    return services.measure_refresh(measure=measure)


def page(client: Client, measure: Measure, query: str = "") -> str:
    url = reverse(
        "measures:measure_detail", kwargs={"org": measure.organisation.slug, "pk": measure.pk}
    )
    response = client.get(url + query)
    assert response.status_code == 200
    return response.content.decode()


def chart_labels(html: str, measure: Measure) -> list[str]:
    found = re.search(rf'id="chart-data-{measure.pk}">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))["labels"]  # type: ignore[no-any-return]


def test_entry_beyond_the_limit_is_refused_with_a_message(
    org: Organisation, staff_user: User, client_for: ClientFor, settings: Settings
) -> None:
    settings.MEASURE_MAX_POINTS = 3
    measure = daily_measure(org, 3)
    measure.data_entry.add(staff_user)
    with pytest.raises(ValidationError, match="can hold at most 3 values"):
        services.datapoint_save(
            measure=measure, period=dt.date(2021, 1, 1), value=1.0, by=staff_user
        )
    # Changing a stored value adds no point.
    services.datapoint_save(measure=measure, period=FIRST_DAY, value=99.0, by=staff_user)
    url = reverse("measures:datapoint_save", kwargs={"org": org.slug, "pk": measure.pk})
    response = client_for(staff_user).post(
        url, {"period": "2021-01-01", "value": "4"}, headers={"HX-Request": "true"}
    )
    assert "can hold at most 3 values, and “Daily” would hold 4" in response.content.decode()
    assert measure.datapoints.count() == 3


def test_the_chart_and_table_show_a_window_and_page_back(
    org: Organisation, board_user: User, client_for: ClientFor, settings: Settings
) -> None:
    settings.MEASURE_CHART_POINTS = 10
    measure = daily_measure(org, 25)
    client = client_for(board_user)

    latest = page(client, measure)
    assert chart_labels(latest, measure)[0] == "16 January 2020"
    assert len(chart_labels(latest, measure)) == 10
    assert latest.count('class="nhsuk-table__row"') == 10
    assert "show 10 of the 25 points" in latest
    assert "calculated from every point of each segment" in latest
    assert "?before=2020-01-16" in latest and "Later points" not in latest

    earlier = page(client, measure, "?before=2020-01-16")
    assert chart_labels(earlier, measure)[0] == "6 January 2020"
    assert "?before=2020-01-06" in earlier
    assert "Later points" in earlier
    first = page(client, measure, "?before=2020-01-06")
    assert len(chart_labels(first, measure)) == 5
    assert "Earlier points" not in first
    assert "?before=2020-01-16" in first  # the later page, not the latest
    # A date that is not one reads as the latest.
    assert chart_labels(page(client, measure, "?before=2020-02-31"), measure) == chart_labels(
        latest, measure
    )
    # The SPC reading is of every point.
    assert measure.spc_result().summary.n == 25


def test_a_short_series_is_drawn_whole(
    org: Organisation, board_user: User, client_for: ClientFor
) -> None:
    measure = daily_measure(org, 30)
    html = page(client_for(board_user), measure)
    assert len(chart_labels(html, measure)) == 30
    assert "Earlier points" not in html and "of the 30 points" not in html


def test_a_long_series_page_stays_small_and_its_pdf_page_draws_the_window(
    org: Organisation, board_user: User, client_for: ClientFor
) -> None:
    measure = daily_measure(org, 5_000)
    html = page(client_for(board_user), measure)
    assert len(html.encode()) < 1_000_000
    assert "show 500 of the 5,000 points" in html
    [pdf_page] = chart_pages(summary_rows(Measure.objects.filter(pk=measure.pk)))
    assert pdf_page["svg"].count('<circle class="point') == 500
    assert len(measure.spc_headline["sparkline"]) < 50_000
