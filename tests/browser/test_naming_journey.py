"""A coach agrees to be named, shares a kaizen event's report publicly with their name in it,
then withdraws: the public page no longer names them. Every page checked by axe-core, the
public one at 375 px."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.events.models import Event
from kaizen.events.testing import make_reported_rpiw
from kaizen.testing import STEP_VALUES, assert_accessible, assert_fits_width, make_measure

START = dt.date(2024, 4, 1)


def _event(org: Organisation, coach: User) -> Event:
    measure = make_measure(org, STEP_VALUES, by=coach, improvement="increase")
    return make_reported_rpiw(org, coach, measure, START)


def test_a_coach_is_named_only_while_they_agree(
    signed_in_page: Callable[[User], Page], org: Organisation, coach_user: User
) -> None:
    coach_user.full_name = "Tomasz Nowicki"
    coach_user.save()
    _event(org, coach_user)
    page = signed_in_page(coach_user)
    page.goto(f"/o/{org.slug}/shared/")
    page.get_by_role("link", name="being named in shared learning").click()
    assert_accessible(page)
    page.get_by_label("Name me in what our organisation shares beyond itself").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("you may be named")).to_be_visible()

    page.goto(f"/o/{org.slug}/shared/")
    page.get_by_role("link", name="Share the report of “Discharge before midday RPIW”").click()
    expect(page.get_by_text("Improvement coach: Tomasz Nowicki")).to_be_visible()
    expect(page.get_by_text("Mapped the discharge")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Who may read it").select_option("public")
    page.get_by_role("button", name="Share this").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Discharge before midday RPIW")
    public_url = page.url

    page.goto(f"/o/{org.slug}/shared/naming")
    page.get_by_label("Name me in what our organisation shares beyond itself").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("taken out of 1 shared item")).to_be_visible()

    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(public_url)
    expect(page.get_by_text("Target sheet")).to_be_visible()
    expect(page.get_by_text("Tomasz Nowicki")).to_have_count(0)
    expect(page.get_by_text("Improvement coach", exact=True)).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page)
