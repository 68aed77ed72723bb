"""Journey (b) of issue 12: a coach plans an RPIW with its target sheet and preparation, holds
its week with a daily report-out and a photo, records the 30-day follow-up and reads whether its
measure held, then maps the value stream, watching the drawing follow what is typed; the week's
team lead takes its work forward to the huddle board and a project, and reads the hours released
for improvement. Every page checked by axe-core."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.events import services
from kaizen.events.models import Event, Participant
from kaizen.events.services import preparation_install_defaults
from kaizen.testing import (
    STEP_VALUES,
    assert_accessible,
    assert_fits_width,
    make_measure,
    make_project,
)


def board_photo() -> dict[str, object]:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (80, 60), "#005EB8").save(out, format="JPEG")
    return {"name": "board.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def plan_the_event(page: Page, coach_user: User) -> None:
    page.get_by_role("link", name="Events").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events")
    assert_accessible(page)
    page.get_by_role("link", name="The usual preparation for an event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Usual preparation for an event")
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Plan an event").click()
    page.get_by_label("Title").fill("Discharge before noon")
    page.get_by_label("First day").fill("2024-04-01")
    page.get_by_label("Last day").fill("2024-04-05")
    page.get_by_label("Process owner").select_option(label=str(coach_user))
    page.get_by_label("Coach").select_option(label=str(coach_user))
    assert_accessible(page)
    page.get_by_role("button", name="Plan the event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Discharge before noon")


def test_plan_hold_and_follow_up_an_rpiw(
    signed_in_page: Callable[[User], Page], org: Organisation, coach_user: User
) -> None:
    preparation_install_defaults(organisation=org)
    # Monthly from January 2023; the rise the week brings shows from April 2024.
    make_measure(
        org, STEP_VALUES, by=coach_user, name="Discharges before noon", improvement="increase"
    )
    page = signed_in_page(coach_user)
    plan_the_event(page, coach_user)

    page.get_by_label("Measure").select_option(label="Discharges before noon")
    page.get_by_label("Baseline").fill("80")
    page.get_by_label("Target", exact=True).fill("90")
    page.get_by_role("button", name="Add to the target sheet").click()
    expect(page.get_by_text("Discharges before noon: from 80.0 to 90.0")).to_be_visible()

    page.get_by_role("button", name=re.compile(r"^Mark done\W+Agree the scope")).click()
    expect(page.get_by_text("Marked done.")).to_be_visible()

    # The week: a daily report-out with a photo of the team's board.
    page.get_by_label("Date").fill("2024-04-02")
    page.get_by_label("Notes").fill("Mapped the current state with two patients.")
    page.get_by_label("Photo (optional, JPEG or PNG)").set_input_files(board_photo())
    page.get_by_label("Describe the photo").fill("The team's board of the current state")
    page.get_by_role("button", name="Record the report-out").click()
    expect(page.get_by_text("Mapped the current state with two patients.")).to_be_visible()
    expect(page.get_by_alt_text("The team's board of the current state")).to_be_visible()

    # Thirty days on: the follow-up reads whether the gain held.
    page.get_by_role("link", name="30-day follow-up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("30-day follow-up")
    assert_accessible(page)
    page.get_by_label("Date").fill("2024-05-06")
    page.get_by_label("Notes").fill("Still discharging earlier.")
    page.get_by_role("button", name="Record the 30-day follow-up").click()
    finding = page.locator(".kaizen-finding")
    expect(finding).to_contain_text("Held")
    expect(finding).to_contain_text("The gain holds")
    expect(page.locator(".kaizen-follow-up").first).to_contain_text("Done")
    assert_accessible(page)


def test_map_the_value_stream_write_the_sipoc_and_the_control_plan(
    signed_in_page: Callable[[User], Page], org: Organisation, coach_user: User
) -> None:
    make_measure(org, STEP_VALUES, by=coach_user, name="Patients waiting", improvement="decrease")
    page = signed_in_page(coach_user)
    plan_the_event(page, coach_user)
    page.get_by_role("link", name="Value-stream map").click()
    assert_accessible(page)
    step = page.locator("fieldset", has_text="Current state: new step")
    step.get_by_label("Step", exact=True).fill("Discharge letter")
    step.get_by_label("Cycle time (minutes)").fill("30")
    step.get_by_label("Wait before this step (minutes)").fill("90")
    # Drawn as it is typed, before anything is saved.
    expect(page.locator(".vsm-ratio").first).to_have_text("25.0%")
    expect(page.locator("#vsm-drawing svg")).to_have_count(1)
    page.get_by_role("button", name="Save the map").click()
    expect(page.get_by_text("Saved the value-stream map.")).to_be_visible()
    expect(page.locator(".vsm-ratio").first).to_have_text("25.0%")
    assert_accessible(page)
    page.get_by_role("link", name="Discharge before noon").last.click()
    page.get_by_role("link", name="SIPOC").click()
    page.get_by_label("Suppliers").fill("Ward doctors\nPharmacy")
    page.get_by_role("button", name="Save the SIPOC").click()
    expect(page.locator("li", has_text="Pharmacy")).to_be_visible()
    assert_accessible(page)

    # The control plan holds the gain: its line says when the chart calls for the reaction.
    page.get_by_role("link", name="Discharge before noon").last.click()
    page.get_by_role("link", name="Control plan").click()
    page.get_by_label("What is measured").select_option(label="Patients waiting")
    page.get_by_label("How often it is checked").fill("Every Monday at the huddle")
    page.get_by_label("Who checks it").select_option(label=str(coach_user))
    page.get_by_label("Reaction plan").fill("Tell the matron and run a PDSA cycle on the cause.")
    page.get_by_role("button", name="Add to the control plan").click()
    expect(page.get_by_text("Follow the reaction plan now")).to_be_visible()
    assert_accessible(page)


def test_the_week_takes_work_forward_and_the_hours_show(
    signed_in_page: Callable[[User], Page], org: Organisation, coach_user: User, staff_user: User
) -> None:
    """The event's team lead, during the week, raises an idea and an action on the ward's huddle
    board and a change idea in their project; the event's page shows each as it stands, and
    the hours released for improvement show the week's hours, on a phone too."""
    ward = OrgUnit.objects.create(organisation=org, name="Larch Ward", kind=OrgUnit.Kind.WARD)
    today = timezone.localdate()
    event = services.event_create(
        event=Event(
            organisation=org,
            title="Discharge before noon",
            unit=ward,
            starts_on=today,
            ends_on=today + dt.timedelta(days=4),
            team_lead=staff_user,
        ),
        by=coach_user,
    )
    Participant.objects.create(event=event, person=staff_user, release_hours=Decimal("37.5"))
    make_project(org, staff_user, title="Earlier discharges", lead=staff_user)

    page = signed_in_page(staff_user)
    page.goto(f"/o/{org.slug}/events/{event.pk}/")
    expect(page.locator("#taken-forward + p + p")).to_have_text("Nothing yet.")
    page.get_by_role("link", name="Raise an idea, an action or a change idea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Take it forward: Discharge before noon"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Raise the idea").click()
    expect(page.get_by_role("link", name="Say what the problem is.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What is the problem?").fill("Letters wait for the consultant")
    page.get_by_role("button", name="Raise the idea").click()
    expect(page.get_by_text("Raised the idea on the huddle board.")).to_be_visible()
    expect(page.locator(".kaizen-spawned")).to_contain_text("Letters wait for the consultant")
    expect(page.locator(".kaizen-spawned")).to_contain_text("New")

    page.get_by_role("link", name="Raise an idea, an action or a change idea").click()
    page.get_by_label("Action").fill("Order a second printer")
    page.get_by_label("Owner").select_option(label=str(staff_user))
    page.get_by_label("Due").fill((today + dt.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("its owner is told")).to_be_visible()
    page.get_by_role("link", name="Raise an idea, an action or a change idea").click()
    page.get_by_label("Project").select_option(label="Earlier discharges")
    page.get_by_label("Change idea").fill("Pharmacy first")
    page.get_by_role("button", name="Add the change idea").click()
    expect(page.locator(".kaizen-spawned")).to_have_count(3)
    expect(page.locator(".kaizen-spawned").nth(2)).to_contain_text("Testing")
    assert_accessible(page)

    # The idea is on the ward's board, answered there like any other.
    page.locator(".kaizen-spawned").first.get_by_role("link").click()
    expect(page.get_by_text("Letters wait for the consultant").first).to_be_visible()

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"/o/{org.slug}/events/")
    page.get_by_role("link", name="Hours released for improvement, by unit and month").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hours released for improvement")
    ward_events = page.locator("tbody", has_text="Larch Ward").get_by_role("row").first
    expect(ward_events).to_contain_text("37.5")
    assert_accessible(page)
    assert_fits_width(page)
