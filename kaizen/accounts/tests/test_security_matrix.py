"""Every organisation-scoped page of the accounts and audit apps, for every role and for an
outsider: exactly what the PERMISSIONS table allows, and nothing for other organisations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import Invitation, Organisation, OrgUnit, User, ValueStream
from kaizen.accounts.roles import PERMISSIONS, Capability, Role


@dataclass(frozen=True)
class Page:
    name: str
    capability: Capability
    method: str = "get"
    target: str = ""  # which fixture object's pk the URL takes, if any


PAGES = [
    Page("organisation:org_home", Capability.VIEW),
    Page("organisation:section_improvement", Capability.VIEW),
    Page("organisation:section_people", Capability.VIEW),
    Page("organisation:section_programme", Capability.VIEW),
    Page("organisation:member_list", Capability.MANAGE_ORGANISATION),
    Page("organisation:member_edit", Capability.MANAGE_ORGANISATION, target="membership"),
    Page("organisation:member_remove", Capability.MANAGE_ORGANISATION, "post", "membership"),
    Page("organisation:invitation_list", Capability.MANAGE_ORGANISATION),
    Page("organisation:invitation_revoke", Capability.MANAGE_ORGANISATION, "post", "invitation"),
    Page("organisation:org_settings", Capability.MANAGE_ORGANISATION),
    Page("organisation:unit_list", Capability.MANAGE_ORGANISATION),
    Page("organisation:unit_edit", Capability.MANAGE_ORGANISATION, target="unit"),
    Page("organisation:unit_delete", Capability.MANAGE_ORGANISATION, "post", "unit"),
    Page("organisation:value_stream_list", Capability.MANAGE_ORGANISATION),
    Page("organisation:value_stream_edit", Capability.MANAGE_ORGANISATION, target="stream"),
    Page("organisation:value_stream_delete", Capability.MANAGE_ORGANISATION, "post", "stream"),
    Page("audit:audit_list", Capability.VIEW_AUDIT),
]


@pytest.fixture
def targets(org: Organisation, staff_user: User, admin_user: User) -> dict[str, int]:
    """One record of each kind in ``org`` for the pages that act on a record."""
    invitation = Invitation.objects.create(organisation=org, email="new@riverside.example")
    membership = staff_user.membership_in(org)
    assert membership is not None
    return {
        "membership": membership.pk,
        "invitation": invitation.pk,
        "unit": OrgUnit.objects.create(organisation=org, name="Ward 7").pk,
        "stream": ValueStream.objects.create(organisation=org, name="Stroke").pk,
    }


def url(page: Page, targets: dict[str, int]) -> str:
    kwargs: dict[str, object] = {"org": "riverside"}
    if page.target:
        kwargs["pk"] = targets[page.target]
    return reverse(page.name, kwargs=kwargs)


def request(client: Client, page: Page, targets: dict[str, int]) -> int:
    return client.generic(page.method.upper(), url(page, targets)).status_code


def test_it_covers_every_org_scoped_url_of_these_apps() -> None:
    from kaizen.accounts import org_urls
    from kaizen.audit import urls as audit_urls

    defined = {
        f"{module.app_name}:{p.name}"
        for module in (org_urls, audit_urls)
        for p in module.urlpatterns
    }
    assert defined == {page.name for page in PAGES}


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_each_role_gets_exactly_what_permissions_allow(
    role: Role,
    page: Page,
    targets: dict[str, int],
    member_for: Callable[[Role], User],
    client_for: Callable[[User], Client],
) -> None:
    status = request(client_for(member_for(role)), page, targets)
    if page.capability in PERMISSIONS[role]:
        assert status in (200, 302), f"{role} should reach {page.name}, got {status}"
    else:
        assert status == 403, f"{role} should be refused {page.name}, got {status}"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_an_outsider_gets_not_found(
    page: Page, targets: dict[str, int], outsider: User, client_for: Callable[[User], Client]
) -> None:
    # The outsider is an admin, but of another organisation: every capability, no access.
    assert request(client_for(outsider), page, targets) == 404


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_an_anonymous_visitor_is_sent_to_sign_in(
    page: Page, targets: dict[str, int], client: Client
) -> None:
    response = client.generic(page.method.upper(), url(page, targets))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_an_unknown_organisation_is_not_found(
    admin_user: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(admin_user).get("/o/nowhere/").status_code == 404
