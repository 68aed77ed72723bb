"""A control plan: each line a measure with how often, by whom and the reaction plan; the line
reads the measure's chart now and says when to react; the plan covers the project's outcome and
process measures for its fidelity check."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from kaizen.accounts.models import User
from kaizen.projects.lean.models import ControlPlanItem
from kaizen.projects.models import MeasureLink, Project
from kaizen.testing import STEP_VALUES, make_measure

pytestmark = pytest.mark.django_db


def test_a_plan_line_reads_its_chart_and_says_when_to_react(
    dmaic_project: Project, coach_user: User, client_for: Callable[[User], Client]
) -> None:
    org = dmaic_project.organisation
    # Lower is better, and the step rises: special cause of concern.
    measure = make_measure(org, STEP_VALUES, by=coach_user, improvement="decrease")
    MeasureLink.objects.create(project=dmaic_project, measure=measure, role="outcome")
    url = f"/o/{org.slug}/lean/project/{dmaic_project.pk}/control-plan/"
    client = client_for(coach_user)
    data = {
        "measure": measure.pk,
        "how_often": "Weekly at the huddle",
        "owner": coach_user.pk,
        "reaction": "Tell the matron; review the last week's breaches.",
    }
    assert client.post(url, {**data, "reaction": ""}).status_code == 200
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    assert "Special cause concern (higher values)" in page
    assert "Follow the reaction plan now" in page
    dmaic_project.refresh_from_db()
    checks = client.get(f"/o/{org.slug}/projects/{dmaic_project.pk}/").content.decode()
    assert "The control plan watches every outcome and process measure" in checks
    [item] = ControlPlanItem.objects.all()
    pdf = client.get(url.replace("control-plan/", "control-plan.pdf"))
    assert pdf.content.startswith(b"%PDF")
    assert client.post(f"{url}{item.pk}/remove/").status_code == 302
    assert not ControlPlanItem.objects.exists()


def test_fidelity_asks_for_every_outcome_and_process_measure(
    dmaic_project: Project, coach_user: User, client_for: Callable[[User], Client]
) -> None:
    from kaizen.projects.fidelity import fidelity_checks

    org = dmaic_project.organisation
    first = make_measure(org, [1, 2, 3], by=coach_user, name="Waits")
    second = make_measure(org, [1, 2, 3], by=coach_user, name="Delays")
    for measure, role in ((first, "outcome"), (second, "process")):
        MeasureLink.objects.create(project=dmaic_project, measure=measure, role=role)

    def plan_met() -> bool:
        return next(c.met for c in fidelity_checks(dmaic_project) if c.key == "control_plan")

    assert not plan_met()
    ControlPlanItem.objects.create(
        organisation=org, target=dmaic_project, measure=first, how_often="Weekly", reaction="Act"
    )
    assert not plan_met()
    ControlPlanItem.objects.create(
        organisation=org, target=dmaic_project, measure=second, how_often="Weekly", reaction="Act"
    )
    assert plan_met()


def test_only_the_team_changes_the_plan(
    dmaic_project: Project,
    coach_user: User,
    staff_user: User,
    client_for: Callable[[User], Client],
) -> None:
    org = dmaic_project.organisation
    measure = make_measure(org, [1, 2, 3], by=coach_user)
    item = ControlPlanItem.objects.create(
        organisation=org, target=dmaic_project, measure=measure, how_often="Daily", reaction="Act"
    )
    url = f"/o/{org.slug}/lean/project/{dmaic_project.pk}/control-plan/"
    staff = client_for(staff_user)
    assert "Take off the plan" not in staff.get(url).content.decode()
    assert staff.post(f"{url}{item.pk}/remove/").status_code == 403
    assert ControlPlanItem.objects.exists()
