"""How fast are the programme's indicators and umbrella? (targets: recomputing every indicator
for 1,000 projects, 20,000 PDSA cycles and 300 units in at most 5 s; the umbrella page in at
most 300 ms)

A throwaway database (see platform_bench.py) with a trust of 300 units, 1,000 projects under
four priorities (one in ten aligned to none), one change idea each and 20 cycles per idea spread
over two years; each project moved through up to four stages and a fifth of them closed, on the
audit trail as the services record it; 200 measures of the organisation's own, three showing each
priority (the umbrella shows their icons and offers them in its form). Times the first refresh
(every measure created and charted), a second refresh with nothing changed, a refresh after one
cycle changed, a refresh a month later (every series changed, every chart redrawn), and the
umbrella page (best and median of 5 through Django's test client). The month's refresh is the
heaviest recomputation; the first refresh also creates the measures and their points, once
in an organisation's life, and about 3 s of it is the database inserting 300,000 points and
checking their foreign keys at commit.

    .venv/bin/python bench/programme_bench.py [--postgres URL] [--json]
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from platform_bench import command_line, organisation_and_member, summary_measures, timed_get

UNITS, PROJECTS, CYCLES_PER_PROJECT = 300, 1_000, 20
RUNS = 5


def main() -> None:
    command_line(__doc__, measure_programme, print_figures)


def print_figures(figures: dict[str, Any]) -> None:
    for name, value in figures.items():
        print(f"{name:<32} {value}")


def measure_programme() -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from kaizen.measures.models import Measure
    from kaizen.programme.services import indicators_refresh
    from kaizen.projects.models import PDSACycle

    organisation, user = organisation_and_member()
    build_trust(organisation, user)
    show_priorities(organisation)
    figures: dict[str, Any] = {"database": connection.vendor}
    for name in ("first_refresh_s", "unchanged_refresh_s"):
        started = time.perf_counter()
        indicators_refresh(organisation=organisation)
        figures[name] = round(time.perf_counter() - started, 2)
    PDSACycle.objects.filter(pk=PDSACycle.objects.order_by("pk").values("pk")[:1]).update(
        closed_on=dt.date.today()
    )
    started = time.perf_counter()
    indicators_refresh(organisation=organisation)
    figures["one_cycle_changed_refresh_s"] = round(time.perf_counter() - started, 2)
    # A month later every indicator gains a month (and the oldest leaves): every series changes.
    started = time.perf_counter()
    indicators_refresh(organisation=organisation, today=dt.date.today() + dt.timedelta(days=31))
    figures["next_month_refresh_s"] = round(time.perf_counter() - started, 2)
    figures["computed_measures"] = Measure.objects.exclude(computed="").count()
    client = Client()
    client.force_login(user)
    page = timed_get(
        client, reverse("programme:umbrella", kwargs={"org": organisation.slug}), runs=RUNS
    )
    figures["umbrella_best_ms"] = page["best_ms"]
    figures["umbrella_median_ms"] = page["median_ms"]
    figures["umbrella_bytes"] = page["bytes"]
    return figures


def build_trust(organisation: Any, user: Any) -> None:
    """Bulk-loaded, not through the services: the benchmark times reading, not writing."""
    from kaizen.accounts.models import OrgUnit
    from kaizen.projects.models import ChangeIdea, PDSACycle, Project
    from kaizen.projects.services import methods_install_defaults
    from kaizen.strategy.models import StrategicPriority

    rng = random.Random(14)
    methods_install_defaults(organisation=organisation)
    method = organisation.methods.get(is_current=True)
    stage = method.stages.order_by("order").first()
    statuses = list(organisation.project_statuses.all())
    units = OrgUnit.objects.bulk_create(
        OrgUnit(organisation=organisation, name=f"Ward {n}") for n in range(UNITS)
    )
    priorities = [
        StrategicPriority.objects.create(organisation=organisation, name=f"Priority {n}")
        for n in range(4)
    ]
    projects = Project.objects.bulk_create(
        Project(
            organisation=organisation,
            method=method,
            stage=stage,
            status=rng.choice(statuses),
            title=f"Project {n}",
            unit=units[n % UNITS],
            priority=None if n % 10 == 0 else priorities[n % 4],
        )
        for n in range(PROJECTS)
    )
    ideas = ChangeIdea.objects.bulk_create(
        ChangeIdea(project=project, title="An idea") for project in projects
    )
    today = dt.date.today()
    cycles = []
    for idea in ideas:
        for number in range(1, CYCLES_PER_PROJECT + 1):
            started = today - dt.timedelta(days=rng.randint(0, 730))
            cycles.append(
                PDSACycle(
                    idea=idea,
                    number=number,
                    title="A test",
                    objective="Learn",
                    started_on=started,
                    planned_end=started + dt.timedelta(days=7),
                    studied_on=started + dt.timedelta(days=rng.randint(7, 30)),
                    closed_on=started + dt.timedelta(days=30) if rng.random() < 0.7 else None,
                    learned="Something" if rng.random() < 0.6 else "",
                )
            )
    PDSACycle.objects.bulk_create(cycles, batch_size=5000)
    stage_history(organisation, projects, rng)


def stage_history(organisation: Any, projects: list[Any], rng: random.Random) -> None:
    """Stage moves and closures on the audit trail, as project_move_stage and
    project_set_status write them, and each project left at its last stage and status."""
    from kaizen.audit.models import AuditEvent
    from kaizen.projects.models import Project, ProjectStatus

    names = list(projects[0].method.stages.order_by("order").values_list("name", flat=True))
    stages = list(projects[0].method.stages.order_by("order"))
    statuses = {status.kind: status for status in organisation.project_statuses.all()}
    now = dt.datetime.now(dt.UTC)
    events = []
    for project in projects:
        order = rng.randint(1, len(names))
        days = sorted(rng.sample(range(1, 730), order), reverse=True)
        for step in range(1, order):
            events.append(
                _project_event(
                    project,
                    now - dt.timedelta(days=days[step]),
                    {"stage": [names[step - 1], names[step]]},
                )
            )
        project.stage = stages[order - 1]
        if rng.random() < 0.2:
            closed = statuses[ProjectStatus.Kind.CLOSED]
            events.append(
                _project_event(
                    project,
                    now - dt.timedelta(days=days[-1] // 2),
                    {"status": [project.status.name, closed.name]},
                )
            )
            project.status = closed
    AuditEvent.objects.bulk_create(events, batch_size=5000)
    Project.objects.bulk_update(projects, ["stage", "status"], batch_size=1000)


def _project_event(project: Any, at: dt.datetime, changes: dict[str, Any]) -> Any:
    from kaizen.audit.models import AuditEvent

    return AuditEvent(
        organisation_id=project.organisation_id,
        action=AuditEvent.Action.UPDATE,
        target_type="projects.project",
        target_id=str(project.pk),
        target_repr=project.title,
        changes=changes,
        at=at,
    )


def show_priorities(organisation: Any) -> None:
    """The organisation's own measures (as the board summary benchmark makes them), three
    showing each priority."""
    from kaizen.measures.models import Measure
    from kaizen.programme.models import PriorityMeasure

    summary_measures(organisation)
    measures = list(Measure.objects.filter(organisation=organisation, computed="").order_by("pk"))
    for number, priority in enumerate(organisation.strategic_priorities.order_by("pk")):
        for measure in measures[number * 3 : number * 3 + 3]:
            PriorityMeasure.objects.create(priority=priority, measure=measure)


if __name__ == "__main__":
    main()
