"""A member compares a shared measure across its network: the members' SPC charts side by side
and a funnel plot, read on a phone. Checked by axe-core and the Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Role
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.services import measure_refresh
from kaizen.network.comparison import measure_share, network_measure_create
from kaizen.network.models import Network
from kaizen.testing import (
    assert_accessible,
    assert_fits_width,
    make_measure,
    make_member,
    make_organisation,
    months,
)

NAME = "Falls risk assessed"


def _proportion(org: Organisation, by: User, share: float, count: int) -> Measure:
    measure = make_measure(org, by=by, name=NAME, chart="p", multiplier=100, frequency="monthly")
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, period=period, numerator=round(count * share), denominator=count)
        for period in months(24)
    )
    return measure_refresh(measure=measure)


def test_a_member_compares_a_measure_across_the_network(
    signed_in_page: Callable[[User], Page],
    org: Organisation,
    other_org: Organisation,
    admin_user: User,
    outsider: User,
) -> None:
    third = make_organisation("Meadow Trust", "meadow")
    third_admin = make_member(third, Role.ADMIN, "admin@meadow.example")
    network = Network.objects.create(name="North ICS")
    network.organisations.add(org, other_org, third)
    shared = network_measure_create(
        network=network, measure=_proportion(org, admin_user, 0.8, 100), by=admin_user
    )
    for member, admin, share, count in (
        (other_org, outsider, 0.6, 900),
        (third, third_admin, 0.7, 300),
    ):
        measure_share(
            network_measure=shared, measure=_proportion(member, admin, share, count), by=admin
        )

    page = signed_in_page(admin_user)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/o/{org.slug}/shared/")
    page.get_by_role("link", name="compare measures across your networks").click()
    page.get_by_role("link", name=NAME).click()
    expect(page.get_by_role("img", name="Funnel plot")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Hillside Hospital")
    # Three members differ by more than chance: the adjusted limits hold them all.
    expect(row).to_contain_text("Within the limits")
    expect(page.get_by_role("heading", name="Meadow Trust")).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page)
