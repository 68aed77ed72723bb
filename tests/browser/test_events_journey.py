"""Journey (b) of issue 12: a coach plans an RPIW with its target sheet, runs its week with a
daily report-out, records the 30-day report-out and reads whether its measure held. Every page
checked by axe-core."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.testing import STEP_VALUES, assert_accessible, make_measure


def test_plan_run_and_follow_up_an_rpiw(
    signed_in_page: Callable[[User], Page], org: Organisation, coach_user: User
) -> None:
    # Monthly from January 2023; the rise the week brings shows from April 2024.
    make_measure(
        org, STEP_VALUES, by=coach_user, name="Discharges before noon", improvement="increase"
    )
    page = signed_in_page(coach_user)
    page.get_by_role("link", name="Events").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    assert_accessible(page)
    page.get_by_role("link", name="Plan an event").click()
    page.get_by_label("Title").fill("Discharge before noon")
    page.get_by_label("First day").fill("2024-04-01")
    page.get_by_label("Last day").fill("2024-04-05")
    page.get_by_label("Coach").select_option(label=str(coach_user))
    assert_accessible(page)
    page.get_by_role("button", name="Plan the event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Discharge before noon")

    page.get_by_label("Measure").select_option(label="Discharges before noon")
    page.get_by_label("Baseline").fill("80")
    page.get_by_label("Target", exact=True).fill("90")
    page.get_by_role("button", name="Add to the target sheet").click()
    expect(page.get_by_text("Discharges before noon: from 80.0 to 90.0")).to_be_visible()

    page.get_by_role("button", name="Agree the scope").click()
    expect(page.get_by_text("Marked done.")).to_be_visible()

    page.get_by_label("Report-out").select_option(label="Daily report-out")
    page.get_by_label("Date").fill("2024-04-02")
    page.get_by_label("Notes").fill("Mapped the current state with two patients.")
    page.get_by_role("button", name="Record the report-out").click()
    expect(page.get_by_text("Mapped the current state with two patients.")).to_be_visible()

    page.get_by_label("Report-out").select_option(label="30-day report-out")
    page.get_by_label("Date").fill("2024-05-05")
    page.get_by_label("Notes").fill("Still discharging earlier.")
    page.get_by_role("button", name="Record the report-out").click()
    finding = page.locator(".kaizen-finding")
    expect(finding).to_contain_text("Special cause in the predicted direction")
    assert_accessible(page)

    page.get_by_role("link", name="Value-stream map").click()
    page.get_by_label("Name").fill("Discharge letter")
    page.get_by_label("Cycle time (minutes)").fill("30")
    page.get_by_label("Wait before this step (minutes)").fill("90")
    page.get_by_role("button", name="Add the step").click()
    expect(page.locator(".vsm-ratio").first).to_have_text("25.0%")
    assert_accessible(page)
