"""Sign-in that holds: a locked-out person gets in by an emailed link, and an admin whose
organisation requires it sets up an authenticator app, then signs in with its code. Every
page checked by axe-core on the way."""

from __future__ import annotations

import re

from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from kaizen.accounts.models import Organisation, User
from kaizen.testing import PASSWORD, assert_accessible


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_locked_out_person_signs_in_by_an_emailed_link(
    page: Page, staff_user: User, settings: Settings
) -> None:
    settings.LOGIN_THROTTLE_ATTEMPTS = 1
    for _ in range(2):
        sign_in(page, staff_user.email, "not-the-password")
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-in attempts")
    page.get_by_role("link", name="Email me a sign-in link").click()
    assert_accessible(page)
    page.get_by_label("Email address").fill(staff_user.email)
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    link = re.search(r"https?://\S+/sign-in/link/\S+/", str(mail.outbox[-1].body))
    assert link
    page.goto(link.group(0))
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside NHS Trust")


def test_an_admin_sets_up_an_authenticator_app_and_signs_in_with_it(
    page: Page, admin_user: User, org: Organisation
) -> None:
    org.require_admin_second_factor = True
    org.save()
    sign_in(page, admin_user.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    expect(page.get_by_text("Your organisation asks its admins")).to_be_visible()
    expect(page.locator("svg.segno")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("alert")).to_contain_text("The code is not right")
    assert_accessible(page)

    page.wait_for_timeout(1100)  # django-otp pauses a device a second after a wrong code
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    page.get_by_label("Code").fill(code_for(device))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert_accessible(page)
    recovery = page.locator("li code").first.inner_text()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, admin_user.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    assert_accessible(page)
    page.get_by_label("Code").fill(recovery)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside NHS Trust")

    page.goto(f"/o/{org.slug}/settings/")
    expect(page.get_by_label("Hospital number pattern (optional)")).to_be_visible()
    assert_accessible(page)
