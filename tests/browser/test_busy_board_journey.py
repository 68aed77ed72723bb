"""A busy huddle board on a phone, checked by axe-core: a column shows its oldest cards, and
"Show all", reached by keyboard, opens the column in full so every idea can be acted on; the
stalled page comes a page at a time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.ideas import services
from kaizen.ideas.boards import CARDS_PER_COLUMN
from kaizen.ideas.models import Idea
from kaizen.testing import assert_accessible, assert_fits_width

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
    assert_fits_width(page)
    assert_accessible(page)
    newest.click()
    expect(page.get_by_label("Your answer")).to_be_visible()


def test_a_leader_pages_through_what_is_stalled_on_a_phone(
    signed_in_page: Callable[[User], Page],
    org: Organisation,
    staff_user: User,
    leader_user: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Ten a page (the live server runs in this process) stands for fifty of many more.
    monkeypatch.setattr("kaizen.ideas.board_views.STALLED_PAGE", 10)
    ward = OrgUnit.objects.create(organisation=org, name="Ward 3")
    for number in range(12):
        services.idea_raise(
            organisation=org, by=staff_user, values={"problem": f"Idea {number}", "unit": ward}
        )
    Idea.objects.update(raised_at=timezone.now() - dt.timedelta(days=10))
    page = signed_in_page(leader_user)
    page.set_viewport_size(PHONE)
    page.goto(f"/o/riverside/ideas/stalled/?unit={ward.pk}")
    expect(page.get_by_role("heading", name="Ideas (12)")).to_be_visible()
    assert_accessible(page)
    newer = page.get_by_role("link", name="Newer")
    newer.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("The oldest first: 11 to 12.")).to_be_visible()
    assert_fits_width(page)
    assert_accessible(page)
