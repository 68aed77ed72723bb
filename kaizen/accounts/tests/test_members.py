from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.accounts.roles import Role
from kaizen.audit.models import AuditEvent


@pytest.fixture
def admin_client(client_for: Callable[[User], Client], admin_user: User) -> Client:
    return client_for(admin_user)


def membership(user: User, org: Organisation) -> Membership:
    found = user.membership_in(org)
    assert found is not None
    return found


def test_it_lists_members_with_roles_and_units(
    admin_client: Client, staff_user: User, org: Organisation, outsider: User
) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7", kind="ward")
    Membership.objects.filter(user=staff_user).update(unit=ward)
    r = admin_client.get("/o/riverside/members/")
    assert r.status_code == 200
    assert b"staff@riverside.example" in r.content and b"Ward 7" in r.content
    assert b"Organisation admin" in r.content
    assert outsider.email.encode() not in r.content


def test_it_changes_a_role_and_records_it(
    admin_client: Client, staff_user: User, org: Organisation
) -> None:
    member = membership(staff_user, org)
    r = admin_client.post(f"/o/riverside/members/{member.pk}/", {"role": "leader", "unit": ""})
    assert r["Location"] == "/o/riverside/members/"
    member.refresh_from_db()
    assert member.role == Role.LEADER
    event = AuditEvent.objects.get(action="update", target_type="accounts.membership")
    assert event.changes == {"role": ["staff", "leader"]}


def test_it_keeps_the_last_admin(admin_client: Client, admin_user: User, org: Organisation) -> None:
    own = membership(admin_user, org)
    r = admin_client.post(f"/o/riverside/members/{own.pk}/", {"role": "staff", "unit": ""})
    assert r.status_code == 200
    assert b"at least one admin" in r.content
    r = admin_client.post(f"/o/riverside/members/{own.pk}/remove/", follow=True)
    assert b"at least one admin" in r.content
    own.refresh_from_db()
    assert own.role == Role.ADMIN


def test_it_lets_an_admin_step_down_when_another_admin_remains(
    admin_client: Client, admin_user: User, org: Organisation, member_for: Callable[[Role], User]
) -> None:
    member_for(Role.ADMIN)
    own = membership(admin_user, org)
    r = admin_client.post(f"/o/riverside/members/{own.pk}/", {"role": "coach", "unit": ""})
    own.refresh_from_db()
    assert own.role == Role.COACH
    # No longer an admin, so back to the organisation's home rather than a page now refused.
    assert r["Location"] == "/o/riverside/"


def test_it_lets_an_admin_leave_when_another_admin_remains(
    admin_client: Client, admin_user: User, org: Organisation, member_for: Callable[[Role], User]
) -> None:
    member_for(Role.ADMIN)
    r = admin_client.post(f"/o/riverside/members/{membership(admin_user, org).pk}/remove/")
    assert r["Location"] == "/"
    assert admin_user.membership_in(org) is None


def test_it_removes_a_member_and_records_it(
    admin_client: Client, staff_user: User, org: Organisation
) -> None:
    member = membership(staff_user, org)
    r = admin_client.post(f"/o/riverside/members/{member.pk}/remove/")
    assert r.status_code == 302
    assert staff_user.membership_in(org) is None
    # The person keeps their account; only their access here goes.
    assert User.objects.filter(pk=staff_user.pk).exists()
    event = AuditEvent.objects.get(action="delete")
    assert event.target_id == str(member.pk) and event.changes == {"role": ["staff", None]}


def test_it_cannot_reach_another_organisations_members(
    admin_client: Client, outsider: User, other_org: Organisation
) -> None:
    foreign = membership(outsider, other_org)
    assert admin_client.get(f"/o/riverside/members/{foreign.pk}/").status_code == 404
    r = admin_client.post(f"/o/riverside/members/{foreign.pk}/remove/")
    assert r.status_code == 404
    assert outsider.membership_in(other_org) is not None


def test_it_refuses_a_unit_of_another_organisation(
    admin_client: Client, staff_user: User, org: Organisation, other_org: Organisation
) -> None:
    foreign = OrgUnit.objects.create(organisation=other_org, name="Elsewhere")
    member = membership(staff_user, org)
    r = admin_client.post(
        f"/o/riverside/members/{member.pk}/", {"role": "staff", "unit": foreign.pk}
    )
    assert r.status_code == 200
    member.refresh_from_db()
    assert member.unit is None


def test_it_lets_no_other_role_manage_members(
    client_for: Callable[[User], Client], leader_user: User, staff_user: User, org: Organisation
) -> None:
    member = membership(staff_user, org)
    r = client_for(leader_user).post(
        f"/o/riverside/members/{member.pk}/", {"role": "admin", "unit": ""}
    )
    assert r.status_code == 403
    member.refresh_from_db()
    assert member.role == Role.STAFF
