"""An admin reads the chart advisor's suggestion in the board summary and accepts it there, by
keyboard, at a phone's width; every state checked by axe-core."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.measures.models import Measure
from kaizen.measures.tests.test_advice import RARE
from kaizen.testing import assert_accessible, make_measure


def test_the_board_summary_offers_the_advisors_suggestion(
    signed_in_page: Callable[[User], Page], admin_user: User, org: Organisation
) -> None:
    measure = make_measure(org, RARE, by=admin_user, name="Never events", chart="c", on_board=True)
    page = signed_in_page(admin_user)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(reverse("measures:board_summary", kwargs={"org": org.slug}))
    advice = page.locator("summary", has_text="Chart advice")
    expect(advice).to_be_visible()
    assert_accessible(page)

    advice.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("22 of the 24 points are zero")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Use a G chart for Never events").press("Enter")

    expect(page.get_by_text("The chart is now a")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Integrated quality report")
    assert_accessible(page)
    assert Measure.objects.get(pk=measure.pk).chart == "g"
