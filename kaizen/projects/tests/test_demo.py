"""The demo projects: realistic work with cycles and verdicts, loaded idempotently."""

from __future__ import annotations

from kaizen.accounts.models import Organisation, User
from kaizen.projects.demo import load_demo_projects
from kaizen.projects.models import (
    ChangeIdea,
    DriverNode,
    MeasureLink,
    PDSACycle,
    Project,
)


def test_it_loads_projects_with_cycles_and_verdicts_once(
    org: Organisation, coach_user: User
) -> None:
    first = load_demo_projects(org)
    counts = [m.objects.count() for m in (Project, ChangeIdea, PDSACycle, DriverNode, MeasureLink)]
    again = load_demo_projects(org)
    assert [p.pk for p in again] == [p.pk for p in first]
    assert counts == [
        m.objects.count() for m in (Project, ChangeIdea, PDSACycle, DriverNode, MeasureLink)
    ]
    falls, discharge = first
    assert falls.status.kind == "active" and falls.is_co_produced()
    verdicts = {
        link.measure.name: link.verdict
        for link in MeasureLink.objects.exclude(cycle=None).select_related("measure")
    }
    assert verdicts == {
        "Inpatient falls per 1,000 bed days": "as_predicted",
        "Discharges before midday (%)": "too_few",
    }
    closed = PDSACycle.objects.get(idea__project=falls, number=1)
    assert closed.closed_on and closed.learned
    assert discharge.ideas.filter(stage="abandoned").exclude(stage_reason="").exists()


def test_it_needs_someone_to_lead_the_projects(org: Organisation) -> None:
    assert load_demo_projects(org) == []
