"""Method templates: the shipped defaults copied per organisation, choosing one, adapting it
without code, and the fidelity check of each project against its template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.utils import timezone

from kaizen.accounts.models import Organisation, User, ValueStream
from kaizen.measures.models import Measure
from kaizen.projects import services
from kaizen.projects.fidelity import fidelity_checks
from kaizen.projects.models import ImprovementMethod, MethodStage, Project
from kaizen.testing import make_cycle, make_idea, make_project

ClientFor = Callable[[User], Client]


def test_each_organisation_gets_its_own_copy_of_the_methods(
    org: Organisation, other_org: Organisation
) -> None:
    mine = services.methods_install_defaults(organisation=org)
    services.methods_install_defaults(organisation=org)  # idempotent
    theirs = services.methods_install_defaults(organisation=other_org)
    assert mine.key == theirs.key == "mfi" and mine.pk != theirs.pk
    assert sorted(org.methods.values_list("key", flat=True)) == ["dmaic", "lean", "mfi"]
    assert next(s.name for s in org.methods.get(key="lean").stages.all()) == (
        "Background and current state"
    )
    assert list(org.project_statuses.values_list("kind", flat=True)) == [
        "proposed",
        "active",
        "sustaining",
        "closed",
        "abandoned",
    ]


def test_a_coach_chooses_and_adapts_the_method_without_code(
    org: Organisation, coach_user: User, client_for: ClientFor
) -> None:
    services.methods_install_defaults(organisation=org)
    lean = org.methods.get(key="lean")
    client = client_for(coach_user)
    assert client.post(f"/o/riverside/projects/method/{lean.pk}/choose/").status_code == 302
    assert ImprovementMethod.objects.get(organisation=org, is_current=True) == lean
    stages = list(lean.stages.all())
    data: dict[str, object] = {"tools": ["a3", "rpiw"], "checks": ["aim_dated"]}
    for stage in stages:
        data[f"stage-{stage.pk}-name"] = stage.name
    data[f"stage-{stages[0].pk}-name"] = "Reason for action"
    data[f"stage-{stages[0].pk}-required_fields"] = ["problem", "priority"]
    response = client.post(f"/o/riverside/projects/method/{lean.pk}/", data)
    assert response.status_code == 302
    first = MethodStage.objects.get(pk=stages[0].pk)
    assert first.name == "Reason for action"
    assert first.required_fields == ["problem", "priority"]
    lean.refresh_from_db()
    assert lean.tools == ["a3", "rpiw"] and lean.checks == ["aim_dated"]
    # New projects follow the adapted template, required fields included.
    response = client.post("/o/riverside/projects/new/", {"title": "Flow", "problem": "Waits"})
    assert "Reason for action needs a strategic priority." in response.content.decode()


def test_staff_cannot_adapt_the_method(
    org: Organisation, staff_user: User, client_for: ClientFor
) -> None:
    services.methods_install_defaults(organisation=org)
    method = org.methods.get(key="lean")
    client = client_for(staff_user)
    assert client.post(f"/o/riverside/projects/method/{method.pk}/choose/").status_code == 403
    assert client.get(f"/o/riverside/projects/method/{method.pk}/").status_code == 403
    assert client.get("/o/riverside/projects/method/").status_code == 200


def test_another_organisation_cannot_touch_the_method(
    org: Organisation, outsider: User, client_for: ClientFor
) -> None:
    services.methods_install_defaults(organisation=org)
    method = org.methods.get(key="lean")
    response = client_for(outsider).post(f"/o/hillside/projects/method/{method.pk}/choose/")
    assert response.status_code == 404
    assert not ImprovementMethod.objects.get(pk=method.pk).is_current


def met(project: Project) -> dict[str, bool]:
    return {check.key: check.met for check in fidelity_checks(project)}


def test_fidelity_follows_the_model_for_improvement(org: Organisation, staff_user: User) -> None:
    project = make_project(org, staff_user, aim_how_much="by half")
    assert met(project) == {
        "aim_measurable": False,
        "aim_dated": False,
        "measure_family": False,
        "driver_diagram": False,
        "pdsa_predictions": False,
        "pdsa_study": False,
        "pdsa_learning": False,
        "progress_scored": False,
    }
    assert Project.objects.get(pk=project.pk).fidelity == 0
    values = {"aim_how_much": "from 6 to 3 a month", "aim_by_when": dt.date(2027, 6, 30)}
    project = services.project_update(
        project=project, by=staff_user, version=project.version, values=values, tags=[]
    )
    for role in ("outcome", "process", "balancing"):
        measure = Measure.objects.create(organisation=org, name=f"A {role} measure")
        services.measure_link_add(project=project, measure=measure, by=staff_user, role=role)
    driver = services.driver_add(project=project, parent=None, text="Night care")
    idea = make_idea(project, staff_user, driver=driver)
    cycle = make_cycle(idea, staff_user)
    services.cycle_update(
        cycle=cycle,
        by=staff_user,
        version=cycle.version,
        values={
            "started_on": timezone.localdate(),
            "results": "Halved, as predicted",
            "studied_on": timezone.localdate(),
        },
    )
    checks = met(project)
    assert checks["aim_measurable"] and checks["aim_dated"] and checks["measure_family"]
    assert checks["driver_diagram"] and checks["pdsa_predictions"] and checks["pdsa_study"]
    assert not checks["pdsa_learning"]  # no cycle closed yet
    assert Project.objects.get(pk=project.pk).fidelity == 75  # 6 of 8


def test_a_cycle_without_a_prediction_fails_the_check(org: Organisation, staff_user: User) -> None:
    project = make_project(org, staff_user)
    idea = make_idea(project, staff_user)
    make_cycle(idea, staff_user)
    make_cycle(idea, staff_user, prediction="")
    check = next(c for c in fidelity_checks(project) if c.key == "pdsa_predictions")
    assert not check.met
    assert check.advice == "1 of 2 cycles did not write a prediction before starting."


def test_a_coach_names_priorities_programmes_and_statuses(
    org: Organisation, coach_user: User, staff_user: User, client_for: ClientFor
) -> None:
    client = client_for(coach_user)
    url = "/o/riverside/projects/settings/"
    # Priorities and programmes moved to the strategy app's page.
    strategy_url = "/o/riverside/strategy/"
    client.post(strategy_url, {"action": "priority", "priority-name": "Safe care, every time"})
    client.post(strategy_url, {"action": "tag", "tag-name": "GIRFT"})
    duplicate = client.post(strategy_url, {"action": "tag", "tag-name": "girft"})
    assert "There is already one called “girft”." in duplicate.content.decode()
    proposed = org.project_statuses.get(kind="proposed")
    client.post(
        url,
        {
            "action": f"status-{proposed.pk}",
            f"status-{proposed.pk}-name": "Idea",
            f"status-{proposed.pk}-kind": "proposed",
        },
    )
    client.post(url, {"action": "status", "status-name": "On hold", "status-kind": "active"})
    assert list(org.strategic_priorities.values_list("name", flat=True)) == [
        "Safe care, every time"
    ]
    assert list(org.programme_tags.values_list("name", flat=True)) == ["GIRFT"]
    assert org.project_statuses.get(pk=proposed.pk).name == "Idea"
    assert org.project_statuses.get(name="On hold").kind == "active"
    assert client_for(staff_user).get(url).status_code == 403
    assert client_for(staff_user).post(strategy_url, {"action": "tag"}).status_code == 403


def test_a_project_shows_the_tools_of_its_method(
    org: Organisation, coach_user: User, client_for: ClientFor
) -> None:
    mfi = make_project(org, coach_user, title="MfI project")
    services.method_choose(method=org.methods.get(key="lean"), by=coach_user)
    stream = ValueStream.objects.create(organisation=org, name="Outpatients")
    lean = make_project(
        org, coach_user, title="Lean project", value_stream=stream, sponsor=coach_user
    )
    services.driver_add(project=lean, parent=None, text="Booking by phone only")
    make_idea(lean, coach_user, title="Online booking")
    client = client_for(coach_user)
    mfi_page = client.get(mfi.get_absolute_url()).content.decode()
    assert "Open the driver diagram" in mfi_page and "A3 summary" not in mfi_page
    lean_page = client.get(lean.get_absolute_url()).content.decode()
    assert "A3 summary" in lean_page and "Open the driver diagram" not in lean_page
    assert "Booking by phone only" in lean_page and "Online booking" in lean_page
