"""Journey (a) of issue 12: a member finds a session full, joins its waiting list, is offered
the freed place and accepts it, attends, and sees their tier and their unit's dosage rise.
Every page checked by axe-core, one of them on a phone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import Page, expect

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.testing import assert_accessible, assert_fits_width
from kaizen.training import services
from kaizen.training.models import Booking, Session
from kaizen.training.tests.helpers import make_course, make_session


def test_waiting_list_to_a_tier(
    signed_in_page: Callable[[User], Page],
    org: Organisation,
    staff_user: User,
    patient_user: User,
    coach_user: User,
) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Larch Ward", kind=OrgUnit.Kind.WARD)
    Membership.objects.filter(user=staff_user).update(unit=ward)
    session = make_session(make_course(org, rank=2), by=coach_user, capacity=1)
    services.book(session=session, person=patient_user, by=patient_user)

    page = signed_in_page(staff_user)
    page.get_by_role("link", name="Training").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    assert_accessible(page)
    page.get_by_role("link", name="Course at Foundation").first.click()
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.get_by_text("you are on its waiting list")).to_be_visible()
    assert_accessible(page)

    # The person with the place gives it up: it is offered to the first in line.
    services.cancel(booking=Booking.objects.get(person=patient_user), by=patient_user)
    page.reload()
    expect(page.locator("#my-status")).to_contain_text("Offered a freed place")
    page.get_by_role("button", name="Accept the place").click()
    expect(page.get_by_text("You have accepted the place.")).to_be_visible()

    # The day of the session: the coach marks who came.
    started = timezone.now() - dt.timedelta(minutes=5)
    Session.objects.filter(pk=session.pk).update(
        starts_at=started, ends_at=started + dt.timedelta(hours=3)
    )
    page.context.clear_cookies()
    page = signed_in_page(coach_user)
    page.goto(f"/o/{org.slug}/training/sessions/{session.pk}/")
    page.get_by_label(f"Attendance of {staff_user}").select_option("present")
    page.get_by_role("button", name="Save the attendance").click()
    expect(page.get_by_text("Saved the attendance.")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 800})
    page = signed_in_page(staff_user)
    page.goto(f"/o/{org.slug}/training/me/")
    expect(page.locator("#my-tier")).to_contain_text("Foundation")
    assert_accessible(page)
    page.goto(f"/o/{org.slug}/training/dosage/")
    ward_row = page.get_by_role("row").filter(has_text="Larch Ward")
    expect(ward_row).to_contain_text("1 (100%)")
    assert_accessible(page)
    assert_fits_width(page)

    # The ward's own page charts the rise, tier by tier, against its target.
    ward_row.get_by_role("link", name="Larch Ward").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("QI dosage: Larch Ward")
    expect(page.get_by_text("Now: 1 of 1 (100%); target 20%")).to_be_visible()
    assert_accessible(page)
    assert_fits_width(page)
    page.goto(f"/o/{org.slug}/")
    expect(page.locator("#home-tier")).to_contain_text("Foundation")
    assert_accessible(page)


def test_a_coach_reorders_the_ladder_and_cancels_a_session(
    signed_in_page: Callable[[User], Page],
    org: Organisation,
    staff_user: User,
    coach_user: User,
) -> None:
    session = make_session(make_course(org, rank=1), by=coach_user, capacity=4)
    services.book(session=session, person=staff_user, by=staff_user)

    page = signed_in_page(coach_user)
    page.goto(f"/o/{org.slug}/training/")
    page.get_by_role("link", name="The tier ladder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The tier ladder")
    page.get_by_role("button", name="Move up Foundation").click()
    expect(page.get_by_text("Moved “Foundation” up the ladder.")).to_be_visible()
    expect(page.locator("#ladder > li").nth(2)).to_contain_text("Foundation")
    assert_accessible(page)

    page.goto(f"/o/{org.slug}/training/sessions/{session.pk}/")
    page.get_by_label("Why it is cancelled").fill("The room is closed for repairs")
    page.get_by_role("button", name="Cancel the session").click()
    expect(page.locator("#cancelled")).to_contain_text("The room is closed for repairs")
    assert_accessible(page)

    # The person booked is told, and finds no place to take.
    page.context.clear_cookies()
    page = signed_in_page(staff_user)
    page.goto(f"/o/{org.slug}/training/sessions/{session.pk}/")
    expect(page.locator("#cancelled")).to_be_visible()
    expect(page.get_by_role("button", name="Book a place")).to_have_count(0)
    page.goto(f"/o/{org.slug}/training/hours/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hours released for training")
    assert_accessible(page)
