"""A coach edits a driver diagram from the keyboard alone, the drawing beside the outline
following each edit, on a desktop and on a phone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.testing import assert_accessible, assert_fits_width, make_driver, make_project


@pytest.mark.parametrize("width", [1280, 375])
def test_a_coach_edits_the_outline_by_keyboard(
    signed_in_page: Callable[[User], Page],
    org: Organisation,
    staff_user: User,
    coach_user: User,
    width: int,
) -> None:
    project = make_project(org, staff_user)
    make_driver(project, "Reliable care at night")
    page = signed_in_page(coach_user)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/o/riverside/projects/{project.pk}/drivers/")
    drawing = page.get_by_role("img", name="Driver diagram of Fewer falls")
    before = drawing.get_attribute("src")
    # Only the driver's name and a "Change" toggle show until the coach opens it.
    expect(page.get_by_role("button", name="Rename “Reliable care at night”")).to_be_hidden()
    page.locator("summary", has_text="Change “Reliable care at night”").focus()
    page.keyboard.press("Enter")
    rename = page.get_by_label("Rename “Reliable care at night”")
    rename.fill("Safe care at night")
    rename.press("Enter")
    expect(page.get_by_text("Primary driver: Safe care at night")).to_be_visible()
    expect(drawing).not_to_have_attribute("src", before or "")
    assert_accessible(page)
    assert_fits_width(page)
