from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.audit.models import AuditEvent


@pytest.fixture
def admin_client(client_for: Callable[[User], Client], admin_user: User) -> Client:
    return client_for(admin_user)


@pytest.fixture
def medicine(org: Organisation) -> OrgUnit:
    return OrgUnit.objects.create(organisation=org, name="Medicine", kind="division")


@pytest.fixture
def ward(org: Organisation, medicine: OrgUnit) -> OrgUnit:
    return OrgUnit.objects.create(organisation=org, name="Ward 7", kind="ward", parent=medicine)


def test_it_adds_units_and_shows_them_as_a_tree(
    admin_client: Client, org: Organisation, medicine: OrgUnit
) -> None:
    r = admin_client.post(
        "/o/riverside/settings/units/", {"name": "Ward 9", "kind": "ward", "parent": medicine.pk}
    )
    assert r["Location"] == "/o/riverside/settings/units/"
    ward = OrgUnit.objects.get(name="Ward 9")
    assert (ward.organisation, ward.parent) == (org, medicine)
    page = admin_client.get("/o/riverside/settings/units/").content.decode()
    assert page.index('__name">Medicine<') < page.index('__name">Ward 9<')
    assert 'depth-1">\n    <span class="kaizen-tree__name">Ward 9<' in page
    event = AuditEvent.objects.get(action="create")
    assert event.changes["name"] == [None, "Ward 9"]


def test_it_renames_and_moves_a_unit(
    admin_client: Client, org: Organisation, medicine: OrgUnit, ward: OrgUnit
) -> None:
    surgery = OrgUnit.objects.create(organisation=org, name="Surgery", kind="division")
    admin_client.post(
        f"/o/riverside/settings/units/{ward.pk}/",
        {"name": "Ward 7B", "kind": "ward", "parent": surgery.pk},
    )
    ward.refresh_from_db()
    assert (ward.name, ward.parent) == ("Ward 7B", surgery)
    event = AuditEvent.objects.get(action="update")
    assert event.changes == {"name": ["Ward 7", "Ward 7B"], "parent": ["Medicine", "Surgery"]}


def test_it_refuses_to_move_a_unit_under_itself_or_below_itself(
    admin_client: Client, medicine: OrgUnit, ward: OrgUnit
) -> None:
    for parent in (medicine, ward):
        r = admin_client.post(
            f"/o/riverside/settings/units/{medicine.pk}/",
            {"name": "Medicine", "kind": "division", "parent": parent.pk},
        )
        assert b"cannot sit under itself" in r.content
    medicine.refresh_from_db()
    assert medicine.parent is None


def test_it_refuses_a_duplicate_name_under_the_same_parent(
    admin_client: Client, medicine: OrgUnit, ward: OrgUnit
) -> None:
    r = admin_client.post(
        "/o/riverside/settings/units/", {"name": "ward 7", "kind": "ward", "parent": medicine.pk}
    )
    assert b"already a unit with this name" in r.content
    assert OrgUnit.objects.count() == 2


def test_it_asks_before_deleting_and_says_what_would_lose_its_unit(
    admin_client: Client, ward: OrgUnit, staff_user: User, org: Organisation
) -> None:
    Membership.objects.filter(user=staff_user).update(unit=ward)
    r = admin_client.get(f"/o/riverside/settings/units/{ward.pk}/delete/")
    assert b"Delete Ward 7?" in r.content
    assert b"1 membership will stay" in r.content
    assert OrgUnit.objects.filter(pk=ward.pk).exists()


def test_it_deletes_a_unit_without_units_below(
    admin_client: Client, ward: OrgUnit, staff_user: User, org: Organisation
) -> None:
    Membership.objects.filter(user=staff_user).update(unit=ward)
    admin_client.post(f"/o/riverside/settings/units/{ward.pk}/delete/")
    assert not OrgUnit.objects.filter(pk=ward.pk).exists()
    assert AuditEvent.objects.get(action="delete").target_repr == "Ward 7"
    # Its members stay members, without a unit.
    membership = staff_user.membership_in(org)
    assert membership is not None and membership.unit is None


def test_it_refuses_to_delete_a_unit_with_units_below(
    admin_client: Client, medicine: OrgUnit, ward: OrgUnit
) -> None:
    page = admin_client.get(f"/o/riverside/settings/units/{medicine.pk}/delete/").content
    assert b"You cannot delete Medicine yet" in page and b"Delete unit" not in page
    r = admin_client.post(f"/o/riverside/settings/units/{medicine.pk}/delete/", follow=True)
    assert b"Move or delete the units under Medicine first" in r.content
    assert OrgUnit.objects.count() == 2
    assert not AuditEvent.objects.exists()


def test_it_cannot_touch_another_organisations_units(
    admin_client: Client, other_org: Organisation, org: Organisation
) -> None:
    foreign = OrgUnit.objects.create(organisation=other_org, name="Hillside ED")
    assert admin_client.get(f"/o/riverside/settings/units/{foreign.pk}/").status_code == 404
    assert admin_client.get(f"/o/riverside/settings/units/{foreign.pk}/delete/").status_code == 404
    assert admin_client.post(f"/o/riverside/settings/units/{foreign.pk}/delete/").status_code == 404
    # Nor adopt one as a parent.
    r = admin_client.post(
        "/o/riverside/settings/units/", {"name": "Ward 1", "kind": "ward", "parent": foreign.pk}
    )
    assert r.status_code == 200
    assert not OrgUnit.objects.filter(organisation=org).exists()
    assert b"Hillside ED" not in admin_client.get("/o/riverside/settings/units/").content
