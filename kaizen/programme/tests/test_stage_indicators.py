"""Projects by stage at each month's end and the median days before a project moves on a
stage, replayed from the audit trail: on constructed moves (renamed stages, closed projects,
units, another organisation), and as a property against a count made from the moves alone."""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.accounts.roles import Role
from kaizen.audit.models import AuditEvent
from kaizen.measures.models import DataPoint, Measure
from kaizen.programme.services import indicator_months, indicators_refresh
from kaizen.programme.stages import STAGE_COUNT
from kaizen.projects import services as project_services
from kaizen.projects.models import MethodStage, Project, ProjectStatus
from kaizen.testing import make_member, make_organisation, make_project

TODAY = dt.date(2024, 6, 15)
FEB, MARCH, APRIL, MAY, JUNE = (dt.date(2024, month, 1) for month in (2, 3, 4, 5, 6))


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def started(organisation: Organisation, by: User, day: dt.date, **values: Any) -> Project:
    """A project created on ``day``, its method's stages asking for nothing (the moves are
    what these tests are about, not what each stage requires)."""
    project = make_project(organisation, by, **values)
    MethodStage.objects.filter(method__organisation=organisation).update(required_fields=[])
    Project.objects.filter(pk=project.pk).update(created_at=noon(day))
    return Project.objects.get(pk=project.pk)


def _dated(project: Project, field: str, day: dt.date) -> None:
    """Date the audit trail's latest change of ``field`` to the project as made on ``day``."""
    event = AuditEvent.objects.filter(
        target_type="projects.project", target_id=str(project.pk), changes__has_key=field
    ).latest("pk")
    AuditEvent.objects.filter(pk=event.pk).update(at=noon(day))


def move(project: Project, order: int, by: User, day: dt.date) -> None:
    stage = project.method.stages.get(order=order)
    project_services.project_move_stage(project=project, stage=stage, by=by)
    _dated(project, "stage", day)


def set_kind(project: Project, kind: str, by: User, day: dt.date) -> None:
    status = ProjectStatus.objects.filter(organisation=project.organisation, kind=kind).first()
    assert status is not None
    project_services.project_set_status(project=project, status=status, by=by)
    _dated(project, "status", day)


def values(org: Organisation, key: str, unit: OrgUnit | None = None) -> dict[dt.date, Any]:
    measure = Measure.objects.get(organisation=org, computed=key, unit=unit)
    return {point.period: point.value for point in measure.datapoints.all()}


def at_stage(org: Organisation, order: int, month: dt.date, unit: OrgUnit | None = None) -> Any:
    return values(org, f"projects-at-stage-{order}", unit).get(month)


def test_projects_stand_at_their_stage_at_each_months_end_until_closed(
    org: Organisation, leader_user: User
) -> None:
    project = started(org, leader_user, dt.date(2024, 2, 10))
    move(project, 2, leader_user, dt.date(2024, 3, 15))
    move(project, 3, leader_user, dt.date(2024, 5, 20))
    set_kind(project, ProjectStatus.Kind.CLOSED, leader_user, dt.date(2024, 6, 3))
    indicators_refresh(organisation=org, today=TODAY)
    assert [at_stage(org, 1, month) for month in (FEB, MARCH)] == [1.0, 0.0]
    assert [at_stage(org, 2, month) for month in (MARCH, APRIL, MAY)] == [1.0, 1.0, 0.0]
    assert at_stage(org, 3, MAY) == 1.0
    # Closed in June: in progress at no stage at June's end, nor before it was created.
    assert all(at_stage(org, order, JUNE) == 0.0 for order in range(1, STAGE_COUNT + 1))
    assert at_stage(org, 1, dt.date(2024, 1, 1)) == 0.0
    # 34 days in the first stage (from its creation), then 66 in the second.
    assert values(org, "days-between-stages") == {MARCH: 34.0, MAY: 66.0}


def test_a_move_back_is_not_progress_but_starts_the_days_again(
    org: Organisation, leader_user: User
) -> None:
    project = started(org, leader_user, dt.date(2024, 2, 1))
    move(project, 3, leader_user, dt.date(2024, 3, 1))
    move(project, 2, leader_user, dt.date(2024, 4, 1))
    move(project, 3, leader_user, dt.date(2024, 4, 11))
    indicators_refresh(organisation=org, today=TODAY)
    assert values(org, "days-between-stages") == {MARCH: 29.0, APRIL: 10.0}
    assert (at_stage(org, 3, MARCH), at_stage(org, 2, MARCH), at_stage(org, 3, APRIL)) == (
        1.0,
        0.0,
        1.0,
    )


def test_a_stage_renamed_since_keeps_its_place(org: Organisation, leader_user: User) -> None:
    project = started(org, leader_user, dt.date(2024, 2, 1))
    move(project, 2, leader_user, dt.date(2024, 3, 1))
    move(project, 4, leader_user, dt.date(2024, 5, 1))
    move(project, 5, leader_user, dt.date(2024, 6, 1))
    # The coach renames the stages afterwards: the trail still says "Aim and measures" and
    # "Implementing", the method's default names, so they are found by them.
    MethodStage.objects.filter(method=project.method).update(name="Renamed")
    indicators_refresh(organisation=org, today=TODAY)
    assert (at_stage(org, 2, MARCH), at_stage(org, 4, MAY), at_stage(org, 5, JUNE)) == (
        1.0,
        1.0,
        1.0,
    )


