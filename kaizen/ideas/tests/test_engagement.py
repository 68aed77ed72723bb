"""Engagement figures per area (the overview's ``?unit=``) and the ideas' programme-health
indicators, which count the same way for each unit and for the organisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.ideas import services
from kaizen.ideas.indicators import IDEA_INDICATORS
from kaizen.ideas.models import Idea, IdeaStatus
from kaizen.measures.computed import Point
from kaizen.measures.models import Measure
from kaizen.programme.services import indicators_refresh

ClientFor = Callable[[User], Client]


@pytest.fixture
def ward(org: Organisation, staff_user: User, patient_user: User) -> OrgUnit:
    """Ward 3 with two members (staff and patient partner) and two ideas raised this month by
    its staff member, one implemented after four days."""
    ward = OrgUnit.objects.create(organisation=org, name="Ward 3")
    Membership.objects.filter(user__in=[staff_user, patient_user]).update(unit=ward)
    first = services.idea_raise(
        organisation=org, by=staff_user, values={"problem": "Hoist", "unit": ward}
    )
    services.idea_raise(organisation=org, by=staff_user, values={"problem": "Bins", "unit": ward})
    implemented = IdeaStatus.objects.get(organisation=org, kind=IdeaStatus.Kind.IMPLEMENTED)
    Idea.objects.filter(pk=first.pk).update(status=implemented)
    answered = Idea.objects.get(pk=first.pk)
    answered.first_answered_at = answered.raised_at + dt.timedelta(days=4, hours=1)
    answered.save()
    return ward


def figures_of(key: str, org: Organisation, units: list[int]) -> dict[int | None, Point]:
    indicator = next(i for i in IDEA_INDICATORS if i.key == key)
    month = timezone.localdate().replace(day=1)
    computed = indicator.compute(org, [month], units)
    return {unit: points[month] for unit, points in computed.items() if month in points}


def test_each_indicator_counts_a_unit_and_the_organisation(
    org: Organisation, ward: OrgUnit, staff_user: User, leader_user: User
) -> None:
    services.idea_support(idea=Idea.objects.get(problem="Bins"), by=leader_user)
    units = [ward.pk]
    assert figures_of("ideas-raised", org, units) == {
        None: Point(100 * 2 / 3),  # three members in all: staff, patient partner, leader
        ward.pk: Point(100.0),
    }
    taking_part = figures_of("ideas-staff-taking-part", org, units)
    assert taking_part[None] == Point(2 / 3, 2.0, 3.0)  # the author and the supporter
    assert taking_part[ward.pk] == Point(1.0, 2.0, 2.0)  # both counted where the idea is
    assert figures_of("ideas-implemented", org, units)[ward.pk] == Point(0.5, 1.0, 2.0)
    assert figures_of("ideas-days-to-answer", org, units)[None] == Point(4.0)


def test_the_programme_stores_the_ideas_indicators_as_computed_measures(
    org: Organisation, ward: OrgUnit
) -> None:
    indicators_refresh(organisation=org)
    stored = set(Measure.objects.filter(organisation=org).values_list("computed", flat=True))
    assert {indicator.key for indicator in IDEA_INDICATORS} <= stored


def test_the_overview_shows_one_area_and_the_areas_within_it(
    org: Organisation, ward: OrgUnit, leader_user: User, client_for: ClientFor
) -> None:
    client = client_for(leader_user)
    everywhere = client.get("/o/riverside/ideas/overview/").content.decode()
    assert "Latest month: <strong>66.7</strong>" in everywhere
    page = client.get(f"/o/riverside/ideas/overview/?unit={ward.pk}").content.decode()
    assert "Engagement with everyday improvement: Ward 3" in page
    assert "Latest month: <strong>100.0</strong>" in page
    assert page.count("data:image/svg+xml;base64,") == 4
