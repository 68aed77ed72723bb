"""A member shares a project publicly; signed out, anyone finds it in the open library by a
word of its learning. Every page checked by axe-core and the Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.testing import assert_accessible, assert_fits_width, make_cycle, make_idea, make_project

LEARNED = "A chair alarm on every high-risk bed halved the falls at night"


def test_a_shared_project_is_found_signed_out_by_a_word_in_its_learning(
    signed_in_page: Callable[[User], Page], org: Organisation, staff_user: User
) -> None:
    project = make_project(org, staff_user, title="Fewer falls at night")
    make_cycle(make_idea(project, staff_user), staff_user, learned=LEARNED)
    page = signed_in_page(staff_user)
    page.goto("/o/riverside/")
    page.get_by_role("link", name="Shared learning").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Share the project “Fewer falls at night”").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share “Fewer falls at night”")
    expect(page.get_by_text(LEARNED)).to_be_visible()  # the owner reviews it first
    assert_accessible(page)
    page.get_by_label("Who may read it").select_option("public")
    page.get_by_role("button", name="Share this").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fewer falls at night")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/sign-in/")
    page.get_by_role("link", name="Open library").click()
    page.get_by_label("Search the open library").fill("alarm")
    page.get_by_role("button", name="Search").click()
    assert_accessible(page)
    page.get_by_role("link", name="Fewer falls at night").click()
    expect(page.get_by_text(LEARNED)).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page)
