"""Each role's home page at a desktop's 1280 px and a phone's 375 px: its own work, axe-core
clean, and no sideways scrolling."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Role
from kaizen.testing import (
    STEP_VALUES,
    assert_accessible,
    assert_fits_width,
    make_measure,
    make_project,
)

HEADINGS = {
    Role.STAFF: "Your measures",
    Role.COACH: "Projects needing support",
    Role.LEADER: "The board's report",
    Role.BOARD: "The board's report",
    Role.PATIENT_PARTNER: "Your projects",
    Role.ADMIN: "Projects needing support",
}


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_its_own_home(
    signed_in_page: Callable[[User], Page],
    member_for: Callable[[Role], User],
    org: Organisation,
    admin_user: User,
    role: Role,
    width: int,
) -> None:
    person = member_for(role) if role != Role.ADMIN else admin_user
    make_measure(
        org,
        STEP_VALUES,
        by=person if role == Role.STAFF else admin_user,
        name="Falls per 1,000 bed days",
        on_board=True,
    )
    make_project(org, person if role != Role.BOARD else admin_user, title="Safer nights")
    page = signed_in_page(person)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/o/riverside/")
    expect(page.get_by_role("heading", name=HEADINGS[role])).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page)
