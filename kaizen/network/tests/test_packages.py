"""Change packages: curated by coaches and network coordinators, versioned, read only where
they reach; adopted in another organisation, which gets its own project, change ideas and
measures from the shared definitions; the source shows where the change spread and whether
it worked there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kaizen.accounts.models import Organisation, User
from kaizen.accounts.roles import Role
from kaizen.measures.models import DataPoint, Measure
from kaizen.measures.services import measure_refresh
from kaizen.network.adoption import adopt_package, spread
from kaizen.network.models import ChangePackage, Network
from kaizen.network.packages import package_create, package_publish
from kaizen.projects.models import MeasureLink
from kaizen.projects.services import idea_set_stage, measure_link_add
from kaizen.testing import (
    make_idea,
    make_measure,
    make_member,
    make_organisation,
    make_project,
    months,
)

pytestmark = pytest.mark.django_db
START = dt.date(2024, 9, 1)
# Twenty months around 10, then eight around 20: a shift after START.
BEFORE = [10, 11, 9, 10, 12, 9, 10, 11, 10, 9, 10, 11, 9, 10, 12, 10, 9, 11, 10, 10]
AFTER = [20, 21, 19, 22, 20, 21, 20, 19]


def _package(org: Organisation, coach: User, network: Network | None = None) -> ChangePackage:
    measure = make_measure(
        org,
        BEFORE + AFTER,
        by=coach,
        name="Patients checked hourly",
        numerator_definition="Hourly checks done",
        improvement="increase",
    )
    project = make_project(org, coach, title="Fewer falls")
    idea = make_idea(project, coach, title="Intentional rounding", started_on=START)
    measure_link_add(project=project, measure=measure, by=coach, role="process")
    measure_link_add(project=project, measure=measure, by=coach, idea=idea, direction="increase")
    return package_create(
        organisation=org,
        by=coach,
        title="Falls prevention bundle",
        network=network,
        aim="Halve falls at night",
        how_to_start="Start on one bay for a week.",
        ideas=[idea],
        measures=[measure],
    )


def _enter(measure: Measure, values: list[int]) -> None:
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, period=period, value=value)
        for period, value in zip(months(len(values)), values, strict=True)
    )
    measure_refresh(measure=measure)


def test_a_package_carries_the_evidence_and_the_definitions(
    org: Organisation, coach_user: User
) -> None:
    package = _package(org, coach_user)
    version = package.current()
    assert version.number == 1
    [idea] = version.ideas
    assert idea["organisation"] == org.name and idea["project"] == "Fewer falls"
    assert idea["verdicts"][0]["verdict"] == "Signal in the predicted direction"
    assert version.measures[0]["numerator_definition"] == "Hourly checks done"


def test_a_new_version_leaves_the_earlier_one_as_it_was(
    org: Organisation, coach_user: User
) -> None:
    package = _package(org, coach_user)
    package_publish(
        package=package,
        by=coach_user,
        aim="Fewer falls at night, by a third",
        how_to_start="Start with the night shift.",
        note="Narrower aim",
        ideas=[make_idea(make_project(org, coach_user, title="Other"), coach_user)],
        measures=[],
    )
    assert [v.number for v in package.versions.all()] == [2, 1]
    assert package.current().aim == "Fewer falls at night, by a third"
    assert package.versions.get(number=1).aim == "Halve falls at night"


def test_a_package_with_patient_data_is_refused(org: Organisation, coach_user: User) -> None:
    project = make_project(org, coach_user)
    idea = make_idea(project, coach_user)
    with pytest.raises(ValidationError) as raised:
        package_create(
            organisation=org,
            by=coach_user,
            title="Bundle",
            network=None,
            aim="Help NHS 943 476 5919",
            how_to_start="x",
            ideas=[idea],
            measures=[],
        )
    assert "aim" in raised.value.messages[0]
    assert not ChangePackage.objects.exists()


def test_adopting_creates_the_adopters_own_project_ideas_and_measures(
    org: Organisation, other_org: Organisation, coach_user: User, outsider: User
) -> None:
    package = _package(org, coach_user)
    adoption = adopt_package(package=package, organisation=other_org, by=outsider, starts_on=START)
    project = adoption.project
    assert project is not None and project.organisation == other_org
    assert project.method.organisation == other_org  # the adopter's own method
    assert project.lead == outsider
    measure = Measure.objects.get(organisation=other_org)
    assert (measure.name, measure.numerator_definition) == (
        "Patients checked hourly",
        "Hourly checks done",
    )
    [idea] = adoption.ideas.all()
    assert idea.project == project and idea.started_on == START
    assert "Falls prevention bundle" in idea.description
    link = MeasureLink.objects.get(idea=idea)
    assert (link.measure, link.direction) == (measure, "increase")
    assert MeasureLink.objects.filter(project=project, idea=None, role=measure.kind).exists()


def test_the_spread_shows_where_it_worked_and_where_it_did_not(
    org: Organisation, other_org: Organisation, coach_user: User, outsider: User
) -> None:
    package = _package(org, coach_user)
    third = make_organisation("Meadow Trust", "meadow")
    third_admin = make_member(third, Role.ADMIN, "admin@meadow.example")
    worked = adopt_package(package=package, organisation=other_org, by=outsider, starts_on=START)
    failed = adopt_package(package=package, organisation=third, by=third_admin, starts_on=START)
    assert [row.outcome for row in spread(package.adoptions.all())] == ["not_yet", "not_yet"]
    _enter(Measure.objects.get(organisation=other_org), BEFORE + AFTER)
    _enter(Measure.objects.get(organisation=third), [*BEFORE, 1, 0, 1, 2, 0, 1, 0, 1])
    rows = spread(package.adoptions.all())
    assert [(row.organisation, row.outcome) for row in rows] == [
        ("Hillside Hospital", "worked"),
        ("Meadow Trust", "did_not_work"),
    ]
    assert rows[0].judged_on is not None
    assert worked.pk != failed.pk


def test_abandoning_every_idea_counts_as_did_not_work(
    org: Organisation, other_org: Organisation, coach_user: User, outsider: User
) -> None:
    package = _package(org, coach_user)
    adoption = adopt_package(package=package, organisation=other_org, by=outsider)
    idea_set_stage(idea=adoption.ideas.get(), stage="abandoned", reason="No staff", by=outsider)
    assert spread(package.adoptions.all())[0].outcome == "did_not_work"


def test_the_package_page_shows_each_adopters_verdict(
    org: Organisation,
    other_org: Organisation,
    coach_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    package = _package(org, coach_user)
    adopt_package(package=package, organisation=other_org, by=outsider, starts_on=START)
    _enter(Measure.objects.get(organisation=other_org), BEFORE + AFTER)
    page = client_for(coach_user).get(f"/o/{org.slug}/shared/packages/{package.pk}/")
    text = page.content.decode()
    assert "Hillside Hospital" in text and "Worked here" in text
    assert "kaizen-spread" in text  # the spread map


def test_a_network_package_is_read_and_adopted_only_in_its_network(
    org: Organisation,
    other_org: Organisation,
    coach_user: User,
    outsider: User,
    client_for: Callable[[User], Client],
) -> None:
    network = Network.objects.create(name="North ICS")
    network.organisations.add(org)
    package = _package(org, coach_user, network)
    stranger = client_for(outsider)
    base = f"/o/{other_org.slug}/shared/packages/{package.pk}/"
    assert stranger.get(base).status_code == 404
    assert stranger.post(base + "adopt", {}).status_code == 404
    assert (
        "Falls prevention"
        not in stranger.get(f"/o/{other_org.slug}/shared/packages/").content.decode()
    )
    network.organisations.add(other_org)
    assert stranger.get(base).status_code == 200
    response = stranger.post(base + "adopt", {"title": "Our falls work"})
    assert response.status_code == 302
    assert package.adoptions.get().project.title == "Our falls work"  # type: ignore[union-attr]


def test_adopting_into_another_organisations_project_is_refused(
    org: Organisation, other_org: Organisation, coach_user: User, outsider: User
) -> None:
    package = _package(org, coach_user)
    theirs = make_project(org, coach_user, title="Not yours")
    with pytest.raises(ValidationError):
        adopt_package(package=package, organisation=other_org, by=outsider, project=theirs)


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.STAFF, 403), (Role.BOARD, 403), (Role.COACH, 200), (Role.ADMIN, 200)],
)
def test_coaches_and_admins_curate(
    role: Role,
    status: int,
    member_for: Callable[[Role], User],
    client_for: Callable[[User], Client],
    org: Organisation,
) -> None:
    assert (
        client_for(member_for(role)).get(f"/o/{org.slug}/shared/packages/new").status_code == status
    )


def test_a_network_coordinator_curates_the_networks_package(
    org: Organisation, coach_user: User, staff_user: User, client_for: Callable[[User], Client]
) -> None:
    network = Network.objects.create(name="North ICS")
    network.organisations.add(org)
    package = _package(org, coach_user, network)
    url = f"/o/{org.slug}/shared/packages/{package.pk}/revise"
    staff = client_for(staff_user)
    assert staff.get(url).status_code == 403
    network.coordinators.add(staff_user)
    assert staff.get(url).status_code == 200
    assert staff.get(f"/o/{org.slug}/shared/packages/new").status_code == 200


def test_board_members_cannot_adopt(
    org: Organisation, coach_user: User, board_user: User, client_for: Callable[[User], Client]
) -> None:
    package = _package(org, coach_user)
    url = f"/o/{org.slug}/shared/packages/{package.pk}/adopt"
    assert client_for(board_user).post(url, {}).status_code == 403
