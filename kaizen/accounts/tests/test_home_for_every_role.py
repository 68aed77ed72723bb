"""The organisation's home page shows each role its own work."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import Membership, Organisation, OrgUnit, User
from kaizen.accounts.roles import Role
from kaizen.projects import services
from kaizen.testing import STEP_VALUES, make_cycle, make_idea, make_measure, make_project

ClientFor = Callable[[User], Client]


def home(client_for: ClientFor, user: User) -> str:
    response = client_for(user).get("/o/riverside/")
    assert response.status_code == 200
    return response.content.decode()


def test_staff_see_their_projects_and_cycles_due(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    project = make_project(org, staff_user, title="Safer nights")
    cycle = make_cycle(make_idea(project, staff_user), staff_user)
    services.cycle_update(
        cycle=cycle,
        by=staff_user,
        version=cycle.version,
        values={"started_on": dt.date(2025, 1, 6), "study_due": dt.date(2025, 1, 20)},
    )
    make_measure(org, [1, 2, 3], by=staff_user, name="Falls on Ward 8")
    page = home(client_for, staff_user)
    assert "Your projects" in page and "Safer nights" in page
    assert "Cycles waiting for you to study them" in page
    assert "Your measures" in page and "Falls on Ward 8" in page


def test_coaches_see_projects_needing_support(
    org: Organisation, staff_user: User, coach_user: User, client_for: ClientFor
) -> None:
    make_project(org, staff_user, title="Quicker discharges")
    page = home(client_for, coach_user)
    assert "Projects needing support" in page and "Quicker discharges" in page
    assert "method&#39;s checks met" in page or "method's checks met" in page


def test_leaders_see_special_cause_in_their_area(
    org: Organisation, leader_user: User, admin_user: User, client_for: ClientFor
) -> None:
    medicine = OrgUnit.objects.create(organisation=org, name="Medicine")
    Membership.objects.filter(user=leader_user).update(unit=medicine)
    make_measure(org, STEP_VALUES, by=admin_user, name="Stroke bundle", unit=medicine)
    page = home(client_for, leader_user)
    assert "Special cause in your area" in page and "Stroke bundle" in page


def test_the_board_sees_its_report(
    org: Organisation, board_user: User, admin_user: User, client_for: ClientFor
) -> None:
    make_measure(org, STEP_VALUES, by=admin_user, name="A&E 4-hour", on_board=True)
    make_measure(org, STEP_VALUES, by=admin_user, name="Internal only")
    page = home(client_for, board_user)
    assert "The board&#39;s report" in page or "The board's report" in page
    assert "1 of 1 measures show special cause" in page
    assert "Internal only" not in page


@pytest.mark.parametrize("role", list(Role))
def test_every_section_is_reachable_from_home_by_its_name(
    org: Organisation, client_for: ClientFor, member_for: Callable[[Role], User], role: Role
) -> None:
    page = home(client_for, member_for(role))
    for name in ("Measures", "Board summary", "Projects", "North Star", "Notifications"):
        assert re.search(rf">\s*{name}\s*</a>", page), name
