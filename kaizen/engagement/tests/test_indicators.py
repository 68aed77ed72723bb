"""Engagement's programme-health indicators: each definition on constructed records, and the
programme's refresh storing them as computed measures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.engagement.indicators import ENGAGEMENT_INDICATORS
from kaizen.engagement.models import Round, Thanks, Theme, Visit
from kaizen.measures.computed import Point
from kaizen.measures.models import Measure
from kaizen.programme.services import indicators_refresh
from kaizen.testing import make_project

pytestmark = pytest.mark.django_db
MAY, JUNE = dt.date(2024, 5, 1), dt.date(2024, 6, 1)
MONTHS = [MAY, JUNE]
INDICATOR = {indicator.key: indicator for indicator in ENGAGEMENT_INDICATORS}


@pytest.fixture
def ward(org: Organisation) -> OrgUnit:
    return OrgUnit.objects.create(organisation=org, name="Ward 7")


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def test_visits_count_by_month_and_unit_visited(
    org: Organisation, ward: OrgUnit, leader_user: User
) -> None:
    theatres = OrgUnit.objects.create(organisation=org, name="Theatres")
    for unit, day in ((ward, 3), (ward, 20), (theatres, 21)):
        Visit.objects.create(
            organisation=org, leader=leader_user, unit=unit, visited_on=MAY.replace(day=day)
        )
    figures = INDICATOR["leader-visits"].compute(org, MONTHS, {ward.pk})
    assert figures[None] == {MAY: Point(3.0), JUNE: Point(0.0)}
    assert figures[ward.pk] == {MAY: Point(2.0), JUNE: Point(0.0)}


def test_themes_answered_within_30_days_of_closing_and_late_or_missing_ones(
    org: Organisation, ward: OrgUnit
) -> None:
    closed = Round.objects.create(
        organisation=org, question="Q?", unit=ward, closes_on=dt.date(2024, 5, 10)
    )
    Theme.objects.create(round=closed, title="On time", responded_at=_at(dt.date(2024, 5, 30)))
    Theme.objects.create(round=closed, title="Late", responded_at=_at(dt.date(2024, 7, 1)))
    Theme.objects.create(round=closed, title="Never answered")
    # Closed yesterday and not yet answered: not due, so not counted.
    recent = Round.objects.create(
        organisation=org, question="Now?", closes_on=timezone.localdate() - dt.timedelta(days=1)
    )
    Theme.objects.create(round=recent, title="Not due")
    months = [MAY, JUNE, timezone.localdate().replace(day=1)]
    figures = INDICATOR["concerns-answered-on-time"].compute(org, months, {ward.pk})
    assert figures[None] == {MAY: Point(1 / 3, 1.0, 3.0)}
    assert figures[ward.pk] == {MAY: Point(1 / 3, 1.0, 3.0)}


def test_thanks_count_for_the_team_or_the_colleagues_unit(
    org: Organisation, ward: OrgUnit, leader_user: User, staff_user: User
) -> None:
    Membership.objects.filter(user=staff_user).update(unit=ward)
    Thanks.objects.create(
        organisation=org, sender=leader_user, team=ward, message="Team", created_at=_at(MAY)
    )
    Thanks.objects.create(
        organisation=org,
        sender=leader_user,
        colleague=staff_user,
        message="You",
        created_at=_at(JUNE),
    )
    figures = INDICATOR["thanks-sent"].compute(org, MONTHS, {ward.pk})
    assert figures[ward.pk] == {MAY: Point(1.0), JUNE: Point(1.0)}
    assert figures[None] == {MAY: Point(1.0), JUNE: Point(1.0)}


def test_the_programme_refresh_stores_them_as_computed_measures(
    org: Organisation, ward: OrgUnit, leader_user: User
) -> None:
    make_project(org, leader_user, unit=ward)  # the unit owns work, so it gets its charts
    Visit.objects.create(
        organisation=org, leader=leader_user, unit=ward, visited_on=dt.date(2024, 6, 3)
    )
    indicators_refresh(organisation=org, today=dt.date(2024, 6, 15))
    visits = Measure.objects.get(organisation=org, computed="leader-visits", unit=ward)
    assert visits.datapoints.get(period=JUNE).value == 1.0
    assert Measure.objects.filter(organisation=org, computed="thanks-sent").exists()
