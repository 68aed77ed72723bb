"""The portfolio: every project of the organisation, its filters, counts, CSV export, and a query
count that does not grow with the number of projects."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kaizen.accounts.models import Organisation, OrgUnit, User
from kaizen.measures.models import Measure
from kaizen.projects import services
from kaizen.projects.models import MeasureLink, Project, ProjectStatus, TeamMember
from kaizen.strategy.models import ProgrammeTag
from kaizen.testing import make_cycle, make_idea, make_project

ClientFor = Callable[[User], Client]


def titles(response: Any) -> list[str]:
    body = response.content.decode()
    return [t for t in ("Falls", "Sepsis", "Discharge") if f">{t}</a>" in body]


def build(org: Organisation, by: User) -> dict[str, Project]:
    ward = OrgUnit.objects.create(organisation=org, name="Ward 7")
    girft = ProgrammeTag.objects.create(organisation=org, name="GIRFT")
    falls = make_project(org, by, title="Falls", unit=ward)
    falls.tags.add(girft)
    sepsis = make_project(org, by, title="Sepsis")
    discharge = make_project(org, by, title="Discharge")
    active = ProjectStatus.objects.get(organisation=org, kind="active")
    services.project_set_status(project=sepsis, status=active, by=by)
    idea = make_idea(falls, by)
    make_cycle(idea, by)
    make_cycle(idea, by)
    services.team_member_add(
        project=discharge,
        by=by,
        member=TeamMember(name="Sam", role="Carer", is_patient_partner=True, involvement="co_led"),
    )
    Project.objects.filter(pk=sepsis.pk).update(fidelity=90)
    measure = Measure.objects.create(organisation=org, name="Falls")
    MeasureLink.objects.create(
        project=falls, idea=idea, measure=measure, direction="decrease", verdict="as_predicted"
    )
    return {"falls": falls, "sepsis": sepsis, "discharge": discharge}


def test_it_filters_and_counts(org: Organisation, staff_user: User, client_for: ClientFor) -> None:
    projects = build(org, staff_user)
    client = client_for(staff_user)
    base = "/o/riverside/projects/"
    response = client.get(base)
    assert titles(response) == ["Falls", "Sepsis", "Discharge"]
    body = response.content.decode()
    assert 'Active PDSA cycles</dt><dd class="nhsuk-summary-list__value">2<' in body
    assert 'Co-produced with patient partners</dt><dd class="nhsuk-summary-list__value">1<' in body
    assert "% on average; 2 low, 0 medium, 1 high" in body
    unit = str(projects["falls"].unit_id)
    assert titles(client.get(base, {"unit": unit})) == ["Falls"]
    tag = ProgrammeTag.objects.get().pk
    assert titles(client.get(base, {"tag": tag})) == ["Falls"]
    assert titles(client.get(base, {"kind": "active"})) == ["Sepsis"]
    assert titles(client.get(base, {"fidelity": "high"})) == ["Sepsis"]
    method = str(projects["falls"].method_id)
    assert titles(client.get(base, {"method": method, "q": "disch"})) == ["Discharge"]


def test_it_exports_the_filtered_portfolio_as_csv(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    build(org, staff_user)
    response = client_for(staff_user).get("/o/riverside/projects/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_title = {row["title"]: row for row in rows}
    assert set(by_title) == {"Falls", "Sepsis", "Discharge"}
    assert by_title["Falls"]["active cycles"] == "2"
    assert by_title["Falls"]["programmes"] == "GIRFT"
    assert by_title["Falls"]["changes with a signal as predicted"] == "1"
    assert by_title["Sepsis"]["changes with a signal as predicted"] == "0"
    assert by_title["Discharge"]["co-produced"] == "yes"
    assert by_title["Sepsis"]["status kind"] == "active"


def test_its_queries_do_not_grow_with_the_projects(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    build(org, staff_user)
    client = client_for(staff_user)
    with CaptureQueriesContext(connection) as few:
        client.get("/o/riverside/projects/")
    for n in range(10):
        project = make_project(org, staff_user, title=f"More {n}")
        make_cycle(make_idea(project, staff_user), staff_user)
    with CaptureQueriesContext(connection) as many:
        client.get("/o/riverside/projects/")
    assert len(many) == len(few)


def test_it_never_shows_another_organisations_projects(
    org: Organisation, staff_user: User, outsider: User, client_for: ClientFor
) -> None:
    build(org, staff_user)
    response = client_for(outsider).get("/o/hillside/projects/")
    assert titles(response) == []
    csv_export = client_for(outsider).get("/o/hillside/projects/", {"format": "csv"})
    assert "Falls" not in csv_export.content.decode()
