"""The projects' own indicators on constructed records: active and stalled projects, days to
a first test, progress scores as they stood at each month's end, co-production, fidelity and
verdicts; an empty month, a unit with no work, and one refresh reading each source once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.measures.models import Measure
from kaizen.programme.services import indicators_refresh
from kaizen.projects.models import MeasureLink, PDSACycle, ProgressScore, Project, ProjectStatus
from kaizen.testing import make_cycle, make_idea, make_measure, make_project, make_team_member

TODAY = dt.date(2024, 6, 15)
MARCH, APRIL, MAY, JUNE = (dt.date(2024, month, 1) for month in (3, 4, 5, 6))


def cycles_started(project: Project, by: User, *days: dt.date) -> None:
    idea = make_idea(project, by)
    for day in days:
        made = make_cycle(idea, by)
        PDSACycle.objects.filter(pk=made.pk).update(started_on=day)


def values(org: Organisation, key: str, unit: OrgUnit | None = None) -> dict[dt.date, Any]:
    measure = Measure.objects.get(organisation=org, computed=key, unit=unit)
    return {point.period: point.value for point in measure.datapoints.all()}


def opened(project: Project, day: dt.date) -> Project:
    Project.objects.filter(pk=project.pk).update(started_on=day)
    return project


def test_active_and_stalled_projects_at_each_months_end(
    org: Organisation, leader_user: User
) -> None:
    busy = make_project(org, leader_user, title="Busy")
    quiet = make_project(org, leader_user, title="Quiet")
    cycles_started(busy, leader_user, dt.date(2024, 3, 5), dt.date(2024, 6, 2))
    cycles_started(quiet, leader_user, dt.date(2024, 1, 10))
    indicators_refresh(organisation=org, today=TODAY)
    active = values(org, "projects-active")
    # Quiet tested in January: active to the end of March (90 days), stalled from April.
    assert (active[MARCH], active[APRIL], active[MAY], active[JUNE]) == (2.0, 1.0, 1.0, 1.0)
    stalled = values(org, "projects-stalled")
    assert (stalled[MARCH], stalled[APRIL], stalled[JUNE]) == (0.0, 1.0, 1.0)
    # A closed project is not stalled: it finished.
    closed = ProjectStatus.objects.get(organisation=org, kind=ProjectStatus.Kind.CLOSED)
    Project.objects.filter(pk=quiet.pk).update(status=closed)
    indicators_refresh(organisation=org, today=TODAY)
    assert values(org, "projects-stalled")[JUNE] == 0.0


def test_projects_started_and_days_to_their_first_test(
    org: Organisation, leader_user: User
) -> None:
    first = opened(make_project(org, leader_user), dt.date(2024, 4, 1))
    second = opened(make_project(org, leader_user), dt.date(2024, 4, 20))
    cycles_started(first, leader_user, dt.date(2024, 5, 1), dt.date(2024, 5, 30))
    cycles_started(second, leader_user, dt.date(2024, 5, 10))
    indicators_refresh(organisation=org, today=TODAY)
    assert values(org, "projects-started")[APRIL] == 2.0
    assert values(org, "projects-started")[MAY] == 0.0
    # 30 days and 20 days: the median of the two.
    assert values(org, "days-to-first-test") == {MAY: 25.0}


def test_the_progress_score_is_the_one_recorded_by_each_months_end(
    org: Organisation, leader_user: User
) -> None:
    one, two = make_project(org, leader_user), make_project(org, leader_user)
    for project, day, score in (
        (one, dt.datetime(2024, 4, 3), "1.5"),
        (one, dt.datetime(2024, 5, 28), "3.5"),
        (two, dt.datetime(2024, 5, 2), "2.5"),
    ):
        ProgressScore.objects.create(
            project=project, score=Decimal(score), recorded_at=timezone.make_aware(day)
        )
    indicators_refresh(organisation=org, today=TODAY)
    scores = values(org, "progress-score")
    assert MARCH not in scores
    assert (scores[APRIL], scores[MAY], scores[JUNE]) == (1.5, 3.0, 3.0)


def test_co_production_counts_partners_who_had_joined(org: Organisation, leader_user: User) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    with_partner = make_project(org, leader_user, unit=ward)
    without = make_project(org, leader_user)
    cycles_started(with_partner, leader_user, dt.date(2024, 5, 5))
    cycles_started(without, leader_user, dt.date(2024, 5, 6))
    partner = make_team_member(
        with_partner, leader_user, name="A patient", is_patient_partner=True, involvement="co_led"
    )
    type(partner).objects.filter(pk=partner.pk).update(
        joined_at=timezone.make_aware(dt.datetime(2024, 6, 3))
    )
    indicators_refresh(organisation=org, today=TODAY)
    shares = values(org, "co-produced")
    assert (shares[MAY], shares[JUNE]) == (0.0, 0.5)
    assert values(org, "co-produced", ward)[JUNE] == 1.0
    # A month with no active project has nothing to divide by.
    assert MARCH not in shares


def test_verdicts_are_counted_by_kind_in_the_month_reached(
    org: Organisation, leader_user: User
) -> None:
    project = make_project(org, leader_user)
    idea = make_idea(project, leader_user)
    measure = make_measure(org, by=leader_user, name="Falls")
    reached = timezone.make_aware(dt.datetime(2024, 5, 9))
    for verdict in ("as_predicted", "as_predicted", "against"):
        MeasureLink.objects.create(
            project=project, idea=idea, measure=measure, verdict=verdict, verdict_at=reached
        )
    indicators_refresh(organisation=org, today=TODAY)
    assert values(org, "verdicts-as-predicted")[MAY] == 2.0
    assert values(org, "verdicts-against")[MAY] == 1.0
    assert values(org, "verdicts-no-signal")[MAY] == 0.0


def test_a_unit_with_no_work_has_no_charts_and_fidelity_is_of_active_projects(
    org: Organisation, leader_user: User
) -> None:
    idle = OrgUnit.objects.create(organisation=org, name="Ward 9")
    project = make_project(org, leader_user)
    cycles_started(project, leader_user, dt.date(2024, 5, 5))
    # Set after the cycle, whose services recompute the project's fidelity.
    Project.objects.filter(pk=project.pk).update(fidelity=60)
    indicators_refresh(organisation=org, today=TODAY)
    assert not Measure.objects.filter(unit=idle).exists()
    assert values(org, "mean-fidelity")[MAY] == 60.0


def test_one_refresh_reads_the_cycles_once(org: Organisation, leader_user: User) -> None:
    cycles_started(make_project(org, leader_user), leader_user, dt.date(2024, 5, 5))
    indicators_refresh(organisation=org, today=TODAY)
    with CaptureQueriesContext(connection) as queries:
        assert indicators_refresh(organisation=org, today=TODAY) == 0
    cycle_reads = [q for q in queries if 'FROM "projects_pdsacycle"' in q["sql"]]
    assert len(cycle_reads) == 1
