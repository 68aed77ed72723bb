"""A member signs in with their organisation's OpenID Connect provider (oidc-provider-mock on
loopback), through the provider's own page, and lands signed in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from oidc_provider_mock import run_server_in_thread
from playwright.sync_api import Page, expect
from pytest_django.fixtures import Settings

from kaizen.accounts.models import User
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
