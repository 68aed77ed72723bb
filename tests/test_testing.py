"""The shared builders in kaizen/testing.py leave what real use leaves: the services' audit
events, refreshed charts and fidelity, one member per role."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Model

from kaizen.accounts.models import Membership, Organisation, User
from kaizen.accounts.roles import Role
from kaizen.audit.models import AuditEvent
from kaizen.measures.models import Measure
from kaizen.testing import (
    PASSWORD,
    make_cycle,
    make_driver,
    make_idea,
    make_measure,
    make_members,
    make_project,
    make_team_member,
)

pytestmark = pytest.mark.django_db


def created_by(target: Model) -> User | None:
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.CREATE,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
    )
    return event.actor


def test_an_organisation_gets_one_member_per_role(org: Organisation) -> None:
    members = make_members(org)
    assert set(members) == set(Role)
    for role, user in members.items():
        assert Membership.objects.get(user=user, organisation=org).role == role
        assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("frequency", "periods"),
    [
        ("monthly", [dt.date(2023, 11, 1), dt.date(2023, 12, 1), dt.date(2024, 1, 1)]),
        ("weekly", [dt.date(2023, 11, 6), dt.date(2023, 11, 13), dt.date(2023, 11, 20)]),
        ("quarterly", [dt.date(2023, 10, 1), dt.date(2024, 1, 1), dt.date(2024, 4, 1)]),
        ("daily", [dt.date(2023, 11, 6), dt.date(2023, 11, 7), dt.date(2023, 11, 8)]),
    ],
)
def test_a_measure_is_created_through_the_service_with_charted_data(
    org: Organisation, staff_user: User, frequency: str, periods: list[dt.date]
) -> None:
    measure = make_measure(org, [5, 6, 7], by=staff_user, start=periods[0], frequency=frequency)
    assert created_by(measure) == staff_user
    assert list(measure.datapoints.values_list("period", flat=True)) == periods
    assert Measure.objects.get(pk=measure.pk).has_current_snapshot()


def test_a_project_is_built_through_the_services(org: Organisation, staff_user: User) -> None:
    project = make_project(org, staff_user)
    before = project.fidelity
    driver = make_driver(project, "Reliable rounding")
    make_team_member(project, staff_user, user=staff_user)
    cycle = make_cycle(make_idea(project, staff_user, driver=driver), staff_user)
    assert created_by(project) == staff_user
    assert list(project.team.values_list("user", flat=True)) == [staff_user.pk]
    assert cycle.idea.driver == driver
    project.refresh_from_db()
    assert project.fidelity > before
