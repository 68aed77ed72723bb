"""A ward team starts a project from the method template, builds its driver diagram, runs two PDSA
cycles with predictions, enters data, sees the verdict and accepts the suggested recalculation:
every page checked by axe-core on the way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import Annotation, Measure
from kaizen.testing import WEEKLY_FALLS, assert_accessible, make_measure

# Twenty stable weeks, then six weeks a little lower after the change: one more week below the
# centre line completes a shift (seven points), which the journey enters through the measure page.
BASELINE = [10 + (0.5 if i % 2 else -0.5) for i in range(20)]
AFTER = [9.6, 9.4] * 3


def monday(weeks_ago: int) -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday(), weeks=weeks_ago)


@pytest.fixture
def falls(org: Organisation, staff_user: User) -> Measure:
    return make_measure(
        org,
        BASELINE + AFTER,
        by=staff_user,
        start=monday(30),
        **WEEKLY_FALLS,
    )


def section(page: Page, heading: str) -> Locator:
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def check(page: Page, heading: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_a_team_runs_a_project_from_template_to_verdict(
    signed_in_page: Callable[[User], Page], staff_user: User, falls: Measure
) -> None:
    page = signed_in_page(staff_user)
    # Projects sit in the header's Improvement section.
    page.get_by_role("navigation", name="Organisation").get_by_role(
        "link", name="Improvement"
    ).click()
    page.get_by_role("main").get_by_role("link", name="Projects").click()
    check(page, "Improvement projects")

    # Start a project: the Model for Improvement asks for the problem and a lead first.
    page.get_by_role("link", name="Start a project").click()
    check(page, "Start a project")
    page.get_by_label("Title").fill("Fewer falls at night on Ward 7")
    page.get_by_role("button", name="Start the project").click()
    expect(page.get_by_role("alert")).to_contain_text("Scoping needs the problem")
    assert_accessible(page)
    page.get_by_label("The problem, in the team's words").fill("Patients fall at night")
    page.get_by_label("What will improve").fill("Reduce falls")
    page.get_by_label("How much").fill("from 10 to 8 per 1,000 bed days")
    page.get_by_label("By when").fill("2027-06-30")
    page.get_by_label("Lead").select_option(label=staff_user.display_name)
    page.get_by_role("button", name="Start the project").click()
    check(page, "Fewer falls at night on Ward 7")
    expect(page.get_by_text("Aim: Reduce falls from 10 to 8 per 1,000 bed days")).to_be_visible()

    # The driver diagram, edited in place with HTMX.
    page.get_by_role("link", name="Open the driver diagram").click()
    check(page, "Driver diagram")
    page.get_by_label("New primary driver").fill("Reliable care at night")
    page.get_by_role("button", name="Add primary driver").click()
    secondary = page.get_by_label("New secondary driver under “Reliable care at night”")
    secondary.fill("Hourly rounding")
    page.get_by_role("button", name="Add secondary driver under “Reliable care at night”").click()
    expect(page.get_by_text("Secondary driver: Hourly rounding")).to_be_visible()
    assert_accessible(page)

    # A change idea under the secondary driver, and its first cycle.
    page.get_by_role("link", name="Add a change idea to “Hourly rounding”").click()
    check(page, "Add a change idea")
    page.get_by_label("Title").fill("Intentional rounding")
    page.get_by_role("button", name="Add the idea").click()
    check(page, "Intentional rounding")

    page.get_by_role("link", name="Plan a first cycle").click()
    check(page, "Plan the first cycle")
    page.get_by_label("Title").fill("One bay for a week")
    page.get_by_label("Objective").fill("Is hourly rounding feasible at night?")
    page.get_by_label("What we predict will happen").fill("Staff complete 80% of rounds")
    page.get_by_role("button", name="Save the plan").click()
    check(page, "One bay for a week")

    today = timezone.localdate().isoformat()
    do = section(page, "Do")
    do.get_by_label("Started on").fill(today)
    do.get_by_label("What happened").fill("Rounds done in bay 2")
    do.get_by_role("button", name="Save the do").click()
    study = section(page, "Study")
    study.get_by_label("Results compared with the prediction").fill("74% done, below the 80%")
    study.get_by_label("Studied on").fill(today)
    study.get_by_role("button", name="Save the study").click()
    act = section(page, "Act")
    act.get_by_label("Decision", exact=True).select_option(label="Adapt")
    act.get_by_label("Decision reason").fill("Rounds slip in the small hours")
    act.get_by_role("button", name="Close the cycle").click()
    expect(page.get_by_role("alert")).to_contain_text("a cycle cannot be closed without it")
    assert_accessible(page)
    act = section(page, "Act")
    act.get_by_label("What we learned").fill("A 02:00 huddle is needed")
    act.get_by_role("button", name="Close the cycle").click()
    expect(page.get_by_text("PDSA cycle 1 (Closed)")).to_be_visible()
    assert_accessible(page)

    # The second cycle builds on the first, predicts a fall, and is linked to the measure.
    page.get_by_role("link", name="Intentional rounding").first.click()
    page.get_by_role("link", name="Plan the next cycle").click()
    check(page, "Plan cycle 2")
    expect(page.get_by_text("This cycle builds on cycle 1")).to_be_visible()
    page.get_by_label("Title").fill("The whole ward with a 02:00 huddle")
    page.get_by_label("Objective").fill("Keep rounds going all night")
    page.get_by_label("What we predict will happen").fill("Falls drop below 10 per 1,000")
    page.get_by_role("button", name="Save the plan").click()
    check(page, "The whole ward with a 02:00 huddle")
    do = section(page, "Do")
    do.get_by_label("Started on").fill(monday(10).isoformat())
    do.get_by_role("button", name="Save the do").click()
    page.get_by_label("Measure").select_option(label=falls.name)
    page.get_by_label("The change should make it").select_option(label="Decrease")
    page.get_by_role("button", name="Link measure").click()
    expect(page.get_by_text("Too few points to tell")).to_be_visible()
    expect(page.get_by_text("1 more are needed")).to_be_visible()
    assert_accessible(page)
    cycle_url = page.url

    # A week's data arrives on the measure's page.
    page.goto(f"/o/riverside/measures/{falls.pk}/")
    page.get_by_label("Period", exact=True).first.fill(monday(4).isoformat())
    page.get_by_label("Value", exact=True).fill("9.5")
    # The form saves through HTMX: wait for its answer before leaving the page.
    with page.expect_response(lambda response: "/data/" in response.url):
        page.get_by_role("button", name="Save the value").click()
    # The verdict follows the data at once, and the measure's page says so under the chart.
    tested = page.locator(".kaizen-changes")
    expect(
        tested.get_by_role(
            "link", name="Change started: Cycle 2: The whole ward with a 02:00 huddle"
        )
    ).to_be_visible()
    expect(tested.get_by_text("Signal in the predicted direction")).to_be_visible()
    assert_accessible(page)

    page.goto(cycle_url)
    expect(page.get_by_text("Signal in the predicted direction").first).to_be_visible()
    assert_accessible(page)
    start = monday(10)
    page.get_by_role("button", name=f"Recalculate limits from {start:%-d %B %Y}").click()
    expect(page.get_by_text(f"Recalculated the limits of “{falls.name}”")).to_be_visible()
    assert_accessible(page)
    assert Annotation.objects.filter(measure=falls, starts_segment=True, period=start).exists()

    # The project page shows the verdict and how faithfully the method was followed.
    page.get_by_role("link", name="Fewer falls at night on Ward 7").click()
    expect(page.get_by_text("Signal in the predicted direction").first).to_be_visible()
    expect(page.get_by_text("Met: The aim has a measurable amount")).to_be_visible()
    assert_accessible(page)

    # The diagram now carries the idea, which can be renamed or moved from the tree.
    page.get_by_role("link", name="Open the driver diagram").click()
    expect(page.get_by_label("Rename the change idea “Intentional rounding”")).to_be_visible()
    assert_accessible(page)


def test_a_coach_adapts_the_method_and_the_team_grows(
    signed_in_page: Callable[[User], Page], coach_user: User, org: Organisation
) -> None:
    page = signed_in_page(coach_user)
    page.goto("/o/riverside/projects/method/")
    check(page, "Improvement method")
    page.get_by_role("link", name="Adapt the DMAIC (Six Sigma) template").click()
    check(page, "Adapt the DMAIC (Six Sigma)")
    page.get_by_label("Name", exact=True).first.fill("Define the problem")
    page.get_by_role("button", name="Save the template").click()
    expect(page.get_by_text("Saved the DMAIC (Six Sigma) template.")).to_be_visible()
    expect(page.get_by_text("Define the problem: needs")).to_be_visible()
    page.get_by_role("button", name="Use the DMAIC (Six Sigma) for new projects").click()
    expect(page.get_by_text("New projects now use the DMAIC (Six Sigma).")).to_be_visible()
    assert_accessible(page)

    page.goto("/o/riverside/projects/new/")
    page.get_by_label("Title").fill("Theatre start times")
    page.get_by_label("The problem, in the team's words").fill("Lists start late")
    page.get_by_label("What will improve").fill("On-time starts")
    page.get_by_label("Lead").select_option(label=coach_user.display_name)
    page.get_by_label("Sponsor").select_option(label=coach_user.display_name)
    page.get_by_role("button", name="Start the project").click()
    check(page, "Theatre start times")
    page.get_by_role("link", name="Add a team member").click()
    check(page, "Add a team member")
    page.get_by_label("Or their name, if they have no account").fill("Pat Jones")
    page.get_by_label("Role").fill("Patient partner")
    page.get_by_label("Patient, service user or carer partner").check()
    page.get_by_label("Level of involvement (patient partners)").select_option(label="Co-led")
    page.get_by_role("button", name="Add to the team").click()
    expect(page.get_by_text("Pat Jones, Patient partner (patient partner, co-led)")).to_be_visible()
    assert_accessible(page)

    page.goto("/o/riverside/projects/search/?q=theatre")
    check(page, "Search change ideas and cycles")
    page.goto("/o/riverside/notifications/")
    check(page, "Notifications")
    page.goto("/o/riverside/projects/?fidelity=low")
    check(page, "Improvement projects")
    expect(page.get_by_role("link", name="Theatre start times")).to_be_visible()
