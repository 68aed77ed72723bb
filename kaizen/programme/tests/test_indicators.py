"""Each indicator's definition on constructed records, the refresh's idempotence and its equality
with a from-scratch recomputation, and computed measures being read-only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.accounts.roles import Role
from kaizen.measures import services as measure_services
from kaizen.measures.models import DataPoint, Measure
from kaizen.programme.services import indicators_refresh
from kaizen.projects.models import PDSACycle, Project
from kaizen.testing import make_cycle, make_idea, make_member, make_organisation, make_project

TODAY = dt.date(2024, 6, 15)
MAY, JUNE = dt.date(2024, 5, 1), dt.date(2024, 6, 1)


def cycle(project: Project, by: User, **dates: Any) -> PDSACycle:
    made = make_cycle(make_idea(project, by), by)
    PDSACycle.objects.filter(pk=made.pk).update(**dates)
    return made


def points(organisation: Organisation, key: str, unit: OrgUnit | None = None) -> dict[Any, Any]:
    measure = Measure.objects.get(organisation=organisation, computed=key, unit=unit)
    return {
        point.period: (point.value, point.numerator, point.denominator)
        for point in measure.datapoints.all()
    }


@pytest.fixture
def ward(org: Organisation) -> OrgUnit:
    return OrgUnit.objects.create(organisation=org, name="Ward 7", kind=OrgUnit.Kind.WARD)


def test_counts_show_an_empty_month_as_zero_and_shares_show_nothing(
    org: Organisation, leader_user: User, ward: OrgUnit
) -> None:
    project = make_project(org, leader_user, unit=ward)
    at = dt.datetime(2024, 5, 2, tzinfo=dt.UTC)
    cycle(project, leader_user, started_on=dt.date(2024, 5, 3), predicted_at=at)
    cycle(project, leader_user, started_on=dt.date(2024, 5, 3), predicted_at=at.replace(day=9))
    indicators_refresh(organisation=org, today=TODAY)
    started = points(org, "cycles-started")
    assert started[MAY] == (2.0, None, None)
    assert started[JUNE] == (0.0, None, None)
    assert points(org, "cycles-started", ward)[MAY] == (2.0, None, None)
    assert points(org, "projects-testing")[MAY] == (1.0, None, None)
    # One prediction written before its test, one after: half.
    assert points(org, "predicted-first") == {MAY: (0.5, 1.0, 2.0)}


def test_learning_and_days_to_study(org: Organisation, leader_user: User) -> None:
    project = make_project(org, leader_user)
    end = dt.date(2024, 5, 10)
    cycle(
        project,
        leader_user,
        planned_end=end,
        studied_on=dt.date(2024, 5, 14),
        closed_on=dt.date(2024, 5, 20),
        learned="Night staff need a checklist",
    )
    cycle(
        project,
        leader_user,
        planned_end=end,
        studied_on=dt.date(2024, 5, 20),
        closed_on=dt.date(2024, 5, 21),
        decision="abandon",
    )
    cycle(project, leader_user, planned_end=end, studied_on=dt.date(2024, 5, 30))
    indicators_refresh(organisation=org, today=TODAY)
    assert points(org, "learning-recorded") == {MAY: (0.5, 1.0, 2.0)}
    assert points(org, "days-to-study") == {MAY: (10.0, None, None)}
    assert points(org, "cycles-closed")[MAY] == (2.0, None, None)


def test_a_project_moved_between_units_takes_its_history(
    org: Organisation, leader_user: User, ward: OrgUnit
) -> None:
    other = OrgUnit.objects.create(organisation=org, name="Ward 8", kind=OrgUnit.Kind.WARD)
    project = make_project(org, leader_user, unit=ward)
    cycle(project, leader_user, started_on=dt.date(2024, 5, 3))
    indicators_refresh(organisation=org, today=TODAY)
    Project.objects.filter(pk=project.pk).update(unit=other)
    indicators_refresh(organisation=org, today=TODAY)
    assert points(org, "cycles-started", other)[MAY] == (1.0, None, None)
    # Ward 7 owns no project now, so it has no charts.
    assert not Measure.objects.filter(unit=ward).exists()


def test_another_organisations_cycles_are_not_counted(
    org: Organisation, other_org: Organisation, leader_user: User, outsider: User
) -> None:
    cycle(make_project(other_org, outsider), outsider, started_on=dt.date(2024, 5, 3))
    indicators_refresh(organisation=org, today=TODAY)
    assert points(org, "cycles-started")[MAY] == (0.0, None, None)


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=2),
            st.integers(min_value=0, max_value=80),
            st.integers(min_value=0, max_value=30),
            st.booleans(),
        ),
        max_size=8,
    )
)
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db(transaction=False)
def test_refresh_is_idempotent_and_equals_a_recompute_from_scratch(
    shape: list[tuple[int, int, int, bool]],
) -> None:
    # Hypothesis runs every example in the one test's database: each undoes its own.
    with transaction.atomic():
        _check_refresh(shape)
        transaction.set_rollback(True)


def _check_refresh(shape: list[tuple[int, int, int, bool]]) -> None:
    org = make_organisation()
    lead = make_member(org, Role.LEADER, f"lead@{org.slug}.example")
    units = [OrgUnit.objects.create(organisation=org, name=f"U{i}") for i in range(2)]
    projects = [make_project(org, lead, unit=units[i % 2] if i < 2 else None) for i in range(3)]
    first = dt.date(2024, 1, 1)
    for project, start, study, learned in shape:
        began = first + dt.timedelta(days=start)
        cycle(
            projects[project],
            lead,
            started_on=began,
            planned_end=began,
            studied_on=began + dt.timedelta(days=study),
            closed_on=began + dt.timedelta(days=study),
            learned="yes" if learned else "",
        )
    indicators_refresh(organisation=org, today=TODAY)
    # A change to the records, then the incremental refresh...
    PDSACycle.objects.filter(idea__project__organisation=org, number=1).update(closed_on=None)
    indicators_refresh(organisation=org, today=TODAY)
    incremental = _all_points(org)
    assert indicators_refresh(organisation=org, today=TODAY) == 0
    # ...equals computing everything again from nothing.
    Measure.objects.filter(organisation=org).exclude(computed="").delete()
    indicators_refresh(organisation=org, today=TODAY)
    assert _all_points(org) == incremental


def _all_points(org: Organisation) -> set[tuple[Any, ...]]:
    rows = DataPoint.objects.filter(measure__organisation=org).exclude(measure__computed="")
    return set(
        rows.values_list(
            "measure__computed",
            "measure__unit__name",
            "period",
            "value",
            "numerator",
            "denominator",
        )
    )


def test_a_computed_measure_cannot_be_edited_entered_or_deleted(
    org: Organisation, leader_user: User
) -> None:
    cycle(make_project(org, leader_user), leader_user, started_on=dt.date(2024, 5, 3))
    indicators_refresh(organisation=org, today=TODAY)
    measure = Measure.objects.get(organisation=org, computed="cycles-started", unit=None)
    with pytest.raises(ValidationError, match="computed by Kaizen"):
        measure_services.measure_update(measure=measure, by=leader_user, name="Renamed")
    with pytest.raises(ValidationError, match="computed by Kaizen"):
        measure_services.datapoint_save(measure=measure, period=MAY, value=9, by=leader_user)
    with pytest.raises(ValidationError, match="computed by Kaizen"):
        measure_services.datapoint_delete(point=measure.datapoints.get(period=MAY), by=leader_user)
    assert points(org, "cycles-started")[MAY] == (1.0, None, None)
