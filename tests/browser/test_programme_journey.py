"""A leader sets a priority, starts a project aligned to it, sees it on the umbrella view, has
the programme-health indicators computed (projects by stage among them), opens one (read-only)
and the board report with its PDF (as it stood), searches the learning library, then records
the board's maturity self-assessment with an action. Every page checked by axe-core on the way;
the umbrella read on a phone too."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.programme.models import Component
from kaizen.testing import (
    assert_accessible,
    assert_fits_width,
    make_cycle,
    make_idea,
    make_measure,
    make_project,
)


def test_a_leader_aligns_work_and_reads_the_programmes_health(
    signed_in_page: Callable[[User], Page], org: Organisation, leader_user: User
) -> None:
    page = signed_in_page(leader_user)
    page.goto("/o/riverside/strategy/")
    page.get_by_label("New strategic priority").fill("No avoidable harm")
    page.get_by_role("button", name="Add priority").click()
    expect(page.get_by_text("Saved the strategy.")).to_be_visible()

    page.goto("/o/riverside/projects/new/")
    page.get_by_label("Title").fill("Fewer falls at night")
    page.get_by_label("The problem, in the team's words").fill("Patients fall at night")
    page.get_by_label("Lead").select_option(label=leader_user.display_name)
    page.get_by_label("Strategic priority").select_option(label="No avoidable harm")
    page.get_by_role("button", name="Start the project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fewer falls at night")
    make_measure(org, [5, 6, 5, 4], by=leader_user, name="Falls per 1,000 bed days")
    make_cycle(
        make_idea(make_project(org, leader_user, title="Tidy the sluice"), leader_user), leader_user
    )

    page.goto("/o/riverside/")
    page.get_by_role("link", name="Programme: all the work under our priorities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("All the work by priority")
    # The title is the page's name, not its form (which once rendered inside it).
    expect(page).to_have_title(re.compile(r"^Programme: all the work by priority – [^<]+$"))
    harm = page.get_by_role("region", name="No avoidable harm")
    expect(harm.get_by_role("link", name="Fewer falls at night")).to_be_visible()
    expect(page.get_by_text("1 project aligned to no priority.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Programme health").first.click()
    page.get_by_role("button", name="Recompute now").click()
    expect(page.get_by_text("Recomputed the indicators")).to_be_visible()
    # The two new projects stand at their method's first stage this month.
    expect(page.get_by_role("link", name="Projects at stage 1 of their method")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="PDSA cycles started").click()
    expect(page.get_by_text("Kaizen computes this measure from its own records")).to_be_visible()
    expect(page.get_by_role("link", name="Change the definition")).to_have_count(0)
    assert_accessible(page)

    page.goto("/o/riverside/programme/")
    page.get_by_label("Priority", exact=True).select_option(label="No avoidable harm")
    page.get_by_label("Measure that shows it").select_option(label="Falls per 1,000 bed days")
    page.get_by_role("button", name="Show the measure under the priority").click()
    expect(page.get_by_text("The measure now shows the priority.")).to_be_visible()
    harm = page.get_by_role("region", name="No avoidable harm")
    expect(harm.get_by_role("link", name="Falls per 1,000 bed days")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Board report").click()
    expect(page.get_by_role("heading", name="True North")).to_be_visible()
    expect(
        page.get_by_text("Icons, figures and readings as they stood at the end of")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Programme health in", exact=False)).to_be_visible()
    assert_accessible(page)
    response = page.request.get("/o/riverside/programme/report.pdf")
    assert response.ok and response.body().startswith(b"%PDF")
    page.get_by_role("link", name="What did we learn?").click()
    page.get_by_label("Verdict on its measures").select_option(
        label="Signal against the prediction"
    )
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No closed cycles match.")).to_be_visible()
    assert_accessible(page)
    page.goto("/o/riverside/measures/summary/?reach=all")
    expect(page.get_by_role("link", name="PDSA cycles started").first).to_be_visible()

    page.goto("/o/riverside/programme/")
    page.get_by_role("link", name="Maturity").click()
    page.get_by_role("link", name="Record an assessment").click()
    page.get_by_label("Who took part").fill("The board and the improvement team")
    for component in Component:
        section = page.get_by_role("group", name=component.label)
        section.get_by_label("Our rating").select_option(value="3")
        section.get_by_label("Why this rating").fill("Strong in the teams that test changes")
    assert_accessible(page)
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.get_by_text("Saved the self-assessment.")).to_be_visible()
    expect(page.get_by_text("PDSA cycles started").first).to_be_visible()
    page.get_by_label("For the component").select_option(label=Component.LEADERSHIP.label)
    page.get_by_label("What we will do").fill("Executives join a huddle each month")
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Executives join a huddle each month")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Maturity self-assessment").click()
    expect(page.get_by_role("img", name="Maturity rating of each component")).to_be_visible()
    assert_accessible(page)

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/o/riverside/programme/")
    assert_fits_width(page)
    assert_accessible(page)
