"""Who may change a measure: role x relationship x board flag, through the rules, forced
requests (styled 403) and the page's controls; the board's reason; unique names."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.accounts.roles import Role
from kaizen.audit.models import AuditEvent
from kaizen.measures import services
from kaizen.measures.models import Measure
from kaizen.measures.permissions import can_define, can_enter_data
from kaizen.testing import make_measure, make_member

ClientFor = Callable[[User], Client]

RELATIONSHIPS = ("none", "owner", "owning_team", "below_owning_team", "data_entry")
DEFINES = {Role.STAFF, Role.COACH, Role.LEADER, Role.ADMIN}  # MANAGE_MEASURES in the role table
ENTERS = DEFINES


def expected_define(role: Role, relationship: str, on_board: bool) -> bool:
    if role not in DEFINES:
        return False
    if role in (Role.COACH, Role.ADMIN):
        return True
    return not on_board and relationship in ("owner", "owning_team", "below_owning_team")


def expected_entry(role: Role, relationship: str) -> bool:
    if role not in ENTERS:
        return False
    return role in (Role.COACH, Role.ADMIN) or relationship != "none"


@pytest.fixture
def ward(org: Organisation) -> OrgUnit:
    return OrgUnit.objects.create(organisation=org, name="Medicine")


@pytest.fixture
def creator(org: Organisation) -> User:
    return make_member(org, Role.ADMIN, "creator@riverside.example")


def relate(measure: Measure, membership: Membership, relationship: str, ward: OrgUnit) -> None:
    if relationship == "owner":
        measure.owner = membership.user
        measure.save()
    elif relationship == "owning_team":
        membership.unit = ward
        membership.save()
    elif relationship == "below_owning_team":
        membership.unit = OrgUnit.objects.create(
            organisation=ward.organisation, parent=ward, name="Ward 8"
        )
        membership.save()
    elif relationship == "data_entry":
        measure.data_entry.add(membership.user)


@pytest.mark.parametrize("on_board", [False, True])
@pytest.mark.parametrize("relationship", RELATIONSHIPS)
@pytest.mark.parametrize("role", list(Role))
def test_the_rules(
    org: Organisation, ward: OrgUnit, creator: User, role: Role, relationship: str, on_board: bool
) -> None:
    measure = make_measure(org, by=creator, owner=creator, unit=ward, on_board=on_board)
    who = make_member(org, role, "who@riverside.example")
    membership = Membership.objects.get(user=who, organisation=org)
    relate(measure, membership, relationship, ward)
    assert can_define(membership, measure) is expected_define(role, relationship, on_board)
    assert can_enter_data(membership, measure) is expected_entry(role, relationship)


def test_a_colleague_who_does_not_own_it_reads_but_is_refused(
    org: Organisation, creator: User, client_for: ClientFor
) -> None:
    measure = make_measure(org, [10, 12, 11], by=creator)
    staff = make_member(org, Role.STAFF, "nurse@riverside.example")
    client = client_for(staff)
    base = f"/o/{org.slug}/measures/{measure.pk}/"
    page = client.get(base).content.decode()
    assert "Change the definition" not in page and "Add or change a value" not in page
    response = client.post(base + "edit/", {"name": "Renamed", "target": "1"})
    assert response.status_code == 403 and "nhsuk-header" in response.content.decode()
    response = client.post(base + "data/", {"period": "2024-01-01", "value": "3"})
    assert response.status_code == 403
    assert measure.datapoints.count() == 3


def test_the_data_entry_group_adds_figures_but_not_the_definition(
    org: Organisation, creator: User, client_for: ClientFor
) -> None:
    measure = make_measure(org, [10, 12, 11], by=creator)
    clerk = make_member(org, Role.STAFF, "clerk@riverside.example")
    measure.data_entry.add(clerk)
    client = client_for(clerk)
    base = f"/o/{org.slug}/measures/{measure.pk}/"
    response = client.post(base + "data/", {"period": "2024-01-01", "value": "3"})
    assert response.status_code == 302
    assert measure.datapoints.count() == 4
    assert client.get(base + "edit/").status_code == 403


def test_a_board_measure_changes_only_with_a_reason(org: Organisation, creator: User) -> None:
    measure = make_measure(org, [90, 92, 91], by=creator, on_board=True, target=95.0)
    with pytest.raises(ValidationError) as refused:
        services.measure_update(measure=measure, by=creator, target=90.0)
    assert "reason" in refused.value.message_dict
    measure.refresh_from_db()
    assert measure.target == 95.0
    services.measure_update(
        measure=measure, by=creator, target=90.0, reason="National standard changed to 90%"
    )
    event = AuditEvent.objects.filter(target_id=str(measure.pk), action="update").get()
    assert "Reason: National standard changed to 90%" in event.summary


def test_a_creator_owns_a_measure_made_without_an_owner(org: Organisation, creator: User) -> None:
    assert make_measure(org, by=creator).owner == creator


def test_two_measures_cannot_share_a_name(org: Organisation, creator: User) -> None:
    make_measure(org, by=creator, name="Falls per 1,000 bed days")
    with pytest.raises(ValidationError, match="already has a measure with this name"):
        make_measure(org, by=creator, name="falls per 1,000 bed days")
    assert Measure.objects.filter(organisation=org).count() == 1


def test_another_organisation_may_use_the_same_name(
    org: Organisation, other_org: Organisation, creator: User
) -> None:
    make_measure(org, by=creator, name="Falls")
    make_measure(other_org, by=creator, name="Falls")
