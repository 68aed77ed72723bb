"""A priority's page: its statement and executive owner, objectives cascading down the units,
the guard on deleting a priority with aligned work, and programmes with owners."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.audit.models import AuditEvent
from kaizen.projects.models import Project
from kaizen.strategy.models import Objective, ProgrammeTag, StrategicPriority
from kaizen.testing import make_project

ClientFor = Callable[[User], Client]
BASE = "/o/riverside/strategy/"


def _priority(org: Organisation, name: str = "No avoidable harm") -> StrategicPriority:
    return StrategicPriority.objects.create(organisation=org, name=name)


def test_a_leader_names_the_statement_and_executive_owner(
    org: Organisation, leader_user: User, staff_user: User, client_for: ClientFor
) -> None:
    harm = _priority(org)
    url = f"{BASE}priorities/{harm.pk}/"
    response = client_for(leader_user).post(
        url,
        {
            "action": "edit",
            "edit-name": "No avoidable harm",
            "edit-statement": "Nobody harmed by the care meant to help them",
            "edit-executive_owner": leader_user.pk,
        },
    )
    assert response["Location"] == url
    harm.refresh_from_db()
    assert harm.executive_owner == leader_user
    page = client_for(staff_user).get(url).content.decode()
    assert "Nobody harmed by the care meant to help them" in page
    assert "Change the priority" not in page


def test_objectives_cascade_from_the_organisation_to_its_units(
    org: Organisation, leader_user: User, client_for: ClientFor
) -> None:
    harm = _priority(org)
    division = OrgUnit.objects.create(organisation=org, name="Medicine")
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7", parent=division)
    client = client_for(leader_user)
    url = f"{BASE}priorities/{harm.pk}/"
    trust = {"action": "objective", "objective-title": "Halve falls with harm"}
    client.post(url, {**trust, "objective-year": "2026"})
    top = Objective.objects.get()
    assert top.unit is None and top.organisation == org
    client.post(
        url,
        {
            "action": "objective",
            "objective-title": "Medicine: falls checks on every admission",
            "objective-year": "2026",
            "objective-unit": division.pk,
            "objective-parent": top.pk,
        },
    )
    middle = Objective.objects.get(unit=division)
    client.post(
        url,
        {
            "action": "objective",
            "objective-title": "Ward 7: bed rails on the night round",
            "objective-year": "2026",
            "objective-unit": ward.pk,
            "objective-parent": middle.pk,
        },
    )
    page = client.get(url).content.decode()
    # The tree: each unit's objective nested under the one it serves.
    assert page.index("Halve falls") < page.index("Medicine: falls") < page.index("Ward 7: bed")
    assert Objective.objects.get(unit=ward).parent == middle


def test_an_objective_cannot_serve_one_set_below_or_beside_it(
    org: Organisation, leader_user: User, client_for: ClientFor
) -> None:
    harm = _priority(org)
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    other = OrgUnit.objects.create(organisation=org, name="Ward 8")
    wards = Objective.objects.create(
        organisation=org, priority=harm, unit=ward, title="Ward 7's", year=2026
    )
    response = client_for(leader_user).post(
        f"{BASE}priorities/{harm.pk}/",
        {
            "action": "objective",
            "objective-title": "Ward 8's",
            "objective-year": "26",
            "objective-unit": other.pk,
            "objective-parent": wards.pk,
        },
    )
    page = response.content.decode()
    assert "Enter the year as four digits, e.g. 2026." in page
    assert "“Ward 7&#39;s” is Ward 7&#39;s objective" in page or "is Ward 7" in page
    assert Objective.objects.count() == 1


def test_an_objective_is_changed_and_deleted_with_its_children_lifted(
    org: Organisation, coach_user: User, client_for: ClientFor
) -> None:
    harm = _priority(org)
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    top = Objective.objects.create(organisation=org, priority=harm, title="Halve", year=2026)
    child = Objective.objects.create(
        organisation=org, priority=harm, unit=ward, parent=top, title="Rails", year=2026
    )
    client = client_for(coach_user)
    response = client.post(f"{BASE}objectives/{top.pk}/", {"title": "Halve falls", "year": "2027"})
    assert response["Location"] == f"{BASE}priorities/{harm.pk}/"
    top.refresh_from_db()
    assert (top.title, top.year) == ("Halve falls", 2027)
    assert "1 objectives" in client.get(f"{BASE}objectives/{top.pk}/delete/").content.decode()
    client.post(f"{BASE}objectives/{top.pk}/delete/")
    child.refresh_from_db()
    assert child.parent is None
    assert AuditEvent.objects.filter(action="delete", target_type="strategy.objective").exists()


def test_a_priority_with_aligned_work_is_deleted_only_by_moving_the_work(
    org: Organisation, leader_user: User, client_for: ClientFor
) -> None:
    harm, waits = _priority(org), _priority(org, "No waits")
    project = make_project(org, leader_user, title="Fewer falls", priority=harm)
    client = client_for(leader_user)
    url = f"{BASE}priorities/{harm.pk}/delete/"
    page = client.get(url).content.decode()
    assert "1 projects" in page
    refused = client.post(url, {}).content.decode()
    assert "Choose the priority to move that work to, then delete." in refused
    assert StrategicPriority.objects.filter(pk=harm.pk).exists()
    response = client.post(url, {"move_to": waits.pk})
    assert response["Location"] == BASE
    assert Project.objects.get(pk=project.pk).priority == waits
    assert not StrategicPriority.objects.filter(pk=harm.pk).exists()


def test_a_priority_cannot_be_moved_to_another_organisations(
    org: Organisation, other_org: Organisation, leader_user: User, client_for: ClientFor
) -> None:
    harm = _priority(org)
    theirs = _priority(other_org)
    make_project(org, leader_user, priority=harm)
    response = client_for(leader_user).post(
        f"{BASE}priorities/{harm.pk}/delete/", {"move_to": theirs.pk}
    )
    assert "Select a valid choice" in response.content.decode()
    assert StrategicPriority.objects.filter(pk=harm.pk).exists()


def test_a_priority_with_no_work_is_simply_deleted(
    org: Organisation, admin_user: User, client_for: ClientFor
) -> None:
    harm = _priority(org)
    Objective.objects.create(organisation=org, priority=harm, title="Halve", year=2026)
    client_for(admin_user).post(f"{BASE}priorities/{harm.pk}/delete/")
    assert not StrategicPriority.objects.exists()
    assert not Objective.objects.exists()


def test_a_programme_gets_an_owner_and_a_description(
    org: Organisation, coach_user: User, staff_user: User, client_for: ClientFor
) -> None:
    girft = ProgrammeTag.objects.create(organisation=org, name="GIRFT")
    response = client_for(coach_user).post(
        f"{BASE}programmes/{girft.pk}/",
        {"name": "GIRFT", "description": "Getting It Right First Time", "owner": coach_user.pk},
    )
    assert response["Location"] == BASE
    page = client_for(staff_user).get(BASE).content.decode()
    assert "Getting It Right First Time" in page
    assert coach_user.display_name in page


def test_staff_read_but_cannot_change_and_outsiders_see_nothing(
    org: Organisation, staff_user: User, outsider: User, client_for: ClientFor
) -> None:
    harm = _priority(org)
    top = Objective.objects.create(organisation=org, priority=harm, title="Halve", year=2026)
    girft = ProgrammeTag.objects.create(organisation=org, name="GIRFT")
    staff = client_for(staff_user)
    assert staff.get(f"{BASE}priorities/{harm.pk}/").status_code == 200
    changes = [
        (f"{BASE}priorities/{harm.pk}/", {"action": "edit", "edit-name": "x"}),
        (f"{BASE}priorities/{harm.pk}/delete/", {}),
        (f"{BASE}objectives/{top.pk}/", {"title": "x", "year": "2026"}),
        (f"{BASE}objectives/{top.pk}/delete/", {}),
        (f"{BASE}programmes/{girft.pk}/", {"name": "x"}),
    ]
    for url, data in changes:
        assert staff.post(url, data).status_code == 403, url
        assert client_for(outsider).get(url).status_code == 404, url
    assert StrategicPriority.objects.get().name == "No avoidable harm"
    assert Objective.objects.exists()
