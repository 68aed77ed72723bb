"""Each item in the open library shows its measures' charts and verdicts: a change idea with
its PDSA ramp and an event's report, as a project does; the charts are frozen in the snapshot,
so later data reach readers only when the owner publishes again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.events.testing import make_reported_rpiw
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.services import measure_refresh
from kaizen.network.models import SharedItem
from kaizen.network.services import share_event, share_idea
from kaizen.projects.services import measure_link_add
from kaizen.testing import STEP_VALUES, make_cycle, make_idea, make_measure, make_project

pytestmark = pytest.mark.django_db
START = dt.date(2024, 4, 1)  # STEP_VALUES rise from April 2024 (month 16)
CHANGE = dt.date(2024, 4, 1)


def _rising(org: Organisation, by: User, name: str) -> Measure:
    return make_measure(org, STEP_VALUES, by=by, name=name, improvement="increase")


def _svg_count(page: str) -> int:
    return page.count('<span class="kaizen-sparkline"><svg')


def test_a_shared_idea_shows_each_measure_chart_once_with_its_verdicts(
    org: Organisation, staff_user: User
) -> None:
    project = make_project(org, staff_user)
    idea = make_idea(project, staff_user, title="Discharge lounge", started_on=CHANGE)
    cycle = make_cycle(idea, staff_user, started_on=CHANGE)
    measure = _rising(org, staff_user, "Discharges before noon")
    balancing = _rising(org, staff_user, "Readmissions within 7 days")
    for link_to in ({"idea": idea}, {"cycle": cycle}):
        measure_link_add(
            project=project, measure=measure, by=staff_user, direction="increase", **link_to
        )
    measure_link_add(
        project=project, measure=balancing, by=staff_user, idea=idea, direction="decrease"
    )
    item = share_idea(idea=idea, by=staff_user, reach=SharedItem.Reach.PUBLIC)
    names = [m["name"] for m in item.snapshot["measures"]]
    assert names == ["Discharges before noon", "Readmissions within 7 days"]
    page = Client().get(f"/library/{item.pk}/").content.decode()
    assert _svg_count(page) == 2
    verdicts = item.snapshot["ideas"][0]["verdicts"]
    assert {v["measure"] for v in verdicts} == set(names)
    for verdict in verdicts:
        assert f"<strong>{verdict['measure']}:</strong> {verdict['verdict']}" in page


def test_a_shared_chart_stays_as_published_until_the_owner_publishes_again(
    org: Organisation, staff_user: User
) -> None:
    project = make_project(org, staff_user)
    idea = make_idea(project, staff_user, started_on=CHANGE)
    measure = _rising(org, staff_user, "Discharges before noon")
    measure_link_add(
        project=project, measure=measure, by=staff_user, idea=idea, direction="increase"
    )
    item = share_idea(idea=idea, by=staff_user, reach=SharedItem.Reach.PUBLIC)
    published = item.snapshot["measures"][0]["sparkline"]
    assert published.startswith("<svg")
    DataPoint.objects.create(measure=measure, period=dt.date(2025, 2, 1), value=40)
    measure_refresh(measure=measure)
    measure.refresh_from_db()
    assert measure.spc_headline["sparkline"] != published
    item.refresh_from_db()
    assert item.snapshot["measures"][0]["sparkline"] == published
    again = share_idea(idea=idea, by=staff_user, reach=SharedItem.Reach.PUBLIC)
    assert again.snapshot["measures"][0]["sparkline"] == measure.spc_headline["sparkline"]


def test_an_event_report_shows_each_target_measures_chart_beside_its_finding(
    org: Organisation, coach_user: User
) -> None:
    measure = _rising(org, coach_user, "Discharges before noon")
    event = make_reported_rpiw(org, coach_user, measure, START)
    item = share_event(event=event, by=coach_user, reach=SharedItem.Reach.PUBLIC)
    target = item.snapshot["targets"][0]
    assert target["sparkline"] == measure.spc_headline["sparkline"] and target["verdict"]
    page = Client().get(f"/library/{item.pk}/").content.decode()
    assert _svg_count(page) == 1
    assert "kaizen-finding" in page
