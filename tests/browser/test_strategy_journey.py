"""A leader writes the North Star and the strategic priorities; a colleague reads them on a
phone. Every page checked by axe-core on the way."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from kaizen.accounts.models import User
from kaizen.testing import assert_accessible

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
    expect(page.get_by_role("listitem").filter(has_text="Safe care")).to_be_visible()
    expect(page.get_by_role("button", name="Add priority")).to_have_count(0)
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
