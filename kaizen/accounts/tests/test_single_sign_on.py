"""Single sign-on end to end against a real OpenID Connect provider (oidc-provider-mock)
started on loopback: the code flow, the ID token's signature, the userinfo call, all over HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.test import Client
from oidc_provider_mock import run_server_in_thread
from pytest_django.fixtures import Settings

from kaizen.accounts.models import Membership, Organisation, User
from kaizen.accounts.roles import Role
from kaizen.audit.models import AuditEvent
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


# Just-in-time membership by email domain ------------------------------------------------------


def _lets_join(organisation: Organisation, domains: str, role: str = Role.STAFF) -> None:
    organisation.sso_domains, organisation.sso_role = domains, role
    organisation.save()


def test_a_new_person_at_a_joining_domain_gets_an_account_and_membership(
    provider: str, org: Organisation, other_org: Organisation
) -> None:
    _lets_join(org, "riverside.example", Role.COACH)
    _lets_join(other_org, "hillside.example")
    claims = {"email_verified": True, "name": "Ada Nurse"}
    client = _sign_in(provider, "Ada.Nurse@Riverside.example", claims)
    user = User.objects.get(email="ada.nurse@riverside.example")
    assert client.session.get("_auth_user_id") == str(user.pk)
    assert user.full_name == "Ada Nurse"
    assert not user.has_usable_password()
    (membership,) = Membership.objects.filter(user=user)
    assert (membership.organisation, membership.role) == (org, Role.COACH)
    assert client.get("/o/riverside/").status_code == 200
    assert client.get("/o/hillside/").status_code == 404
    event = AuditEvent.objects.get(target_type="accounts.membership")
    assert "by single sign-on" in event.summary


def test_an_unverified_address_at_a_joining_domain_gets_nothing(
    provider: str, org: Organisation
) -> None:
    _lets_join(org, "riverside.example")
    client = _sign_in(provider, "eve@riverside.example", {"email_verified": False})
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="eve@riverside.example").exists()


def test_an_existing_account_joins_and_keeps_the_roles_it_has(
    provider: str, org: Organisation, other_org: Organisation, outsider: User
) -> None:
    """The Hillside admin's address is at riverside.example once Riverside lets it join."""
    outsider.email = "admin@riverside.example"
    outsider.save()
    _lets_join(org, "riverside.example")
    _lets_join(other_org, "hillside.example")  # not the address's domain: nothing changes
    client = _sign_in(provider, outsider.email, {"email_verified": True})
    assert client.session.get("_auth_user_id") == str(outsider.pk)
    roles = dict(Membership.objects.filter(user=outsider).values_list("organisation", "role"))
    assert roles == {org.pk: Role.STAFF, other_org.pk: Role.ADMIN}
    _sign_in(provider, outsider.email, {"email_verified": True})  # again: no second membership
    assert Membership.objects.filter(user=outsider).count() == 2


def test_an_admin_names_the_domains_on_the_settings_page(
    client_for: Callable[[User], Client],
    admin_user: User,
    org: Organisation,
    other_org: Organisation,
) -> None:
    client = client_for(admin_user)
    page = client.get("/o/riverside/settings/").content.decode()
    assert "Email domains whose people join by single sign-on" in page
    assert "Organisation admin" not in page.split("Role they join with")[1]  # never by domain
    settings_url = "/o/riverside/settings/"
    base = {"name": org.name, "kind": "trust", "sso_role": Role.LEADER}
    saved = client.post(settings_url, {**base, "sso_domains": "@Riverside.example, rv.nhs.uk"})
    assert saved.status_code == 302
    org.refresh_from_db()
    assert (org.sso_domains, org.sso_role) == ("riverside.example, rv.nhs.uk", Role.LEADER)

    refused = client.post(settings_url, {**base, "sso_domains": "nhs.net"})
    assert "shared by people of many organisations" in refused.content.decode()
    _lets_join(other_org, "hillside.example")
    refused = client.post(settings_url, {**base, "sso_domains": "hillside.example"})
    assert "a domain can lead to one organisation only" in refused.content.decode()
    refused = client.post(settings_url, {**base, "sso_domains": "not a domain"})
    assert "is not an email domain" in refused.content.decode()
    org.refresh_from_db()
    assert org.sso_domains == "riverside.example, rv.nhs.uk"
