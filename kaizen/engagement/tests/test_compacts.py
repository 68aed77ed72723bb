"""Staff compacts: versions, acknowledgements, rates, and who has not acknowledged."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.engagement import compacts
from kaizen.engagement.models import Acknowledgement, CompactVersion

pytestmark = pytest.mark.django_db


def _url(name: str, org: Organisation, **kwargs: object) -> str:
    return reverse(f"engagement:{name}", kwargs={"org": org.slug, **kwargs})


DATA = {
    "name": "All staff",
    "organisation_gives": "Time to improve",
    "group_gives": "Ideas",
    "role": "",
    "unit": "",
}


def test_a_leader_publishes_members_acknowledge_and_a_new_version_asks_again(
    org: Organisation, leader_user: User, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    Membership.objects.filter(organisation=org).update(unit=ward)
    assert client_for(staff_user).post(_url("compacts", org), DATA).status_code == 403
    client_for(leader_user).post(_url("compacts", org), DATA)
    first = CompactVersion.objects.get()
    assert staff_user.notifications.filter(text__contains="acknowledge").exists()
    staff = client_for(staff_user)
    staff.post(_url("acknowledge", org, pk=first.pk))
    assert Acknowledgement.objects.filter(member=staff_user, version=first).exists()
    overall, by_unit = compacts.rates(first)
    assert (overall.acknowledged, overall.members) == (1, 2) and by_unit[0].name == "Ward 7"
    leader_membership = Membership.objects.get(user=leader_user)
    assert [m.user for m in compacts.not_yet_acknowledged(first, leader_membership)] == [
        leader_user
    ]
    # Staff are nobody's manager: they see rates, never names.
    assert compacts.not_yet_acknowledged(first, Membership.objects.get(user=staff_user)) == []
    client_for(leader_user).post(_url("compacts", org), DATA | {"group_gives": "Ideas, weekly"})
    second = CompactVersion.objects.get(number=2)
    assert compacts.rates(second)[0].acknowledged == 0
    page = staff.get(_url("compacts", org)).content.decode()
    assert "I have read and agree to version 2" in page
    with pytest.raises(ValidationError, match="newer version"):
        compacts.acknowledge(member=Membership.objects.get(user=staff_user), version=first)


def test_another_organisations_compact_cannot_be_acknowledged(
    org: Organisation, leader_user: User, outsider: User, client_for: Callable[[User], Client]
) -> None:
    client_for(leader_user).post(_url("compacts", org), DATA)
    version = CompactVersion.objects.get()
    other = Membership.objects.get(user=outsider).organisation
    assert client_for(outsider).post(_url("acknowledge", other, pk=version.pk)).status_code == 404
    assert client_for(outsider).get(_url("compacts", org)).status_code == 404
