"""An installation admin creates a network and invites an organisation; the organisation's
admin finds the invitation and accepts it by keyboard at 375 px; the installation admin names
them a coordinator, and as coordinator they see the invitations waiting. Every page checked
by axe-core."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.testing import PASSWORD, assert_accessible, make_organisation


def test_a_network_is_created_joined_and_given_a_coordinator(
    signed_in_page: Callable[[User], Page], org: Organisation, admin_user: User
) -> None:
    root = User.objects.create_superuser("root@kaizen.example", PASSWORD)
    make_organisation("Hillside Hospital", "hillside")
    page = signed_in_page(root)
    page.goto("/library/networks/")
    assert_accessible(page)
    page.get_by_role("link", name="Create a network").click()
    page.get_by_role("button", name="Save the network").click()
    expect(page.get_by_role("alert")).to_be_visible()  # the error summary says what to fix
    assert_accessible(page)
    page.get_by_label("Name").fill("North Integrated Care System")
    page.get_by_label("What kind of network it is").select_option("ics")
    page.get_by_label("Description").fill("Trusts of the north learning together")
    page.get_by_role("button", name="Save the network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("North Integrated Care System")
    page.get_by_label("Invite an organisation").select_option(label=org.name)
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text(f"Invited {org.name}")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=f"{org.name}, invited")).to_be_visible()
    assert_accessible(page)
    network_url = page.url

    page.context.clear_cookies()
    page.set_viewport_size({"width": 375, "height": 800})
    signed_in_page(admin_user)
    page.goto(f"/o/{org.slug}/shared/")
    page.get_by_role("link", name="Networks and invitations").click()
    expect(page.get_by_text("invites Riverside NHS Trust to join")).to_be_visible()
    assert_accessible(page)
    accept = page.get_by_role("button", name="Accept the invitation to North Integrated Care")
    accept.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"{org.name} joined North Integrated Care System")).to_be_visible()
    expect(page.get_by_role("link", name="North Integrated Care System")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 800})
    signed_in_page(root)
    page.goto(network_url)
    page.get_by_label("Invite an organisation").select_option(label="Hillside Hospital")
    page.get_by_role("button", name="Invite").click()
    page.get_by_label("Name a coordinator").select_option(label=str(admin_user))
    page.get_by_role("button", name="Name as coordinator").click()
    expect(page.get_by_text(f"{admin_user} now coordinates")).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    signed_in_page(admin_user)
    page.goto(network_url)
    expect(page.get_by_role("heading", name="Invitations waiting for an answer")).to_be_visible()
    expect(page.get_by_text("Hillside Hospital, invited")).to_be_visible()
    assert_accessible(page)
