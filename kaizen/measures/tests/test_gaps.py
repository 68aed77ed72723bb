"""Gaps shown as gaps: a missing period breaks the chart's line and is listed, at the measure's
own frequency, weeks starting on the measure's own day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import Organisation, User
from kaizen.measures.charts import MAX_GAP_SLOTS, chart_data
from kaizen.measures.gaps import missing_periods
from kaizen.measures.models import DataPoint, Measure, period_start
from kaizen.measures.services import measure_refresh
from kaizen.testing import MeasureFactory

VALUES = [5.0, 6, 5, 7, 6, 5, 6, 5, 6, 7, 5, 6]


def _drop(measure: Measure, *periods: dt.date) -> Measure:
    DataPoint.objects.filter(measure=measure, period__in=periods).delete()
    Measure.objects.filter(pk=measure.pk).update(data_version=measure.data_version + 1)
    measure.refresh_from_db()
    return measure_refresh(measure=measure)


def test_a_missing_month_breaks_the_line_and_is_named(
    org: Organisation, make_measure: MeasureFactory
) -> None:
    measure = _drop(make_measure(org, VALUES), dt.date(2023, 4, 1), dt.date(2023, 5, 1))
    data = chart_data(measure, measure.compute_spc())
    labels, values = data["labels"], data["values"]
    assert labels[2:6] == ["March 2023", "April 2023", "May 2023", "June 2023"]
    assert values[3] is None and values[4] is None
    assert values[2] is not None and values[5] is not None
    for line in data["lines"]:
        assert line["values"][3] is None
    assert data["tooltips"][3] == ["No data for this period"]


def test_the_measure_page_lists_the_missing_periods(
    org: Organisation,
    make_measure: MeasureFactory,
    client_for: Callable[[User], Client],
    staff_user: User,
) -> None:
    measure = _drop(make_measure(org, VALUES), dt.date(2023, 4, 1), dt.date(2023, 5, 1))
    client = client_for(staff_user)
    url = reverse("measures:measure_detail", kwargs={"org": org.slug, "pk": measure.pk})
    page = client.get(url).content.decode()
    assert "No data for 2 periods" in page
    assert "<li>April 2023</li>" in page and "<li>May 2023</li>" in page
    # kaizen_spc's own gap warning (ISO dates) is not repeated beside the list.
    assert "2023-04-01" not in page


def test_a_long_gap_is_one_slot(org: Organisation, make_measure: MeasureFactory) -> None:
    measure = make_measure(org, [5.0] * 40, frequency="daily")
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=n) for n in range(5, 35)]
    measure = _drop(measure, *days)
    data = chart_data(measure, measure.compute_spc())
    assert len(missing_periods(measure, [p.period for p in measure.compute_spc().points])) == 30
    assert MAX_GAP_SLOTS < 30
    assert "No data from 6 January 2023 to 4 February 2023" in data["labels"]
    assert len(data["labels"]) == 11


def test_weeks_start_on_the_measures_day(org: Organisation, make_measure: MeasureFactory) -> None:
    sunday = dt.date(2023, 1, 1)
    measure = make_measure(org, VALUES, frequency="weekly", week_starts=6, start=sunday)
    assert measure.period_start(dt.date(2023, 1, 4)) == sunday  # a Wednesday
    assert period_start("weekly", dt.date(2023, 1, 4)) == dt.date(2023, 1, 2)  # Monday's week
    assert "Sunday" in measure.period_hint()
    measure = _drop(measure, sunday + dt.timedelta(weeks=3))
    assert missing_periods(measure, [p.period for p in measure.compute_spc().points]) == [
        sunday + dt.timedelta(weeks=3)
    ]


def test_event_charts_have_no_gaps(org: Organisation, make_measure: MeasureFactory) -> None:
    measure = _drop(make_measure(org, VALUES, chart="g"), dt.date(2023, 4, 1))
    assert missing_periods(measure, [p.period for p in measure.compute_spc().points]) == []
