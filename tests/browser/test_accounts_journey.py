"""An admin signs in, invites a colleague, and the colleague joins: every page checked by
axe-core on the way."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from kaizen.accounts.models import Membership, Organisation, User
from kaizen.accounts.roles import Role
from kaizen.testing import assert_accessible

NEW_PASSWORD = "kim-lee-long-passphrase-2026"


def screenshot(page: Page, tmp_path: Path, name: str) -> None:
    # KAIZEN_SCREENSHOTS=<dir> keeps them for a person to look at; otherwise they are
    # still taken, which proves the page renders.
    folder = Path(os.environ.get("KAIZEN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def test_it_shows_a_clear_error_for_a_wrong_password(page: Page, admin_user: User) -> None:
    page.goto("/sign-in/")
    assert_accessible(page)
    page.get_by_label("Email address").fill(admin_user.email)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a correct email address")
    assert_accessible(page)


def test_it_explains_a_paused_sign_in(page: Page, admin_user: User, settings: Settings) -> None:
    settings.LOGIN_THROTTLE_ATTEMPTS = 1
    page.goto("/sign-in/")
    for _ in range(2):
        page.get_by_label("Email address").fill(admin_user.email)
        page.get_by_label("Password", exact=True).fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-in attempts")
    expect(page.get_by_role("link", name="Reset your password")).to_be_visible()
    assert_accessible(page)


def test_it_invites_a_colleague_who_joins(
    signed_in_page: Callable[[User], Page], admin_user: User, tmp_path: Path
) -> None:
    page = signed_in_page(admin_user)
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside NHS Trust")
    expect(page.get_by_text("Organisation admin")).to_be_visible()
    screenshot(page, tmp_path, "org_home")
    assert_accessible(page)

    page.get_by_role("navigation", name="Organisation").get_by_role("link", name="Members").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Members")
    assert_accessible(page)

    page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Email address").fill("kim@riverside.example")
    page.get_by_label("Role").select_option(label="Improvement coach")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to kim@riverside.example")).to_be_visible()
    expect(page.get_by_role("cell", name="kim@riverside.example", exact=True)).to_be_visible()
    screenshot(page, tmp_path, "invitations")
    assert_accessible(page)

    link = re.search(r"https?://\S+/invitations/\S+/", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Kaizen")

    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Join Riverside NHS Trust")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Kim Lee")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm password").fill(NEW_PASSWORD)
    screenshot(page, tmp_path, "register")
    page.get_by_role("button", name="Create account and join").click()

    expect(page.get_by_text("Welcome to Riverside NHS Trust.")).to_be_visible()
    expect(page.get_by_text("Improvement coach")).to_be_visible()
    # A coach sees the organisation's pages but not its administration.
    nav = page.get_by_role("navigation", name="Organisation")
    expect(nav.get_by_role("link", name="Members")).to_have_count(0)
    screenshot(page, tmp_path, "joined")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Kaizen")
    assert User.objects.get(email="kim@riverside.example").full_name == "Kim Lee"


def test_it_keeps_every_admin_page_accessible(
    signed_in_page: Callable[[User], Page], admin_user: User, staff_user: User, tmp_path: Path
) -> None:
    page = signed_in_page(admin_user)
    page.get_by_role("link", name="Organisation settings, hierarchy and value streams").click()
    # The North Star moved to the strategy page (test_strategy_journey.py).
    page.get_by_label("Kind").select_option(label="Hospital")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Saved the organisation's settings.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Hierarchy").click()
    page.get_by_label("Name").fill("Medicine")
    page.get_by_label("Kind").select_option(label="Division")
    page.get_by_role("button", name="Add unit").click()
    page.get_by_label("Name").fill("Ward 7")
    page.get_by_label("Kind").select_option(label="Ward")
    page.get_by_label("Sits under").select_option(label="Medicine")
    page.get_by_role("button", name="Add unit").click()
    expect(page.get_by_text("Added Ward 7.")).to_be_visible()
    assert_accessible(page)
    # A form with errors: the error summary and messages must be accessible too.
    page.get_by_role("button", name="Add unit").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    screenshot(page, tmp_path, "hierarchy_error")
    assert_accessible(page)

    page.get_by_role("link", name="Value streams").click()
    page.get_by_label("Name").fill("Emergency care")
    page.get_by_role("button", name="Add value stream").click()
    expect(page.get_by_text("Added Emergency care.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Delete Emergency care").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete Emergency care?")
    assert_accessible(page)
    page.get_by_role("button", name="Delete value stream").click()
    expect(page.get_by_text("Deleted Emergency care.")).to_be_visible()

    page.get_by_role("link", name="Members").first.click()
    page.get_by_role("link", name=f"Change {staff_user}'s role").click()
    page.get_by_label("Role").select_option(label="Leader")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"Saved {staff_user}'s role.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Audit trail").click()
    expect(page.get_by_role("cell", name="Changed membership")).to_be_visible()
    screenshot(page, tmp_path, "audit")
    assert_accessible(page)


def test_it_withdraws_an_invitation_without_leaving_the_page(
    signed_in_page: Callable[[User], Page], admin_user: User
) -> None:
    page = signed_in_page(admin_user)
    page.goto("/o/riverside/invitations/")
    page.get_by_label("Email address").fill("sam@riverside.example")
    page.get_by_role("button", name="Send invitation").click()
    page.get_by_role("button", name="Withdraw the invitation to sam@riverside.example").click()
    expect(page.get_by_text("Withdrew the invitation to sam@riverside.example.")).to_be_visible()
    # HTMX swapped the row: no navigation, so the success banner from sending is still there.
    expect(page.get_by_text("Invitation sent to sam@riverside.example.")).to_be_visible()
    assert_accessible(page)


def test_it_resets_a_forgotten_password(page: Page, staff_user: User) -> None:
    page.goto("/sign-in/")
    page.get_by_role("link", name="Forgotten your password?").click()
    assert_accessible(page)
    page.get_by_label("Email").fill(staff_user.email)
    page.get_by_role("button", name="Email me a reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    link = re.search(r"https?://\S+/password/reset/\S+/", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body
    page.goto(link.group(0))
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_text("You can now sign in with your new password.")).to_be_visible()
    assert_accessible(page)
    staff_user.refresh_from_db()
    assert staff_user.check_password(NEW_PASSWORD)


def test_it_lets_a_member_of_several_organisations_choose(
    signed_in_page: Callable[[User], Page], staff_user: User, other_org: Organisation
) -> None:
    Membership.objects.create(user=staff_user, organisation=other_org, role=Role.BOARD)
    page = signed_in_page(staff_user)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your organisations")
    assert_accessible(page)
    page.get_by_role("link", name="Hillside Hospital").click()
    expect(page.get_by_text("Board member")).to_be_visible()
