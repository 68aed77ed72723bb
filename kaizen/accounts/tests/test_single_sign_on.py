"""Single sign-on end to end against a real OpenID Connect provider (oidc-provider-mock)
started on loopback: the code flow, the ID token's signature, the userinfo call, all over HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client
from oidc_provider_mock import run_server_in_thread
from pytest_django.fixtures import Settings

from kaizen.accounts.models import User
from kaizen.testing import use_oidc_provider


@pytest.fixture
def provider(settings: Settings) -> Iterator[str]:
    with run_server_in_thread() as server:
        base = f"http://localhost:{server.server_port}"
        use_oidc_provider(settings, base)
        yield base


def _sign_in(provider: str, email: str, claims: dict[str, Any]) -> Client:
    """Go through the provider's sign-in as a person would, and come back signed in (or not)."""
    requests.put(f"{provider}/users/{email}", json={"email": email, **claims}, timeout=5)
    client = Client()
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302
    consent = requests.post(
        start["Location"], data={"sub": email}, allow_redirects=False, timeout=5
    )
    back = urlsplit(consent.headers["Location"])
    client.get(f"{back.path}?{back.query}")
    return client


def test_an_account_signs_in_by_its_verified_email(
    provider: str, staff_user: User, settings: Settings
) -> None:
    assert "Sign in with your NHS account" in Client().get("/sign-in/").content.decode()
    client = _sign_in(provider, "STAFF@riverside.example", {"email_verified": True})
    assert client.session.get("_auth_user_id") == str(staff_user.pk)
    assert client.get("/o/riverside/").status_code == 200


def test_an_unverified_email_does_not_sign_in(provider: str, staff_user: User) -> None:
    client = _sign_in(provider, staff_user.email, {"email_verified": False})
    assert "_auth_user_id" not in client.session


def test_an_unknown_email_gets_no_account(provider: str, db: None) -> None:
    client = _sign_in(provider, "new@riverside.example", {"email_verified": True})
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="new@riverside.example").exists()


def test_without_configuration_the_sign_in_page_offers_passwords_only(db: None) -> None:
    assert "Sign in with your NHS account" not in Client().get("/sign-in/").content.decode()
