"""The leader visibility log: who logs, the diary, the leader's page, the run chart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.engagement import services, visibility
from kaizen.engagement.models import Visit

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def ward(org: Organisation) -> OrgUnit:
    return OrgUnit.objects.create(organisation=org, name="Ward 7")


def _url(name: str, org: Organisation, **kwargs: object) -> str:
    return reverse(f"engagement:{name}", kwargs={"org": org.slug, **kwargs})


def _visit(org: Organisation, ward: OrgUnit, who: User) -> dict[str, object]:
    return {
        "kind": "gemba",
        "unit": ward.pk,
        "visited_on": TODAY.isoformat(),
        "with_whom": "Nurse in charge",
        "learned": "Linen runs out at 3pm",
        "raised": "",
    }


@pytest.mark.parametrize("who", ["leader_user", "board_user"])
def test_leaders_and_board_members_log_visits_published_in_the_diary(
    who: str,
    org: Organisation,
    ward: OrgUnit,
    staff_user: User,
    client_for: Callable[[User], Client],
    request: pytest.FixtureRequest,
) -> None:
    person: User = request.getfixturevalue(who)
    response = client_for(person).post(_url("visit_log", org), _visit(org, ward, person))
    assert response.status_code == 302 and Visit.objects.get().leader == person
    diary = client_for(staff_user).get(_url("diary", org)).content.decode()
    assert "Linen runs out at 3pm" in diary and person.display_name in diary
    page = client_for(staff_user).get(_url("leader", org, user_id=person.pk)).content.decode()
    assert "Gemba walk on Ward 7" in page


def test_staff_cannot_log_visits(
    org: Organisation, ward: OrgUnit, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    assert (
        client_for(staff_user)
        .post(_url("visit_log", org), _visit(org, ward, staff_user))
        .status_code
        == 403
    )


def test_a_visit_in_the_future_is_refused(
    org: Organisation, ward: OrgUnit, leader_user: User, client_for: Callable[[User], Client]
) -> None:
    data = _visit(org, ward, leader_user) | {
        "visited_on": (TODAY + dt.timedelta(days=2)).isoformat()
    }
    page = client_for(leader_user).post(_url("visit_log", org), data).content.decode()
    assert "A visit cannot be in the future" in page and not Visit.objects.exists()


def test_another_organisations_unit_cannot_be_chosen(
    org: Organisation, other_org: Organisation, leader_user: User
) -> None:
    theirs = OrgUnit.objects.create(organisation=other_org, name="Theirs")
    with pytest.raises(Exception, match="your organisation"):
        services.visit_log(
            leader=leader_user, organisation=org, kind="gemba", unit=theirs, visited_on=TODAY
        )


def test_monthly_counts_unvisited_units_and_the_run_chart(
    org: Organisation,
    ward: OrgUnit,
    leader_user: User,
    staff_user: User,
    client_for: Callable[[User], Client],
) -> None:
    quiet = OrgUnit.objects.create(organisation=org, name="Quiet ward")
    for days in (0, 1, 40, 200):
        services.visit_log(
            leader=leader_user,
            organisation=org,
            kind="huddle",
            unit=ward,
            visited_on=TODAY - dt.timedelta(days=days),
        )
    counts = visibility.month_counts(org, visibility.month_start(TODAY))
    assert (
        sum(n for _, n in counts.by_kind)
        == Visit.objects.filter(visited_on__gte=visibility.month_start(TODAY)).count()
    )
    assert visibility.unvisited_units(org, TODAY) == [quiet]
    periods, values = visibility.unvisited_series(org, TODAY)
    assert len(periods) == 12 and values[-1] == 1.0
    chart = client_for(staff_user).get(_url("unvisited_chart", org))
    assert chart["Content-Type"] == "image/svg+xml" and b"<svg" in chart.content


def test_another_organisations_visits_are_unreachable(
    org: Organisation,
    ward: OrgUnit,
    leader_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    services.visit_log(
        leader=leader_user, organisation=org, kind="gemba", unit=ward, visited_on=TODAY
    )
    assert client_for(outsider).get(_url("diary", org)).status_code == 404
    assert client_for(outsider).get(_url("leader", org, user_id=leader_user.pk)).status_code == 404
