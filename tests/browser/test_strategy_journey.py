"""A leader writes the North Star and the strategic priorities, names a priority's executive
owner, cascades its objective to a ward, gives a programme an owner, and deletes a priority
only by moving its work; a colleague reads it all on a phone. Every page checked by axe-core."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.strategy.models import ProgrammeTag
from kaizen.testing import assert_accessible, assert_fits_width, make_project

NORTH_STAR = "No avoidable harm, no waits that matter to patients."


def test_a_leader_sets_the_direction_and_a_colleague_reads_it(
    signed_in_page: Callable[[User], Page], leader_user: User, staff_user: User
) -> None:
    page = signed_in_page(leader_user)
    page.get_by_role("link", name="North Star").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("North Star and priorities")
    assert_accessible(page)

    page.get_by_label("North Star").fill(NORTH_STAR)
    page.get_by_role("button", name="Save the North Star").click()
    expect(page.get_by_text("Saved the strategy.")).to_be_visible()
    page.get_by_label("New strategic priority").fill("Safe care")
    page.get_by_role("button", name="Add priority").click()
    page.get_by_label("New strategic priority").fill("safe care")
    page.get_by_role("button", name="Add priority").click()
    expect(page.get_by_role("alert")).to_contain_text("There is already one called “safe care”.")
    assert_accessible(page)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 800})
    page = signed_in_page(staff_user)
    expect(page.get_by_text(NORTH_STAR)).to_be_visible()  # on the home page
    page.goto("/o/riverside/strategy/")
    expect(page.get_by_text(NORTH_STAR)).to_be_visible()
    expect(page.get_by_role("link", name="Safe care")).to_be_visible()
    expect(page.get_by_role("button", name="Add priority")).to_have_count(0)
    assert_accessible(page)


def test_a_priority_gets_an_owner_objectives_and_is_deleted_by_moving_its_work(
    signed_in_page: Callable[[User], Page], org: Organisation, leader_user: User
) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Larch Ward")
    ProgrammeTag.objects.create(organisation=org, name="GIRFT")
    page = signed_in_page(leader_user)
    page.goto("/o/riverside/strategy/")
    for name in ("No avoidable harm", "No waits"):
        page.get_by_label("New strategic priority").fill(name)
        page.get_by_role("button", name="Add priority").click()
    page.get_by_role("link", name="No avoidable harm").click()
    page.get_by_label("Executive owner").select_option(label=leader_user.display_name)
    page.get_by_label("Statement").fill("Nobody harmed by the care meant to help them")
    page.get_by_role("button", name="Save the priority").click()
    expect(page.get_by_text("Executive owner: " + leader_user.display_name)).to_be_visible()

    page.get_by_label("Objective", exact=True).fill("Halve falls with harm")
    page.get_by_label("Year").fill("2026")
    page.get_by_role("button", name="Add the objective").click()
    page.get_by_label("Objective", exact=True).fill("Bed rails on the night round")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Unit").select_option(label="Larch Ward")
    page.get_by_label("Serves the objective").select_option(label="Halve falls with harm")
    page.get_by_role("button", name="Add the objective").click()
    nested = page.get_by_role("listitem").filter(has_text="Halve falls with harm")
    expect(nested.get_by_text("Bed rails on the night round", exact=True)).to_be_visible()
    assert_accessible(page)

    make_project(org, leader_user, title="Fewer falls", priority=ward.objectives.get().priority)
    page.get_by_role("link", name="Delete this priority").click()
    expect(page.get_by_text("1 projects")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Move the work and delete").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose the priority to move that work to")
    page.get_by_label("Move its work to").select_option(label="No waits")
    page.get_by_role("button", name="Move the work and delete").click()
    expect(page.get_by_text("Deleted the priority “No avoidable harm”.")).to_be_visible()

    page.get_by_role("link", name="Change GIRFT").click()
    page.get_by_label("Description").fill("Getting It Right First Time")
    page.get_by_label("Owner").select_option(label=leader_user.display_name)
    assert_accessible(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Getting It Right First Time")).to_be_visible()
    page.set_viewport_size({"width": 375, "height": 800})
    assert_fits_width(page)
    assert_accessible(page)


def test_a_page_the_role_may_not_use_explains_itself(
    signed_in_page: Callable[[User], Page], staff_user: User
) -> None:
    page = signed_in_page(staff_user)
    response = page.goto("/o/riverside/members/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot do this")
    expect(page.get_by_text("Your role cannot manage organisation.")).to_be_visible()
    assert_accessible(page)
