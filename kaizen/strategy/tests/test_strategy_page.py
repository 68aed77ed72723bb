"""The North Star and priorities page: every member reads it, leaders, coaches and admins change
it, other organisations cannot see it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import PERMISSIONS, Capability, Role
from kaizen.audit.models import AuditEvent
from kaizen.strategy.demo import NORTH_STAR, PRIORITIES, load_demo_strategy
from kaizen.strategy.models import NorthStar, StrategicPriority

URL = "/o/riverside/strategy/"


def test_a_leader_writes_the_north_star_which_greets_members(
    leader_user: User, staff_user: User, client_for: ClientFor
) -> None:
    response = client_for(leader_user).post(
        URL, {"action": "north_star", "north_star-statement": "Zero harm"}
    )
    assert response["Location"] == URL
    assert NorthStar.objects.get().statement == "Zero harm"
    event = AuditEvent.objects.get()
    assert (event.target_type, event.changes) == (
        "strategy.northstar",
        {"statement": ["", "Zero harm"]},
    )
    staff = client_for(staff_user)
    assert b"Zero harm" in staff.get("/o/riverside/").content
    assert b"Zero harm" in staff.get(URL).content


def test_a_duplicate_priority_is_refused_with_a_message(
    admin_user: User, client_for: ClientFor
) -> None:
    client = client_for(admin_user)
    client.post(URL, {"action": "priority", "priority-name": "Safe care"})
    response = client.post(URL, {"action": "priority", "priority-name": " safe CARE "})
    assert "There is already one called “safe CARE”." in response.content.decode()
    assert list(StrategicPriority.objects.values_list("name", flat=True)) == ["Safe care"]


def test_an_unknown_action_changes_nothing(admin_user: User, client_for: ClientFor) -> None:
    response = client_for(admin_user).post(URL, {"action": "bogus", "bogus-name": "x"})
    assert response["Location"] == URL
    assert not StrategicPriority.objects.exists()


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_every_member_reads_it_and_only_some_change_it(
    role: Role, member_for: Callable[[Role], User], client_for: ClientFor
) -> None:
    client = client_for(member_for(role))
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"action": "tag", "tag-name": "GIRFT"})
    if Capability.MANAGE_STRATEGY in PERMISSIONS[role]:
        assert response.status_code == 302
    else:
        # A styled page saying why, not a bare string.
        assert response.status_code == 403
        assert "You cannot do this" in response.content.decode()
        assert "Your role cannot change the strategy" in response.content.decode()
    assert b"GIRFT" in client.get(URL).content or response.status_code == 403


def test_another_organisation_gets_not_found(outsider: User, client_for: ClientFor) -> None:
    client = client_for(outsider)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"action": "tag", "tag-name": "GIRFT"}).status_code == 404


def test_a_new_organisation_gets_an_empty_north_star(db: None) -> None:
    organisation = Organisation.objects.create(name="Northside", slug="northside")
    assert organisation.north_star.statement == ""


ClientFor = Callable[[User], Client]


def test_the_pages_read_an_organisation_older_than_its_north_star(
    admin_user: User, org: Organisation, client_for: ClientFor
) -> None:
    NorthStar.objects.filter(organisation=org).delete()
    client = client_for(admin_user)
    assert "Our North Star" not in client.get("/o/riverside/").content.decode()
    assert client.get(URL).status_code == 200
    assert not NorthStar.objects.exists()  # reading created nothing


def test_the_demo_strategy_loads_once(org: Organisation) -> None:
    load_demo_strategy(org)
    load_demo_strategy(org)
    assert NorthStar.objects.get(organisation=org).statement == NORTH_STAR
    assert StrategicPriority.objects.filter(organisation=org).count() == len(PRIORITIES)
