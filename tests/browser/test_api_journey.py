"""A member creates an API token, a script uses it, and anyone reads the API's documentation
from the footer: every page checked by axe-core and the Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from kaizen.accounts.models import Organisation, User
from kaizen.testing import assert_accessible, assert_fits_width, make_measure


def test_a_member_makes_a_token_and_a_script_reads_the_measures(
    signed_in_page: Callable[[User], Page], org: Organisation, staff_user: User
) -> None:
    make_measure(org, [3, 4, 5], by=staff_user, name="Falls per 1,000 bed days")
    page = signed_in_page(staff_user)
    page.goto("/o/riverside/")
    page.get_by_role("link", name="API tokens").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    assert_accessible(page)

    page.get_by_label("Name").fill("Ward dashboard")
    page.get_by_label("It may").select_option("write")
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("#new-token").inner_text()
    assert_accessible(page)

    response = page.request.get("/api/v1/measures", headers={"Authorization": f"Bearer {secret}"})
    assert response.status == 200
    assert response.json()["items"][0]["name"] == "Falls per 1,000 bed days"

    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("Revoked the token “Ward dashboard”.", exact=False)).to_be_visible()
    gone = page.request.get("/api/v1/measures", headers={"Authorization": f"Bearer {secret}"})
    assert gone.status == 401


def test_the_footer_links_to_the_interactive_documentation(page: Page) -> None:
    page.goto("/sign-in/")
    page.get_by_role("contentinfo").get_by_role("link", name="API", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kaizen API")
    # Swagger UI, from our static files, drew the operations from the schema.
    expect(page.get_by_text("/api/v1/datapoints").first).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    expect(page.get_by_text("/api/v1/measures").first).to_be_visible()
    assert_fits_width(page)
