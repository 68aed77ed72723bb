"""Staff in post per unit: set by hand, imported from CSV all or nothing, and used as the
dosage's denominator in place of the unit's members."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.training.headcount import headcount_set, import_headcounts
from kaizen.training.models import Headcount

pytestmark = pytest.mark.django_db

Clients = Callable[[User], Client]


@pytest.fixture
def wards(org: Organisation) -> list[OrgUnit]:
    medicine = OrgUnit.objects.create(organisation=org, name="Medicine")
    surgery = OrgUnit.objects.create(organisation=org, name="Surgery")
    return [
        OrgUnit.objects.create(organisation=org, parent=medicine, name="Ward 1"),
        OrgUnit.objects.create(organisation=org, parent=surgery, name="Ward 1"),
        OrgUnit.objects.create(organisation=org, parent=surgery, name="Theatres"),
    ]


def test_a_file_names_units_by_name_or_parent_and_name(
    org: Organisation, admin_user: User, wards: list[OrgUnit]
) -> None:
    text = "unit,staff\nMedicine > Ward 1,40\nSurgery > Ward 1,35\ntheatres,80\n"
    assert import_headcounts(organisation=org, text=text, by=admin_user) == 3
    assert dict(Headcount.objects.values_list("unit_id", "staff")) == {
        wards[0].pk: 40,
        wards[1].pk: 35,
        wards[2].pk: 80,
    }


def test_a_bad_file_stores_nothing_and_names_every_bad_row(
    org: Organisation, admin_user: User, wards: list[OrgUnit]
) -> None:
    text = "unit,staff\nTheatres,80\nWard 1,40\nNowhere,3\nTheatres,-2\n"
    with pytest.raises(ValidationError) as refused:
        import_headcounts(organisation=org, text=text, by=admin_user)
    messages = refused.value.messages
    assert messages[0].startswith("Row 3: More than one unit is called “Ward 1”")
    assert messages[1].startswith("Row 4: “Nowhere” is not a unit")
    assert "Row 5" in messages[2] and "earlier row" in messages[2] and "whole number" in messages[2]
    assert not Headcount.objects.exists()


def test_clearing_a_headcount_goes_back_to_counting_members(
    org: Organisation, admin_user: User, wards: list[OrgUnit]
) -> None:
    headcount_set(unit=wards[2], staff=80, by=admin_user)
    headcount_set(unit=wards[2], staff=None, by=admin_user)
    assert not Headcount.objects.exists()


def test_the_page_sets_and_imports_for_managers_only(
    org: Organisation,
    coach_user: User,
    staff_user: User,
    wards: list[OrgUnit],
    client_for: Clients,
) -> None:
    url = f"/o/{org.slug}/training/dosage/staff/"
    assert client_for(staff_user).get(url).status_code == 403
    client = client_for(coach_user)
    assert client.post(url, {"unit": wards[2].pk, "staff": "12"}).status_code == 302
    assert Headcount.objects.get().staff == 12
    upload = SimpleUploadedFile("staff.csv", b"unit,staff\nNowhere,3\n")
    refused = client.post(f"{url}import/", {"file": upload})
    assert refused.status_code == 400
    assert "Row 2" in refused.content.decode()
    assert "Theatres" in client.get(url).content.decode()
