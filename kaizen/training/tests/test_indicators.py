"""Training's programme indicators and the hours released for training, each on constructed
places and records, by unit and month, and stored by the programme's refresh as measures."""

from __future__ import annotations

import datetime as dt

import pytest

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.accounts.roles import Role
from kaizen.measures.computed import Point
from kaizen.measures.models import Measure
from kaizen.programme.services import indicators_refresh
from kaizen.testing import make_member, make_project
from kaizen.training.hours import hours_released
from kaizen.training.indicators import TRAINING_INDICATORS
from kaizen.training.models import TrainingRecord
from kaizen.training.tests.helpers import held, make_course

pytestmark = pytest.mark.django_db

MAY, JUNE = dt.date(2024, 5, 1), dt.date(2024, 6, 1)
BY_KEY = {indicator.key: indicator for indicator in TRAINING_INDICATORS}


@pytest.fixture
def units(org: Organisation) -> tuple[OrgUnit, OrgUnit]:
    division = OrgUnit.objects.create(organisation=org, name="Medicine")
    ward = OrgUnit.objects.create(organisation=org, parent=division, name="Larch Ward")
    return division, ward


def in_ward(org: Organisation, ward: OrgUnit, count: int) -> list[User]:
    people = [make_member(org, Role.STAFF, f"w{i}@riverside.example") for i in range(count)]
    Membership.objects.filter(user__in=people).update(unit=ward)
    return people


def test_hours_count_present_places_by_the_attendees_unit_and_month(
    org: Organisation, units: tuple[OrgUnit, OrgUnit], staff_user: User
) -> None:
    _, ward = units
    nurses = in_ward(org, ward, 2)
    course = make_course(org)
    held(
        course,
        dt.date(2024, 5, 7),
        3,
        [(nurses[0], "present", False), (nurses[1], "absent", False)],
    )
    held(
        course,
        dt.date(2024, 5, 20),
        2,
        [(nurses[1], "present", True), (staff_user, "present", False)],
    )
    figures = BY_KEY["training-hours"].compute(org, [MAY, JUNE], [ward.pk])
    assert figures[ward.pk] == {MAY: Point(5.0), JUNE: Point(0.0)}
    # The staff member with no unit counts for the organisation only.
    assert figures[None][MAY] == Point(7.0)
    rows = {row.unit.name if row.unit else None: row for row in hours_released(org, [MAY, JUNE])}
    assert rows["Medicine"].by_month == [5.0, 0.0]
    assert rows[None].total == 7.0


def test_attendance_is_a_share_of_marked_places_and_waiting_joins_a_count(
    org: Organisation, units: tuple[OrgUnit, OrgUnit]
) -> None:
    _, ward = units
    nurses = in_ward(org, ward, 4)
    marks = [(nurses[0], "present", False), (nurses[1], "absent", True), (nurses[2], "", True)]
    held(make_course(org), dt.date(2024, 5, 15), 3, [*marks, (nurses[3], "late_cancel", False)])
    attendance = BY_KEY["training-attendance"].compute(org, [MAY, JUNE], [ward.pk])
    assert attendance[ward.pk] == {MAY: Point(1 / 3, 1.0, 3.0)}
    joins = BY_KEY["training-waiting-joins"].compute(org, [MAY, JUNE], [ward.pk])
    assert joins[None] == {MAY: Point(2.0), JUNE: Point(0.0)}


def test_people_trained_counts_each_person_once_a_month(
    org: Organisation, units: tuple[OrgUnit, OrgUnit]
) -> None:
    _, ward = units
    nurse = in_ward(org, ward, 1)[0]
    tier = make_course(org).tier
    for day in (dt.date(2024, 5, 2), dt.date(2024, 5, 9)):
        TrainingRecord.objects.create(
            organisation=org, person=nurse, tier=tier, title="Course", completed_on=day
        )
    figures = BY_KEY["training-people-trained"].compute(org, [MAY, JUNE], [ward.pk])
    assert figures[ward.pk] == {MAY: Point(1.0), JUNE: Point(0.0)}


def test_the_programme_refresh_stores_them_as_measures(
    org: Organisation, units: tuple[OrgUnit, OrgUnit], admin_user: User
) -> None:
    _, ward = units
    make_project(org, admin_user, unit=ward)
    nurse = in_ward(org, ward, 1)[0]
    held(make_course(org), dt.date(2024, 5, 7), 3, [(nurse, "present", False)])
    indicators_refresh(organisation=org, today=dt.date(2024, 6, 15))
    measure = Measure.objects.get(organisation=org, computed="training-hours", unit=ward)
    assert measure.datapoints.get(period=MAY).value == 3.0
