"""Comparing a measure across a network: a shared definition, members opting their own measure
in, small multiples of their SPC charts and a funnel plot for proportions; a member sees
another's values only where that member opted in."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Role
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.services import measure_refresh
from kaizen.network.comparison import measure_share, network_funnel, network_measure_create
from kaizen.network.models import MeasureShare, Network
from kaizen.testing import make_measure, make_member, make_organisation, months

pytestmark = pytest.mark.django_db
NAME = "Falls risk assessed"


def _proportion(org: Organisation, by: User, share: float, count: int) -> Measure:
    measure = make_measure(org, by=by, name=NAME, chart="p", multiplier=100, frequency="monthly")
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, period=period, numerator=round(count * share), denominator=count)
        for period in months(12)
    )
    return measure_refresh(measure=measure)


@pytest.fixture
def network(org: Organisation, other_org: Organisation) -> Network:
    network = Network.objects.create(name="North ICS")
    network.organisations.add(org, other_org)
    return network


def test_members_see_each_others_charts_only_once_opted_in(
    network: Network,
    org: Organisation,
    other_org: Organisation,
    admin_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    shared = network_measure_create(
        network=network, measure=_proportion(org, admin_user, 0.8, 100), by=admin_user
    )
    theirs = _proportion(other_org, outsider, 0.6, 300)
    url = f"/o/{org.slug}/shared/compare/{shared.pk}/"
    page = client_for(admin_user).get(url).content.decode()
    assert "Riverside NHS Trust" in page and "Hillside Hospital</h3>" not in page
    measure_share(network_measure=shared, measure=theirs, by=outsider)
    page = client_for(admin_user).get(url).content.decode()
    assert "Hillside Hospital</h3>" in page
    assert 'aria-label="Common cause variation"' in page  # the MDC icons


def test_an_organisation_outside_the_network_sees_nothing(
    network: Network, org: Organisation, admin_user: User, client_for: Callable[[User], Client]
) -> None:
    shared = network_measure_create(
        network=network, measure=_proportion(org, admin_user, 0.8, 100), by=admin_user
    )
    third = make_organisation("Meadow Trust", "meadow")
    stranger = make_member(third, Role.ADMIN, "admin@meadow.example")
    assert client_for(stranger).get(f"/o/meadow/shared/compare/{shared.pk}/").status_code == 404
    with pytest.raises(ValidationError):
        measure_share(
            network_measure=shared, measure=_proportion(third, stranger, 0.5, 50), by=stranger
        )


def test_the_funnel_plot_pools_each_members_latest_year(
    network: Network, org: Organisation, other_org: Organisation, admin_user: User, outsider: User
) -> None:
    shared = network_measure_create(
        network=network, measure=_proportion(org, admin_user, 0.8, 100), by=admin_user
    )
    measure_share(
        network_measure=shared, measure=_proportion(other_org, outsider, 0.6, 300), by=outsider
    )
    assert network_funnel(shared) is None  # fewer than three members
    third = make_organisation("Meadow Trust", "meadow")
    network.organisations.add(third)
    admin = make_member(third, Role.ADMIN, "admin@meadow.example")
    measure_share(network_measure=shared, measure=_proportion(third, admin, 0.7, 200), by=admin)
    plot = network_funnel(shared)
    assert plot is not None
    assert plot.organisations == ["Hillside Hospital", "Meadow Trust", "Riverside NHS Trust"]
    assert plot.denominators == [3600.0, 2400.0, 1200.0]
    # Pooled: (960 + 2160 + 1680) / 7200
    assert plot.result.target == pytest.approx(4800 / 7200)
    assert list(plot.result.value.round(1)) == [60.0, 70.0, 80.0]


def test_a_measure_on_another_chart_cannot_join(
    network: Network, org: Organisation, other_org: Organisation, admin_user: User, outsider: User
) -> None:
    shared = network_measure_create(
        network=network, measure=_proportion(org, admin_user, 0.8, 100), by=admin_user
    )
    xmr = make_measure(other_org, [1, 2, 3], by=outsider, name="Falls")
    with pytest.raises(ValidationError):
        measure_share(network_measure=shared, measure=xmr, by=outsider)


def test_only_who_may_define_a_measure_shares_or_withdraws_it(
    network: Network,
    org: Organisation,
    other_org: Organisation,
    admin_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    shared = network_measure_create(
        network=network, measure=_proportion(org, admin_user, 0.8, 100), by=admin_user
    )
    theirs = _proportion(other_org, outsider, 0.6, 300)
    staff = make_member(other_org, Role.STAFF, "staff@hillside.example")
    join = f"/o/{other_org.slug}/shared/compare/{shared.pk}/join"
    assert client_for(staff).post(join, {"measure": theirs.pk}).status_code == 403
    assert client_for(outsider).post(join, {"measure": theirs.pk}).status_code == 302
    assert MeasureShare.objects.filter(organisation=other_org).exists()
    leave = f"/o/{other_org.slug}/shared/compare/{shared.pk}/leave"
    assert client_for(staff).post(leave).status_code == 403
    assert client_for(outsider).post(leave).status_code == 302
    assert not MeasureShare.objects.filter(organisation=other_org).exists()


def test_another_organisations_measure_cannot_be_opted_in(
    network: Network,
    org: Organisation,
    other_org: Organisation,
    admin_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    shared = network_measure_create(
        network=network, measure=_proportion(org, admin_user, 0.8, 100), by=admin_user
    )
    ours = Measure.objects.get(organisation=org)
    response = client_for(outsider).post(
        f"/o/{other_org.slug}/shared/compare/{shared.pk}/join", {"measure": ours.pk}
    )
    assert response.status_code == 302
    assert not MeasureShare.objects.filter(organisation=other_org).exists()
