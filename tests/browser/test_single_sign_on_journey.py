"""A member signs in with their organisation's OpenID Connect provider (oidc-provider-mock on
loopback), through the provider's own page, and lands signed in; and a new colleague at a domain
the organisation lets join becomes a member on their first sign-in."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import requests
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import Browser, Page, expect
from pytest_django.fixtures import Settings

from kaizen.accounts.models import Membership, User
from kaizen.accounts.roles import Role
from kaizen.testing import assert_accessible, use_oidc_provider


@pytest.fixture
def provider(settings: Settings) -> Iterator[str]:
    with run_server_in_thread() as server:
        base = f"http://localhost:{server.server_port}"
        use_oidc_provider(settings, base)
        yield base


def test_a_member_signs_in_with_single_sign_on(page: Page, provider: str, staff_user: User) -> None:
    claims = {"email": staff_user.email, "email_verified": True}
    requests.put(f"{provider}/users/{staff_user.email}", json=claims, timeout=5)
    page.goto("/sign-in/")
    assert_accessible(page)
    page.get_by_role("link", name="Sign in with your NHS account").click()
    page.locator("input[name=sub]").fill(staff_user.email)
    page.get_by_role("button", name="Authorize").click()
    expect(
        page.get_by_role("link", name="Sign out")
        .or_(page.get_by_role("button", name="Sign out"))
        .first
    ).to_be_visible()
    assert_accessible(page)


def test_an_admin_lets_the_trusts_domain_join_and_a_new_colleague_signs_in(
    signed_in_page: Callable[[User], Page], provider: str, admin_user: User, browser: Browser
) -> None:
    page = signed_in_page(admin_user)
    page.goto("/o/riverside/settings/")
    page.get_by_label("Email domains whose people join by single sign-on").fill("riverside.example")
    page.get_by_label("Role they join with").select_option(label="Improvement coach")
    assert_accessible(page)
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Saved the organisation's settings.")).to_be_visible()

    email = "new.coach@riverside.example"
    claims = {"email": email, "email_verified": True, "name": "New Coach"}
    requests.put(f"{provider}/users/{email}", json=claims, timeout=5)
    colleague = browser.new_page(base_url=page.url.split("/o/")[0])
    colleague.goto("/sign-in/")
    colleague.get_by_role("link", name="Sign in with your NHS account").click()
    colleague.locator("input[name=sub]").fill(email)
    colleague.get_by_role("button", name="Authorize").click()
    colleague.goto("/o/riverside/")
    expect(colleague.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(colleague)
    membership = Membership.objects.get(user__email=email)
    assert membership.role == Role.COACH
    colleague.close()
