"""Another organisation adopts a change package, enters its data, and the source's spread page
shows both sites' verdicts: the source's evidence and the adopter's own. Every page checked by
axe-core and the Content-Security-Policy; the spread page fits a 375 px screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import DataPoint, Measure
from kaizen.network.models import ChangePackage, Network
from kaizen.network.packages import package_create
from kaizen.projects.services import measure_link_add
from kaizen.testing import (
    assert_accessible,
    assert_fits_width,
    make_idea,
    make_measure,
    make_project,
    months,
)

START = dt.date(2024, 9, 1)
BEFORE = [10, 11, 9, 10, 12, 9, 10, 11, 10, 9, 10, 11, 9, 10, 12, 10, 9, 11, 10, 10]
AFTER = [20, 21, 19, 22, 20, 21, 20, 19]
PACKAGE = "Falls prevention bundle"


def _package(org: Organisation, other_org: Organisation, coach: User) -> ChangePackage:
    network = Network.objects.create(name="North ICS")
    network.organisations.add(org, other_org)
    measure = make_measure(
        org, BEFORE + AFTER, by=coach, name="Patients checked hourly", improvement="increase"
    )
    project = make_project(org, coach, title="Fewer falls")
    idea = make_idea(project, coach, title="Intentional rounding", started_on=START)
    measure_link_add(project=project, measure=measure, by=coach, idea=idea, direction="increase")
    return package_create(
        organisation=org,
        by=coach,
        title=PACKAGE,
        network=network,
        aim="Halve falls at night",
        how_to_start="Start on one bay for a week.",
        ideas=[idea],
        measures=[measure],
    )


def test_an_adopters_verdict_shows_on_the_source_spread_page(
    signed_in_page: Callable[[User], Page],
    org: Organisation,
    other_org: Organisation,
    coach_user: User,
    outsider: User,
) -> None:
    package = _package(org, other_org, coach_user)
    page = signed_in_page(outsider)
    page.goto(f"/o/{other_org.slug}/shared/")
    page.get_by_role("link", name="change packages").click()
    page.get_by_role("link", name=PACKAGE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PACKAGE)
    assert_accessible(page)
    page.get_by_role("button", name="Adopt this change").click()  # an NHS.UK button link
    assert_accessible(page)
    page.get_by_label("When you start testing it").fill(START.isoformat())
    page.get_by_role("button", name="Adopt this change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PACKAGE)  # our own project

    # Our history before the last month came from an upload; the last month is typed in.
    measure = Measure.objects.get(organisation=other_org)
    history = BEFORE + AFTER[:-1]
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, period=period, value=value)
        for period, value in zip(months(len(history)), history, strict=True)
    )
    page.goto(f"/o/{other_org.slug}/measures/{measure.pk}/")
    last = months(len(history) + 1)[-1]
    page.get_by_label("Period", exact=True).first.fill(last.isoformat())
    page.get_by_label("Value", exact=True).fill(str(AFTER[-1]))
    page.get_by_role("button", name="Save the value").click()
    expect(page.get_by_role("status")).to_contain_text("Added the value")

    # The source's coach reads where the change spread, on a phone.
    page.context.clear_cookies()
    page = signed_in_page(coach_user)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/o/{org.slug}/shared/packages/{package.pk}/")
    evidence = page.locator(".nhsuk-card").filter(has_text="Tested by Riverside NHS Trust")
    expect(evidence).to_contain_text("Signal in the predicted direction")  # at the source
    row = page.get_by_role("row").filter(has_text=other_org.name)
    expect(row).to_contain_text("Worked here")  # the adopter's own data
    expect(row).to_contain_text("signal in the predicted direction")
    expect(page.get_by_role("img", name="Where the change has spread")).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page)
