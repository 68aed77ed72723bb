"""A busy huddle board on a phone, checked by axe-core: a column shows its oldest cards, and
"Show all", reached by keyboard, opens the column in full so every idea can be acted on."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, ViewportSize, expect

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.ideas import services
from kaizen.ideas.boards import CARDS_PER_COLUMN
from kaizen.testing import assert_accessible

PHONE: ViewportSize = {"width": 375, "height": 800}


def test_a_leader_opens_a_long_column_by_keyboard_and_answers_its_newest_idea(
    signed_in_page: Callable[[User], Page],
    org: Organisation,
    staff_user: User,
    leader_user: User,
) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 3")
    for number in range(CARDS_PER_COLUMN + 1):
        services.idea_raise(
            organisation=org,
            by=staff_user,
            values={"problem": f"Idea {number}: the hoist battery", "unit": ward},
        )
    page = signed_in_page(leader_user)
    page.set_viewport_size(PHONE)
    page.goto(f"/o/riverside/ideas/boards/{ward.pk}/")
    newest = page.get_by_role("link", name=f"Idea {CARDS_PER_COLUMN}: the hoist battery")
    expect(newest).to_have_count(0)
    show_all = page.get_by_role("link", name=f"Show all {CARDS_PER_COLUMN + 1} new ideas")
    show_all.focus()
    page.keyboard.press("Enter")
    expect(newest).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert_accessible(page)
    newest.click()
    expect(page.get_by_label("Your answer")).to_be_visible()