def test_a_move_whose_name_matches_nothing_now_is_left_out(
    org: Organisation, leader_user: User
) -> None:
    project = started(org, leader_user, dt.date(2024, 2, 1))
    second = project.method.stages.get(order=2)
    second.name = "Our own aim stage"
    second.save()
    move(project, 2, leader_user, dt.date(2024, 3, 1))
    move(project, 3, leader_user, dt.date(2024, 5, 1))
    second.name = "Renamed again"
    second.save()
    indicators_refresh(organisation=org, today=TODAY)
    # Nothing says where March's move went: the project stays in its first stage until May,
    # when it reached the stage it is in today.
    assert (at_stage(org, 1, APRIL), at_stage(org, 2, APRIL), at_stage(org, 3, MAY)) == (
        1.0,
        0.0,
        1.0,
    )


def test_units_count_their_own_projects_and_a_moved_project_takes_its_history(
    org: Organisation, leader_user: User
) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7", kind=OrgUnit.Kind.WARD)
    other = OrgUnit.objects.create(organisation=org, name="Ward 8", kind=OrgUnit.Kind.WARD)
    project = started(org, leader_user, dt.date(2024, 2, 1), unit=ward)
    started(org, leader_user, dt.date(2024, 2, 1))
    move(project, 2, leader_user, dt.date(2024, 3, 1))
    indicators_refresh(organisation=org, today=TODAY)
    assert (at_stage(org, 1, MARCH), at_stage(org, 2, MARCH)) == (1.0, 1.0)
    assert (at_stage(org, 1, MARCH, ward), at_stage(org, 2, MARCH, ward)) == (0.0, 1.0)
    Project.objects.filter(pk=project.pk).update(unit=other)
    indicators_refresh(organisation=org, today=TODAY)
    assert at_stage(org, 2, MARCH, other) == 1.0
    assert not Measure.objects.filter(unit=ward).exists()


def test_another_organisations_moves_are_not_counted(
    org: Organisation, other_org: Organisation, leader_user: User, outsider: User
) -> None:
    theirs = started(other_org, outsider, dt.date(2024, 2, 1))
    move(theirs, 2, outsider, dt.date(2024, 3, 1))
    indicators_refresh(organisation=org, today=TODAY)
    assert at_stage(org, 2, MARCH) == 0.0
    # No move of its own: no point, so no chart yet.
    assert not Measure.objects.filter(organisation=org, computed="days-between-stages").exists()


# The days a story's events fall on: each month's first, middle and last days (a move on the
# last day counts at that month's end), January to July 2024.
DAYS = sorted(
    {
        day
        for month in range(1, 8)
        for day in (
            dt.date(2024, month, 1),
            dt.date(2024, month, 15),
            dt.date(2024, month + 1, 1) - dt.timedelta(days=1),
        )
    }
)
# A project's story: the day it was created, then its steps in order: (a day, a stage order
# to move to, or None to close it).
STEP = st.tuples(
    st.sampled_from(DAYS), st.one_of(st.none(), st.integers(min_value=1, max_value=STAGE_COUNT))
)
STORY = st.tuples(
    st.sampled_from(DAYS),
    st.lists(STEP, max_size=4).map(lambda steps: sorted(steps, key=lambda step: step[0])),
)


@given(st.lists(STORY, min_size=1, max_size=3))
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.django_db(transaction=False)
def test_by_stage_equals_a_count_from_the_moves_and_a_recompute_from_scratch(
    stories: list[tuple[dt.date, list[tuple[dt.date, int | None]]]],
) -> None:
    # Hypothesis runs every example in the one test's database: each undoes its own.
    with transaction.atomic():
        _check(stories)
        transaction.set_rollback(True)


def _check(stories: list[tuple[dt.date, list[tuple[dt.date, int | None]]]]) -> None:
    org = make_organisation()
    lead = make_member(org, Role.LEADER, f"lead@{org.slug}.example")
    expected: dict[tuple[int, dt.date], int] = {}
    days: dict[dt.date, list[int]] = {}
    months = indicator_months(TODAY)
    for created, steps in stories:
        project = started(org, lead, created)
        timeline = [(created, 1, True)]
        entered = created
        for day, order in steps:
            day = max(day, created)
            if order is None:
                set_kind(project, ProjectStatus.Kind.CLOSED, lead, day)
                timeline.append((day, timeline[-1][1], False))
                continue
            move(Project.objects.get(pk=project.pk), order, lead, day)
            if order > timeline[-1][1]:
                days.setdefault(day.replace(day=1), []).append((day - entered).days)
            if order != timeline[-1][1]:
                entered = day
            timeline.append((day, order, timeline[-1][2]))
        for month in months:
            end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            stood = [state for state in timeline if state[0] <= end]
            if stood and stood[-1][2]:
                key = (stood[-1][1], month)
                expected[key] = expected.get(key, 0) + 1
    indicators_refresh(organisation=org, today=TODAY)
    for order in range(1, STAGE_COUNT + 1):
        counts = values(org, f"projects-at-stage-{order}")
        assert counts == {month: float(expected.get((order, month), 0)) for month in months}
    medians = {month: statistics.median(d) for month, d in days.items() if month in months}
    if medians:
        assert values(org, "days-between-stages") == medians
    stored = _all_points(org)
    assert indicators_refresh(organisation=org, today=TODAY) == 0
    Measure.objects.filter(organisation=org).exclude(computed="").delete()
    indicators_refresh(organisation=org, today=TODAY)
    assert _all_points(org) == stored


def _all_points(org: Organisation) -> set[tuple[Any, ...]]:
    rows = DataPoint.objects.filter(measure__organisation=org).exclude(measure__computed="")
    return set(rows.values_list("measure__computed", "period", "value"))
